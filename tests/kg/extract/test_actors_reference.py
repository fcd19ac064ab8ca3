"""Actors an article names by reference: "he", "him", "her" for a person named before. Sentences are invented."""

from __future__ import annotations

import datetime as dt

from kg.ingest import Article


def _pairs(extractor, text: str) -> set[tuple[str, str, str]]:
    found = extractor.extract(Article(text=text, published=dt.date(2021, 5, 1), source="t"))
    return {(e.source.id, e.relation, e.target.id) for e in found if not e.negated}


def test_actors_him_is_the_person_named_before(extractor):
    """Only NER names the person; the gazetteer does not know him."""
    pairs = _pairs(extractor, "John Smith fled Moscow in May. A Russian court later convicted him of fraud.")
    assert ("russia-judiciary", "coerces", "john-smith") in pairs


def test_actors_her_skips_the_clauses_own_subject(extractor):
    pairs = _pairs(
        extractor, "Police in Peru detained Maria Lopez, a journalist, in March. The Peruvian government released her."
    )
    assert ("peru-government", "retreats", "maria-lopez") in pairs


def test_actors_he_as_subject_is_the_last_subject_person(extractor):
    """ "Macron hosted Scholz. He criticised Iran": Macron, the subject before, not the object named last."""
    pairs = _pairs(extractor, "Macron hosted Scholz in Paris on Monday. He later criticised Iran.")
    assert ("macron", "accuses", "iran") in pairs
    assert ("scholz", "accuses", "iran") not in pairs


def test_actors_him_is_never_a_state(extractor):
    pairs = _pairs(extractor, "Turkey accused Greece on Monday. Russia later arrested him.")
    assert not {p for p in pairs if p[1] == "coerces"}


def test_actors_a_pronoun_adds_no_second_event_on_a_pair_the_names_link(extractor):
    """ "jailed Smith, accusing him of fraud": one act on Smith, as the labelled news codes it."""
    pairs = _pairs(extractor, "A Moscow court jailed John Smith on Monday, accusing him of fraud.")
    assert ("russia-judiciary", "coerces", "john-smith") in pairs
    assert ("russia-judiciary", "accuses", "john-smith") not in pairs
