"""Relation constructions on short sentences: active, passive, nominal, adjectival, negation, pronouns."""

from __future__ import annotations

from datetime import date

import pytest

from kg.ingest import Article


def _triples(extractor, text: str, published: date | None = date(2017, 6, 6)) -> set[tuple]:
    found = extractor.extract(Article(text=text, published=published, source="t"))
    return {(e.source.id, e.relation, e.target.id, e.negated) for e in found}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Russian warplanes bombed Syrian rebels near Idlib.", ("russian-military", "bombs", "syrian-rebels", False)),
        ("Syrian rebels were attacked by Turkish forces.", ("turkish-military", "attacks", "syrian-rebels", False)),
        ("Iran supports Hezbollah.", ("iran", "supports", "hezbollah", False)),
        ("Saudi-backed forces clashed with the rebels.", ("saudi-arabia", "backs", "saudi-backed-forces", False)),
        ("Iranian-trained militias fought ISIS.", ("iran", "trains", "iranian-trained-militias", False)),
        ("Turkey launched an offensive against the YPG.", ("turkey", "assaults", "ypg", False)),
        ("Israel did not strike Hezbollah.", ("israel", "strikes", "hezbollah", True)),
    ],
)
def test_patterns_construction(extractor, text, expected):
    found = _triples(extractor, text)
    assert expected in found, found


def test_patterns_pronoun_object_resolves_to_earlier_actor(extractor):
    found = _triples(extractor, "Syrian rebels said Russian jets bombed them.")
    assert ("russian-military", "bombs", "syrian-rebels", False) in found


def test_patterns_coordinated_subjects_give_one_relation_each(extractor):
    found = _triples(extractor, "Iraq and Iran condemned Israel.")
    assert {("iraq", "accuses", "israel", False), ("iran", "accuses", "israel", False)} <= found


def test_patterns_us_is_the_country_not_the_pronoun(extractor):
    found = _triples(extractor, "ISIS attacked US forces.")
    assert ("isis", "attacks", "us-military", False) in found


def test_patterns_date_resolved_against_publication(extractor):
    found = extractor.extract(Article(text="On Tuesday, Russia bombed ISIS.", published=date(2017, 6, 8), source="t"))
    assert [e.date for e in found] == [date(2017, 6, 6)]
