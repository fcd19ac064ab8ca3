"""Property-based: the pattern language takes any text and answers with a result or a PatternError, never
another exception; the SPARQL it writes always parses and holds the user's names only as VALUES literals;
patterns run on the seeded store leave it as it was.

Derandomised and bounded for CI (examples counted in the terminal summary, "fuzz inputs tried").
"""

from __future__ import annotations

import re
from contextlib import nullcontext
from functools import cache

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from kg.model import ACTOR, CKG, relations, slug_of
from kg.query.pattern import (
    Name,
    PatternError,
    PatternResult,
    PatternSyntaxError,
    TriplePattern,
    Variable,
    compile_pattern,
    is_sparql,
    parse,
    resolve_names,
    run_pattern,
)
from kg.query.runner import QueryRunner


def fuzz(examples: int):
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


RELATIONS = sorted(relations())
# Names the seeded store knows (slugs, labels, aliases) and near misses; the rest is random text.
KNOWN_NAMES = [
    "iran",
    "assad-regime",
    "us-led-coalition",
    "Iran",
    "pro-Assad forces",
    "the coalition",
    "Syrian rebels",
    "Islamic State",
    "ISIS",
    "IRAN",
    "Assad Regime",
    "irn",
    "the West",
]
# Characters the grammar cares about, and ones that stress escaping and Unicode handling.
SYNTAX = list("?.\"\\+ \t\n_-{}#<>()*;,:@$`'") + ["ckg:", "SELECT", "DROP ALL", "backs", "Strikes", "x"]
ODD = [
    "é",
    "e\u0301",
    "\u200f",
    "\u202e",
    "\u0645",
    "\u05d0",
    "😀",
    "\u00a0",
    "\x00",
    "\x1b",
    "\ufeff",
    "ſ",
    "İ",
    "\U0010ffff",
    "\ud800",
    "\udcff",
]

# Any text at all, including lone surrogates (what a CLI argument holding invalid UTF-8 decodes to).
any_text = st.one_of(
    st.text(max_size=200),
    st.text(st.characters(categories=["Cs", "Cc", "Cf", "Zs", "Mn", "Lo", "So", "Po"]), max_size=80),
    st.lists(st.sampled_from(SYNTAX + ODD + KNOWN_NAMES), max_size=30).map("".join),
    st.lists(st.sampled_from(ODD + list('"\\ ab')), max_size=8)
    .map("".join)
    .map(lambda junk: f'?x backs "{junk}" . "{junk}" Strikes+ {junk}'),
)

name_text = st.one_of(
    st.sampled_from(KNOWN_NAMES),
    st.lists(st.sampled_from(list('"\\ ab-') + ODD[:-2]), min_size=1, max_size=12).map("".join),
    st.text(min_size=1, max_size=30),
)
relation_text = st.one_of(
    st.sampled_from(RELATIONS), st.sampled_from(RELATIONS).map(str.upper), st.sampled_from(RELATIONS).map(str.title)
)
_LETTERS = "abcxyzXYZ_"
variable = st.builds(
    lambda first, rest: Variable(first + rest), st.sampled_from(_LETTERS), st.text(_LETTERS + "019", max_size=6)
)
_WORD = list("abz09_АЖéمא中ſ")  # \w characters: letters, digits, underscore, any script
slug = st.builds(str.__add__, st.sampled_from(_WORD), st.text(st.sampled_from([*_WORD, "-"]), max_size=15))


def _term_text(term) -> str:
    if isinstance(term, Variable):
        return f"?{term.name}"
    return '"' + term.text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@st.composite
def written_patterns(draw, names=name_text):
    """(text, triples): valid patterns with random names, quotes, backslashes and Unicode, as a user writes them."""
    term = st.one_of(variable, names.filter(str.strip).map(str.strip).map(Name), slug.map(Name))
    triples = draw(st.lists(st.tuples(term, relation_text, st.booleans(), term), min_size=1, max_size=4))
    space = st.sampled_from([" ", "  ", "\t", "\n", " \u3000 "])
    parts = []
    for subject, relation, transitive, obj in triples:
        subject_text = subject.text if isinstance(subject, Name) and slug_like(subject.text) else _term_text(subject)
        object_text = obj.text if isinstance(obj, Name) and slug_like(obj.text) else _term_text(obj)
        parts.append(f"{subject_text}{draw(space)}{relation}{'+' if transitive else ''}{draw(space)}{object_text}")
    text = (draw(space) + "." + draw(space)).join(parts) + draw(st.sampled_from(["", " .", "\n"]))
    expected = [TriplePattern(s, _relation(r), t, o) for s, r, t, o in triples]
    return text, expected


def slug_like(text: str) -> bool:
    return re.fullmatch(r"\w[\w-]*", text) is not None


def _relation(text: str) -> str:
    return {name.casefold(): name for name in RELATIONS}[text.casefold()]


def _assert_readable(exc: PatternError) -> None:
    """One line that a terminal or an HTTP body can carry (no lone surrogates)."""
    message = str(exc)
    assert message and "\n" not in message
    message.encode("utf-8")


def _names(triples: list[TriplePattern]) -> list[str]:
    return [term.text for triple in triples for term in (triple.subject, triple.object) if isinstance(term, Name)]


# --- any text: a result or PatternError ------------------------------------------------------------------------


@fuzz(4000)
@given(text=any_text)
def test_pattern_fuzz_any_text_parses_or_says_why(fuzz_inputs, text):
    fuzz_inputs.tried()
    note(f"text={text!r:.3000}")
    is_sparql(text)
    try:
        triples = parse(text)
    except PatternError as exc:
        _assert_readable(exc)
        return
    assert triples and all(isinstance(t.subject, Variable | Name) and t.relation in RELATIONS for t in triples)
    # Whatever parses, its names can be bound as literals (no lone surrogates etc. slip through).
    for name in _names(triples):
        str(ox.Literal(name))


# --- written patterns: parse back exactly; SPARQL parses and holds no user text -------------------------------------


class RecordingRunner:
    """A runner that answers nothing and keeps the SPARQL it was asked."""

    max_results = 10

    def __init__(self) -> None:
        self.asked: list[str] = []
        self._store = ox.Store()

    def query(self, sparql: str):
        self.asked.append(sparql)
        return self._store.query(sparql)


@fuzz(1000)
@given(written=written_patterns())
def test_pattern_fuzz_written_patterns_parse_back(fuzz_inputs, written):
    fuzz_inputs.tried()
    note(f"written={written!r:.3000}")
    text, expected = written
    assert parse(text) == expected
    assert not is_sparql(text)  # `kg query` sends it to the pattern language, not to SPARQL


@fuzz(150)
@given(written=written_patterns(), iri_count=st.integers(1, 3))
def test_pattern_fuzz_compiled_sparql_parses_and_names_stay_values(fuzz_inputs, written, iri_count):
    fuzz_inputs.tried()
    note(f"written={written!r:.3000}")
    _, triples = written
    names = sorted(set(_names(triples)))
    iris = [ox.NamedNode(f"{ACTOR}actor-{i}") for i in range(iri_count)]
    compiled = compile_pattern(triples, {name: iris for name in names}, limit=11)
    ox.Store().query(compiled.sparql)  # oxigraph's parser, which runs it
    # The SPARQL depends on the names only through their actors: rename them all and it is the same text.
    renamed = {name: f"n{i}" for i, name in enumerate(names)}
    anonymous = [
        TriplePattern(_renamed(t.subject, renamed), t.relation, t.transitive, _renamed(t.object, renamed))
        for t in triples
    ]
    assert compile_pattern(anonymous, {new: iris for new in renamed.values()}, limit=11).sparql == compiled.sparql

    # Resolving names: one query whose VALUES hold each name as a literal, and nothing else of the user's
    # (after a look-up of the names that can be slugs, as literals and the IRIs pyoxigraph checked).
    runner = RecordingRunner()
    with pytest.raises(PatternError) if names else nullcontext():
        resolve_names(runner, names)
    for by_slug in (text for text in runner.asked if "VALUES (?q ?actor)" in text):
        ox.Store().query(by_slug)
        line = next(line for line in by_slug.split("\n") if line.lstrip().startswith("VALUES (?q ?actor)"))
        pairs = ox.Store().query(f"SELECT ?q ?actor WHERE {{ {line} }}")
        assert all(
            row["q"].value in names and row["actor"].value == f"{ACTOR}{row['q'].value.lower()}" for row in pairs
        )
    if names:
        resolve = next(text for text in runner.asked if "VALUES ?q {" in text)
        ox.Store().query(resolve)
        values = [line for line in resolve.split("\n") if line.lstrip().startswith("VALUES ?q {")]
        assert len(values) == 1
        assert resolve.replace(values[0], "  VALUES ?q { }") == _resolve_template()
        bound = ox.Store().query(f"SELECT ?q WHERE {{ {values[0]} }}")
        assert sorted(row["q"].value for row in bound) == names


def _renamed(term, renamed: dict[str, str]):
    return Name(renamed[term.text]) if isinstance(term, Name) else term


@cache
def _resolve_template() -> str:
    runner = RecordingRunner()
    with pytest.raises(PatternError):
        resolve_names(runner, ["placeholder"])
    resolve = next(text for text in runner.asked if "VALUES ?q {" in text)
    values = next(line for line in resolve.split("\n") if line.lstrip().startswith("VALUES ?q {"))
    return resolve.replace(values, "  VALUES ?q { }")


# --- on the seeded store: a result or PatternError, and the store unchanged -----------------------------------


@pytest.fixture(scope="module")
def seeded_runner(seeded_store):
    runner = QueryRunner(seeded_store, timeout=10, max_results=50, workers=2)
    before = seeded_store.dump(ox.RdfFormat.N_QUADS, include_ontology=True)
    yield runner
    runner.close()
    assert seeded_store.dump(ox.RdfFormat.N_QUADS, include_ontology=True) == before


_EDGES = f"""SELECT ?s ?p ?o ?sl ?ol WHERE {{
  ?s ?p ?o ; rdfs:label ?sl . ?o rdfs:label ?ol .
  FILTER(STRSTARTS(STR(?p), "{CKG}") && STRSTARTS(STR(?s), "{ACTOR}") && STRSTARTS(STR(?o), "{ACTOR}"))
}} ORDER BY ?s ?p ?o ?sl ?ol"""


@pytest.fixture(scope="module")
def seed_edges(seeded_store) -> list[tuple[str, str, str, str, str]]:
    """(subject slug, its label, relation, object slug, its label) of the seeded graph's direct edges."""
    prologue = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    found = [
        (slug_of(row["s"].value), row["sl"].value, slug_of(row["p"].value), slug_of(row["o"].value), row["ol"].value)
        for row in seeded_store.query(prologue + _EDGES)
    ]
    edges = [edge for edge in found if edge[2] in RELATIONS]
    assert edges, "the seeded store has no edges to aim patterns at"
    return edges


@st.composite
def matching_patterns(draw, edges):
    """Patterns aimed at the seeded graph's edges: slugs, labels in any case, variables, chains."""

    def term(slug: str, label: str) -> str:
        spelt = draw(st.sampled_from([slug, label, label.upper(), label.lower(), f" {label} "]))
        return draw(
            st.sampled_from(
                [
                    f"?{draw(variable).name}",
                    spelt if slug_like(spelt) else _term_text(Name(spelt)),
                    _term_text(Name(spelt)),
                ]
            )
        )

    chosen = draw(st.lists(st.sampled_from(edges), min_size=1, max_size=3))
    return " . ".join(
        f"{term(s, sl)} {p}{draw(st.sampled_from(['', '', '+']))} {term(o, ol)}" for s, sl, p, o, ol in chosen
    )


@fuzz(200)
@given(data=st.data())
def test_pattern_fuzz_runs_on_seeded_store_and_changes_nothing(
    fuzz_inputs, seeded_store, seeded_runner, seed_edges, data
):
    fuzz_inputs.tried()
    text = data.draw(
        st.one_of(
            matching_patterns(seed_edges),
            matching_patterns(seed_edges),
            written_patterns(st.sampled_from(KNOWN_NAMES)).map(lambda written: written[0]),
            written_patterns().map(lambda written: written[0]),
            any_text,
        ),
        label="text",
    )
    before = len(seeded_store)
    try:
        result = run_pattern(seeded_runner, text)
    except PatternError as exc:
        _assert_readable(exc)
    else:
        assert isinstance(result, PatternResult) and len(result.rows) <= seeded_runner.max_results
        assert all(len(row.edges) == len(parse(text)) for row in result.rows)
        result.model_dump_json()
    assert len(seeded_store) == before


# --- what the fuzzing found, one regression test each --------------------------------------------------------------


def test_pattern_lone_surrogate_is_a_syntax_error():
    # `kg query '?x backs "<bytes not UTF-8>"'` reaches Python as lone surrogates: the name parsed, then
    # pyoxigraph refused to make a literal of it (ValueError, not PatternError), and messages quoting one
    # could not be printed or sent as UTF-8.
    for text in ('?x backs "Ir\udcffan"', "?x backs \ud800", "\udcff"):
        with pytest.raises(PatternSyntaxError, match=r"is not a character \(is the text UTF-8\?\)") as caught:
            parse(text)
        str(caught.value).encode("utf-8")
        assert "\\u" in str(caught.value)  # the surrogate shown escaped
