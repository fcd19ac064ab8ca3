"""POST /update: SPARQL 1.1 Update, only with the bearer token, never LOAD or SERVICE."""
from __future__ import annotations

import re

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from pyparsing import ParseBaseException
from rdflib.plugins.sparql.parser import parseUpdate

from api.deps import ServiceDep, UpdateAuth
from api.routes.sparql import (FORM, QUERY_BODY, UPDATE_BODY, Params, base_iri, decode_body, graph_iris,
                               media_type_of, merge_params, parse_params, with_base)
from api.schemas import problems
from kg.query import QueryRefused, QuerySyntaxError, check_query, check_update
from kg.query.runner import Dataset
from kg.query.sparql import _PARSER_LOCK  # rdflib's parser is not thread-safe; share the one lock

router = APIRouter(tags=["SPARQL"])
TO_SPARQL = "this is a SPARQL query, not an update: send it to GET or POST /sparql"
OPENAPI_BODY = {"requestBody": {"content": {
    UPDATE_BODY: {"schema": {"type": "string"}},
    FORM: {"schema": {"type": "object", "required": ["update"], "properties": {
        "update": {"type": "string"},
        "using-graph-uri": {"type": "array", "items": {"type": "string"}},
        "using-named-graph-uri": {"type": "array", "items": {"type": "string"}}}}}}}}
# Just enough SPARQL lexing to find the keywords outside braces, strings, IRIs and comments.
_TOKEN = re.compile(r"""
      \#[^\n]*
    | '''(?:[^'\\]|\\.|'(?!''))*''' | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    | '(?:[^'\\\n]|\\.)*' | "(?:[^"\\\n]|\\.)*"
    | <[^<>"{}|^`\\\x00-\x20]*>
    | [?$]\w+
    | (?:[A-Za-z_][\w.-]*)?:(?:[\w.:%-]|\\.)*
    | (?P<word>[A-Za-z]+)
    | \S
""", re.VERBOSE | re.DOTALL)


async def update_request(request: Request) -> tuple[str, Params]:
    """The update text (raw application/sparql-update body or one `update=` form field) and the parameters."""
    kind = media_type_of(request)
    body = await request.body()
    in_url = parse_params(request.scope.get("query_string", b""))
    if kind == UPDATE_BODY:
        return decode_body(body), in_url
    if kind == QUERY_BODY:
        raise HTTPException(400, TO_SPARQL)
    if kind != FORM:
        raise HTTPException(415, f"Content-Type {kind or '(none)'} is not accepted: use {UPDATE_BODY} or {FORM}")
    params = merge_params(in_url, parse_params(body))
    found = params.get("update", [])
    if not found and "query" in params:
        raise HTTPException(400, TO_SPARQL)
    if len(found) != 1:
        raise HTTPException(400, "send exactly one `update=` form field with the SPARQL Update text")
    return found[0], params


def prepare(text: str, using: Dataset, base: str | None) -> str:
    """The update as the store will run it: checked, with the protocol's dataset and base IRI."""
    try:
        check_update(text)  # the client's own text, so parser messages point into it
    except QuerySyntaxError:
        if is_query(text):
            raise HTTPException(400, TO_SPARQL) from None
        raise
    return with_base(with_using(text, using) if using else text, base)


def is_query(text: str) -> bool:
    try:
        check_query(text)
    except (QuerySyntaxError, QueryRefused):
        return False
    return True


def with_using(text: str, using: Dataset) -> str:
    """`text` with USING / USING NAMED for using-graph-uri / using-named-graph-uri on each operation with WHERE.

    pyoxigraph's Store.update takes no dataset, so the clauses go into the text, as the protocol
    defines them: the same dataset as USING clauses would give. The rewrite is checked on the parse.
    """
    operations = _operations(text)
    # dict.get: rdflib's CompValue.get answers a missing key with the key's own name.
    if any(dict.get(op, "using") or dict.get(op, "withClause") for op in operations):
        raise HTTPException(400, "using-graph-uri / using-named-graph-uri cannot be combined with USING or WITH "
                                 "in the update: name the graphs in one place")
    clauses = [("default", iri) for iri in using.default_graphs] + [("named", iri) for iri in using.named_graphs]
    rewritten = _insert_using(text, " ".join(_clause(kind, iri) for kind, iri in clauses))
    if not _rewritten_as_meant(operations, rewritten, clauses):  # e.g. keywords spelt with \u escapes
        raise HTTPException(400, "cannot apply using-graph-uri / using-named-graph-uri to this update: "
                                 "write USING / USING NAMED clauses in the update instead")
    return rewritten


def _rewritten_as_meant(operations: list, rewritten: str, clauses: list[tuple[str, str]]) -> bool:
    """Whether the rewrite parses as the same operations, every one with a WHERE now with exactly `clauses`."""
    try:
        after = _operations(rewritten)
    except ParseBaseException:
        return False
    modified = [op for op in after if op.name == "Modify"]
    wanted = sum(op.name in ("Modify", "DeleteWhere") for op in operations)
    return len(after) == len(operations) and len(modified) == wanted and all(_using_of(op) == clauses for op in modified)


def _clause(kind: str, iri: str) -> str:
    return f"USING <{iri}>" if kind == "default" else f"USING NAMED <{iri}>"


def _using_of(operation) -> list[tuple[str, str]]:
    return [(kind, str(clause[kind])) for clause in dict.get(operation, "using") or [] for kind in ("default", "named")
            if kind in clause]


def _operations(text: str) -> list:
    with _PARSER_LOCK:
        return list(parseUpdate(text).request)


def _insert_using(text: str, clauses: str) -> str:
    """USING clauses before each top-level WHERE; DELETE WHERE {P} becomes DELETE {P} USING … WHERE {P}."""
    edits, depth, previous, group_start, delete_where = [], 0, None, 0, None
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token == "{":
            group_start = match.start() if depth == 0 else group_start
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0 and delete_where is not None:  # the pattern doubles as the DELETE template
                edits.append((delete_where, f"{text[group_start:match.end()]} {clauses} "))
                delete_where = None
        elif depth == 0 and match.lastgroup == "word" and token.upper() == "WHERE":
            if previous == "DELETE":
                delete_where = match.start()
            else:
                edits.append((match.start(), f"{clauses} "))
        if depth == 0:
            previous = token.upper()
    for position, insertion in sorted(edits, reverse=True):
        text = text[:position] + insertion + text[position:]
    return text


@router.post("/update", status_code=204, dependencies=[UpdateAuth], responses=problems(400, 401, 403, 413, 415),
             openapi_extra=OPENAPI_BODY, summary="Run a SPARQL Update (needs the bearer token)")
async def update(request: Request, service: ServiceDep) -> Response:
    """Apply a SPARQL Update to the store; 204 when done. using-graph-uri / using-named-graph-uri may be in the URL."""
    text, params = await update_request(request)
    using = Dataset(graph_iris(params, "using-graph-uri"), graph_iris(params, "using-named-graph-uri"))
    try:
        ready = await run_in_threadpool(prepare, text, using, base_iri(request))
        await run_in_threadpool(service.update, ready)
    except (QuerySyntaxError, QueryRefused) as exc:
        raise HTTPException(400, str(exc)) from None
    except (SyntaxError, RuntimeError) as exc:  # pyoxigraph: stricter parser, or e.g. CLEAR of a missing graph
        raise HTTPException(400, f"the update failed: {exc}") from None
    return Response(status_code=204)
