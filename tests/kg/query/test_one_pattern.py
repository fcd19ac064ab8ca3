"""kg.query.one_pattern: which texts may be read without a worker. Every text it accepts must be one triple pattern to
the engine too, so the refusals below are the ones that matter: each is a text that looks like one pattern to a
careless reader and is more (or something else) to pyoxigraph."""

import pyoxigraph as ox
import pytest

from kg.model import SPARQL_PROLOGUE
from kg.query.one_pattern import is_one_pattern

ACCEPTED = {
    "who backs X, our prologue": SPARQL_PROLOGUE + "SELECT ?who WHERE { ?who ckg:backs <http://example.org/x> }",
    "a comment in the prologue": "# call 17\nPREFIX ex: <http://e/>\nSELECT ?s { ?s ex:p ex:o }",
    "every column, a final dot, a limit": "BASE <http://e/> SELECT * { ?s ?p ?o . } LIMIT 5",
    "ask with `a`": "ASK { ?s a <http://e/C> }",
    "lower case keywords": "select ?s where { ?s <http://e/p> 'x'@en-GB } limit 1",
    "a typed literal": 'PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> SELECT ?s { ?s ?p "1"^^xsd:int }',
    "`#` inside an IRI and a string": 'SELECT ?s { ?s <http://e/p#q> "a # b" }',
    "a comment ends at CR": "SELECT ?s { ?s ?p ?o # not a pattern\r}",
    "a projected variable the pattern lacks": "SELECT ?s ?nothing { ?s ?p ?o }",
}

REFUSED = {
    "a variable twice scans every edge": "SELECT ?s { ?s ?p ?s }",
    "DISTINCT reads every row to keep a few": "SELECT DISTINCT ?p { ?s ?p ?o }",
    "OFFSET skips rows it must read": "SELECT ?s { ?s ?p ?o } OFFSET 1000000",
    "ORDER BY sorts them all": "SELECT ?s { ?s ?p ?o } ORDER BY ?s LIMIT 1",
    "a FILTER": "SELECT ?s { ?s ?p ?o FILTER (?o > 3) }",
    "a second pattern": "SELECT ?s { ?s ?p ?o . ?o ?q ?r }",
    "a path": "SELECT ?s { ?s <http://e/p>+ ?o }",
    "FROM": "SELECT ?s FROM <http://e/g> { ?s ?p ?o }",
    "an aggregate": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
    "CONSTRUCT": "CONSTRUCT WHERE { ?s ?p ?o }",
    "a SERVICE": "SELECT * { SERVICE <http://e/sparql> { ?s ?p ?o } }",
    "a brace in a comment hides a second pattern": "SELECT ?s { ?s ?p ?o # {\n . ?o ?q ?r }",
    "a comment ends at CR, and a FILTER follows": "SELECT ?s { ?s ?p ?o # \r FILTER (true) }",
    "a colon in a local name is one name to the engine": "PREFIX e: <http://e/> SELECT * { e:a:b e:c ?o }",
    "a dot inside a local name": "PREFIX e: <http://e/> SELECT * { ?s e:a.b ?o }",
    "an escape in an IRI": "SELECT * { ?s <http://e/\\u0070> ?o }",
    "an escape in a string": 'SELECT * { ?s ?p "a\\"b" }',
    "a long string": 'SELECT * { ?s ?p """x""" }',
    "a form feed is not SPARQL's whitespace": "SELECT ?s\x0c{ ?s ?p ?o }",
    "an update": "INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }",
    "a PREFIX with a local part": "PREFIX e:a <http://e/> SELECT * { ?s ?p ?o }",
    "nothing selected": "SELECT { ?s ?p ?o }",
    "a number as a subject": "SELECT * { 1 ?p ?o }",
}


@pytest.mark.parametrize("text", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_one_pattern_is_accepted_and_the_engine_reads_it(text):
    assert is_one_pattern(text)
    ox.Store().query(text)  # and it is a query the engine parses, so the test means what it says


@pytest.mark.parametrize("text", REFUSED.values(), ids=REFUSED.keys())
def test_anything_more_is_refused(text):
    assert not is_one_pattern(text)
