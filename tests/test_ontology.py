"""The ontology and SHACL shapes: they parse, every term is documented, every relation is mapped
to CAMEO/PLOVER and to an event class, and the shapes accept good data and reject bad data."""

from decimal import Decimal
from pathlib import Path

import pyshacl
import pytest
from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "ontology"
CKG = Namespace("https://w3id.org/conflict-kg/ontology#")
ACTOR = Namespace("https://w3id.org/conflict-kg/actor/")
EVENT = Namespace("https://w3id.org/conflict-kg/event/")
ARTICLE = Namespace("https://w3id.org/conflict-kg/article/")
PLACE = Namespace("https://w3id.org/conflict-kg/place/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")

RELATIONS = {
    "backs", "strikes", "warns", "fights",
    "trains", "supports", "aids", "arms", "funds", "cooperatesMilitarily",
    "airStrikes", "bombs", "shells", "assaults", "kills", "attacks",
    "threatens",
    "agrees", "consults", "concedes", "cooperates", "retreats", "requests", "accuses",
    "rejects", "protests", "sanctions", "mobilizes", "coerces",
}  # fmt: skip
PLOVER_CATEGORIES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip
AFFILIATIONS = {CKG.memberOf, CKG.partOf}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "conflict-kg.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")


def relation_properties(ontology: Graph) -> set[URIRef]:
    """Object properties between actors, minus inverses (backedBy, …) and affiliations."""
    return {
        prop
        for prop in ontology.subjects(RDF.type, OWL.ObjectProperty)
        if (prop, RDFS.domain, CKG.Actor) in ontology
        and (prop, OWL.inverseOf, None) not in ontology
        and prop not in AFFILIATIONS
    }


def is_subclass(graph: Graph, cls: URIRef, ancestor: URIRef) -> bool:
    return ancestor in graph.transitive_objects(cls, RDFS.subClassOf)


def is_subproperty(graph: Graph, prop: URIRef, ancestor: URIRef) -> bool:
    return ancestor in graph.transitive_objects(prop, RDFS.subPropertyOf)


def test_ontology_files_parse(ontology: Graph, shapes: Graph) -> None:
    assert len(ontology) > 0
    assert len(shapes) > 0


def test_ontology_header(ontology: Graph) -> None:
    onto = URIRef("https://w3id.org/conflict-kg/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(onto, OWL.versionInfo) == Literal("0.1.0")
    assert ontology.value(onto, DCTERMS.title) is not None
    assert ontology.value(onto, RDFS.comment) is not None


def test_ontology_every_term_has_english_label_and_comment(ontology: Graph) -> None:
    terms = {s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(str(CKG))}
    assert len(terms) > 50
    for term in sorted(terms):
        for prop in (RDFS.label, RDFS.comment):
            values = list(ontology.objects(term, prop))
            assert any(isinstance(v, Literal) and v.language == "en" for v in values), (term, prop)


def test_ontology_declares_every_relation(ontology: Graph) -> None:
    assert {CKG[name] for name in RELATIONS} == relation_properties(ontology)


def test_ontology_relations_are_actor_to_actor(ontology: Graph) -> None:
    for prop in relation_properties(ontology):
        assert (prop, RDFS.range, CKG.Actor) in ontology, prop


def test_ontology_relations_map_to_cameo_plover_and_event_class(ontology: Graph) -> None:
    for prop in relation_properties(ontology):
        roots = [str(v) for v in ontology.objects(prop, CKG.cameoRoot)]
        assert roots and all(len(r) == 2 and r.isdigit() for r in roots), (prop, roots)
        categories = {str(v) for v in ontology.objects(prop, CKG.ploverCategory)}
        assert categories and categories <= PLOVER_CATEGORIES, (prop, categories)
        event_classes = list(ontology.objects(prop, CKG.eventClass))
        assert len(event_classes) == 1, prop
        assert is_subclass(ontology, event_classes[0], CKG.Event), (prop, event_classes[0])


def test_ontology_every_plover_category_has_a_relation(ontology: Graph) -> None:
    used = {str(v) for p in relation_properties(ontology) for v in ontology.objects(p, CKG.ploverCategory)}
    assert used == PLOVER_CATEGORIES


def test_ontology_event_class_named_after_relation(ontology: Graph) -> None:
    for prop in relation_properties(ontology):
        local = prop.removeprefix(str(CKG))
        assert ontology.value(prop, CKG.eventClass) == CKG[local[0].upper() + local[1:] + "Event"]


def test_ontology_sub_relations_sit_under_umbrellas(ontology: Graph) -> None:
    assert is_subproperty(ontology, CKG.trains, CKG.backs)
    assert is_subproperty(ontology, CKG.airStrikes, CKG.strikes)
    assert is_subproperty(ontology, CKG.threatens, CKG.warns)
    assert is_subproperty(ontology, CKG.cooperatesMilitarily, CKG.cooperates)
    assert not is_subproperty(ontology, CKG.fights, CKG.strikes)


def test_ontology_sub_relation_event_classes_follow_properties(ontology: Graph) -> None:
    for prop in relation_properties(ontology):
        event_class = ontology.value(prop, CKG.eventClass)
        for parent in ontology.objects(prop, RDFS.subPropertyOf):
            assert is_subclass(ontology, event_class, ontology.value(parent, CKG.eventClass)), prop


def test_ontology_inverses(ontology: Graph) -> None:
    for inverse, prop in [
        (CKG.backedBy, CKG.backs),
        (CKG.struckBy, CKG.strikes),
        (CKG.warnedBy, CKG.warns),
        (CKG.trainedBy, CKG.trains),
    ]:
        assert (inverse, OWL.inverseOf, prop) in ontology


def test_ontology_actor_classes(ontology: Graph) -> None:
    for name in ["State", "Coalition", "Government", "GovernmentForces", "ArmedGroup",
                 "Person", "Organization", "UnknownActor"]:  # fmt: skip
        assert (CKG[name], RDFS.subClassOf, CKG.Actor) in ontology, name
    assert (CKG.Militia, RDFS.subClassOf, CKG.ArmedGroup) in ontology
    assert (CKG.Militia, OWL.disjointWith, CKG.ArmedGroup) not in ontology
    assert (CKG.ArmedGroup, OWL.disjointWith, CKG.Militia) not in ontology
    assert (CKG.partOf, RDF.type, OWL.TransitiveProperty) in ontology


def conforming_data() -> Graph:
    g = Graph()
    article, event, place = ARTICLE["0123456789abcdef"], EVENT["e1"], PLACE["al-tanf"]
    coalition, regime, iran = ACTOR["us-led-coalition"], ACTOR["assad-regime"], ACTOR["iran"]
    pro_assad = ACTOR["pro-assad-forces"]
    sentence = "Coalition aircraft struck pro-Assad forces near al Tanf."
    triples = [
        (coalition, RDF.type, CKG.Coalition),
        (coalition, RDFS.label, Literal("US-led coalition", lang="en")),
        (coalition, SKOS.altLabel, Literal("the Coalition")),
        (coalition, CKG.cameoCode, Literal("USA")),
        (regime, RDF.type, CKG.Government),
        (regime, RDFS.label, Literal("Assad regime")),
        (regime, CKG.cameoCode, Literal("SYRGOV")),
        (iran, RDF.type, CKG.State),
        (iran, RDFS.label, Literal("Iran")),
        (pro_assad, RDF.type, CKG.Militia),
        (pro_assad, RDFS.label, Literal("pro-Assad forces")),
        (pro_assad, CKG.partOf, regime),
        (pro_assad, CKG.memberOf, regime),
        (place, RDF.type, CKG.Place),
        (place, RDFS.label, Literal("al Tanf")),
        (place, GEO.lat, Literal(Decimal("33.4950"))),
        (place, GEO.long, Literal(Decimal("38.6390"))),
        (article, RDF.type, CKG.Article),
        (article, CKG.text, Literal(sentence)),
        (article, DCTERMS.title, Literal("Strike near al Tanf")),
        (article, DCTERMS.date, Literal("2017-06-08", datatype=XSD.date)),
        (article, DCTERMS.source, Literal("https://example.org/a", datatype=XSD.anyURI)),
        (event, RDF.type, CKG.AirStrikesEvent),
        (event, CKG.agent, coalition),
        (event, CKG.target, pro_assad),
        (event, CKG.relation, CKG.airStrikes),
        (event, CKG.date, Literal("2017-06-08", datatype=XSD.date)),
        (event, CKG.place, place),
        (event, CKG.negated, Literal(False)),
        (event, CKG.attributedTo, iran),
        (event, CKG.attributionText, Literal("Iranian officials")),
        (event, CKG.confidence, Literal(Decimal("0.85"))),
        (event, CKG.sentence, Literal(sentence)),
        (event, CKG.charStart, Literal(0)),
        (event, CKG.charEnd, Literal(len(sentence))),
        (event, CKG.agentText, Literal("Coalition aircraft")),
        (event, CKG.targetText, Literal("pro-Assad forces")),
        (event, CKG.cameoEvent, Literal("195")),
        (event, CKG.modality, Literal("fact")),
        (event, PROV.wasDerivedFrom, article),
        (coalition, CKG.airStrikes, pro_assad),
    ]
    for triple in triples:
        g.add(triple)
    return g


def blank_node_actor(g: Graph) -> None:
    actor = BNode()
    g.add((actor, RDF.type, CKG.State))
    g.add((actor, RDFS.label, Literal("Nowhere")))


def validate(data: Graph, ontology: Graph, shapes: Graph) -> tuple[bool, str]:
    conforms, _, text = pyshacl.validate(data + ontology, shacl_graph=shapes)
    return conforms, text


def test_ontology_shapes_are_valid_shacl(shapes: Graph) -> None:
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_ontology_shapes_accept_conforming_data(ontology: Graph, shapes: Graph) -> None:
    conforms, text = validate(conforming_data(), ontology, shapes)
    assert conforms, text


def test_ontology_shapes_reject_bad_confidence_and_missing_sentence(ontology: Graph, shapes: Graph) -> None:
    data = conforming_data()
    event = EVENT["e1"]
    data.set((event, CKG.confidence, Literal(Decimal("1.5"))))
    data.remove((event, CKG.sentence, None))
    conforms, text = validate(data, ontology, shapes)
    assert not conforms
    assert "confidence" in text and "sentence" in text


@pytest.mark.parametrize(
    ("change", "reported"),
    [
        pytest.param(lambda g: g.set((EVENT["e1"], CKG.confidence, Literal(0.85))), "confidence",
                     id="double-confidence"),
        pytest.param(lambda g: g.remove((EVENT["e1"], CKG.agent, None)), "agent", id="no-agent"),
        pytest.param(lambda g: g.set((EVENT["e1"], CKG.charEnd, Literal(0))),
                     "charStart", id="end-not-after-start"),
        pytest.param(lambda g: g.set((EVENT["e1"], CKG.charStart, Literal(-1))), "charStart",
                     id="negative-offset"),
        pytest.param(lambda g: g.set((EVENT["e1"], CKG.charStart, Literal("0"))), "charStart",
                     id="string-offset"),
        pytest.param(lambda g: g.remove((EVENT["e1"], PROV.wasDerivedFrom, None)), "wasDerivedFrom",
                     id="no-article"),
        pytest.param(lambda g: g.remove((ACTOR["iran"], RDFS.label, None)), "label", id="actor-without-label"),
        pytest.param(lambda g: g.set((ACTOR["iran"], CKG.cameoCode, Literal("irn"))), "cameoCode",
                     id="lower-case-cameo"),
        pytest.param(lambda g: g.remove((ACTOR["pro-assad-forces"], RDF.type, None)), "Actor",
                     id="untyped-target"),
        pytest.param(blank_node_actor, "IRI", id="blank-node-actor"),
        pytest.param(lambda g: g.remove((ARTICLE["0123456789abcdef"], CKG.text, None)), "text",
                     id="article-without-text"),
        pytest.param(lambda g: g.set((PLACE["al-tanf"], GEO.lat, Literal(Decimal("95")))), "lat",
                     id="latitude-out-of-range"),
    ],
)  # fmt: skip
def test_ontology_shapes_reject_broken_data(ontology: Graph, shapes: Graph, change, reported: str) -> None:
    data = conforming_data()
    change(data)
    conforms, text = validate(data, ontology, shapes)
    assert not conforms, text
    assert reported in text
