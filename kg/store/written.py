"""What a write through the store changed, in the model's terms, so a reader can keep what the write left alone.

A reader that keeps answers between writes (kg.query.pattern.kept) reads only triples whose subject is an event or
an actor: an event's agent, target, relation, status, confidence, article, source and sentence (an edge's
evidence, read per pair of actors), an actor's labels and aliases (its label, and which actors a name as written
means). So a write of known triples is told by four sets (`Written`):
- `pairs`: the (agent, target) of every resource given a triple, as the store holds them after the write: an
  event given one more fact names the pair it already had, a new event the pair it was given;
- `edges`: the direct edges (`ckg:edge`) those resources link to, likewise (a fact's evidence is read by its link);
- `subjects`: the resources given a triple (an actor given a label);
- `names`: the labels and aliases given, in lower case, and the slugs of the actors given a label (a name resolves
  by slug, label or alias, ignoring case).
A write is only ever an addition here: every removal goes through a SPARQL Update, whose triples are not known
here, and neither are a bulk load's (too many to list) — those are written as None, "anything may have changed".

`WriteLog` keeps the last writes' sets by the write generations they began and ended at (Store.write_generation),
so a reader that kept something at one generation asks what the writes since changed.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from kg.namespaces import ACTOR, CKG, RDFS, SKOS

LOGGED_WRITES = 64  # writes remembered: a reader that kept nothing over more writes than this starts afresh
WIDEST_WRITE = 20_000  # resources one write may give triples and still be listed (a load of many articles is not)
_AGENT, _TARGET, _EDGE = ox.NamedNode(CKG.agent), ox.NamedNode(CKG.target), ox.NamedNode(CKG.edge)
_LABEL = ox.NamedNode(RDFS.label)
_NAMING = (_LABEL, ox.NamedNode(SKOS.altLabel))


@dataclass(frozen=True)
class Written:
    """What one or more writes of known triples changed (see the module's docstring); IRIs as text."""

    pairs: frozenset[tuple[str, str]] = frozenset()
    edges: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()

    def __or__(self, other: Written) -> Written:
        return Written(
            self.pairs | other.pairs, self.edges | other.edges, self.subjects | other.subjects, self.names | other.names
        )


def written_by(quads: Iterable[ox.Quad], store: ox.Store) -> Written | None:
    """What adding `quads` to `store` changed, read once they are in; None when too many resources were written to
    list (see WIDEST_WRITE)."""
    quads = list(quads)
    subjects = {quad.subject for quad in quads}
    if len(subjects) > WIDEST_WRITE:
        return None
    pairs: set[tuple[str, str]] = set()
    edges: set[str] = set()
    for subject in subjects:  # an index read or three each, in every graph of the store
        edges.update(_iris(store.quads_for_pattern(subject, _EDGE, None)))
        agents = _iris(store.quads_for_pattern(subject, _AGENT, None))
        if agents:
            targets = _iris(store.quads_for_pattern(subject, _TARGET, None))
            pairs.update((agent, target) for agent in agents for target in targets)
    iris = frozenset(subject.value for subject in subjects if isinstance(subject, ox.NamedNode))
    return Written(frozenset(pairs), frozenset(edges), iris, _names(quads))


def _names(quads: list[ox.Quad]) -> frozenset[str]:
    """The labels and aliases given, in lower case, and the slug of each actor given a label."""
    names = set()
    for quad in quads:
        if quad.predicate in _NAMING and isinstance(quad.object, ox.Literal):
            names.add(quad.object.value.lower())
        if quad.predicate == _LABEL and isinstance(quad.subject, ox.NamedNode) and quad.subject.value.startswith(ACTOR):
            names.add(quad.subject.value.removeprefix(ACTOR))
    return frozenset(names)


def _iris(quads: Iterable[ox.Quad]) -> list[str]:
    """The objects that are IRIs (an actor is one; what else a write gives `ckg:agent` never matches an actor)."""
    return [quad.object.value for quad in quads if isinstance(quad.object, ox.NamedNode)]


class WriteLog:
    """The last LOGGED_WRITES writes, each with the generations it began and ended at and what it changed.

    Not thread-safe: its store calls it under the lock that moves the generation."""

    def __init__(self, size: int = LOGGED_WRITES) -> None:
        self._size = size
        self._writes: deque[tuple[int, int, Written | None]] = deque()
        self._forgotten = 0  # the latest generation at which a write dropped from the log ended

    def add(self, began: int, ended: int, written: Written | None) -> None:
        self._writes.append((began, ended, written))
        if len(self._writes) > self._size:
            self._forgotten = max(self._forgotten, self._writes.popleft()[1])

    def between(self, after: int, upto: int) -> Written | None:
        """What the writes that began after generation `after` and by `upto` changed: None when one of them
        is not known, or may have been dropped from the log. `after` and `upto` are generations at which no
        write was under way, so every write that began between them has ended and is here, unless dropped."""
        if after < self._forgotten:
            return None
        found = Written()
        for began, _, written in self._writes:
            if after < began <= upto:
                if written is None:
                    return None
                found |= written
        return found


__all__ = ["LOGGED_WRITES", "WIDEST_WRITE", "WriteLog", "Written", "written_by"]
