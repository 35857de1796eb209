"""Which facts of the graph the analytic tables hold: one table per predicate, two columns each.

The tables are a columnar copy of the graph, not a second model of it: each row is one triple
of one predicate (vertically partitioned), so a SQL query over them means what the SPARQL over
the graph means, and the union over graphs is the graph's union (a fact stated in two files is
two equal rows; analyses count ``DISTINCT``, as the SPARQL does).

>>> FACTS["applicant"].predicate
'https://w3id.org/patentnav/ontology#applicant'
>>> FACTS["label"].columns
('entity', 'label', 'lang')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from patentnav.ontology import PNAV, PREFIXES

__all__ = ["FACTS", "Fact", "duckdb_connection"]


def duckdb_connection(database: str = ":memory:", **config: Any) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection as the tables use one: ``config`` as given, and no progress bar, which DuckDB
    would print on stdout for a statement past two seconds (into a CLI's ``--format json`` output).

    >>> duckdb_connection(threads=1).execute("SELECT current_setting('enable_progress_bar')").fetchone()
    (False,)
    """
    con = duckdb.connect(database, config=config)
    con.execute("SET enable_progress_bar = false")
    return con


#: Object kinds: how the object column is typed in Parquet/DuckDB.
KINDS = ("iri", "string", "lang", "date", "int", "float", "bool", "year")


@dataclass(frozen=True)
class Fact:
    """One predicate's table: its name, the predicate IRI, the column names and the object's kind.

    ``lang`` tables have a third column with the literal's language tag ('' when none).
    """

    table: str
    predicate: str
    subject: str
    object: str
    kind: str

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.subject, self.object, "lang") if self.kind == "lang" else (self.subject, self.object)


def _p(name: str) -> str:
    return PNAV.term(name)


_RDF, _RDFS, _SKOS = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["skos"]

_SPECS: tuple[tuple[str, str, str, str, str], ...] = (
    # (table, predicate, subject column, object column, kind)
    ("type", _RDF + "type", "entity", "class", "iri"),
    ("label", _RDFS + "label", "entity", "label", "lang"),
    ("pref_label", _SKOS + "prefLabel", "entity", "label", "lang"),
    ("notation", _SKOS + "notation", "entity", "symbol", "string"),
    ("broader", _SKOS + "broader", "entity", "parent", "iri"),
    # patents
    ("application_number", _p("applicationNumber"), "patent", "number", "string"),
    ("publication_number", _p("publicationNumber"), "patent", "number", "string"),
    ("application_date", _p("applicationDate"), "patent", "date", "date"),
    ("application_year", _p("applicationYear"), "patent", "year", "year"),
    ("publication_date", _p("publicationDate"), "patent", "date", "date"),
    ("grant_date", _p("grantDate"), "patent", "date", "date"),
    ("lapse_date", _p("lapseDate"), "patent", "date", "date"),
    ("priority_date", _p("priorityDate"), "patent", "date", "date"),
    ("earliest_priority_date", _p("earliestPriorityDate"), "patent", "date", "date"),
    ("priority_number", _p("priorityNumber"), "patent", "number", "string"),
    ("patent_type", _p("patentType"), "patent", "type", "string"),
    ("legal_status", _p("legalStatus"), "patent", "status", "string"),
    ("kind_code", _p("kindCode"), "patent", "kind", "string"),
    ("country", _p("country"), "entity", "country", "string"),
    ("applicant", _p("applicant"), "patent", "org", "iri"),
    ("first_applicant", _p("firstApplicant"), "patent", "org", "iri"),
    ("current_holder", _p("currentHolder"), "patent", "org", "iri"),
    ("agency", _p("agency"), "patent", "org", "iri"),
    ("inventor", _p("inventor"), "patent", "person", "iri"),
    ("classified_in", _p("classifiedIn"), "patent", "ipc", "iri"),
    ("main_classification", _p("mainClassification"), "patent", "ipc", "iri"),
    ("in_industry", _p("inIndustry"), "patent", "industry", "iri"),
    ("cites", _p("cites"), "patent", "cited", "iri"),
    ("simple_family_member", _p("simpleFamilyMember"), "patent", "member", "iri"),
    ("extended_family_member", _p("extendedFamilyMember"), "patent", "member", "iri"),
    ("docdb_family_member", _p("docdbFamilyMember"), "patent", "member", "iri"),
    ("dwpi_family_member", _p("dwpiFamilyMember"), "patent", "member", "iri"),
    ("simple_family_size", _p("simpleFamilySize"), "patent", "size", "int"),
    ("extended_family_size", _p("extendedFamilySize"), "patent", "size", "int"),
    ("docdb_family_size", _p("docdbFamilySize"), "patent", "size", "int"),
    ("dwpi_family_size", _p("dwpiFamilySize"), "patent", "size", "int"),
    ("cites_count", _p("citesCount"), "patent", "n", "int"),
    ("cited_by_count", _p("citedByCount"), "patent", "n", "int"),
    ("cited_by_count_5y", _p("citedByCount5y"), "patent", "n", "int"),
    ("cites_self_count", _p("citesSelfCount"), "patent", "n", "int"),
    ("cites_other_count", _p("citesOtherCount"), "patent", "n", "int"),
    ("cited_by_self_count", _p("citedBySelfCount"), "patent", "n", "int"),
    ("cited_by_other_count", _p("citedByOtherCount"), "patent", "n", "int"),
    ("family_cites_count", _p("familyCitesCount"), "patent", "n", "int"),
    ("family_cited_by_count", _p("familyCitedByCount"), "patent", "n", "int"),
    ("npl_citation_count", _p("nplCitationCount"), "patent", "n", "int"),
    ("claims_count", _p("claimsCount"), "patent", "n", "int"),
    ("independent_claims_count", _p("independentClaimsCount"), "patent", "n", "int"),
    ("patent_life_months", _p("patentLifeMonths"), "patent", "n", "int"),
    # legal events and vendor figures
    ("legal_event", _p("legalEvent"), "patent", "event", "iri"),
    ("event_type", _p("eventType"), "event", "type", "string"),
    ("from_party", _p("fromParty"), "event", "org", "iri"),
    ("to_party", _p("toParty"), "event", "org", "iri"),
    ("event_count", _p("eventCount"), "event", "n", "int"),
    ("event_date", _p("eventDate"), "event", "date", "date"),
    ("event_detail", _p("eventDetail"), "event", "detail", "string"),
    ("vendor_score", _p("vendorScore"), "patent", "score", "iri"),
    ("score_indicator", _p("scoreIndicator"), "score", "indicator", "string"),
    ("score_value", _p("scoreValue"), "score", "value", "float"),
    ("vendor_classification", _p("vendorClassification"), "patent", "classification", "iri"),
    ("classification_scheme", _p("classificationScheme"), "classification", "scheme", "string"),
    ("class_value", _p("classValue"), "classification", "value", "string"),
    ("stated_by", _p("statedBy"), "entity", "vendor", "string"),
    # organisations, people, places
    ("normalized_name", _p("normalizedName"), "org", "name", "string"),
    ("organization_type", _p("organizationType"), "org", "type", "string"),
    ("organization_type_guessed", _p("organizationTypeGuessed"), "org", "guessed", "bool"),
    ("credit_code", _p("creditCode"), "org", "code", "string"),
    ("located_in", _p("locatedIn"), "entity", "region", "iri"),
    ("placed_by", _p("placedBy"), "org", "field", "string"),
    ("part_of_region", _p("partOfRegion"), "region", "parent", "iri"),
    ("includes_region", _p("includesRegion"), "region", "member", "iri"),
    ("region_code", _p("regionCode"), "region", "code", "string"),
    ("admin_level", _p("adminLevel"), "region", "level", "string"),
    # policy: centers, targets, indicators, observations
    ("serves_industry", _p("servesIndustry"), "center", "industry", "iri"),
    ("serves_region", _p("servesRegion"), "center", "region", "iri"),
    ("status", _p("status"), "entity", "status", "string"),
    ("has_target", _p("hasTarget"), "plan", "target", "iri"),
    ("measured_by", _p("measuredBy"), "target", "indicator", "iri"),
    ("comparator", _p("comparator"), "target", "comparator", "string"),
    ("target_value", _p("targetValue"), "target", "value", "float"),
    ("unit", _p("unit"), "entity", "unit", "string"),
    ("deadline_year", _p("deadlineYear"), "target", "year", "int"),
    ("target_region", _p("targetRegion"), "target", "region", "iri"),
    ("baseline_region", _p("baselineRegion"), "target", "region", "iri"),
    ("baseline_multiple", _p("baselineMultiple"), "target", "multiple", "float"),
    ("observed_indicator", _p("observedIndicator"), "observation", "indicator", "iri"),
    ("observed_region", _p("observedRegion"), "observation", "region", "iri"),
    ("observation_date", _p("observationDate"), "observation", "date", "date"),
    ("observed_value", _p("observedValue"), "observation", "value", "float"),
    ("numerator_value", _p("numeratorValue"), "observation", "value", "float"),
    ("denominator_value", _p("denominatorValue"), "observation", "value", "float"),
)

#: Table name -> :class:`Fact`.
FACTS: dict[str, Fact] = {spec[0]: Fact(*spec) for spec in _SPECS}
