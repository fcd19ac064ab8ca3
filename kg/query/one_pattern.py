"""Whether a query is one triple pattern and nothing else: the commonest question ("who backs X"), whose cost is
the rows it reads, so a few hundred of them can be read where the request arrived instead of in a worker process.

This reads no query for the engine: pyoxigraph's parser is still the only one whose reading runs (kg.query.sparql).
It only says where a text may run, and it errs one way. It accepts a strict subset of SPARQL, token by token as
the engine reads tokens (comments end at CR or LF, `#` inside an IRI or a string is not a comment, only SPARQL's four
whitespace characters separate), so a text it accepts is either that one pattern to the engine or not a query at all;
anything unusual (an escape, a dot in a name, a number, a second pattern, DISTINCT, a FILTER, OFFSET, FROM) is not
accepted and goes to a worker as before.

Accepted: a prologue of BASE and PREFIX, then `SELECT *` or `SELECT ?a ?b …`, or `ASK`; an optional WHERE; `{ s p o
[.] }` with no variable twice (`?x p ?x` scans every `p` to keep a few); an optional LIMIT. Such a query streams: the
engine reads the pattern's index range in order, so reading n rows costs n index steps, whatever the graph's size.
"""

from __future__ import annotations

import re

_IRI = r"<[^<>\"{}|^`\\\x00-\x20]*>"
# A prefixed name, read whole (possessive): one followed by a colon, a percent escape, a backslash or a dot inside is
# one name to the engine, so it matches nothing here.
_PNAME = r"(?:[A-Za-z][\w-]*+)?:[\w-]*+(?![:%\\]|\.[\w-])"
_TOKEN = re.compile(
    rf"""(?P<skip>[ \t\r\n]+|\#[^\r\n]*)
    |(?P<iri>{_IRI})
    |(?P<literal>(?:"[^"\\\r\n]*"|'[^'\\\r\n]*')(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^(?:{_IRI}|{_PNAME}))?)
    |(?P<pname>{_PNAME})
    |(?P<var>[?$]\w++)
    |(?P<word>[A-Za-z]+)
    |(?P<number>[0-9]+)
    |(?P<punct>[{{}}.*])""",
    re.VERBOSE,
)
# The prologue in one match (most of a query's characters are its PREFIX lines): spaces, comments, BASE <iri> and
# PREFIX name: <iri>, the same tokens as above.
_PROLOGUE = re.compile(
    rf"""(?:[ \t\r\n]+|\#[^\r\n]*
    |(?i:BASE)[ \t\r\n]*{_IRI}
    |(?i:PREFIX)[ \t\r\n]+(?:[A-Za-z][\w-]*+)?:[ \t\r\n]*{_IRI})*+""",
    re.VERBOSE,
)
_TERMS = {"iri", "pname"}


def tokens(text: str) -> list[tuple[str, str]] | None:
    """`text` as (kind, text) tokens, keywords upper-cased, spaces and comments dropped; None where a character
    starts no token this module knows."""
    found: list[tuple[str, str]] = []
    at = 0
    for match in _TOKEN.finditer(text):
        if match.start() != at:  # finditer skips what matches no token
            return None
        at = match.end()
        kind = match.lastgroup or ""
        if kind != "skip":
            value = match.group()
            found.append((kind, value.upper() if kind == "word" else value))
    if at != len(text):
        return None
    return found


def is_one_pattern(text: str) -> bool:
    """Whether `text` is a SELECT or ASK of one triple pattern, no variable twice, at most a LIMIT after it."""
    if text.count("{") != 1:  # cheap refusal of most queries before any tokenizing
        return False
    found = tokens(text[_PROLOGUE.match(text).end() :])  # type: ignore[union-attr]  # it matches "" at least
    rest = _after_form(found) if found is not None else None
    rest = _after_pattern(rest) if rest is not None else None
    if rest and rest[0] == ("word", "LIMIT"):
        rest = rest[2:] if len(rest) > 1 and rest[1][0] == "number" else None
    return rest == []


def _after_form(rest: list[tuple[str, str]]) -> list[tuple[str, str]] | None:
    if not rest:
        return None
    if rest[0] == ("word", "SELECT"):
        at = 1
        if at < len(rest) and rest[at] == ("punct", "*"):
            at += 1
        else:
            while at < len(rest) and rest[at][0] == "var":
                at += 1
            if at == 1:
                return None
    elif rest[0] == ("word", "ASK"):
        at = 1
    else:
        return None
    if at < len(rest) and rest[at] == ("word", "WHERE"):
        at += 1
    return rest[at:]


def _after_pattern(rest: list[tuple[str, str]]) -> list[tuple[str, str]] | None:
    if len(rest) < 5 or rest[0] != ("punct", "{"):
        return None
    subject, predicate, thing = rest[1:4]
    if not (
        (subject[0] in _TERMS or subject[0] == "var")
        and (predicate[0] in _TERMS or predicate[0] == "var" or predicate == ("word", "A"))
        and (thing[0] in _TERMS or thing[0] in ("var", "literal"))
    ):
        return None
    names = [value[1:] for kind, value in (subject, predicate, thing) if kind == "var"]
    if len(set(names)) != len(names):
        return None
    at = 4
    if rest[at] == ("punct", "."):
        at += 1
    if at >= len(rest) or rest[at] != ("punct", "}"):
        return None
    return rest[at + 1 :]


__all__ = ["is_one_pattern", "tokens"]
