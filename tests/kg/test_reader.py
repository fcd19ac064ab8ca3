"""The Python API, kg.open(store): relations, actors, pattern and sparql as dataclasses or DataFrames,
on both store back-ends; and the README's example, run as written."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

import kg
from kg.errors import InvalidFilter
from kg.ingest import Article
from kg.pipeline.loader import ArticleLoader
from kg.query.pattern import run_pattern
from kg.reader import ActorRow, PatternMatch, RelationRow

README = Path(__file__).resolve().parents[2] / "README.md"
CLAIMS = Article(
    text="Mali's government accused Ukraine of supporting the rebels. Iran backs the Houthis.",
    title="Mali cuts ties with Ukraine",
    published="2024-08-05",
)


@pytest.fixture
def graph(fresh_store, extractor):
    ArticleLoader(fresh_store, extractor).load(CLAIMS)
    with kg.open(fresh_store) as opened:
        yield opened


def test_reader_relations_are_dataclasses_with_status(graph):
    [alleged] = graph.relations(status="alleged")
    assert isinstance(alleged, RelationRow)
    assert (alleged.source, alleged.relation, alleged.according_to, alleged.attribution) == (
        "ukraine",
        "supports",
        "mali-government",
        "Mali's government accused",
    )
    assert {row.status for row in graph.relations()} == {"fact", "alleged"}
    assert [row.relation for row in graph.relations(according_to="mali-government")] == ["supports"]


def test_reader_actors_pattern_and_sparql(graph):
    actors = graph.actors(name="ukraine")
    assert isinstance(actors[0], ActorRow) and actors[0].slug == "ukraine"
    [match] = graph.pattern("?x supports ?y according to ?who")
    assert isinstance(match, PatternMatch) and match.bindings["who"] == "mali-government"
    assert match.edges[0].statuses == {"alleged": 1}
    rows = graph.sparql("PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> SELECT ?x WHERE { ?x ckg:backs ?y }")
    assert rows == [{"x": "https://w3id.org/conflict-kg/actor/iran"}]
    assert graph.sparql("ASK { ?s ?p ?o }") is True


def test_reader_rows_become_dataframes(graph):
    pandas = pytest.importorskip("pandas")
    frame = graph.relations().to_frame()
    assert isinstance(frame, pandas.DataFrame)
    assert set(frame[frame.status == "alleged"].according_to) == {"mali-government"}
    assert list(graph.pattern("?x backs ?y").to_frame()["x"]) == ["iran"]


def test_reader_to_frame_without_pandas_says_what_to_install(graph, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas":
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(ImportError, match=r"pip install 'conflict-kg\[frames\]'"):
        graph.actors().to_frame()


def test_reader_run_pattern_takes_the_store_open_store_gives(fresh_store, extractor):
    ArticleLoader(fresh_store, extractor).load(CLAIMS)
    result = run_pattern(fresh_store, "?x backs ?y")
    assert [row.bindings["x"].slug for row in result.rows] == ["iran"]


def test_reader_readme_example_runs(tmp_path, extractor, monkeypatch):
    """The README's Python example, run as written against a store holding the seeds."""
    block = re.search(r"```python\n(.*?)```", README.read_text(), re.S).group(1)
    store = kg.open(str(tmp_path / "kg"))
    ArticleLoader(store.store, extractor).load(CLAIMS)
    store.close()
    monkeypatch.chdir(tmp_path)
    exec(compile(block.replace('"./data/kg"', repr(str(tmp_path / "kg"))), "README.md", "exec"), {})


def test_reader_sparql_syntax_error_names_the_line_and_column(graph):
    with pytest.raises(kg.query.QuerySyntaxError, match=r"^SPARQL syntax error at 2:3, near 'FILTR"):
        graph.sparql("SELECT ?a WHERE { ?a ?p ?b .\n  FILTR(?a) }")


def test_reader_relations_refuse_since_after_until(graph):
    with pytest.raises(InvalidFilter, match=r"^since \(2024-09-01\) is after until \(2024-08-01\): swap them$"):
        graph.relations(since=date(2024, 9, 1), until=date(2024, 8, 1))
