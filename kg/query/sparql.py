"""SPARQL as the engine reads it: the errors a query or update can meet, and results written by media type.

There is no pre-parse: pyoxigraph's own parser is the only one that reads user SPARQL, where it runs
(kg.query.runner, in a process or thread cut off the network, or here for one triple pattern), so no second parser
can disagree with it about where a comment ends or what a keyword spells. (kg.query.one_pattern tokenizes a text
only to say whether it may run without a worker, and refuses anything it does not read exactly as the engine does.)
"""

from __future__ import annotations

import re
from typing import cast

import pyoxigraph as ox

from kg.errors import KGError
from kg.namespaces import PREFIXES
from kg.query.results import GRAPH_FORMATS, RESULT_FORMATS
from kg.store import QueryResult


class QuerySyntaxError(KGError, ValueError):
    """The text is not valid SPARQL; the message is the engine's parser's."""


class QueryRefused(KGError, ValueError):
    """Valid SPARQL that this endpoint will not run (an update sent as a query, or the other way round)."""


class UpdateSentAsQuery(QueryRefused):
    """A SPARQL Update sent to the query endpoint."""


class QuerySentAsUpdate(QueryRefused):
    """A SPARQL query sent to the update endpoint."""


class NotAcceptable(KGError, ValueError):
    """The client accepts no media type for this kind of answer (`solutions` or `graph`)."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"no acceptable media type for a {kind} answer")
        self.kind = kind


# pyoxigraph's own message: "error at LINE:COLUMN: expected …", 1-based, columns in characters, lines ended by \n.
_POSITION = re.compile(r"error at (\d+):(\d+)(?:: expected (.*))?", re.DOTALL)
# A keyword among what the parser expected (CONSTRUCT, MD5, isBLANK), as opposed to a character class or a
# quoted token; and `[_]`, any character, which a keyword's read expects when the text ends within it.
_KEYWORD = re.compile(r"(?:^|, |one of )([A-Za-z][A-Za-z0-9_]*)(?=,|$)")
_ANY = re.compile(r"(?:^|, |one of )\[_\](?=,|$)")
_PREFIXED_NAME = re.compile(r"([A-Za-z][\w.-]*)?:[\w.%-]*")


def is_blank(text: str) -> bool:
    """Whether `text` holds nothing but spaces and comments (which the engine reads as an empty update)."""
    # A comment runs to the end of the line, which the engine ends at \n or \r; a `#` inside an IRI or a string
    # comes after something that is not blank, so a line is blank only when nothing comes before its first `#`.
    return all(not line.partition("#")[0].strip() for line in re.split(r"[\r\n]", text))


def base_prologue(base: str | None) -> str:
    """What goes in front of a query or update to resolve its relative IRIs against `base` (the text's own BASE
    comes later and still wins). On the text's first line, so the engine's line numbers stay the user's; its
    columns on that line are mapped back by describe_syntax_error."""
    return f"BASE <{base}> " if base else ""


def syntax_error_position(text: str, message: str, prologue: str = "") -> tuple[int, int] | None:
    """Line and column (1-based, in characters) in `text` where pyoxigraph's parser failed on `prologue + text`,
    from its `message`; None when the message gives no position (another engine's, say).

    The parser reads a keyword by taking as many characters as the keyword has and comparing them, so it
    reports a misspelt keyword where that read ended ("SELEC ?x WHERE {}" at 1:10, after CONSTRUCT's nine
    characters): the position is moved back to where the word starts. A position at the end of the text
    points at its last token instead."""
    found = _locate(text, message, prologue)
    return None if found is None else _line_column(text, found[0])


def _locate(text: str, message: str, prologue: str) -> tuple[int, bool] | None:
    """The offset in `text` of the engine's error (see syntax_error_position), and whether the engine
    stopped at the end of the text (it ran out of text)."""
    found = _POSITION.match(message)  # anchored: another engine's message quoted in ours is not the engine's
    if found is None:
        return None
    offset = _offset(prologue + text, int(found[1]), int(found[2])) - len(prologue)
    expected = found[3] or ""
    if _only_keywords(expected):  # else the parser also stood at the position itself (a digit was due there…)
        offset = _word_start(text, offset, _KEYWORD.findall(expected))
    if "Prefix not found" in message:
        offset = _prefixed_name_start(text, offset)
    ended = not text[max(offset, 0) :].strip()
    return _inside(text, offset), ended


def _offset(source: str, line: int, column: int) -> int:
    """The character offset of 1-based LINE:COLUMN in `source`, lines ended by \n as the engine counts them."""
    lines = source.split("\n")
    line = min(max(line, 1), len(lines))
    return sum(len(before) + 1 for before in lines[: line - 1]) + column - 1


def _only_keywords(expected: str) -> bool:
    """Whether the parser expected only keywords (and any character) where it failed."""
    rest = _ANY.sub("", _KEYWORD.sub("", expected))
    return bool(expected) and not rest.replace("one of", "").replace(",", "").strip()


def _word_start(text: str, offset: int, keywords: list[str]) -> int:
    """Where the word starts whose keyword read ended at `offset`: the latest start that holds a letter."""
    starts = [offset - len(keyword) for keyword in keywords]
    words = [start for start in starts if 0 <= start < len(text) and text[start].isalpha()]
    return max(words, default=offset)


def _prefixed_name_start(text: str, offset: int) -> int:
    """The start of the prefixed name (`ckg:backs`) that ends at `offset`, the prefix the engine did not know."""
    for name in _PREFIXED_NAME.finditer(text):
        if name.start() <= offset <= name.end():
            return name.start()
    return offset


def _inside(text: str, offset: int) -> int:
    """`offset`, or the start of the text's last token when it is at or past the end (or only blanks follow)."""
    offset = max(offset, 0)
    if text[offset:].strip():
        return offset
    body = text.rstrip()
    last = max(body.rfind(" "), body.rfind("\t"), body.rfind("\n"), body.rfind("\r"))
    return min(last + 1, offset) if body else 0


def _line_column(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def describe_syntax_error(text: str, message: str, prologue: str = "", *, update: bool = False) -> str:
    """One readable line for the engine's syntax error on `prologue + text` (a query, or an update), its
    position in `text`.

    An undeclared prefix is named, with the PREFIX line to add when it is one of ours; a message with no
    position of ours (another engine's refusal) is kept, cut to its first line."""
    what, found = ("SPARQL Update" if update else "SPARQL"), _locate(text, message, prologue)
    if found is None:
        first = message.splitlines()[0] if message else "the engine could not parse it"
        return f"{what} syntax error: " + (first if len(first) <= 300 else first[:300] + "…")
    offset, ended = found
    line, column = _line_column(text, offset)
    at = f"{what} syntax error at {line}:{column}"
    name = _PREFIXED_NAME.match(text, offset)
    if "Prefix not found" in message and name is not None:
        prefix = name.group(1) or ""
        known = PREFIXES.get(prefix)
        add = f"add PREFIX {prefix}: <{known}>" if known is not None else f"declare it: PREFIX {prefix}: <…>"
        return f"{at}: the prefix {prefix}: is not declared; {add}"
    near = text[offset:].split("\n")[0][:30].strip()
    end = f"at the end of the {'update' if update else 'query'}" if ended else ""
    return f"{at}, near {near!r}" + (f" {end}" if end else "") if near else f"{at}, {end or 'here'}"


def serialize(result: QueryResult, media_type: str) -> bytes:
    """Bytes of `result` in `media_type` (one of kg.formats' SOLUTIONS or GRAPHS, as fits the result)."""
    if isinstance(result, ox.QueryTriples):
        return cast(bytes, result.serialize(format=GRAPH_FORMATS[media_type]))  # no output given: the bytes
    if isinstance(result, list) and not hasattr(result, "variables"):  # triples already read
        return cast(bytes, ox.serialize(result, format=GRAPH_FORMATS[media_type]))
    return result.serialize(format=RESULT_FORMATS[media_type])


def rows(result: QueryResult) -> list[dict[str, str]]:
    """SELECT solutions as plain dicts of strings (unbound variables left out)."""
    names = [v.value for v in result.variables]
    return [{name: solution[name].value for name in names if solution[name] is not None} for solution in result]
