"""The scopes' patents kept for the analytic queries (graph/tables/scopes.py, used by graph/tables/engine.py)."""

from __future__ import annotations

import threading

import pytest

from patentnav.graph.tables import engine as engine_module
from patentnav.graph.tables.engine import analytic_tables
from patentnav.graph.tables.facts import FACTS
from patentnav.graph.tables.scopes import ScopeCache, scope_keys

APPLICANT = FACTS["applicant"].predicate
IN_INDUSTRY = FACTS["in_industry"].predicate
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PATENT = "https://w3id.org/patentnav/ontology#Patent"


class _BlockingCursor:
    """Stands in for a DuckDB cursor: notes each statement; the first INSERT waits until it is let go."""

    def __init__(self) -> None:
        self.inserts = 0
        self.entered = threading.Event()
        self.go_on = threading.Event()

    def execute(self, sql: str, params: object = None) -> None:
        if sql.startswith("INSERT"):
            self.inserts += 1
            self.entered.set()
            self.go_on.wait()


def test_two_queries_that_need_the_same_new_scope_compute_it_once() -> None:
    cache = ScopeCache()
    cursor = _BlockingCursor()
    key = (1, None, None, None)
    first = threading.Thread(target=lambda: cache.release(cache.hold(cursor, [key])))  # type: ignore[arg-type]
    first.start()
    cursor.entered.wait()  # the first is computing the scope now
    second = threading.Thread(target=lambda: cache.release(cache.hold(cursor, [key])))  # type: ignore[arg-type]
    second.start()
    cursor.go_on.set()
    first.join()
    second.join()
    assert cursor.inserts == 1


class _Recording:
    def __init__(self, fail_first: bool = False) -> None:
        self.statements: list[str] = []
        self.fail_first = fail_first

    def execute(self, sql: str, params: object = None) -> None:
        self.statements.append(sql)
        if self.fail_first and len(self.statements) == 1:
            raise RuntimeError("out of memory")


def test_the_regions_are_joined_with_the_applicants_once_for_every_industry_looked_at_in_them() -> None:
    cache = ScopeCache()
    cursor = _Recording()
    for industry in (1, 2, 3):
        cache.release(cache.hold(cursor, [(industry, (7, 8), None, None)]))  # type: ignore[arg-type]
    assert sum("located_in" in sql for sql in cursor.statements) == 1
    assert len(cursor.statements) == 4  # the regions' own scope, then each industry in them


def test_a_scope_that_failed_to_compute_is_computed_again_by_the_next_query() -> None:
    cache = ScopeCache()
    with pytest.raises(RuntimeError, match="out of memory"):
        cache.hold(_Recording(fail_first=True), [(1, None, None, None)])  # type: ignore[arg-type]
    again = _Recording()
    cache.release(cache.hold(again, [(1, None, None, None)]))  # type: ignore[arg-type]
    assert len(again.statements) == 1


def test_when_the_regions_scope_fails_the_scope_narrowed_from_it_fails_too_and_is_tried_again() -> None:
    cache = ScopeCache()
    with pytest.raises(RuntimeError, match="out of memory"):
        cache.hold(_Recording(fail_first=True), [(1, (7,), None, None)])  # type: ignore[arg-type]
    again = _Recording()
    cache.release(cache.hold(again, [(1, (7,), None, None)]))  # type: ignore[arg-type]
    assert len(again.statements) == 2


def test_scope_keys_name_each_scope_a_query_reads_once() -> None:
    sql = (
        "SELECT * FROM scope_patents($industry, $regions, NULL, NULL) s "
        "JOIN scope_patents($industry, $regions, NULL, NULL) t USING (patent) "
        "JOIN scope_events($industry, $regions, NULL, NULL, $kinds) e USING (patent)"
    )
    assert scope_keys(sql, {"industry": 5, "regions": [7, 8], "kinds": [1]}) == [
        (5, (7, 8), None, None),
        (5, None, None, None),
    ]
    with pytest.raises(ValueError, match="scope_patents takes 4"):
        scope_keys("SELECT * FROM scope_patents($industry, 3, NULL, NULL)", {})


def test_past_the_limit_the_oldest_scopes_go_and_each_scope_still_counts_right(empty_store, monkeypatch) -> None:
    monkeypatch.setattr(engine_module, "_SCOPE_CACHE", 2)
    lines = []
    for n, industry in enumerate(["a", "a", "b", "c", "c", "c"]):
        patent = f"<urn:p{n}>"
        lines += [f"{patent} <{TYPE}> <{PATENT}> .", f"{patent} <{IN_INDUSTRY}> <urn:industry:{industry}> ."]
        lines.append(f"{patent} <{APPLICANT}> <urn:o{n}> .")
    empty_store.load_graph("urn:g", "\n".join(lines))
    tables = analytic_tables(empty_store)
    query = "SELECT COUNT(*) AS n FROM scope_patents($industry, NULL, NULL, NULL)"
    expected = {"a": 2, "b": 1, "c": 3}
    for _ in range(2):
        for industry, n in expected.items():
            tables.forget_answers()
            assert int(tables.frame(query, industry=f"urn:industry:{industry}").n[0]) == n
        kept = int(tables.frame("SELECT COUNT(DISTINCT k) AS n FROM scope_cache").n[0])
        assert kept == 2


def test_queries_from_many_threads_over_more_scopes_than_are_kept_all_count_right(empty_store, monkeypatch) -> None:
    monkeypatch.setattr(engine_module, "_SCOPE_CACHE", 2)
    sizes = {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}
    lines = []
    for industry, n in sizes.items():
        for i in range(n):
            patent = f"<urn:{industry}{i}>"
            lines += [f"{patent} <{TYPE}> <{PATENT}> .", f"{patent} <{IN_INDUSTRY}> <urn:industry:{industry}> ."]
    empty_store.load_graph("urn:g", "\n".join(lines))
    tables = analytic_tables(empty_store)
    # Each thread asks a different order of industries, with a second parameter so no two queries share an answer.
    query = "SELECT COUNT(*) + 0 * $who AS n FROM scope_patents($industry, NULL, NULL, NULL)"
    wrong: list[tuple[str, int]] = []

    def ask(who: int) -> None:
        names = list(sizes)
        for round_ in range(6):
            for industry in names[who % 5 :] + names[: who % 5]:
                n = int(tables.frame(query, industry=f"urn:industry:{industry}", who=who * 100 + round_).n[0])
                if n != sizes[industry]:
                    wrong.append((industry, n))

    threads = [threading.Thread(target=ask, args=(who,)) for who in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
