"""Confidence: how an event was found, as documented factors."""

from __future__ import annotations

from datetime import date

from kg.extract import confidence as factors
from kg.ingest import Article


def _confidence(extractor, text: str) -> float:
    (found,) = extractor.extract(Article(text=text, published=date(2017, 6, 6), source="t"))
    return found.confidence


def test_confidence_ner_guess_below_gazetteer_actor(extractor):
    known = _confidence(extractor, "Kataib Hezbollah attacked Iraqi forces.")
    guessed = _confidence(extractor, "The Hamdan Brigade attacked Iraqi forces.")
    assert known == factors.FORM["active"]
    assert guessed == round(factors.FORM["active"] * factors.ACTOR["ner"], 2) < known


def test_confidence_resolved_pronoun_below_named_actor(extractor):
    named = _confidence(extractor, "Russian jets bombed the rebels.")
    (resolved,) = [
        e.confidence
        for e in extractor.extract(Article(text="Syrian rebels said Russian jets bombed them.", source="t"))
        if e.relation == "bombs"
    ]
    assert resolved < named
