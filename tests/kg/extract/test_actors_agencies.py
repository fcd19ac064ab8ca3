"""Actors of any theatre: national agencies by name and acronym, acronyms two actors share (picked by the state
in view or by the full name the article writes), and event places found by another spelling. Sentences are
invented."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.acronyms import SharedAcronym, theatre_owner
from kg.extract.actor import Actor
from kg.extract.mentions import Mentions
from kg.ingest import Article


def _extract(extractor, text: str):
    return extractor.extract(Article(text=text, published=dt.date(2021, 5, 1), source="t"))


def _mentions(extractor, text: str) -> Mentions:
    return Mentions(extractor.nlp(text), extractor.gazetteer, extractor.lexicon)


def _actor_of(extractor, text: str, word: str) -> str | None:
    """The actor slug of the first token written `word`."""
    mentions = _mentions(extractor, text)
    token = next(t for t in mentions.doc if t.text == word)
    found = mentions.at(token)
    return found.actor.slug if found else None


@pytest.mark.parametrize(
    "name, slug",
    [
        ("ICE", "us-government"),
        ("DHS", "us-government"),
        ("Department of Homeland Security", "us-government"),
        ("Customs and Border Protection", "us-government"),
        ("Justice Department", "us-government"),
        ("Secret Service", "united-states-police"),
        ("SBU", "ukraine-intelligence"),
        ("Tatmadaw", "myanmar-military"),
        ("Bundeswehr", "germany-military"),
        ("Philippine National Police", "philippines-police"),
        ("Department of State Services", "nigeria-intelligence"),
        ("National Directorate of Security", "afghanistan-intelligence"),
    ],
)
def test_actors_agencies_named_by_name_or_acronym(extractor, name, slug):
    found = extractor.gazetteer.actor(name)
    assert found is not None and found.slug == slug


def test_actors_agency_acronym_in_capitals_only(extractor):
    """ "ICE" is the US agency, though spaCy lemmatises it as the noun "ice"; "Ice" and "ice" are not."""
    found = _extract(extractor, "ICE returned 12 stolen paintings to the government of Peru.")
    assert ("us-government", "peru-government") in {(e.source.id, e.target.id) for e in found}
    assert _actor_of(extractor, "Ice closed the road to Kabul.", "Ice") is None


def test_actors_hand_written_sub_actor_keeps_the_generated_names(extractor):
    military = extractor.gazetteer.actors["germany-military"]
    assert {"Bundeswehr", "German armed forces"} <= {military.label, *military.aliases}
    assert extractor.gazetteer.actor("German military").slug == "germany-military"


@pytest.mark.parametrize(
    "text, slug",
    [
        ("RSF fighters shelled El Fasher in Darfur.", "rapid-support-forces"),
        ("RSF condemned Turkey for jailing journalists.", "reporters-without-borders"),
        ("AFP soldiers clashed with Abu Sayyaf militants in Sulu, Philippines.", "philippines-military"),
        ("AFP reported that Israel struck Gaza.", "agence-france-presse"),
        ("TIP fighters attacked Syrian troops near Idlib.", "turkistan-islamic-party"),
    ],
)
def test_actors_shared_acronym_by_the_state_in_view(extractor, text, slug):
    assert _actor_of(extractor, text, text.split()[0]) == slug


def test_actors_shared_acronym_elsewhere_unknown_is_its_own_actor(extractor):
    text = "The State Department's TIP report criticised Malaysia."
    assert _actor_of(extractor, text, "TIP") == "tip"


def test_actors_shared_acronym_with_no_state_in_view_keeps_its_owner(extractor):
    assert _actor_of(extractor, "RSF fighters attacked the army.", "RSF") == "rapid-support-forces"


def test_actors_full_name_written_before_an_acronym_wins(extractor):
    text = "Reporters Without Borders (RSF) condemned the arrest. RSF said the Rapid Support Forces detained him."
    mentions = _mentions(extractor, text)
    slugs = [(t.text, m.actor.slug) for t in mentions.doc if (m := mentions.at(t)) and t.text in ("RSF", "Rapid")]
    assert slugs == [
        ("RSF", "reporters-without-borders"),
        ("RSF", "reporters-without-borders"),
        ("Rapid", "rapid-support-forces"),
    ]


def test_actors_theatre_owner_table():
    actors = {"a": Actor(slug="a", label="A", type="ArmedGroup"), "b": Actor(slug="b", label="B", type="Organization")}
    shared = SharedAcronym({"SDN": "a"}, "b")
    sudan = Actor(slug="sudan", label="Sudan", type="State", cameo="SDN")
    turkey = Actor(slug="turkey", label="Turkey", type="State", cameo="TUR")
    assert theatre_owner("AB", shared, sudan, actors).slug == "a"
    assert theatre_owner("AB", shared, turkey, actors).slug == "b"
    assert theatre_owner("AB", shared, None, actors) is None
    unknown = theatre_owner("AB", SharedAcronym({"SDN": "a"}, ""), turkey, actors)
    assert (unknown.slug, unknown.type) == ("ab", "UnknownActor")
    # another state in view, but the article names a theatre of the acronym's too: that theatre's owner
    assert theatre_owner("AB", shared, turkey, actors, ["TUR", "SDN"]).slug == "a"
    assert theatre_owner("AB", shared, turkey, actors, ["TUR", "EGY"]).slug == "b"


def test_actors_every_shared_acronym_names_known_actors(extractor):
    for owners in extractor.gazetteer.shared_acronyms.values():
        for slug in (*owners.by_state.values(), owners.elsewhere):
            assert not slug or slug in extractor.gazetteer.actors


def test_places_another_spelling_only_in_the_state_in_view(extractor):
    """GeoNames spells Bonn "Boni" too: a Mali story's "near Boni" is no German city; "Bombay" is Mumbai."""
    index = extractor.gazetteer.place_index
    assert index.in_theatre("Boni", "MLI") is None
    assert index.in_theatre("Bonn", "MLI").label == "Bonn"
    assert index.in_theatre("Bombay", None).label == "Mumbai"
    (event,) = _extract(extractor, "Jihadists attacked Malian soldiers near Boni.")
    assert (event.place.id, event.place.lat) == ("boni", None)


def test_actors_opponents_of_a_government_are_its_states_opposition(extractor):
    found = _extract(extractor, "Opponents of the Maldives government clashed with police on Friday.")
    assert ("maldives-opposition", "maldives-police") in {(e.source.id, e.target.id) for e in found}
    text = "Critics of President Erdogan accused the Turkish police of torture."
    assert "turkey-opposition" in {e.source.id for e in _extract(extractor, text)}


def test_actors_opponents_of_a_group_are_not_the_group(extractor):
    text = "Opponents of the Taliban accused Pakistan of arming them."
    assert "taliban" not in {e.source.id for e in _extract(extractor, text)}


def test_actors_ministry_without_its_state_is_the_state_in_view(extractor):
    found = _extract(extractor, "Egyptian police raided the camp. The Interior Ministry said it arrested 20 militants.")
    assert "egypt-government" in {e.source.id for e in found if "Ministry" in e.source.text}


def test_actors_generic_subject_is_not_its_objects_own_government(extractor):
    """ "The Prime Minister accused Pakistan": the one state in view is the object, so not its prime minister."""
    found = _extract(extractor, "The Prime Minister accused Pakistan of backing militants in Kashmir.")
    sources = {e.source.id for e in found if e.source.text == "Prime Minister"}
    assert sources and "pakistan-government" not in sources


def test_actors_dateline_agency_is_not_the_town_before_it(extractor):
    """ "KABUL (AFP)": the town of a dateline names no acronym; AFP stays the agency (no state but Afghanistan in
    view, whose military it would be only in a Philippine story)."""
    text = "KABUL (AFP) - Taliban fighters attacked Afghan troops, AFP reported."
    mentions = _mentions(extractor, text)
    assert {m.actor.slug for t in mentions.doc if t.text == "AFP" and (m := mentions.at(t))} == {"agence-france-presse"}
