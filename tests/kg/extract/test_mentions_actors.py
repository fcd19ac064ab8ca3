"""Who the words name: gazetteer names, demonyms, capitals, states' armed forces and governments, and
organisations only spaCy's NER knows (kept as UnknownActor)."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract.mentions import Mentions
from kg.ingest import Article


def _extract(extractor, text: str):
    return extractor.extract(Article(text=text, published=date(2017, 6, 6), source="t"))


def _triples(extractor, text: str) -> set[tuple[str, str, str]]:
    return {(e.source.id, e.relation, e.target.id) for e in _extract(extractor, text)}


def test_actors_capital_and_demonym_name_the_state(extractor):
    assert ("iran", "accuses", "united-states") in _triples(extractor, "Tehran condemned Washington on Thursday.")
    assert ("iran", "backs", "houthis") in _triples(extractor, "Iranian-backed Houthis have violated the ceasefire.")


@pytest.mark.parametrize(
    "text, source",
    [
        ("Nigerian troops killed Boko Haram fighters near Maiduguri.", "nigeria-military"),
        ("Kenyan officials accused al-Shabaab of the attack.", "kenya-government"),
        ("The Government of India condemned Pakistan.", "india-government"),
        ("The Lebanese Armed Forces fought Hezbollah.", "lebanon-military"),
    ],
)
def test_actors_state_organ_from_demonym_or_name(extractor, text, source):
    assert source in {s for s, _, _ in _triples(extractor, text)}


def test_actors_unknown_organisation_is_kept(extractor):
    found = _extract(extractor, "The Hamdan Brigade attacked Iraqi forces.")
    assert [(e.source.id, e.source.type, e.target.id) for e in found] == [
        ("hamdan-brigade", "UnknownActor", "iraqi-forces")
    ]


def test_actors_washington_institute_is_not_the_united_states(extractor):
    found = _extract(extractor, "The Washington Institute said Turkish jets bombed Kurdish militants.")
    actors = {a.id for e in found for a in (e.source, e.target, e.attributed_to) if a}
    assert "united-states" not in actors and "turkish-military" in actors


def test_actors_org_named_after_a_capital_stays_whole(extractor):
    found = _extract(extractor, "The Tehran Times accused Saudi Arabia of arming rebels.")
    assert ("tehran-times", "UnknownActor") in {(e.source.id, e.source.type) for e in found}
    assert "iran" not in {a.id for e in found for a in (e.source, e.target)}


def test_actors_lowercase_words_and_pronouns_are_no_actors(extractor):
    doc = extractor.nlp("We gave the turkey to us in china cups.")
    mentions = Mentions(doc, extractor.gazetteer, extractor.lexicon)
    assert [mentions.at(t) for t in doc] == [None] * len(doc)


def test_actors_city_in_a_place_phrase_is_no_target(extractor):
    assert _triples(extractor, "Iraqi troops attacked ISIS in Kirkuk.") == {("iraqi-forces", "attacks", "isis")}


def test_mentions_entities_read_once_agree_with_spacy(extractor):
    # Mentions reads the document's entities once; per sentence and per token it must give what spaCy's
    # `Span.ents` and a scan of `Doc.ents` give (an entity running past a sentence's end stops the list).
    doc = extractor.nlp(
        "On Tuesday the US-led coalition struck pro-Assad forces near al Tanf. The Rapid Support Forces (RSF) "
        "said Sudan's army shelled Omdurman. Iran denied arming the Houthis in Yemen."
    )
    mentions = Mentions(doc, extractor.gazetteer, extractor.lexicon)
    assert doc.ents
    for sent in doc.sents:
        assert [(e.start, e.end, e.label_) for e in mentions.entities_in(sent)] == [
            (e.start, e.end, e.label_) for e in sent.ents
        ]
    for token in doc:
        spacy_ent = next((e for e in doc.ents if e.start <= token.i < e.end), None)
        ours = mentions.entity_at(token.i)
        assert (ours is None) == (spacy_ent is None)
        if ours is not None and spacy_ent is not None:
            assert (ours.start, ours.end) == (spacy_ent.start, spacy_ent.end)
