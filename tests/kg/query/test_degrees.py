"""Events per actor: the statistics that plan evidence lookups."""

from __future__ import annotations

from kg.model import ACTOR, SPARQL_PROLOGUE, edge_iri
from kg.query.degrees import count_degrees, degrees
from kg.store import open_store


def two_events_store():
    """a → b twice (once negated), b → c once."""
    store = open_store("memory")
    store.update(
        SPARQL_PROLOGUE
        + f"""INSERT DATA {{
      <urn:e1> ckg:agent <{ACTOR}a> ; ckg:target <{ACTOR}b> ; ckg:negated false .
      <urn:e2> ckg:agent <{ACTOR}a> ; ckg:target <{ACTOR}b> ; ckg:negated true .
      <urn:e3> ckg:agent <{ACTOR}b> ; ckg:target <{ACTOR}c> ; ckg:negated false . }}"""
    )
    return store


def test_degrees_count_events_per_agent_and_target_negated_ones_too():
    counts = count_degrees(two_events_store())
    assert counts.agent == {f"{ACTOR}a": 2, f"{ACTOR}b": 1}
    assert counts.target == {f"{ACTOR}b": 2, f"{ACTOR}c": 1}


def test_degrees_are_kept_per_reader():
    store = two_events_store()
    assert degrees(store) is degrees(store)
    assert degrees(store) is not degrees(two_events_store())


class _Failing:
    def query(self, sparql: str, **options):
        raise TimeoutError("the query took too long")


def test_degrees_that_cannot_be_counted_are_empty_so_plans_still_run():
    counts = degrees(_Failing())
    assert counts.agent == {} and counts.target == {}


def _fact(event: str, agent: str, target: str, linked: bool) -> str:
    link = f"; ckg:edge <{edge_iri(ACTOR + agent, 'backs', ACTOR + target)}>" if linked else ""
    return (
        f"<urn:{event}> ckg:agent <{ACTOR}{agent}> ; ckg:target <{ACTOR}{target}> ; ckg:relation ckg:backs ; "
        f"ckg:status ckg:fact {link} ."
    )


def test_degrees_say_facts_are_linked_when_every_fact_has_its_edge():
    store = open_store("memory")
    store.update(
        SPARQL_PROLOGUE + f"INSERT DATA {{ {_fact('e1', 'a', 'b', True)} <urn:e2> ckg:agent <{ACTOR}a> ; "
        f"ckg:target <{ACTOR}b> ; ckg:status ckg:denied . }}"
    )
    assert count_degrees(store).linked


def test_degrees_say_not_linked_for_a_fact_without_its_edge_or_an_event_without_a_status():
    unlinked = open_store("memory")
    unlinked.update(SPARQL_PROLOGUE + f"INSERT DATA {{ {_fact('e1', 'a', 'b', True)} {_fact('e2', 'b', 'a', False)} }}")
    assert not count_degrees(unlinked).linked
    assert not count_degrees(two_events_store()).linked  # no ckg:status: written before it
