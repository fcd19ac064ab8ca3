"""Edge summaries, actor labels and resolved names kept between pattern answers, until a write touches them.

A hub's page of evidence reads every event of its 100 edges (three index reads an event: confidence, article,
source) and the answer depends on each of them, so it cannot be read faster, only less often. What was read is
kept per store, stamped with the store's write generation (Store.write_generation). When the generation has moved
on, the store says what the writes since changed (Store.written_between, kg.store.written): an article added
through the store names the pairs of actors its events join (and the edges they link), the actors it labels and
the names it gives, and only what those touch is dropped — an edge's summary when its (source, target) pair or
its edge was written to, a label when its actor was, a name when a label or alias equal to it (ignoring case),
or its slug, was given. A write whose triples are not known there (a SPARQL Update, a bulk load, a failed write)
drops everything. A store that cannot say (an engine elsewhere, which other clients write to, or a write under
way) keeps nothing, nor does a reader that is not ours (a wrapper in a script or a test). Each table is capped,
least recently used first out.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

import pyoxigraph as ox

from kg.namespaces import edge_iri
from kg.query.pattern.evidence import EdgeKey, EdgeSummary, actor_labels, edge_evidence
from kg.query.pattern.names import resolve_names
from kg.query.readable import Readable
from kg.query.runner import QueryRunner
from kg.store import OxigraphStore, Store
from kg.store.written import Written

# Measured at 1M triples: 20,000 summaries held ~19 MB (RSS freed when emptied), ~1 KB each with its key, and
# filling the tables with wide answers raised RSS by up to 30 MB more than the same answers kept nothing. The server
# idles at ~125 MB after the bench, so the caps hold the tables to ~8 MB. A hub's page is 100 edges.
KEPT_EDGES = 5_000  # edge summaries kept per store
KEPT_LABELS = 20_000  # labels kept per store
KEPT_NAMES = 5_000  # names (as written in patterns) resolved to actors, kept per store

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class _Table(Generic[K, V]):
    """Values of one write generation, least recently used first out past `cap()`; safe across threads.

    `touched(key, written)` says whether a write that changed `written` may have changed the value of `key`;
    `written_between` is the store's (see the module's docstring)."""

    def __init__(
        self,
        cap: Callable[[], int],
        touched: Callable[[K, Written], bool],
        written_between: Callable[[int, int], Written | None],
    ) -> None:
        self._cap = cap
        self._touched = touched
        self._written_between = written_between
        self._lock = threading.Lock()
        self._generation = -1
        self._values: OrderedDict[K, V] = OrderedDict()
        self.dropped = 0  # values dropped because a write touched them (every value, after an unknown write)

    def get(self, generation: int, keys: Iterable[K]) -> dict[K, V]:
        with self._lock:
            self._advance(generation)
            if generation != self._generation:  # read before a write that another answer has already seen
                return {}
            found: dict[K, V] = {}
            for key in keys:
                if key in self._values:
                    self._values.move_to_end(key)
                    found[key] = self._values[key]
            return found

    def put(self, generation: int, values: dict[K, V]) -> None:
        with self._lock:
            self._advance(generation)
            if generation != self._generation:
                return
            if len(values) > self._cap():  # one answer wider than the table would push out all else, and not fit
                return
            self._values.update(values)
            for key in values:
                self._values.move_to_end(key)
            while len(self._values) > self._cap():
                self._values.popitem(last=False)

    def __len__(self) -> int:
        return len(self._values)

    def _advance(self, generation: int) -> None:
        """Move on to a newer generation, dropping the values the writes since touched (an older one never
        replaces a newer: values read at it may predate a write whose changes were applied already)."""
        if generation <= self._generation:
            return
        written = self._written_between(self._generation, generation) if self._values else Written()
        stale = list(self._values) if written is None else [key for key in self._values if self._touched(key, written)]
        for key in stale:
            del self._values[key]
        self.dropped += len(stale)
        self._generation = generation


class Kept:
    """One store's kept edge summaries (per edge key and confidence floor), labels (per actor) and actors (per
    name as written)."""

    def __init__(self, store: Store) -> None:
        # Weakly: the tables are kept per store, in a table keyed weakly by the store.
        written_between = _written_between(weakref.ref(store))
        # The caps are read at each use, so a test can lower them.
        self.edges: _Table[tuple[EdgeKey, float | None], EdgeSummary] = _Table(
            lambda: KEPT_EDGES, _edge_touched, written_between
        )
        self.labels: _Table[ox.NamedNode, str | None] = _Table(lambda: KEPT_LABELS, _label_touched, written_between)
        self.names: _Table[str, list[ox.NamedNode]] = _Table(lambda: KEPT_NAMES, _name_touched, written_between)


def _written_between(store: weakref.ref[Store]) -> Callable[[int, int], Written | None]:
    def written_between(after: int, upto: int) -> Written | None:
        found = store()
        return None if found is None else found.written_between(after, upto)

    return written_between


def _edge_touched(key: tuple[EdgeKey, float | None], written: Written) -> bool:
    """An edge's evidence is the events from its source to its target (whoever they are attributed to), and for
    facts the events linked to the edge (the same events, unless a link was written by hand)."""
    (source, relation, target, _, _), _ = key
    if (source.value, target.value) in written.pairs:
        return True
    return bool(written.edges) and edge_iri(source.value, relation, target.value) in written.edges


def _label_touched(actor: ox.NamedNode, written: Written) -> bool:
    return actor.value in written.subjects


def _name_touched(name: str, written: Written) -> bool:
    return name.lower() in written.names


_kept: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def kept(reader: Readable) -> tuple[Kept, int] | None:
    """What is kept for the store `reader` reads, and the store's write generation now; None when nothing may be
    kept (see the module's docstring)."""
    store = reader.store if isinstance(reader, QueryRunner) else reader
    if not isinstance(store, OxigraphStore) or store.evaluates_elsewhere:
        return None
    generation = store.write_generation
    if generation is None:
        return None
    with _lock:
        found = _kept.get(store)
        if found is None:
            found = _kept[store] = Kept(store)
        return found, generation


def kept_evidence(
    reader: Readable, edges: set[EdgeKey], min_confidence: float | None = None
) -> dict[EdgeKey, EdgeSummary]:
    """`edge_evidence`, read only for the edges not kept, or touched by a write since (an edge without events is kept
    too, as an empty summary)."""
    now = kept(reader)
    if now is None:
        return edge_evidence(reader, edges, min_confidence)
    table, generation = now[0].edges, now[1]
    found = table.get(generation, ((key, min_confidence) for key in edges))
    missing = {key for key in edges if (key, min_confidence) not in found}
    read = edge_evidence(reader, missing, min_confidence)
    fresh = {(key, min_confidence): read.get(key, EdgeSummary()) for key in missing}
    table.put(generation, fresh)
    return {key: summary for (key, _), summary in (found | fresh).items()}


def kept_labels(reader: Readable, actors: set[ox.NamedNode]) -> dict[ox.NamedNode, str]:
    """`actor_labels`, read only for the actors not kept, or touched by a write since."""
    now = kept(reader)
    if now is None:
        return actor_labels(reader, actors)
    table, generation = now[0].labels, now[1]
    found = table.get(generation, actors)
    missing = actors - found.keys()
    read = actor_labels(reader, missing)
    fresh = {actor: read.get(actor) for actor in missing}
    table.put(generation, fresh)
    return {actor: label for actor, label in (found | fresh).items() if label is not None}


def kept_names(reader: Readable, names: Iterable[str]) -> dict[str, list[ox.NamedNode]]:
    """`resolve_names`, resolved only for the names not kept, or touched by a write since (an unknown name raises as
    there, and is not kept)."""
    now = kept(reader)
    if now is None:
        return resolve_names(reader, names)
    table, generation = now[0].names, now[1]
    wanted = set(names)
    found = table.get(generation, wanted)
    fresh = resolve_names(reader, wanted - found.keys())
    table.put(generation, fresh)
    return found | fresh


__all__ = ["KEPT_EDGES", "KEPT_LABELS", "KEPT_NAMES", "Kept", "kept", "kept_evidence", "kept_labels", "kept_names"]
