"""Binding values into query templates (:func:`patentnav.graph.store.bind_variables`) and :func:`select`."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from patentnav.graph.store import bind_variables, open_store, select


@pytest.fixture
def store():
    s = open_store("memory://")
    s.load_graph("urn:g", '<urn:a> <urn:p> "x" . <urn:b> <urn:p> "y" . <urn:c> <urn:p> "z" .')
    return s


def test_a_list_fills_the_values_block_and_selects_only_those(store):
    rows = select(
        store,
        "SELECT ?s ?o WHERE { VALUES ?s { } ?s ?p ?o } ORDER BY ?s",
        s=[ox.NamedNode("urn:a"), ox.NamedNode("urn:c")],
    )
    assert rows == [{"s": "urn:a", "o": "x"}, {"s": "urn:c", "o": "z"}]


def test_an_empty_list_matches_nothing(store):
    assert select(store, "SELECT ?s WHERE { VALUES ?s { } ?s ?p ?o }", s=[]) == []


def test_list_and_single_bindings_together(store):
    rows = select(
        store,
        "SELECT ?s WHERE { VALUES ?s { } ?s ?p ?o FILTER(?o != ?skip) }",
        s=[ox.NamedNode("urn:a"), ox.NamedNode("urn:b")],
        skip=ox.Literal("x"),
    )
    assert rows == [{"s": "urn:b"}]


def test_user_text_in_a_list_cannot_break_out(store):
    hostile = ox.Literal('x" } } ; DROP ALL #')
    assert select(store, "SELECT ?o WHERE { VALUES ?o { } ?s ?p ?o }", o=[hostile, ox.Literal("y")]) == [{"o": "y"}]
    assert len(store) == 3


def test_a_list_for_a_template_without_its_values_block_is_refused():
    with pytest.raises(ValueError, match=r"no empty VALUES block for \?s"):
        bind_variables("SELECT ?s WHERE { ?s ?p ?o }", {"s": [ox.NamedNode("urn:a")]})


def test_a_binding_that_is_not_a_term_is_refused():
    with pytest.raises(TypeError, match=r"binding for \?s must be a NamedNode or Literal, not str"):
        bind_variables("SELECT ?s WHERE { VALUES ?s { } }", {"s": ["urn:a"]})  # type: ignore[list-item]


def test_none_in_a_list_leaves_the_variable_free(store):
    rows = select(store, "SELECT ?s WHERE { VALUES ?p { } ?s ?p ?o } ORDER BY ?s", p=[None])
    assert [r["s"] for r in rows] == ["urn:a", "urn:b", "urn:c"]
    assert select(store, "SELECT ?s WHERE { VALUES ?p { } ?s ?p ?o }", p=[ox.NamedNode("urn:other")]) == []


def test_a_plain_string_is_not_a_list_of_terms():
    with pytest.raises(TypeError, match=r"binding for \?s must be a NamedNode, a Literal or a list of them, not str"):
        bind_variables("SELECT ?s WHERE { VALUES ?s { } }", {"s": "urn:a"})  # type: ignore[dict-item]


def test_a_bound_literal_is_never_read_again_for_another_binding(store):
    """A literal in a list that spells ``?q`` (or an empty VALUES block) stays that literal when ``?q`` is bound."""
    sneaky = ox.Literal('?q VALUES ?s { } " } DROP ALL #')
    text = bind_variables(
        "SELECT ?s WHERE { VALUES ?o { } ?s ?p ?o FILTER(?s != ?q) }", {"o": [sneaky], "q": ox.NamedNode("urn:b")}
    )
    assert text.count("<urn:b>") == 1 and str(sneaky) in text
    rows = select(
        store,
        "SELECT ?s WHERE { VALUES ?o { } ?s ?p ?o FILTER(?s != ?q) }",
        o=[sneaky, ox.Literal("y")],
        q=ox.NamedNode("urn:a"),
    )
    assert rows == [{"s": "urn:b"}] and len(store) == 3
