"""Wrong edges a journalist would notice at once (issue 14), one invented sentence each, with a hand-built Doc
where the parser is unreliable: a labour or hunger strike is a protest, not force; a protest at an embassy is
against its state; a call for an end to someone's act is asked of them; ceding ground is yielding."""

from __future__ import annotations

from datetime import date

from kg.extract.extraction import Extraction
from kg.ingest import Article
from tests.kg.extract.handparsed import hand_relations as _hand
from tests.kg.extract.handparsed import relations as _relations


def _extract(extractor, text: str) -> list[Extraction]:
    return extractor.extract(Article(text=text, published=date(2019, 3, 4), source="t"))


def _force(found: set[tuple[str, str, str]]) -> set[str]:
    return {relation for _, relation, _ in found} & {"strikes", "airStrikes", "attacks", "assaults", "bombs"}


def test_strike_workers_on_strike_protest_against_whom_they_strike(extractor):
    words = ["Egyptian", "workers", "went", "on", "strike", "against", "the", "government", "."]
    heads = [1, 2, 2, 2, 3, 2, 7, 5, 2]
    deps = ["amod", "nsubj", "ROOT", "prep", "pobj", "prep", "det", "pobj", "punct"]
    tags = ["JJ", "NNS", "VBD", "IN", "NN", "IN", "DT", "NN", "."]
    ents = ["B-NORP", "O", "O", "O", "O", "O", "O", "O", "O"]
    found = _hand(extractor, words, heads, deps, tags, ents)
    assert any(relation == "protests" for _, relation, _ in found)
    assert not _force(found)


def test_strike_staged_to_demand_is_a_protest_against_whom_it_demands_of(extractor):
    found = _extract(extractor, "French doctors staged a strike to demand Macron's resignation.")
    relations = _relations(found)
    protests = [e for e in found if e.relation == "protests"]
    assert protests and {e.target.id for e in protests} == {t for _, r, t in relations if r == "requests"}
    assert not _force(relations)


def test_strike_hunger_strike_is_a_protest(extractor):
    found = _extract(extractor, "Palestinian prisoners began a hunger strike to protest Israel's detention policy.")
    assert any(e.relation == "protests" and e.target.id == "israel" for e in found)
    assert not _force(_relations(found))


def test_strike_general_strike_is_a_protest(extractor):
    found = _extract(extractor, "Kenyan unions began a general strike against the government.")
    assert "protests" in {e.relation for e in found}
    assert not _force(_relations(found))


def test_strike_military_strikes_stay_force(extractor):
    for text, relation in (
        ("Israel launched strikes on Hamas positions.", "strikes"),
        ("Russia carried out an air strike on Ukrainian positions.", "airStrikes"),
        ("Israel launched a missile strike on Syria.", "strikes"),
    ):
        assert relation in {e.relation for e in _extract(extractor, text)}, text


def test_yield_ceded_territory_to(extractor):
    found = _extract(extractor, "Armenia ceded territory to Azerbaijan.")
    assert ("armenia", "concedes", "azerbaijan") in _relations(found)


def test_yield_handed_control_of_a_town_to(extractor):
    found = _extract(extractor, "Russia handed control of the town to Ukraine.")
    assert ("russia", "retreats", "ukraine") in _relations(found)


def test_request_an_end_to_an_act_is_asked_of_its_owner(extractor):
    found = _relations(_extract(extractor, "Egypt called for an end to Israel's offensive in Gaza."))
    assert ("egypt", "requests", "israel") in found
    found = _relations(_extract(extractor, "Turkey demanded an end to the Russian offensive."))
    assert ("turkey", "requests", "russia") in found


def test_request_an_end_to_an_act_is_not_asked_of_its_victim(extractor):
    found = _relations(_extract(extractor, "The UN called for an end to the blockade of Qatar."))
    assert not any(target == "qatar" for _, relation, target in found if relation == "requests")


def test_protest_at_an_embassy_is_against_its_state(extractor):
    found = _relations(_extract(extractor, "Iraqi protesters rallied outside the US embassy."))
    assert any(relation == "protests" and target.startswith("us") for _, relation, target in found)
    found = _relations(_extract(extractor, "Pakistani students demonstrated in front of the French consulate."))
    assert any(relation == "protests" and target.startswith("france") for _, relation, target in found)


def test_protest_at_an_embassy_is_not_by_the_embassys_own_state(extractor):
    # Unnamed protesters take the state in view, here the embassy's own: no "US protesters protest the US".
    found = _relations(_extract(extractor, "Protesters rallied outside the US embassy in Baghdad."))
    assert not any(source.startswith("united-states") and relation == "protests" for source, relation, _ in found)


def test_strike_called_by_unions_is_their_protest_not_a_consultation(extractor):
    found = _relations(_extract(extractor, "Unions in Nigeria called a general strike against the government."))
    assert "protests" in {relation for _, relation, _ in found}
    assert not {relation for _, relation, _ in found} & {"consults", "strikes"}


def test_strike_the_verb_with_workers_as_subject_is_a_protest(extractor):
    found = _relations(_extract(extractor, "Kenyan nurses are striking against the government."))
    assert "protests" in {relation for _, relation, _ in found}
    assert not _force(found)
    assert "strikes" in {r for _, r, _ in _relations(_extract(extractor, "Russian troops struck Ukrainian positions."))}
