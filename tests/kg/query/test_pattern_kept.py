"""Edge summaries and labels kept between pattern answers are never stale: every write path of the embedded
store moves its write generation, and the same pattern asked around a write gives the new answer.

Each test asks through a QueryRunner (what the server reads through) that records the queries sent, so it can
also tell that the second of two asks with no write between them read no evidence again."""

from __future__ import annotations

import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDFS, Literal, URIRef

import kg.query.pattern.kept as kept_module
from kg.extract.extraction import ActorRef, Extraction
from kg.extract.gazetteer import Gazetteer
from kg.ingest import Article
from kg.model import CKG, SPARQL_PROLOGUE, GraphBuilder, actor_iri, edge_iri, event_iri
from kg.pipeline.loader import ArticleLoader
from kg.query.pattern import PatternEdge, run_pattern
from kg.query.pattern.kept import kept, kept_names
from kg.query.runner import QueryRunner
from kg.store import OxigraphStore, Store
from kg.store.base import to_quads
from kg.synthetic import conflict_graph

EVIDENCE_QUERY = "ckg:edge ?edge"  # the linked evidence query's text: sent only when some edge is not kept
PATTERN = "?x backs hub"


class _Recording(QueryRunner):
    """The server's reader (pattern answers kept per store), remembering the queries sent."""

    def __init__(self, store: Store) -> None:
        super().__init__(store, timeout=30, max_results=1000)
        self.sent: list[str] = []

    def query(self, sparql: str, *, substitutions=None, anchored: bool = False):
        self.sent.append(sparql)
        return super().query(sparql, substitutions=substitutions, anchored=anchored)


class _Wrapped:
    """A reader that is not ours (a script's wrapper): nothing is kept for it, every answer is read afresh."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def query(self, sparql: str, **options):
        return self.store.query(sparql, **options)


def _actor(slug: str) -> ActorRef:
    return ActorRef(id=slug, label=slug.title(), type="ArmedGroup", text=slug)


def _fact(sentence: str, confidence: float, at: int, backer: str = "claimant", backed: str = "hub") -> Extraction:
    return Extraction(
        id="kept",
        source=_actor(backer),
        target=_actor(backed),
        relation="backs",
        sentence=sentence,
        confidence=confidence,
        char_start=at,
        char_end=at + 5,
    )


class _Extractor:
    """Stands for spaCy: the same relations for every article."""

    gazetteer = Gazetteer(actors={})

    def __init__(self, found: list[Extraction]) -> None:
        self.found = found

    def extract(self, article: Article) -> list[Extraction]:
        return self.found


FIRST = Article(text="The claimant backs the hub.", published="2020-01-01")
FACTS = [_fact("The claimant backs the hub.", 0.9, 0), _fact("It may back the hub.", 0.5, 1)]


def _store(path: Path | None = None) -> OxigraphStore:
    """A synthetic graph, plus one article: two facts of the claimant backing the hub, and another backer."""
    store = OxigraphStore(path)
    store.add(conflict_graph(actors=40, relations=120, seed=5))
    ArticleLoader(store, _Extractor([*FACTS, _fact("Another backs the hub.", 0.8, 2, "other")])).load(FIRST)
    return store


def _claimant(reader) -> PatternEdge:
    [row] = [row for row in run_pattern(reader, PATTERN).rows if row.bindings["x"].slug == "claimant"]
    return row.edges[0]


def _asked_twice(reader: _Recording) -> PatternEdge:
    """The claimant's edge asked twice with no write between: the second answer reads no evidence again."""
    first = _claimant(reader)
    reader.sent.clear()
    assert _claimant(reader) == first
    assert not [sparql for sparql in reader.sent if EVIDENCE_QUERY in sparql]
    return first


def test_kept_an_article_added_raises_the_count():
    store = _store()
    reader = _Recording(store)
    before = _asked_twice(reader)
    ArticleLoader(store, _Extractor(FACTS)).load(
        Article(text="The claimant backs the hub again.", published="2021-01-01")
    )
    after = _asked_twice(reader)
    assert (before.evidence_count, before.corroboration) == (2, 1)
    assert (after.evidence_count, after.corroboration) == (4, 2)


def test_kept_an_update_of_a_confidence_changes_the_first_sentence():
    store = _store()
    reader = _Recording(store)
    assert _asked_twice(reader).first_sentence == "The claimant backs the hub."
    weak = event_iri(FIRST.id, FACTS[1])
    store.update(
        SPARQL_PROLOGUE
        + f"DELETE {{ <{weak}> ckg:confidence ?c }} INSERT {{ <{weak}> ckg:confidence 0.99 }} "
        + f"WHERE {{ <{weak}> ckg:confidence ?c }}"
    )
    assert _asked_twice(reader).first_sentence == "It may back the hub."


def test_kept_a_deleted_event_disappears():
    store = _store()
    reader = _Recording(store)
    assert _asked_twice(reader).evidence_count == 2
    store.update(SPARQL_PROLOGUE + f"DELETE WHERE {{ <{event_iri(FIRST.id, FACTS[0])}> ?p ?o }}")
    edge = _asked_twice(reader)
    assert edge.evidence_count == 1 and edge.first_sentence == "It may back the hub."


def test_kept_a_bulk_load_adds(tmp_path):
    store = _store(tmp_path / "kg")
    reader = _Recording(store)
    assert _asked_twice(reader).evidence_count == 2
    later = Article(text="Loaded in bulk: the claimant backs the hub.", published="2022-01-01")
    triples = GraphBuilder(Gazetteer(actors={})).article_triples(later, [_fact("Loaded in bulk.", 0.95, 0)])
    file = tmp_path / "more.nt"
    file.write_bytes(ox.serialize(to_quads(triples), format=ox.RdfFormat.N_QUADS))
    assert store.bulk_load(file, ox.RdfFormat.N_QUADS) > 0
    edge = _asked_twice(reader)
    assert (edge.evidence_count, edge.corroboration, edge.first_sentence) == (3, 2, "Loaded in bulk.")
    store.close()


def test_kept_labels_follow_a_write():
    store = _store()
    reader = _Recording(store)
    assert _asked_twice(reader).source.label == "Claimant"
    claimant = f"<{actor_iri('claimant')}>"
    store.update(
        f'DELETE WHERE {{ {claimant} <{RDFS.label}> ?l }} ; INSERT DATA {{ {claimant} <{RDFS.label}> "Renamed" }}'
    )
    assert _asked_twice(reader).source.label == "Renamed"


def test_kept_names_follow_a_write():
    store = _store()
    reader = _Recording(store)
    assert _asked_twice(reader).evidence_count == 2
    assert not [sparql for sparql in reader.sent if "VALUES (?q ?actor)" in sparql]  # the slug was kept too
    ArticleLoader(store, _Extractor([_fact("A newcomer backs the hub.", 0.9, 0, "newcomer")])).load(
        Article(text="A newcomer backs the hub.", published="2021-01-01")
    )
    [row] = run_pattern(reader, "newcomer backs ?y").rows  # named after it came in: no stale "unknown actor"
    assert row.edges[0].first_sentence == "A newcomer backs the hub."


def test_kept_a_failed_write_moves_the_generation_too():
    store = _store()
    reader = _Recording(store)
    generation = store.write_generation
    with pytest.raises(SyntaxError):
        store.update("INSERT DATA { this is not SPARQL }")
    assert store.write_generation is not None and store.write_generation > generation
    assert _asked_twice(reader).evidence_count == 2


def test_kept_nothing_for_a_reader_that_is_not_ours():
    store = _store()
    assert kept(_Wrapped(store)) is None and kept(QueryRunner(store, timeout=30, max_results=10)) is not None


@pytest.mark.slow
def test_kept_nothing_on_an_engine_elsewhere(oxigraph_server):
    """Other clients write to an engine: what one wrote directly shows in the next answer."""
    from kg.store import SparqlHttpStore

    oxigraph_server.clear()
    ours, theirs = SparqlHttpStore(oxigraph_server.location), SparqlHttpStore(oxigraph_server.location)
    ArticleLoader(ours, _Extractor(FACTS)).load(FIRST)
    reader = _Recording(ours)
    assert kept(reader) is None
    assert _claimant(reader).evidence_count == 2
    ArticleLoader(theirs, _Extractor(FACTS)).load(Article(text="Written by another client.", published="2021-01-01"))
    assert _claimant(reader).evidence_count == 4
    ours.close(), theirs.close()


def test_kept_within_the_cap(monkeypatch):
    store = _store()
    expected = run_pattern(_Wrapped(store), "?x backs ?y")  # a reader not ours: nothing kept, all read
    monkeypatch.setattr(kept_module, "KEPT_EDGES", 3)
    monkeypatch.setattr(kept_module, "KEPT_LABELS", 5)
    reader = _Recording(store)
    assert len(expected.rows) > 6
    for _ in range(2):  # pages of two rows: each fits, and the older pages go out first
        for offset in range(0, len(expected.rows), 2):
            page = run_pattern(reader, "?x backs ?y", limit=2, offset=offset)
            assert page.rows == expected.rows[offset : offset + 2]
            table = kept(reader)
            assert table is not None and 0 < len(table[0].edges) <= 3 and len(table[0].labels) <= 5
    assert run_pattern(reader, "?x backs ?y").rows == expected.rows  # wider than the cap: read, not kept
    assert len(kept(reader)[0].edges) <= 3  # type: ignore[index]


def test_kept_answers_from_threads_match_a_fresh_read_after_writes_end():
    store = _store()
    reader = _Recording(store)
    failures: list[BaseException] = []

    def ask() -> None:
        try:
            for _ in range(15):
                run_pattern(reader, PATTERN)
        except BaseException as exc:  # noqa: BLE001 — reported by the assertion below
            failures.append(exc)

    def write() -> None:
        for n in range(10):
            later = Article(text=f"Written while others read, {n}.", published="2021-01-01")
            ArticleLoader(store, _Extractor(FACTS)).load(later)

    threads = [threading.Thread(target=ask) for _ in range(3)] + [threading.Thread(target=write)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert run_pattern(reader, PATTERN).rows == run_pattern(_Wrapped(store), PATTERN).rows
    assert _claimant(reader).evidence_count == 22


def _iri(slug: str) -> ox.NamedNode:
    return ox.NamedNode(str(actor_iri(slug)))


def _evidence_read(reader: _Recording) -> list[str]:
    return [sparql for sparql in reader.sent if EVIDENCE_QUERY in sparql]


def _edges(reader: _Recording):
    found = kept(reader)
    assert found is not None
    return found[0].edges


def test_kept_an_unrelated_article_keeps_the_hubs_summaries():
    store = _store()
    reader = _Recording(store)
    before = run_pattern(reader, PATTERN)
    dropped = _edges(reader).dropped
    unrelated = [_fact("The far side backs the near side.", 0.9, 0, "far-side", "near-side")]
    ArticleLoader(store, _Extractor(unrelated)).load(Article(text="The far side backs the near side."))
    reader.sent.clear()
    assert run_pattern(reader, PATTERN) == before
    assert not _evidence_read(reader) and _edges(reader).dropped == dropped
    assert run_pattern(reader, "far-side backs ?y").rows[0].edges[0].evidence_count == 1


def test_kept_an_article_adding_a_backer_of_the_hub_shows_at_once():
    store = _store()
    reader = _Recording(store)
    before = run_pattern(reader, PATTERN)
    assert "newcomer" not in {row.bindings["x"].slug for row in before.rows}
    ArticleLoader(store, _Extractor([_fact("A newcomer backs the hub.", 0.7, 0, "newcomer")])).load(
        Article(text="A newcomer backs the hub.")
    )
    reader.sent.clear()
    after = run_pattern(reader, PATTERN)
    assert after.rows == run_pattern(_Wrapped(store), PATTERN).rows
    [new] = [row.edges[0] for row in after.rows if row.bindings["x"].slug == "newcomer"]
    assert (new.evidence_count, new.first_sentence) == (1, "A newcomer backs the hub.")
    # Only the new backer's edge is read: the others' summaries were not touched by the article.
    [read] = _evidence_read(reader)
    assert "newcomer" in read and "claimant" not in read


def test_kept_a_triple_added_to_an_old_event_drops_its_edge():
    """A triple that names neither actor, added to an event already stored, still reaches the event's edge."""
    store = _store()
    reader = _Recording(store)
    assert _asked_twice(reader).sources == []
    weak = event_iri(FIRST.id, FACTS[1])
    store.add([(weak, CKG.attributedTo, actor_iri("witness")), (actor_iri("witness"), RDFS.label, Literal("W"))])
    edge = _asked_twice(reader)
    assert [source.slug for source in edge.sources] == ["witness"] and edge.sources[0].label == "W"


def test_kept_a_fact_linked_by_hand_to_an_edge_drops_it():
    """A fact's evidence is read by its link to the edge: a link written by hand, on an event of other actors,
    still reaches the edge's summary."""
    store = _store()
    reader = _Recording(store)
    assert _asked_twice(reader).evidence_count == 2
    event, claimant, hub = URIRef("urn:event/by-hand"), actor_iri("claimant"), actor_iri("hub")
    store.add(
        [
            (event, CKG.edge, URIRef(edge_iri(str(claimant), "backs", str(hub)))),
            (event, CKG.agent, actor_iri("stranger")),
            (event, CKG.target, actor_iri("nowhere")),
            (event, CKG.relation, CKG.backs),
            (event, CKG.negated, Literal(False)),
            (event, CKG.status, CKG.fact),
            (event, CKG.confidence, Literal(0.99)),
            (event, CKG.sentence, Literal("Linked by hand.")),
        ]
    )
    edge = _asked_twice(reader)
    assert (edge.evidence_count, edge.first_sentence) == (3, "Linked by hand.")


def test_kept_a_label_added_changes_the_label_and_what_a_name_means():
    store = _store()
    store.add([(actor_iri("witness"), RDFS.label, Literal("The Witness"))])
    reader = _Recording(store)
    assert _asked_twice(reader).source.label == "Claimant"
    assert kept_names(reader, ["the witness"]) == {"the witness": [_iri("witness")]}
    store.add(
        [
            (actor_iri("claimant"), RDFS.label, Literal("A claimant")),
            (actor_iri("other"), RDFS.label, Literal("THE WITNESS")),
        ]
    )
    assert _asked_twice(reader).source.label == "A claimant"
    assert kept_names(reader, ["the witness"]) == {"the witness": [_iri("other"), _iri("witness")]}


def test_kept_an_update_drops_everything():
    store = _store()
    reader = _Recording(store)
    run_pattern(reader, PATTERN)
    held = len(_edges(reader))
    dropped = _edges(reader).dropped
    store.update("INSERT DATA { <urn:elsewhere> <urn:said> 1 }")  # touches nothing kept, but cannot say so
    reader.sent.clear()
    run_pattern(reader, PATTERN)
    assert _evidence_read(reader) and _edges(reader).dropped == dropped + held
