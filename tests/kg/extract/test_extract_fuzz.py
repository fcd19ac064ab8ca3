"""Property-based: the extractor takes any Unicode text and returns Extractions (or, for text that is no
article, a ValueError from Article), never a crash; every extraction's offsets point at its sentence.

The slowest of the fuzz suites (a spaCy parse per example), so the fewest examples; derandomised, and counted
in the terminal summary ("fuzz inputs tried").
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from kg.extract import Extraction
from kg.ingest import Article


def fuzz(examples: int):
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )


ACTORS = [
    "Iran",
    "Hezbollah",
    "the US-led coalition",
    "ISIS",
    "Russia",
    "Russian jets",
    "the Assad regime",
    "pro-Assad forces",
    "Syrian rebels",
    "Turkey",
    "the Kurds",
    "Iranian-backed",
    "they",
    "them",
    "It",
    "US",
]
VERBS = [
    "backs",
    "bombed",
    "struck",
    "attacked",
    "trains",
    "warned",
    "did not strike",
    "would attack",
    "said",
    "according to",
    "threatened to bomb",
    "on May 18",
    "near al Tanf",
    "on Tuesday",
    "and",
    ",",
    "'s",
]
ODD = [
    "😀",
    "👩‍👩‍👧",
    "🇮🇷",
    "\u0625\u064a\u0631\u0627\u0646",
    "\u05d0\u05d9\u05e8\u05d0\u05df",
    "\u202e",
    "\u200f",
    "\u200d",
    "e\u0301",
    "\u0301\u0301\u0301",
    "Z\u0351\u0360\u0363\u036b",
    "\u00a0",
    "\u3000",
    "\t",
    "\n",
    "\n\n",
    "\u2028",
    "\u0085",
    "\x0b",
    "\x00",
    "\r",
    "\ufeff",
    "\ufffd",
    "\U0010ffff",
    "ﷺ",
    "ǅ",
    "İ",
    "ß",
    "...",
    "!?",
    '"',
    "'",
    "(",
    ")",
    "-",
    "—",
    "$",
    "%",
    "#",
    "@",
    "http://x.y/z?q=1",
    "1945",
    "2017-06-06",
    "1st",
    "½",
]
PARTS = ACTORS + VERBS + ODD


def sentence_soup(min_size: int = 0, max_size: int = 60):
    """Actor names and verbs the extractor reacts to, spliced with odd characters, spaces optional."""
    return st.lists(
        st.tuples(st.sampled_from(PARTS), st.sampled_from([" ", " ", "", ". ", "\n"])),
        min_size=min_size,
        max_size=max_size,
    ).map(lambda pairs: "".join(p + s for p, s in pairs))


ACTIVE = [
    "backs",
    "bombed",
    "struck",
    "attacked",
    "trains",
    "warned",
    "did not strike",
    "would attack",
    "shelled",
    "is backed by",
    "was struck by",
    "threatened to bomb",
    "funds",
    "fought",
]
clause = st.builds(
    "{}{} {} {}{}{}".format,
    st.sampled_from(["", "", *ODD]),
    st.sampled_from(ACTORS),
    st.sampled_from(ACTIVE),
    st.sampled_from(ACTORS),
    st.sampled_from(["", "", *ODD]),
    st.sampled_from([".", ".", "!", "", ";", "\n", " said."]),
)


def clauses(max_size: int = 6):
    """Sentences that state relations ("Iran backs Hezbollah."), with odd characters around and between them."""
    return st.lists(st.tuples(clause, st.sampled_from([" ", "  ", "\n", "", *ODD])), min_size=1, max_size=max_size).map(
        lambda pairs: "".join(c + s for c, s in pairs)
    )


texts = st.one_of(
    st.text(max_size=200),
    sentence_soup(),
    clauses(),
    clauses(),
    st.sampled_from(["", " ", "\n\t ", "\x00", "\ufeff", "."]),
)
long_texts = st.one_of(
    st.builds(
        lambda unit, count: unit * count,
        st.sampled_from(["a", "Iran", "😀", "e\u0301", "-", "ا", "\u200d"]),
        st.integers(1_000, 5_000),
    ),  # one very long token
    st.lists(
        st.sampled_from(ACTORS + VERBS[:8] + ["the", "forces", "near", "town", "ا", "日本"]), min_size=700, max_size=900
    ).map(" ".join),  # ~5,000 characters of words with no punctuation
    sentence_soup(300, 500),
    clauses(60),
)


def extract_or_refuse(extractor, text: str) -> list[Extraction] | None:
    note(f"text={text!r:.3000}")
    try:
        article = Article(text=text, published="2017-06-06")
    except ValueError:  # empty, blank, or not Unicode: pydantic's ValidationError, a ValueError, says which
        return None
    found = extractor.extract(article)
    assert isinstance(found, list)
    for item in found:
        assert isinstance(item, Extraction)
        assert 0 <= item.char_start <= item.char_end <= len(article.text), item
        assert article.text[item.char_start : item.char_end] == item.sentence, item
        assert item.source.id != item.target.id and 0 <= item.confidence <= 1
    return found


@fuzz(500)
@given(text=texts)
def test_extract_fuzz_any_text_gives_extractions(fuzz_inputs, extractor, text):
    fuzz_inputs.tried()
    extract_or_refuse(extractor, text)


@fuzz(30)
@given(text=long_texts)
def test_extract_fuzz_long_tokens_and_paragraphs(fuzz_inputs, extractor, text):
    fuzz_inputs.tried()
    extract_or_refuse(extractor, text)


def test_extract_fuzz_blank_text_is_refused_clearly():
    for text in ("", "   ", "\n\t", "\x00\x00", "\ufeff"):
        try:
            Article(text=text)
        except ValueError as exc:
            assert "text" in str(exc)
        else:
            raise AssertionError(f"{text!r} made an article")
