"""Actors resolved by the article: generic names, the state in view, acronyms, agent nouns, dated roles."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc

from kg.extract.actor import Actor
from kg.extract.extraction import Extraction
from kg.extract.generics import is_acronym_use
from kg.extract.mentions import Mentions
from kg.extract.sectors import role_on
from kg.ingest import Article


def _extract(extractor, text: str, published: dt.date | None = dt.date(2019, 5, 1)) -> list[Extraction]:
    return extractor.extract(Article(text=text, published=published, source="t"))


def _ids(found: list[Extraction]) -> set[str]:
    return {a.id for e in found for a in (e.source, e.target)}


def _mention_ids(found: list[Extraction], text: str) -> set[str]:
    """The actor ids of the mentions written exactly `text`."""
    return {a.id for e in found for a in (e.source, e.target) if a.text == text}


def test_generics_rebels_in_a_yemen_story_are_the_houthis(extractor):
    found = _extract(
        extractor,
        "Houthi rebels seized the port of Hodeidah in Yemen. "
        "Government forces later attacked the rebels near the airport.",
    )
    assert _mention_ids(found, "rebels") == {"houthis"}
    assert "syrian-rebels" not in _ids(found)


def test_generics_rebels_in_a_mali_story_are_malian_rebels(extractor):
    found = _extract(
        extractor, "Fighting spread across northern Mali on Sunday. The rebels clashed with the army near Gao."
    )
    assert {"mali-rebels", "mali-military"} <= _ids(found)
    assert "syrian-rebels" not in _ids(found)


@pytest.mark.parametrize(
    ("text", "edge"),
    [
        ("Saudi-led jets struck a market in Saada on Monday.", ("saudi-led-coalition", "strikes", "yemen")),
        ("Saudi-led warplanes bombed a Houthi camp.", ("saudi-led-coalition", "bombs", "houthis")),
        ("US-led forces bombed Islamic State fighters near Raqqa.", ("us-led-coalition", "bombs", "isis")),
    ],
)
def test_generics_a_led_force_is_the_coalition_its_leader_leads(extractor, text, edge):
    """ "Saudi-led jets": the Saudi-led coalition's jets ("Saudi" alone leads someone else's act: no actor of its own,
    and no edge at all before)."""
    assert [(e.source.id, e.relation, e.target.id) for e in _extract(extractor, text)] == [edge]


@pytest.mark.parametrize(
    ("two_words", "one_word"),
    [
        (
            "An Israeli air strike killed three Hamas militants in Gaza.",
            "An Israeli airstrike killed three Hamas militants in Gaza.",
        ),
        ("Russian war planes bombed rebel positions in Idlib.", "Russian warplanes bombed rebel positions in Idlib."),
    ],
)
def test_generics_an_agent_noun_in_two_words_is_the_one_word_noun(extractor, two_words, one_word):
    """ "air strike" is an airstrike: the state's forces, as for the one word (it was the state itself)."""
    edges = [
        [(e.source.id, e.relation, e.target.id) for e in _extract(extractor, text)] for text in (two_words, one_word)
    ]
    assert edges[0] == edges[1] and edges[0] and edges[0][0][0] in {"israel-defense-forces", "russian-military"}


@pytest.mark.parametrize(
    ("text", "edge"),
    [
        ("Russian jets killed 20 rebels in Idlib.", ("russian-military", "kills", "syria-rebels")),
        ("Syrian troops killed rebels in Idlib province.", ("pro-assad-forces", "kills", "syria-rebels")),
        (
            "Pakistan Army launched an offensive against militants in South Waziristan.",
            ("pakistan-military", "assaults", "pakistan-gunmen"),
        ),
        ("Nigerian troops killed 15 insurgents near Maiduguri.", ("nigeria-military", "kills", "nigeria-rebels")),
    ],
)
def test_generics_fighters_in_a_place_are_of_its_state(extractor, text, edge):
    """ "rebels in Idlib" are Syria's rebels, whoever strikes them ("in" was read as an affiliation, "soldiers in
    the army", and the sentence gave no edge)."""
    assert [(e.source.id, e.relation, e.target.id) for e in _extract(extractor, text)] == [edge]


def test_generics_fighters_in_a_place_are_a_group_of_its_state_named_before(extractor):
    found = _extract(extractor, "Houthi rebels attacked Aden. Later, rebels in Saada fired missiles at Saudi Arabia.")
    assert ("houthis", "saudi-arabia") in {(e.source.id, e.target.id) for e in found}
    assert "yemen-rebels" not in _ids(found)


def test_generics_a_described_actor_is_named_without_its_count(extractor):
    """ "20 rebels" and "30 rebels" are the same described actor, not one per count."""
    ids = [_ids(_extract(extractor, f"Russian jets killed {count} rebels.")) for count in ("20", "at least 30")]
    assert ids[0] == ids[1] == {"russian-military", "rebels"}


@pytest.mark.parametrize(
    ("text", "edge"),
    [
        ("Fighters loyal to Haftar attacked Tripoli.", ("libyan-national-army", "attacks", "libya")),
        ("Forces loyal to the Houthis shelled Saudi Arabia.", ("houthis", "shells", "saudi-arabia")),
    ],
)
def test_generics_forces_loyal_to_someone_are_theirs(extractor, text, edge):
    """ "fighters loyal to Haftar": the army he commands (no edge before: the phrase named no one)."""
    assert [(e.source.id, e.relation, e.target.id) for e in _extract(extractor, text)] == [edge]


def test_generics_an_affiliate_is_of_its_own_state_not_its_networks(extractor):
    """al-Shabaab (SOMINS) is a member of al-Qaeda, which has no state: "the army" it attacks is Somalia's (it was
    no one, the state in view being lost on the way up)."""
    found = _extract(extractor, "The army repelled an attack by al-Shabaab on its base.")
    assert ("al-shabaab", "attacks", "somalia-military") in {(e.source.id, e.relation, e.target.id) for e in found}


def test_generics_an_armed_group_with_a_codebook_code_is_of_its_state(extractor):
    """The PKK is TURREB in the PETRARCH dictionaries: "the army" it is killed by is Turkey's (no edge before)."""
    found = _extract(extractor, "The army killed 12 PKK militants.")
    assert [(e.source.id, e.relation, e.target.id) for e in found] == [("turkish-military", "kills", "pkk")]


@pytest.mark.parametrize("text", ["Hezbollah attacked an army post.", "Hamas attacked a military base."])
def test_generics_a_group_at_war_with_another_state_makes_no_army_its_own_states(extractor, text):
    """Hezbollah's and Hamas's wars are with Israel: "an army post" they strike is not Lebanon's or Palestine's."""
    assert not {"lebanon-military", "palestine-military"} & _ids(_extract(extractor, text))


@pytest.mark.parametrize(
    ("text", "edge"),
    [
        ("The army fought the ELN.", ("colombia-military", "fights", "eln")),
        ("Fano militiamen clashed with federal forces in Amhara.", ("fano", "fights", "federal-forces")),
        ("The TPLF accused Eritrean troops of killing civilians.", ("tplf", "accuses", "eritrea-military")),
    ],
)
def test_generics_armed_groups_of_current_wars_are_known(extractor, text, edge):
    """ELN, TPLF, Fano, ADF, the Arakan and Kachin armies are in the gazetteer, ELN and TPLF with their codebook
    codes (they were unknown actors named as NER read them: "eln-guerrillas", "fano-militia")."""
    assert edge in {(e.source.id, e.relation, e.target.id) for e in _extract(extractor, text)}


def test_generics_coalition_after_a_saudi_led_strike_is_that_coalition(extractor):
    found = _extract(
        extractor, "A Saudi-led air strike hit a wedding in Yemen. The coalition said it had targeted Houthi fighters."
    )
    assert "saudi-led-coalition" in _ids(found)
    assert "us-led-coalition" not in _ids(found)


def test_generics_coalition_is_the_last_coalition_named(extractor):
    found = _extract(
        extractor,
        "NATO met in Brussels. The US-led coalition bombed ISIS in Raqqa. "
        "Coalition aircraft also struck ISIS near Mosul.",
    )
    assert _mention_ids(found, "Coalition aircraft") == {"us-led-coalition"}


def test_generics_without_context_stay_described(extractor):
    found = _extract(extractor, "The rebels attacked the coalition forces overnight.")
    assert not _ids(found) & {"syrian-rebels", "us-led-coalition"}
    assert all(a.type != "State" for e in found for a in (e.source, e.target))


def test_generics_the_army_is_the_state_in_views(extractor):
    found = _extract(
        extractor,
        "Sudan's ruling council met in Khartoum. The army accused the Rapid Support Forces of shelling Omdurman.",
    )
    assert _mention_ids(found, "army") == {"sudan-military"}


def test_generics_own_troops_are_not_the_target(extractor):
    found = _extract(extractor, "Turkey mobilized troops against the Kurds.")
    assert ("turkey", "turkey-military") not in {(e.source.id, e.target.id) for e in found}


def test_generics_a_states_rebels_act_on_its_own_forces_and_government(extractor):
    """The state's insurgents are no part of it: their targets are its soldiers, police and government."""
    pairs = {
        (e.source.id, e.target.id)
        for text in (
            "Taliban militants killed 10 soldiers in Helmand on Monday.",
            "Houthi rebels attacked police in Aden.",
            "Houthi rebels accused the government of breaking the truce.",
        )
        for e in _extract(extractor, text)
    }
    assert {("taliban", "afghanistan-military"), ("houthis", "yemen-police"), ("houthis", "yemen-government")} <= pairs


def test_generics_a_leaders_own_troops_are_no_side(extractor):
    """A person of the state (not one of its rebels) moves its troops; they are not what he acts on."""
    text = "Vladimir Putin inspected troops near Rostov."
    mentions = Mentions(extractor.nlp(text), extractor.gazetteer, extractor.lexicon, dt.date(2019, 5, 1))
    assert mentions.of_noun(next(t for t in mentions.doc if t.text == "troops")) == []


def test_generics_agent_nouns_are_the_states_sectors(extractor):
    found = _extract(extractor, "Yemeni police arrested dozens of protesters in Aden.")
    pairs = {(e.source.id, e.relation, e.target.id) for e in found}
    assert ("yemen-police", "coerces", "yemen-opposition") in pairs
    police = next(e.source for e in found if e.source.id == "yemen-police")
    assert police.part_of == "yemen" and police.cameo == "YEMCOP"


def test_generics_militants_of_a_state_are_not_its_military(extractor):
    found = _extract(extractor, "Nigerian troops killed militants in Borno.")
    assert ("nigeria-military", "nigeria-gunmen") in {(e.source.id, e.target.id) for e in found}


def test_generics_acronym_joins_its_full_name(extractor):
    found = _extract(
        extractor,
        "The Rapid Support Forces (RSF) attacked Sudanese troops in Khartoum. "
        "RSF fighters also shelled a hospital, the Sudanese army said, accusing the RSF of war crimes.",
    )
    assert "rsf" not in _ids(found)
    assert {e.source.id for e in found if "RSF" in e.source.text} == {"rapid-support-forces"}


def test_generics_acronym_of_an_unknown_name_is_one_actor(extractor):
    found = _extract(
        extractor,
        "The Sahel Liberation Front (SLF) attacked Malian soldiers near Mopti. "
        "Malian troops later attacked the SLF in Segou.",
    )
    slf = {a.id for e in found for a in (e.source, e.target) if "SLF" in a.text or "Sahel" in a.text}
    assert len(slf) == 1


def test_generics_acronym_that_is_an_english_word_needs_a_proper_noun(extractor):
    words, tags = ["WHAT", "IS", "IS"], ["WP", "VBZ", "NNP"]
    doc = Doc(extractor.nlp.vocab, words=words, tags=tags)
    assert [is_acronym_use(t, "IS") for t in doc] == [False, False, True]
    doc = Doc(extractor.nlp.vocab, words=["RSF", "rsf"], tags=["VBZ", "NN"])
    assert [is_acronym_use(t, "RSF") for t in doc] == [True, False]


def test_generics_person_acts_for_whom_the_date_says(extractor):
    karzai = extractor.gazetteer.actor("Hamid Karzai")
    assert karzai is not None and karzai.type == "Person"
    hekmatyar = extractor.gazetteer.actor("Gulbuddin Hekmatyar")
    in_office = _extract(extractor, "Gulbuddin Hekmatyar condemned Pakistan.", dt.date(1994, 1, 10))
    later = _extract(extractor, "Gulbuddin Hekmatyar condemned Pakistan.", dt.date(2017, 1, 10))
    assert {e.source.id for e in in_office} == {"afghanistan-government"}
    assert {e.source.id for e in later} == {hekmatyar.slug}


def test_generics_role_on_picks_the_role_holding_that_day():
    person = Actor(
        slug="p",
        label="P",
        type="Person",
        cameo="XYZELI",
        roles=(("XYZGOV", 20100101, 20141231), ("XYZMIL", 20150101, 99991231)),
    )
    assert role_on(person, dt.date(2012, 6, 1)) == "XYZGOV"
    assert role_on(person, dt.date(2017, 6, 1)) == "XYZMIL"
    assert role_on(person, dt.date(2001, 6, 1)) == "XYZELI"
    assert role_on(person, None) == "XYZMIL"


def test_generics_rebels_the_subjects_state_attacks_are_not_its_own(extractor):
    found = _extract(extractor, "Russian jets bombed the rebels.")
    assert {e.target.id for e in found} == {"rebels"} and "russia-rebels" not in _ids(found)
