"""The SPARQL Protocol's using-graph-uri / using-named-graph-uri, written into an update as USING clauses."""

from __future__ import annotations

import re
import threading

from kg.query.runner import Dataset
from kg.query.sparql import QueryRefused

# rdflib's SPARQL parser (pyparsing) is not thread-safe (RDFLib/rdflib#1282). It reads an update only to
# place USING clauses when the protocol's using-graph-uri is given; what runs is decided by the engine.
_PARSER_LOCK = threading.Lock()

# Just enough SPARQL lexing to find the keywords outside braces, strings, IRIs and comments.
_TOKEN = re.compile(
    r"""
      \#[^\n]*
    | '''(?:[^'\\]|\\.|'(?!''))*''' | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    | '(?:[^'\\\n]|\\.)*' | "(?:[^"\\\n]|\\.)*"
    | <[^<>"{}|^`\\\x00-\x20]*>
    | [?$]\w+
    | (?:[A-Za-z_][\w.-]*)?:(?:[\w.:%-]|\\.)*
    | (?P<word>[A-Za-z]+)
    | \S
""",
    re.VERBOSE | re.DOTALL,
)


def with_using(text: str, using: Dataset) -> str:
    """`text` with USING / USING NAMED for using-graph-uri / using-named-graph-uri on each operation with WHERE.

    pyoxigraph's Store.update takes no dataset, so the clauses go into the text, as the protocol
    defines them: the same dataset as USING clauses would give. The rewrite is checked on the parse.
    """
    try:
        operations = _operations(text)
    except Exception:  # noqa: BLE001 - rdflib fails on some valid SPARQL, with any exception
        raise QueryRefused(
            "cannot apply using-graph-uri / using-named-graph-uri to this update: write USING / "
            "USING NAMED clauses in the update instead"
        ) from None
    # dict.get: rdflib's CompValue.get answers a missing key with the key's own name.
    if any(dict.get(op, "using") or dict.get(op, "withClause") for op in operations):
        raise QueryRefused(
            "using-graph-uri / using-named-graph-uri cannot be combined with USING or WITH "
            "in the update: name the graphs in one place"
        )
    clauses = [("default", iri) for iri in using.default_graphs] + [("named", iri) for iri in using.named_graphs]
    rewritten = _insert_using(text, " ".join(_clause(kind, iri) for kind, iri in clauses))
    if not _rewritten_as_meant(operations, rewritten, clauses):  # e.g. keywords spelt with \u escapes
        raise QueryRefused(
            "cannot apply using-graph-uri / using-named-graph-uri to this update: "
            "write USING / USING NAMED clauses in the update instead"
        )
    return rewritten


def _rewritten_as_meant(operations: list, rewritten: str, clauses: list[tuple[str, str]]) -> bool:
    """Whether the rewrite parses as the same operations, every one with a WHERE now with exactly `clauses`."""
    try:
        after = _operations(rewritten)
    except Exception:  # noqa: BLE001 - see with_using
        return False
    modified = [op for op in after if op.name == "Modify"]
    wanted = sum(op.name in ("Modify", "DeleteWhere") for op in operations)
    return (
        len(after) == len(operations) and len(modified) == wanted and all(_using_of(op) == clauses for op in modified)
    )


def _clause(kind: str, iri: str) -> str:
    return f"USING <{iri}>" if kind == "default" else f"USING NAMED <{iri}>"


def _using_of(operation) -> list[tuple[str, str]]:
    return [
        (kind, str(clause[kind]))
        for clause in dict.get(operation, "using") or []
        for kind in ("default", "named")
        if kind in clause
    ]


def _operations(text: str) -> list:
    # Imported here: pyparsing's grammar takes ~0.3 s to build, and only using-graph-uri needs it.
    from rdflib.plugins.sparql.parser import parseUpdate

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
                edits.append((delete_where, f"{text[group_start : match.end()]} {clauses} "))
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
