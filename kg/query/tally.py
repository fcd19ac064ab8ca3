"""The graph's size, kept for GET /health rather than counted per request (a count scans the whole store:
0.5 s at 1M triples, seconds at 5M)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from kg.query.views import GraphCounts

QUICK_SECONDS = 0.1  # a count this fast is waited for, so a small store's /health is exact right after a write
# A store larger on disk cannot be counted in QUICK_SECONDS (1M triples: ~140 MB, a 0.5 s scan on a quiet machine;
# this is ~120k triples): its first count is not waited for at all, so a server on it answers /health at once.
QUICK_BYTES = 16 * 2**20
BUSY_SHARE = 0.05  # during a stream of writes, recounting takes at most this share of the time


class GraphTally:
    """Counts taken in a background thread at start and again after writes, at most one count at a time."""

    def __init__(self, count: Callable[[], GraphCounts], data_bytes: int | None = None) -> None:
        """`data_bytes`: the store's size on disk, if known (Store.data_bytes), to tell a count that cannot be quick."""
        self._count = count
        self._first_wait = 0.0 if (data_bytes or 0) > QUICK_BYTES else QUICK_SECONDS
        self._counts: GraphCounts | None = None
        self._failure: Exception | None = None  # what the last count raised (an engine gone, say)
        self._seconds = 0.0  # how long the last count took
        self._stale = True  # written to since the last count began
        self._running = False  # a count is under way
        self._counting = False  # the counting thread is alive (it rests between counts)
        self._fresh = threading.Condition()

    def start(self) -> None:
        """Count now, in the background."""
        self.changed()

    def changed(self) -> None:
        """The graph was written to: count again (in the background)."""
        with self._fresh:
            self._stale = True
            if self._counting:
                return
            self._counting = True
        threading.Thread(target=self._recount, name="kg-tally", daemon=True).start()

    def current(self, wait: float = 0.5) -> GraphCounts | None:
        """The latest counts; None before the first count ends. A quick count under way is waited for, and
        the first count for at most QUICK_SECONDS (not at all on a store larger than QUICK_BYTES): past that it
        is not quick, and a server starting on a large store answers at once rather than after a scan.

        Raises what the last count raised (and counts again, so a recovered engine is seen)."""
        with self._fresh:
            if self._counts is None or self._seconds < QUICK_SECONDS:
                first = self._counts is None and self._failure is None
                timeout = min(wait, self._first_wait) if first else wait
                self._fresh.wait_for(lambda: not (self._stale or self._running), timeout=timeout)
            counts, failure = self._counts, self._failure
        if failure is not None:
            self.changed()
            raise failure
        return counts

    def would_wait(self) -> bool:
        """Whether `current()` would wait for a count under way now (the first one, or a quick one): a caller on
        an event loop then asks in a thread, and otherwise calls `current(wait=0)` and blocks nothing."""
        with self._fresh:
            if self._counts is None and self._failure is None:  # the first count
                waits = self._first_wait > 0
            else:
                waits = self._counts is None or self._seconds < QUICK_SECONDS
            return waits and (self._stale or self._running)

    def _recount(self) -> None:
        while True:
            with self._fresh:
                if not self._stale:
                    self._counting = False
                    return
                self._stale, self._running = False, True
            started = time.monotonic()
            counts, failure = self._counts, None
            try:
                counts = self._count()
            except Exception as exc:  # noqa: BLE001 — kept for current() to raise in the request that asks
                failure = exc
            seconds = time.monotonic() - started
            with self._fresh:
                self._counts, self._failure, self._seconds, self._running = counts, failure, seconds, False
                self._fresh.notify_all()
            time.sleep(seconds * (1 / BUSY_SHARE - 1))


__all__ = ["GraphTally"]
