"""A capital stands for its state's government when it speaks ("Khartoum said"), and is ground when it is taken."""

from __future__ import annotations

import pytest

from tests.kg.extract.stories import pairs as _pairs


@pytest.mark.parametrize(
    "text, expected",
    [
        # whom it was taken from, not the state it is the capital of
        ("The Sudanese army retook Khartoum from the RSF.", ("sudan-military", "coerces", "rapid-support-forces")),
        ("The Sudanese army recaptured Khartoum from the RSF.", ("sudan-military", "coerces", "rapid-support-forces")),
        # with no "from", the state it lies in, as for any town
        ("Russian troops captured Kyiv.", ("russian-military", "coerces", "ukraine")),
        ("The Taliban seized Kabul.", ("taliban", "coerces", "afghanistan")),
    ],
)
def test_a_capital_taken_is_ground(extractor, text, expected):
    assert expected in _pairs(extractor, text)


def test_a_state_taken_keeps_its_own_sense(extractor):
    assert ("united-states", "coerces", "iraq") in _pairs(extractor, "The US occupied Iraq.")
