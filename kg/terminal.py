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
SHRINK_TO = 16  # a column may be cut to this width before it moves under the row


def compact(value: str) -> str:
    """An actor IRI as its slug, an IRI in a known namespace as `prefix:name`, anything else unchanged."""
    if value.startswith(str(ACTOR)):
        return value[len(str(ACTOR)) :]
    for name, namespace in PREFIXES.items():
        if value.startswith(str(namespace)) and len(value) > len(str(namespace)):
            return f"{name}:{value[len(str(namespace)) :]}"
    return value


def fit_rows(names: list[str], rows: list[dict[str, str]], width: int = 80) -> list[str]:
    """Lines of a table of `rows` (dicts of strings by column name) at most `width` characters wide.

    Columns narrow to SHRINK_TO characters (a cut value ends in "…") before the widest one moves under the row."""
    width = max(width, MIN_WIDTH)
    natural = {name: max([len(name)] + [len(row.get(name, "")) for row in rows]) for name in names}
    columns = [name for name in names if natural[name] <= LONG]
    shown = _narrowed(columns, natural, width)
    while len(columns) > 1 and _table_width(shown) > width:
        widest = max(natural[name] for name in columns)
        columns.remove([name for name in columns if natural[name] == widest][-1])
        shown = _narrowed(columns, natural, width)
    below = [name for name in names if name not in columns]
    lines = [_line(shown, {name: name for name in columns}, width), "─" * min(_table_width(shown), width)]
    for row in rows:
        lines.append(_line(shown, row, width))
        lines += [text for name in below if row.get(name) for text in _under(name, row[name], width)]
    return lines


def _narrowed(columns: list[str], natural: dict[str, int], width: int) -> dict[str, int]:
    """Column widths, the widest cut one character at a time (not below SHRINK_TO) until the table fits."""
    shown = {name: natural[name] for name in columns}
    while _table_width(shown) > width:
        name = max(shown, key=lambda n: (shown[n], columns.index(n)), default=None)
        if name is None or shown[name] <= max(SHRINK_TO, len(name)):
            break
        shown[name] -= 1
    return shown


def _table_width(shown: dict[str, int]) -> int:
    return sum(shown.values()) + len(GAP) * max(len(shown) - 1, 0)


def _line(shown: dict[str, int], row: dict[str, str], width: int) -> str:
    text = GAP.join(_cell(row.get(name, ""), size) for name, size in shown.items()).rstrip()
    return text if len(text) <= width else text[: width - 1] + "…"


def _cell(value: str, size: int) -> str:
    return value.ljust(size) if len(value) <= size else value[: size - 1] + "…"


def _under(name: str, value: str, width: int) -> list[str]:
    return textwrap.wrap(
        f"{name}: {value}", width, initial_indent="    ", subsequent_indent="      ", break_on_hyphens=False
    ) or [f"    {name}:"]
