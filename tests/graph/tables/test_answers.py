"""Kept answers of the analytic queries (graph/tables/answers.py, used by graph/tables/engine.py)."""

from __future__ import annotations

import threading

import pandas as pd
import pytest

from patentnav.graph.tables import answers as answers_module
from patentnav.graph.tables.answers import Answers
from patentnav.graph.tables.engine import analytic_tables
from patentnav.graph.tables.facts import FACTS


def test_a_second_caller_waits_for_the_answer_being_computed() -> None:
    answers = Answers()
    owner = answers.begin("q")
    got: list[pd.DataFrame] = []
    asked = threading.Event()

    def second() -> None:
        pending = answers.get("q")
        asked.set()
        assert pending is not None
        got.append(pending.result())

    thread = threading.Thread(target=second)
    thread.start()
    asked.wait()
    answers.keep("q", owner, pd.DataFrame({"n": [7]}))
    thread.join()
    assert got[0].n.tolist() == [7]
    assert answers.get("q") is owner


def test_a_failed_answer_reaches_the_waiters_and_is_not_kept() -> None:
    answers = Answers()
    owner = answers.begin("q")
    pending = answers.get("q")
    answers.fail("q", owner, ValueError("bad"))
    with pytest.raises(ValueError, match="bad"):
        pending.result()
    assert answers.get("q") is None


def test_an_answer_begun_before_the_tables_changed_is_not_kept() -> None:
    answers = Answers()
    owner = answers.begin("q")
    answers.clear()
    answers.keep("q", owner, pd.DataFrame({"n": [1]}))
    assert owner.result().n.tolist() == [1]
    assert answers.get("q") is None


def test_kept_cells_stay_within_the_budget_oldest_dropped_first(monkeypatch) -> None:
    monkeypatch.setattr(answers_module, "MAX_CELLS", 5)
    answers = Answers()
    for key, rows in (("a", 2), ("b", 2), ("c", 2), ("big", 6)):
        answers.keep(key, answers.begin(key), pd.DataFrame({"n": range(rows)}))
    assert answers.get("a") is None and answers.get("big") is None
    assert answers.get("b") is not None and answers.get("c") is not None


def test_the_engine_answers_again_after_a_write_and_a_caller_cannot_spoil_a_kept_answer(empty_store) -> None:
    predicate = FACTS["applicant"].predicate
    empty_store.load_graph("urn:a", f"<urn:p1> <{predicate}> <urn:o> .")
    tables = analytic_tables(empty_store)
    query = "SELECT COUNT(*) AS n FROM applicant"
    first = tables.frame(query)
    first.loc[0, "n"] = 99  # a caller changing its copy
    assert int(tables.frame(query).n[0]) == 1
    empty_store.load_graph("urn:b", f"<urn:p2> <{predicate}> <urn:o> .")
    assert int(tables.frame(query).n[0]) == 2


def test_a_kept_result_is_computed_once_per_state_of_the_tables_and_again_after_a_write(empty_store) -> None:
    predicate = FACTS["applicant"].predicate
    empty_store.load_graph("urn:a", f"<urn:p1> <{predicate}> <urn:o> .")
    tables = analytic_tables(empty_store)
    computed: list[int] = []

    def count() -> int:
        computed.append(1)
        return int(tables.frame("SELECT COUNT(*) AS n FROM applicant").n[0])

    assert [tables.kept("k", count, lambda n: 1) for _ in range(3)] == [1, 1, 1]
    assert len(computed) == 1
    empty_store.load_graph("urn:b", f"<urn:p2> <{predicate}> <urn:o> .")
    assert tables.kept("k", count, lambda n: 1) == 2
    assert len(computed) == 2


def test_a_failed_kept_result_is_raised_and_computed_again_by_the_next_caller(empty_store) -> None:
    tables = analytic_tables(empty_store)
    attempts: list[int] = []

    def flaky() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise ValueError("first try fails")
        return "ok"

    with pytest.raises(ValueError, match="first try"):
        tables.kept("f", flaky, lambda r: 1)
    assert tables.kept("f", flaky, lambda r: 1) == "ok"
    assert len(attempts) == 2
