"""Past tenses the tagger took for present ones: "Boko Haram jihadists overran a base" tagged VBP keeps the lemma
"overran" (the rule lemmatizer leaves a present verb as written), and the verb is not found. A component after
the lemmatizer gives such a word the lemma of its irregular past form, when the word is no verb's present form
itself ("wound", "lay", "saw" are; "overran", "fought", "struck" are not). It also mends the few forms the rule
lemmatizer strips to another verb ("waged" → "wag": both stems are verbs, and it takes the shorter)."""

from __future__ import annotations

from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

FACTORY = "conflict_past_lemmas"
PRESENT_TAGS = frozenset({"VB", "VBP"})
# Inflected forms the rule lemmatizer gives another verb's lemma, with the right one.
MISREAD = {"waged": "wage", "waging": "wage", "raged": "rage", "raging": "rage"}


@Language.factory(FACTORY)
def make_past_lemmas(nlp: Language, name: str) -> PastLemmas:
    lemmatizer = nlp.get_pipe("lemmatizer")
    assert isinstance(lemmatizer, Lemmatizer)  # the English model's rule lemmatizer; get_pipe's type is any callable
    return PastLemmas(lemmatizer)


class PastLemmas:
    """Sets the lemma of an irregular past form tagged as a present one ("overran" → "overrun"), and of a form the
    rule lemmatizer misreads ("waged" → "wage")."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        exceptions = lemmatizer.lookups.get_table("lemma_exc").get("verb", {})
        present = set(lemmatizer.lookups.get_table("lemma_index").get("verb", []))
        self.past = {form: lemmas[0] for form, lemmas in exceptions.items() if lemmas and form not in present}

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            if token.tag_ in PRESENT_TAGS and (lemma := self.past.get(token.lower_)) is not None:
                token.lemma_ = lemma
            elif token.tag_.startswith("VB") and (lemma := MISREAD.get(token.lower_)) is not None:
                token.lemma_ = lemma
        return doc
