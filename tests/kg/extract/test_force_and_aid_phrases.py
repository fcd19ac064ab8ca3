"""Phrases of force and of aid from a fourth pass over invented wire stories (Sahel, Ethiopia, Ukraine, Taiwan, Congo,
Colombia): who fought beside whom, whom help goes to, what a pledge or a sending gives, the two sides of a clash."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract.extraction import Extraction
from kg.ingest import Article


def _extract(extractor, text: str) -> list[Extraction]:
    return extractor.extract(Article(text=text, published=date(2024, 6, 3), source="t"))


def _pairs(extractor, text: str) -> set[tuple[str, str, str]]:
    return {(e.source.id, e.relation, e.target.id) for e in _extract(extractor, text) if not e.negated}


def test_those_fought_beside_fight_the_enemy_too(extractor):
    """ "X fought alongside Y against Z": Y fought Z as well as X did, and Z fought both."""
    pairs = _pairs(extractor, "Eritrean troops fought alongside Ethiopian forces against Tigrayan fighters.")
    assert {
        ("eritrea-military", "cooperatesMilitarily", "ethiopia-military"),
        ("eritrea-military", "fights", "tigrayan"),
        ("ethiopia-military", "fights", "tigrayan"),
        ("tigrayan", "fights", "ethiopia-military"),
    } <= pairs


def test_fighting_beside_with_no_enemy_named_is_cooperation_only(extractor):
    assert _pairs(extractor, "Russian troops fought alongside the Syrian army.") == {
        ("russian-military", "cooperatesMilitarily", "pro-assad-forces"),
        ("pro-assad-forces", "cooperatesMilitarily", "russian-military"),
    }


@pytest.mark.parametrize(
    "text, edge",
    [
        ("The US will help Ukraine fight Russia.", ("united-states", "aids", "ukraine")),
        ("Turkish drones helped Azerbaijan defeat Armenia.", ("turkish-military", "aids", "azerbaijan")),
        ("The US will help Ukraine defend itself.", ("united-states", "aids", "ukraine")),
    ],
)
def test_help_goes_to_whom_it_lets_act(extractor, text, edge):
    """ "help Ukraine fight Russia": the parser makes Ukraine the subject of "fight"; the help is Ukraine's."""
    assert edge in _pairs(extractor, text)


def test_help_to_act_is_future_when_it_is_promised(extractor):
    (aid,) = [e for e in _extract(extractor, "The US will help Ukraine fight Russia.") if e.relation == "aids"]
    assert aid.status == "intended"


def test_a_state_described_as_the_subject_of_a_helped_act_is_the_state_named_before(extractor):
    """ "to help the Andean country care for refugees": "the Andean country" is whom the help is given, so it is
    Colombia, named just before, and not an actor called "Andean"."""
    text = (
        "The United Nations is willing to send more resources to Colombia to help the Andean country care for refugees."
    )
    targets = {e.target.id for e in _extract(extractor, text) if e.relation == "aids"}
    assert "colombia" in targets
    assert "andean" not in targets


@pytest.mark.parametrize(
    "text",
    [
        "Russia launched a barrage of drones at Ukraine.",
        "Russia launched a wave of drones at Ukraine.",
        "Russia fired a salvo of missiles at Ukraine.",
    ],
)
def test_weapons_counted_by_a_measure_are_launched_at_the_target(extractor, text):
    """The parser hangs "at Ukraine" on the measure ("barrage"), not on the weapons it counts."""
    assert ("russia", "attacks", "ukraine") in _pairs(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        "China sent warships to the Taiwan Strait.",
        "The US sent warships to Israel.",
        "The US dispatched an aircraft carrier to the region.",
    ],
)
def test_warships_sent_are_not_arms_given(extractor, text):
    """A state sends its warships to show force; it does not give them away."""
    assert not any(e.relation == "arms" for e in _extract(extractor, text))


@pytest.mark.parametrize(
    "text, edge",
    [
        ("China sent warships around Taiwan on Monday.", ("china", "mobilizes", "taiwan")),
        ("Russia sent troops to the Belarusian border.", ("russia", "mobilizes", "belarus")),
        ("India sent more soldiers to the border with China.", ("india", "mobilizes", "china")),
    ],
)
def test_forces_sent_around_a_state_or_to_its_border_show_force(extractor, text, edge):
    assert edge in _pairs(extractor, text)


@pytest.mark.parametrize(
    "text, edge",
    [
        ("The Netherlands sent F-16 jets to Ukraine.", ("netherlands", "arms", "ukraine")),
        ("Egypt sold two frigates to Saudi Arabia.", ("egypt", "arms", "saudi-arabia")),
    ],
)
def test_warplanes_sent_and_warships_sold_are_arms(extractor, text, edge):
    assert _pairs(extractor, text) == {edge}


def test_an_offer_to_send_troops_is_made_to_where_they_would_go(extractor):
    """ "offered to send troops to Jordan": sending troops is aimed near or along a place, never "to" it, so "to
    Jordan" is whom the offer is made to."""
    text = "The Philippine president has offered to send troops to Jordan to help combat Islamist militants."
    assert ("philippines-government", "agrees", "jordan") in _pairs(extractor, text)


@pytest.mark.parametrize(
    "text, edge",
    [
        ("Germany pledged tanks to Ukraine.", ("germany", "arms", "ukraine")),
        ("Iran promised drones to Russia.", ("iran", "arms", "russia")),
        ("The EU pledged 50 billion euros to Ukraine.", ("european-union", "funds", "ukraine")),
    ],
)
def test_a_pledge_of_weapons_or_money_is_that_aid(extractor, text, edge):
    """Not an agreement: what is pledged says which aid it is, as with a verb of giving."""
    assert _pairs(extractor, text) == {edge}


@pytest.mark.parametrize(
    "text",
    [
        "Clashes between the Congolese army and M23 rebels killed 12 people.",
        "Clashes between the army and M23 rebels in North Kivu killed 12 people.",
    ],
)
def test_a_clash_between_a_force_and_named_rebels_has_both_sides(extractor, text):
    """The parser reads "the army and M23 rebels" as one phrase, rebels modified by "the army and M23"."""
    pairs = _pairs(extractor, text)
    assert ("democratic-republic-of-the-congo-military", "fights", "m23") in pairs
    assert ("m23", "fights", "democratic-republic-of-the-congo-military") in pairs
