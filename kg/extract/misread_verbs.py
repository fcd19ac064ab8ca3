"""Present-tense verbs the small model takes for another word: "Egypt and the UAE back Haftar" tags "back" as an
adverb and hangs Haftar on Egypt as an apposition, so the product's commonest relation, written in the present, is
not found ("Iran and Russia back Assad", "Rwanda and Uganda back the M23 rebels", "Western powers back Ukraine");
"Qatar and Turkey fund Hamas" and "Iran and Hezbollah train Houthi fighters" are parsed as one long name.

A component after NER (it reads the tags' POS and NER's dates) mends such a clause when its shape leaves no other
reading: a noun phrase that opens the sentence (or follows "that", a colon or a verb of saying) and is plural (a list
joined by "and", or a plural noun), the word, then a noun phrase that is not a date ("sent them back Monday" is not
backing). The word becomes the clause's verb (VBP) with the first phrase as its subject and the second as its object;
what hung on the subject from outside it (a prepositional phrase, the full stop) hangs on the verb, and a verb of
saying the subject hung on takes the clause as its complement ("…, diplomats say").
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

FACTORY = "conflict_misread_verbs"
# Verbs that are nouns too: after a list of sides the tagger reads "back" as an adverb, and the parser makes "aid",
# "fund" and "train" the first word of a compound name ("Qatar and Turkey fund Hamas" as one noun phrase).
MISREAD_VERBS = frozenset({"back", "aid", "fund", "train"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
NOUN_PHRASE_POS = frozenset({"PROPN", "NOUN", "DET", "ADJ", "NUM", "CCONJ", "PART"})
OPENERS = frozenset({"that", ":", "—", "--"})
SAYING = frozenset({"say", "tell", "believe", "claim", "report", "add", "note", "insist", "argue"})
OBJECT_STARTS = frozenset({"PROPN", "DET", "ADJ", "NOUN", "NUM"})
TIME_NOUNS = frozenset({"year", "month", "week", "day", "decade", "century", "hour", "minute"})


@Language.factory(FACTORY)
def make_misread_verbs(nlp: Language, name: str) -> MisreadVerbs:
    return MisreadVerbs()


class MisreadVerbs:
    """Makes a misread present verb ("back") the verb of its clause where the clause reads no other way."""

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            if token.lower_ in MISREAD_VERBS and (token.pos_ != "VERB" or not _has_subject(token)):
                _mend(token)
        return doc


def _mend(verb: Token) -> None:
    sentence = verb.sent
    subject = _phrase(sentence, verb.i - 1, -1)
    thing = _phrase(sentence, verb.i + 1, 1)
    if subject is None or thing is None or not _opens_clause(subject) or not _plural(subject):
        return
    if thing[0].pos_ not in OBJECT_STARTS or any(t.ent_type_ in ("DATE", "TIME") for t in thing):
        return
    subject_root, thing_root = _root(subject), _root(thing)
    if subject_root is None or thing_root is None or subject_root.lemma_.lower() in TIME_NOUNS:
        return  # "Two years back the army seized…"
    if thing_root.dep_ in SUBJECTS and thing_root.head.i > thing_root.i:
        return  # the parser read the second phrase as the subject of a verb after it
    above = subject_root.head
    verb.pos_, verb.tag_, verb.lemma_ = "VERB", "VBP", verb.lower_
    inside = {t.i for t in subject} | {t.i for t in thing} | {verb.i}
    hung = [t for t in sentence if t.i not in inside and t.head.i in {subject_root.i, thing_root.i, verb.i}]
    # The object's own modifiers stay on it; what came before the verb, and the full stop, do not.
    hung = [t for t in hung if t.head.i != thing_root.i or t.i < verb.i or t.is_punct]
    if above.i not in inside and above.lemma_.lower() in SAYING and not verb.is_ancestor(above):
        verb.head, verb.dep_ = above, "ccomp"
    else:
        verb.head, verb.dep_ = verb, "ROOT"
        hung += [t for t in sentence if t.i not in inside and t.head.i == t.i]  # the old root, outside the clause
    subject_root.head, subject_root.dep_ = verb, "nsubj"
    thing_root.head, thing_root.dep_ = verb, "dobj"
    for token in hung:
        if token.head.i == token.i and token is not verb:
            token.dep_ = "dep"
        token.head = verb


def _has_subject(token: Token) -> bool:
    return any(child.dep_ in SUBJECTS for child in token.children)


def _phrase(sentence: Span, start: int, step: int) -> list[Token] | None:
    """The run of noun-phrase words from `start` going `step`-wise within `sentence`, in text order; None if empty."""
    found = []
    at = start
    while sentence.start <= at < sentence.end and sentence.doc[at].pos_ in NOUN_PHRASE_POS:
        found.append(sentence.doc[at])
        at += step
    if not found:
        return None
    found.sort(key=lambda token: token.i)
    if found[-1].pos_ not in ("PROPN", "NOUN") or found[0].pos_ == "CCONJ":
        return None
    return found


def _opens_clause(subject: list[Token]) -> bool:
    """Whether nothing before the phrase could make it an object: the sentence starts there, or a clause does."""
    first = subject[0]
    if first.i == first.sent.start:
        return True
    before = first.doc[first.i - 1]
    return before.lower_ in OPENERS or (before.pos_ == "VERB" and before.lemma_.lower() in SAYING)


def _plural(subject: list[Token]) -> bool:
    return subject[-1].tag_ in ("NNS", "NNPS") or any(t.lower_ == "and" for t in subject)


def _root(tokens: list[Token]) -> Token | None:
    """The one word of `tokens` whose head lies outside them (or that is a root); None when there are several."""
    span = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in span or t.head.i == t.i]
    return roots[0] if len(roots) == 1 else None


__all__ = ["FACTORY", "MisreadVerbs"]
