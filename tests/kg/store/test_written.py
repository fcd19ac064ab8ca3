"""What a write through the store changed (kg.store.written): pairs of actors, subjects and names for an add of
known triples, read after it is in; unknown (None) for an update, a bulk load, a failed write, or writes too long
ago to be remembered."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import RDFS, SKOS, Literal, URIRef

from kg.model import ACTOR, CKG, edge_iri
from kg.store import OxigraphStore
from kg.store.written import WriteLog, Written, written_by

EVENT = URIRef("urn:event/1")
AGENT, TARGET = ACTOR["iran"], ACTOR["assad-regime"]


def _between(store: OxigraphStore, write) -> Written | None:
    before = store.write_generation
    write()
    after = store.write_generation
    assert before is not None and after is not None
    return store.written_between(before, after)


def test_written_an_add_names_its_pairs_subjects_and_names():
    store = OxigraphStore()
    triples = [
        (EVENT, CKG.agent, AGENT),
        (EVENT, CKG.target, TARGET),
        (AGENT, RDFS.label, Literal("Iran")),
        (AGENT, SKOS.altLabel, Literal("Islamic Republic")),
    ]
    written = _between(store, lambda: store.add(triples))
    assert written == Written(
        pairs=frozenset({(str(AGENT), str(TARGET))}),
        subjects=frozenset({str(EVENT), str(AGENT)}),
        names=frozenset({"iran", "islamic republic"}),  # the labels in lower case, and the slug given a label
    )


def test_written_a_triple_for_a_stored_event_names_the_event_s_pair_and_edge():
    store = OxigraphStore()
    edge = edge_iri(AGENT, "backs", TARGET)
    store.add([(EVENT, CKG.agent, AGENT), (EVENT, CKG.target, TARGET), (EVENT, CKG.edge, edge)])
    written = _between(store, lambda: store.add([(EVENT, CKG.confidence, Literal(0.5))]))
    assert written is not None and written.pairs == {(str(AGENT), str(TARGET))} and written.edges == {str(edge)}


@pytest.mark.parametrize(
    "write",
    [
        lambda store, tmp_path: store.update("INSERT DATA { <urn:a> <urn:b> 1 }"),
        lambda store, tmp_path: store.bulk_load(_file(tmp_path)),
    ],
    ids=["update", "bulk load"],
)
def test_written_unknown_for_an_update_and_a_bulk_load(write, tmp_path):
    store = OxigraphStore(tmp_path / "kg")
    assert _between(store, lambda: write(store, tmp_path)) is None
    store.close()


def test_written_unknown_for_a_failed_add(monkeypatch):
    import kg.store.oxigraph as oxigraph_module

    def fails(quads, store):
        raise RuntimeError("failed once the triples were in")

    store = OxigraphStore()
    before = store.write_generation
    assert before is not None
    monkeypatch.setattr(oxigraph_module, "written_by", fails)
    with pytest.raises(RuntimeError):
        store.add([(EVENT, CKG.agent, AGENT)])
    after = store.write_generation
    assert after is not None and after > before and store.written_between(before, after) is None


def test_written_joins_the_writes_between_and_forgets_the_oldest():
    log = WriteLog(size=2)
    first, second = Written(subjects=frozenset({"a"})), Written(subjects=frozenset({"b"}))
    log.add(1, 2, first)
    log.add(3, 4, second)
    assert log.between(0, 4) == first | second and log.between(2, 4) == second and log.between(4, 4) == Written()
    log.add(5, 6, Written())
    assert log.between(0, 6) is None  # the first write is forgotten: what it changed is not known any more
    assert log.between(2, 6) == second
    log.add(7, 8, None)
    assert log.between(4, 6) == Written() and log.between(4, 8) is None


def test_written_too_wide_a_write_is_unknown(monkeypatch):
    import kg.store.written as written_module

    monkeypatch.setattr(written_module, "WIDEST_WRITE", 1)
    quads = [ox.Quad(ox.NamedNode(f"urn:s/{n}"), ox.NamedNode("urn:p"), ox.Literal("o")) for n in range(2)]
    assert written_by(quads, ox.Store()) is None


def _file(tmp_path):
    file = tmp_path / "one.nt"
    file.write_text('<urn:loaded> <urn:said> "1" .\n')
    return file
