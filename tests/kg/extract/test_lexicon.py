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
    wrong = [
        (s.relation, s.cameo)
        for s in lexicon.senses()
        if s.cameo[:2] not in {str(r) for r in graph.objects(CKG[s.relation], CKG.cameoRoot)}
    ]
    assert wrong == []


def test_lexicon_covers_every_plover_family(lexicon):
    graph = ontology()
    families = {str(c) for name in lexicon.relations() for c in graph.objects(CKG[name], CKG.ploverCategory)}
    assert families >= {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    }


def test_lexicon_entry_without_cameo_code_is_refused(tmp_path):
    path = tmp_path / "lexicon.toml"
    path.write_text('[verbs]\nattack = { relation = "attacks" }\n[collocations]\n[nouns]\n[roles]\n')
    with pytest.raises(ValueError, match="attack"):
        Lexicon.load(path)


def test_lexicon_derived_entries_only_fill_gaps(tmp_path):
    from kg.extract.lexicon import ROLES

    roles = "\n".join(f"{name} = {['say'] if name == 'reporting_verbs' else []}" for name in ROLES)
    hand = tmp_path / "lexicon.toml"
    hand.write_text(
        f'[verbs]\nexpel = {{ relation = "sanctions", cameo = "166" }}\n[collocations]\n[nouns]\n[roles]\n{roles}\n'
    )
    derived = tmp_path / "derived.toml"
    derived.write_text(
        '[verbs]\nexpel = { relation = "coerces", cameo = "174" }\n'
        '"expel from" = { relation = "coerces", cameo = "174" }\n'
        'investigate = { relation = "accuses", cameo = "090" }\n'
        'say = { relation = "accuses", cameo = "110" }\n'
        '"attack in" = { relation = "attacks", cameo = "190" }\n'
        '[collocations]\n"expel diplomat" = { relation = "coerces", cameo = "174" }\n'
        '"probe killing" = { relation = "accuses", cameo = "090" }\n'
    )
    lexicon = Lexicon.load(hand, derived=derived)
    assert lexicon.verbs["expel"].relation == "sanctions"  # hand-written wins
    assert lexicon.verbs["investigate"].cameo == "090" and ("probe", "killing") in lexicon.collocations
    assert "say" not in lexicon.verbs  # a reporting verb keeps its role
    assert ("expel", "from") not in lexicon.phrasal and ("expel", "diplomat") not in lexicon.collocations
    assert ("attack", "in") not in lexicon.phrasal  # "in" says where, not whom


def test_lexicon_protest_investigate_demand_and_yield_families_have_verbs(lexicon):
    roots = {sense.cameo[:2] for key, sense in lexicon.verbs.items()}
    assert {"08", "09", "10", "14"} <= roots
    assert lexicon.verbs["investigate"].relation == "accuses" and lexicon.verbs["yield"].cameo.startswith("08")
