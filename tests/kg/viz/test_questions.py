"""Example questions and the filtered-events query: filled from the store, escaped, and runnable."""

import pyoxigraph as ox
import pytest
from rdflib import DCTERMS, PROV, RDF, RDFS, Literal, URIRef

from kg.model import ACTOR, ARTICLE, CKG, EVENT, GEO, PLACE
from kg.query.overview import overview
from kg.store import open_store
from kg.viz.links import links
from kg.viz.questions import events_query, questions

XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
HOSTILE_PLACE = 'al "Tanf" } SERVICE <http://evil.example/> { ?s ?p ?o'


def check_query(text: str) -> None:
    """Raise SyntaxError unless the engine's own parser reads `text` (an empty store: nothing is fetched)."""
    ox.Store().query(text)  # parsed at once; the solutions are never pulled


def test_questions_run_on_the_seed_and_answer(seed):
    found = questions(overview(seed))
    sparql = [q for q in found if q.kind == "sparql"]
    assert len(sparql) >= 3 and any(q.kind == "pattern" for q in found)
    for question in sparql:
        check_query(question.text)
        assert list(seed.query(question.text)), question.title
    assert any("al Tanf" in q.title for q in sparql)
    assert all(q.href.startswith("/sparql?") for q in found)


def test_questions_keep_a_hostile_place_name_a_literal():
    store = open_store("memory")
    place, event, actor = PLACE["evil"], EVENT["00000000000000aa"], ACTOR["someone"]
    store.add(
        [
            (place, RDF.type, CKG.Place),
            (place, RDFS.label, Literal(HOSTILE_PLACE)),
            (place, GEO.lat, Literal(1.0)),
            (place, GEO.long, Literal(2.0)),
            (event, CKG.relation, CKG.strikes),
            (event, CKG.agent, actor),
            (event, CKG.target, actor),
            (event, CKG.place, place),
            (event, CKG.date, Literal("2020-01-02", datatype=XSD_DATE)),
            (event, CKG.sentence, Literal("x")),
        ]
    )
    near = next(q for q in questions(overview(store)) if "struck" in q.title)
    assert HOSTILE_PLACE in near.title
    check_query(near.text)  # still one query: the label stayed inside its literal
    assert "SERVICE <http" not in near.text.replace(str(ox.Literal(HOSTILE_PLACE)), "")


def test_events_query_follows_the_filters(seed):
    text = events_query({"relation": "strikes", "since": "2017-05-01", "until": "2017-06-30"})
    check_query(text)
    rows = list(seed.query(text))
    assert rows and all("2017-05-01" <= row["when"].value <= "2017-06-30" for row in rows)
    iran = list(seed.query(events_query({"actor": "iran"})))
    assert iran and all("Iran" in (row["whoLabel"].value, row["whomLabel"].value) for row in iran)


def _undated_event_from(published: str):
    store = open_store("memory")
    event, article, who, whom = EVENT["00000000000000cc"], ARTICLE["00000000000000dd"], ACTOR["a"], ACTOR["b"]
    store.add(
        [
            (who, RDFS.label, Literal("A")),
            (whom, RDFS.label, Literal("B")),
            (event, CKG.relation, CKG.strikes),
            (event, CKG.agent, who),
            (event, CKG.target, whom),
            (event, CKG.negated, Literal(False)),
            (event, CKG.sentence, Literal("A struck B.")),
            (event, PROV.wasDerivedFrom, article),
            (article, DCTERMS.date, Literal(published, datatype=XSD_DATE)),
        ]
    )
    return store


@pytest.mark.parametrize(
    "filters, found",
    [({"since": "2020-03-10", "until": "2020-03-10"}, 1), ({"since": "2020-03-11"}, 0), ({"until": "2020-03-09"}, 0)],
)
def test_events_query_dates_an_undated_event_by_its_article(filters, found):
    """Regression (issue 19): the map's "view as SPARQL" filtered on the event's own date only, unlike /relations."""
    rows = list(_undated_event_from("2020-03-10").query(events_query(filters)))
    assert [row["when"].value for row in rows] == ["2020-03-10"] * found


@pytest.mark.parametrize(
    "filters, message",
    [
        ({"relation": "hugs"}, "unknown relation"),
        ({"since": "yesterday"}, "since must be a date"),
        ({"actor": "a b"}, "not an actor slug"),
    ],
)
def test_events_query_refuses_bad_filters(filters, message):
    with pytest.raises(ValueError, match=message):
        events_query(filters)


def test_links_keep_the_filters_and_drop_empty_ones():
    found = links({"relation": "backs", "actor": "iran", "since": None, "until": "2017-06-30", "depth": 2})
    assert found["map"] == "/map?relation=backs&actor=iran&until=2017-06-30"
    assert found["query"] == "/sparql?relation=backs&actor=iran&until=2017-06-30"
    assert found["graph"].startswith("/graph?") and "depth" not in found["graph"]
    assert links({})["map"] == "/map"
