"""Bad parameters and empty scopes give clear errors, never an empty table."""

from __future__ import annotations

import pytest

from patentnav.graph.analysis.landscape import top_applicants
from patentnav.graph.analysis.scope import (
    EmptyScopeError,
    InvalidParameterError,
    UnknownEntityError,
    resolve_scope,
)


def test_ids_labels_and_iris_resolve(tiny_store):
    a = resolve_scope(tiny_store, industry="工程机械", region="长沙市")
    b = resolve_scope(
        tiny_store, industry="https://w3id.org/patentnav/id/industry/construction-machinery", region="430100"
    )
    assert a == b
    assert "https://w3id.org/patentnav/id/region/430104" in a.region_set


@pytest.mark.parametrize(
    ("kwargs", "error", "text"),
    [
        ({"industry": "shipbuilding"}, UnknownEntityError, "unknown industry 'shipbuilding'"),
        ({"region": "999999"}, UnknownEntityError, "unknown region '999999'"),
        ({"start": "2020", "end": "2015"}, InvalidParameterError, "period is reversed"),
        ({"start": "20x0"}, InvalidParameterError, "not a year"),
        ({"end": "2020-02-30"}, InvalidParameterError, "not a valid date"),
    ],
)
def test_bad_parameters(tiny_store, kwargs, error, text):
    with pytest.raises(error, match=text):
        resolve_scope(tiny_store, **kwargs)


def test_an_empty_result_is_an_error(tiny_store):
    scope = resolve_scope(tiny_store, industry="construction-machinery", start="1990", end="1995")
    with pytest.raises(EmptyScopeError, match="no patents in scope"):
        top_applicants(tiny_store, scope)
