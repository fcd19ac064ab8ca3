"""The RDF built from the seed: valid against the SHACL shapes, events plus direct edges."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, URIRef

from kg.ingest import Article, read_articles
from kg.model import (
    ACTOR,
    CKG,
    GraphBuilder,
    actor_iri,
    edge_iri,
    ontology,
    relation_ancestors,
    relations,
    shapes_path,
    to_graph,
)

SEED = Path(__file__).resolve().parents[2] / "seeds" / "al-tanf-2017.txt"


@pytest.fixture(scope="module")
def seed_graph(extractor) -> Graph:
    article = next(read_articles([SEED]))
    return to_graph(GraphBuilder(extractor.gazetteer).article_triples(article, extractor.extract(article)))


def test_model_seed_graph_conforms_to_shapes(seed_graph):
    conforms, _, report = pyshacl.validate(seed_graph + ontology(), shacl_graph=Graph().parse(shapes_path()))
    assert conforms, report


def test_model_specific_relation_also_gives_umbrella_edge(seed_graph):
    trainer, trainee = ACTOR["us-led-coalition"], ACTOR["coalition-partner-forces"]
    assert (trainer, CKG.trains, trainee) in seed_graph
    assert (trainer, CKG.backs, trainee) in seed_graph


def test_model_negated_event_has_no_direct_edge(seed_graph):
    negated = list(seed_graph.subjects(CKG.negated, __import__("rdflib").Literal(True)))
    assert negated
    for event in negated:
        agent, target = seed_graph.value(event, CKG.agent), seed_graph.value(event, CKG.target)
        relation = seed_graph.value(event, CKG.relation)
        assert (agent, relation, target) not in seed_graph


def test_model_every_lexicon_relation_is_in_ontology(extractor):
    assert extractor.lexicon.relations() <= set(relations())


def test_model_only_facts_get_a_direct_edge(extractor):
    article = Article(
        text="Mali's government accused Ukraine of supporting the rebels. Iran backs the Houthis.",
        published="2024-08-05",
    )
    graph = to_graph(GraphBuilder(extractor.gazetteer).article_triples(article, extractor.extract(article)))
    assert (actor_iri("iran"), CKG.backs, actor_iri("houthis")) in graph
    assert (actor_iri("mali-government"), CKG.accuses, actor_iri("ukraine")) in graph
    assert not list(graph.triples((actor_iri("ukraine"), CKG.supports, None)))
    alleged = next(graph.subjects(CKG.agent, actor_iri("ukraine")))
    assert graph.value(alleged, CKG.status) == CKG.alleged
    assert graph.value(alleged, CKG.attributedTo) == actor_iri("mali-government")


def test_model_fact_links_the_edges_it_makes(seed_graph):
    """Each fact names its direct edge and every umbrella edge (ckg:edge); nothing else links to an edge."""
    for event in seed_graph.subjects(CKG.status, CKG.fact):
        agent, target = seed_graph.value(event, CKG.agent), seed_graph.value(event, CKG.target)
        name = str(seed_graph.value(event, CKG.relation)).removeprefix(str(CKG))
        made = {name} | relation_ancestors(name)
        assert set(seed_graph.objects(event, CKG.edge)) == {edge_iri(agent, prop, target) for prop in made}
        for prop in made:
            assert (agent, CKG[prop], target) in seed_graph
    linked = set(seed_graph.subjects(CKG.edge, None))
    assert linked and linked == set(seed_graph.subjects(CKG.status, CKG.fact))


def test_model_edge_iri_reads_as_the_edge():
    assert str(edge_iri(actor_iri("iran"), "backs", actor_iri("assad-regime"))) == (
        "https://w3id.org/conflict-kg/edge/iran/backs/assad-regime"
    )
    # An actor outside the actor namespace (hand-written data) stays one path segment.
    odd = edge_iri(URIRef("http://example.org/a/b"), "backs", actor_iri("iran"))
    assert str(odd).count("/") == str(edge_iri(actor_iri("x"), "backs", actor_iri("iran"))).count("/")
