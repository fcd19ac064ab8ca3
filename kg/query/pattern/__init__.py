"""The pattern language: `?x backs assad-regime . ?x strikes+ "the coalition"` → safe SPARQL → rows.

Triples `S REL O [according to W]` joined by ` . `; S, O and W are `?variables`, actor slugs, or double-quoted
labels or aliases; REL is an ontology relation name, with `+` for a chain of one or more edges. `according to W`
(or `@W`) asks for what W is said to say: the triple matches events attributed to W instead of the direct edges,
which hold facts only. User text never becomes SPARQL syntax.

One module per job, in the order a pattern goes through them: `grammar` (text → triples), `names` (names →
actors), `compiler` (triples → SPARQL), `evidence` (the events behind each edge) and `run` (all of it, paged).
"""

from kg.query.pattern.compiler import compile_pattern
from kg.query.pattern.grammar import (
    Name,
    PatternError,
    PatternSyntaxError,
    TriplePattern,
    UnknownActor,
    UnknownRelation,
    Variable,
    is_sparql,
    parse,
)
from kg.query.pattern.names import resolve_names
from kg.query.pattern.run import PatternEdge, PatternResult, PatternRow, run_pattern

__all__ = [
    "Name",
    "PatternEdge",
    "PatternError",
    "PatternResult",
    "PatternRow",
    "PatternSyntaxError",
    "TriplePattern",
    "UnknownActor",
    "UnknownRelation",
    "Variable",
    "compile_pattern",
    "is_sparql",
    "parse",
    "resolve_names",
    "run_pattern",
]
