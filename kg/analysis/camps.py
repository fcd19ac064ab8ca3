"""Camps: who sides with whom, from the signed actor graph (backing +, striking, fighting, warning −).

Correlation clustering, done greedily and deterministically: camps are chosen to maximise agreement,
the weight of positive ties inside camps plus negative ties between them. The number of camps is not
fixed in advance: an actor with no tie to a camp never has to join it.

1. Each pair of actors gets a net weight: its positive events minus its negative ones.
2. The first camps are the connected components of the pairs with a positive net weight.
3. Then, until nothing changes: each actor in turn (by slug) moves to the camp — or a camp of its
   own — to which its net weight is highest, if that beats its own camp; then the two camps with the
   highest positive net weight between them merge. Every step strictly raises agreement, so it ends.
4. Sides: the camps with hostile ties are split in two by a greedy max-cut over the camps (most
   constrained camp first, to the side it is least hostile to). Unconnected parts of that camp graph
   have no relation to each other, so their orientation is a tie-break (the smaller side), not a finding.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from kg.model import relation_ancestors

POSITIVE = ("backs",)
NEGATIVE = ("strikes", "fights", "warns")
MAX_ROUNDS = 100  # a safeguard: each round raises agreement, so real graphs settle in a handful
# Node rings (borders) by camp on /graph, and each camp's `color` on /camps: dark, so they read against the
# fills and the edge colours.
CAMP_COLOURS = ("#1f3b73", "#c2185b", "#00695c", "#5e35b1", "#bf5b04", "#6d4c41", "#37474f", "#827717")


@dataclass(frozen=True)
class SignedTie:
    """Events between two actors, either direction: weight > 0 allied, < 0 hostile."""

    source: str
    target: str
    weight: float


@dataclass(frozen=True)
class Camp:
    id: int
    members: tuple[str, ...]  # strongest tied first
    side: int | None  # 1 or 2; None when the camp has no hostile tie to another camp
    allied: float  # positive weight inside the camp
    hostile: float  # negative weight inside the camp (disagreement)


@dataclass(frozen=True)
class Camps:
    camps: list[Camp]  # largest first; camp ids are 1, 2, … in this order
    camp_of: dict[str, int]
    agreement: float  # share of tie weight the partition agrees with (1.0 = perfectly balanced)


def sign_of(relation: str) -> int:
    """+1 for backing and its kinds, -1 for striking, fighting, warning and theirs, 0 for the rest."""
    family = {relation} | relation_ancestors(relation)
    if family & set(NEGATIVE):
        return -1
    return 1 if family & set(POSITIVE) else 0


def signed_ties(edges: Iterable[tuple[str, str, str, int]]) -> list[SignedTie]:
    """(source, relation, target, events) → ties; relations with no sign and self-loops are left out."""
    return [
        SignedTie(source, target, sign_of(relation) * events)
        for source, relation, target, events in edges
        if sign_of(relation) and source != target
    ]


def camps_from_signed_graph(ties: Iterable[SignedTie], actors: Iterable[str] = ()) -> Camps:
    """Camps maximising agreement over the ties, their sides, and the agreement reached.

    `actors` adds actors without ties (each a camp of its own), so every actor gets a camp."""
    graph = _signed_graph(ties)
    graph.add_nodes_from(actors)
    camp_of = _initial_camps(graph)
    for _ in range(MAX_ROUNDS):
        moved = _move_actors(graph, camp_of)
        if not (_merge_best_pair(graph, camp_of) or moved):
            break
    return _summary(graph, camp_of)


def _signed_graph(ties: Iterable[SignedTie]) -> nx.Graph:
    """Undirected graph with each pair's positive and negative weight and their net."""
    graph = nx.Graph()
    for tie in ties:
        graph.add_nodes_from((tie.source, tie.target))
        if tie.source == tie.target or not tie.weight:
            continue
        data = graph.get_edge_data(tie.source, tie.target) or {"positive": 0.0, "negative": 0.0}
        data["positive" if tie.weight > 0 else "negative"] += abs(tie.weight)
        graph.add_edge(
            tie.source,
            tie.target,
            positive=data["positive"],
            negative=data["negative"],
            net=data["positive"] - data["negative"],
        )
    return graph


def _initial_camps(graph: nx.Graph) -> dict[str, int]:
    allies = nx.Graph()
    allies.add_nodes_from(graph)
    allies.add_edges_from((u, v) for u, v, net in graph.edges(data="net") if net > 0)
    components = sorted((sorted(c) for c in nx.connected_components(allies)), key=lambda c: c[0])
    return {actor: number for number, component in enumerate(components) for actor in component}


def _move_actors(graph: nx.Graph, camp_of: dict[str, int]) -> bool:
    """One pass of single-actor moves; True if any actor moved."""
    moved, fresh, sizes = False, max(camp_of.values(), default=-1) + 1, Counter(camp_of.values())
    for actor in sorted(graph):
        pull: dict[int, float] = defaultdict(float)
        for other, data in graph[actor].items():
            pull[camp_of[other]] += data["net"]
        own = camp_of[actor]
        here = pull.get(own, 0.0)
        alone = 0.0 if sizes[own] > 1 else here  # already alone: leaving is staying
        best = max(sorted(pull), key=lambda camp: pull[camp], default=own)
        if best != own and pull[best] > max(here, alone) + 1e-9:
            target = best
        elif alone > here + 1e-9:
            target, fresh = fresh, fresh + 1
        else:
            continue
        sizes[own] -= 1
        sizes[target] += 1
        camp_of[actor], moved = target, True
    return moved


def _between(graph: nx.Graph, camp_of: dict[str, int]) -> dict[tuple[int, int], dict[str, float]]:
    """Positive, negative and net weight between each pair of distinct camps."""
    totals: dict[tuple[int, int], dict[str, float]] = defaultdict(
        lambda: {"positive": 0.0, "negative": 0.0, "net": 0.0}
    )
    for u, v, data in graph.edges(data=True):
        a, b = sorted((camp_of[u], camp_of[v]))
        if a != b:
            for key in ("positive", "negative", "net"):
                totals[(a, b)][key] += data[key]
    return totals


def _merge_best_pair(graph: nx.Graph, camp_of: dict[str, int]) -> bool:
    """Merge the two camps with the highest positive net weight between them; True if merged."""
    pairs = {pair: data["net"] for pair, data in _between(graph, camp_of).items() if data["net"] > 1e-9}
    if not pairs:
        return False
    keep, gone = max(sorted(pairs), key=lambda pair: pairs[pair])
    for actor, camp in camp_of.items():
        if camp == gone:
            camp_of[actor] = keep
    return True


def _summary(graph: nx.Graph, camp_of: dict[str, int]) -> Camps:
    """Camps numbered largest first, members by tie strength, with sides and agreement."""
    strength = {actor: sum(d["positive"] + d["negative"] for d in graph[actor].values()) for actor in graph}
    groups: dict[int, list[str]] = defaultdict(list)
    for actor, camp in camp_of.items():
        groups[camp].append(actor)
    inside = _inside(graph, camp_of)
    order = sorted(groups, key=lambda c: (-len(groups[c]), -inside[c]["positive"], min(groups[c])))
    number = {old: new for new, old in enumerate(order, start=1)}
    renumbered = {actor: number[camp] for actor, camp in camp_of.items()}
    sides = _sides(graph, renumbered, {number[c]: len(groups[c]) for c in groups})
    camps = [
        Camp(
            number[c],
            tuple(sorted(groups[c], key=lambda a: (-strength[a], a))),
            sides.get(number[c]),
            inside[c]["positive"],
            inside[c]["negative"],
        )
        for c in order
    ]
    return Camps(camps, renumbered, _agreement(graph, camp_of))


def _inside(graph: nx.Graph, camp_of: dict[str, int]) -> dict[int, dict[str, float]]:
    totals: dict[int, dict[str, float]] = defaultdict(lambda: {"positive": 0.0, "negative": 0.0})
    for u, v, data in graph.edges(data=True):
        if camp_of[u] == camp_of[v]:
            totals[camp_of[u]]["positive"] += data["positive"]
            totals[camp_of[u]]["negative"] += data["negative"]
    return totals


def _agreement(graph: nx.Graph, camp_of: dict[str, int]) -> float:
    agreed = total = 0.0
    for u, v, data in graph.edges(data=True):
        together = camp_of[u] == camp_of[v]
        agreed += data["positive"] if together else data["negative"]
        total += data["positive"] + data["negative"]
    return round(agreed / total, 4) if total else 1.0


def _sides(graph: nx.Graph, camp_of: dict[str, int], sizes: dict[int, int]) -> dict[int, int]:
    """Side 1 or 2 for each camp with a hostile tie; greedy max-cut, most constrained camp first."""
    hostility: dict[int, dict[int, float]] = defaultdict(dict)
    for (a, b), data in _between(graph, camp_of).items():
        if data["net"] < 0:
            hostility[a][b] = hostility[b][a] = -data["net"]
    side: dict[int, int] = {}
    members = {1: 0, 2: 0}
    tied = dict.fromkeys(hostility, 0.0)  # hostility of each unplaced camp to the placed ones
    queue = [(0.0, camp) for camp in sorted(hostility)]  # (-tied, camp): most tied, then largest camp first
    while queue:
        weight, camp = heapq.heappop(queue)
        if camp in side or -weight != tied[camp]:
            continue  # placed already, or a stale entry
        against = {s: sum(w for other, w in hostility[camp].items() if side.get(other) == s) for s in (1, 2)}
        # The side it is least hostile to; with no preference, the smaller side (then side 1).
        chosen = min((1, 2), key=lambda s: (against[s] - against[3 - s], members[s], s))
        side[camp] = chosen
        members[chosen] += sizes[camp]
        for other, w in hostility[camp].items():
            if other not in side:
                tied[other] += w
                heapq.heappush(queue, (-tied[other], other))
    return side


def camp_colours(camps: Camps) -> dict[int, str]:
    """Ring colours for the largest camps of two or more actors; the rest get none."""
    ringed = [camp.id for camp in camps.camps if len(camp.members) > 1][: len(CAMP_COLOURS)]
    return dict(zip(ringed, CAMP_COLOURS))
