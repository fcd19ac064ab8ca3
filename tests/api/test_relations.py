"""/relations: direct relations with their evidence, filtered by type (with sub-relations), actors and dates."""


def listed(response) -> list[dict]:
    """The relations of a /relations page."""
    assert response.status_code == 200, response.text
    return response.json()["relations"]


def triples(response) -> set[tuple[str, str, str]]:
    return {(r["source"]["slug"], r["relation"], r["target"]["slug"]) for r in listed(response)}


def test_relations_backs_includes_trains(client):
    found = triples(client.get("/relations", params={"type": "backs"}))
    assert ("iran", "backs", "assad-regime") in found
    assert ("us-led-coalition", "trains", "coalition-partner-forces") in found
    assert all(
        relation in {"backs", "trains", "supports", "aids", "arms", "funds", "cooperatesMilitarily"}
        for _, relation, _ in found
    )


def test_relations_source_and_target_filters(client):
    assert triples(client.get("/relations", params={"source": "iran", "target": "assad-regime"})) == {
        ("iran", "backs", "assad-regime")
    }


def test_relations_negated_events_are_left_out(client):
    found = listed(client.get("/relations", params={"source": "united-states"}))
    assert all(not e["negated"] for r in found for e in r["evidence"])


def test_relations_date_window_uses_event_or_article_date(client):
    everything = triples(client.get("/relations"))
    may = triples(client.get("/relations", params={"until": "2017-05-31"}))
    june = triples(client.get("/relations", params={"since": "2017-06-01"}))
    assert ("us-led-coalition", "airStrikes", "pro-assad-forces") in may - june  # the May 18 strike
    assert may | june == everything


def test_relations_bad_filters_give_400(client):
    unknown = client.get("/relations", params={"type": "hugs"})
    assert unknown.status_code == 400 and "backs" in unknown.json()["detail"]
    backwards = client.get("/relations", params={"since": "2017-07-01", "until": "2017-06-01"})
    assert (
        backwards.status_code == 422 and "swap" in backwards.json()["detail"]
    )  # as every view (tests/api/test_errors.py)
    bad_date = client.get("/relations", params={"since": "June"})
    assert bad_date.status_code == 422 and "since" in bad_date.json()["detail"]


def test_relations_evidence_has_sentence_article_and_dates(client):
    found = listed(client.get("/relations", params={"source": "iran", "target": "assad-regime"}))
    evidence = found[0]["evidence"][0]
    assert "backed by Iran" in evidence["sentence"]
    assert len(evidence["article"]) == 16 and evidence["title"] and evidence["published"] == "2017-06-06"
    assert {"date", "url", "confidence", "negated", "event", "status", "according_to", "attribution"} <= set(evidence)


def test_relations_type_with_actor_and_dates_combine(client):
    found = triples(
        client.get(
            "/relations",
            params={"type": "strikes", "source": "us-led-coalition", "since": "2017-05-01", "until": "2017-05-31"},
        )
    )
    assert found == {("us-led-coalition", "airStrikes", "pro-assad-forces")}


def test_relations_unknown_actor_gives_an_empty_list(client):
    for slug in ("nobody", "not a slug>"):
        response = client.get("/relations", params={"source": slug})
        assert listed(response) == [] and response.json()["total"] == 0


def test_relations_bad_dates_say_which_parameter(client):
    for name, value in (("since", "2017-13-01"), ("until", "yesterday")):
        response = client.get("/relations", params={name: value})
        assert response.status_code == 422 and name in response.json()["detail"]


def test_relations_values_are_not_sparql(client):
    response = client.get("/relations", params={"source": "iran> } ?s ?p ?o { <x"})
    assert listed(response) == []


def test_relations_schema_is_documented(client):
    schema = client.get("/openapi.json").json()
    body = schema["paths"]["/relations"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("/RelationPage")
    page = schema["components"]["schemas"]["RelationPage"]["properties"]
    assert {"total", "limit", "offset"} <= set(page) and page["relations"]["items"]["$ref"].endswith("/Relation")


def test_relations_min_confidence_keeps_only_confident_events(client):
    everything = listed(client.get("/relations", params={"source": "us-led-coalition"}))
    confidences = sorted({e["confidence"] for r in everything for e in r["evidence"]})
    assert confidences[0] < confidences[-1]  # the seed has weak and strong events from the coalition
    floor = confidences[-1]
    strong = listed(client.get("/relations", params={"source": "us-led-coalition", "min_confidence": floor}))
    assert strong and all(e["confidence"] >= floor for r in strong for e in r["evidence"])
    assert sum(len(r["evidence"]) for r in strong) < sum(len(r["evidence"]) for r in everything)
    assert client.get("/relations", params={"min_confidence": 1.5}).status_code == 422
