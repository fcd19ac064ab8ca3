"""Actors an article names only through its context: generic names, in-text acronyms, the state in view.

- Generic names (`data/generics.toml`: "the rebels", "the coalition", "government forces", "police") stand
  for the last actor of a fitting class named before them in the article ("Houthi rebels … the rebels"),
  a coalition the article says someone led ("a Saudi-led strike … the coalition said"), or else the
  matching sector of the state in view ("police" in a Yemen story → Yemen's police). Never a fixed actor.
- The state in view is the state the article names most: its organs, its armed groups (by CAMEO code:
  `YEMREB`) and places in it count for it, a place twice ("in Yemen": where things happen); a leader of
  someone else's act ("a Saudi-led strike") does not count. The first named wins a tie.
- "the Rapid Support Forces (RSF)": the acronym names the same actor everywhere in the article.
"""
from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

from kg.extract.actor import Actor
from kg.extract.gazetteer import Gazetteer

DATA = Path(__file__).parent / "data" / "generics.toml"
MODIFIER_DEPS = ("compound", "amod", "nmod")
COALITION = "Coalition"


@dataclass(frozen=True)
class Generic:
    """What a generic name may stand for: a named actor of `refers` (of the state in view when `own`),
    else the state's `sector`."""

    refers: frozenset[str]
    own: bool = False
    sector: str | None = None


def load_generics(path: Path = DATA) -> dict[str, Generic]:
    """`data/generics.toml`: lemma key ("rebel", "government force") → generic."""
    with path.open("rb") as handle:
        rows = tomllib.load(handle)
    return {key: Generic(frozenset(row.get("refers", ())), row.get("own", False), row.get("sector"))
            for key, row in rows.items()}


def generic_key(head: Token, generics: dict[str, Generic]) -> str | None:
    """The generic name a noun phrase's head (with the modifier right before it) is: "government forces"."""
    lemma = head.lemma_.lower()
    modifiers = [c for c in head.children if c.dep_ in MODIFIER_DEPS and c.i < head.i]
    if modifiers:
        pair = f"{modifiers[-1].lemma_.lower()} {lemma}"
        return pair if pair in generics else None  # "Houthi rebels" is no generic: its modifier names
    return lemma if lemma in generics else None


def state_of(actor: Actor, gazetteer: Gazetteer) -> Actor | None:
    """The state an actor is, or is an organ, sector or (by its CAMEO code) an armed group of."""
    for _ in range(4):
        if actor.type == "State":
            return actor
        parent = actor.part_of or actor.member_of
        if parent is None or parent not in gazetteer.actors:
            return gazetteer.codes.state(actor.cameo)
        actor = gazetteer.actors[parent]
    return None


def state_in_view(named: Iterable[tuple[Actor, int]], gazetteer: Gazetteer) -> Actor | None:
    """The state with the most weight (`named`: actors with the weight of their mention), the first named on
    a tie."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for position, (actor, weight) in enumerate(named):
        state = state_of(actor, gazetteer) if weight else None
        if state is not None:
            counts[state.slug] += weight
            first.setdefault(state.slug, position)
    if not counts:
        return None
    return gazetteer.actors[max(counts, key=lambda slug: (counts[slug], -first[slug]))]


def leads(token: Token) -> bool:
    """ "Saudi" in "a Saudi-led strike": the leader of someone else's act."""
    doc = token.doc
    return token.i + 2 < len(doc) and doc[token.i + 1].text == "-" and doc[token.i + 2].lower_ == "led"


def led_coalitions(doc: Doc, actor_at, gazetteer: Gazetteer) -> list[tuple[int, Actor]]:
    """ "a Saudi-led strike", "the US-led coalition": (position, the coalition its leader leads)."""
    found = []
    for token in doc:
        if token.lower_ == "led" and token.i >= 2 and doc[token.i - 1].text == "-":
            leader = doc[token.i - 2]
            if actor_at(leader) is not None:
                coalition = gazetteer.actor(f"{leader.text}-led coalition")
                if coalition is not None and coalition.type == COALITION:
                    found.append((token.i, coalition))
    return found


def acronyms(doc: Doc, actor_at) -> dict[str, Actor]:
    """ "the Rapid Support Forces (RSF)": acronym → the actor of the name before it."""
    found: dict[str, Actor] = {}
    for token in doc[2:len(doc) - 1]:
        before, after = doc[token.i - 1], doc[token.i + 1]
        if before.text == "(" and after.text == ")" and _is_acronym(token.text):
            named = actor_at(doc[token.i - 2])
            if named is not None:
                found.setdefault(token.text, named.actor)
    return found


def is_acronym_use(token: Token, acronym: str) -> bool:
    """`token` is the acronym, not an English word in capitals ("IS" the group, not the verb)."""
    if token.text != acronym:
        return False
    return token.lower_ not in STOP_WORDS or token.tag_ in ("NNP", "NNPS")


def _is_acronym(text: str) -> bool:
    letters = text.replace(".", "").replace("-", "")
    return 2 <= len(letters) <= 8 and letters.isalnum() and letters.isupper()
