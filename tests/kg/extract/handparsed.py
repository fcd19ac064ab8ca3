"""Docs built by hand, as spaCy's own tests build them: words, heads, dependency labels, tags and entities
given, so a construction is tested apart from the statistical parser (which misparses some sentences,
"a charge Kyiv rejects" with "rejects" as a plural noun).

The model's attribute ruler (tag → part of speech), lemmatizer and our gazetteer ruler then run on the Doc,
as they would after the parser.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

AFTER_PARSER = ("attribute_ruler", "lemmatizer", "gazetteer")


def hand_parsed(
    nlp: Language, words: list[str], heads: list[int], deps: list[str], tags: list[str], ents: list[str] | None = None
) -> Doc:
    """A one-sentence Doc with the given analysis: `heads` are token indices (the root its own), `ents` IOB
    tags such as "B-GPE" (all "O" when None)."""
    if not len(words) == len(heads) == len(deps) == len(tags):
        raise ValueError("words, heads, deps and tags must have one entry per token")
    spaces = [i + 1 < len(words) and words[i + 1] not in {".", ",", "'s"} for i in range(len(words))]
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=spaces,
        heads=heads,
        deps=deps,
        tags=tags,
        ents=ents or ["O"] * len(words),
        sent_starts=[True] + [False] * (len(words) - 1),
    )
    for name in AFTER_PARSER:
        doc = nlp.get_pipe(name)(doc)
    return doc


def relations(found) -> set[tuple[str, str, str]]:
    """(source id, relation, target id) of each extraction that is not negated."""
    return {(e.source.id, e.relation, e.target.id) for e in found if not e.negated}


def hand_relations(extractor, words, heads, deps, tags, ents) -> set[tuple[str, str, str]]:
    """`relations` of a hand-parsed one-sentence Doc, extracted as an article of its own."""
    from kg.ingest import Article

    doc = hand_parsed(extractor.nlp, words, heads, deps, tags, ents)
    return relations(extractor.extract_doc(doc, Article(text=doc.text, source="t")))
