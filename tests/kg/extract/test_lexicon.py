"""The relation lexicon agrees with the ontology: every relation exists and every CAMEO code fits its roots."""
from __future__ import annotations

import pytest

from kg.extract.lexicon import Lexicon
from kg.model import CKG, ontology, relations


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load()


def test_lexicon_every_relation_is_in_the_ontology(lexicon):
    assert lexicon.relations() - set(relations()) == set()


def test_lexicon_every_cameo_code_falls_under_its_relations_roots(lexicon):
    graph = ontology()
    wrong = [(s.relation, s.cameo) for s in lexicon.senses()
             if s.cameo[:2] not in {str(r) for r in graph.objects(CKG[s.relation], CKG.cameoRoot)}]
    assert wrong == []


def test_lexicon_covers_every_plover_family(lexicon):
    graph = ontology()
    families = {str(c) for name in lexicon.relations() for c in graph.objects(CKG[name], CKG.ploverCategory)}
    assert families >= {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                        "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def test_lexicon_entry_without_cameo_code_is_refused(tmp_path):
    path = tmp_path / "lexicon.toml"
    path.write_text('[verbs]\nattack = { relation = "attacks" }\n[collocations]\n[nouns]\n[roles]\n')
    with pytest.raises(ValueError, match="attack"):
        Lexicon.load(path)
