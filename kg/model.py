"""Extractions → RDF: the only module that knows the IRIs (DESIGN.md, "IRIs" and "Relations")."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg import namespaces
from kg.config import resource_dir
from kg.namespaces import BASE, SPARQL_PROLOGUE, slug_of
from kg.vocabulary import RelationInfo, ontology_path, relation_ancestors, relation_family, relation_iri, relations

if TYPE_CHECKING:  # the readers of the graph (a server's routes) need the IRIs, not the gazetteer's data
    from kg.extract.extraction import ActorRef, Extraction, PlaceRef
    from kg.extract.gazetteer import Gazetteer
    from kg.ingest import Article

# The IRIs are spelt once, as text, in kg.namespaces (what the read side uses); here as rdflib terms, for triples.
CKG = Namespace(namespaces.CKG)
ACTOR = Namespace(namespaces.ACTOR)
EVENT = Namespace(namespaces.EVENT)
ARTICLE = Namespace(namespaces.ARTICLE)
PLACE = Namespace(namespaces.PLACE)
EDGE = Namespace(namespaces.EDGE)
GEO = Namespace(namespaces.GEO)
ONTOLOGY_GRAPH = URIRef(namespaces.ONTOLOGY_GRAPH)
DATA_GRAPH = URIRef(namespaces.DATA_GRAPH)
# The same prefixes as kg.namespaces (one list), as rdflib namespaces for the graphs built here.
PREFIXES = {name: Namespace(iri) for name, iri in namespaces.PREFIXES.items()}
Triple = tuple


def shapes_path() -> Path:
    return resource_dir("ontology") / "shapes.ttl"


@lru_cache(maxsize=1)
def ontology() -> Graph:
    """The OWL ontology as an rdflib graph, parsed once (SHACL validation reads it; the relations come from
    kg.vocabulary)."""
    return Graph().parse(ontology_path(), format="turtle")


def actor_iri(slug: str) -> URIRef:
    return ACTOR[slug]


def article_iri(article_id: str) -> URIRef:
    return ARTICLE[article_id]


def edge_iri(agent: str, relation: str, target: str) -> URIRef:
    """The direct edge `agent relation target` (actor IRIs, a relation name) as a resource (kg.namespaces.edge_iri)."""
    return URIRef(namespaces.edge_iri(agent, relation, target))


def event_iri(article_id: str, item: Extraction) -> URIRef:
    key = "|".join(map(str, (article_id, item.relation, item.source.id, item.target.id, item.char_start, item.negated)))
    return EVENT[hashlib.sha256(key.encode()).hexdigest()[:16]]


class GraphBuilder:
    """Builds the triples of an article: the article, its actors, events and direct edges."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def article_triples(self, article: Article, extractions: Iterable[Extraction]) -> Iterator[Triple]:
        """All triples for one article; deterministic IRIs make re-adding a no-op."""
        node = article_iri(article.id)
        # Every event repeats its actors' triples; dropping the repeats here spares converting and writing them.
        yield from dict.fromkeys(
            chain(_article(node, article), *(self.event_triples(node, article.id, item) for item in extractions))
        )

    def event_triples(self, article_node: URIRef, article_id: str, item: Extraction) -> Iterator[Triple]:
        info = relations().get(item.relation)
        if info is None:
            raise ValueError(f"extraction uses relation {item.relation!r}, which the ontology does not define")
        event, agent, target = event_iri(article_id, item), actor_iri(item.source.id), actor_iri(item.target.id)
        yield from self.actor_triples(item.source)
        yield from self.actor_triples(item.target)
        yield from (
            (event, RDF.type, URIRef(info.event_class)),
            (event, CKG.agent, agent),
            (event, CKG.target, target),
            (event, CKG.relation, URIRef(info.iri)),
            (event, CKG.negated, Literal(item.negated)),
            (event, CKG.confidence, Literal(Decimal(str(item.confidence)))),
            (event, CKG.sentence, Literal(item.sentence)),
            # xsd:integer, not xsd:nonNegativeInteger: Oxigraph gives the latter back as the former.
            (event, CKG.charStart, Literal(item.char_start, datatype=XSD.integer)),
            (event, CKG.charEnd, Literal(item.char_end, datatype=XSD.integer)),
            (event, CKG.agentText, Literal(item.source.text)),
            (event, CKG.targetText, Literal(item.target.text)),
            (event, PROV.wasDerivedFrom, article_node),
        )
        yield event, CKG.status, CKG[item.status]
        yield from _optional_event_facts(event, item)
        if item.attributed_to is not None:
            yield from self.actor_triples(item.attributed_to)
            yield event, CKG.attributedTo, actor_iri(item.attributed_to.id)
        if item.place is not None:
            yield from _place(event, item.place)
        # The direct edge is the graph's own assertion that it happened: only for a fact. Not for a denied
        # act, an announced, planned or hypothetical one ("threatened to strike" is an edge for threatens,
        # not for strikes), nor one that someone reports or alleges ("Mali accused Ukraine of supporting
        # the rebels" gives Mali accuses Ukraine, not Ukraine supports the rebels): those stay event nodes.
        # Each fact also names the edges it makes (ckg:edge): one index lookup finds an edge's events, where
        # the store has no (agent, target) index and a hub's pairs otherwise scan its thousands of events.
        if item.status == "fact":
            for prop in (info.iri, *info.ancestors):
                yield agent, URIRef(prop), target
                yield event, CKG.edge, edge_iri(agent, slug_of(prop), target)

    def actor_triples(self, ref: ActorRef) -> Iterator[Triple]:
        """An actor's type, names, CAMEO code and affiliations, with the actors it belongs to."""
        seen: set[str] = set()
        known = self.gazetteer.actors.get(ref.id)
        pending = [known.ref(known.label) if known else ref]
        while pending:
            actor = pending.pop()
            if actor.id in seen:
                continue
            seen.add(actor.id)
            yield from _actor(actor)
            for parent in (actor.part_of, actor.member_of):
                if parent and parent in self.gazetteer.actors:
                    pending.append(self.gazetteer.actors[parent].ref(self.gazetteer.actors[parent].label))


def _actor(actor: ActorRef) -> Iterator[Triple]:
    node = actor_iri(actor.id)
    yield node, RDF.type, CKG[actor.type]
    yield node, RDFS.label, Literal(actor.label)
    for alias in actor.aliases:
        yield node, SKOS.altLabel, Literal(alias)
    if actor.cameo:
        yield node, CKG.cameoCode, Literal(actor.cameo)
    if actor.part_of:
        yield node, CKG.partOf, actor_iri(actor.part_of)
    if actor.member_of:
        yield node, CKG.memberOf, actor_iri(actor.member_of)


def _article(node: URIRef, article: Article) -> Iterator[Triple]:
    yield node, RDF.type, CKG.Article
    yield node, CKG.text, Literal(article.text)
    yield from _present(
        node,
        (
            (DCTERMS.title, article.title and Literal(article.title)),
            (DCTERMS.source, article.url and Literal(article.url, datatype=XSD.anyURI)),
            (DCTERMS.date, article.published and Literal(article.published, datatype=XSD.date)),
        ),
    )


def _optional_event_facts(event: URIRef, item: Extraction) -> Iterator[Triple]:
    yield from _present(
        event,
        (
            (CKG.date, item.date and Literal(item.date, datatype=XSD.date)),
            (CKG.datePrecision, item.date and item.date_precision and Literal(item.date_precision)),
            (CKG.cameoEvent, item.cameo_event and Literal(item.cameo_event)),
            (CKG.modality, item.modality and Literal(item.modality)),
            (CKG.attributionText, item.attribution_text and Literal(item.attribution_text)),
        ),
    )


def _present(node: URIRef, facts) -> Iterator[Triple]:
    """(node, property, value) for each value the source actually has."""
    # Truthiness drops None and "" (never used for boolean literals, which would read as absent).
    return ((node, prop, value) for prop, value in facts if value)


def _place(event: URIRef, place: PlaceRef) -> Iterator[Triple]:
    node = PLACE[place.id]
    yield event, CKG.place, node
    yield node, RDF.type, CKG.Place
    yield node, RDFS.label, Literal(place.label)
    if place.lat is not None and place.long is not None:
        yield node, GEO.lat, Literal(Decimal(str(place.lat)))
        yield node, GEO.long, Literal(Decimal(str(place.long)))


def to_graph(triples: Iterable[Triple]) -> Graph:
    """An rdflib graph with the project's prefixes bound."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in triples:
        graph.add(triple)
    return graph


__all__ = [
    "ACTOR",
    "ARTICLE",
    "BASE",
    "CKG",
    "DATA_GRAPH",
    "EDGE",
    "EVENT",
    "GEO",
    "ONTOLOGY_GRAPH",
    "PLACE",
    "PREFIXES",
    "SPARQL_PROLOGUE",
    "GraphBuilder",
    "RelationInfo",
    "Triple",
    "actor_iri",
    "article_iri",
    "edge_iri",
    "event_iri",
    "ontology",
    "ontology_path",
    "relation_ancestors",
    "relation_family",
    "relation_iri",
    "relations",
    "shapes_path",
    "slug_of",
    "to_graph",
]
