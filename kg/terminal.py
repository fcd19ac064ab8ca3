"""Rows as a plain-text table that fits the terminal: short values in columns, long ones under their row.

A sentence in a 9-character column makes a table hundreds of lines long; a full IRI in a column pushes
the rest off the screen. So IRIs are shortened (an actor to its slug, other known namespaces to
`prefix:name`), and the widest columns move under each row, one `name: value` line each, until the
others fit.
"""
from __future__ import annotations

import textwrap

from kg.model import ACTOR, PREFIXES

LONG = 32  # a column with a wider value goes under the row whatever the terminal's width
GAP = "  "
MIN_WIDTH = 40


def compact(value: str) -> str:
    """An actor IRI as its slug, an IRI in a known namespace as `prefix:name`, anything else unchanged."""
    if value.startswith(str(ACTOR)):
        return value[len(str(ACTOR)):]
    for name, namespace in PREFIXES.items():
        if value.startswith(str(namespace)) and len(value) > len(str(namespace)):
            return f"{name}:{value[len(str(namespace)):]}"
    return value


def fit_rows(names: list[str], rows: list[dict[str, str]], width: int = 80) -> list[str]:
    """Lines of a table of `rows` (dicts of strings by column name) at most `width` characters wide."""
    width = max(width, MIN_WIDTH)
    widths = {name: max([len(name)] + [len(row.get(name, "")) for row in rows]) for name in names}
    columns = [name for name in names if widths[name] <= LONG]
    while len(columns) > 1 and _table_width(columns, widths) > width:
        widest = max(widths[name] for name in columns)
        columns.remove([name for name in columns if widths[name] == widest][-1])
    below = [name for name in names if name not in columns]
    lines = [_line([(name, widths[name]) for name in columns], {name: name for name in columns}, width)]
    lines.append("─" * min(_table_width(columns, widths), width))
    for row in rows:
        lines.append(_line([(name, widths[name]) for name in columns], row, width))
        lines += [text for name in below if row.get(name) for text in _under(name, row[name], width)]
    return lines


def _table_width(columns: list[str], widths: dict[str, int]) -> int:
    return sum(widths[name] for name in columns) + len(GAP) * max(len(columns) - 1, 0)


def _line(columns: list[tuple[str, int]], row: dict[str, str], width: int) -> str:
    text = GAP.join(row.get(name, "").ljust(size) for name, size in columns).rstrip()
    return text if len(text) <= width else text[:width - 1] + "…"


def _under(name: str, value: str, width: int) -> list[str]:
    return textwrap.wrap(f"{name}: {value}", width, initial_indent="    ", subsequent_indent="      ",
                         break_on_hyphens=False) or [f"    {name}:"]
