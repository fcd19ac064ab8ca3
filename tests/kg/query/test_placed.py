"""placed_events: dated events at places with coordinates, filtered like the graph page; and the overview."""

from datetime import date

import pytest

from kg.model import SPARQL_PROLOGUE, relation_family
from kg.query.overview import overview
from kg.query.placed import placed_events, undated_placed_count
from kg.store import open_store

# Dated: by its own date, else its article's (as every view's since/until, kg.query.views.WHEN).
_PLACED_EVENTS = (
    SPARQL_PROLOGUE
    + """SELECT DISTINCT ?e WHERE { ?e ckg:place ?p . ?p geo:lat ?lat
  { ?e ckg:date ?d } UNION { ?e prov:wasDerivedFrom/dcterms:date ?published } }"""
)


def test_placed_events_are_every_dated_event_at_a_place_with_coordinates(seeded_store):
    events = placed_events(seeded_store)
    expected = {row["e"].value.rsplit("/", 1)[1] for row in seeded_store.query(_PLACED_EVENTS)}
    assert events and {e.event for e in events} == expected
    assert [e.date for e in events] == sorted(e.date for e in events)
    assert all(-90 <= e.lat <= 90 and -180 <= e.long <= 180 and e.sentence and e.place for e in events)


def test_placed_events_status_tells_facts_from_claims(seeded_store):
    events = placed_events(seeded_store)
    assert {e.status for e in events} <= {"fact", "claim", "denied", "announced"}
    stated = [e for e in events if e.status in ("fact", "claim")]
    assert all((e.status == "claim") == (e.attributed_to is not None) for e in stated)
    assert {"fact", "claim"} <= {e.status for e in stated}


def test_placed_events_relation_filter_keeps_the_family(seeded_store):
    strikes = placed_events(seeded_store, relation="strikes")
    assert strikes and all(e.relation in relation_family("strikes") for e in strikes)
    assert len(strikes) < len(placed_events(seeded_store))


def test_placed_events_actor_and_date_filters(seeded_store):
    events = placed_events(seeded_store)
    actor = events[0].agent
    mine = placed_events(seeded_store, actor=actor)
    assert mine and all(actor in (e.agent, e.target) for e in mine)
    last = max(e.date for e in events)
    assert all(e.date == last for e in placed_events(seeded_store, since=last))
    assert all(e.date < last for e in placed_events(seeded_store, until=date.fromordinal(last.toordinal() - 1)))


def test_placed_events_refuse_unknown_relation_and_bad_slug(seeded_store):
    with pytest.raises(KeyError, match="unknown relation"):
        placed_events(seeded_store, relation="hugs")
    with pytest.raises(ValueError):
        placed_events(seeded_store, actor="not a slug>")


def test_undated_placed_count_counts_what_the_map_leaves_out(seeded_store):
    assert undated_placed_count(seeded_store) >= 0
    empty = open_store("memory")
    assert undated_placed_count(empty) == 0 and placed_events(empty) == []


def test_overview_counts_and_dates(seeded_store):
    summary = overview(seeded_store)
    articles = len(list(seeded_store.query(SPARQL_PROLOGUE + "SELECT ?a WHERE { ?a a ckg:Article }")))
    events = len(list(seeded_store.query(SPARQL_PROLOGUE + "SELECT ?e WHERE { ?e ckg:relation ?r }")))
    assert (summary.articles, summary.events) == (articles, events)
    assert summary.actors > 5 and summary.first <= summary.last
    strikes = [e for e in placed_events(seeded_store, relation="strikes")]
    assert summary.busiest_strike_place.place in {e.place for e in strikes}
    assert summary.most_quoted and summary.most_quoted_label


def test_overview_of_an_empty_store():
    summary = overview(open_store("memory"))
    assert (summary.articles, summary.actors, summary.events, summary.first) == (0, 0, 0, None)
    assert summary.busiest_strike_place is None and summary.most_quoted is None


def _placed_event(store, name: str, **facts) -> None:
    from rdflib import Literal, URIRef

    from kg.model import ACTOR, CKG, EVENT, GEO, PLACE

    event, place = EVENT[name], PLACE["somewhere"]
    store.add(
        [
            (event, CKG.relation, CKG.strikes),
            (event, CKG.agent, ACTOR["a"]),
            (event, CKG.target, ACTOR["b"]),
            (event, CKG.place, place),
            (place, GEO.lat, Literal(1.0)),
            (place, GEO.long, Literal(2.0)),
            (event, CKG.date, Literal("2020-01-02", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))),
        ]
        + [(event, CKG[key], Literal(value)) for key, value in facts.items()]
    )


def test_placed_events_mark_denied_and_announced_events():
    store = open_store("memory")
    _placed_event(store, "0000000000000001", negated=True)
    _placed_event(store, "0000000000000002", negated=False, modality="intent")
    _placed_event(store, "0000000000000003", negated=False)
    found = {e.event: (e.status, e.modality) for e in placed_events(store)}
    assert found == {
        "0000000000000001": ("denied", None),
        "0000000000000002": ("announced", "intent"),
        "0000000000000003": ("fact", None),
    }
