"""Events per actor: the statistics that plan evidence lookups."""

from __future__ import annotations

from kg.model import ACTOR, SPARQL_PROLOGUE
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
