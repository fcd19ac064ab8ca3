"""The pattern language's grammar: text → tokens → triples, with errors that give the position.

Triples `S REL O [according to W]` joined by ` . `; S, O and W are `?variables`, actor slugs, or double-quoted
labels or aliases (backslash escapes the next character); REL is an ontology relation name, with `+` for a chain
of one or more edges; `@W` is short for `according to W`. Relation names are checked against the ontology here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from kg.errors import KGError
from kg.vocabulary import relations

_TOKENS = re.compile(
    r'(?P<space>\s+)|(?P<var>\?[A-Za-z_][A-Za-z0-9_]*)|(?P<quoted>"(?:[^"\\]|\\.)*")'
    r"|(?P<word>\w[\w-]*)|(?P<plus>\+)|(?P<dot>\.)|(?P<at>@)",
    re.S,
)
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_SURROGATE = re.compile("[\ud800-\udfff]")  # what bytes that are not UTF-8 decode to (surrogateescape)
_SPARQL_START = re.compile(r"(?:\s|#[^\n]*)*(?:SELECT|ASK|CONSTRUCT|DESCRIBE|PREFIX|BASE)\b", re.I)


class PatternError(KGError, ValueError):
    """A pattern that cannot run; the message says what to change."""


class PatternSyntaxError(PatternError):
    """The text does not follow the grammar; the message gives the position."""


class UnknownRelation(PatternError):
    """A relation name the ontology does not define."""


class UnknownActor(PatternError):
    """A name that is no actor's slug, label or alias."""


@dataclass(frozen=True)
class Variable:
    """`?name`: any actor, the same one wherever the name recurs."""

    name: str


@dataclass(frozen=True)
class Name:
    """An actor written by slug, label or alias."""

    text: str  # a slug, label or alias as written (quotes and escapes removed)


Term = Variable | Name


@dataclass(frozen=True)
class TriplePattern:
    """One `S REL O [according to W]` of a pattern, its relation checked against the ontology."""

    subject: Term
    relation: str  # a checked ontology relation name
    transitive: bool
    object: Term
    according_to: Term | None = None  # `according to W`: events attributed to W, not the direct edge


@dataclass(frozen=True)
class Token:
    """One piece of the pattern's text: its kind (a group of the tokenizer), text and position."""

    kind: str
    text: str
    position: int  # 1-based character position, for messages


def is_sparql(text: str) -> bool:
    """Whether `text` is SPARQL rather than a pattern: a query keyword first, or braces outside quotes."""
    return bool(_SPARQL_START.match(text)) or "{" in _QUOTED.sub("", text)


def tokenize(text: str) -> list[Token]:
    """The pattern's tokens; raises PatternSyntaxError at the first character that starts none."""
    tokens, at = [], 0
    if (surrogate := _SURROGATE.search(text)) is not None:
        raise PatternSyntaxError(
            f"pattern syntax error at character {surrogate.start() + 1}: "
            f"{quote(surrogate.group())} is not a character (is the text UTF-8?)"
        )
    while at < len(text):
        found = _TOKENS.match(text, at)
        if found is None or found.lastgroup is None:  # every alternative is a named group: matched, it has one
            raise PatternSyntaxError(_bad_character(text, at))
        if found.lastgroup != "space":
            tokens.append(Token(found.lastgroup, found.group(), at + 1))
        at = found.end()
    return tokens


def _bad_character(text: str, at: int) -> str:
    if text[at] == '"':
        return f"pattern syntax error at character {at + 1}: the quoted name starting here has no closing quote"
    if text[at] == "?":
        return f"pattern syntax error at character {at + 1}: a variable is ? followed by a name, e.g. ?x"
    return f"pattern syntax error at character {at + 1}: unexpected {quote(text[at])}"


def parse(text: str) -> list[TriplePattern]:
    """Triples `S REL O` joined by ` . ` (a trailing ` .` is allowed); raises PatternError."""
    tokens = tokenize(text)
    if not tokens:
        raise PatternSyntaxError("empty pattern: write triples such as ?x backs assad-regime")
    triples, at = [], 0
    while at < len(tokens):
        subject, at = _term(tokens, at, "a subject")
        relation, transitive, at = _relation(tokens, at)
        obj, at = _term(tokens, at, "an object")
        source, at = _according_to(tokens, at, transitive)
        triples.append(TriplePattern(subject, relation, transitive, obj, source))
        if at < len(tokens):
            _expect(tokens, at, "dot", "' . ' between triples")
            at += 1
    return triples


def _term(tokens: list[Token], at: int, role: str) -> tuple[Term, int]:
    token = _expect(tokens, at, ("var", "quoted", "word"), f'{role} (?variable, slug or "name")')
    if token.kind == "var":
        return Variable(token.text[1:]), at + 1
    text = re.sub(r"\\(.)", r"\1", token.text[1:-1], flags=re.S) if token.kind == "quoted" else token.text
    if not text.strip():
        raise PatternSyntaxError(f"pattern syntax error at character {token.position}: empty name")
    return Name(text.strip()), at + 1


def _according_to(tokens: list[Token], at: int, transitive: bool) -> tuple[Term | None, int]:
    """An optional `according to W` or `@W` after a triple's object."""
    start = tokens[at] if at < len(tokens) else None
    if start is None or not (start.kind == "at" or (start.kind == "word" and start.text.lower() == "according")):
        return None, at
    if start.kind == "word":
        _expect(tokens, at + 1, "word", "to after according")
        if tokens[at + 1].text.lower() != "to":
            raise PatternSyntaxError(
                f"pattern syntax error at character {tokens[at + 1].position}: expected to "
                f"after according, found {quote(tokens[at + 1].text)}"
            )
        at += 1
    if transitive:
        raise PatternSyntaxError(
            f"pattern syntax error at character {start.position}: a chain (REL+) follows "
            "direct edges, which are facts; it cannot be asked according to someone"
        )
    return _term(tokens, at + 1, 'a source after according to (?variable, slug or "name")')


def _relation(tokens: list[Token], at: int) -> tuple[str, bool, int]:
    token = _expect(tokens, at, "word", "a relation name (backs, strikes, …)")
    name = check_relation(token.text, token.position)
    if at + 1 < len(tokens) and tokens[at + 1].kind == "plus":
        return name, True, at + 2
    return name, False, at + 1


def _expect(tokens: list[Token], at: int, kinds: str | tuple[str, ...], wanted: str) -> Token:
    if at < len(tokens) and tokens[at].kind in kinds:
        return tokens[at]
    if at == len(tokens):
        raise PatternSyntaxError(f"pattern syntax error at the end: expected {wanted}")
    token = tokens[at]
    raise PatternSyntaxError(
        f"pattern syntax error at character {token.position}: expected {wanted}, found {quote(token.text)}"
    )


def check_relation(text: str, position: int = 0) -> str:
    """The ontology's relation name for `text` (any case); raises UnknownRelation with close names."""
    known = relations()
    if text in known:
        return text
    folded = {name.casefold(): name for name in known}
    if text.casefold() in folded:
        return folded[text.casefold()]
    from rapidfuzz import fuzz, process, utils  # suggestions only: not imported before a name is wrong

    close = [
        name
        for name, _, _ in process.extract(
            text, sorted(known), scorer=fuzz.ratio, processor=utils.default_process, limit=3, score_cutoff=60
        )
    ]
    hint = f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(sorted(known))}"
    where = f" at character {position}" if position else ""
    raise UnknownRelation(f"unknown relation {quote(text)}{where}; {hint}")


def quote(text: str) -> str:
    """`text` in double quotes, escaped as in JSON; printable (and encodable: lone surrogates escaped too)."""
    return _SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", json.dumps(text, ensure_ascii=False))
