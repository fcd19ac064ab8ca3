"""Who did an act a participle tells ("the attack carried out by Israel"), and an acronym used as an armed side's
("two RSF commanders") outside its theatre."""

from __future__ import annotations

import pytest

from tests.kg.extract.stories import extract as _extract
from tests.kg.extract.stories import pairs as _pairs


@pytest.mark.parametrize(
    "text, doer",
    [
        ("Iran condemned the attack carried out by Israel.", "israel"),
        ("Iran condemned sanctions imposed by the US.", "united-states"),
        # the parser hangs the participle on the nearer noun
        ("Iran condemned the attack on its embassy carried out by Israel.", "israel"),
    ],
)
def test_a_condemned_acts_doer_told_by_a_participle_is_accused(extractor, text, doer):
    assert ("iran", "accuses", doer) in _pairs(extractor, text)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The United States imposed sanctions on two RSF commanders.",
            ("united-states", "sanctions", "rapid-support-forces"),
        ),
        (
            "Turkey condemned the killing of civilians committed by the RSF.",
            ("turkey", "accuses", "rapid-support-forces"),
        ),
        ("Turkey condemned the attacks carried out by the RSF.", ("turkey", "accuses", "rapid-support-forces")),
    ],
)
def test_an_acronym_used_as_an_armed_sides_is_the_armed_side(extractor, text, expected):
    """With Sudan not named, "RSF" is Reporters Without Borders (kg/extract/data/acronyms.toml), unless it modifies a
    word for fighters or does violence."""
    assert expected in _pairs(extractor, text)


def test_the_acronym_that_reports_stays_the_press_group(extractor):
    (jailing,) = [e for e in _extract(extractor, "Turkey jailed a journalist, RSF said.") if e.relation == "coerces"]
    assert jailing.attributed_to is not None and jailing.attributed_to.id == "reporters-without-borders"
