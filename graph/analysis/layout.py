"""Layout planning (专利布局): specialisation, white space, partners, center coverage, talent.

A region is compared with its *market*: the same industry and period over every region
in the store (the scope without its region). Counting runs in DuckDB over the analytic tables
(``layout_*.sql``, :mod:`patentnav.graph.tables`); pandas derives ratios; networkx sees only the
bounded inventor table for team detection.

>>> from patentnav.graph.store import open_store
>>> from patentnav.graph.bootstrap import ensure_seeded
>>> store = open_store("memory://"); _ = ensure_seeded(store)
>>> cov = center_coverage(store, Scope())
>>> sorted(set(cov["status"]))
['planned only']
"""

from __future__ import annotations

from datetime import date

import networkx as nx
import pandas as pd

from patentnav.graph.analysis.landscape import IPC_LEVELS
from patentnav.graph.analysis.scope import (
    EmptyScopeError,
    InvalidParameterError,
    Scope,
    require_patents,
    run_sql,
)
from patentnav.graph.store import PatentStore

__all__ = [
    "SPECIALISATION_LEVELS",
    "center_coverage",
    "layout",
    "partner_candidates",
    "rta",
    "specialisation",
    "talent_teams",
    "white_space",
]

SPECIALISATION_LEVELS = (*IPC_LEVELS, "industry")


def rta(region_field: float, region_total: float, field_total: float, total: float) -> float:
    """Revealed technological advantage of a region in a field.

    ``RTA = (P_rf / P_r) / (P_f / P)``: the field's share of the region's patents over the
    field's share of all patents. ``RTA > 1`` means the region is specialised in the field,
    ``RTA < 1`` that it is under-represented (Soete, L. & Wyatt, S. 1983, "The use of foreign
    patenting as an internationally comparable science and technology output indicator",
    Scientometrics 5(1), 31-54; after Balassa's revealed comparative advantage, 1965).

    >>> rta(2, 3, 4, 7)
    1.1666666666666667
    """
    if region_total <= 0 or field_total <= 0 or total <= 0:
        return float("nan")
    return (region_field / region_total) / (field_total / total)


def _need_region(scope: Scope, what: str) -> None:
    if not scope.region:
        raise InvalidParameterError(f"{what} compares a region with its market: give a region (--region)")


def specialisation(
    store: PatentStore, scope: Scope, *, level: str = "main_group", min_patents: int = 1
) -> pd.DataFrame:
    """Regional specialisation: RTA of the scope's region per IPC field or per industry.

    Parameters
    ----------
    level : {"main_group", "subclass", "industry"}, default "main_group"
        What a field is. For ``industry`` the market is every industry-linked patent of the
        period (the scope's industry is ignored); otherwise it is the scope without its region.
    min_patents : int, default 1
        Fields with fewer market patents are left out (an RTA over one patent is noise).

    Returns
    -------
    DataFrame with columns ``field, name, patents, region_patents, field_share, region_share,
    rta, expected, gap``: ``field_share = P_f / P``, ``region_share = P_rf / P_r``, ``rta`` as in
    :func:`rta`, ``expected = P_f * P_r / P`` (what the region would hold at average
    specialisation) and ``gap = expected - region_patents``. Sorted by market patents.

    Raises
    ------
    EmptyScopeError
        The market holds no patent, or the region holds none of them.
    """
    if level not in SPECIALISATION_LEVELS:
        raise InvalidParameterError(f"level must be one of {', '.join(SPECIALISATION_LEVELS)}, not {level!r}")
    _need_region(scope, "specialisation")
    market = scope.without_region()
    if level == "industry":
        market = Scope(start=scope.start, end=scope.end)
    require_patents(store, market)
    home = list(scope.region_set)
    linked_by = "industry" if level == "industry" else "ipc"
    totals = run_sql(store, "layout_rta_totals.sql", market, home=home, linked_by=linked_by).iloc[0]
    total, region_total = int(totals["patents"]), int(totals["regionPatents"])
    if region_total == 0:
        raise EmptyScopeError(
            f"region {scope.region_id} holds none of the market's {total} patents: no specialisation to measure"
        )
    if level == "industry":
        df = run_sql(store, "layout_rta_industries.sql", market, home=home).rename(columns={"industry": "field"})
    else:
        df = run_sql(store, "layout_rta_fields.sql", market, home=home, level=level)
        df = df.rename(columns={"code": "field"})
        df["name"] = None
    df = df.astype({"patents": int, "regionPatents": int}).rename(columns={"regionPatents": "region_patents"})
    df = df[df["patents"] >= min_patents].copy()
    df["field_share"] = df["patents"] / total
    df["region_share"] = df["region_patents"] / region_total
    df["rta"] = df["region_share"] / df["field_share"]
    df["expected"] = df["patents"] * region_total / total
    df["gap"] = df["expected"] - df["region_patents"]
    df.attrs.update(market_patents=total, region_patents=region_total, level=level, region=scope.region)
    cols = ["field", "name", "patents", "region_patents", "field_share", "region_share", "rta", "expected", "gap"]
    return df[cols].reset_index(drop=True)


def _spec(store: PatentStore, scope: Scope, level: str, min_patents: int, spec: pd.DataFrame | None) -> pd.DataFrame:
    """``spec`` filtered to ``min_patents`` (keeping its attrs), else a fresh :func:`specialisation`."""
    if spec is None:
        return specialisation(store, scope, level=level, min_patents=min_patents)
    out = spec[spec["patents"] >= min_patents].reset_index(drop=True)
    out.attrs.update(spec.attrs)
    return out


def white_space(
    store: PatentStore,
    scope: Scope,
    *,
    level: str = "main_group",
    min_patents: int = 5,
    max_rta: float = 0.5,
    spec: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """White space: IPC fields active in the market but thin in the region.

    A field is white space when the market holds at least ``min_patents`` patents in it
    (default 5) and the region's RTA there is below ``max_rta`` (default 0.5, i.e. the
    region holds less than half the patents its overall weight would predict). Sorted by
    the gap between expected and actual region patents.

    ``spec`` may be a :func:`specialisation` table already computed for ``scope`` and
    ``level`` (with ``min_patents`` at most this one), to save counting again.

    Returns
    -------
    The :func:`specialisation` columns, filtered and sorted.
    """
    if level not in IPC_LEVELS:
        raise InvalidParameterError(f"white space is measured on IPC fields: level must be one of {IPC_LEVELS}")
    spec = _spec(store, scope, level, min_patents, spec)
    out = spec[spec["rta"] < max_rta].sort_values(["gap", "patents"], ascending=False).reset_index(drop=True)
    out.attrs.update(spec.attrs, min_patents=min_patents, max_rta=max_rta)
    return out


def partner_candidates(
    store: PatentStore,
    scope: Scope,
    *,
    level: str = "main_group",
    weak_rta: float = 1.0,
    min_patents: int = 3,
    limit: int = 20,
    spec: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Partner candidates: organizations outside the region strong where the region is weak.

    Weak fields are IPC fields with at least ``min_patents`` market patents and region RTA
    below ``weak_rta`` (default 1.0). Candidates are outside organizations ranked by their
    patents in those fields; ``joint_patents`` counts patents they already co-applied with an
    applicant of the region (co-applicant network neighbours come first at equal strength).
    Neighbours with no patent in a weak field are appended after the ranked list.

    Returns
    -------
    DataFrame with columns ``org`` (IRI), ``name``, ``country``, ``weak_field_patents``,
    ``fields`` (space-separated codes), ``joint_patents``. ``spec`` as in :func:`white_space`.
    """
    spec = _spec(store, scope, level, min_patents, spec)
    weak = spec[spec["rta"] < weak_rta]["field"].tolist()
    market = scope.without_region()
    home = list(scope.region_set)
    holders = run_sql(
        store, "layout_field_holders.sql", market, home=home, limit=limit, level=level, fields=[str(f) for f in weak]
    ).rename(columns={"patents": "weak_field_patents", "codes": "fields"})
    neighbours = run_sql(store, "layout_region_partners.sql", market, home=home)
    neighbours = neighbours.rename(columns={"jointPatents": "joint_patents"})
    df = holders.merge(neighbours[["org", "joint_patents"]], on="org", how="left")
    extra = neighbours[~neighbours["org"].isin(df["org"])].assign(weak_field_patents=0, fields="", country=None)
    df = pd.concat([df, extra[df.columns.intersection(extra.columns)]], ignore_index=True)
    df["joint_patents"] = df["joint_patents"].fillna(0).astype(int)
    df["weak_field_patents"] = df["weak_field_patents"].astype(int)
    df = df.sort_values(["weak_field_patents", "joint_patents"], ascending=False, kind="stable").head(limit)
    df.attrs.update(weak_fields=weak, weak_rta=weak_rta)
    return df[["org", "name", "country", "weak_field_patents", "fields", "joint_patents"]].reset_index(drop=True)


def center_coverage(store: PatentStore, scope: Scope) -> pd.DataFrame:
    """Support-center coverage of industries x regions.

    Industries are every ``pnav:Industry`` (or the scope's one); regions are the regions
    support centers serve plus the prefecture-level regions where the scope's patents have
    applicants (or the scope's region set). A pair is ``covered`` when a center whose
    status is not ``planned`` serves both; ``planned only`` when only planned centers do;
    ``no center`` otherwise. ``patents`` counts the pair's patents, to rank the gaps.

    Returns
    -------
    DataFrame with columns ``industry, industry_name, region, region_name, centers,
    planned_centers, status, patents``, gaps (no center) first, then by patents.
    """
    centers = run_sql(store, "layout_centers.sql", Scope())
    counts = run_sql(store, "layout_industry_regions.sql", scope.without_region())
    industries = (
        [scope.industry]
        if scope.industry
        else sorted(
            set(centers["industry"].dropna())
            | set(counts["industry"])
            | set(run_sql(store, "layout_industries.sql", Scope())["industry"])
        )
    )
    regions = set(centers["region"].dropna()) | set(counts["region"])
    if scope.region:
        regions = {r for r in regions if r in scope.region_set} | {scope.region}
    regions = sorted(regions)
    names = _labels(store, [*industries, *regions])
    rows = []
    for ind in industries:
        for reg in regions:
            serving = centers[(centers["industry"] == ind) & (centers["region"] == reg)]
            planned = int((serving["status"] == "planned").sum())
            real = len(serving) - planned
            n = counts[(counts["industry"] == ind) & (counts["region"] == reg)]["patents"]
            rows.append(
                {
                    "industry": ind,
                    "industry_name": names.get(ind),
                    "region": reg,
                    "region_name": names.get(reg),
                    "centers": real,
                    "planned_centers": planned,
                    "status": "covered" if real else ("planned only" if planned else "no center"),
                    "patents": int(n.iloc[0]) if len(n) else 0,
                }
            )
    order = {"no center": 0, "planned only": 1, "covered": 2}
    df = pd.DataFrame(rows)
    if df.empty:
        raise EmptyScopeError("no industries or regions to assess center coverage on")
    df["_o"] = df["status"].map(order)
    return df.sort_values(["_o", "patents"], ascending=[True, False]).drop(columns="_o").reset_index(drop=True)


def _labels(store: PatentStore, iris: list[str]) -> dict[str, str | None]:
    """The Chinese label of each IRI, else its English one (None when it has neither)."""
    if not iris:
        return {}
    df = run_sql(store, "layout_labels.sql", Scope(), entities=list(iris))
    return {e: n if isinstance(n, str) else None for e, n in zip(df["entity"], df["name"], strict=True)}


def talent_teams(
    store: PatentStore, scope: Scope, *, min_patents: int = 2, limit: int = 20, max_rows: int = 200_000
) -> pd.DataFrame:
    """Inventor teams: groups of inventors who file together.

    The inventor x patent pairs of the scope (at most ``max_rows``, default 200,000: the
    most recently filed, whole filing days at a time; the result says when the cap was hit)
    form a co-inventor graph (inventors linked when they share a patent). Teams are its
    connected components; components larger than 50 inventors are split into Louvain
    communities (networkx, seed 0). A team's ``patents`` counts distinct patents naming any
    member; teams with fewer than ``min_patents`` are dropped.

    Returns
    -------
    DataFrame with columns ``team, size, patents, lead`` (IRI of the member on most
    patents), ``lead_name, lead_patents, members`` (names, up to 10), ``organizations``
    (first applicants' names, up to 5, most patents first, ties by name).
    """
    require_patents(store, scope)
    since = _pairs_since(store, scope, max_rows)
    pairs = run_sql(store, "layout_inventor_patents.sql", scope, since=since)  # sorted by patent, inventor
    truncated = since is not None or len(pairs) > max_rows
    pairs = pairs.head(max_rows)
    graph = _co_inventor_graph(pairs)
    teams: list[set[str]] = []
    for component in nx.connected_components(graph):
        if len(component) > 50:
            teams.extend(nx.community.louvain_communities(_ordered_subgraph(graph, component), weight="weight", seed=0))
        else:
            teams.append(set(component))
    # One pass over the pairs per statistic (grouped by team), not one filter per team.
    team_of = {m: i for i, members in enumerate(teams) for m in members}
    pairs = pairs.assign(team=pairs["inventor"].map(team_of))
    per_inventor = pairs.groupby("inventor")["patent"].nunique().to_dict()
    team_patents = pairs.groupby("team")["patent"].nunique()
    kept = list(team_patents[team_patents >= min_patents].index)
    kept.sort(key=lambda i: (-team_patents[i], -len(teams[i])))
    kept = kept[:limit]
    ranked = {i: sorted(teams[i], key=lambda m: (-per_inventor.get(m, 0), m)) for i in kept}
    names = _names(store, [m for i in kept for m in ranked[i][:10]], "label")
    org_counts = (
        pairs[pairs["team"].isin(kept)]
        .drop_duplicates(["team", "patent"])
        .dropna(subset=["org"])
        .groupby(["team", "org"])
        .size()
        .reset_index(name="n")
    )
    org_counts["orgName"] = org_counts["org"].map(_names(store, list(org_counts["org"].unique()), "normalized_name"))
    org_counts = org_counts.dropna(subset=["orgName"]).sort_values(
        ["team", "n", "orgName"], ascending=[True, False, True]
    )
    team_orgs: dict[int, list[str]] = {}
    top_orgs = org_counts.groupby("team").head(5)
    for team, org in zip(top_orgs["team"], top_orgs["orgName"], strict=True):
        team_orgs.setdefault(int(team), []).append(org)
    rows = [
        {
            "size": len(teams[i]),
            "patents": int(team_patents[i]),
            "lead": ranked[i][0],
            "lead_name": names.get(ranked[i][0]),
            "lead_patents": per_inventor.get(ranked[i][0], 0),
            "members": ", ".join(str(names.get(m) or m) for m in ranked[i][:10]),
            "organizations": ", ".join(team_orgs.get(i, [])),
        }
        for i in kept
    ]
    df = pd.DataFrame(
        rows, columns=["size", "patents", "lead", "lead_name", "lead_patents", "members", "organizations"]
    )
    df.insert(0, "team", range(1, len(df) + 1))
    df.attrs.update(truncated=truncated, max_rows=max_rows, since=since.isoformat() if since else None)
    return df


def _pairs_since(store: PatentStore, scope: Scope, max_rows: int) -> date | None:
    """The earliest filing date whose pairs, with every later day's, stay within ``max_rows``.

    None when every dated pair fits. Counting per day is cheap; the pairs themselves are then
    read from that day on (whole days, so the cut does not depend on an order within a day).
    """
    days = run_sql(store, "layout_inventor_dates.sql", scope)
    if days.empty or int(days["pairs"].astype(int).sum()) <= max_rows:
        return None
    days = days.sort_values("filed", ascending=False)
    fits = days[days["pairs"].astype(int).cumsum() <= max_rows]
    earliest = fits["filed"].iloc[-1] if len(fits) else days["filed"].iloc[0]
    return pd.Timestamp(earliest).date()


def _names(store: PatentStore, iris: list[str], prop: str) -> dict[str, str]:
    """One name per IRI from one property: ``"label"`` (``rdfs:label``) or ``"normalized_name"``."""
    if not iris:
        return {}
    df = run_sql(store, "layout_names.sql", Scope(), entities=list(iris), property=prop)
    return dict(zip(df["entity"], df["name"], strict=True))


def _ordered_subgraph(graph: nx.Graph, nodes: set[str]) -> nx.Graph:
    """``graph`` restricted to ``nodes``, nodes and edges in IRI order.

    Louvain's result depends on the order it meets nodes in; ``graph.subgraph(nodes)`` iterates
    the set ``nodes``, whose order changes with Python's string hashing from one process to the
    next, so the same data gave different teams in different runs.
    """
    ordered = sorted(nodes)
    sub = nx.Graph()
    sub.add_nodes_from(ordered)
    sub.add_edges_from((a, b, d) for a in ordered for b, d in sorted(graph[a].items()) if a < b)
    return sub


def _co_inventor_graph(pairs: pd.DataFrame) -> nx.Graph:
    """Inventors linked when they share a patent; ``weight`` counts shared patents."""
    graph = nx.Graph()
    graph.add_nodes_from(pairs["inventor"].unique())
    by_patent: dict[str, list[str]] = {}
    for patent, inventor in zip(pairs["patent"], pairs["inventor"], strict=True):
        members = by_patent.setdefault(patent, [])
        if inventor not in members:
            members.append(inventor)
    weights: dict[tuple[str, str], int] = {}
    for members in by_patent.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                key = (a, b) if a < b else (b, a)
                weights[key] = weights.get(key, 0) + 1
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in weights.items())
    return graph


def layout(store: PatentStore, scope: Scope, *, level: str = "main_group", top: int = 20) -> dict[str, pd.DataFrame]:
    """All layout-planning tables for a scope, by name (the CLI's and API's ``layout``).

    Without a region only the tables that need none are given (coverage, talent).
    """
    tables: dict[str, pd.DataFrame] = {}
    if scope.region:
        spec = specialisation(store, scope, level=level)  # counted once, filtered by the two below
        tables["specialisation"] = spec.head(top)
        tables["industry_specialisation"] = specialisation(store, scope, level="industry")
        tables["white_space"] = white_space(store, scope, level=level, spec=spec).head(top)
        tables["partners"] = partner_candidates(store, scope, level=level, limit=top, spec=spec)
    tables["center_coverage"] = center_coverage(store, scope)
    tables["talent"] = talent_teams(store, scope, limit=top)
    return tables
