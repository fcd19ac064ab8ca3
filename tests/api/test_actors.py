"""/actors and /actors/{slug}: listing, filters, paging, one actor's relations with evidence."""


def slugs(response) -> list[str]:
    return [actor["slug"] for actor in response.json()["actors"]]


def test_actors_lists_seed_actors_with_counts(client):
    body = client.get("/actors").json()
    by_slug = {actor["slug"]: actor for actor in body["actors"]}
    assert body["total"] == len(by_slug) >= 10
    assert by_slug["iran"]["type"] == "State" and by_slug["iran"]["cameo"] == "IRN"
    assert by_slug["iran"]["relations_out"] >= 2
    assert by_slug["assad-regime"]["relations_in"] >= 1


def test_actors_type_filter(client):
    found = slugs(client.get("/actors", params={"type": "State"}))
    assert "iran" in found and "assad-regime" not in found


def test_actors_unknown_type_gives_400_listing_types(client):
    response = client.get("/actors", params={"type": "Planet"})
    assert response.status_code == 400
    assert "Militia" in response.json()["detail"]


def test_actors_name_filter_matches_aliases_in_any_case(client):
    assert slugs(client.get("/actors", params={"q": "TEHRAN"})) == ["iran"]
    assert {"assad-regime", "pro-assad-forces"} <= set(slugs(client.get("/actors", params={"q": "assad"})))


def test_actors_name_filter_is_not_sparql(client):
    response = client.get("/actors", params={"q": '") } UNION { ?actor ?p ?o } #'})
    assert response.status_code == 200 and slugs(response) == []


def test_actors_paging(client):
    everyone = slugs(client.get("/actors"))
    page = client.get("/actors", params={"limit": 2, "offset": 1}).json()
    assert [a["slug"] for a in page["actors"]] == everyone[1:3]
    assert page["total"] == len(everyone) and page["limit"] == 2 and page["offset"] == 1


def test_actors_detail_has_names_affiliations_and_evidence(client):
    body = client.get("/actors/assad-regime").json()
    assert body["label"] == "Assad regime" and body["type"] == "Government" and body["cameo"] == "SYRGOV"
    assert "Bashar al-Assad" in body["aliases"]
    assert {"slug": "syria", "label": "Syria"} in body["part_of"]
    backers = [r for r in body["relations_in"] if r["relation"] == "backs"]
    assert [r["source"]["slug"] for r in backers] == ["iran"]
    evidence = backers[0]["evidence"][0]
    assert "backed by Iran" in evidence["sentence"]
    assert evidence["title"] and evidence["published"] == "2017-06-06" and 0 < evidence["confidence"] <= 1


def test_actors_detail_shows_negated_evidence_as_not_asserted(client):
    body = client.get("/actors/united-states").json()
    denied = [r for r in body["relations_out"] if all(e["negated"] for e in r["evidence"])]
    assert denied and not any(r["asserted"] for r in denied)


def test_actors_unknown_slug_gives_404_json(client):
    for slug in ("nobody", "not a slug>"):
        response = client.get(f"/actors/{slug}")
        assert response.status_code == 404
        assert "/actors" in response.json()["detail"]


def test_actors_name_parameter_filters_like_q(client):
    assert slugs(client.get("/actors", params={"name": "TEHRAN"})) == ["iran"]
    assert slugs(client.get("/actors", params={"name": "assad"})) == slugs(client.get("/actors", params={"q": "assad"}))


def test_actors_type_filter_includes_subclasses(client):
    armed = client.get("/actors", params={"type": "ArmedGroup"}).json()["actors"]
    assert "iran-backed-militias" in [a["slug"] for a in armed]  # a Militia, and Militia ⊑ ArmedGroup
    assert {a["type"] for a in armed} <= {"ArmedGroup", "Militia"}
    assert client.get("/actors", params={"type": "Actor"}).json()["total"] == client.get("/actors").json()["total"]


def test_actors_type_and_name_filters_combine(client):
    assert slugs(client.get("/actors", params={"type": "State", "name": "iran"})) == ["iran"]
    assert slugs(client.get("/actors", params={"type": "Militia", "name": "iran"})) == ["iran-backed-militias"]


def test_actors_paging_bounds_give_422(client):
    for params in ({"limit": 0}, {"limit": 1001}, {"offset": -1}, {"limit": "many"}):
        response = client.get("/actors", params=params)
        assert response.status_code == 422, params
        assert next(iter(params)) in response.json()["detail"]


def test_actors_offset_past_the_end_gives_an_empty_page_with_the_total(client):
    body = client.get("/actors", params={"offset": 100000}).json()
    assert body["actors"] == [] and body["total"] >= 10


def test_actors_detail_evidence_names_article_and_dates(client):
    body = client.get("/actors/us-led-coalition").json()
    strikes = {r["relation"]: r for r in body["relations_out"] if r["target"]["slug"] == "pro-assad-forces"}
    assert "2017-05-18" in {e["date"] for e in strikes["airStrikes"]["evidence"]}
    assert all(
        len(e["article"]) == 16 and e["published"] == "2017-06-06" for r in strikes.values() for e in r["evidence"]
    )


def test_actors_schemas_are_documented(client):
    schema = client.get("/openapi.json").json()
    list_schema = schema["paths"]["/actors"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    detail = schema["paths"]["/actors/{slug}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert list_schema["$ref"].endswith("/ActorPage") and detail["$ref"].endswith("/ActorDetail")
    assert {"relations_in", "relations_out", "aliases", "cameo"} <= set(
        schema["components"]["schemas"]["ActorDetail"]["properties"]
    )
