"""Phrases of wire stories from seven more theatres (Yemen, Congo, Pakistan, Israel and Iran, Somalia, Syria, Sudan),
one invented sentence each: whose forces a phrase names, who says so, and what an act counted or placed falls on."""

from __future__ import annotations

import pytest

from tests.kg.extract.stories import extract as _extract
from tests.kg.extract.stories import pairs as _pairs

# Whose forces ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, edge",
    [
        (
            "Pakistani fighter jets bombed hideouts of the Pakistani Taliban.",
            ("pakistan-military", "bombs", "pakistani-taliban"),
        ),
        ("Israeli fighter jets struck Hezbollah targets.", ("israel-defense-forces", "strikes", "hezbollah")),
        ("Turkish army troops shelled Kurdish positions.", ("turkish-military", "shells", "kurdish")),
    ],
)
def test_a_state_adjective_on_a_compound_names_whose_forces_they_are(extractor, text, edge):
    """ "Pakistani" hangs on "fighter", not on "jets"; it still says whose jets they are."""
    assert edge in _pairs(extractor, text)


def test_coordinated_state_adjectives_name_each_state(extractor):
    """ "American and British warplanes": the parser hangs "British" on "American"; both struck."""
    assert _pairs(extractor, "American and British warplanes struck Houthi radar sites.") == {
        ("us-military", "strikes", "houthis"),
        ("united-kingdom-military", "strikes", "houthis"),
    }


@pytest.mark.parametrize(
    "text, edge",
    [
        ("The US said its forces had struck Houthi targets.", ("us-military", "strikes", "houthis")),
        ("Russia said its jets struck rebel positions in Idlib.", ("russian-military", "strikes", "syria-rebels")),
        ("Russia said its forces killed 30 Ukrainian soldiers.", ("russian-military", "kills", "ukraine-military")),
    ],
)
def test_its_forces_are_the_forces_of_the_one_it_stands_for(extractor, text, edge):
    assert _pairs(extractor, text) == {edge}


def test_an_object_owned_by_their_is_another_side_than_the_subject(extractor):
    """ "Baghdad's forces had attacked their fighters": their = the Kurds, not Baghdad's forces."""
    found = _pairs(extractor, "The Kurds said Baghdad's forces had attacked their fighters near Kirkuk.")
    assert found == {("iraqi-forces", "attacks", "kurds")}


@pytest.mark.parametrize(
    "text, edge",
    [
        (
            "Rebels led by Hayat Tahrir al-Sham attacked government forces.",
            ("hayat-tahrir-al-sham", "attacks", "pro-assad-forces"),
        ),
        ("Forces led by Khalifa Haftar attacked Tripoli.", ("libyan-national-army", "attacks", "libya")),
        ("A coalition led by Saudi Arabia bombed Houthi positions.", ("saudi-led-coalition", "bombs", "houthis")),
        ("An alliance led by the United States struck the Houthis.", ("us-led-coalition", "strikes", "houthis")),
    ],
)
def test_fighters_led_by_someone_are_their_side(extractor, text, edge):
    assert _pairs(extractor, text) == {edge}


@pytest.mark.parametrize(
    "text, source",
    [
        ("Islamist rebels attacked government forces in Syria.", "islamist-rebels"),
        ("Sunni militants attacked a Shiite mosque in Baghdad.", "sunni-militants"),
    ],
)
def test_a_creed_describes_fighters_and_is_no_side(extractor, text, source):
    """NER tags "Islamist" as a nationality; it says what the rebels are, not who."""
    assert {s for s, _, _ in _pairs(extractor, text)} == {source}


@pytest.mark.parametrize(
    "text, edge",
    [
        (
            "U.S. Africa Command conducted an airstrike against al-Shabaab.",
            ("us-africa-command", "airStrikes", "al-shabaab"),
        ),
        ("AFRICOM conducted an airstrike against al-Shabaab.", ("us-africa-command", "airStrikes", "al-shabaab")),
    ],
)
def test_a_us_combatant_command_is_a_part_of_the_us_military(extractor, text, edge):
    found = _extract(extractor, text)
    assert {(e.source.id, e.relation, e.target.id) for e in found} == {edge}
    assert {e.source.part_of for e in found} == {"us-military"}


def test_the_agency_of_a_dateline_is_never_the_doer(extractor):
    """ "ISLAMABAD (Reuters) — Fighter jets bombed…": the parser made "Reuters" a second subject of "bombed"."""
    found = _pairs(extractor, "ISLAMABAD (Reuters) — Fighter jets bombed hideouts of the Pakistani Taliban.")
    assert not any(source == "reuters" for source, _, _ in found)


# The context ----------------------------------------------------------------------------------------------------


def test_the_army_is_the_state_of_the_lead_not_of_the_rebels_sponsor(extractor):
    """The lead sets the story in Congo; Rwanda is named as M23's backer there, and more often after."""
    text = (
        "GOMA, Congo — M23 rebels backed by Rwanda advanced on the eastern Congolese town of Sake, shelling army "
        "positions. Rwanda denies supporting the rebels. Experts said Rwandan troops fight alongside M23. "
        "The United States sanctioned a Rwandan general. Kinshasa accused Rwanda of plundering minerals."
    )
    assert ("m23", "shells", "democratic-republic-of-the-congo-military") in _pairs(extractor, text)


@pytest.mark.parametrize(
    "tie",
    ["The al-Qaida-linked group claimed responsibility.", "The group is linked to al-Qaida."],
)
def test_a_group_named_as_anothers_tie_is_no_antecedent(extractor, tie):
    text = f"Al-Shabaab militants attacked a police station in Mogadishu. {tie} Somali troops drove out the militants."
    found = _pairs(extractor, text)
    assert not any("al-qaeda" in (s, t) for s, _, t in found)


# Acts counted, said, placed -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, edge",
    [
        ("Israel launched a wave of airstrikes on Iran.", ("israel", "airStrikes", "iran")),
        ("Israel carried out a series of strikes on Hezbollah.", ("israel", "strikes", "hezbollah")),
        ("Iran held a new round of talks with the United States.", ("iran", "consults", "united-states")),
    ],
)
def test_events_counted_by_a_measure_noun_are_the_events(extractor, text, edge):
    assert edge in _pairs(extractor, text)


def test_what_a_subject_says_in_a_participle_clause_is_reported(extractor):
    """ "The Houthis vowed to retaliate, saying the strikes killed…": the Houthis say so; it is no fact."""
    found = _extract(
        extractor,
        "US jets struck the Houthis. The Houthis vowed to retaliate, saying the strikes killed three of their fighters.",
    )
    kills = [e for e in found if e.relation == "kills"]
    assert kills and {e.status for e in kills} == {"reported"}
    assert {e.attributed_to.id for e in kills if e.attributed_to} == {"houthis"}


@pytest.mark.parametrize(
    "text, edge",
    [
        ("Israel struck weapons depots near Damascus.", ("israel", "strikes", "syria")),
        ("Russian missiles hit a power plant outside Kyiv.", ("russia", "strikes", "ukraine")),
    ],
)
def test_a_facility_struck_near_a_town_falls_on_the_state_it_lies_in(extractor, text, edge):
    assert _pairs(extractor, text) == {edge}


def test_a_rejected_act_is_not_done_by_whoever_did_it_last(extractor):
    """ "rejected any cooperation with the ICC": no cooperation, so none to lend the last cooperators."""
    found = _pairs(
        extractor,
        "Pakistan and Afghanistan agreed to cooperate. Myanmar's government rejected any cooperation with the ICC.",
    )
    assert ("myanmar-government", "rejects", "international-criminal-court") in found
    assert not any(t == "international-criminal-court" and r == "cooperates" for _, r, t in found)


# Places and sides of a war named by its own names ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, edge",
    [
        (
            "Militants stormed an army post in North Waziristan, killing seven soldiers.",
            ("pakistan-gunmen", "assaults", "pakistan-military"),
        ),
        (
            "The army shelled rebel positions in North Kivu.",
            ("democratic-republic-of-the-congo-military", "shells", "democratic-republic-of-the-congo-rebels"),
        ),
    ],
)
def test_a_district_of_a_war_sets_the_state_of_its_army(extractor, text, edge):
    assert _pairs(extractor, text) == {edge}


def test_the_army_the_rsf_fights_is_sudans(extractor):
    """No state named: the RSF's war is with Sudan's army."""
    assert _pairs(extractor, "Fighting raged between the army and the RSF.") == {
        ("sudan-military", "fights", "rapid-support-forces"),
        ("rapid-support-forces", "fights", "sudan-military"),
    }


@pytest.mark.parametrize(
    "text, edge",
    [
        (
            "The RSF shelled the besieged city of El Fasher in Sudan's Darfur region.",
            ("rapid-support-forces", "shells", "sudan"),
        ),
        ("Boko Haram fighters attacked a village in Nigeria's Borno state.", ("boko-haram", "attacks", "nigeria")),
    ],
)
def test_an_armed_group_striking_its_own_states_land_strikes_the_state(extractor, text, edge):
    assert _pairs(extractor, text) == {edge}


# Claims and pairs ------------------------------------------------------------------------------------------------


def test_a_charge_denied_after_it_leaves_the_charging_a_fact(extractor):
    """ "…, a charge Kigali denies": the parser makes the accusation a clause of "denies"; the accusing was done,
    only what it says is denied (and stays alleged)."""
    found = _extract(extractor, "Kinshasa accuses Rwanda of backing the M23, a charge Kigali denies.")
    status = {(e.source.id, e.relation, e.target.id): e.status for e in found}
    assert status == {
        ("democratic-republic-of-the-congo", "accuses", "rwanda"): "fact",
        ("rwanda", "backs", "m23"): "alleged",
    }


def test_an_attack_blamed_on_someone_is_theirs_not_an_attack_on_them(extractor):
    """ "blamed the April attack on Pakistan-based militants": the militants made it."""
    found = _pairs(
        extractor,
        "Gunmen killed 26 tourists in Kashmir. New Delhi blamed the April attack on Pakistan-based militants.",
    )
    assert ("india", "accuses", "pakistan-based-militants") in found
    assert not any(t == "pakistan-based-militants" and r == "attacks" for _, r, t in found)


def test_a_number_of_its_jets_are_its_forces(extractor):
    assert _pairs(extractor, "Pakistan said five of its fighter jets shot down Indian aircraft.") == {
        ("pakistan-military", "attacks", "india-military")
    }


def test_its_ally_is_another_side_than_the_last_one_named(extractor):
    """ "Turkey voiced support for its ally": not France, named before; the ally is not said."""
    found = _pairs(extractor, "France condemned the offensive, while Turkey voiced support for its ally.")
    assert ("turkey", "supports", "france") not in found


@pytest.mark.parametrize(
    "text, edges",
    [
        (
            "India and Pakistan traded fire. The United States urged both countries to de-escalate.",
            {("united-states", "requests", "india"), ("united-states", "requests", "pakistan")},
        ),
        (
            "Congo accused Rwanda of backing M23. Angola has mediated talks between the two governments.",
            {
                ("angola", "consults", "democratic-republic-of-the-congo-government"),
                ("angola", "consults", "rwanda-government"),
            },
        ),
    ],
)
def test_both_countries_are_the_last_two_named_but_the_subject(extractor, text, edges):
    found = _pairs(extractor, text)
    assert edges <= found
    assert not any(s == "angola" and t == "angola-government" for s, _, t in found)


def test_a_pact_formed_with_someone_is_an_agreement_of_both(extractor):
    assert _pairs(extractor, "Mali formed a military alliance with Niger.") == {
        ("mali", "agrees", "niger"),
        ("niger", "agrees", "mali"),
    }


def test_the_two_countries_are_the_two_named_most(extractor):
    """The US is named last before "the two countries", but the story is Israel's and Iran's."""
    text = (
        "Israel launched airstrikes on Iran. Iran fired missiles at Israel, and Israel said it intercepted most. "
        "The United States helped. Qatar offered to mediate between the two countries."
    )
    mediated = {t for s, _, t in _pairs(extractor, text) if s == "qatar"}
    assert mediated == {"israel", "iran"}


def test_their_with_two_doers_is_theirs(extractor):
    """ "urged both neighbours to resolve their differences": no third side's differences."""
    found = _pairs(
        extractor,
        "Pakistan and Afghanistan traded fire. China urged both neighbours to resolve their differences.",
    )
    assert {("china", "requests", "pakistan"), ("china", "requests", "afghanistan")} <= found
    assert not any(t == "china" for _, _, t in found)


def test_a_subject_that_names_no_one_we_know_lends_no_doer(extractor):
    """ "Southern African countries have sent soldiers": not the EU, which acted last."""
    found = _pairs(
        extractor,
        "The European Union has funded the Rwandan deployment, and Southern African countries have sent soldiers "
        "to help Mozambique.",
    )
    assert found == {("european-union", "funds", "rwanda")}


def test_an_act_pressed_on_with_is_the_act_not_a_demand(extractor):
    assert _pairs(extractor, "Israel pressed its offensive against Hamas.") == {("israel", "assaults", "hamas")}


def test_an_armed_wing_is_its_group(extractor):
    found = _pairs(
        extractor, "Israeli jets struck Gaza. Hamas's armed wing said its fighters destroyed an Israeli tank in Rafah."
    )
    assert ("hamas", "strikes", "israel") in found


def test_fighters_linked_to_a_group_are_not_the_group(extractor):
    found = _pairs(extractor, "Al-Qaeda-linked militants killed 12 soldiers in Mali.")
    assert found and not any(s == "al-qaeda" for s, _, _ in found)


# Aid ------------------------------------------------------------------------------------------------------------


def test_help_to_fight_someone_is_not_aid_to_them(extractor):
    found = _pairs(extractor, "Kenya deployed police officers to Haiti to help fight gangs.")
    assert ("kenya", "aids", "gangs") not in found


def test_aid_counted_in_tonnes_is_aid(extractor):
    assert _pairs(extractor, "India sent 40 tonnes of relief supplies to Turkey.") == {("india", "aids", "turkey")}


def test_aid_to_people_a_place_names_goes_to_the_places_state(extractor):
    """ "provided food to 300,000 people in Gaza": the people are Gaza's; not so refugees named by their state."""
    assert _pairs(extractor, "The WFP provided food to 300,000 people in Gaza.") == {
        ("world-food-programme", "aids", "palestine")
    }


def test_responsibility_claimed_for_no_act_named_is_for_the_last_attack(extractor):
    """ "The Taliban claimed responsibility.": the attack told before, now theirs as they claim it (alleged)."""
    found = _extract(
        extractor,
        "Gunmen attacked a police checkpoint in Kunduz, killing five officers. The Taliban claimed responsibility.",
    )
    claimed = [e for e in found if e.source.id == "taliban"]
    assert [(e.relation, e.target.id, e.status) for e in claimed] == [("attacks", "afghanistan-police", "alleged")]


def test_responsibility_claimed_with_nothing_told_before_is_nothing(extractor):
    assert _pairs(extractor, "Al-Shabaab claimed responsibility.") == set()


# Places held, borders --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, edge",
    [
        (
            "Myanmar's junta carried out airstrikes on villages held by the Arakan Army in Rakhine State.",
            ("myanmar-government", "airStrikes", "arakan-army"),
        ),
        ("The army shelled areas controlled by the RSF.", ("sudan-military", "shells", "rapid-support-forces")),
    ],
)
def test_a_place_held_by_a_side_stands_for_it(extractor, text, edge):
    assert _pairs(extractor, text) == {edge}


@pytest.mark.parametrize(
    "text, edges",
    [
        ("Venezuela deployed troops to its border with Guyana.", {("venezuela", "mobilizes", "guyana")}),
        ("China deployed warships around Taiwan.", {("china", "mobilizes", "taiwan")}),
        ("Germany deployed troops to Lithuania.", set()),
    ],
)
def test_forces_sent_to_a_border_show_force_across_it(extractor, text, edges):
    assert _pairs(extractor, text) == edges


def test_the_organs_of_joined_states_are_each_states(extractor):
    """ "The foreign ministers of India and China met": both governments, who met each other."""
    assert _pairs(extractor, "The foreign ministers of India and China met in Johannesburg.") == {
        ("india-government", "consults", "china-government"),
        ("china-government", "consults", "india-government"),
    }


def test_a_membership_suspended_cuts_ties_with_the_member(extractor):
    assert _pairs(extractor, "The African Union suspended Niger's membership after the coup.") == {
        ("african-union", "sanctions", "niger")
    }


def test_a_childrens_hospital_is_a_kind_of_hospital_not_the_childrens_side(extractor):
    assert _pairs(extractor, "A Russian missile struck a children's hospital in Kyiv, killing two people.") == {
        ("russia", "strikes", "ukraine")
    }


@pytest.mark.parametrize(
    "text, source",
    [
        ("Police in Kenya fired tear gas at protesters in Nairobi.", "kenya-police"),
        ("Authorities in Pakistan arrested five journalists.", "pakistan-government"),
    ],
)
def test_an_institution_in_a_state_is_that_states_organ(extractor, text, source):
    assert {s for s, _, _ in _pairs(extractor, text)} == {source}
