"""The pattern language: parsing, errors with positions, safe compilation, and answers with evidence."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.extract import Extraction
from kg.extract.gazetteer import Gazetteer
from kg.ingest import Article
from kg.model import ACTOR, GraphBuilder
from kg.query.degrees import Degrees
from kg.query.pattern import (
    Name,
    PatternSyntaxError,
    TriplePattern,
    UnknownActor,
    UnknownRelation,
    Variable,
    compile_pattern,
    is_sparql,
    parse,
    resolve_names,
    run_pattern,
)
from kg.query.runner import QueryRunner
from kg.store import open_store

IRAN = ox.NamedNode("https://w3id.org/conflict-kg/actor/iran")


def chain_store():
    """Iran backs the Assad regime (once asserted, once negated); the regime trains pro-Assad forces."""
    gazetteer = Gazetteer.load()
    builder = GraphBuilder(gazetteer)
    article = Article(text="A made-up article for the pattern tests.", published="2020-01-01")

    def event(source: str, relation: str, target: str, sentence: str, *, at: int, negated: bool = False) -> Extraction:
        return Extraction(
            id="chain",
            source=gazetteer.actors[source].ref(source),
            relation=relation,
            target=gazetteer.actors[target].ref(target),
            negated=negated,
            confidence=0.9,
            sentence=sentence,
            char_start=at,
            char_end=at + len(sentence),
        )

    store = open_store("memory")
    store.add(
        builder.article_triples(
            article,
            [
                event("iran", "backs", "assad-regime", "Iran backs the Assad regime.", at=0),
                event("iran", "backs", "assad-regime", "Iran does not back the Assad regime.", at=40, negated=True),
                event("assad-regime", "trains", "pro-assad-forces", "The regime trains its militias.", at=80),
            ],
        )
    )
    return store


@pytest.fixture(scope="module")
def chain_runner() -> QueryRunner:
    return QueryRunner(chain_store(), timeout=10, max_results=100)


def test_pattern_parses_variables_slugs_quoted_names_and_chains():
    triples = parse('?x backs assad-regime . ?x Strikes+ "pro-\\"Assad\\" \\\\ forces" .')
    assert triples == [
        TriplePattern(Variable("x"), "backs", False, Name("assad-regime")),
        TriplePattern(Variable("x"), "strikes", True, Name('pro-"Assad" \\ forces')),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('?x backs "abc', "character 10: the quoted name starting here has no closing quote"),
        ("?x backs", "at the end: expected an object"),
        ("?x backs iran ?y", "character 15: expected ' . ' between triples, found \"?y\""),
        ("?x backs iran .. ?y", "character 16: expected a subject"),
        ("?x backs> ?y", 'character 9: unexpected ">"'),
        ("?x} DROP ALL", 'character 3: unexpected "}"'),
        ("? backs iran", "character 1: a variable is ? followed by a name"),
        ('?x backs ""', "character 10: empty name"),
        ("   ", "empty pattern"),
    ],
)
def test_pattern_syntax_errors_say_where(text, message):
    with pytest.raises(PatternSyntaxError, match="pattern syntax error|empty pattern") as caught:
        parse(text)
    assert message in str(caught.value)


def test_pattern_unknown_relation_suggests_close_names():
    with pytest.raises(UnknownRelation, match=r'unknown relation "bakcs" at character 4; did you mean backs\?'):
        parse("?x bakcs iran")


def test_pattern_tells_sparql_from_patterns():
    assert is_sparql("select * { ?s ?p ?o }") and is_sparql("# who\nPREFIX ckg: <x> ASK {}")
    assert is_sparql("SELEC * WHERE {")  # broken SPARQL gets SPARQL's error message, not the pattern's
    assert not is_sparql("?x backs assad-regime") and not is_sparql('"Iran" backs ?y')
    assert not is_sparql('?x backs "a{b"')


def test_pattern_compiles_names_to_values_of_iris_only():
    triples = parse('?x backs "whatever \\" } DROP ALL #" . iran backs+ ?x')
    compiled = compile_pattern(triples, {'whatever " } DROP ALL #': [IRAN], "iran": [IRAN]}, limit=11)
    assert "DROP" not in compiled.sparql and "whatever" not in compiled.sparql
    assert f"VALUES ?k0o {{ {IRAN} }}" in compiled.sparql
    # A chain's named start stands in place (Virtuoso follows a chain only from a given start).
    assert f"{{ {IRAN} ckg:backs+ ?v_x BIND({IRAN} AS ?k1s) }}" in compiled.sparql
    assert compiled.variables == ["x"] and compiled.slots == [("v_x", "k0o"), ("k1s", "v_x")]
    assert compiled.sparql.endswith("LIMIT 11")


def test_pattern_resolves_slugs_labels_and_aliases_ignoring_case(seeded_store):
    runner = QueryRunner(seeded_store, timeout=10, max_results=100)
    found = resolve_names(runner, ["IRAN", "Assad Regime", "cjtf-oir", "pro-assad-forces"])
    assert {name: [iri.value.rsplit("/", 1)[1] for iri in iris] for name, iris in found.items()} == {
        "IRAN": ["iran"],
        "Assad Regime": ["assad-regime"],
        "cjtf-oir": ["us-led-coalition"],
        "pro-assad-forces": ["pro-assad-forces"],
    }


def test_pattern_injection_is_just_an_unknown_name(seeded_store):
    runner = QueryRunner(seeded_store, timeout=10, max_results=100)
    size = len(seeded_store)
    with pytest.raises(UnknownActor, match=r'no actor is called "a\\" } DROP ALL #"'):
        run_pattern(runner, '?x backs "a\\" } DROP ALL #"')
    with pytest.raises(UnknownActor, match=r'no actor is called "Irn"; did you mean "Iran" \(iran\)\?'):
        run_pattern(runner, '?x backs "Irn"')
    assert len(seeded_store) == size


def test_pattern_answers_with_labels_and_unnegated_evidence(chain_runner):
    result = run_pattern(chain_runner, "?x backs assad-regime")
    [row] = result.rows
    assert row.bindings["x"].slug == "iran" and row.bindings["x"].label == "Iran"
    [edge] = row.edges
    assert (edge.source.slug, edge.relation, edge.target.label) == ("iran", "backs", "Assad regime")
    assert edge.evidence_count == 1 and edge.first_sentence == "Iran backs the Assad regime."


def test_pattern_transitive_path_follows_umbrella_edges(chain_runner):
    rows = run_pattern(chain_runner, '"Iran" backs+ ?z').rows
    found = {row.bindings["z"].slug: (row.edges[0].transitive, row.edges[0].evidence_count) for row in rows}
    assert found == {"assad-regime": (True, 1), "pro-assad-forces": (True, 0)}  # trains ⊑ backs


def test_pattern_join_counts_umbrella_evidence(chain_runner):
    [row] = run_pattern(chain_runner, "?x backs ?y . ?y backs ?z").rows
    assert [row.bindings[v].slug for v in "xyz"] == ["iran", "assad-regime", "pro-assad-forces"]
    assert row.edges[1].first_sentence == "The regime trains its militias."


def test_pattern_caps_rows_at_max_results(seeded_store):
    result = run_pattern(QueryRunner(seeded_store, timeout=10, max_results=1), "?x strikes ?y")
    assert len(result.rows) == 1 and result.truncated


def test_pattern_pages_rows_and_gives_the_total(chain_runner):
    whole = run_pattern(chain_runner, '"Iran" backs+ ?z')
    page = run_pattern(chain_runner, '"Iran" backs+ ?z', limit=1, offset=1)
    assert page.total == whole.total == len(whole.rows) > 1
    assert page.rows == whole.rows[1:2] and (page.limit, page.offset) == (1, 1)


class _Recording:
    """A reader that keeps the text of every query it is sent."""

    def __init__(self, store) -> None:
        self.store, self.max_results, self.sent = store, 100, []

    def query(self, sparql: str, **options):
        self.sent.append(sparql)
        return self.store.query(sparql, **options)


def test_pattern_evidence_gives_the_most_confident_sentence_and_reads_only_it():
    gazetteer = Gazetteer.load()
    article = Article(text="A made-up article for the evidence order test.", published="2020-01-01")
    events = [
        Extraction(
            id="order",
            source=gazetteer.actors["iran"].ref("iran"),
            relation="backs",
            target=gazetteer.actors["assad-regime"].ref("assad-regime"),
            confidence=confidence,
            sentence=sentence,
            char_start=at,
            char_end=at + len(sentence),
        )
        for at, (confidence, sentence) in enumerate(
            [
                (0.4, "Iran may back the regime."),
                (0.95, "Iran backs the regime."),
                (0.7, "Iran is said to back the regime."),
            ]
        )
    ]
    store = open_store("memory")
    store.add(GraphBuilder(gazetteer).article_triples(article, events))
    reader = _Recording(store)
    [row] = run_pattern(reader, "?x backs assad-regime").rows
    assert row.edges[0].evidence_count == 3 and row.edges[0].first_sentence == "Iran backs the regime."
    [words] = [text for text in reader.sent if "ckg:attributionText" in text]
    assert words.count("/event/") == 1  # the sentence of the first event only, not of all three


@pytest.mark.parametrize(
    ("agent_events", "target_events", "written"),
    [
        (1, 5000, "?event ckg:agent ?s . ?event ckg:target ?o"),
        (5000, 1, "?event ckg:target ?o . ?event ckg:agent ?s"),
    ],
)
def test_pattern_evidence_starts_from_the_end_with_fewer_events(monkeypatch, agent_events, target_events, written):
    import kg.query.pattern.evidence as pattern

    counts = Degrees(agent={IRAN.value: agent_events}, target={f"{ACTOR}assad-regime": target_events})
    monkeypatch.setattr(pattern, "degrees", lambda reader: counts)
    reader = _Recording(chain_store())
    [row] = run_pattern(reader, "?x backs assad-regime").rows
    assert row.edges[0].evidence_count == 1 and row.edges[0].first_sentence == "Iran backs the Assad regime."
    [evidence] = [text for text in reader.sent if "ckg:negated ?negated" in text]
    assert written in evidence


class _PathRecording(QueryRunner):
    """A QueryRunner that says, for each query, whether it ran here (anchored) or would go to a worker."""

    def __init__(self, store) -> None:
        super().__init__(store, timeout=10, max_results=100)
        self.paths: list[tuple[bool, str]] = []

    def query(self, sparql: str, *, substitutions=None, anchored: bool = False):
        self.paths.append((anchored, sparql))
        return self.store.query(sparql, substitutions=substitutions)


def _match_ran_here(runner: _PathRecording, text: str):
    runner.paths.clear()
    result = run_pattern(runner, text)
    [(here, _)] = [(here, sparql) for here, sparql in runner.paths if sparql.startswith(result.sparql[:200])]
    return here, result


@pytest.mark.parametrize(
    ("text", "here"),
    [
        ("?x backs ?y . ?y trains pro-assad-forces", True),  # joined to a named actor of few events
        ("?x trains pro-assad-forces . ?y backs ?x", True),
        ("?x backs ?y . ?z trains pro-assad-forces", False),  # ?x backs ?y joined to nothing named
        ("?x backs+ ?y . ?y trains pro-assad-forces", False),  # a chain can cost the whole graph
    ],
)
def test_pattern_match_joined_to_a_named_actor_runs_here_when_degrees_bound_it(text, here):
    runner = _PathRecording(chain_store())
    ran_here, result = _match_ran_here(runner, text)
    assert ran_here is here and result.rows


def test_pattern_match_joined_to_a_hub_goes_to_a_worker_with_the_same_answer(monkeypatch):
    import kg.query.pattern.run as run

    runner = _PathRecording(chain_store())
    text = "?x backs ?y . ?y trains pro-assad-forces"
    ran_here, expected = _match_ran_here(runner, text)
    hub = Degrees(agent={IRAN.value: 1000}, target={f"{ACTOR}pro-assad-forces": 1000})  # 1000 × 1000 edge reads
    monkeypatch.setattr(run, "degrees", lambda reader: hub)
    ran_here_for_hub, found = _match_ran_here(runner, text)
    assert ran_here and not ran_here_for_hub and found == expected and found.rows


class _VariablesReversed:
    """A reader whose engine lists a SELECT's variables in another order than the query's (JSON results allow it)."""

    def __init__(self, store) -> None:
        self.store, self.max_results = store, 100

    def query(self, sparql: str, **options):
        import json

        found = self.store.query(sparql, **options)
        if not isinstance(found, ox.QuerySolutions):
            return found
        answer = json.loads(found.serialize(format=ox.QueryResultsFormat.JSON))
        answer["head"]["vars"].reverse()
        return ox.parse_query_results(json.dumps(answer).encode(), format=ox.QueryResultsFormat.JSON)


def test_pattern_reads_each_variable_by_name_whatever_order_the_engine_lists_them():
    store = chain_store()
    text = "?x backs ?y . ?y trains pro-assad-forces"
    expected = run_pattern(store, text)
    assert run_pattern(_VariablesReversed(store), text) == expected and expected.rows[0].bindings["x"].slug == "iran"


class _Listed:
    """A reader that gives a SELECT's solutions as a plain list, without naming its variables."""

    def __init__(self, store) -> None:
        self.store, self.max_results = store, 100

    def query(self, sparql: str, **options):
        found = self.store.query(sparql, **options)
        return list(found) if isinstance(found, ox.QuerySolutions) else found


def test_pattern_reads_solutions_given_as_a_plain_list():
    store = chain_store()
    text = "?x backs ?y . ?y trains pro-assad-forces"
    assert run_pattern(_Listed(store), text) == run_pattern(store, text)
