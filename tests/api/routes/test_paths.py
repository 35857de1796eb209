"""/paths between two entities of the pilot graph: labelled hops, problem documents, "no path"."""

from __future__ import annotations

PNAV = "https://w3id.org/patentnav/ontology#"
ID = "https://w3id.org/patentnav/id/"


def test_construction_machinery_reaches_zhuzhou_through_a_task_or_a_center(client):
    r = client.get("/paths", params={"from": "industry/construction-machinery", "to": "region/430200"})
    assert r.status_code == 200
    body = r.json()
    assert body["found"] is True and body["length"] == 2 and body["count"] == len(body["paths"]) >= 2
    assert body["from"]["label_zh"] == "工程机械" and body["to"]["label_en"] == "Zhuzhou"
    middles = {p["hops"][0]["subject"]["type"] for p in body["paths"]}
    assert middles == {"task", "center"}
    center = next(p for p in body["paths"] if p["hops"][0]["subject"]["type"] == "center")
    first, second = center["hops"]
    assert first["predicate"] == {"iri": PNAV + "servesIndustry", "label_zh": "服务产业", "label_en": "serves industry"}
    assert first["direction"] == "backward" and first["object"]["iri"] == ID + "industry/construction-machinery"
    assert second["predicate"]["label_en"] == "serves region" and second["direction"] == "forward"
    assert second["object"]["href"] == "/entities/region/430200"


def test_full_iris_work_and_max_paths_caps_the_answer(client):
    r = client.get(
        "/paths", params={"from": ID + "industry/construction-machinery", "to": ID + "region/430200", "max_paths": 1}
    )
    assert r.status_code == 200 and r.json()["count"] == 1


def test_no_path_within_the_bound_is_a_clear_answer(client):
    r = client.get("/paths", params={"from": "industry/construction-machinery", "to": "region/430200", "max_length": 1})
    assert r.status_code == 200
    body = r.json()
    assert body["found"] is False and body["paths"] == [] and body["length"] is None
    assert body["message"] == "no path within 1 link between 工程机械 and 株洲市"


def test_unknown_entity_is_a_404_problem(client):
    r = client.get("/paths", params={"from": "industry/no-such-industry", "to": "region/430200"})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "industry/no-such-industry" in r.json()["detail"]


def test_bad_parameters_are_422_problems(client):
    for params in (
        {"from": "industry/construction-machinery", "to": "region/430200", "max_length": 0},
        {"from": "industry/construction-machinery", "to": "region/430200", "max_length": 99},
        {"from": "not-a-reference", "to": "region/430200"},
        {"from": "industry/construction-machinery"},
    ):
        r = client.get("/paths", params=params)
        assert r.status_code == 422, params
        assert r.json()["title"] == "Invalid parameters"


def test_paths_is_in_the_openapi_schema(client):
    spec = client.get("/openapi.json").json()
    names = {p["name"] for p in spec["paths"]["/paths"]["get"]["parameters"]}
    assert names == {"from", "to", "max_length", "max_paths"}
