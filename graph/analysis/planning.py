"""Layout planning (专利布局): specialisation, white space, partners, center coverage, talent.

A region is compared with its *market*: the same industry and period over every region
in the store (the scope without its region). Counting runs in DuckDB over the analytic tables
(``planning_*.sql``, :mod:`patentnav.graph.tables`); pandas derives ratios; team detection works on
arrays of the bounded inventor table (components by numpy, Louvain by :mod:`patentnav.graph.communities`).

The module stays whole: one topic, the layout-planning tables :func:`layout` gathers for one scope against the
same market; the array helpers at its end serve :func:`talent_teams`'s team detection only.

>>> from patentnav.graph.store import open_store
>>> from patentnav.graph.bootstrap import ensure_seeded
>>> store = open_store("memory://"); _ = ensure_seeded(store)
>>> cov = center_coverage(store, Scope())
>>> sorted(set(cov["status"]))
['planned only']
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import numpy as np
import pandas as pd

from patentnav.graph.analysis.landscape import IPC_LEVELS
from patentnav.graph.analysis.scope import (
    EmptyScopeError,
    InvalidParameterError,
    Scope,
    require_patents,
    run_sql,
)
from patentnav.graph.communities import louvain_labels
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
    totals = run_sql(store, "planning_rta_totals.sql", market, home=home, linked_by=linked_by).iloc[0]
    total, region_total = int(totals["patents"]), int(totals["regionPatents"])
    if region_total == 0:
        raise EmptyScopeError(
            f"region {scope.region_id} holds none of the market's {total} patents: no specialisation to measure"
        )
    if level == "industry":
        df = run_sql(store, "planning_rta_industries.sql", market, home=home).rename(columns={"industry": "field"})
    else:
        df = run_sql(store, "planning_rta_fields.sql", market, home=home, level=level)
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
        store, "planning_field_holders.sql", market, home=home, limit=limit, level=level, fields=[str(f) for f in weak]
    ).rename(columns={"patents": "weak_field_patents", "codes": "fields"})
    neighbours = run_sql(store, "planning_region_partners.sql", market, home=home)
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
    centers = run_sql(store, "planning_centers.sql", Scope())
    counts = run_sql(store, "planning_industry_regions.sql", scope.without_region())
    industries = (
        [scope.industry]
        if scope.industry
        else sorted(
            set(centers["industry"].dropna())
            | set(counts["industry"])
            | set(run_sql(store, "planning_industries.sql", Scope())["industry"])
        )
    )
    served = set(centers["region"].dropna()) | set(counts["region"])
    if scope.region:
        served = {r for r in served if r in scope.region_set} | {scope.region}
    regions = sorted(served)
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
    df = run_sql(store, "planning_labels.sql", Scope(), entities=list(iris))
    return {e: n if isinstance(n, str) else None for e, n in zip(df["entity"], df["name"], strict=True)}


def talent_teams(
    store: PatentStore, scope: Scope, *, min_patents: int = 2, limit: int = 20, max_rows: int = 200_000
) -> pd.DataFrame:
    """Inventor teams: groups of inventors who file together.

    The inventor x patent pairs of the scope (at most ``max_rows``, default 200,000: the
    most recently filed, whole filing days at a time; the result says when the cap was hit)
    form a co-inventor graph (inventors linked when they share a patent). Teams are its
    connected components; components larger than 50 inventors are split into Louvain
    communities (:func:`~patentnav.graph.communities.louvain_labels` on the component, its nodes
    in IRI order; largest first). A team's ``patents``
    counts distinct patents naming any member; teams with fewer than ``min_patents`` are dropped.

    Returns
    -------
    DataFrame with columns ``team, size, patents, lead`` (IRI of the member on most
    patents), ``lead_name, lead_patents, members`` (names, up to 10), ``organizations``
    (first applicants' names, up to 5, most patents first, ties by name).
    """
    from patentnav.graph.tables.engine import analytic_tables

    require_patents(store, scope)
    pairs, since, truncated = _team_pairs(store, scope, max_rows)
    inventor = pairs["inventor"].to_numpy(dtype=np.int64)
    patent = pairs["patent"].to_numpy(dtype=np.int64)
    nodes, member_of, team_of_node = _teams(inventor, patent)
    per_node, team_patents, sizes = _team_counts(inventor, patent, member_of, team_of_node, len(nodes))
    order = np.lexsort((np.arange(len(sizes)), -sizes, -team_patents))  # patents, size, then team order
    kept = [int(i) for i in order[team_patents[order] >= min_patents][:limit]]
    team_nodes = {i: np.flatnonzero(team_of_node == i) for i in kept}
    ranked_nodes = {i: sorted(team_nodes[i], key=lambda m: (-int(per_node[m]), int(nodes[m]))) for i in kept}
    # The rows of the kept teams (every first applicant), in the pairs' order, for the organisations.
    team_of_row = team_of_node[member_of]
    rows = np.isin(team_of_row, np.array(kept, dtype=np.int64))
    org = pairs["org"].to_numpy(dtype=np.int64)[rows]
    shown = {int(nodes[m]) for i in kept for m in ranked_nodes[i][:10]} | set(np.unique(org[org >= 0]).tolist())
    # Every number the tables return names an IRI (iris() would say None for one that does not).
    iri = {n: s for n, s in analytic_tables(store).iris(sorted(shown)).items() if s is not None} if shown else {}
    ranked = {i: [int(nodes[m]) for m in ranked_nodes[i]] for i in kept}
    per_inventor = {int(nodes[m]): int(per_node[m]) for i in kept for m in ranked_nodes[i][:1]}
    names = _names(store, [iri[m] for i in kept for m in ranked[i][:10]], "label")
    team_orgs = _team_organizations(store, team_of_row[rows], patent[rows], org, iri)
    records = [
        {
            "size": int(sizes[i]),
            "patents": int(team_patents[i]),
            "lead": iri[ranked[i][0]],
            "lead_name": names.get(iri[ranked[i][0]]),
            "lead_patents": per_inventor[ranked[i][0]],
            "members": ", ".join(str(names.get(iri[m]) or iri[m]) for m in ranked[i][:10]),
            "organizations": ", ".join(team_orgs.get(i, [])),
        }
        for i in kept
    ]
    df = pd.DataFrame(
        records, columns=["size", "patents", "lead", "lead_name", "lead_patents", "members", "organizations"]
    )
    df.insert(0, "team", range(1, len(df) + 1))
    df.attrs.update(truncated=truncated, max_rows=max_rows, since=since.isoformat() if since else None)
    return df


def _team_pairs(store: PatentStore, scope: Scope, max_rows: int) -> tuple[pd.DataFrame, date | None, bool]:
    """The scope's inventor x patent pairs as numbers (at most ``max_rows``), their first day, whether capped."""
    since = _pairs_since(store, scope, max_rows)
    # Numbers, not IRIs (they sort as the IRIs do): only the few shown at the end are turned into IRIs.
    pairs = run_sql(store, "planning_inventor_patents.sql", scope, since=since, max_rows=max_rows)
    truncated = since is not None or len(pairs) > max_rows
    return pairs.head(max_rows), since, truncated


def _team_counts(
    inventor: np.ndarray, patent: np.ndarray, member_of: np.ndarray, team_of_node: np.ndarray, n_nodes: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Patents per inventor node, distinct patents per team and inventors per team."""
    teams = int(team_of_node.max(initial=-1)) + 1
    # One pass over the distinct inventor x patent pairs per statistic (grouped by team), not one filter per team.
    distinct = _distinct_pairs(inventor, patent)
    node_of_pair = member_of[distinct]
    per_node = np.bincount(node_of_pair, minlength=n_nodes)
    team_of_pair = team_of_node[node_of_pair]
    _, patent_index = np.unique(patent[distinct], return_inverse=True)
    span = int(patent_index.max(initial=0)) + 1
    team_patents = np.bincount(np.unique(team_of_pair * span + patent_index) // span, minlength=teams)
    sizes = np.bincount(team_of_node, minlength=teams)
    return per_node, team_patents, sizes


def _team_organizations(
    store: PatentStore, team: np.ndarray, patent: np.ndarray, org: np.ndarray, iri: dict[int, str]
) -> dict[int, list[str]]:
    """Each kept team's first applicants' names, up to 5, most patents first, ties by name."""
    kept_rows = pd.DataFrame(
        {
            "team": team,
            "patent": patent,
            "org": pd.array([iri[int(o)] if o >= 0 else None for o in org], dtype=object),
        }
    )
    org_counts = (
        kept_rows.drop_duplicates(["team", "patent"])
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
    for team_id, name in zip(top_orgs["team"], top_orgs["orgName"], strict=True):
        team_orgs.setdefault(int(team_id), []).append(name)
    return team_orgs


def _pairs_since(store: PatentStore, scope: Scope, max_rows: int) -> date | None:
    """The earliest filing date whose pairs, with every later day's, stay within ``max_rows``.

    None when every dated pair fits. Counting per day is cheap; the pairs themselves are then
    read from that day on (whole days, so the cut does not depend on an order within a day).
    """
    days = run_sql(store, "planning_inventor_dates.sql", scope)
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
    df = run_sql(store, "planning_names.sql", Scope(), entities=list(iris), property=prop)
    return dict(zip(df["entity"], df["name"], strict=True))


def _distinct_pairs(inventor: np.ndarray, patent: np.ndarray) -> np.ndarray:
    """Positions of the first row of each patent x inventor (the rows are sorted by patent, then inventor)."""
    first = np.ones(len(patent), dtype=bool)
    first[1:] = (patent[1:] != patent[:-1]) | (inventor[1:] != inventor[:-1])
    return np.flatnonzero(first)


def _teams(inventor: np.ndarray, patent: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The teams of the co-inventor graph of the pairs (rows sorted by patent, then inventor).

    Returns the inventors' numbers (``nodes``, sorted: IRI order), each row's index into them, and each
    node's team, teams numbered as the components are met: connected components in the order of
    their first inventor in the rows, a component of more than 50 inventors replaced by its Louvain
    communities (:func:`_louvain`, largest first).
    """
    nodes, member_of = np.unique(inventor, return_inverse=True)
    member_of = member_of.astype(np.int64)
    n = len(nodes)
    if n == 0:
        return nodes, member_of, np.array([], dtype=np.int64)
    distinct = _distinct_pairs(inventor, patent)
    a, b, w = _co_inventor_edges(member_of[distinct], patent[distinct], n)
    label = _components(n, a, b)
    roots, component_of = np.unique(label, return_inverse=True)
    first_seen = np.full(n, len(inventor), dtype=np.int64)
    np.minimum.at(first_seen, member_of, np.arange(len(inventor)))
    component_first = np.full(len(roots), len(inventor), dtype=np.int64)
    np.minimum.at(component_first, component_of, first_seen)
    rank = np.empty(len(roots), dtype=np.int64)
    rank[np.argsort(component_first, kind="stable")] = np.arange(len(roots))
    sizes = np.bincount(component_of)
    # Each component is one team, except a large one, which is as many teams as it has communities.
    split: dict[int, list[np.ndarray]] = {}
    edge_label = label[a]
    for c in sorted(np.flatnonzero(sizes > 50).tolist(), key=lambda c: rank[c]):
        inside = edge_label == roots[c]
        split[c] = _louvain(np.flatnonzero(component_of == c), a[inside], b[inside], w[inside])
    count = np.ones(len(roots), dtype=np.int64)
    for c, communities in split.items():
        count[c] = len(communities)
    by_rank = np.argsort(rank)
    start = np.empty(len(roots), dtype=np.int64)
    start[by_rank] = np.cumsum(count[by_rank]) - count[by_rank]
    team_of_node = start[component_of]
    for c, communities in split.items():
        for k, members in enumerate(communities):
            team_of_node[members] = start[c] + k
    return nodes, member_of, team_of_node


def _co_inventor_edges(node: np.ndarray, patent: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Inventors linked when they share a patent: edges ``a < b`` sorted, ``w`` counting the shared patents.

    ``node``/``patent`` are the distinct pairs sorted by patent, then inventor (so ``node`` grows within a patent).
    """
    a_parts, b_parts = [], []
    d = 1
    while d < len(node):
        same = patent[:-d] == patent[d:]
        if not same.any():
            break
        a_parts.append(node[:-d][same])
        b_parts.append(node[d:][same])
        d += 1
    if not a_parts:
        empty = np.array([], dtype=np.int64)
        return empty, empty, empty
    keys, weights = np.unique(np.concatenate(a_parts) * n + np.concatenate(b_parts), return_counts=True)
    return keys // n, keys % n, weights


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """A component label per node (the smallest node index of its component), by hooking and pointer jumping."""
    parent = np.arange(n)
    while len(a):
        pa, pb = parent[a], parent[b]
        lo, hi = np.minimum(pa, pb), np.maximum(pa, pb)
        apart = lo != hi
        if not apart.any():
            break
        np.minimum.at(parent, hi[apart], lo[apart])
        while True:
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped
    return parent


def _louvain(nodes: np.ndarray, a: np.ndarray, b: np.ndarray, w: np.ndarray) -> list[np.ndarray]:
    """Louvain communities of one component (:func:`~patentnav.graph.communities.louvain_labels` on the
    component's ``nodes`` numbered in order, edges ``a - b`` of weight ``w``), largest first, each an
    array of entries of ``nodes``.
    """
    labels = louvain_labels(len(nodes), np.searchsorted(nodes, a), np.searchsorted(nodes, b), w)
    order = np.argsort(labels, kind="stable")
    return np.split(nodes[order], np.cumsum(np.bincount(labels))[:-1])


def layout(store: PatentStore, scope: Scope, *, level: str = "main_group", top: int = 20) -> dict[str, pd.DataFrame]:
    """All layout-planning tables for a scope, by name (the CLI's and API's ``layout``).

    Without a region only the tables that need none are given (coverage, talent). The four independent
    parts (the fields' specialisation with the white space and partners drawn from it, the industries'
    specialisation, center coverage, talent teams) run side by side: DuckDB and numpy release the GIL,
    so one part's counting overlaps another's Python.
    """

    def fields() -> dict[str, pd.DataFrame]:
        spec = specialisation(store, scope, level=level)  # counted once, filtered by the two below
        return {
            "specialisation": spec.head(top),
            "white_space": white_space(store, scope, level=level, spec=spec).head(top),
            "partners": partner_candidates(store, scope, level=level, limit=top, spec=spec),
        }

    parts: dict[str, Callable[[], dict[str, pd.DataFrame]]] = {
        "center_coverage": lambda: {"center_coverage": center_coverage(store, scope)},
        "talent": lambda: {"talent": talent_teams(store, scope, limit=top)},
    }
    if scope.region:
        parts = {
            "fields": fields,
            "industries": lambda: {"industry_specialisation": specialisation(store, scope, level="industry")},
            **parts,
        }
    with ThreadPoolExecutor(max_workers=len(parts), thread_name_prefix="layout") as pool:
        done = {name: pool.submit(part) for name, part in parts.items()}
        found = {name: table for future in done.values() for name, table in future.result().items()}
    order = ["specialisation", "industry_specialisation", "white_space", "partners", "center_coverage", "talent"]
    return {name: found[name] for name in order if name in found}
