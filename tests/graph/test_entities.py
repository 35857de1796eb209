"""Entity descriptions and related lookups stay bounded on an entity with thousands of links (embedded and Virtuoso),
and counts taken from the analytic tables equal the SPARQL counts."""

from __future__ import annotations

import re

import pytest
from pyoxigraph import DefaultGraph, NamedNode, Quad

from patentnav.graph.bootstrap import ONTOLOGY_GRAPH
from patentnav.graph.entities import LINKS_SHOWN, Hop, _first_rows, describe, links_page, related
from patentnav.graph.errors import UnknownEntityError
from patentnav.graph.store import OxigraphStore, load_rq
from patentnav.graph.tables.catalog import tables_of
from patentnav.ontology import PNAV, entity_iri, ontology_path

ORG = entity_iri("org", "big-applicant")
REGION = entity_iri("region", "430200")
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _patent(i: int) -> str:
    return entity_iri("patent", f"CN{i:07d}A")


@pytest.fixture
def store(empty_store):
    """One organisation that files 2,500 patents, stated in two files that share 500 of them."""
    s = empty_store
    head = [
        f'<{ORG}> <{RDFS_LABEL}> "大申请人"@zh .',
        f"<{ORG}> <{PNAV.locatedIn}> <{REGION}> .",
        f'<{REGION}> <{RDFS_LABEL}> "株洲市"@zh .',
    ]
    for graph, numbers in (("urn:file:a", range(0, 1500)), ("urn:file:b", range(1000, 2500))):
        lines = [f"<{_patent(i)}> <{PNAV.applicant}> <{ORG}> ." for i in numbers]
        lines += [f'<{_patent(i)}> <{RDFS_LABEL}> "专利 {i}"@zh .' for i in numbers]
        s.load_graph(graph, "\n".join(head + lines))
    return s


def test_description_counts_every_patent_once_and_lists_a_bounded_number(store):
    d = describe(store, ORG)
    applicant = next(c for c in d.link_counts if c.direction == "in" and c.predicate == PNAV.applicant)
    assert (applicant.count, applicant.shown) == (2500, LINKS_SHOWN)
    assert len(d.links_in) == LINKS_SHOWN and d.truncated
    assert [r.iri for _, r in d.links_out if _ == PNAV.locatedIn] == [REGION]


def test_description_of_a_small_entity_lists_everything(store):
    d = describe(store, _patent(7))
    assert not d.truncated
    assert [(p, r.iri) for p, r in d.links_out] == [(PNAV.applicant, ORG)]
    assert d.link_counts[0].count == d.link_counts[0].shown == 1


def test_related_puts_the_rare_region_before_the_patents_and_says_it_stopped(store):
    hits = related(store, ORG, limit=100)
    assert hits.truncated and len(hits) == 100
    assert hits.items[0].entity.iri == REGION
    assert {h.entity.type for h in hits.items[1:]} == {"patent"}


def test_related_within_its_bounds_is_not_truncated_and_beyond_them_is(store):
    hits = related(store, REGION)
    assert [h.entity.iri for h in hits] == [ORG] and not hits.truncated
    hits = related(store, _patent(7), depth=2, types=["region"])  # the second hop meets the 2,500 patents
    assert [h.entity.iri for h in hits] == [REGION] and hits.truncated


def _sparql_count(store, predicate: str) -> int:
    rows = store.query(
        f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p <{predicate}> ?o }}", substitutions={"o": NamedNode(ORG)}
    )
    return int(next(iter(rows))["n"].value)


def _tabled(store) -> str:
    """Where a big entity's counts come from once the tables are built: the tables on the embedded store; a SPARQL
    endpoint counts them itself."""
    return "tables" if isinstance(store, OxigraphStore) else "graph"


def _in_count(d, predicate: str):
    return next(c for c in d.link_counts if c.direction == "in" and c.predicate == predicate)


def test_counts_from_the_tables_equal_the_sparql_counts(store):
    store.load_graph("urn:file:c", "\n".join(f"<{_patent(i)}> <{PNAV.firstApplicant}> <{ORG}> ." for i in range(900)))
    mentions = [f"<urn:x:note{i}> <urn:x:mentions> <{ORG}> ." for i in range(2000)]
    store.load_graph("urn:file:d", "\n".join(mentions))
    tables_of(store).sync()
    d = describe(store, ORG, links_shown=20)
    applicant, first = _in_count(d, PNAV.applicant), _in_count(d, PNAV.firstApplicant)
    source = _tabled(store)
    assert (applicant.count, applicant.source) == (_sparql_count(store, PNAV.applicant), source) == (2500, source)
    assert (first.count, first.source) == (_sparql_count(store, PNAV.firstApplicant), source) == (900, source)
    assert applicant.shown == first.shown == 20 and d.truncated
    # A predicate the tables do not hold, met among the links read (it is 2,000 of 5,400): counted in SPARQL.
    mentions = _in_count(d, "urn:x:mentions")
    assert (mentions.count, mentions.source) == (2000, "graph")


def test_a_write_after_the_tables_were_built_is_counted_in_sparql_never_stale(store):
    tables_of(store).sync()
    assert _in_count(describe(store, ORG), PNAV.applicant).source == _tabled(store)
    store.load_graph("urn:file:c", "\n".join(f"<{_patent(i)}> <{PNAV.applicant}> <{ORG}> ." for i in range(5000, 5100)))
    applicant = _in_count(describe(store, ORG), PNAV.applicant)
    assert (applicant.count, applicant.source) == (2600, "graph")
    tables_of(store).sync()
    applicant = _in_count(describe(store, ORG), PNAV.applicant)
    assert (applicant.count, applicant.source) == (2600, _tabled(store))


def test_links_in_the_default_graph_are_counted_in_sparql(store):
    if not isinstance(store, OxigraphStore):
        pytest.skip("the unnamed default graph is the embedded store's")
    tables_of(store).sync()
    store.inner.add(Quad(NamedNode(_patent(9000)), NamedNode(PNAV.applicant), NamedNode(ORG), DefaultGraph()))
    applicant = _in_count(describe(store, ORG), PNAV.applicant)
    assert (applicant.count, applicant.source) == (2501, "graph")


def test_a_page_size_outside_its_bounds_is_refused(store):
    with pytest.raises(ValueError, match="links_shown"):
        describe(store, ORG, links_shown=0)


def test_related_with_a_relation_walks_only_that_relation(store):
    hits = related(store, ORG, relations=["locatedIn"])
    assert [h.entity.iri for h in hits] == [REGION] and not hits.truncated
    assert hits.items[0].path == [Hop(ORG, PNAV.locatedIn, REGION)]
    hits = related(store, ORG, relations=[PNAV.applicant], limit=30)
    assert len(hits) == 30 and hits.truncated and {h.entity.type for h in hits} == {"patent"}
    assert all(h.path == [Hop(h.entity.iri, PNAV.applicant, ORG)] for h in hits)


def test_related_with_a_relation_no_link_uses_is_refused_with_the_closest_names(store):
    store.load_graph(ONTOLOGY_GRAPH, ontology_path())
    with pytest.raises(ValueError, match=r"unknown relation 'locatedInn'.*did you mean locatedIn\b"):
        related(store, ORG, relations=["locatedInn"])
    with pytest.raises(ValueError, match=re.escape("no link in the store uses <http://example.org/nothing>")):
        related(store, ORG, relations=["http://example.org/nothing"])


def test_related_fills_its_limit_from_a_hop_with_many_links(store):
    hits = related(store, ORG, limit=1500)
    assert len(hits) == 1500 and hits.truncated and hits.start is not None and hits.start.iri == ORG
    assert len({h.entity.iri for h in hits}) == 1500


def test_related_of_an_unknown_entity_raises_and_of_a_lone_one_is_empty(store):
    with pytest.raises(UnknownEntityError):
        related(store, entity_iri("org", "nobody"))
    store.load_graph("urn:file:e", f'<{entity_iri("org", "alone")}> <{RDFS_LABEL}> "独立"@zh .')
    hits = related(store, entity_iri("org", "alone"))
    assert list(hits) == [] and not hits.truncated and hits.start is not None and hits.start.label() == "独立"


def test_a_lookup_reads_no_more_rows_than_its_query_file_allows(store):
    """The ``LIMIT`` an ``entity_*.rq`` file ends with bounds every read through it: asking for more is refused."""
    sparql = load_rq("patentnav.graph", "entity_links_in.rq")
    bound = int(sparql.rsplit("LIMIT", 1)[1])
    rows = _first_rows(store, sparql, bound, entity=NamedNode(ORG))
    assert len(rows) == bound
    with pytest.raises(ValueError, match="at most"):
        _first_rows(store, sparql, bound + 1, entity=NamedNode(ORG))


def _all_pages(store, predicate: str, limit: int) -> tuple[list[str], list[int]]:
    """Every page of ``predicate``'s links in, read by following ``next_offset``: the IRIs and each page's count."""
    iris: list[str] = []
    counts: list[int] = []
    offset: int | None = 0
    while offset is not None:
        page = links_page(store, ORG, predicate, "in", offset=offset, limit=limit)
        iris += [r.iri for r in page.items]
        counts.append(page.count)
        offset = page.next_offset
    return iris, counts


def test_paging_through_the_links_gives_each_linked_entity_once(store):
    iris, counts = _all_pages(store, PNAV.applicant, limit=700)
    assert sorted(iris) == sorted(_patent(i) for i in range(2500))  # the 500 stated in both files once
    assert counts == [2500] * 4
    assert _all_pages(store, PNAV.applicant, limit=700)[0] == iris  # the same order on every call
    page = links_page(store, ORG, PNAV.applicant, "in", offset=1400, limit=3)
    assert [r.iri for r in page.items] == iris[1400:1403]
    assert page.items[0].label() == "专利 " + str(int(iris[1400].rsplit("CN", 1)[1][:-1]))
    assert page.entity.label() == "大申请人"
    out = links_page(store, ORG, PNAV.locatedIn, "out")
    assert [r.iri for r in out.items] == [REGION] and out.count == 1 and out.next_offset is None


def test_paging_counts_from_the_tables_while_they_match_the_store(store):
    tables_of(store).sync()
    assert links_page(store, ORG, PNAV.applicant, "in", limit=1).source == _tabled(store)
    store.load_graph("urn:file:c", "\n".join(f"<{_patent(i)}> <{PNAV.applicant}> <{ORG}> ." for i in range(5000, 5100)))
    iris, counts = _all_pages(store, PNAV.applicant, limit=1000)
    assert len(iris) == len(set(iris)) == 2600 and counts == [2600] * 3
    assert links_page(store, ORG, PNAV.applicant, "in", limit=1).source == "graph"


def test_a_page_past_the_end_is_empty_and_bad_pages_are_refused(store):
    page = links_page(store, ORG, PNAV.applicant, "in", offset=2500, limit=10)
    assert page.items == [] and page.count == 2500 and page.next_offset is None
    assert links_page(store, ORG, PNAV.holder, "in").count == 0  # a property that links nothing here
    with pytest.raises(UnknownEntityError):
        links_page(store, entity_iri("org", "nobody"), PNAV.applicant, "in")
    for bad in ({"limit": 0}, {"limit": 1001}, {"offset": -1}):
        with pytest.raises(ValueError):
            links_page(store, ORG, PNAV.applicant, "in", **bad)
    with pytest.raises(ValueError, match="direction"):
        links_page(store, ORG, PNAV.applicant, "sideways")
