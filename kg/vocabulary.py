"""The ontology's vocabulary as text, read with pyoxigraph: the relations, their umbrellas and event classes,
and the actor classes. The read side (patterns, views, the server) needs these names and IRIs, not rdflib."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from kg.config import resource_dir
from kg.errors import UnknownName
from kg.namespaces import CKG, RDFS, slug_of


def ontology_path() -> Path:
    return resource_dir("ontology") / "conflict-kg.ttl"


@dataclass(frozen=True)
class RelationInfo:
    iri: str
    event_class: str
    ancestors: tuple[str, ...]  # the umbrella properties it implies: trains → backs


@lru_cache(maxsize=1)
def _statements() -> dict[str, dict[str, list[str]]]:
    """The ontology's IRI-valued statements: predicate → subject → objects."""
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    with ontology_path().open("rb") as turtle:
        for triple in ox.parse(turtle, format=ox.RdfFormat.TURTLE):
            if isinstance(triple.subject, ox.NamedNode) and isinstance(triple.object, ox.NamedNode):
                found[triple.predicate.value][triple.subject.value].append(triple.object.value)
    return found


def _closure(start: str, links: dict[str, list[str]]) -> list[str]:
    """`start` and every term reached from it through `links`, each once, `start` first."""
    reached, pending = [start], [start]
    while pending:
        for linked in links.get(pending.pop(), []):
            if linked not in reached:
                reached.append(linked)
                pending.append(linked)
    return reached


@lru_cache(maxsize=1)
def relations() -> dict[str, RelationInfo]:
    """Every relation property of the ontology by local name."""
    statements = _statements()
    found = {}
    for prop, event_classes in statements[CKG.eventClass].items():
        ancestors = tuple(_closure(prop, statements[RDFS.subPropertyOf])[1:])
        found[prop.removeprefix(str(CKG))] = RelationInfo(prop, event_classes[0], ancestors)
    return found


def relation_iri(name: str) -> str:
    """The property IRI of a relation name; unknown names raise UnknownName (a KeyError) listing the known ones."""
    try:
        return relations()[name].iri
    except KeyError:
        raise UnknownName(f"unknown relation {name!r}; known: {', '.join(sorted(relations()))}") from None


def relation_family(name: str) -> set[str]:
    """The relation and every relation under it (`backs` → backs, trains, arms, …)."""
    umbrella = relation_iri(name)
    return {other for other, info in relations().items() if other == name or umbrella in info.ancestors}


def relation_ancestors(name: str) -> set[str]:
    """Names of the umbrella relations above `name` (`trains` → {"backs"}); empty when unknown."""
    info = relations().get(name)
    return {slug_of(p) for p in info.ancestors} if info else set()


@lru_cache(maxsize=1)
def actor_types() -> frozenset[str]:
    """Local names of ckg:Actor and its subclasses, from the ontology."""
    subclasses: dict[str, list[str]] = defaultdict(list)
    for subclass, superclasses in _statements()[RDFS.subClassOf].items():
        for superclass in superclasses:
            subclasses[superclass].append(subclass)
    return frozenset(slug_of(c) for c in _closure(CKG.Actor, subclasses))


__all__ = [
    "RelationInfo",
    "actor_types",
    "ontology_path",
    "relation_ancestors",
    "relation_family",
    "relation_iri",
    "relations",
]
