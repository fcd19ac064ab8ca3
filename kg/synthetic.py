"""A synthetic conflict graph of an exact size, stored as `kg ingest` stores articles (for scale tests and bench).

`conflict_graph(actors=2000, relations=6000)` gives the triples of articles whose events connect exactly
`actors` actors by exactly `relations` distinct (agent, relation, target) edges, through the product's
own `GraphBuilder` (event nodes with agent, target, relation, date, place, sentence, confidence and
article provenance, plus the direct edges and their umbrellas) — only spaCy is skipped.

- Degrees follow a Zipf law (a few hubs, a long tail); every actor takes part in at least one relation.
- Actors belong to hidden blocs of unequal size: within a bloc they mostly back one another, across blocs
  they mostly strike, fight and warn, with some noise — so camps are there to be found, imperfectly.
- An edge has one or more events (mean about 1.4); events are grouped 15 to an article.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from kg.extract.extraction import ActorRef, Extraction, PlaceRef
from kg.extract.gazetteer import Gazetteer
from kg.ingest import Article
from kg.model import GraphBuilder, Triple

ALLIED = {"backs": 6, "trains": 2, "arms": 2, "funds": 1, "supports": 1, "aids": 1, "cooperates": 1, "consults": 1}
HOSTILE = {
    "strikes": 5,
    "attacks": 4,
    "fights": 4,
    "bombs": 2,
    "airStrikes": 2,
    "shells": 1,
    "warns": 2,
    "threatens": 1,
    "accuses": 1,
    "sanctions": 1,
}
VERBS = {
    "backs": "backs",
    "trains": "trains",
    "arms": "armed",
    "funds": "funds",
    "supports": "supports",
    "aids": "sent aid to",
    "cooperates": "cooperated with",
    "consults": "held talks with",
    "strikes": "struck",
    "attacks": "attacked",
    "fights": "clashed with",
    "bombs": "bombed",
    "airStrikes": "carried out airstrikes on",
    "shells": "shelled",
    "warns": "warned",
    "threatens": "threatened",
    "accuses": "accused",
    "sanctions": "imposed sanctions on",
}
TYPES = (
    ("ArmedGroup", "Brigade"),
    ("Militia", "Militia"),
    ("ArmedGroup", "Front"),
    ("GovernmentForces", "Army"),
    ("State", "Republic"),
    ("Coalition", "Alliance"),
    ("UnknownActor", "Group"),
)
PLACES = (
    ("raqqa", "Raqqa", 35.95, 39.01),
    ("idlib", "Idlib", 35.93, 36.63),
    ("mosul", "Mosul", 36.34, 43.13),
    ("al-tanf", "al Tanf", 33.5, 38.67),
    ("deir-ez-zor", "Deir ez-Zor", 35.33, 40.14),
)
BLOC_SHARES = (0.4, 0.3, 0.2, 0.1)
NOISE = 0.1  # share of edges whose sign goes against the blocs
ZIPF_EXPONENT = 0.9
EVENTS_PER_ARTICLE = 15
START = date(2016, 1, 4)


@dataclass(frozen=True)
class SyntheticEdge:
    source: int
    relation: str
    target: int
    events: int


def conflict_graph(actors: int = 2000, relations: int = 6000, seed: int = 6) -> Iterator[Triple]:
    """The triples of a graph with exactly `actors` actors joined by `relations` distinct direct relations."""
    if actors < 2 or not actors - 1 <= relations <= actors * (actors - 1):
        raise ValueError("need at least 2 actors and between actors-1 and actors*(actors-1) relations")
    rng = random.Random(seed)
    refs = [_actor(number, rng) for number in range(actors)]
    blocs = _blocs(actors, rng)
    builder = GraphBuilder(Gazetteer(actors={}))
    items = [item for edge in _edges(actors, relations, blocs, rng) for item in _events(edge, refs, rng)]
    rng.shuffle(items)
    for start in range(0, len(items), EVENTS_PER_ARTICLE):
        yield from _article_triples(builder, items[start : start + EVENTS_PER_ARTICLE], start // EVENTS_PER_ARTICLE)


def _actor(number: int, rng: random.Random) -> ActorRef:
    kind, noun = rng.choice(TYPES)
    label = f"{noun} {number:04d}"
    return ActorRef(id=f"synthetic-{number:04d}", label=label, type=kind, text=label, aliases=[f"S{number:04d}"])


def _blocs(actors: int, rng: random.Random) -> list[int]:
    """Each actor's hidden bloc, by BLOC_SHARES."""
    return [rng.choices(range(len(BLOC_SHARES)), weights=BLOC_SHARES)[0] for _ in range(actors)]


def _edges(actors: int, count: int, blocs: list[int], rng: random.Random) -> list[SyntheticEdge]:
    """`count` distinct (agent, relation, target): first one per actor so none is left out, then Zipf-drawn."""
    weights = [1 / (rank + 1) ** ZIPF_EXPONENT for rank in range(actors)]
    pairs: set[tuple[int, str, int]] = set()
    for actor in range(1, actors):  # a tree first: every actor joins the graph
        other = rng.choices(range(actor), weights=weights[:actor])[0]
        pairs.add(_relation(actor, other, blocs, rng) if rng.random() < 0.5 else _relation(other, actor, blocs, rng))
    while len(pairs) < count:
        source, target = rng.choices(range(actors), weights=weights, k=2)
        if source != target:
            pairs.add(_relation(source, target, blocs, rng))
    return [SyntheticEdge(s, r, t, 1 + _geometric(rng, 0.3)) for s, r, t in sorted(pairs)]


def _relation(source: int, target: int, blocs: list[int], rng: random.Random) -> tuple[int, str, int]:
    allied = (blocs[source] == blocs[target]) != (rng.random() < NOISE)
    mix = ALLIED if allied else HOSTILE
    return source, rng.choices(list(mix), weights=list(mix.values()))[0], target


def _geometric(rng: random.Random, p: float) -> int:
    """Extra events beyond the first: 0 with probability 1 - p, and so on."""
    extra = 0
    while rng.random() < p:
        extra += 1
    return extra


def _events(edge: SyntheticEdge, refs: list[ActorRef], rng: random.Random) -> Iterator[Extraction]:
    source, target = refs[edge.source], refs[edge.target]
    for _ in range(edge.events):
        day = START + timedelta(days=rng.randrange(900))
        place = rng.choice(PLACES) if rng.random() < 0.6 else None
        where = f" near {place[1]}" if place else ""
        sentence = f"{source.label} {VERBS[edge.relation]} {target.label}{where} on {day:%B} {day.day}."
        yield Extraction(
            id="synthetic",
            source=source,
            relation=edge.relation,
            target=target,
            sentence=sentence,
            date=day if rng.random() < 0.7 else None,
            date_precision="day",
            place=PlaceRef(id=place[0], label=place[1], lat=place[2], long=place[3]) if place else None,
            confidence=round(rng.uniform(0.5, 0.95), 2),
            char_start=0,
            char_end=len(sentence),
        )


def _article_triples(builder: GraphBuilder, items: list[Extraction], number: int) -> Iterator[Triple]:
    """One article holding `items`, each event's offsets pointing at its sentence in the article's text."""
    text, placed = f"Synthetic report {number}.", []
    for item in items:
        start = len(text) + 1
        text = f"{text} {item.sentence}"
        placed.append(item.model_copy(update={"char_start": start, "char_end": start + len(item.sentence)}))
    published = max((item.date for item in items if item.date), default=START)
    article = Article(text=text, title=f"Synthetic report {number}", published=published)
    yield from builder.article_triples(article, placed)
