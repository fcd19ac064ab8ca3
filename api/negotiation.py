"""Content negotiation: which media type answers a request, from its Accept header and our tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from kg import formats
from kg.formats import RdfSyntax, ResultsSyntax


@dataclass(frozen=True)
class MediaTable:
    """The types a kind of answer comes in: the default first, plus names clients use for them."""

    types: tuple[str, ...]
    aliases: dict[str, str]
    names: dict[str, str] = field(default_factory=dict)  # short `format=` values, e.g. "csv"

    @classmethod
    def of(cls, syntaxes: Sequence[RdfSyntax] | Sequence[ResultsSyntax]) -> MediaTable:
        """The table of a kind of answer from its formats in kg.formats, the default first."""
        return cls(
            types=tuple(syntax.media_type for syntax in syntaxes),
            aliases={alias: syntax.media_type for syntax in syntaxes for alias in syntax.aliases},
            names={name: syntax.media_type for syntax in syntaxes for name in syntax.short_names},
        )

    @property
    def default(self) -> str:
        return self.types[0]

    def candidates(self, media_range: str) -> list[str]:
        """Our types that a media range covers, the default first."""
        if media_range in self.types:
            return [media_range]
        if media_range in self.aliases:
            return [self.aliases[media_range]]
        if media_range == "*/*":
            return list(self.types)
        if media_range.endswith("/*"):
            return [t for t in self.types if t.startswith(media_range[:-1])]
        return []


SOLUTIONS = MediaTable.of(formats.SOLUTIONS)  # SELECT and ASK
GRAPHS = MediaTable.of(formats.GRAPHS)  # CONSTRUCT and DESCRIBE


# Clients send the same few Accept headers again and again; a cheap /sparql request read its header three times.
@lru_cache(maxsize=256)
def parse_accept(header: str | None) -> tuple[tuple[str, float], ...]:
    """(media range, q) pairs, best first; ties keep the client's order."""
    if not header or not header.strip():
        return (("*/*", 1.0),)
    ranges = []
    for part in header.split(","):
        media_range, *params = (piece.strip() for piece in part.split(";"))
        if not media_range:
            continue
        ranges.append((media_range.lower(), _quality(params)))
    return tuple(sorted(ranges, key=lambda pair: -pair[1]))


def _quality(params: list[str]) -> float:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return min(max(float(value), 0.0), 1.0)
            except ValueError:
                return 0.0  # a garbled q is treated as "not wanted" rather than guessed at
    return 1.0


def choose(header: str | None, table: MediaTable) -> str | None:
    """The type to answer in, or None when the client accepts none we can produce (→ 406)."""
    ranges = parse_accept(header)
    # "text/turtle;q=0, */*" refuses Turtle: the wildcard must not bring it back.
    refused = {t for r, q in ranges if q == 0 and "*" not in r for t in table.candidates(r)}
    for media_range, quality in ranges:
        if quality > 0:
            chosen = next((t for t in table.candidates(media_range) if t not in refused), None)
            if chosen is not None:
                return chosen
    return None


def choose_format(name: str, table: MediaTable) -> str | None:
    """The type a `format=` value names (a short name or a media type), or None (→ 406)."""
    # An unescaped "+" in a URL arrives as a space ("application/sparql-results json"); media types have none.
    wanted = name.split(";")[0].strip().lower().replace(" ", "+")
    if wanted in table.names:
        return table.names[wanted]
    return next(iter(table.candidates(wanted)), None)


def negotiate(header: str | None, format_name: str | None, table: MediaTable) -> str | None:
    """`format=` when given (it overrides Accept: for links and clients that cannot set headers), else Accept."""
    if format_name is not None:
        return choose_format(format_name, table)
    return choose(header, table)


def not_acceptable(header: str | None, table: MediaTable, format_name: str | None = None) -> str:
    """The 406 message: what was asked for and what is on offer."""
    if format_name is not None:
        return (
            f"cannot answer in format {format_name!r}; use format= one of: {', '.join(table.names)} "
            f"or a media type: {', '.join(table.types)}"
        )
    return f"cannot answer in {header!r}; send an Accept header with one of: {', '.join(table.types)}"
