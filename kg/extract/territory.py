"""Acts aimed at a place rather than at a side, and the side the place stands for.

"Imposed blockades in some parts of west Darfur", "will extend the curfew in Bangkok", "suspended aid deliveries
in Borno", "struck a target in the Gaza Strip's border regions": CAMEO codes a place by the state it lies in (its
dictionaries list capitals and regions under their country), and so do the labelled news. An act of these
kinds with no side named takes the place's state as its target, reached like a pronoun (it scores lower).
Acts that happen somewhere without being done to it (talks in Geneva, statements, agreements) keep the
place as where they happened (`places.py`).

Yielding (08: "withdrew its troops from X") is left out: taking the place's state as its target added as many
wrong claims as right ones. Aid (07) takes the place only where no recipient is named and the place is said
inside what is given or what it is for (`aid_places`): "provided $340 million for assistance in northern Iraq".
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract.clauses import is_time
from kg.extract.lexicon import Sense

# Roots whose act falls on a place's people: reducing relations (16: suspending aid), mobilising (15),
# coercion (17: curfews, blockades) and force (18–20).
PLACE_ROOTS = frozenset({"15", "16", "17", "18", "19", "20"})
# Where the place stands: "in", "to", "across"…; "from" only for leaving it ("pulled its aid from X").
INTO_PREPS = frozenset({"in", "into", "to", "across", "throughout", "inside", "around"})
LEAVING_ROOTS = frozenset({"16"})
# Force shown (15) falls on the land it is shown near ("massed troops near X", "drills off X"); forces moved "to" or
# "into" a place are a deployment there, with its holder as often as against it ("deployed troops to Poland").
POSTURE_ROOT, NEAR_PREPS = "15", frozenset({"near", "along", "off", "around"})
# Acts a state does on its own land too (a curfew, a blockade, suspending aid), as codes or their prefixes.
OWN_LAND_CODES = ("16", "17", "191")


def place_preps(sense: Sense) -> frozenset[str]:
    """The prepositions whose object may be the place an act of `sense` is aimed at."""
    if sense.cameo[:2] == POSTURE_ROOT:
        return NEAR_PREPS
    return INTO_PREPS | ({"from"} if sense.cameo[:2] in LEAVING_ROOTS else frozenset())


def aims_at_places(sense: Sense) -> bool:
    """Whether an act of `sense` with no side named falls on the place it is done in or to."""
    return sense.cameo[:2] in PLACE_ROOTS


def keeps_own_land(sense: Sense) -> bool:
    """Whether the doer's own state may be the place's side ("Thailand extended the curfew in Bangkok")."""
    return sense.cameo.startswith(OWN_LAND_CODES)


def places_of(holders: list[Token], preps: frozenset[str]) -> list[Token]:
    """Objects of the `preps` prepositions on `holders` (the verb, its object), in sentence order; not times."""
    found = [
        obj
        for holder in holders
        for prep in holder.children
        if prep.dep_ == "prep" and prep.lower_ in preps
        for obj in prep.children
        if obj.dep_ == "pobj" and not is_time(obj)
    ]
    return sorted(found, key=lambda t: t.i)


def place_words(token: Token, container_nouns: frozenset[str], depth: int = 3) -> Iterator[Token]:
    """The words of a place phrase that may name the place: the head, and through a container noun ("parts of
    west Darfur", "a number of areas in Mosul city", "the Gaza Strip's border regions") what it contains."""
    yield token
    if depth == 0 or token.lemma_.lower() not in container_nouns:
        return
    for child in token.children:
        if child.dep_ in ("compound", "poss", "nmod") and child.i < token.i:
            yield from place_words(child, container_nouns, depth - 1)
        if child.dep_ == "prep" and child.lower_ in ("of", "in"):
            for inner in (c for c in child.children if c.dep_ == "pobj"):
                yield from place_words(inner, container_nouns, depth - 1)


def aid_places(verb: Token, subject: Token | None) -> list[Token]:
    """Objects of "in" inside what `verb` gives or what it is given for ("$340 million for assistance in northern
    Iraq", "to fight the Ebola epidemic in West Africa"), in sentence order: not in the subject, not in a clause
    with a subject of its own, not times."""
    skipped = set(subject.subtree) if subject is not None else set()
    found = []
    for token in verb.subtree:
        if token in skipped or token.dep_ != "pobj" or token.head.lower_ != "in" or is_time(token):
            continue
        path = [a for a in token.ancestors if verb in a.ancestors]
        if not any(
            a.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass") for c in a.children) for a in path
        ):
            found.append(token)
    return found
