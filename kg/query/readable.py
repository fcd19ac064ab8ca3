"""What every read takes: anything that answers SPARQL. Views, patterns, pages and analysis are written against
it, and the product hands them one of two things:

- a QueryRunner (kg.query.runner): the API's routes and the `kg` commands, under the service's limits
  (KG_QUERY_TIMEOUT, KG_MAX_RESULTS), and able to run our own anchored queries in this thread
  (`query_anchored`);
- a Store as it is (kg.store): counts taken in the background (kg.query.tally), scripts and tests.

The store layer implements it without knowing it (a Store's `query` has this shape), so it lives here, on the
read side, and kg.store imports nothing from kg.query.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from kg.store.base import QueryResult


class Readable(Protocol):
    """Anything that answers SPARQL: a Store, or a QueryRunner (which adds the service's limits)."""

    def query(self, sparql: str, *, substitutions: dict | None = None) -> QueryResult:
        """The answer to `sparql` (pyoxigraph's objects or look-alikes); `substitutions` binds variables."""
        ...


def by_columns(found: QueryResult, columns: list[str]) -> Iterator[tuple]:
    """Each solution of a SELECT as a tuple of its terms in the order of `columns` (None where unbound).

    Read by position, which costs a tenth of reading by name in pyoxigraph (a hub's 526 rows: 1.6 ms against
    15), at the positions the answer lists its variables in: an engine may list them in another order than
    the query's SELECT."""
    variables = getattr(found, "variables", None)
    if variables is None:  # rows from a reader that does not list them (a plain list of solutions): by name
        yield from (tuple(row[column] for column in columns) for row in found)  # type: ignore[index]
        return
    names = [variable.value for variable in variables]
    at = [names.index(column) for column in columns]
    for row in found:  # type: ignore[union-attr]  # a SELECT's solutions
        terms = tuple(row)
        yield tuple(terms[i] for i in at)


__all__ = ["Readable", "by_columns"]
