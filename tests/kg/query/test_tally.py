"""The kept graph counts behind /health."""

from __future__ import annotations

import threading

import pytest

from kg.query.tally import GraphTally
from kg.query.views import GraphCounts


def test_tally_counts_in_the_background_and_again_after_a_write():
    sizes = iter([GraphCounts(triples=1, articles=1), GraphCounts(triples=5, articles=2)])
    tally = GraphTally(lambda: next(sizes))
    tally.start()
    assert tally.current() == GraphCounts(triples=1, articles=1)
    tally.changed()
    assert tally.current() == GraphCounts(triples=5, articles=2)  # a quick count is waited for


def test_tally_answers_none_while_the_first_count_runs():
    release = threading.Event()

    def slow_count() -> GraphCounts:
        release.wait(10)
        return GraphCounts(triples=3, articles=1)

    tally = GraphTally(slow_count)
    tally.start()
    assert tally.current(wait=0.01) is None
    release.set()
    assert tally.current(wait=10) == GraphCounts(triples=3, articles=1)


def test_tally_raises_what_the_count_raised_until_a_count_succeeds():
    answers = iter([ConnectionError("engine gone"), GraphCounts(triples=2, articles=1)])

    def count() -> GraphCounts:
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    tally = GraphTally(count)
    tally.start()
    with pytest.raises(ConnectionError, match="engine gone"):
        tally.current()
    assert tally.current() == GraphCounts(triples=2, articles=1)  # current() asked for a new count
