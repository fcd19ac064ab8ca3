"""Short conflict notes in the style of ACLED's event notes (Middle East, Libya, Sahel, Sudan), written by us:
a date fronted, "Clashes between X and Y" with no verb, casualties after a full stop with no doer, unidentified
gunmen, "military forces of X", acronyms joined to their names, an IED or drone "by X", "X positions", and a
town shelled (a place, never a side). Each note lists every (source, target, polarity) it states as fact; a
note passes only when the extractor gives exactly those. "a|b": either actor is right ("Turkish drone strike":
Turkey or its military). These notes are invented, not a held-out set: they test constructions, not quality.
"""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract.evaluate import POLARITY, event_class, is_claim
from kg.ingest import Article

C, P = "conflict", "cooperation"
NOTES: list[tuple[str, set[tuple[str, str, str]]]] = [
    # Syria
    (
        "On 3 March 2018, Syrian regime forces shelled positions of Jaish al-Islam in Douma, Rif Dimashq.",
        {("pro-assad-forces", "jaysh-al-islam", C)},
    ),
    ("On 12 May 2017, Syrian regime forces shelled the town of Kafr Zita, Hama. 2 civilians were killed.", set()),
    (
        "Clashes between HTS and Ahrar al-Sham in Idlib countryside.",
        {("hayat-tahrir-al-sham", "ahrar-al-sham", C), ("ahrar-al-sham", "hayat-tahrir-al-sham", C)},
    ),
    (
        "Clashes between the Syrian Democratic Forces (SDF) and Islamic State (IS) in Hajin, Deir ez-Zor.",
        {("syrian-democratic-forces", "isis", C), ("isis", "syrian-democratic-forces", C)},
    ),
    (
        "Turkish drone strike targeted SDF positions near Qamishli.",
        {("turkey|turkish-military", "syrian-democratic-forces", C)},
    ),
    (
        "Military forces of Turkey and the SNA shelled YPG positions in Tal Rifaat, Aleppo.",
        {("turkish-military", "ypg", C), ("syrian-national-army", "ypg", C)},
    ),
    (
        "Unidentified gunmen shot dead a member of the SDF in Raqqa city.",
        {("unidentified-gunmen", "syrian-democratic-forces", C)},
    ),
    (
        "Russian warplanes carried out airstrikes on Khan Sheikhoun, Idlib, killing 5 civilians.",
        {("russian-military", "civilians", C)},
    ),
    (
        "Hezbollah fighters and Syrian regime forces attacked IS positions in the Qalamoun mountains.",
        {("hezbollah", "isis", C), ("pro-assad-forces", "isis", C)},
    ),
    (
        "On 4 June 2019, HTS shelled regime positions in Jurin, Hama.",
        {("hayat-tahrir-al-sham", "assad-regime|pro-assad-forces", C)},
    ),
    ("SDF arrested 5 IS suspects in a raid in al-Busayrah.", {("syrian-democratic-forces", "isis", C)}),
    (
        "Free Syrian Army fighters clashed with YPG in Afrin countryside.",
        {("free-syrian-army", "ypg", C), ("ypg", "free-syrian-army", C)},
    ),
    # Iraq
    ("An IED planted by ISIS exploded on a military vehicle, killing 2 Iraqi soldiers.", {("isis", "iraqi-forces", C)}),
    (
        "Unidentified gunmen shot dead a PMF member in Diyala.",
        {("unidentified-gunmen", "popular-mobilization-forces", C)},
    ),
    (
        "An IED planted by IS exploded near a PMF patrol in Tarmiyah, killing 3 fighters.",
        {("isis", "popular-mobilization-forces", C)},
    ),
    ("Iraqi security forces arrested 4 suspected ISIS members in Kirkuk.", {("iraqi-forces", "isis", C)}),
    (
        "Protesters gathered in Basra demanding jobs; police fired tear gas at them.",
        {("iraq-police", "iraq-opposition", C)},
    ),
    ("Turkish warplanes struck PKK positions in the Qandil mountains.", {("turkish-military", "pkk", C)}),
    ("Kataib Hezbollah fired rockets at US forces at Ain al-Asad air base.", {("kataib-hezbollah", "us-military", C)}),
    (
        "Peshmerga forces and the PMF clashed near Altun Kupri.",
        {("peshmerga", "popular-mobilization-forces", C), ("popular-mobilization-forces", "peshmerga", C)},
    ),
    (
        "Hashd al-Shaabi repelled an ISIS attack near Baiji.",
        {("isis", "popular-mobilization-forces", C), ("popular-mobilization-forces", "isis", C)},
    ),
    # Yemen
    ("Houthi forces fired a ballistic missile toward Marib; no casualties reported.", set()),
    ("Coalition airstrikes hit Houthi positions in Saada.", {("saudi-led-coalition", "houthis", C)}),
    (
        "Clashes between Houthi forces and pro-government forces in Hodeidah; 7 fighters were killed.",
        {("houthis", "yemen-military", C), ("yemen-military", "houthis", C)},
    ),
    (
        "AQAP militants attacked an army checkpoint in Abyan, killing 4 soldiers.",
        {("al-qaeda-in-the-arabian-peninsula", "yemen-military", C)},
    ),
    (
        "Forces of the Southern Transitional Council (STC) clashed with government troops in Aden.",
        {
            ("southern-transitional-council", "yemen-military", C),
            ("yemen-military", "southern-transitional-council", C),
        },
    ),
    ("Ansar Allah launched drones at Saudi forces in Jizan.", {("houthis", "saudi-arabia-military", C)}),
    ("A landmine planted by the Houthis killed 2 children in Taiz.", {("houthis", "children", C)}),
    # Lebanon, Israel and Palestine
    ("Israeli forces shelled Hezbollah positions near Kfar Kila.", {("israel-defense-forces", "hezbollah", C)}),
    ("Hezbollah fired anti-tank missiles at an IDF post near Metula.", {("hezbollah", "israel-defense-forces", C)}),
    ("The Lebanese army arrested 3 IS members in Arsal.", {("lebanon-military", "isis", C)}),
    ("Israeli forces arrested 3 Palestinians in Nablus.", {("israel-defense-forces", "palestine", C)}),
    ("Hamas fired rockets toward Israel from the Gaza Strip.", {("hamas", "israel", C)}),
    (
        "Israeli aircraft struck a PIJ training site in Khan Younis.",
        {("israel-defense-forces", "palestinian-islamic-jihad", C)},
    ),
    (
        "Palestinian protesters threw stones at Israeli forces near Ramallah.",
        {("palestine-opposition", "israel-defense-forces", C)},
    ),
    ("Israeli settlers attacked Palestinian farmers near Hebron.", {("israeli-settlers", "palestinian-farmers", C)}),
    (
        "Israeli forces demolished a Palestinian house in Silwan, East Jerusalem.",
        {("israel-defense-forces", "palestine", C)},
    ),
    # Libya
    (
        "Forces of the Libyan National Army (LNA) shelled GNA positions south of Tripoli.",
        {("libyan-national-army", "government-of-national-accord", C)},
    ),
    (
        "Clashes between the LNA and forces of the Government of National Accord (GNA) in Ain Zara.",
        {
            ("libyan-national-army", "government-of-national-accord", C),
            ("government-of-national-accord", "libyan-national-army", C),
        },
    ),
    # Sahel and Sudan
    ("JNIM militants ambushed a Malian army convoy near Boni, killing 6 soldiers.", {("jnim", "mali-military", C)}),
    (
        "Clashes between the Sudanese Armed Forces (SAF) and the Rapid Support Forces (RSF) in Khartoum.",
        {("sudan-military", "rapid-support-forces", C), ("rapid-support-forces", "sudan-military", C)},
    ),
    (
        "RSF fighters looted the market in El Fasher and shot dead 3 civilians.",
        {("rapid-support-forces", "civilians", C)},
    ),
    ("Islamic State Sahel attacked Nigerien troops near Tillaberi.", {("islamic-state-sahel", "niger-military", C)}),
    (
        "Military forces of Burkina Faso killed 12 suspected JNIM militants in Djibo.",
        {("burkina-faso-military", "jnim", C)},
    ),
    # A second batch, written after the first fixes
    (
        "On 7 August 2018, an unidentified armed group abducted 2 Syrian Democratic Forces (SDF) members near Manbij.",
        {("unidentified-armed-group", "syrian-democratic-forces", C)},
    ),
    (
        "Hezbollah and the Lebanese army detained 4 suspected IS members in Hermel.",
        {("hezbollah", "isis", C), ("lebanon-military", "isis", C)},
    ),
    (
        "Yemeni government forces repelled a Houthi attack in al-Jawf.",
        {("houthis", "yemen-military", C), ("yemen-military", "houthis", C)},
    ),
    (
        "IDF soldiers shot and killed a Palestinian man near Jenin.",
        {("israel-defense-forces", "palestine|palestinian-man", C)},
    ),
    ("A drone strike by the US-led coalition killed 3 IS militants near Hajin.", {("us-led-coalition", "isis", C)}),
    (
        "AQAP claimed responsibility for an attack on STC forces in Shabwa.",
        {("al-qaeda-in-the-arabian-peninsula", "southern-transitional-council", C)},
    ),
    ("Israeli warplanes struck Hamas targets in the Gaza Strip.", {("israel-defense-forces", "hamas", C)}),
    # Cooperation
    ("The SDF handed over 2 IS suspects to Iraqi authorities.", {("syrian-democratic-forces", "iraq-government", P)}),
]


def claims(extractor, text: str) -> set[tuple[str, str, str]]:
    """(source, target, polarity) of every event a note states as fact, as `kg eval` scores them."""
    found = extractor.extract(Article(text=text, published=date(2019, 5, 1), source="note"))
    return {(e.source.id, e.target.id, POLARITY.get(event_class(e) or "", "statement")) for e in found if is_claim(e)}


def _fits(found: set[tuple[str, str, str]], expected: set[tuple[str, str, str]]) -> bool:
    """Whether `found` is `expected`, where an expected side "a|b" may be either actor."""
    if len(found) != len(expected):
        return False
    return all(
        any(s in e_s.split("|") and t in e_t.split("|") and p == e_p for e_s, e_t, e_p in expected) for s, t, p in found
    ) and all(
        any(s in e_s.split("|") and t in e_t.split("|") and p == e_p for s, t, p in found) for e_s, e_t, e_p in expected
    )


# Notes the extractor still gets wrong, and why (strict: a note that starts passing must leave this list).
NOT_YET = {
    "An IED planted by IS exploded near a PMF patrol in Tarmiyah, killing 3 fighters.": "what exploded near "
    "a patrol is not taken as aimed at it, and 'fighters' has no side",
    "Houthi forces fired a ballistic missile toward Marib; no casualties reported.": "a town NER calls GPE stays a "
    "side: the labelled news codes 'shell Haifa', 'aid to Gaza' as acts on the town",
    "The SDF handed over 2 IS suspects to Iraqi authorities.": "the parser reads 'over 2' as 'more than 2', so "
    "'hand over' is not found",
}


def _cases():
    for text, expected in NOTES:
        marks = [pytest.mark.xfail(reason=NOT_YET[text], strict=True)] if text in NOT_YET else []
        yield pytest.param(text, expected, id=text[:40], marks=marks)


@pytest.mark.parametrize("text, expected", list(_cases()))
def test_conflict_note(extractor, text, expected):
    found = claims(extractor, text)
    assert _fits(found, expected), sorted(found)
