"""Domain errors carry no HTTP code; api/errors.py's table answers them as problem documents."""

from __future__ import annotations

import pytest

from patentnav.api.errors import PROBLEMS, ROUTE_PROBLEMS, problem_for
from patentnav.graph.errors import AnalysisError, EmptyScopeError, InvalidParameterError, UnknownEntityError
from patentnav.graph.network import NoPathError


@pytest.mark.parametrize("cls", [AnalysisError, EmptyScopeError, InvalidParameterError, UnknownEntityError])
def test_domain_errors_know_no_http_status(cls):
    assert not hasattr(cls("x"), "status")


def test_every_route_row_rewords_a_class_of_the_table():
    for rows in ROUTE_PROBLEMS.values():
        for cls in rows:
            assert any(issubclass(cls, listed) for listed in PROBLEMS), cls


@pytest.mark.parametrize(
    ("error", "path", "expected"),
    [
        (UnknownEntityError("unknown plan 'no-such-plan'"), "/analysis/targets", (404, "Not found")),
        (UnknownEntityError("unknown entity urn:x"), "/paths", (404, "Unknown entity")),
        (EmptyScopeError("no patents in scope"), "/analysis/landscape", (404, "Not found")),
        (NoPathError("no path"), "/analysis/landscape", (404, "Not found")),
        (InvalidParameterError("period is reversed"), "/analysis/report", (422, "Invalid parameters")),
        (AnalysisError("cannot run"), "/analysis/layout", (422, "Invalid parameters")),
        (InvalidParameterError("bad level"), "/views/ipc", (422, "Cannot build the view")),
        (EmptyScopeError("nothing"), "/views/landscape", (404, "Cannot build the view")),
        (InvalidParameterError("bad level"), "/viewsX", (422, "Invalid parameters")),
    ],
)
def test_the_table_gives_status_and_title(error, path, expected):
    problem = problem_for(error, path)
    assert problem is not None and (problem.status, problem.title) == expected and problem.detail == str(error)


def test_a_view_names_the_missing_entity_in_the_graphs_terms():
    problem = problem_for(UnknownEntityError("https://w3id.org/patentnav/id/region/9"), "/views/entity/region/9")
    assert problem is not None and problem.detail == "no entity https://w3id.org/patentnav/id/region/9 in the graph"


def test_an_unlisted_error_is_not_worded():
    assert problem_for(ValueError("x"), "/analysis") is None


def test_a_domain_error_answers_problem_json_without_traceback_or_path(client):
    r = client.get("/analysis/targets", params={"plan": "no-such-plan"})
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["title"] == "Not found" and "no-such-plan" in body["detail"]
    assert set(body) == {"type", "title", "status", "detail", "instance"}
    assert "Traceback" not in r.text and "/work" not in r.text and ".py" not in r.text
