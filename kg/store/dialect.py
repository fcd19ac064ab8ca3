"""The SPARQL that kg.store.remote sends: one text that Oxigraph server and Virtuoso both accept and read alike.

Engines differ where SPARQL leaves room or where they stray from it: what the default graph is (Oxigraph:
a graph of its own; Virtuoso: every graph, and no INSERT DATA without a GRAPH), where VALUES may stand
(Virtuoso refuses it after WHERE) and what a query's form is worth to content negotiation. So on an engine
the data lives in the named graph DATA_GRAPH: every query's WHERE group is read inside GRAPH DATA_GRAPH
(protocol parameters could name it the default graph, but would hide every other named graph), every
write names it, and an update whose operations aim at the default graph is rewritten to aim at it. Just
enough lexing to find keywords outside braces, strings, IRIs and comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyoxigraph as ox

from kg.model import DATA_GRAPH, ONTOLOGY_GRAPH
from kg.store.base import StoreError

_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
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
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_DATA = str(ox.NamedNode(str(DATA_GRAPH)))
_ONTOLOGY = str(ox.NamedNode(str(ONTOLOGY_GRAPH)))
_GRAPH_OPERATIONS = ("CLEAR", "DROP", "ADD", "MOVE", "COPY")
_OPERATIONS = ("INSERT", "DELETE", "WITH", "LOAD", "CREATE") + _GRAPH_OPERATIONS


def _tokens(text: str) -> Iterator[tuple[re.Match, int]]:
    """Each token with the brace depth it stands at (a brace at the depth outside it); comments skipped."""
    depth = 0
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "comment":
            continue
        token = match.group()
        if token == "}":
            depth -= 1
        yield match, depth
        if token == "{":
            depth += 1


def _top_words(text: str) -> Iterator[tuple[re.Match, str]]:
    return ((m, m.group().upper()) for m, depth in _tokens(text) if depth == 0 and m.lastgroup == "word")


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (SELECT when none is found: the engine will say what is wrong)."""
    return next((word for _, word in _top_words(text) if word in FORMS), "SELECT")


def names_dataset(text: str) -> bool:
    """Whether the query has its own FROM or FROM NAMED: then it gets the dataset it names."""
    return any(word == "FROM" for _, word in _top_words(text))


def over_data_graph(query: str) -> tuple[str, dict[str, list[str]]]:
    """`query` reading DATA_GRAPH as its default graph, and the protocol parameters to send with it.

    The WHERE group becomes `{ GRAPH DATA_GRAPH { … } }`: a GRAPH inside it still names any of the engine's
    graphs (the ontology's, or one an update wrote), as on the embedded store. A query without a group to
    wrap (`DESCRIBE <x>`, `CONSTRUCT WHERE { … }`, which can name no graph anyway) is sent unchanged with
    `default-graph-uri=DATA_GRAPH`."""
    brace = _where_brace(query, short_form=False)
    if brace is None:
        return query, {"default-graph-uri": [str(DATA_GRAPH)]}
    close = _closing(query, brace)
    return f"{query[: brace + 1]} GRAPH {_DATA} {{{query[brace + 1 : close]}}} {query[close:]}", {}


def _closing(text: str, brace: int) -> int:
    """Where the group opened at `brace` closes."""
    for match, depth in _tokens(text[brace:]):
        if match.group() == "}" and depth == 0:
            return brace + match.start()
    raise StoreError("the query's WHERE group is not closed")


def with_values(sparql: str, substitutions: dict) -> str:
    """`sparql` with a VALUES block binding each variable to its term, first thing inside its WHERE.

    Inside, not after (Virtuoso refuses a trailing VALUES): it joins with the pattern, which equals
    pyoxigraph's substitution for the plain patterns that use it."""
    names, terms = [], []
    for variable, term in substitutions.items():
        name = variable.value if isinstance(variable, ox.Variable) else str(variable).lstrip("?$")
        ox.Variable(name)  # raises on a name that is not a variable name
        if not isinstance(term, (ox.NamedNode, ox.Literal)):
            raise StoreError(f"cannot bind ?{name} to {term!r} over the SPARQL protocol: only IRIs and literals")
        names.append(f"?{name}")
        terms.append(str(term))  # N-Triples syntax, escaped by pyoxigraph
    brace = _where_brace(sparql)
    if brace is None:
        raise StoreError("cannot bind variables in a query without a WHERE group")
    return f"{sparql[: brace + 1]} VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}{sparql[brace + 1 :]}"


def _where_brace(text: str, *, short_form: bool = True) -> int | None:
    """Where the query's WHERE group opens: the `{` after a top-level WHERE, else the first top-level `{`
    (ASK { … }, SELECT * { … }); a CONSTRUCT's template comes before its WHERE. None without a group, and,
    unless `short_form`, for CONSTRUCT WHERE { … }, whose group is also its template."""
    first: int | None = None
    words: list[str] = []
    for match, depth in _tokens(text):
        if depth != 0:
            continue
        if match.group() == "{":
            if words[-1:] == ["WHERE"]:
                return None if words[-2:-1] == ["CONSTRUCT"] and not short_form else match.start()
            first = match.start() if first is None else first
        words.append(match.group().upper() if match.lastgroup == "word" else match.group())
    return first


def in_data_graph(update: str) -> str:
    """`update` with every operation that aims at the default graph aimed at DATA_GRAPH instead.

    INSERT DATA / DELETE DATA / DELETE WHERE: their triples outside a GRAPH block go into GRAPH DATA_GRAPH;
    DELETE/INSERT … WHERE without WITH gets WITH DATA_GRAPH (its WHERE reads the data, its templates write
    there; USING still names what the WHERE reads); CLEAR or DROP DEFAULT clears DATA_GRAPH (never removes
    it: queries read through it), and DEFAULT in ADD, MOVE, COPY becomes GRAPH DATA_GRAPH. CLEAR / DROP ALL
    and NAMED mean our graphs (data and ontology; the ontology's): on Virtuoso every graph includes the
    engine's own system graphs."""
    edits: list[tuple[int, int, str]] = []
    kind, start, block = None, 0, None
    for match, depth in _tokens(update):
        if depth != 0:
            continue
        token = match.group()
        word = token.upper() if match.lastgroup == "word" else None
        if token == ";":
            kind = None
        elif kind is None and word in _OPERATIONS:
            kind, start = ("MODIFY" if word == "WITH" else word), match.start()
        elif kind in ("INSERT", "DELETE") and word in ("DATA", "WHERE"):
            kind = "BLOCK"
        elif kind in ("INSERT", "DELETE") and token == "{":  # a template: DELETE/INSERT … WHERE
            edits.append((start, start, f"WITH {_DATA} "))
            kind = "MODIFY"
        elif kind == "BLOCK" and token == "{":
            block = match.end()
        elif kind == "BLOCK" and token == "}" and block is not None:
            edits += _wrapped(update, block, match.start())
            kind, block = "DONE", None
        elif kind in ("CLEAR", "DROP") and word in ("ALL", "NAMED"):
            ours = ([f"CLEAR SILENT GRAPH {_DATA}"] if word == "ALL" else []) + [f"{kind} SILENT GRAPH {_ONTOLOGY}"]
            edits.append((start, match.end(), " ; ".join(ours)))
        elif kind in ("CLEAR", "DROP") and word == "DEFAULT":  # the default graph is emptied, never removed
            edits.append((start, match.end(), f"CLEAR SILENT GRAPH {_DATA}"))
        elif kind in _GRAPH_OPERATIONS and word == "DEFAULT":
            edits.append((match.start(), match.end(), f"GRAPH {_DATA}"))
    for begin, end, text in sorted(edits, reverse=True):
        update = update[:begin] + text + update[end:]
    return update


def _wrapped(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Edits putting the triples of the quad block text[start:end] that are outside GRAPH blocks into DATA_GRAPH."""
    edits, run_start, inside = [], None, None  # inside: depth at which a GRAPH block's braces close
    for match, depth in _tokens(text[start:end]):
        at = start + match.start()
        if inside is not None:
            if match.group() == "}" and depth == inside:
                inside = None
            continue
        if match.lastgroup == "word" and match.group().upper() == "GRAPH":
            if run_start is not None:
                edits += [(run_start, run_start, f"GRAPH {_DATA} {{ "), (at, at, "} ")]
                run_start = None
            inside = depth
        elif run_start is None:
            run_start = at
    if run_start is not None:
        edits += [(run_start, run_start, f"GRAPH {_DATA} {{ "), (end, end, " }")]
    return edits


__all__ = ["FORMS", "in_data_graph", "names_dataset", "over_data_graph", "query_form", "with_values"]
