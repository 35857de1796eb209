"""The patents of each scope the analytic queries read, computed once per state of the tables.

A query names its scope as ``scope_patents($industry, $regions, $start, $end)`` (or reads two scopes through
``scope_events(…)``; ``graph/tables/macros.sql``). Before it runs, the engine (``graph/tables/engine.py``) asks
:class:`ScopeCache` for those scopes: a scope not met since the tables last changed is computed into the table
``scope_cache`` (one row per patent, keyed by ``scope_key``), and the macros read it back from there.

Computing a scope takes a join of the applicants with their regions (0.1–0.3 s at 1M patents), so it runs
outside the engine's lock: requests that need the same new scope wait for one computation, the others go on.
The SQL is written for the parts the scope restricts (an industry, regions, a period), so an unrestricted part
costs nothing, and a scope of regions and an industry or period is narrowed from the regions' own scope, so
looking at another industry in the same regions does not join the applicants with their regions again. At most
``limit`` scopes are kept; past that the least recently used that no query is reading is dropped.

>>> scope_keys("SELECT COUNT(*) FROM scope_patents($industry, $regions, NULL, NULL)", {"industry": 7, "regions": [3]})
[(7, (3,), None, None)]
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import duckdb

__all__ = ["COMMENT", "PARAMETER", "ScopeCache", "ScopeKey", "scope_keys"]

#: A scope as the engine binds it: industry number, region numbers, start and end dates (``None``: no restriction).
ScopeKey = tuple[Any, tuple[int, ...] | None, Any, Any]

#: A named parameter of the SQL (``$name``), and a comment: the engine reads queries with the same two.
PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
COMMENT = re.compile(r"--[^\n]*")
_SCOPE_CALL = re.compile(r"\b(scope_patents|scope_events)\(([^()]*)\)")
#: The table macros of macros.sql that read scopes, with how many arguments they take and, for each scope
#: they read, the positions of its industry, regions, start and end among them (None: NULL, no restriction).
_SCOPE_READERS: dict[str, tuple[int, list[tuple[int | None, ...]]]] = {
    "scope_patents": (4, [(0, 1, 2, 3)]),
    "scope_events": (5, [(0, None, 2, 3), (0, 1, 2, 3)]),  # the market's events, those the regions concern
}


def scope_keys(sql: str, params: dict[str, Any]) -> list[ScopeKey]:
    """The scopes ``sql`` reads, with the values of its bound ``params`` (IRIs already numbers), in order met.

    Raises
    ------
    ValueError
        A scope macro is called with other arguments than ``$parameters`` or ``NULL``.
    """
    keys: list[ScopeKey] = []
    for macro, call in _SCOPE_CALL.findall(COMMENT.sub("", sql)):
        arity, scopes = _SCOPE_READERS[macro]
        names = [a.strip() for a in call.split(",")]
        if len(names) != arity or not all(PARAMETER.fullmatch(n) or n.upper() == "NULL" for n in names):
            raise ValueError(f"{macro} takes {arity} $parameters (or NULL), not ({call})")
        values = [params.get(n[1:]) if n.startswith("$") else None for n in names]
        for positions in scopes:
            industry, regions, start, end = (None if i is None else values[i] for i in positions)
            keys.append((industry, tuple(regions) if regions is not None else None, start, end))
    return list(dict.fromkeys(keys))


def _parameters(key: ScopeKey) -> dict[str, Any]:
    industry, regions, start, end = key
    return {"i": industry, "r": list(regions) if regions is not None else None, "s": start, "e": end}


def _region_part(key: ScopeKey) -> ScopeKey | None:
    """The regions-only scope a scope with regions and another restriction is narrowed from, else ``None``."""
    industry, regions, start, end = key
    if regions is None or (industry is None and start is None and end is None):
        return None
    return (None, regions, None, None)


def _compute_sql(key: ScopeKey) -> str:
    """The INSERT of a scope's patents, restricted only by the parts the scope sets (macros.sql says how).

    A scope with regions and another restriction reads the regions' patents from their own scope, computed
    first (:func:`_region_part`): the join of applicants and their regions is made once per set of regions,
    however many industries and periods are looked at in them.
    """
    industry, regions, start, end = key
    where = []
    if industry is not None:
        where.append("p.patent IN (SELECT patent FROM in_industry WHERE industry = $i)")
    if _region_part(key) is not None:
        where.append("p.patent IN (SELECT patent FROM scope_cache WHERE k = scope_key(NULL, $r, NULL, NULL))")
    elif regions is not None:
        where.append(
            "p.patent IN (SELECT a.patent FROM applicant a JOIN located_in l ON l.entity = a.org "
            "WHERE l.region IN (SELECT unnest($r::UBIGINT[])))"
        )
    dates = [c for c, v in (("date >= $s", start), ("date <= $e", end)) if v is not None]
    if dates:
        where.append(f"p.patent IN (SELECT patent FROM application_date WHERE {' AND '.join(dates)})")
    condition = f"WHERE {' AND '.join(where)}" if where else ""
    return f"INSERT INTO scope_cache SELECT scope_key($i, $r, $s, $e), p.patent FROM patent_set p {condition}"


@dataclass(eq=False)
class _Scope:
    """A scope kept (or being computed), and how many running queries read it."""

    key: ScopeKey
    done: Future[None] = field(default_factory=Future)
    users: int = 0


class ScopeCache:
    """Which scopes ``scope_cache`` holds, for one engine (see the module docstring)."""

    def __init__(self, limit: int = 32) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._kept: OrderedDict[ScopeKey, _Scope] = OrderedDict()

    def reset(self) -> None:
        """The tables changed and ``scope_cache`` was made again, empty: forget every scope."""
        with self._lock:
            self._kept.clear()

    def hold(self, cursor: duckdb.DuckDBPyConnection, keys: list[ScopeKey]) -> list[_Scope]:
        """Make sure ``scope_cache`` holds the scopes ``keys`` and keep them there until :meth:`release`.

        Computes those nobody has computed yet (on ``cursor``), waits for those another caller is computing.
        """
        held: list[_Scope] = []
        mine: list[_Scope] = []
        wanted = [part for key in keys for part in (_region_part(key), key) if part is not None]
        with self._lock:
            for key in dict.fromkeys(wanted):
                entry = self._kept.get(key)
                if entry is None:
                    entry = self._kept[key] = _Scope(key)
                    mine.append(entry)
                else:
                    self._kept.move_to_end(key)
                entry.users += 1
                held.append(entry)
            self._drop_unused(cursor)
        try:
            by_key = {entry.key: entry for entry in held}
            for entry in mine:
                part = _region_part(entry.key)
                if part is not None:
                    by_key[part].done.result()  # computed above, or by the caller computing it
                cursor.execute(_compute_sql(entry.key), _parameters(entry.key))
                entry.done.set_result(None)
            for entry in held:
                entry.done.result()
        except BaseException as error:
            self._fail([entry for entry in mine if not entry.done.done()], error)
            self.release(held)
            raise
        return held

    def _fail(self, entries: list[_Scope], error: BaseException) -> None:
        """Hand ``error`` to whoever waits for ``entries`` and forget them: the next query computes them again."""
        with self._lock:
            for entry in entries:
                if self._kept.get(entry.key) is entry:
                    del self._kept[entry.key]
        for entry in entries:
            entry.done.set_exception(error)

    def release(self, held: list[_Scope]) -> None:
        """The query that held these scopes has run."""
        with self._lock:
            for entry in held:
                entry.users -= 1

    def _drop_unused(self, cursor: duckdb.DuckDBPyConnection) -> None:
        """Past ``limit`` scopes, delete the least recently used that are computed and read by no query.

        Called with the lock held, so a scope dropped cannot be claimed again before its rows are gone.
        """
        for key, entry in list(self._kept.items()):
            if len(self._kept) <= self.limit:
                return
            if entry.users == 0 and entry.done.done():
                cursor.execute("DELETE FROM scope_cache WHERE k = scope_key($i, $r, $s, $e)", _parameters(key))
                del self._kept[key]
