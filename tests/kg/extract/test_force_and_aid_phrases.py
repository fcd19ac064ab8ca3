"""Phrases of force and of aid from a fourth pass over invented wire stories (Sahel, Ethiopia, Ukraine, Taiwan, Congo,
Colombia): who fought beside whom, whom help goes to, what a pledge or a sending gives, the two sides of a clash."""

from __future__ import annotations

import pytest

from tests.kg.extract.stories import extract as _extract
from tests.kg.extract.stories import pairs as _pairs


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


# Stories from Myanmar, Mali, Lebanon, Sudan and Yemen ----------------------------------------------------------------


def test_a_speaker_the_parser_hangs_on_the_report_still_says_so(extractor):
    """ "…, killing 28 people, a rebel group and residents said": the parser makes the speakers an apposition of
    "people" and leaves "said" with no subject; the strikes are still reported, not a fact."""
    text = (
        "Myanmar's military carried out air strikes on a KIA camp, killing 28 people, a rebel group and residents said."
    )
    events = _extract(extractor, text)
    assert events
    assert {e.status for e in events} == {"reported"}
    assert {e.attribution_text for e in events} == {"a rebel group and residents said"}


def test_the_group_known_as_a_name_is_the_named_group(extractor):
    text = "The group known as JNIM claimed responsibility for the attack on the Malian army."
    assert ("jnim", "attacks", "mali-military") in _pairs(extractor, text)


def test_a_dateline_hung_on_the_subject_names_none_of_its_doers(extractor):
    """ "ADEN, Yemen (AP) - U.S. and British warplanes…": the parser makes "ADEN, Yemen" a modifier of the warplanes."""
    text = "ADEN, Yemen (AP) - U.S. and British warplanes struck Houthi targets in Yemen's capital Sanaa on Thursday."
    assert _pairs(extractor, text) == {
        ("us-military", "strikes", "houthis"),
        ("united-kingdom-military", "strikes", "houthis"),
    }


def test_the_acts_of_one_responsible_for_them_are_his_side(extractor):
    """ "a Hezbollah commander responsible for rocket attacks on northern Israel": the attacks are Hezbollah's, not
    those of the army that targeted him."""
    text = (
        "The Israeli military said it had targeted a Hezbollah commander responsible for rocket attacks on northern "
        "Israel."
    )
    pairs = _pairs(extractor, text)
    assert ("hezbollah", "shells", "israel") in pairs
    assert not any(source == "israel-defense-forces" and target == "israel" for source, _, target in pairs)


def test_a_condemned_strike_is_the_strike_told_before_not_the_last_act(extractor):
    """The lead tells Israel's strike; Hezbollah's rockets come after; "condemned the strike" four sentences on is
    Israel's."""
    text = (
        "An Israeli drone strike on a car in southern Lebanon killed two Hezbollah members on Tuesday. "
        "The Israeli military said it had targeted a Hezbollah commander. "
        "Hezbollah responded by firing a barrage of rockets at an Israeli army base. "
        "The exchanges are the most serious since a ceasefire took effect in November. "
        "Lebanon's government condemned the strike as a violation of the truce."
    )
    condemned = {e.target.id for e in _extract(extractor, text) if e.source.id == "lebanon-government"}
    assert condemned == {"israel"}


@pytest.mark.parametrize(
    "text",
    [
        "Sudan's army has been at war with the Rapid Support Forces since April.",
        "Sudan's army is at war with the Rapid Support Forces.",
    ],
)
def test_at_war_with_is_a_fight_on_both_sides(extractor, text):
    assert _pairs(extractor, text) == {
        ("sudan-military", "fights", "rapid-support-forces"),
        ("rapid-support-forces", "fights", "sudan-military"),
    }


def test_not_at_war_is_denied(extractor):
    events = _extract(extractor, "Russia is not at war with NATO.")
    assert events and all(e.negated for e in events)


@pytest.mark.parametrize("generic", ["rebels", "paramilitary"])
def test_a_side_accused_of_an_act_is_the_one_named_before(extractor, generic):
    """ "accused the rebels of killing civilians": "of killing" says what they did, not whose they are."""
    text = f"The Rapid Support Forces shelled a camp in Sudan. Sudan's army accused the {generic} of killing civilians."
    assert ("sudan-military", "accuses", "rapid-support-forces") in _pairs(extractor, text)


def test_genocide_committed_is_a_mass_killing(extractor):
    (event,) = [
        e
        for e in _extract(extractor, "The Rapid Support Forces committed genocide against the Masalit in Sudan.")
        if e.relation == "kills"
    ] or [None]
    assert event is not None and event.source.id == "rapid-support-forces" and event.cameo_event == "202"


def test_a_shared_border_is_no_cooperation(extractor):
    assert _pairs(extractor, "China, which shares a long border with Myanmar, called for a ceasefire.") == set()


def test_the_subject_of_a_joined_saying_verb_says_so(extractor):
    """ "A spokesman … denied X and said it had struck Y": "said" shares the spokesman with "denied"."""
    text = (
        "Myanmar's military bombed a KIA camp. A spokesman for the junta denied the military had targeted civilians "
        "and said it had struck KIA fighters."
    )
    (struck,) = [e for e in _extract(extractor, text) if e.sentence.startswith("A spokesman") and not e.negated]
    assert struck.status == "reported"


def test_an_attack_claimed_by_another_word_is_the_last_one_told(extractor):
    """ "Militants attacked a base…; JNIM claimed the assault": "assault" was not the story's word for it."""
    text = "Militants attacked an army base in Burkina Faso, killing 20 soldiers. JNIM claimed the assault."
    assert ("jnim", "assaults", "burkina-faso-military") in _pairs(extractor, text)


def test_a_claimed_attack_told_where_it_is_claimed_borrows_no_target(extractor):
    text = (
        "Russian jets bombed rebel positions in Idlib. "
        "The Taliban claimed responsibility for the attack, which killed dozens of people in Kabul."
    )
    assert not any(e.source.id == "taliban" and e.target.id == "syria-rebels" for e in _extract(extractor, text))


def test_the_junta_is_the_government_of_the_state_in_view(extractor):
    text = "Myanmar's military bombed a KIA camp. The junta denied targeting civilians."
    (denied,) = [e for e in _extract(extractor, text) if e.negated]
    assert denied.source.id == "myanmar-government"


def test_an_unnamed_organ_is_not_the_state_its_object_is_named_for(extractor):
    """Russia is in view, but "the army" that shelled Russian positions is not Russia's."""
    text = "Russian jets bombed Kharkiv and Russian troops advanced. The army shelled Russian positions."
    assert not any(e.source.id == "russian-military" and e.target.id == "russia" for e in _extract(extractor, text))


# Stories from Pakistan, Congo, Somalia and the West Bank -------------------------------------------------------------


@pytest.mark.parametrize(
    "text, edge",
    [
        (
            "Al-Shabab militants attacked a hotel in Mogadishu. The al-Qaida-linked group claimed responsibility for "
            "the attack.",
            ("al-shabaab", "attacks", "somalia"),
        ),
        (
            "M23 rebels seized Goma. The Rwanda-backed rebels then attacked Congolese troops.",
            ("m23", "attacks", "democratic-republic-of-the-congo-military"),
        ),
        (
            "Hezbollah fired rockets at Israel. The Iran-backed group said it targeted a base.",
            ("hezbollah", "strikes", "israel"),
        ),
    ],
)
def test_a_group_named_by_its_tie_is_the_group_named_before(extractor, text, edge):
    """ "the al-Qaida-linked group" is al-Shabaab, told before; not al-Qaeda, whom the tie names."""
    pairs = _pairs(extractor, text)
    assert edge in pairs
    assert not any("linked" in source or "backed" in source for source, _, _ in pairs)


@pytest.mark.parametrize(
    "text, warned",
    [
        (
            "The Afghan Taliban warned Pakistan against carrying out air strikes on Afghan soil.",
            ("taliban", "warns", "pakistan"),
        ),
        ("The US warned Iran against attacking Israel.", ("united-states", "warns", "iran")),
    ],
)
def test_an_act_warned_against_has_not_happened(extractor, text, warned):
    assert _pairs(extractor, text) == {warned}


def test_an_act_refrained_from_has_not_happened(extractor):
    assert _pairs(extractor, "Russia refrained from attacking Ukraine's grid.") == set()


def test_a_duty_the_speaker_owns_is_no_demand(extractor):
    """ "says it must defend itself": CAMEO's demand is of another ("Assad said Turkey must…")."""
    pairs = _pairs(extractor, "Rwanda denies supporting M23 but says it must defend itself against Hutu militias.")
    assert not any(relation == "requests" for _, relation, _ in pairs)


def test_a_guessed_doer_does_not_fire_on_its_own_side(extractor):
    """ "more attacks against Israel" after the army's raid: whoever would attack Israel, not its own army."""
    text = (
        "Israeli troops killed four Palestinian militants during a raid in Nablus. "
        "Hamas praised the militants and called for more attacks against Israel."
    )
    assert not any(
        e.source.id == "israel-defense-forces" and e.target.id == "israel" for e in _extract(extractor, text)
    )


@pytest.mark.parametrize(
    "text, edge",
    [
        (
            "Sudan's army retook the presidential palace from the Rapid Support Forces.",
            ("sudan-military", "coerces", "rapid-support-forces"),
        ),
        ("The Taliban took control of the airport in Kabul.", ("taliban", "coerces", "afghanistan")),
        # a site with an owner is taken from its owner, as before
        ("M23 captured an army base near Goma.", ("m23", "coerces", "democratic-republic-of-the-congo-military")),
    ],
)
def test_a_site_taken_is_ground(extractor, text, edge):
    assert _pairs(extractor, text) == {edge}


@pytest.mark.parametrize(
    "text, edge",
    [
        ("Iran supplied Russia with drones.", ("iran", "arms", "russia")),
        ("Iran provided Hezbollah with rockets.", ("iran", "arms", "hezbollah")),
        ("Qatar provided Gaza with fuel.", ("qatar", "aids", "gaza")),
    ],
)
def test_what_is_given_may_follow_with(extractor, text, edge):
    """ "supplied Russia with drones": Russia receives; the drones make it military aid."""
    assert _pairs(extractor, text) == {edge}


def test_a_bulk_carrier_is_no_warship(extractor):
    pairs = _pairs(extractor, "A Houthi missile struck a Bangladeshi bulk carrier.")
    assert ("houthis", "strikes", "bangladesh") in pairs
    assert not any(target.endswith("-military") for _, _, target in pairs)


# Claims passed on ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, status",
    [
        ("Allegations that the UAE sent arms to the Rapid Support Forces have mounted.", "alleged"),
        ("There were reports that the UAE had sent arms to the Rapid Support Forces.", "reported"),
        (
            "UN experts said there was credible evidence that the UAE had sent arms to the Rapid Support Forces.",
            "reported",
        ),
    ],
)
def test_what_an_allegation_or_a_report_holds_is_told_as_a_claim(extractor, text, status):
    (event,) = [e for e in _extract(extractor, text) if e.relation == "arms"]
    assert (event.source.id, event.target.id, event.status) == ("united-arab-emirates", "rapid-support-forces", status)


def test_accusations_made_accuse_whom_they_are_about(extractor):
    """ "Sudan made accusations that the UAE sent arms to the RSF": Sudan accuses the UAE, which it says armed the
    RSF."""
    text = "Sudan made accusations that the UAE sent arms to the Rapid Support Forces."
    events = {(e.source.id, e.relation, e.target.id): e for e in _extract(extractor, text)}
    assert set(events) == {
        ("sudan", "accuses", "united-arab-emirates"),
        ("united-arab-emirates", "arms", "rapid-support-forces"),
    }
    armed = events[("united-arab-emirates", "arms", "rapid-support-forces")]
    assert armed.status == "alleged" and armed.attributed_to is not None and armed.attributed_to.id == "sudan"


@pytest.mark.parametrize(
    "text, status",
    [
        ("Sudan's army allegedly bombed RSF positions in Darfur.", "alleged"),
        ("Russia reportedly deployed troops near the Finnish border.", "reported"),
    ],
)
def test_a_hedging_adverb_makes_the_act_a_claim(extractor, text, status):
    events = _extract(extractor, text)
    assert events and {e.status for e in events} == {status}


def test_a_named_speaker_is_kept_beside_a_hedge(extractor):
    (event,) = _extract(extractor, "Israeli jets reportedly struck Hezbollah targets, Lebanese media said.")
    assert event.status == "reported" and event.attribution_text == "Lebanese media said"


@pytest.mark.parametrize(
    "text, edge",
    [
        ("Turkey threatened to launch an offensive against the YPG.", ("turkey", "threatens", "ypg")),
        (
            "Turkey threatened to launch a new military operation against Kurdish fighters in Syria.",
            ("turkey", "threatens", "kurdish"),
        ),
    ],
)
def test_a_threat_to_launch_an_act_is_aimed_where_the_act_would_be(extractor, text, edge):
    assert _pairs(extractor, text) == {edge}


# Names ----------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, source",
    [
        ("The Islamic Resistance in Iraq attacked a US base.", "islamic-resistance-in-iraq"),
        ("The Islamic Resistance attacked an Israeli patrol.", "hezbollah"),
        ("The Party of God attacked Israel.", "hezbollah"),
    ],
)
def test_a_groups_other_names_are_the_group(extractor, text, source):
    """PETRARCH's Hezbollah has names ours lacks ("Party of God", "The Islamic Resistance"): they are ours, not a
    second Hezbollah; the Iraqi militias' umbrella is a group of its own."""
    assert {e.source.id for e in _extract(extractor, text)} == {source}


def test_a_clause_joined_to_a_claim_is_not_claimed(extractor):
    """ "No group claimed responsibility, but Iran-backed militias have carried out…": the backing is told as a
    fact; "claimed" reports nothing of the clause after "but"."""
    text = "No group immediately claimed responsibility, but Iran-backed militias have carried out dozens of attacks."
    (backs,) = [e for e in _extract(extractor, text) if e.relation == "backs"]
    assert backs.status == "fact"


def test_forces_belonging_to_a_side_are_its_forces(extractor):
    text = "Rebels said warplanes belonging to the Syrian air force bombed rebel positions in Idlib."
    assert ("pro-assad-forces", "bombs", "syria-rebels") in _pairs(extractor, text)


def test_people_the_parser_makes_a_subject_are_still_the_ones_killed(extractor):
    """ "killed at least 20 people sheltering in a school": the parser makes "people" the subject of "sheltering",
    so the kill seems to name no one; the ministry that reports it is not the one struck."""
    text = (
        "An Israeli airstrike killed at least 20 people sheltering in a school in Gaza City, the Gaza health ministry "
        "said."
    )
    assert not any(e.target.id == "palestine-government" for e in _extract(extractor, text))


@pytest.mark.parametrize(
    "text, edge",
    [
        ("Ten civilians died in Russian strikes on Kharkiv.", ("russia", "kills", "civilians")),
        ("Three Nigerian soldiers died in a Boko Haram ambush.", ("boko-haram", "kills", "nigeria-military")),
    ],
)
def test_those_who_died_in_an_attack_were_killed_by_its_doers(extractor, text, edge):
    """The derived lexicon's "die" had made the dead the attackers ("civilians attacks Ukraine")."""
    pairs = _pairs(extractor, text)
    assert edge in pairs
    assert not any(source == edge[2] for source, _, _ in pairs)


def test_a_death_no_one_caused_is_no_event(extractor):
    assert _pairs(extractor, "Five migrants died at sea.") == set()


@pytest.mark.parametrize(
    "text, edges",
    [
        ("Israel engaged in talks with Hamas.", {("israel", "consults", "hamas"), ("hamas", "consults", "israel")}),
        (
            "Hezbollah engaged in clashes with Israeli troops.",
            {("hezbollah", "fights", "israel-defense-forces"), ("israel-defense-forces", "fights", "hezbollah")},
        ),
    ],
)
def test_the_event_engaged_in_carries_the_relation(extractor, text, edges):
    """The derived lexicon's "engage" is a fight; "engaged in talks" is talks."""
    assert _pairs(extractor, text) == edges


def test_attacks_suffered_are_done_to_the_subject(extractor):
    assert _pairs(extractor, "Ukraine's army suffered attacks from Russian drones.") == {
        ("russian-military", "attacks", "ukraine-military")
    }


@pytest.mark.parametrize(
    "text",
    [
        "Russia suffered heavy losses in the battle for Avdiivka.",
        "Ukraine matched Russia's firepower.",
        "Palestinians reside in the West Bank.",
        "Russia reinforced its troops in Belarus.",
        "Russia overtook Saudi Arabia as China's top oil supplier.",
    ],
)
def test_derived_verbs_that_turn_the_sides_round_are_no_events(extractor, text):
    assert _pairs(extractor, text) == set()


@pytest.mark.parametrize(
    "text, edge",
    [
        ("Ukraine received tanks from Germany.", ("germany", "arms", "ukraine")),
        ("Russia received a shipment of drones from Iran.", ("iran", "arms", "russia")),
        ("Hamas got funding from Iran.", ("iran", "funds", "hamas")),
        ("Lebanon accepted aid from France.", ("france", "aids", "lebanon")),
    ],
)
def test_what_is_received_was_given_by_whom_it_came_from(extractor, text, edge):
    """ "Lebanon accepted aid from France" was Lebanon conceding to France."""
    assert _pairs(extractor, text) == {edge}


@pytest.mark.parametrize(
    "text, edge",
    [
        (
            "The United States designated the Houthis as a terrorist organisation.",
            ("united-states", "sanctions", "houthis"),
        ),
        ("Turkey branded the Kurdish fighters as terrorists.", ("turkey", "accuses", "kurdish")),
        ("The EU froze Russia's assets.", ("european-union", "sanctions", "russia")),
        ("The US froze Iranian assets.", ("united-states", "sanctions", "iran")),
        ("India purchased S-400 missiles from Russia.", ("russia", "arms", "india")),
    ],
)
def test_designations_frozen_assets_and_purchases(extractor, text, edge):
    assert _pairs(extractor, text) == {edge}
