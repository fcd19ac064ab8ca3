"""The synthetic graph generator: exact sizes, the product's own event triples, and determinism."""

import pytest

from kg.store import open_store
from kg.synthetic import conflict_graph
from kg.viz import graph_data


@pytest.fixture(scope="module")
def small():
    store = open_store("memory")
    store.add(list(conflict_graph(actors=60, relations=150, seed=4)))
    return store


def test_synthetic_graph_has_exactly_the_actors_and_relations_asked_for(small):
    data = graph_data(small)
    assert (len(data["nodes"]), len(data["edges"])) == (60, 150)
    assert sum(edge["count"] for edge in data["edges"]) > 150  # some relations are reported more than once


def test_synthetic_events_carry_evidence_like_extracted_ones(small):
    evidence = [item for edge in graph_data(small)["edges"] for item in edge["evidence"]]
    assert all(item["sentence"] and item["title"].startswith("Synthetic report") for item in evidence)
    assert any(item["date"] for item in evidence) and any(item["place"] for item in evidence)
    umbrellas = {edge["umbrella"] for edge in graph_data(small)["edges"]}
    assert {"backs", "strikes", "fights", "warns"} <= umbrellas


def test_synthetic_graph_is_the_same_for_the_same_seed():
    def triples(seed):
        return sorted(map(str, conflict_graph(actors=20, relations=40, seed=seed)))

    assert triples(1) == triples(1) != triples(2)


def test_synthetic_graph_refuses_impossible_sizes():
    with pytest.raises(ValueError):
        list(conflict_graph(actors=3, relations=7))
