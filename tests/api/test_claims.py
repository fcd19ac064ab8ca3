"""Claims through the HTTP API: status, who says so and the words on every read; filters by status, source,
confidence and corroboration; paging and CSV; the list of articles. Runs on both store back-ends."""

import csv
import io

import pytest

CLAIMS = {
    "text": "Mali's government accused Ukraine of supporting the rebels. Iran backs the Houthis.",
    "title": "Mali cuts ties with Ukraine",
    "published": "2024-08-05",
}
AGAIN = {"text": "Iran backs the Houthis, officials in Sanaa confirmed.", "title": "Again", "published": "2024-08-06"}


@pytest.fixture
def claims(make_client, fresh_store, auth):
    """A client over the claims article and a second article that repeats Iran backs the Houthis."""
    client = make_client(fresh_store)
    for article in (CLAIMS, AGAIN):
        assert client.post("/articles", json=article, headers=auth).status_code == 201
    return client


def relations(client, **params) -> list[dict]:
    response = client.get("/relations", params=params)
    assert response.status_code == 200, response.text
    return response.json()["relations"]


def test_claims_alleged_relation_names_its_source_and_words(claims):
    [alleged] = relations(claims, status="alleged")
    assert (alleged["source"]["slug"], alleged["relation"], alleged["target"]["slug"]) == (
        "ukraine",
        "supports",
        "mali-rebels",
    )
    assert alleged["fact"] is False and alleged["statuses"] == {"alleged": 1}
    [evidence] = alleged["evidence"]
    assert evidence["status"] == "alleged" and evidence["according_to"]["slug"] == "mali-government"
    assert evidence["attribution"] == "Mali's government accused"


def test_claims_facts_and_the_according_to_filter(claims):
    facts = {(r["source"]["slug"], r["relation"]) for r in relations(claims, status="fact")}
    assert ("iran", "backs") in facts and ("ukraine", "supports") not in facts
    said = relations(claims, according_to="mali-government")
    assert [(r["source"]["slug"], r["relation"]) for r in said] == [("ukraine", "supports")]
    assert relations(claims, according_to="iran") == []
    both = {r["relation"] for r in relations(claims, status="fact,alleged")}
    assert {"backs", "supports", "accuses"} <= both


def test_claims_direct_edges_are_facts_only(claims):
    backs = claims.get(
        "/sparql",
        params={"query": "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> SELECT ?x WHERE { ?x ckg:supports ?y }"},
    )
    assert backs.json()["results"]["bindings"] == []  # the allegation has no direct edge
    assert claims.get("/query", params={"q": "ukraine supports ?y"}).json()["rows"] == []
    alleged = claims.get("/query", params={"q": "ukraine supports ?y", "status": "alleged"}).json()["rows"]
    assert alleged[0]["edges"][0]["statuses"] == {"alleged": 1}


def test_claims_pattern_according_to_binds_the_source(claims):
    for pattern in ("?x supports ?y according to ?who", "?x supports ?y @?who"):
        [row] = claims.get("/query", params={"q": pattern}).json()["rows"]
        assert row["bindings"]["who"]["slug"] == "mali-government"
        edge = row["edges"][0]
        assert (
            edge["according_to"]["slug"] == "mali-government"
            and edge["first_attribution"] == "Mali's government accused"
        )
    named = claims.get("/query", params={"q": '?x supports ?y according to "Malian government"'}).json()
    assert [row["bindings"]["x"]["slug"] for row in named["rows"]] == ["ukraine"]
    assert claims.get("/query", params={"q": "?x supports ?y @iran"}).json()["rows"] == []
    by_param = claims.get("/query", params={"q": "?x supports ?y", "according_to": "mali-government"}).json()
    assert len(by_param["rows"]) == 1


def test_claims_corroboration_counts_articles_and_sorts(claims):
    ranked = relations(claims, sort="corroboration")
    assert (ranked[0]["source"]["slug"], ranked[0]["relation"], ranked[0]["corroboration"]) == ("iran", "backs", 2)
    assert [r["relation"] for r in relations(claims, min_corroboration=2)] == ["backs"]
    # The second article reports it ("officials … confirmed"): a pattern counts facts unless asked for more.
    assert claims.get("/query", params={"q": "iran backs ?y", "min_corroboration": 2}).json()["rows"] == []
    rows = claims.get(
        "/query", params={"q": "iran backs ?y", "min_corroboration": 2, "status": "fact,reported"}
    ).json()["rows"]
    assert (
        rows
        and rows[0]["edges"][0]["corroboration"] == 2
        and rows[0]["edges"][0]["statuses"] == {"fact": 1, "reported": 1}
    )


def test_claims_status_on_actor_and_article_reads(claims):
    ukraine = claims.get("/actors/ukraine").json()
    [supports] = [r for r in ukraine["relations_out"] if r["relation"] == "supports"]
    assert supports["evidence"][0]["according_to"]["slug"] == "mali-government"
    only_facts = claims.get("/actors/ukraine", params={"status": "fact"}).json()
    assert only_facts["relations_out"] == []
    article = claims.get("/articles").json()["articles"][-1]
    detail = claims.get(f"/articles/{article['id']}", params={"min_confidence": 0.95}).json()
    assert all(e["confidence"] >= 0.95 for r in detail["relations"] for e in r["evidence"])


def test_claims_relations_page_and_csv(claims):
    everything = claims.get("/relations").json()
    assert everything["total"] == len(everything["relations"]) >= 3
    page = claims.get("/relations", params={"limit": 1, "offset": 1}).json()
    assert page["total"] == everything["total"] and page["relations"] == everything["relations"][1:2]
    for response in (
        claims.get("/relations", params={"format": "csv"}),
        claims.get("/relations", headers={"Accept": "text/csv"}),
    ):
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert {"status", "according_to", "attribution", "confidence", "corroboration"} <= set(rows[0])
        assert {"alleged", "fact"} <= {row["status"] for row in rows}
    assert claims.get("/relations", headers={"Accept": "image/png"}).status_code == 406


def test_claims_actors_and_pattern_csv(claims):
    actors = list(csv.DictReader(io.StringIO(claims.get("/actors", params={"format": "csv"}).text)))
    assert "ukraine" in {row["slug"] for row in actors}
    answer = claims.get("/query", params={"q": "?x supports ?y @?who"}, headers={"Accept": "text/csv"})
    [row] = list(csv.DictReader(io.StringIO(answer.text)))
    assert (row["x"], row["who"], row["edge1_status"]) == ("ukraine", "mali-government", "alleged:1")


def test_claims_articles_list_paged_and_by_date(claims):
    listed = claims.get("/articles").json()
    assert listed["total"] == 2 and [a["published"] for a in listed["articles"]] == ["2024-08-06", "2024-08-05"]
    assert listed["articles"][1]["title"] == CLAIMS["title"] and listed["articles"][1]["relations"] >= 3
    one = claims.get("/articles", params={"until": "2024-08-05"}).json()
    assert one["total"] == 1 and one["articles"][0]["title"] == CLAIMS["title"]
    assert claims.get("/articles", params={"limit": 1, "offset": 1}).json()["articles"] == listed["articles"][1:]
    # Past the end: empty, with the total (an engine that caps sorted offsets, as Virtuoso does, is not asked).
    past = claims.get("/articles", params={"offset": 999_999}).json()
    assert (past["total"], past["articles"]) == (2, [])
    assert claims.get("/articles", params={"since": "2024-09-01", "until": "2024-08-01"}).status_code == 422


@pytest.mark.parametrize(
    ("path", "params", "fragment"),
    [
        ("/relations", {"status": "rumoured"}, "unknown status 'rumoured'"),
        ("/query", {"q": "?x backs ?y", "status": "maybe"}, "unknown status 'maybe'"),
        ("/actors/iran", {"status": "x"}, "unknown status"),
        ("/relations", {"sort": "size"}, "sort"),
        ("/query", {"q": "?x backs+ ?y @iran"}, "cannot be asked according to someone"),
        ("/query", {"q": "?x backs ?y according iran"}, "expected to after according"),
    ],
)
def test_claims_bad_filters_are_clear_4xx(claims, path, params, fragment):
    response = claims.get(path, params=params)
    assert response.status_code in (400, 422) and fragment in response.text


def test_claims_jsonld_export_is_compacted(claims):
    document = claims.get("/export", params={"format": "jsonld"}).json()
    assert document["@context"]["ckg"] == "https://w3id.org/conflict-kg/ontology#"
    ids = {node["@id"] for node in document["@graph"]}
    assert "actor:iran" in ids
    statuses = {node.get("ckg:status", {}).get("@id") for node in document["@graph"] if "ckg:status" in node}
    assert {"ckg:fact", "ckg:alleged"} <= statuses


def test_claims_graph_page_and_camps_take_the_claim_filters(claims):
    page = claims.get("/graph", params={"status": "alleged", "min_confidence": 0.5, "claims": "true"})
    assert page.status_code == 200 and "Mali&#39;s government accused" not in page.text  # data is JSON, not HTML
    assert '"claim":"alleged"' in page.text and '"supports (alleged)"' in page.text
    camps = claims.get("/camps", params={"claims": "true", "min_confidence": 0.95}).json()
    assert camps["filters"]["claims"] is True and camps["filters"]["min_confidence"] == 0.95
    assert claims.get("/graph", params={"status": "rumour"}).status_code == 400
    assert claims.get("/camps", params={"min_confidence": 2}).status_code == 422
