"""The W3C SPARQL 1.1 syntax suites (tests/api/w3c_syntax/) sent to a real `kg serve`, on both back-ends.

With no pre-parse, the engine's parser is the only judge: every positive query is answered 200 and every
positive update 204, or a 400 from running it (an unknown custom function, a LOAD that cannot connect) — never
a syntax error;
every negative test a 400 saying why, and nothing a 5xx.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from rdflib import RDF, Graph, Namespace
from test_live_server import kg_serve

pytestmark = pytest.mark.slow
SUITE = Path(__file__).parent / "w3c_syntax"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
TOKEN = "w3c-syntax-token"


def entries(kinds: tuple[str, ...]) -> list[tuple[str, Path]]:
    """(test type, file) for each manifest entry of the given types, in a stable order."""
    found = []
    for manifest in sorted(SUITE.glob("*/manifest.ttl")):
        graph = Graph().parse(manifest, format="turtle", publicID=manifest.parent.as_uri() + "/")
        for kind in kinds:
            for test in graph.subjects(RDF.type, MF[kind]):
                found.append((kind, Path(str(graph.value(test, MF.action)).removeprefix("file://"))))
    return sorted(found, key=lambda entry: str(entry[1]))


QUERIES = entries(("PositiveSyntaxTest11", "NegativeSyntaxTest11"))
UPDATES = entries(("PositiveUpdateSyntaxTest11", "NegativeUpdateSyntaxTest11"))


@pytest.fixture(scope="module")
def server(backend, tmp_path_factory, request):
    """A `kg serve` over an on-disk store, or over the scratch `oxigraph serve`."""
    settings = {"KG_API_TOKEN": TOKEN}
    if backend == "server":
        settings["KG_STORE"] = request.getfixturevalue("oxigraph_server").location
    with kg_serve(tmp_path_factory.mktemp("w3c-syntax"), **settings) as (url, _):
        yield url


def test_w3c_syntax_suites_are_all_here():
    assert len(QUERIES) == 94 and len(UPDATES) == 55


@pytest.mark.parametrize("kind, path", QUERIES, ids=[path.name for _, path in QUERIES])
def test_w3c_syntax_query(server, kind, path):
    answer = httpx.post(
        f"{server}/sparql", content=path.read_bytes(), timeout=60, headers={"Content-Type": "application/sparql-query"}
    )
    assert answer.status_code < 500, answer.text
    if kind.startswith("Positive"):  # parsed: answered, or failed while running (e.g. an unknown custom function)
        assert answer.status_code == 200 or "syntax error" not in answer.json()["detail"], answer.text
    else:
        assert answer.status_code == 400 and answer.json()["detail"], answer.text


@pytest.mark.parametrize("kind, path", UPDATES, ids=[path.name for _, path in UPDATES])
def test_w3c_syntax_update(server, kind, path):
    answer = httpx.post(
        f"{server}/update",
        content=path.read_bytes(),
        timeout=60,
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
    )
    assert answer.status_code < 500, answer.text
    if kind.startswith("Positive"):
        assert answer.status_code == 204 or "syntax error" not in answer.json()["detail"], answer.text
    else:
        assert answer.status_code == 400 and "syntax error" in answer.json()["detail"], answer.text
