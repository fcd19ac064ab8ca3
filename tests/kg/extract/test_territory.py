"""Acts aimed at a place with no side named fall on the state the place stands for (`kg/extract/territory.py`),
one invented sentence each, with a hand-built Doc where the parser is unreliable."""

from __future__ import annotations

from datetime import date

from kg.extract.extraction import Extraction
from kg.ingest import Article
from tests.kg.extract.handparsed import hand_parsed


def _extract(extractor, text: str) -> list[Extraction]:
    return extractor.extract(Article(text=text, published=date(2020, 5, 4), source="t"))


def _by_pair(found: list[Extraction], source: str, target: str) -> list[Extraction]:
    return [e for e in found if (e.source.id, e.target.id) == (source, target)]


def test_territory_a_curfew_in_a_capital_falls_on_its_state(extractor):
    found = _extract(extractor, "The Thai government will extend the curfew in Bangkok.")
    found = _by_pair(found, "thailand-government", "thailand")
    assert [(e.relation, e.cameo_event, e.target.text, e.status) for e in found] == [
        ("coerces", "1723", "Bangkok", "intended")
    ]


def test_territory_a_blockade_in_parts_of_a_region_falls_on_the_state_it_lies_in(extractor):
    found = _extract(extractor, "Sudanese government forces imposed blockades in some parts of west Darfur.")
    struck = [e for e in found if e.target.id == "sudan"]
    assert struck and all(e.relation == "coerces" and e.target.text == "Darfur" for e in struck)
    named = _extract(extractor, "Sudanese government forces imposed blockades on Chad.")
    assert max(e.confidence for e in struck) < max(e.confidence for e in named if e.target.id == "chad")


def test_territory_force_at_a_thing_in_a_region_falls_on_the_region_side(extractor):
    found = _extract(extractor, "Israeli jets struck a target in the Gaza Strip's eastern border regions.")
    assert any(e.relation == "strikes" and e.target.id == "gaza" for e in found), [
        (e.source.id, e.relation, e.target.id) for e in found
    ]


def test_territory_a_town_ner_names_is_its_state_not_an_actor(extractor):
    """ "a market in Saada": NER calls Saada a GPE the gazetteer has no actor for; it is a place of Yemen (it was
    stored as an unknown actor "Saada" being struck)."""
    found = _extract(extractor, "Saudi-led coalition jets struck a market in Saada on Monday.")
    assert [(e.relation, e.target.id, e.target.text) for e in found] == [("strikes", "yemen", "Saada")]


def test_territory_a_region_is_its_state_before_a_town_of_another_spelling(extractor):
    """ "Borno" is Nigeria's Borno State, and also a GeoNames spelling of Borna, in Germany: the region, and any town
    of that very name, come first (it was "strikes germany")."""
    found = _extract(extractor, "Chadian jets struck a market in Borno on Monday.")
    assert [(e.relation, e.target.id, e.target.text) for e in found] == [("strikes", "nigeria", "Borno")]
    assert not [
        e for e in _extract(extractor, "Gunmen attacked a village in Borno on Sunday.") if e.target.id == "germany"
    ]


def test_territory_people_in_a_place_are_no_state(extractor):
    found = _extract(extractor, "Russian jets bombed rebels in Idlib.")
    assert not [e for e in found if e.target.id == "syria"]


def test_territory_talks_in_a_capital_are_no_act_on_its_state(extractor):
    found = _extract(extractor, "Kenya held talks with Ethiopia in Paris.")
    assert not [e for e in found if e.target.id == "france"]


def test_territory_a_place_target_on_a_hand_parsed_doc(extractor):
    # the place hangs on the object noun, behind a partitive: "a siege across parts of Darfur"
    words = ["Chad", "imposed", "a", "siege", "across", "parts", "of", "Darfur", "."]
    heads = [1, 1, 3, 1, 3, 4, 5, 6, 1]
    deps = ["nsubj", "ROOT", "det", "dobj", "prep", "pobj", "prep", "pobj", "punct"]
    tags = ["NNP", "VBD", "DT", "NN", "IN", "NNS", "IN", "NNP", "."]
    ents = ["B-GPE", "O", "O", "O", "O", "O", "O", "B-LOC", "O"]
    doc = hand_parsed(extractor.nlp, words, heads, deps, tags, ents)
    found = extractor.extract_doc(doc, Article(text=doc.text, source="t"))
    assert [(e.source.id, e.relation, e.target.id, e.target.text) for e in found] == [
        ("chad", "coerces", "sudan", "Darfur")
    ]


def test_territory_every_lifting_verb_lifts_every_measure(extractor):
    for text in ("France suspended a digital tax on Chinese firms.", "France revoked the embargo on Chad."):
        found = [e for e in _extract(extractor, text) if e.source.id == "france"]
        assert found and all(e.relation == "concedes" and e.cameo_event.startswith("08") for e in found), text


def test_territory_a_mutual_act_in_a_place_stays_between_its_sides(extractor):
    found = _extract(extractor, "Police and protesters clashed in Bangkok.")
    assert not [e for e in found if e.target.id == "thailand"]
