"""Camps from the signed actor graph: small hand-built graphs, and the seed article."""

import random

import pytest

from kg.analysis.camps import SignedTie, camps_from_signed_graph, sign_of, signed_ties
from kg.analysis.network import camp_data
from kg.query import CampFilters, GraphFilters
from kg.viz import graph_data


def ties(*rows: tuple[str, str, float]) -> list[SignedTie]:
    return [SignedTie(*row) for row in rows]


def groups(result) -> set[frozenset[str]]:
    return {frozenset(camp.members) for camp in result.camps}


def side_of(result, actor: str) -> int | None:
    return next(camp.side for camp in result.camps if actor in camp.members)


@pytest.mark.parametrize(
    "relation, sign",
    [
        ("backs", 1),
        ("trains", 1),
        ("cooperatesMilitarily", 1),
        ("strikes", -1),
        ("airStrikes", -1),
        ("fights", -1),
        ("threatens", -1),
        ("consults", 0),
        ("accuses", 0),
        ("no-such-relation", 0),
    ],
)
def test_camps_sign_of_follows_the_relation_families(relation, sign):
    assert sign_of(relation) == sign


def test_camps_signed_ties_drop_unsigned_relations_and_self_loops():
    found = signed_ties(
        [("a", "trains", "b", 2), ("a", "bombs", "c", 3), ("a", "consults", "d", 1), ("a", "backs", "a", 1)]
    )
    assert found == ties(("a", "b", 2), ("a", "c", -3))


def test_camps_two_blocs_backing_inside_and_striking_across():
    result = camps_from_signed_graph(ties(("a", "b", 2), ("c", "d", 1), ("a", "c", -3), ("b", "d", -1)))
    assert groups(result) == {frozenset("ab"), frozenset("cd")}
    assert result.agreement == 1.0
    assert side_of(result, "a") != side_of(result, "c") and None not in (side_of(result, "a"), side_of(result, "c"))
    assert result.camp_of["a"] == result.camp_of["b"] == 1  # the camp with more allied weight comes first


def test_camps_an_actor_with_only_enemies_stays_alone_on_the_other_side():
    result = camps_from_signed_graph(ties(("a", "b", 1), ("x", "a", -1), ("x", "b", -2)))
    assert groups(result) == {frozenset("ab"), frozenset("x")}
    assert side_of(result, "x") != side_of(result, "a")


def test_camps_the_weight_of_evidence_decides_a_mixed_pair():
    assert groups(camps_from_signed_graph(ties(("a", "b", 3), ("a", "b", -1)))) == {frozenset("ab")}
    split = camps_from_signed_graph(ties(("a", "b", 1), ("a", "b", -3)))
    assert groups(split) == {frozenset("a"), frozenset("b")} and split.agreement == 0.75


def test_camps_an_actor_leaves_the_allies_of_its_allies_it_fights():
    # c is reached from a through b, but fights both harder than it backs b: a camp of its own agrees more.
    result = camps_from_signed_graph(ties(("a", "b", 2), ("b", "c", 1), ("c", "a", -3), ("c", "b", -3)))
    assert groups(result) == {frozenset("ab"), frozenset("c")}
    assert result.agreement == round(8 / 9, 4)


def test_camps_a_frustrated_triangle_agrees_as_much_as_possible():
    result = camps_from_signed_graph(ties(("a", "b", 1), ("b", "c", 1), ("a", "c", -1)))
    assert result.agreement == round(2 / 3, 4)


def test_camps_do_not_depend_on_the_order_of_the_ties():
    rows = ties(
        ("a", "b", 2),
        ("b", "c", 1),
        ("c", "d", -1),
        ("d", "e", 2),
        ("e", "a", -1),
        ("f", "a", -1),
        ("g", "d", 1),
        ("g", "b", -2),
    )
    first = camps_from_signed_graph(rows)
    shuffled = rows[:]
    random.Random(3).shuffle(shuffled)
    assert camps_from_signed_graph(shuffled) == first


def test_camps_unconnected_actors_each_get_a_camp_without_a_side():
    result = camps_from_signed_graph(ties(("a", "b", 1)), actors=["lonely"])
    assert result.camp_of["lonely"] != result.camp_of["a"]
    assert side_of(result, "lonely") is None and side_of(result, "a") is None


def test_camps_of_the_seed_from_facts_leave_out_what_is_only_reported(seed):
    camp = camp_data(seed)["camp_of"]
    # "Intelligence sources have told Reuters ... Iranian-backed forces": reported, so no tie from facts.
    assert camp["iran"] == camp["assad-regime"] == camp["pro-assad-forces"] != camp["iran-backed-militias"]
    assert camp["us-led-coalition"] != camp["iran"]


def test_camps_of_the_seed_pit_the_coalition_against_assad_and_iran(seed):
    data = camp_data(seed, CampFilters(claims=True))
    camp = data["camp_of"]
    assert camp["us-led-coalition"] == camp["coalition-partner-forces"]
    assert camp["iran"] == camp["assad-regime"] == camp["pro-assad-forces"] == camp["iran-backed-militias"]
    assert camp["iran"] != camp["us-led-coalition"]
    side = {member["slug"]: c["side"] for c in data["camps"] for member in c["members"]}
    assert side["us-led-coalition"] != side["assad-regime"]
    # Russia's jets bomb the rebels the West backs: Russia ends on Assad's side, the West on the coalition's.
    assert side["russian-military"] == side["assad-regime"] and side["the-west"] == side["us-led-coalition"]
    assert data["agreement"] == 1.0
    labels = {member["label"] for c in data["camps"] for member in c["members"]}
    assert {"US-led coalition", "Iran"} <= labels


def test_camps_follow_the_filters(seed):
    data = camp_data(seed, CampFilters(relation="backs"))
    assert all(c["hostile"] == 0 and c["side"] is None for c in data["camps"])
    assert set(data["camp_of"]) == {n["id"] for n in graph_data(seed, GraphFilters(relation="backs"))["nodes"]}
    assert data["filters"]["relation"] == "backs"
    with pytest.raises(ValueError, match="relation"):
        camp_data(seed, CampFilters(relation="hugs"))


def test_camps_ring_the_page_nodes_one_colour_per_camp(seed):
    data = graph_data(seed)
    nodes = {node["id"]: node for node in data["nodes"]}
    assert nodes["iran"]["ring"] == nodes["assad-regime"]["ring"] != nodes["us-led-coalition"]["ring"]
    assert nodes["isis"]["ring"] is None  # a camp of one has no ring
    assert {c["color"] for c in data["camps"] if c["color"]} == {n["ring"] for n in nodes.values() if n["ring"]}
    assert nodes["iran"]["camp"] == next(c["id"] for c in data["camps"] if c["color"] == nodes["iran"]["ring"])


def test_camps_keep_the_floor_of_articles_of_graph_filters(seed):
    # Each relation of the seed is in its one article: a floor of two leaves nothing to put in camps.
    floored = camp_data(seed, GraphFilters(min_corroboration=2))
    assert floored["camp_of"] == {} and floored["filters"]["min_corroboration"] == 2
    assert camp_data(seed, CampFilters())["filters"]["min_corroboration"] is None
