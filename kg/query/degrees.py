"""Events per actor, as agent and as target: the statistics that plan evidence lookups.

A lookup of the events between two actors can start from either end, and the cheap end is the one with
fewer events: started from a hub it scans the hub's thousands of events once per pair. The counts come
from one grouped scan of the graph, kept per reader and retaken in the background once they are old;
stale counts only make a plan slower, never an answer different.

The same counts say whether every fact links the direct edges it makes (`ckg:edge`, written by kg.model since
December 2026): then a fact's evidence is found from the edge, in one index lookup, whatever the degrees.
A store written before, or given facts by hand without links, is read the slow way.
"""

from __future__ import annotations

import threading
import time
import weakref
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain

from kg.namespaces import CKG, SPARQL_PROLOGUE
from kg.query.readable import Readable

REFRESH_SECONDS = 60.0  # counts older than this are retaken (in the background; the old ones serve meanwhile)
REFRESH_SHARE = 0.02  # …but never more often than this share of the time (a count at 5M triples takes ~1 s)
_COUNTS = SPARQL_PROLOGUE + "SELECT ?actor (COUNT(?event) AS ?n) WHERE { ?event ckg:%s ?actor } GROUP BY ?actor"
_STATUSES = (
    SPARQL_PROLOGUE + "SELECT ?status (COUNT(?event) AS ?n) WHERE { ?event ckg:status ?status } GROUP BY ?status"
)
# Counted, not asked (FILTER NOT EXISTS): an ASK for an unlinked fact scans with a lookup per event, 6× slower.
_LINKED = SPARQL_PROLOGUE + "SELECT (COUNT(DISTINCT ?event) AS ?n) WHERE { ?event ckg:edge ?edge }"


@dataclass
class Degrees:
    """Events (negated ones too) whose agent, and whose target, is each actor (by IRI)."""

    agent: dict[str, int] = field(default_factory=dict)
    target: dict[str, int] = field(default_factory=dict)
    linked: bool = False  # every event has a stored status and every fact its ckg:edge links
    taken: float = 0.0  # time.monotonic() when counted
    seconds: float = 0.0  # how long counting took

    @cached_property
    def widest(self) -> int:
        """The most events one actor has on one side (0 without counts): taken once, not per pattern (a 2-hop's
        plan read every actor's count, ~6 % of its time at 1M triples)."""
        return max(chain(self.agent.values(), self.target.values()), default=0)

    def stale(self, now: float) -> bool:
        return now - self.taken > max(REFRESH_SECONDS, self.seconds / REFRESH_SHARE)


def count_degrees(reader: Readable) -> Degrees:
    """Both counts for every actor, read from `reader` (a QueryRunner or a Store): two grouped scans; and
    whether the facts are linked to their edges: two more counts."""
    started = time.monotonic()
    found = {
        side: {row["actor"].value: int(row["n"].value) for row in reader.query(_COUNTS % side)}
        for side in ("agent", "target")
    }
    linked = _all_linked(reader, events=sum(found["agent"].values()))
    return Degrees(found["agent"], found["target"], linked, time.monotonic(), time.monotonic() - started)


def _all_linked(reader: Readable, events: int) -> bool:
    """Whether each event (one agent each) has a status, and as many events link edges as are facts."""
    statuses = {row["status"].value: int(row["n"].value) for row in reader.query(_STATUSES)}
    if sum(statuses.values()) != events:  # events without ckg:status: a store from before it, or by hand
        return False
    facts = statuses.get(str(CKG.fact), 0)
    return facts == next(int(row["n"].value) for row in reader.query(_LINKED))


class _Kept:
    def __init__(self, degrees: Degrees) -> None:
        self.degrees = degrees
        self.refreshing = False


_kept: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def degrees(reader: Readable) -> Degrees:
    """The kept counts for `reader`, counted now on first use; old ones are retaken in a background thread."""
    with _lock:
        kept = _kept.get(reader)
    if kept is None:
        try:
            counted = count_degrees(reader)
        except Exception:  # noqa: BLE001 — past the time limit, say: plan without counts now, count again later
            counted = Degrees(taken=time.monotonic())
        kept = _Kept(counted)
        with _lock:
            kept = _kept.setdefault(reader, kept)
    with _lock:
        if kept.degrees.stale(time.monotonic()) and not kept.refreshing:
            kept.refreshing = True
            threading.Thread(target=_refresh, args=(reader, kept), name="kg-degrees", daemon=True).start()
    return kept.degrees


def _refresh(reader: Readable, kept: _Kept) -> None:
    try:
        kept.degrees = count_degrees(reader)
    except Exception:  # noqa: BLE001 — a failed recount (store closed, time limit) keeps the old counts
        kept.degrees.taken = time.monotonic()
    finally:
        kept.refreshing = False


__all__ = ["Degrees", "count_degrees", "degrees"]
