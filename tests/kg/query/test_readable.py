"""Readable: every read takes one type, and gives the same answer whether it is handed a Store as it is or the
QueryRunner the API and the CLI hand it (which adds the service's limits)."""

from __future__ import annotations

import pytest

from kg.query import Readable
from kg.query.pattern import run_pattern
from kg.query.runner import DEFAULT_MAX_RESULTS, QueryRunner, result_cap
from kg.query.views import list_actors, relation_page


@pytest.fixture(scope="module")
def runner(seeded_store):
    found = QueryRunner(seeded_store, timeout=30, max_results=500)
    yield found
    found.close()


def _answers(reader: Readable) -> tuple:
    """What three kinds of read (a view, a page of relations, a pattern) give on `reader`."""
    actors = [actor.slug for actor in list_actors(reader)]
    page = relation_page(reader, type="backs", limit=5)
    pattern = run_pattern(reader, "?x backs ?y")
    # The compiled SPARQL differs by its LIMIT only (each reader's cap + 1): the rows are what must not.
    return (
        actors,
        page.total,
        [r.model_dump() for r in page.relations],
        pattern.total,
        pattern.model_dump(exclude={"sparql"}),
    )


def test_readable_a_store_and_a_runner_give_the_same_answers(seeded_store, runner):
    direct = _answers(seeded_store)
    assert direct[0] and direct[1] and direct[3]  # the seeds hold actors, backs relations and pattern matches
    assert _answers(runner) == direct


def test_readable_a_runner_caps_reads_at_its_max_results_and_a_store_at_the_default(seeded_store, runner):
    assert result_cap(runner) == 500
    assert result_cap(seeded_store) == DEFAULT_MAX_RESULTS
