"""The gazetteer's spaCy component: known actor and place names become entities, after `ner` has run.

Names are matched case-insensitively (a trie of lowercase words, built once: tens of thousands of names load
in a second, where a PhraseMatcher takes many), then kept only when the
text is written the way the name is: an ALL-CAPS name exactly ("US", not "us"), a capitalised word
capitalised ("Turkey", not "turkey"); lowercase names ("the coalition") in any case.

A gazetteer name beats spaCy's entity where they overlap (NER calls "al Tanf" a PERSON, "Sinjar" an ORG),
except when the entity is a longer name whose head word the gazetteer did not match: "the Washington
Post", "Syrian Observatory for Human Rights", "the Iraqi Army", "Government of India" stay whole, and
the names found inside them are kept in `doc.spans["gazetteer"]` (so "the Iraqi Army" is Iraq's military).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.extract.gazetteer import Name

FACTORY = "conflict_gazetteer"
SPANS_KEY = "gazetteer"
ARTICLES = ("a", "an", "the")
NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


@Language.factory(FACTORY)
def make_gazetteer_ruler(nlp: Language, name: str) -> GazetteerRuler:
    return GazetteerRuler(nlp)


class GazetteerRuler:
    """Marks gazetteer names as ACTOR / PLACE entities, with the actor's or place's slug as `ent_id_`."""

    def __init__(self, nlp: Language) -> None:
        self.make_doc: Callable[[str], Doc] = nlp.make_doc
        # all words lowercase → (the name, its words as written), in the order added
        self.index: dict[tuple[str, ...], list[tuple[Name, tuple[str, ...]]]] = {}
        # first word, lowercase → the word counts of the names it starts, shortest first
        self.lengths: dict[str, tuple[int, ...]] = {}
        self.states: set[str] = set()

    def add(self, names: Iterable[Name]) -> None:
        """Add names; each spelling with ' also matches ’."""
        for name in names:
            if name.state:
                self.states.add(name.slug)
            for spelling in dict.fromkeys((name.text, name.text.replace("'", "’"))):
                words = self._words(name, spelling)
                if words:
                    lower = tuple(w.lower() for w in words)
                    self.index.setdefault(lower, []).append((name, words))
                    self.lengths[lower[0]] = tuple(sorted({*self.lengths.get(lower[0], ()), len(lower)}))

    def _words(self, name: Name, spelling: str) -> tuple[str, ...]:
        if name.words and spelling == name.text:
            return name.words[1:] if name.words[0].lower() == "the" and len(name.words) > 1 else name.words
        return tuple(t.text for t in self.make_doc(_without_article(spelling)))

    def __call__(self, doc: Doc) -> Doc:
        found = [Span(doc, start, end, label=name.label, span_id=name.slug) for start, end, name in self._matches(doc)]
        found = filter_spans(found)
        doc.spans[SPANS_KEY] = found
        whole = [e for e in doc.ents if _longer_name(e, found, self.states)]
        covered = {i for e in whole for i in range(e.start, e.end)}
        doc.ents = whole + [s for s in found if s.start not in covered]
        return doc

    def _matches(self, doc: Doc) -> Iterator[tuple[int, int, Name]]:
        """(start, end, name) of every name written at every token, in the order names were added at one place
        (`filter_spans` keeps the first of equal spans)."""
        lowers = [t.lower_ for t in doc]
        texts = [t.text for t in doc]
        for start, first in enumerate(lowers):
            for length in self.lengths.get(first, ()):
                end = start + length
                if end > len(lowers):
                    break
                for name, words in self.index.get(tuple(lowers[start:end]), ()):
                    if all(_same_case(text, word) for text, word in zip(texts[start:end], words)):
                        yield start, end, name


def _without_article(text: str) -> str:
    return text[4:] if text[:4].lower() == "the " and len(text) > 4 else text


def _same_case(text: str, word: str) -> bool:
    """A token's `text` is written the way the name's `word` is."""
    if len(word) > 1 and word.isupper():
        return text == word  # acronyms: "US" is the country, "us" the pronoun
    if word[:1].isupper():
        return text[:1].isupper()
    return True


def _longer_name(ent: Span, found: list[Span], states: set[str]) -> bool:
    """An entity NER found that stays: no gazetteer name touches it, or it holds some whole and its head
    word is none of theirs ("the Washington Post", not "southern Syria" nor "Kataib Imam Ali Forces"),
    or it is an organisation named after a state ("Jamiat-i-Islami Afghanistan", not "Iraqi YPG")."""
    touching = [s for s in found if s.start < ent.end and ent.start < s.end]
    if not touching:
        return True
    if ent.label_ in NOT_NAMES or any(s.start < ent.start or s.end > ent.end for s in touching):
        return False
    # "An al-Shabaab suicide bomber": NER took the article in, which the parser hangs on "bomber", not on the name
    named = ent[1:] if len(ent) > 1 and ent[0].lower_ in ARTICLES else ent
    heads = [s for s in touching if s.start <= named.root.i < s.end]
    if not heads:
        return True
    inside = {i for s in touching for i in range(s.start, s.end)}
    own_words = [t for t in ent if t.i not in inside and t.is_alpha and t.text[0].isupper() and t.lower_ != "the"]
    return ent.label_ == "ORG" and bool(own_words) and all(s.id_ in states for s in heads)
