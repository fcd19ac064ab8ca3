"""Large synthetic conflict graphs in the product's own IRIs, for the graph-scale benchmarks (issue 6).

    PYTHONPATH=. python bench/generate_graph.py --triples 1000000 -o graph-1M.nt [--seed 6]

Events and articles go through kg.model.GraphBuilder (the same triples `kg ingest` writes: event nodes
with agent, target, relation, date, place, sentence, confidence and article provenance, plus the direct
edges and their umbrellas); actors are the gazetteer's, then generated armed groups and militias, each
with a type, label, aliases and affiliation. Who acts on whom follows a Zipf law (a few hubs, a long
tail), drawn separately for agents and targets; the relation mix is the seed article's (below).
Triples are written as they are made (N-Triples, or N-Quads in the default graph): only the set of
direct edges and places already written stays in memory, not the graph.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import random
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.extract.extraction import ActorRef, Extraction, PlaceRef
from kg.extract.gazetteer import Gazetteer
from kg.ingest import Article
from kg.model import GraphBuilder, relations
from kg.store.base import to_oxigraph

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import parse_size  # noqa: E402  (bench/ is not a package)

# The seed article's relations as `kg ingest seeds/` stores them (events per relation, 15 events, 1 negated):
#   SELECT ?r (COUNT(*) AS ?n) WHERE { ?e ckg:relation ?r } GROUP BY ?r
SEED_MIX = {"backs": 3, "strikes": 3, "fights": 3, "attacks": 2, "bombs": 1, "airStrikes": 1, "trains": 1, "warns": 1}
TAIL_SHARE = 0.05  # the other ontology relations, so every view meets every property at scale
NEGATED, DATED, PLACED, ATTRIBUTED = 1 / 15, 7 / 15, 10 / 15, 3 / 15  # the seed's shares of events
EVENTS_PER_ARTICLE = 15
ZIPF_EXPONENT = 1.1
VERBS = {
    "backs": "backs",
    "strikes": "struck",
    "fights": "clashed with",
    "attacks": "attacked",
    "bombs": "bombed",
    "airStrikes": "carried out airstrikes on",
    "trains": "trains",
    "warns": "warned",
}
GENERATED_TYPES = (("ArmedGroup", "Brigade"), ("Militia", "Militia"), ("ArmedGroup", "Front"))


@dataclass(frozen=True)
class Sizes:
    """How many actors and places a graph of `triples` triples gets: the gazetteer's ~700 actors, more past 280k."""

    actors: int
    places: int

    @classmethod
    def for_triples(cls, triples: int) -> Sizes:
        return cls(actors=max(700, triples // 400), places=max(50, triples // 4000))


class _EventsOnly(GraphBuilder):
    """GraphBuilder without the actor triples it repeats for every event: the generator writes each actor once."""

    def actor_triples(self, ref: ActorRef) -> Iterator[tuple]:
        return iter(())


def zipf_picker(size: int, rng: random.Random, exponent: float = ZIPF_EXPONENT) -> Callable[[], int]:
    """A function drawing 0 ≤ i < size with P(i) ∝ 1/(i+1)^exponent, ranks shuffled so hubs are arbitrary actors."""
    weights = list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(size)))
    order = list(range(size))
    rng.shuffle(order)
    total = weights[-1]
    return lambda: order[bisect.bisect(weights, rng.random() * total)]


def relation_picker(rng: random.Random) -> Callable[[], str]:
    """The seed's relation mix, with TAIL_SHARE spread over the ontology's other relations."""
    tail = sorted(set(relations()) - set(SEED_MIX))
    seed_total = sum(SEED_MIX.values())
    names = list(SEED_MIX) + tail
    weights = [(1 - TAIL_SHARE) * n / seed_total for n in SEED_MIX.values()] + [TAIL_SHARE / len(tail)] * len(tail)
    return lambda: rng.choices(names, weights)[0]


def make_actors(gazetteer: Gazetteer, count: int, rng: random.Random) -> list[ActorRef]:
    """The gazetteer's actors (with their names and affiliations), then generated groups up to `count`."""
    known = [actor.ref(actor.label) for actor in gazetteer.actors.values()][:count]
    hubs = [ref for ref in known if ref.type in ("State", "GovernmentForces", "Government")]
    generated = []
    for number in range(count - len(known)):
        kind, noun = GENERATED_TYPES[number % len(GENERATED_TYPES)]
        label = f"{_name(rng)} {noun} {number}"
        patron = rng.choice(hubs) if hubs and rng.random() < 0.3 else None
        generated.append(
            ActorRef(
                id=f"group-{number}",
                label=label,
                type=kind,
                text=label,
                aliases=[label.split(" ", 1)[0] + f" fighters {number}"],
                member_of=patron.id if patron else None,
            )
        )
    return known + generated


def _name(rng: random.Random) -> str:
    return rng.choice(
        (
            "Northern",
            "Southern",
            "Eastern",
            "Western",
            "Free",
            "Popular",
            "Martyrs",
            "Liberation",
            "Revolutionary",
            "Islamic",
            "National",
            "Desert",
            "Mountain",
            "River",
            "Border",
        )
    )


def make_places(gazetteer: Gazetteer, count: int, rng: random.Random) -> list[PlaceRef]:
    known = [PlaceRef(id=p.slug, label=p.label, lat=p.lat, long=p.long) for p in gazetteer.places.values()]
    return known + [
        PlaceRef(
            id=f"place-{n}", label=f"Village {n}", lat=round(rng.uniform(29, 38), 4), long=round(rng.uniform(35, 48), 4)
        )
        for n in range(max(0, count - len(known)))
    ]


class Events:
    """Random extractions: Zipf agents and targets, the seed's relation mix and shares of dates, places, negation."""

    def __init__(self, actors: list[ActorRef], places: list[PlaceRef], rng: random.Random) -> None:
        self.actors, self.places, self.rng = actors, places, rng
        self.agent, self.target = zipf_picker(len(actors), rng), zipf_picker(len(actors), rng)
        self.relation = relation_picker(rng)

    def article(self, number: int) -> tuple[Article, list[Extraction]]:
        """One article of EVENTS_PER_ARTICLE sentences and the extraction of each."""
        published = dt.date(2015, 1, 1) + dt.timedelta(days=number % 3000)
        drafts = [self._draft(published) for _ in range(EVENTS_PER_ARTICLE)]
        text, offset, items = "", 0, []
        for sentence, fields in drafts:
            items.append(
                Extraction(
                    id=f"synthetic-{number}",
                    sentence=sentence,
                    char_start=offset,
                    char_end=offset + len(sentence),
                    **fields,
                )
            )
            text += sentence + " "
            offset = len(text)
        article = Article(
            text=text.strip(),
            title=f"Synthetic report {number}",
            url=f"https://example.org/reports/{number}",
            published=published,
        )
        return article, items

    def _draft(self, published: dt.date) -> tuple[str, dict]:
        rng = self.rng
        source, target = self._pair()
        relation = self.relation()
        place = rng.choice(self.places) if rng.random() < PLACED else None
        date = published - dt.timedelta(days=rng.randrange(7)) if rng.random() < DATED else None
        negated = rng.random() < NEGATED
        attributed = self.actors[self.agent()] if rng.random() < ATTRIBUTED else None
        verb = VERBS.get(relation, f"{relation} (PLOVER)")
        sentence = (
            f"{attributed.label + ' said ' if attributed else ''}{source.label} "
            f"{'did not ' if negated else ''}{verb} {target.label}"
            f"{' near ' + place.label if place else ''}{' on ' + date.isoformat() if date else ''}."
        )
        fields = dict(
            source=source,
            target=target,
            relation=relation,
            place=place,
            date=date,
            date_precision="day" if date else None,
            negated=negated,
            confidence=round(rng.uniform(0.45, 0.95), 2),
            cameo_event=None,
            attributed_to=attributed,
            attribution_text=f"{attributed.label} said" if attributed else None,
        )
        return sentence, fields

    def _pair(self) -> tuple[ActorRef, ActorRef]:
        while True:
            source, target = self.agent(), self.target()
            if source != target:
                return self.actors[source], self.actors[target]


def graph_triples(triples: int, seed: int) -> Iterator[tuple]:
    """Distinct triples, whole articles until there are at least `triples` (a few hundred more at most)."""
    rng = random.Random(seed)
    gazetteer = Gazetteer.load()
    sizes = Sizes.for_triples(triples)
    actors, places = make_actors(gazetteer, sizes.actors, rng), make_places(gazetteer, sizes.places, rng)
    builder, full = _EventsOnly(gazetteer), GraphBuilder(gazetteer)
    events = Events(actors, places, rng)
    # Direct edges and place descriptions recur across events; the rest (events, articles) is new each time.
    seen: set[tuple] = set()
    written = 0

    def fresh(items) -> Iterator[tuple]:
        nonlocal written
        for triple in items:
            if _recurs(triple):
                key = tuple(map(str, triple))
                if key in seen:
                    continue
                seen.add(key)
            written += 1
            yield triple

    actor_triples = (t for ref in actors for t in full.actor_triples(ref))
    yield from fresh(actor_triples)
    for number in itertools.count():
        if written >= triples:
            return
        article, items = events.article(number)
        yield from fresh(builder.article_triples(article, items))


def _recurs(triple: tuple) -> bool:
    """Direct edges (actor → actor) and place descriptions and actor descriptions can come again."""
    subject = str(triple[0])
    return "/actor/" in subject or "/place/" in subject


def write(triples: Iterator[tuple], output: Path) -> int:
    """Serialise `triples` to `output` (.nt or .nq, by suffix) as they come; returns how many."""
    count = 0

    def converted() -> Iterator[ox.Triple | ox.Quad]:
        nonlocal count
        for s, p, o in triples:
            count += 1
            triple = ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))
            yield ox.Quad(triple.subject, triple.predicate, triple.object) if quads else triple

    quads = output.suffix == ".nq"
    with output.open("wb") as sink:
        ox.serialize(converted(), sink, ox.RdfFormat.N_QUADS if quads else ox.RdfFormat.N_TRIPLES)
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=parse_size, default=100_000, help="e.g. 100000, 100k, 1M, 5M")
    parser.add_argument("-o", "--output", type=Path, required=True, help="FILE.nt or FILE.nq")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args(argv)
    if args.output.suffix not in (".nt", ".nq"):
        parser.error("the output file must end in .nt or .nq")
    started = time.perf_counter()
    count = write(graph_triples(args.triples, args.seed), args.output)
    seconds = time.perf_counter() - started
    print(
        f"wrote {count:,} triples to {args.output} ({args.output.stat().st_size / 1e6:.1f} MB) in {seconds:.1f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
