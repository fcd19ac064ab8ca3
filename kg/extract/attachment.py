"""Whether a date or place phrase belongs to the clause of an event's trigger (where it attaches in the parse)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

# Arcs into another clause or a side remark: "(… where X repulsed an attack in April)", "(militia in Syria)".
OTHER_CLAUSE = frozenset({"relcl", "advcl", "acl", "appos", "parataxis", "conj"})


def in_clause(word: Token, trigger: Token, upward: frozenset[str] | None = None) -> bool:
    """`word` (what a date or place phrase hangs from) is the trigger, below it within its clause, or
    above it; going up, arcs in `upward` may not be crossed (None: any may, e.g. a reporting verb's date)."""
    if word == trigger:
        return True
    if word in trigger.ancestors:
        return upward is None or _clear(trigger, word, upward)
    return trigger in word.ancestors and _clear(word, trigger, OTHER_CLAUSE)


def _clear(lower: Token, upper: Token, blocked: frozenset[str]) -> bool:
    for token in (lower, *lower.ancestors):
        if token == upper:
            return True
        if token.dep_ in blocked:
            return False
    return False
