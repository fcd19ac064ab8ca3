"""The founding article: every relation the foundation issue lists, and none of the wrong ones."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kg.extract import Extraction
from kg.extract.gazetteer import Gazetteer
from kg.ingest import read_articles
from kg.model import relation_ancestors

GOLD = [json.loads(line) for line in (Path(__file__).parent / "seed_gold.jsonl").read_text().splitlines() if line]
SEED = Path(__file__).resolve().parents[3] / "seeds" / "al-tanf-2017.txt"


def _lineage(slug: str, gazetteer: Gazetteer) -> set[str]:
    """The actor and every actor it is part or member of ("russian-military" → also "russia")."""
    found = set()
    while slug and slug not in found:
        found.add(slug)
        actor = gazetteer.actors.get(slug)
        slug = actor and (actor.part_of or actor.member_of)
    return found


def _matches(gold: dict, item: Extraction, gazetteer: Gazetteer) -> bool:
    umbrellas = {item.relation} | relation_ancestors(item.relation)
    return (
        gold["relation"] in umbrellas
        and bool(_lineage(item.source.id, gazetteer) & set(gold["source"]))
        and bool(_lineage(item.target.id, gazetteer) & set(gold["target"]))
        and gold["sentence"] in item.sentence
        and item.negated == gold.get("negated", False)
        and ("date" not in gold or item.date == date.fromisoformat(gold["date"]))
    )


@pytest.fixture(scope="module")
def seed_extractions(extractor) -> list[Extraction]:
    article = next(read_articles([SEED]))
    return extractor.extract(article)


@pytest.mark.parametrize("gold", [g for g in GOLD if g["required"]], ids=lambda g: g["sentence"][:40])
def test_seed_gold_required_relation_found(gold, seed_extractions, extractor):
    assert any(_matches(gold, item, extractor.gazetteer) for item in seed_extractions), (
        f"missing {gold['source']} {gold['relation']} {gold['target']} in “{gold['sentence']}”"
    )


def test_seed_gold_no_wrong_relation(seed_extractions, extractor):
    wrong = [
        f"{i.source.id} {i.relation} {i.target.id} (negated={i.negated}) in “{i.sentence[:70]}”"
        for i in seed_extractions
        if not any(_matches(g, i, extractor.gazetteer) for g in GOLD)
    ]
    assert wrong == []


def test_seed_gold_negated_statement_is_marked(seed_extractions):
    said = [i for i in seed_extractions if "going after them" in i.sentence]
    assert said and all(i.negated for i in said)


def test_seed_gold_every_relation_has_provenance(seed_extractions):
    text = next(read_articles([SEED])).text
    assert seed_extractions
    for item in seed_extractions:
        assert text[item.char_start : item.char_end] == item.sentence
        assert item.id == "al-tanf-2017.txt"
