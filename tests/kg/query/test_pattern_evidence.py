"""Evidence read from the edges facts link (`ckg:edge`) is the evidence the scan from the two actors finds.

Each test answers the same patterns on a store whose facts link their edges (as kg.model writes them) and on
the same store without the links (as a store written before them), so both ways of finding evidence run."""

from __future__ import annotations

import pytest

from kg.extract.extraction import ActorRef, Extraction
from kg.extract.gazetteer import Gazetteer
from kg.ingest import Article
from kg.model import ACTOR, CKG, SPARQL_PROLOGUE, GraphBuilder, article_iri
from kg.pipeline.loader import ArticleLoader
from kg.query.degrees import degrees
from kg.query.pattern import PatternResult, run_pattern
from kg.query.views import EvidenceFilter
from kg.store import open_store
from kg.store.base import Store
from kg.synthetic import conflict_graph

_BY_BACKERS = SPARQL_PROLOGUE + "SELECT ?o (COUNT(?s) AS ?n) WHERE { ?s ckg:backs ?o } GROUP BY ?o ORDER BY DESC(?n) ?o"


def _claims(hub: str) -> list[Extraction]:
    """Facts, a claim and a denial about the hub, with a source: what the synthetic graph (facts only) lacks."""
    actor = ActorRef(id="claimant", label="Claimant", type="ArmedGroup", text="Claimant")
    source = ActorRef(id="speaker", label="Speaker", type="Organization", text="Speaker")
    target = ActorRef(id=hub, label=hub, type="ArmedGroup", text=hub)
    made = dict(source=actor, target=target, relation="trains", sentence="Claimant trains the hub.", char_end=10)
    return [
        Extraction(id="c", confidence=0.7, char_start=0, **made),
        Extraction(id="c", confidence=0.7, char_start=1, **made),  # a tie: broken by event IRI
        Extraction(id="c", confidence=0.9, char_start=2, attributed_to=source, attribution_text="Speaker said", **made),
        Extraction(id="c", confidence=0.8, char_start=3, negated=True, **made),
    ]


def _stores() -> tuple[Store, Store, str, str]:
    """(linked, unlinked, hub, median): the same graph, with and without ckg:edge."""
    triples = list(conflict_graph(actors=120, relations=500, seed=3))
    probe = open_store("memory")
    probe.add(triples)
    backed = [row["o"].value.removeprefix(str(ACTOR)) for row in probe.query(_BY_BACKERS)]
    hub, median = backed[0], backed[len(backed) // 2]
    article = Article(text="Claims about the hub.", published="2020-01-01")
    triples += GraphBuilder(Gazetteer(actors={})).article_triples(article, _claims(hub))
    linked, unlinked = open_store("memory"), open_store("memory")
    linked.add(triples)
    unlinked.add(triple for triple in triples if triple[1] != CKG.edge)
    return linked, unlinked, hub, median


PATTERNS = [
    ("?x backs {hub}", {}),
    ("?x backs {hub}", {"limit": 10, "offset": 5}),
    ("?x backs {hub}", {"min_confidence": 0.8}),
    ("?x backs {median}", {}),
    ("?x backs ?y . ?y strikes ?z . ?z backs {hub}", {"limit": 20}),
    ("?x backs+ {median}", {}),
    ("?x trains {hub}", {"evidence": EvidenceFilter(include_denied=True)}),
    ("?x backs {hub} according to ?who", {}),
]


def _answers(store: Store, hub: str, median: str) -> list[PatternResult]:
    return [run_pattern(store, text.format(hub=hub, median=median), **options) for text, options in PATTERNS]


@pytest.fixture(scope="module")
def stores():
    return _stores()


def test_pattern_evidence_from_edges_is_the_evidence_from_the_actors(stores):
    linked, unlinked, hub, median = stores
    assert degrees(linked).linked and not degrees(unlinked).linked  # both ways of finding evidence run
    found, expected = _answers(linked, hub, median), _answers(unlinked, hub, median)
    assert [answer.model_dump() for answer in found] == [answer.model_dump() for answer in expected]
    hub_edges = [edge for row in found[0].rows for edge in row.edges]
    assert sum(edge.evidence_count for edge in hub_edges) > len(hub_edges) > 10
    claimant = next(row.edges[0] for row in found[0].rows if row.bindings["x"].slug == "claimant")
    # Two facts (tied at 0.7); the claim and the denial are no facts and make no edge.
    assert claimant.evidence_count == 2 and claimant.statuses == {"fact": 2} and claimant.first_status == "fact"


class _Extractor:
    """Stands for spaCy: the same relations for every article."""

    gazetteer = Gazetteer(actors={})

    def __init__(self, found: list[Extraction]) -> None:
        self.found = found

    def extract(self, article: Article) -> list[Extraction]:
        return self.found


def _hub_edge(store: Store, hub: str, backer: str):
    result = run_pattern(store, f"?x backs {hub}")
    return next(row.edges[0] for row in result.rows if row.bindings["x"].slug == backer)


def test_pattern_evidence_counts_stay_right_after_reingest_update_and_delete():
    linked, unlinked, hub, median = _stores()
    facts = _claims(hub)[:2]
    loaders = [ArticleLoader(store, _Extractor(facts)) for store in (linked, unlinked)]
    first, second = Article(text="The hub is trained."), Article(text="The hub is trained, again.")
    for loader in loaders:
        assert loader.load(first).added and not loader.load(first).added  # re-ingest: nothing twice
        assert loader.load(second).added  # an updated text is another article
    edge = _hub_edge(linked, hub, "claimant")
    assert (edge.evidence_count, edge.corroboration) == (6, 3)
    for store in (linked, unlinked):
        store.update(
            SPARQL_PROLOGUE + f"DELETE WHERE {{ ?event prov:wasDerivedFrom <{article_iri(first.id)}> ; ?p ?o }}"
        )
    edge = _hub_edge(linked, hub, "claimant")
    assert (edge.evidence_count, edge.corroboration) == (4, 2)
    assert edge == _hub_edge(unlinked, hub, "claimant")
    assert _answers(linked, hub, median) == _answers(unlinked, hub, median)
