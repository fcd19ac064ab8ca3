"""Force that troops are sent for: "Kenya sent troops to fight al-Shabaab" is Kenya's intent to fight al-Shabaab, a
claim of an aim shown as one (status intended), where it gave nothing."""

from __future__ import annotations

import pytest

from tests.kg.extract.stories import extract as _extract


def _aimed(extractor, text: str) -> set[tuple[str, str, str, str | None]]:
    return {(e.source.id, e.relation, e.target.id, e.modality) for e in _extract(extractor, text) if not e.negated}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Kenya sent troops to fight al-Shabaab in Somalia.", ("kenya", "fights", "al-shabaab", "intent")),
        ("Kenya sent troops to Somalia to fight al-Shabaab.", ("kenya", "fights", "al-shabaab", "intent")),
        ("Chad deployed troops to fight Boko Haram.", ("chad", "fights", "boko-haram", "intent")),
    ],
)
def test_force_troops_are_sent_for_is_the_senders_intent(extractor, text, expected):
    assert expected in _aimed(extractor, text)


def test_an_aimed_fight_is_one_sided_even_when_the_sending_is_to_come(extractor):
    """ "Fights" is mutual when fought; an aim is one side's (no al-Shabaab fighting Kenya)."""
    found = _aimed(extractor, "Kenya will send troops to fight al-Shabaab.")
    assert ("kenya", "fights", "al-shabaab", "intent") in found
    assert not [edge for edge in found if edge[0] == "al-shabaab"]


@pytest.mark.parametrize("text", ["Kenya sent aid to fight famine.", "Kenya sent doctors to fight the Ebola outbreak."])
def test_only_armed_sendings_aim_at_force(extractor, text):
    assert not [edge for edge in _aimed(extractor, text) if edge[1] in ("fights", "attacks")]


def test_support_troops_are_sent_for_is_still_given(extractor):
    assert ("iran", "supports", "assad-regime", None) in _aimed(extractor, "Iran sent fighters to defend Assad.")
