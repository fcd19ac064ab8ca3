"""/camps: who sides with whom, as JSON, with the filters of /graph."""


def test_camps_put_the_coalition_and_the_assad_regime_on_opposite_sides(client):
    response = client.get("/camps")
    assert response.status_code == 200
    body = response.json()
    camp = body["camp_of"]
    assert camp["us-led-coalition"] == camp["coalition-partner-forces"] != camp["assad-regime"] == camp["iran"]
    sides = {c["id"]: c["side"] for c in body["camps"]}
    assert {sides[camp["us-led-coalition"]], sides[camp["assad-regime"]]} == {1, 2}
    assert 0 <= body["agreement"] <= 1 and "clustering" in body["method"]
    first = body["camps"][0]
    assert set(first) == {"id", "side", "members", "allied", "hostile", "color"}
    assert first["members"][0].keys() == {"slug", "label"}


def test_camps_filters_narrow_the_graph(client):
    backs = client.get("/camps", params={"relation": "backs"}).json()
    assert all(c["hostile"] == 0 and c["side"] is None for c in backs["camps"])
    june = client.get("/camps", params={"since": "2017-06-01", "until": "2017-06-30"}).json()
    may = client.get("/camps", params={"since": "2017-05-02", "until": "2017-05-31"}).json()
    assert set(may["camp_of"]) == {"us-led-coalition", "pro-assad-forces"}  # the May 18 strike only
    # June has the June 6 strike and what the article (published June 6) says with no date of its own.
    assert {"us-led-coalition", "pro-assad-forces", "iran", "assad-regime"} <= set(june["camp_of"])
    near = client.get("/camps", params={"actor": "iran", "depth": 1}).json()
    assert set(near["camp_of"]) == {"iran", "assad-regime", "iran-backed-militias"}
    assert near["filters"] == {
        "relation": None,
        "actor": "iran",
        "since": None,
        "until": None,
        "depth": 1,
        "status": None,
        "min_corroboration": None,
        "min_confidence": None,
        "claims": False,
    }


def test_camps_bad_filters_are_explained(client):
    assert "backs" in client.get("/camps", params={"relation": "hugs"}).json()["detail"]
    backwards = client.get("/camps", params={"since": "2017-07-01", "until": "2017-06-01"})
    assert backwards.status_code == 422 and "swap" in backwards.json()["detail"]
    assert client.get("/camps", params={"actor": "nobody-at-all"}).status_code == 400
    assert client.get("/camps", params={"depth": 9}).status_code == 422


def test_camps_are_documented_in_openapi(client):
    operation = client.get("/openapi.json").json()["paths"]["/camps"]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/Camps"}
    assert {p["name"] for p in operation["parameters"]} == {
        "relation",
        "actor",
        "since",
        "until",
        "depth",
        "status",
        "claims",
        "min_confidence",
    }
