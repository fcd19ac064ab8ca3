"""An accord brokered by a third side: the broker mediates between the accord's sides (CAMEO 045), and is not a side
to the agreement itself."""

from __future__ import annotations

import pytest

from tests.kg.extract.stories import pairs as _pairs


@pytest.mark.parametrize(
    "text, broker, sides",
    [
        ("Israel and Hamas agreed to a ceasefire brokered by Qatar.", "qatar", {"israel", "hamas"}),
        (
            "Sudan's army and the RSF reached a deal mediated by Saudi Arabia.",
            "saudi-arabia",
            {"sudan-military", "rapid-support-forces"},
        ),
        # the comma makes the parser hang the participle on the last side named
        ("A truce between Israel and Hezbollah, brokered by France, took effect.", "france", {"israel", "hezbollah"}),
        # brokered, written as one adjective with the broker
        ("The US-brokered truce between Israel and Hezbollah held.", "united-states", {"israel", "hezbollah"}),
        ("Israel and Hamas agreed to an Egyptian-mediated ceasefire.", "egypt", {"israel", "hamas"}),
    ],
)
def test_a_broker_mediates_between_the_sides_of_the_accord(extractor, text, broker, sides):
    found = _pairs(extractor, text)
    assert {target for source, relation, target in found if source == broker and relation == "consults"} == sides


def test_the_broker_is_no_side_to_the_agreement(extractor):
    found = _pairs(extractor, "Armenia and Azerbaijan signed a peace deal brokered by the United States.")
    assert ("armenia", "agrees", "azerbaijan") in found and ("azerbaijan", "agrees", "armenia") in found
    assert not [edge for edge in found if edge[1] == "agrees" and "united-states" in (edge[0], edge[2])]


def test_an_accord_no_one_is_said_to_have_reached_gives_the_broker_nothing(extractor):
    assert not _pairs(extractor, "The ceasefire, brokered by Qatar, took effect on Sunday.")
