"""Evidence status: who says so and how (kg/extract/attribution.py), through the extractor."""

import pytest

from kg.extract import Extraction
from kg.ingest import Article


def _extract(extractor, text: str) -> list[Extraction]:
    return extractor.extract(Article(text=text, published="2024-08-05"))


def _one(found: list[Extraction], source: str, relation: str) -> Extraction:
    matches = [e for e in found if e.source.id == source and e.relation == relation]
    assert matches, [(e.source.id, e.relation, e.target.id) for e in found]
    return matches[0]


@pytest.mark.parametrize(
    ("text", "source", "relation", "status", "speaker", "words"),
    [
        (
            "Mali's government accused Ukraine of supporting the rebels.",
            "ukraine",
            "supports",
            "alleged",
            "mali-government",
            "Mali's government accused",
        ),
        ("Iran claimed that Israel attacked its embassy.", "israel", "attacks", "alleged", "iran", "Iran claimed"),
        (
            "Syrian rebels said Russian jets bombed them.",
            "russian-military",
            "bombs",
            "reported",
            "syrian-rebels",
            "Syrian rebels said",
        ),
        (
            "According to the Syrian Observatory for Human Rights, Turkish jets struck Kurdish fighters.",
            "turkish-military",
            "strikes",
            "reported",
            "syrian-observatory-for-human-rights",
            "According to the Syrian Observatory for Human Rights",
        ),
    ],
)
def test_attribution_status_speaker_and_words(extractor, text, source, relation, status, speaker, words):
    item = _one(_extract(extractor, text), source, relation)
    assert (item.status, item.attributed_to.id, item.attribution_text) == (status, speaker, words)


@pytest.mark.parametrize(
    ("text", "source", "words"),
    [
        ("An attack blamed on the RSF killed 40 villagers.", "rapid-support-forces", "blamed on the RSF"),
        ("A bombing attributed to Boko Haram killed 12 people.", "boko-haram", "attributed to Boko Haram"),
        ("The attack, claimed by ISIS, killed 40 villagers.", "isis", "claimed by ISIS"),
    ],
)
def test_attribution_an_attack_laid_at_a_door_is_alleged(extractor, text, source, words):
    """The doer of an attack "blamed on X" is X, as alleged by no one named (the attack had no doer before)."""
    item = _one(_extract(extractor, text), source, "kills")
    assert (item.status, item.attributed_to, item.attribution_text) == ("alleged", None, words)


def test_attribution_the_accusation_itself_is_a_fact(extractor):
    accuses = _one(
        _extract(extractor, "Mali's government accused Ukraine of supporting the rebels."), "mali-government", "accuses"
    )
    assert accuses.status == "fact" and accuses.attributed_to is None


@pytest.mark.parametrize(
    ("text", "source", "relation", "status"),
    [
        ("Iran backs the Houthis.", "iran", "backs", "fact"),
        ("Hezbollah vowed to attack Israel.", "hezbollah", "attacks", "intended"),
        ("Russian agents plotted to kill Zelensky.", "russia", "kills", "intended"),
        ("Turkey refused to release the detained journalists.", "turkey", "retreats", "denied"),
    ],
)
def test_attribution_fact_intent_and_denial(extractor, text, source, relation, status):
    assert _one(_extract(extractor, text), source, relation).status == status


def test_attribution_status_is_implied_when_not_given():
    base = dict(
        id="x",
        relation="backs",
        confidence=0.9,
        sentence="s",
        char_start=0,
        char_end=1,
        source={"id": "iran", "label": "Iran", "type": "State", "text": "Iran"},
        target={"id": "houthis", "label": "Houthis", "type": "ArmedGroup", "text": "Houthis"},
    )
    assert Extraction(**base).status == "fact"
    assert Extraction(**base, negated=True).status == "denied"
    assert Extraction(**base, modality="intent").status == "intended"
    assert Extraction(**base, attributed_to=base["source"]).status == "reported"
    assert Extraction(**base, attributed_to=base["source"], status="alleged").status == "alleged"
