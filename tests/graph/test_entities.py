"""Entity descriptions and related lookups stay bounded on an entity with thousands of links (embedded and Virtuoso)."""

from __future__ import annotations

import pytest

from patentnav.graph.entities import LINKS_SHOWN, describe, related
from patentnav.ontology import PNAV, entity_iri

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
