"""The graph's IRIs as text: what the read side (queries, the server, an export) needs, without rdflib.

kg.model builds triples and spells the same IRIs as rdflib terms from these texts; a server reading a stored
graph never builds a triple, so it starts without importing rdflib (0.1-0.2 s). A term of a `Namespace` here is
a plain `str`: `CKG.backs == "https://w3id.org/conflict-kg/ontology#backs"`, which rdflib's terms are not
equal to (an rdflib term equals only terms of its own type)."""

from __future__ import annotations

from urllib.parse import quote


class Namespace(str):
    """An IRI prefix whose items and attributes are IRIs as text: `CKG["backs"]`, `CKG.backs`.

    Attributes that `str` has itself (`title`, `count`…) are its methods: spell such terms as items."""

    __slots__ = ()

    def __getitem__(self, name: str) -> str:  # type: ignore[override]  # a term, never a character
        return str(self) + name

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        return str(self) + name


BASE = "https://w3id.org/conflict-kg/"
CKG = Namespace(BASE + "ontology#")
ACTOR = Namespace(BASE + "actor/")
EVENT = Namespace(BASE + "event/")
ARTICLE = Namespace(BASE + "article/")
PLACE = Namespace(BASE + "place/")
EDGE = Namespace(BASE + "edge/")  # a direct edge as a resource: what a fact event links to (ckg:edge)
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ONTOLOGY_GRAPH = BASE + "ontology"
DATA_GRAPH = BASE + "data"  # where an external engine keeps the data (kg.store.dialect)
PREFIXES = {
    "ckg": str(CKG),
    "actor": str(ACTOR),
    "event": str(EVENT),
    "article": str(ARTICLE),
    "place": str(PLACE),
    "geo": str(GEO),
    "skos": str(SKOS),
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": str(DCTERMS),
    "rdfs": str(RDFS),
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": str(XSD),
}
SPARQL_PROLOGUE = "".join(f"PREFIX {name}: <{namespace}>\n" for name, namespace in PREFIXES.items())


def slug_of(iri: str) -> str:
    """The readable last segment of an actor, place, event or article IRI, or a term's local name."""
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def edge_iri(agent: str, relation: str, target: str) -> str:
    """The direct edge `agent relation target` (actor IRIs, a relation name) as a resource:
    `edge/<agent slug>/<relation>/<target slug>`, readable and the same wherever it is computed."""
    return EDGE[f"{_edge_end(agent)}/{relation}/{_edge_end(target)}"]


def _edge_end(actor: str) -> str:
    # Every actor the model writes is under ACTOR; any other IRI (hand-written data) is kept whole, escaped.
    slug = str(actor).removeprefix(str(ACTOR))
    return slug if slug != str(actor) and "/" not in slug else quote(str(actor), safe="")


__all__ = [
    "ACTOR",
    "ARTICLE",
    "BASE",
    "CKG",
    "DATA_GRAPH",
    "DCTERMS",
    "EDGE",
    "EVENT",
    "GEO",
    "ONTOLOGY_GRAPH",
    "PLACE",
    "PREFIXES",
    "RDF",
    "RDFS",
    "SKOS",
    "SPARQL_PROLOGUE",
    "XSD",
    "Namespace",
    "edge_iri",
    "slug_of",
]
