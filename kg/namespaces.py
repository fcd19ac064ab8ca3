"""The namespaces' IRIs as text: what an export declares as prefixes, readable without importing rdflib.

kg.model spells the same IRIs as rdflib terms; tests/kg/test_export_command.py keeps the two equal."""

from __future__ import annotations

BASE = "https://w3id.org/conflict-kg/"
PREFIXES = {
    "ckg": BASE + "ontology#",
    "actor": BASE + "actor/",
    "event": BASE + "event/",
    "article": BASE + "article/",
    "place": BASE + "place/",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

__all__ = ["BASE", "PREFIXES"]
