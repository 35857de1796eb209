"""Target tracking: invention patents held per 10,000 population against the plan's target.

The pilot's 2020 target (``id:target/czt-invention-patents-per-10k``): Chang-Zhu-Tan above
24 invention patents per 10,000 population, three times the provincial average. Two kinds
of figure are set against it, always labelled with their basis:

* ``official`` -- observations from official statistics loaded as ``pnav:Observation``
  (``data/reference/hunan_invention_patent_statistics.ttl``, each citing its source). A
  city group's value is computed from its members' numerators and denominators.
* ``computed`` -- valid invention patents held according to the ingested patents, over the
  resident population of the 2020 census (``data/reference/hunan_census_2020.csv``), with
  ``coverage`` = computed numerator / official numerator: how complete the ingested data is.

The targets and observations are read from the small policy graphs by SPARQL
(``targets_list.rq``, ``targets_observations.rq``); the ingested patents are counted in
DuckDB over the analytic tables (``targets_held.sql``, ``targets_patent_dates.sql``).

With ``plan`` (the id of a loaded plan, ``patentnav policy list``), :func:`target_progress`
keeps that plan's targets only, and :func:`plan_targets` lists *every* target of the plan,
whatever its indicator (``targets_plan.rq``): the latest official observation of its indicator
for its region on or before the year-end assessed, compared with the target's comparator and
value, or ``no observations loaded`` -- a figure is never made up.

The module stays whole: :func:`target_progress` and :func:`plan_targets` assess the same targets against the
same observations and share the plan lookup, the census and the observation helpers.

>>> from patentnav.graph.store import open_store
>>> from patentnav.graph.bootstrap import ensure_seeded
>>> store = open_store("memory://"); _ = ensure_seeded(store)
>>> df = target_progress(store)
>>> row = df[(df.region_id == "changzhutan") & (df.basis == "official")].iloc[0]
>>> float(round(row.value, 2)), bool(row.meets_target)
(28.6, True)
>>> float(round(row.multiple_of_baseline, 2)), bool(row.meets_multiple)
(3.57, True)
>>> pilot = plan_targets(store, "hunan-ip-strong-province-pilot").set_index("target_id")
>>> float(round(pilot.loc["czt-invention-patents-per-10k", "value"], 2)), pilot.loc["ip-strong-enterprises", "note"]
(28.6, 'no observations loaded')
"""

from __future__ import annotations

from datetime import date
from functools import cache

import pandas as pd
import pyoxigraph as ox

from patentnav.data import data_path
from patentnav.graph.analysis.scope import (
    EmptyScopeError,
    InvalidParameterError,
    Scope,
    UnknownEntityError,
    region_members,
    rq_table,
    run_sql,
)
from patentnav.graph.store import PatentStore
from patentnav.ontology import entity_iri

__all__ = ["PER_10K_INDICATOR", "census_population", "plan_targets", "resolve_plan", "target_progress"]

PER_10K_INDICATOR = entity_iri("indicator", "invention-patents-per-10k-population")
INVENTION_TERM_YEARS = 20
COLUMNS = [
    "target", "region", "region_id", "region_name", "basis", "date", "numerator", "denominator_10k", "value",
    "comparator", "target_value", "baseline_value", "multiple_of_baseline", "required_multiple", "meets_target",
    "meets_multiple", "coverage", "source", "note",
]  # fmt: skip
PLAN_COLUMNS = [
    "plan", "target", "target_id", "target_label", "target_label_en", "indicator", "indicator_id", "indicator_label",
    "indicator_label_en", "region", "region_id", "region_name", "comparator", "target_value", "unit", "deadline",
    "assessed_at", "basis", "date", "value", "meets_target", "observations", "source", "note",
]  # fmt: skip
_OPS = {">": float.__gt__, ">=": float.__ge__, "=": float.__eq__, "<": float.__lt__, "<=": float.__le__}


def resolve_plan(store: PatentStore, plan: str) -> dict:
    """The listing of a loaded plan named by its id (or IRI), as ``patentnav policy list`` shows it.

    Raises :class:`~patentnav.graph.analysis.scope.UnknownEntityError` naming the loaded plans.
    """
    from patentnav.graph.policy.loader import list_plans

    wanted = str(plan).strip()
    plans = list_plans(store)
    for p in plans:
        if wanted in (p["id"], p["plan"]):
            return p
    known = ", ".join(p["id"] for p in plans) or "none"
    raise UnknownEntityError(f"unknown plan {plan!r}: loaded plan ids are {known} (patentnav policy list)")


def _check_year(year: int | None) -> None:
    if year is not None and not 1985 <= int(year) <= date.today().year:
        raise InvalidParameterError(f"year {year} is outside 1985 (the first Chinese patents) to this year")


@cache
def census_population() -> pd.DataFrame:
    """Resident population of the 2020 census by region code (``data/reference/hunan_census_2020.csv``)."""
    df = pd.read_csv(data_path("reference/hunan_census_2020.csv"), dtype={"region_code": str})
    df["region"] = [entity_iri("region", c) for c in df["region_code"]]
    return df


def _date(value: object) -> date:
    return date.fromisoformat(str(value)[:10])


def _official(obs: pd.DataFrame, region: str, until: date) -> pd.Series | None:
    rows = obs[(obs["region"] == region) & (obs["date"].map(_date) <= until)]
    return rows.sort_values("date").iloc[-1] if len(rows) else None


def _held(store: PatentStore, regions: list[str], as_of: date, scope: Scope) -> dict[str, int]:
    """Valid invention patents held in each region (itself and the regions below it) at ``as_of``."""
    start = as_of.replace(year=as_of.year - INVENTION_TERM_YEARS)
    pairs = [(r, m) for r in regions for m in region_members(store, r)]
    df = run_sql(
        store,
        "targets_held.sql",
        scope,
        as_of=as_of,
        term_start=start,
        pair_regions=[r for r, _ in pairs],
        pair_locs=[m for _, m in pairs],
    )
    held = {r: 0 for r in regions}
    held.update({row["region"]: int(row["held"]) for row in df.to_dict("records") if row["region"] in held})
    return held


def target_progress(
    store: PatentStore,
    *,
    year: int | None = None,
    region: str | None = None,
    scope: Scope | None = None,
    plan: str | None = None,
) -> pd.DataFrame:
    """Invention patents per 10,000 population by region, official and computed, against the targets.

    Parameters
    ----------
    year : int, optional
        The year-end to assess at; default each target's deadline year (2020 for the pilot).
        Official figures are the latest observation on or before that year-end.
    region : str, optional
        IRI of a target region to keep (default every target region).
    scope : Scope, optional
        Restricts the patents counted for ``computed`` figures (industry; the period is not
        used: holdings at a date count every patent still in force).
    plan : str, optional
        Id of a loaded plan: keep its targets only (an empty table when it has none measured by
        this indicator; see :func:`plan_targets` for all of them). Default every plan's.

    Returns
    -------
    DataFrame with one row per region x basis, columns ``target, region, region_id,
    region_name, basis`` (``official`` | ``computed``), ``date, numerator, denominator_10k,
    value`` (件/万人), ``comparator, target_value, baseline_value, multiple_of_baseline,
    required_multiple, meets_target, meets_multiple`` (filled on the target region's rows),
    ``coverage`` (computed numerator / official numerator of the same region), ``source,
    note``. ``df.attrs["completeness"]`` describes the ingested patent data.

    Notes
    -----
    ``computed`` holdings use the patents' *current* legal status: a patent in force at the
    year-end that lapsed since is missed, so past years are undercounted. Holder = first
    applicant's region (the convention of the official statistics). The 2020 census is the
    only population figure bundled; other years reuse it and say so.
    """
    _check_year(year)
    scope = (scope or Scope()).without_region()
    targets, chosen = _progress_targets(store, plan, region)
    obs = rq_table(store, "targets_observations.rq", indicator=ox.NamedNode(PER_10K_INDICATOR))
    census = census_population().set_index("region")
    names = dict(zip(census.index, census["region_name_zh"], strict=True))
    facts = run_sql(store, "targets_patent_dates.sql", scope).iloc[0]
    rows: list[dict] = []
    for t in targets.to_dict("records"):
        deadline = int(str(t["deadline"])[:4]) if t["deadline"] else date.today().year
        at_year = int(year) if year is not None else deadline
        until = date(at_year, 12, 31)
        figures = _target_figures(store, t, obs, census, scope, until, at_year)
        rows.extend(_progress_rows(store, t, figures, obs, names))
    df = pd.DataFrame(rows, columns=COLUMNS)
    df.attrs["completeness"] = _completeness(facts)
    if chosen is not None:
        df.attrs["plan"] = chosen["id"]
    return df


def _progress_targets(store: PatentStore, plan: str | None, region: str | None) -> tuple[pd.DataFrame, dict | None]:
    """The targets measured per 10,000 population that ``plan`` and ``region`` keep, and the plan's listing."""
    targets = rq_table(store, "targets_list.rq", indicator=ox.NamedNode(PER_10K_INDICATOR))
    chosen = resolve_plan(store, plan) if plan is not None else None
    if chosen is not None:
        mine = set(_plan_rows(store, chosen["plan"])["target"])
        targets = targets[targets["target"].isin(mine)]
    if region:
        targets = targets[targets["region"] == region]
    if targets.empty and chosen is None:
        raise EmptyScopeError(
            "no target measured by invention patents per 10,000 population" + (f" for {region}" if region else "")
        )
    return targets, chosen


def _target_figures(
    store: PatentStore, t: dict, obs: pd.DataFrame, census: pd.DataFrame, scope: Scope, until: date, at_year: int
) -> dict[tuple[str, str], dict]:
    """The official and computed figures, by (region, basis), of a target's region, its cities and its baseline."""
    members = [m for m in region_members(store, t["region"]) if m != t["region"]]
    cities = [m for m in members if m in census.index] or [t["region"]]
    baseline = t["baselineRegion"]
    regions = [*cities, t["region"]] + ([baseline] if baseline else [])
    region_rows: dict[tuple[str, str], dict] = {}
    held_in = _held(store, [r for r in dict.fromkeys(regions) if r in census.index or r == t["region"]], until, scope)
    for reg in dict.fromkeys(regions):
        group = reg == t["region"] and reg not in census.index and reg not in set(obs["region"])
        official = _group_official(obs, cities, until) if group else _region_official(obs, reg, until)
        if official is not None:
            region_rows[(reg, "official")] = official
        pop_regions = cities if group else [reg]
        if all(r in census.index for r in pop_regions):
            region_rows[(reg, "computed")] = _computed(census, pop_regions, held_in[reg], until, at_year)
    return region_rows


def _group_official(obs: pd.DataFrame, cities: list[str], until: date) -> dict | None:
    """A city group's official figure from its members' numerators and denominators (None unless all have both)."""
    found = [_official(obs, c, until) for c in cities]
    parts = [p for p in found if p is not None]
    if len(parts) != len(found) or not all(pd.notna(p["numerator"]) and pd.notna(p["denominator"]) for p in parts):
        return None
    num: float = sum(float(p["numerator"]) for p in parts)
    den: float = sum(float(p["denominator"]) for p in parts)
    dates = sorted({str(p["date"]) for p in parts})
    return {
        "date": dates[-1], "numerator": num, "denominator_10k": den, "value": num / den,
        "source": "; ".join(sorted({str(p["url"] or p["sourceLabel"]) for p in parts})),
        "note": "computed from the member cities' official numerators and denominators",
    }  # fmt: skip


def _region_official(obs: pd.DataFrame, reg: str, until: date) -> dict | None:
    """A region's own latest official observation on or before ``until`` (None without one)."""
    official = _official(obs, reg, until)
    if official is None:
        return None
    return {
        "date": str(official["date"]), "numerator": official["numerator"],
        "denominator_10k": official["denominator"], "value": float(official["value"]),
        "source": str(official["url"] or official["sourceLabel"]),
        "note": "official statistics",
    }  # fmt: skip


def _computed(census: pd.DataFrame, pop_regions: list[str], held: int, until: date, at_year: int) -> dict:
    """The figure computed from ingested patents: ``held`` over the 2020 census population of ``pop_regions``."""
    den = float(census.loc[pop_regions, "population"].sum()) / 10_000
    note = "ingested patents over the 2020 census population"
    if at_year != 2020:
        note += f" (2020 census used for {at_year})"
    return {
        "date": until.isoformat(), "numerator": held, "denominator_10k": den, "value": held / den,
        "source": str(census["source_url"].iloc[0]), "note": note,
    }  # fmt: skip


def _progress_rows(
    store: PatentStore, t: dict, region_rows: dict[tuple[str, str], dict], obs: pd.DataFrame, names: dict
) -> list[dict]:
    """The table rows of one target's figures, labelled, with coverage, the target region's assessed."""
    rows: list[dict] = []
    for (reg, basis), row in region_rows.items():
        official = region_rows.get((reg, "official"))
        coverage = None
        if basis == "computed" and official and official.get("numerator"):
            coverage = row["numerator"] / float(official["numerator"])
        row.update(
            target=t["target"], region=reg, region_id=reg.rsplit("/", 1)[-1], basis=basis, coverage=coverage,
            region_name=names.get(reg) or _label(store, reg), comparator=None, target_value=None,
            baseline_value=None, multiple_of_baseline=None, required_multiple=None, meets_target=None,
            meets_multiple=None,
        )  # fmt: skip
        if reg == t["region"]:
            _assess(row, t, basis, region_rows, obs)
        rows.append(row)
    return rows


def _assess(row: dict, t: dict, basis: str, region_rows: dict[tuple[str, str], dict], obs: pd.DataFrame) -> None:
    """Fill a target region's row with the target, whether it is met and the multiple of the baseline region."""
    baseline = t["baselineRegion"]
    row.update(comparator=t["comparator"], target_value=t["value"], required_multiple=t["multiple"])
    if t["value"] is not None:
        row["meets_target"] = _compare(row["value"], t["comparator"], float(t["value"]))
    base = region_rows.get((baseline, basis)) if baseline else None
    if basis == "official" and baseline:
        # Compare like with like: the baseline observed at the same date, when there is one.
        same = _official(obs, baseline, _date(row["date"]))
        base = {"value": float(same["value"])} if same is not None else base
    if base and base["value"]:
        row["baseline_value"] = base["value"]
        row["multiple_of_baseline"] = row["value"] / base["value"]
        if t["multiple"] is not None:
            row["meets_multiple"] = row["multiple_of_baseline"] >= float(t["multiple"])


def _completeness(facts: pd.Series) -> dict:
    """What the ingested patent data covers: patents, invention patents and the span of application dates."""
    return {
        "patents": int(facts["patents"] or 0),
        "invention_patents": int(facts["inventions"] or 0),
        "first_application": str(facts["first"]) if pd.notna(facts["first"]) else None,
        "last_application": str(facts["last"]) if pd.notna(facts["last"]) else None,
        "coverage_note": "coverage = invention patents held according to ingested data / official count",
    }


def _plan_rows(store: PatentStore, plan_iri: str) -> pd.DataFrame:
    return rq_table(store, "targets_plan.rq", plan=ox.NamedNode(plan_iri))


def _number(value: object) -> float | None:
    try:
        return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def plan_targets(
    store: PatentStore,
    plan: str,
    *,
    year: int | None = None,
    region: str | None = None,
    progress: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every target of one plan, each with the latest official figure of its indicator against it.

    Parameters
    ----------
    plan : str
        Id of a loaded plan (``patentnav policy list``); an unknown id raises
        :class:`~patentnav.graph.analysis.scope.UnknownEntityError`.
    year : int, optional
        The year-end to assess at; default each target's deadline year.
    region : str, optional
        IRI of a target region to keep (default every target of the plan).
    progress : DataFrame, optional
        :func:`target_progress` for the same plan, year and region, when already computed.

    Returns
    -------
    DataFrame with one row per target x target region, columns ``plan, target, target_id,
    target_label`` (zh), ``target_label_en, indicator, indicator_id, indicator_label(_en), region,
    region_id, region_name, comparator, target_value, unit, deadline, assessed_at`` (the year-end
    compared at), ``basis`` (``official`` when a figure was found), ``date, value`` (the
    observation), ``meets_target`` (only when the target states a numeric comparator and value),
    ``observations`` (how many of the indicator for the region are loaded), ``source, note``.

    Notes
    -----
    Targets measured by invention patents per 10,000 population take their figure from the
    ``official`` row of :func:`target_progress` (a city group's from its members' numerators and
    denominators); the figures computed from ingested patents are in that table only. Any other
    indicator takes the latest ``pnav:Observation`` of that indicator for the target's region on or
    before the year-end; without one the row says ``no observations loaded`` and has no value.
    """
    _check_year(year)
    chosen = resolve_plan(store, plan)
    rows_in = _plan_rows(store, chosen["plan"])
    if region:
        rows_in = rows_in[rows_in["region"] == region]
    per_10k = rows_in["indicator"] == PER_10K_INDICATOR
    if progress is None and per_10k.any():
        progress = target_progress(store, year=year, region=region, plan=chosen["id"])
    observations: dict[str, pd.DataFrame] = {}
    census = census_population()
    names = dict(zip(census["region"], census["region_name_zh"], strict=True))
    rows: list[dict] = []
    for t in rows_in.to_dict("records"):
        deadline = int(str(t["deadline"])[:4]) if t["deadline"] else None
        at_year = int(year) if year is not None else (deadline or date.today().year)
        until = date(at_year, 12, 31)
        target_value = _number(t["value"])
        row = _plan_row(store, chosen["id"], t, names, target_value, deadline, until)
        row["note"] = "; ".join(_plan_figure(store, t, row, observations, progress, target_value, until))
        rows.append(row)
    df = pd.DataFrame(rows, columns=PLAN_COLUMNS)
    df.attrs["plan"] = chosen["id"]
    df.attrs["plan_label"] = {"zh": chosen["label_zh"], "en": chosen["label_en"]}
    df.attrs["fictitious"] = chosen["fictitious"]
    df.attrs["terminal_columns"] = [
        "target_id", "region_name", "indicator_id", "comparator", "target_value", "unit", "deadline", "date", "value",
        "meets_target", "observations",
    ]  # fmt: skip
    return df


def _plan_row(
    store: PatentStore,
    plan_id: str,
    t: dict,
    names: dict,
    target_value: float | None,
    deadline: int | None,
    until: date,
) -> dict:
    """A target's row before any figure is found: one flat mapping of its listing."""
    reg, indicator = t["region"], t["indicator"]
    return {
        "plan": plan_id, "target": t["target"], "target_id": t["target"].rsplit("/", 1)[-1],
        "target_label": t["labelZh"], "target_label_en": t["labelEn"], "indicator": indicator,
        "indicator_id": indicator.rsplit("/", 1)[-1] if indicator else None,
        "indicator_label": t["indicatorZh"], "indicator_label_en": t["indicatorEn"], "region": reg,
        "region_id": reg.rsplit("/", 1)[-1] if reg else None,
        "region_name": (names.get(reg) or _label(store, reg)) if reg else None, "comparator": t["comparator"],
        "target_value": target_value if target_value is not None else t["value"], "unit": t["unit"],
        "deadline": deadline, "assessed_at": until.isoformat(), "basis": None, "date": None, "value": None,
        "meets_target": None, "observations": 0, "source": None, "note": None,
    }  # fmt: skip


def _plan_figure(
    store: PatentStore,
    t: dict,
    row: dict,
    observations: dict[str, pd.DataFrame],
    progress: pd.DataFrame | None,
    target_value: float | None,
    until: date,
) -> list[str]:
    """Fill ``row`` with the official figure of the target's indicator and the comparison; the notes on it."""
    reg, indicator = t["region"], t["indicator"]
    if indicator is None or reg is None:
        return ["the target names no indicator" if indicator is None else "the target names no region"]
    notes: list[str] = []
    if indicator not in observations:
        observations[indicator] = rq_table(store, "targets_observations.rq", indicator=ox.NamedNode(indicator))
    obs = observations[indicator]
    # a city group's density comes from its members' observations
    places = set(region_members(store, reg)) | {reg} if indicator == PER_10K_INDICATOR else {reg}
    mine = obs[obs["region"].isin(places)]
    row["observations"] = len(mine)
    if indicator == PER_10K_INDICATOR and progress is not None:
        found, note = _progress_figure(progress, t["target"], reg)
    else:
        found, note = _observed_figure(obs, reg, until)
    if note is not None:
        notes.append(note)
    if found is None:
        notes.append(_missing_note(mine, until))
        return notes
    row.update(basis="official", **found)
    meets, note = _meets(float(row["value"]), t["comparator"], target_value)
    if note is not None:
        notes.append(note)
    else:
        row["meets_target"] = meets
    return notes


def _progress_figure(progress: pd.DataFrame, target: str, reg: str) -> tuple[dict | None, str | None]:
    """The ``official`` figure of :func:`target_progress` for a target's region, and its note."""
    hit = progress[(progress["target"] == target) & (progress["region"] == reg) & (progress["basis"] == "official")]
    if not len(hit):
        return None, None
    h = hit.iloc[0]
    found = {"date": h["date"], "value": float(h["value"]), "source": h["source"]}
    return found, f"{h['note']}; figures computed from ingested patents: the targets table"


def _observed_figure(obs: pd.DataFrame, reg: str, until: date) -> tuple[dict | None, str | None]:
    """The latest loaded observation for a region on or before ``until``, and its note."""
    p = _official(obs, reg, until)
    if p is None:
        return None, None
    found = {"date": str(p["date"]), "value": float(p["value"]), "source": str(p["url"] or p["sourceLabel"])}
    return found, f"loaded observation (official statistics), the latest on or before {until.isoformat()}"


def _missing_note(mine: pd.DataFrame, until: date) -> str:
    """Why a target has no figure: no observation loaded, or none on or before ``until``."""
    if not len(mine):
        return "no observations loaded"
    first = str(mine["date"].min()) if len(mine) else None
    return f"no observation on or before {until.isoformat()}" + (
        f" ({len(mine)} loaded, the first {first})" if first else ""
    )


def _meets(value: float, comparator: str | None, target_value: float | None) -> tuple[bool | None, str | None]:
    """Whether ``value`` meets the target, or None and the note saying why it is not compared."""
    if target_value is None:
        return None, "the target states no numeric value: not compared"
    if comparator is None:
        return None, "no comparator recorded: not compared"
    if comparator not in _OPS:
        return None, f"comparator {comparator!r} is not numeric: not compared"
    return bool(_OPS[comparator](value, target_value)), None


def _compare(value: float, comparator: str | None, target: float) -> bool:
    ops = {">": value > target, ">=": value >= target, "=": value == target, "<": value < target, "<=": value <= target}
    return ops.get(comparator or ">=", value >= target)


def _label(store: PatentStore, iri: str) -> str | None:
    from patentnav.graph.store import select

    rows = select(store, 'SELECT ?l WHERE { ?e rdfs:label ?l FILTER(LANG(?l) = "zh") } LIMIT 1', e=ox.NamedNode(iri))
    return rows[0]["l"] if rows else None
