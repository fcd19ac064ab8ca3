"""Name resolution: each name a pattern writes (a slug, label or alias) → the actors it names, or close names."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.namespaces import ACTOR, slug_of
from kg.query.pattern.compiler import PROLOGUE
from kg.query.pattern.grammar import UnknownActor, quote
from kg.query.readable import Readable
from kg.query.runner import query_anchored

_RESOLVE = """SELECT DISTINCT ?q ?actor ?rank WHERE {
  VALUES ?q { %s }
  { ?actor rdfs:label ?label BIND(STRAFTER(STR(?actor), "%s") AS ?name) BIND(0 AS ?rank) }
  UNION { ?actor rdfs:label ?name BIND(1 AS ?rank) } UNION { ?actor skos:altLabel ?name BIND(2 AS ?rank) }
  FILTER(STRSTARTS(STR(?actor), "%s") && LCASE(STR(?name)) = LCASE(STR(?q)))
}"""
# Most names are slugs: looked up by IRI (anchored, cheap) before the scan of every label above.
_BY_SLUG = """SELECT DISTINCT ?q ?actor WHERE {
  VALUES (?q ?actor) { %s }
  ?actor rdfs:label ?label
}"""
_NAMES = """SELECT DISTINCT ?actor ?name WHERE {
  { ?actor rdfs:label ?name } UNION { ?actor skos:altLabel ?name } FILTER(STRSTARTS(STR(?actor), "%s"))
}"""


def resolve_names(runner: Readable, names: Iterable[str]) -> dict[str, list[ox.NamedNode]]:
    """Actors per name: by slug, else label, else alias, ignoring case; raises UnknownActor with close names."""
    wanted = sorted(set(names))
    if not wanted:
        return {}
    # A slug match is rank 0, which no label or alias can beat: only the other names need the scan.
    best: dict[str, tuple[int, list[ox.NamedNode]]] = {name: (0, [actor]) for name, actor in _by_slug(runner, wanted)}
    rest = [name for name in wanted if name not in best]
    # str() of a pyoxigraph Literal is its escaped N-Triples form: the user's text stays a value.
    sparql = PROLOGUE + _RESOLVE % (" ".join(str(ox.Literal(name)) for name in rest), ACTOR, ACTOR)
    for row in runner.query(sparql) if rest else ():
        name, rank = row["q"].value, int(row["rank"].value)
        kept_rank, actors = best.get(name, (rank, []))
        if rank < kept_rank:
            kept_rank, actors = rank, []
        if rank == kept_rank and row["actor"] not in actors:
            actors.append(row["actor"])
        best[name] = (kept_rank, actors)
    missing = [name for name in wanted if name not in best]
    if missing:
        known = _all_names(runner)
        raise UnknownActor("; ".join(_unknown(name, known) for name in missing))
    return {name: sorted(actors, key=str) for name, (_, actors) in best.items()}


def _by_slug(runner: Readable, names: list[str]) -> list[tuple[str, ox.NamedNode]]:
    """(name, actor) for each name that is, in lower case, the slug of an actor with a label."""
    pairs = []
    for name in names:
        try:
            pairs.append(f"({ox.Literal(name)} {ox.NamedNode(ACTOR + name.lower())})")
        except ValueError:  # spaces, quotes…: not an IRI segment, so no slug
            continue
    if not pairs:
        return []
    rows = query_anchored(runner, PROLOGUE + _BY_SLUG % " ".join(pairs))
    return [(row["q"].value, row["actor"]) for row in rows]


def _all_names(runner: Readable) -> list[tuple[str, str]]:
    """(name, slug) for every actor's slug, label and alias."""
    found = {(row["name"].value, slug_of(row["actor"].value)) for row in runner.query(PROLOGUE + _NAMES % ACTOR)}
    return sorted(found | {(slug, slug) for _, slug in found})


def _unknown(name: str, known: list[tuple[str, str]]) -> str:
    from rapidfuzz import fuzz, process, utils  # suggestions only: not imported before a name is wrong

    # Plain ratio: WRatio's partial matching suggests "CJTF-OIR" for "Irn".
    matches = process.extract(
        name, [text for text, _ in known], scorer=fuzz.ratio, processor=utils.default_process, limit=20, score_cutoff=70
    )
    close: dict[str, str] = {}
    for _, _, index in matches:
        text, slug = known[index]
        close.setdefault(slug, f"{quote(text)} ({slug})" if text != slug else slug)
    if not close:
        return f"no actor is called {quote(name)}; use a slug, label or alias (GET /actors lists them)"
    return f"no actor is called {quote(name)}; did you mean {', '.join(list(close.values())[:5])}?"
