"""Every fact of the Hunan pilot is answered by a SPARQL query (one test per fact group)."""

from __future__ import annotations

import pyoxigraph as ox

from patentnav.graph.store import PatentStore, select

SOURCE = "https://w3id.org/patentnav/id/source/chinanews-2016-09-13"


def test_regions_carry_gbt2260_codes_and_hierarchy(store: PatentStore) -> None:
    rows = select(
        store,
        """SELECT ?code ?zh ?en ?parent WHERE {
             ?r a pnav:Region ; pnav:regionCode ?code ; rdfs:label ?zh , ?en .
             FILTER(LANG(?zh) = "zh" && LANG(?en) = "en")
             OPTIONAL { ?r pnav:partOfRegion/pnav:regionCode ?parent }
           } ORDER BY ?code""",
    )
    assert [(r["code"], r["zh"], r["en"], r["parent"]) for r in rows] == [
        ("430000", "湖南省", "Hunan Province", None),
        ("430100", "长沙市", "Changsha", "430000"),
        ("430200", "株洲市", "Zhuzhou", "430000"),
        ("430300", "湘潭市", "Xiangtan", "430000"),
    ]
    group = select(
        store,
        "SELECT ?code WHERE { region:changzhutan pnav:includesRegion/pnav:regionCode ?code } ORDER BY ?code",
    )
    assert [r["code"] for r in group] == ["430100", "430200", "430300"]


def test_zones_lie_in_the_city_group(store: PatentStore) -> None:
    rows = select(
        store,
        """SELECT ?en (GROUP_CONCAT(?code; separator=",") AS ?codes) WHERE {
             ?z a pnav:Zone ; rdfs:label ?en ; pnav:locatedIn/pnav:regionCode ?code . FILTER(LANG(?en) = "en")
           } GROUP BY ?en ORDER BY ?en""",
    )
    zones = {r["en"]: set(r["codes"].split(",")) for r in rows}
    assert zones["Chang-Zhu-Tan National Independent Innovation Demonstration Zone"] == {"430100", "430200", "430300"}
    assert zones["Changsha comprehensive reform pilot area for IP use and protection"] == {"430100"}
    assert any("two-type society" in name for name in zones)
    assert any("Industrial parks" in name for name in zones)
    assert len(zones) == 4


def test_five_industries_in_zh_and_en_form_a_skos_scheme(store: PatentStore) -> None:
    rows = select(
        store,
        """SELECT ?zh ?en WHERE {
             ?i a pnav:Industry ; skos:inScheme industry:scheme ; skos:prefLabel ?zh , ?en .
             FILTER(LANG(?zh) = "zh" && LANG(?en) = "en")
           } ORDER BY ?en""",
    )
    assert [(r["zh"], r["en"]) for r in rows] == [
        ("先进轨道交通", "Advanced rail transit"),
        ("工程机械", "Construction machinery"),
        ("文化创意", "Cultural and creative"),
        ("新材料", "New materials"),
        ("新一代信息技术", "New-generation information technology"),
    ]


def test_tasks_of_the_plan(store: PatentStore) -> None:
    rows = select(
        store,
        """SELECT ?en WHERE { plan:hunan-ip-strong-province-pilot pnav:hasTask ?t .
             ?t rdfs:label ?en FILTER(LANG(?en) = "en") } ORDER BY ?en""",
    )
    names = [r["en"] for r in rows]
    assert len(names) == 8
    for expected in (
        "Reform of IP administrative management",
        "Reform of the disposal and proceeds of research results",
        "IP talent and the IP service industry",
        "IP-intensive industries (patent-, trademark- and copyright-intensive)",
        "Patent navigation engineering for the five priority industries",
        "Industrial patent strategy support centers",
        "Patent early-warning analysis",
        "Industry patent layout",
    ):
        assert expected in names


def test_tasks_and_planned_center_for_construction_machinery(store: PatentStore) -> None:
    """The README's example: which tasks concern construction machinery, which planned center serves it."""
    tasks = select(
        store,
        """SELECT ?task WHERE { ?t pnav:concernsIndustry industry:construction-machinery ;
             rdfs:label ?task FILTER(LANG(?task) = "zh") } ORDER BY ?task""",
    )
    assert {r["task"] for r in tasks} == {
        "实施专利导航工程",
        "建设产业专利战略支撑中心",
        "开展专利预警分析",
        "加强产业专利布局",
    }
    centers = select(
        store,
        """SELECT ?c ?status WHERE { ?c a pnav:SupportCenter ; pnav:servesIndustry industry:construction-machinery ;
             pnav:status ?status }""",
    )
    assert centers == [
        {"c": "https://w3id.org/patentnav/id/center/construction-machinery", "status": "planned"},
    ]


def test_one_planned_center_per_industry_and_no_invented_names(store: PatentStore) -> None:
    """Each pilot industry has one planned support center, and every center's Chinese name says it is planned."""
    rows = select(
        store,
        """SELECT ?i (COUNT(?c) AS ?n) WHERE { ?i a pnav:Industry .
             OPTIONAL { ?c pnav:servesIndustry ?i ; pnav:status "planned" } } GROUP BY ?i""",
    )
    assert len(rows) == 5 and all(r["n"] == 1 for r in rows)
    labels = select(store, 'SELECT ?l WHERE { ?c a pnav:SupportCenter ; rdfs:label ?l FILTER(LANG(?l) = "zh") }')
    assert len(labels) == 5 and all(r["l"].endswith("（规划）") for r in labels), labels


def test_targets_with_value_unit_comparator_deadline_and_region(store: PatentStore) -> None:
    rows = select(
        store,
        """SELECT ?t ?value ?unit ?cmp ?year ?region ?multiple ?baseline ?truncated WHERE {
             plan:hunan-ip-strong-province-pilot pnav:hasTarget ?t .
             ?t pnav:deadlineYear ?year ; pnav:targetRegion ?region .
             OPTIONAL { ?t pnav:targetValue ?value } OPTIONAL { ?t pnav:unit ?unit }
             OPTIONAL { ?t pnav:comparator ?cmp } OPTIONAL { ?t pnav:baselineMultiple ?multiple }
             OPTIONAL { ?t pnav:baselineRegion ?baseline } OPTIONAL { ?t pnav:sourceTruncated ?truncated }
           }""",
    )
    targets = {r["t"].rsplit("/", 1)[-1]: r for r in rows}
    assert set(targets) == {
        "czt-ip-advanced-cities",
        "czt-invention-patents-per-10k",
        "ip-strong-enterprises",
        "large-medium-enterprises-share",
    }
    density = targets["czt-invention-patents-per-10k"]
    assert (density["cmp"], density["value"], density["unit"], density["year"]) == (">", 24.0, "件/万人", 2020)
    assert density["region"].endswith("/region/changzhutan")
    assert (density["multiple"], density["baseline"].rsplit("/", 1)[-1]) == (3.0, "430000")
    assert targets["ip-strong-enterprises"]["value"] == 100
    share = targets["large-medium-enterprises-share"]
    assert (share["cmp"], share["value"], share["unit"], share["truncated"]) == (">", 70, "%", True)
    assert targets["czt-ip-advanced-cities"]["cmp"] == "among"
    assert all(r["year"] == 2020 for r in rows)


def test_indicator_is_per_10000_population(store: PatentStore) -> None:
    rows = select(
        store,
        "SELECT ?zh ?en WHERE { indicator:invention-patents-per-10k-population rdfs:label ?zh , ?en "
        'FILTER(LANG(?zh) = "zh" && LANG(?en) = "en") }',
    )
    assert rows == [{"zh": "每万人口发明专利拥有量", "en": "Invention patents held per 10,000 population"}]


def test_agencies_and_approval(store: PatentStore) -> None:
    rows = select(
        store,
        """SELECT ?role ?zh WHERE { plan:hunan-ip-strong-province-pilot ?role ?a .
             ?a a pnav:Agency ; rdfs:label ?zh FILTER(LANG(?zh) = "zh") }""",
    )
    got = {(r["role"].rsplit("#", 1)[-1], r["zh"]) for r in rows}
    assert got == {
        ("approvedBy", "国家知识产权局"),
        ("implementedBy", "湖南省人民政府"),
        ("implementedBy", "湖南省知识产权局"),
    }


def test_every_pilot_entity_cites_the_source(store: PatentStore) -> None:
    rows = select(
        store,
        """SELECT ?e WHERE { GRAPH <https://w3id.org/patentnav/graph/hunan-pilot> {
             ?e a ?cls FILTER(STRSTARTS(STR(?cls), STR(pnav:)) && ?cls != pnav:Source)
             FILTER NOT EXISTS { ?e prov:wasDerivedFrom ?s } } }""",
    )
    assert rows == []
    source = select(store, "SELECT ?url ?date WHERE { ?s dct:source ?url ; dct:issued ?date }", s=ox.NamedNode(SOURCE))
    assert source == [{"url": "https://www.chinanews.com.cn/cj/2016/09-13/8003327.shtml", "date": "2016-09-13"}]
