"""Compilation: checked triples and resolved actors → one SELECT; user text is never written as SPARQL syntax.

Names are bound as their resolved actor IRIs in VALUES clauses, and relation names were checked against the
ontology by the grammar before they are written out as `ckg:` terms.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.namespaces import CKG
from kg.query.pattern.grammar import Name, Term, TriplePattern, Variable
from kg.query.views import EvidenceFilter
from kg.vocabulary import relation_family

# The prefixes of every query the pattern language writes (the compiled pattern, and the look-ups around it).
PROLOGUE = (
    f"PREFIX ckg: <{CKG}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)


@dataclass(frozen=True)
class CompiledPattern:
    sparql: str
    variables: list[str]  # the user's, in order of appearance
    slots: list[tuple[str, str]]  # per triple: the SPARQL variables of its subject and object
    columns: list[str]  # every SPARQL variable selected
    sources: list[str | None] = field(default_factory=list)  # per triple: the SPARQL variable of `according to`
    statuses: list[tuple[str, ...]] = field(default_factory=list)  # per triple: the evidence statuses it matches


def triple_statuses(triple: TriplePattern, evidence: EvidenceFilter | None = None) -> tuple[str, ...]:
    """The statuses a triple's events may have: facts (the direct edges) unless statuses or a source are asked for."""
    if triple.transitive:
        return ("fact",)
    wanted = evidence or EvidenceFilter()
    if wanted.status:
        return tuple(wanted.status)
    return wanted.statuses() if triple.according_to is not None else ("fact",)


def compile_pattern(
    pattern: list[TriplePattern],
    actors: dict[str, list[ox.NamedNode]],
    limit: int,
    evidence: EvidenceFilter | None = None,
) -> CompiledPattern:
    """A SELECT over direct edges (facts), or over events for a triple asked `according to` someone or with
    statuses other than fact; names are VALUES of their resolved actor IRIs, never text."""
    values, lines, slots, variables, sources, statuses = [], [], [], [], [], []

    def end(term: Term, name: str, bound: bool = True) -> str:
        if isinstance(term, Variable):
            variables.extend([] if term.name in variables else [term.name])
            return f"v_{term.name}"
        if bound:
            values.append(f"  VALUES ?{name} {{ {' '.join(str(iri) for iri in actors[term.text])} }}")
        return name

    for index, triple in enumerate(pattern):
        # A chain's start is written in place (see _chain_lines), not bound by VALUES.
        start = triple.transitive and isinstance(triple.subject, Name)
        ends = (
            end(triple.subject, f"k{index}s", not start),
            end(triple.object, f"k{index}o", not (triple.transitive and not start)),
        )
        source = end(triple.according_to, f"k{index}a") if triple.according_to is not None else None
        wanted = triple_statuses(triple, evidence)
        if triple.transitive:
            lines.append(_chain_lines(triple, ends, actors))
        elif wanted == ("fact",) and source is None:
            # Relation names come from check_relation: ontology local names, safe to write as ckg: terms.
            lines.append(f"  ?{ends[0]} ckg:{triple.relation} ?{ends[1]} .")
        else:
            lines.append(_event_lines(index, ends, triple.relation, source, wanted))
        slots.append(ends)
        sources.append(source)
        statuses.append(wanted)
    columns = list(dict.fromkeys([name for pair in slots for name in pair] + [s for s in sources if s]))
    head = " ".join(f"?{name}" for name in columns)
    # No ORDER BY: the engine sorts IRIs by looking each one's text up (30 ms for a hub's 128 backers at 100k
    # triples, against 1 ms unsorted); run_pattern sorts the rows it gets.
    sparql = f"{PROLOGUE}SELECT DISTINCT {head} WHERE {{\n" + "\n".join(values + lines) + f"\n}}\nLIMIT {int(limit)}"
    return CompiledPattern(sparql, variables, slots, columns, sources, statuses)


def _chain_lines(triple: TriplePattern, ends: tuple[str, str], actors: dict[str, list[ox.NamedNode]]) -> str:
    """`REL+` with its start given in place, as Virtuoso needs ("transitive start not given" otherwise).

    A named end is written as each of its IRIs in a UNION branch that BINDs it back to its variable (Virtuoso
    follows neither a VALUES nor a later join as a start); two variables get a subquery of the actors with
    at least one REL edge, which every chain's start has. Oxigraph reads all three forms alike."""
    path, (s, o) = f"ckg:{triple.relation}+", ends
    named = triple.subject if isinstance(triple.subject, Name) else triple.object
    if not isinstance(named, Name):
        return f"  {{ SELECT DISTINCT ?{s} WHERE {{ ?{s} ckg:{triple.relation} [] }} }}\n  ?{s} {path} ?{o} ."
    bound, free = (s, o) if named is triple.subject else (o, s)
    branches = [
        f"{{ {iri} {path} ?{free} BIND({iri} AS ?{bound}) }}"
        if bound == s
        else f"{{ ?{free} {path} {iri} BIND({iri} AS ?{bound}) }}"
        for iri in actors[named.text]
    ]
    return "  " + " UNION ".join(branches)


# How an event is put, for a store written before ckg:status: the same rule as kg.query.views.STATUS_PATTERN.
_EVENT_STATUS = (
    "COALESCE(?st{i}, IF(?n{i}, ckg:denied, IF(BOUND(?m{i}), ckg:intended, IF(BOUND(?{by}), ckg:reported, ckg:fact))))"
)


def _event_lines(
    index: int, ends: tuple[str, str], relation: str, source: str | None, statuses: tuple[str, ...]
) -> str:
    """One triple matched through its events: the relation's family, the statuses asked for, the source."""
    by = source or f"a{index}"
    family = ", ".join(f"ckg:{name}" for name in sorted(relation_family(relation)))
    attributed = f"?e{index} ckg:attributedTo ?{by} ." if source else f"OPTIONAL {{ ?e{index} ckg:attributedTo ?{by} }}"
    # Statuses come from STATUSES, checked by EvidenceFilter: safe to write as ckg: terms.
    return (
        f"  ?e{index} ckg:agent ?{ends[0]} ; ckg:target ?{ends[1]} ; ckg:relation ?r{index} ; "
        f"ckg:negated ?n{index} .\n  FILTER(?r{index} IN ({family}))\n  {attributed}\n"
        f"  OPTIONAL {{ ?e{index} ckg:status ?st{index} }} OPTIONAL {{ ?e{index} ckg:modality ?m{index} }}\n"
        f"  FILTER({_EVENT_STATUS.format(i=index, by=by)} IN ({', '.join(f'ckg:{s}' for s in statuses)}))"
    )
