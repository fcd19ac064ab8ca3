"""An irregular past form the tagger took for a present one gets its verb's lemma (kg/extract/lemmas.py)."""

from __future__ import annotations

from tests.kg.extract.handparsed import hand_parsed

PAST_LEMMAS = "conflict_past_lemmas"


def _lemmas(extractor, words: list[str], tags: list[str]) -> list[str]:
    heads, deps = [1, 1, 3, 1, 1], ["nsubj", "ROOT", "det", "dobj", "punct"]  # subject, verb, "the", object, "."
    doc = extractor.nlp.get_pipe(PAST_LEMMAS)(hand_parsed(extractor.nlp, words, heads, deps, tags))
    return [t.lemma_ for t in doc]


def test_lemmas_past_form_tagged_present_gets_its_verb(extractor):
    assert (
        _lemmas(extractor, ["Rebels", "overran", "the", "base", "."], ["NNS", "VBP", "DT", "NN", "."])[1] == "overrun"
    )


def test_lemmas_a_present_form_of_another_verb_is_kept(extractor):
    # "wound" is the past of "wind" but also a verb of its own: "they wound civilians".
    assert (
        _lemmas(extractor, ["They", "wound", "the", "civilians", "."], ["PRP", "VBP", "DT", "NNS", "."])[1] == "wound"
    )


def test_lemmas_the_pipeline_runs_the_component_after_the_lemmatizer(extractor):
    names = extractor.nlp.pipe_names
    assert names.index(PAST_LEMMAS) == names.index("lemmatizer") + 1
