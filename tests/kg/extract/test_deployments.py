"""Peacekeepers sent to a state (kg/extract/deployments.py): the sender gives peacekeeping (CAMEO 074) to the
state they go to; troops sent with no word of peacekeeping, or people who are no troops, give nothing."""

from __future__ import annotations

from datetime import date

from kg.extract.extraction import Extraction
from kg.ingest import Article
from tests.kg.extract.handparsed import hand_relations as _hand
from tests.kg.extract.handparsed import relations as _triples


def _extract(extractor, text: str) -> list[Extraction]:
    return extractor.extract(Article(text=text, published=date(2019, 3, 4), source="t"))


def test_deployments_sending_a_unit_on_a_peacekeeping_mission(extractor):
    found = _extract(extractor, "Ireland is sending a company of soldiers to Mali as part of a peacekeeping mission.")
    assert ("ireland", "aids", "mali") in _triples(found)


def test_deployments_peacekeepers_arriving_come_from_their_state(extractor):
    found = _extract(
        extractor, "Hundreds of Nepalese troops have arrived in Lebanon to join the UN peacekeeping mission."
    )
    assert {target for _, relation, target in _triples(found) if relation == "aids"} == {"lebanon"}


def test_deployments_announced_deployment_is_the_announcers(extractor):
    found = _extract(
        extractor,
        "Rwanda announced the deployment of 300 troops to the Central African Republic on a peacekeeping mission.",
    )
    assert ("rwanda", "aids", "central-african-republic") in _triples(found)


def test_deployments_passive_sender_is_the_by_agent(extractor):
    # The parser's reading of a passive whose agent comes last.
    words = ["Peacekeepers", "were", "sent", "to", "Lebanon", "by", "Fiji", "."]
    heads = [2, 2, 2, 2, 3, 2, 5, 2]
    deps = ["nsubjpass", "auxpass", "ROOT", "prep", "pobj", "agent", "pobj", "punct"]
    tags = ["NNS", "VBD", "VBN", "IN", "NNP", "IN", "NNP", "."]
    ents = ["O", "O", "O", "O", "B-GPE", "O", "B-GPE", "O"]
    assert ("fiji", "aids", "lebanon") in _hand(extractor, words, heads, deps, tags, ents)


def test_deployments_troops_sent_without_peacekeeping_are_no_aid(extractor):
    assert not any(r == "aids" for _, r, _ in _triples(_extract(extractor, "Russia sent troops to Ukraine.")))


def test_deployments_a_delegation_is_no_troops(extractor):
    found = _extract(extractor, "Sudan sent a delegation to Ethiopia to discuss the peacekeeping mission.")
    assert not any(r == "aids" for _, r, _ in _triples(found))


def test_deployments_refused_peacekeepers_are_negated(extractor):
    found = [e for e in _extract(extractor, "Ghana will not send peacekeepers to Mali.") if e.cameo_event == "074"]
    assert found and all(e.negated for e in found)


def test_deployments_aid_to_a_peacekeeping_mission_goes_to_the_state_it_keeps(extractor):
    found = _triples(
        _extract(extractor, "Japan will contribute engineers to the UN peacekeeping mission in South Sudan.")
    )
    assert ("japan", "aids", "south-sudan") in found
    assert ("japan", "aids", "united-nations") not in found


def test_deployments_aid_to_another_mission_stays_with_its_owner(extractor):
    found = _triples(_extract(extractor, "Japan will contribute engineers to the UN mission."))
    assert ("japan", "aids", "united-nations") in found


def test_deployments_an_attack_on_peacekeepers_is_not_on_the_state(extractor):
    found = _triples(_extract(extractor, "Rebels attacked UN peacekeepers in Mali."))
    assert found and not any(target == "mali" for _, _, target in found)


def test_deployments_destination_hung_on_the_announcing_verb(extractor):
    # The parser's reading: "to Liberia" and "on a peacekeeping mission" hang on "announced", not on "deployment".
    words = ["Nigeria", "announced", "the", "deployment", "of", "troops", "to", "Liberia", "on", "a"]
    words += ["peacekeeping", "mission", "."]
    heads = [1, 1, 3, 1, 3, 4, 1, 6, 1, 11, 11, 8, 1]
    deps = ["nsubj", "ROOT", "det", "dobj", "prep", "pobj", "prep", "pobj", "prep", "det", "compound", "pobj"]
    deps += ["punct"]
    tags = ["NNP", "VBD", "DT", "NN", "IN", "NNS", "IN", "NNP", "IN", "DT", "NN", "NN", "."]
    ents = ["B-GPE", "O", "O", "O", "O", "O", "O", "B-GPE", "O", "O", "O", "O", "O"]
    assert ("nigeria", "aids", "liberia") in _hand(extractor, words, heads, deps, tags, ents)
