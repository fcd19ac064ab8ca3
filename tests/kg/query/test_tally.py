"""The kept graph counts behind /health."""

from __future__ import annotations

import threading
import time

import pytest

from kg.query.tally import QUICK_BYTES, GraphTally
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


def test_tally_would_wait_for_the_first_count_and_for_quick_counts_only():
    release = threading.Event()
    slow = {"on": True}

    def count() -> GraphCounts:
        if slow["on"]:
            release.wait(10)
        return GraphCounts(triples=3, articles=1)

    tally = GraphTally(count)
    tally.start()
    assert tally.would_wait()  # the first count is under way
    time.sleep(0.3)  # past QUICK_SECONDS: a count of a large store
    release.set()
    while tally.would_wait():  # the first count is waited for QUICK_SECONDS at most: ask until it is in
        tally.current()
    assert tally.current(wait=0) == GraphCounts(triples=3, articles=1)
    assert not tally.would_wait()
    release.clear()
    tally.changed()
    assert not tally.would_wait()  # a large store's recount is not waited for: the last counts answer at once
    assert tally.current(wait=0) == GraphCounts(triples=3, articles=1)
    release.set()


def test_tally_would_wait_for_a_quick_recount_under_way():
    started, release = threading.Event(), threading.Event()

    def quick_count() -> GraphCounts:
        started.set()
        release.wait(0.05)
        return GraphCounts(triples=1, articles=1)

    tally = GraphTally(quick_count)
    tally.start()
    # The first count is waited for 0.1 s at most (QUICK_SECONDS): on a loaded machine it may not be done by then
    deadline = time.monotonic() + 10
    while tally.current(wait=0.1) is None and time.monotonic() < deadline:
        pass
    assert not tally.would_wait()
    tally.changed()
    assert tally.would_wait()  # a small store: the write shows at once, so its count is waited for
    release.set()
    assert tally.current(wait=10) == GraphCounts(triples=1, articles=1)


def test_tally_does_not_wait_for_the_first_count_of_a_store_too_large_to_count_quickly():
    release = threading.Event()

    def count() -> GraphCounts:
        release.wait(10)
        return GraphCounts(triples=3, articles=1)

    tally = GraphTally(count, data_bytes=QUICK_BYTES + 1)
    tally.start()
    assert not tally.would_wait()  # a caller on an event loop answers at once
    assert tally.current() is None  # the first count is under way: no sizes yet, and no wait for them
    release.set()
    while tally.current(wait=0.1) is None:  # the count ends in the background
        pass
    assert tally.current(wait=0) == GraphCounts(triples=3, articles=1)


def test_tally_waits_for_the_first_count_of_a_small_store():
    tally = GraphTally(lambda: GraphCounts(triples=2, articles=1), data_bytes=QUICK_BYTES)
    tally.start()
    assert tally.current() == GraphCounts(triples=2, articles=1)
