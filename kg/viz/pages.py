"""The workbench pages — landing, query page, map — rendered from our escaped templates, with data as JSON.

Unlike the graph page (one self-contained file), these pages load their scripts and styles from /static
(vendored, see scripts/vendor_assets.sh), so the CSP allows scripts from the page's own origin only."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from kg.model import PREFIXES, SPARQL_PROLOGUE
from kg.query import Readable
from kg.query.overview import overview
from kg.viz.links import links
from kg.viz.map import map_data
from kg.viz.page import json_for_html
from kg.viz.questions import events_query, questions

# No inline script runs: scripts come from /static, data sits in <script type="application/json">.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=PackageLoader("kg.viz", "templates"), autoescape=select_autoescape(default=True))


def render_landing(store: Readable) -> str:
    """`/`: what the store holds, where to look, and example questions."""
    summary = overview(store)
    return (
        _environment().get_template("index.html").render(summary=summary, questions=questions(summary), links=links({}))
    )


def render_query_page(
    store: Readable, *, query: str | None = None, pattern: str | None = None, filters: dict | None = None
) -> str:
    """The SPARQL editor (YASGUI), opened on `query` or `pattern` (run at once) or on the filters' events."""
    filters = {name: value for name, value in (filters or {}).items() if value}
    text = query or (events_query(filters) if filters else _default_query())
    start = {
        "query": text,
        "pattern": pattern,
        "run": bool(query or pattern or filters),
        "prefixes": {name: str(namespace) for name, namespace in PREFIXES.items()},
    }
    summary = overview(store)
    return (
        _environment()
        .get_template("query.html")
        .render(start=Markup(json_for_html(start)), questions=questions(summary), links=links(filters))
    )


def render_map(
    store: Readable,
    *,
    relation: str | None = None,
    actor: str | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
) -> str:
    """`/map`: placed events on an offline base map, with a timeline that filters it."""
    data = map_data(store, relation=relation, actor=actor, since=since, until=until)
    return (
        _environment()
        .get_template("map.html")
        .render(data=Markup(json_for_html(data)), filters=data["filters"], links=links(data["filters"]))
    )


def _default_query() -> str:
    return (
        SPARQL_PROLOGUE
        + """
SELECT ?who ?whoLabel ?whom ?whomLabel WHERE {
  ?who ckg:backs ?whom .
  OPTIONAL { ?who rdfs:label ?whoLabel } OPTIONAL { ?whom rdfs:label ?whomLabel }
} ORDER BY ?whoLabel ?whomLabel"""
    )
