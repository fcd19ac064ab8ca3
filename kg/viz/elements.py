"""How actors and relations look on the page: colours, sizes, curves, labels and the legend."""

from __future__ import annotations

import math
from collections import defaultdict

from kg.analysis.camps import Camps
from kg.extract.extraction import STATUSES
from kg.model import relations, slug_of
from kg.query.edges import Edge

UMBRELLAS = ("backs", "strikes", "warns", "fights")
EDGE_COLOURS = {"backs": "#2e8b3e", "strikes": "#d03030", "warns": "#e6850e", "fights": "#8e44ad", "other": "#6b7785"}
NODE_COLOURS = {
    "State": "#4e79a7", "Coalition": "#3fa69a", "Government": "#b07aa1", "GovernmentForces": "#9cc3e6",
    "ArmedGroup": "#e8a33c", "Militia": "#f4cf72", "Person": "#f08a8a", "Organization": "#8cc97d",
    "UnknownActor": "#bab0ac",
}  # fmt: skip
MIN_SIZE, MAX_SIZE = 12, 42
CLAIM_DASHES = [8, 6]  # vis dash pattern for a relation only claimed, intended or denied
# An actor typed twice (gazetteer and NER disagree) is shown as its most specific known class.
TYPE_ORDER = (
    "Person",
    "Militia",
    "ArmedGroup",
    "GovernmentForces",
    "Government",
    "Coalition",
    "State",
    "Organization",
    "UnknownActor",
)


def umbrella_of(relation: str) -> str:
    """The umbrella relation (backs, strikes, warns, fights) a relation falls under, else 'other'."""
    if relation in UMBRELLAS:
        return relation
    info = relations().get(relation)
    names = {slug_of(iri) for iri in info.ancestors} if info else set()
    return next((name for name in UMBRELLAS if name in names), "other")


def edge_dicts(edges: list[Edge], labels: dict[str, str], max_evidence: int) -> list[dict]:
    """vis edges with their evidence (newest first, at most max_evidence), parallel ones curved apart."""
    pairs: dict[frozenset, list[Edge]] = defaultdict(list)
    for edge in sorted(edges, key=lambda e: (e.source, e.target, e.relation)):
        pairs[frozenset((edge.source, edge.target))].append(edge)
    return [
        _edge_dict(edge, labels, _curve(edge, index, len(group)), max_evidence)
        for group in pairs.values()
        for index, edge in enumerate(group)
    ]


def _curve(edge: Edge, index: int, count: int) -> dict:
    """Spread parallel edges of one pair over distinct curves so none hides another."""
    offset = (index - (count - 1) / 2) * 0.35
    if edge.source > edge.target:  # vis bends relative to the edge's own direction
        offset = -offset
    if abs(offset) < 1e-9:
        return {"enabled": False}
    return {"enabled": True, "type": "curvedCW" if offset > 0 else "curvedCCW", "roundness": round(abs(offset), 3)}


def _edge_dict(edge: Edge, labels: dict[str, str], smooth: dict, max_evidence: int) -> dict:
    umbrella, count = umbrella_of(edge.relation), len(edge.evidence)
    colour = EDGE_COLOURS[umbrella]
    dates = sorted(d for d in (item["date"] for item in edge.evidence) if d)
    info = relations().get(edge.relation)
    families = [edge.relation, *(slug_of(iri) for iri in info.ancestors)] if info else [edge.relation]
    claim = claim_status(edge.evidence)
    label = (edge.relation if count == 1 else f"{edge.relation} ×{count}") + (f" ({claim})" if claim else "")
    sources = sorted(
        {item["according_to_label"] or item["according_to"] for item in edge.evidence if item.get("according_to")}
    )
    said = f"; {claim} by {', '.join(sources)}" if claim and sources else f"; {claim}" if claim else ""
    return {
        "id": f"{edge.source}|{edge.relation}|{edge.target}",
        "from": edge.source,
        "to": edge.target,
        "relation": edge.relation,
        "umbrella": umbrella,
        "families": families,
        "count": count,
        "first": dates[0] if dates else None,
        "last": dates[-1] if dates else None,
        "statuses": status_counts(edge.evidence),
        "claim": claim,
        "sources": sources,
        "corroboration": len({item.get("article") for item in edge.evidence if item.get("status") != "denied"}),
        "label": label,
        "title": f"{labels[edge.source]} {edge.relation} {labels[edge.target]}"
        f" ({count} source sentence{'' if count == 1 else 's'}{said})",
        "color": {"color": colour, "highlight": colour, "hover": colour, "inherit": False},
        # A relation no sentence states as fact is drawn dashed: someone says so, or it is only intended or denied.
        "dashes": CLAIM_DASHES if claim else False,
        "width": round(1.5 + 1.5 * math.log2(count), 2),
        "arrows": "to",
        "smooth": smooth,
        "evidence": _newest_first(edge.evidence)[:max_evidence],
    }


def status_counts(evidence: list[dict]) -> dict[str, int]:
    """Evidence events per status, in the vocabulary's order."""
    found = [item.get("status", "fact") for item in evidence]
    return {status: n for status in STATUSES if (n := found.count(status))}


def claim_status(evidence: list[dict]) -> str | None:
    """None when a sentence states the relation as fact; else the strongest thing said of it: reported over
    alleged over intended over denied (a relation only claimed is drawn dashed)."""
    statuses = {item.get("status", "fact") for item in evidence}
    if "fact" in statuses or not statuses:
        return None
    return next(status for status in ("reported", "alleged", "intended", "denied") if status in statuses)


def _newest_first(evidence: list[dict]) -> list[dict]:
    """Newest event (else article) date first, an event's own date before an article's, undated last."""
    by_sentence = sorted(evidence, key=lambda item: item["sentence"])
    return sorted(
        by_sentence, key=lambda item: (item["date"] or item["published"] or "", bool(item["date"])), reverse=True
    )


def node_counts(edges: list[Edge]) -> dict[str, dict[str, int]]:
    """Per actor: edges out, edges in, and source sentences on them."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"out": 0, "in": 0, "evidence": 0})
    for edge in edges:
        counts[edge.source]["out"] += 1
        counts[edge.target]["in"] += 1
        counts[edge.source]["evidence"] += len(edge.evidence)
        counts[edge.target]["evidence"] += len(edge.evidence)
    return counts


def node_dict(
    slug: str, facts: dict, counts: dict[str, int], share: float, rank: float, camp: int | None, ring: str | None
) -> dict:
    """A vis node: sized by `share` (its weighted degree over the highest), ringed in its camp's colour if any."""
    kind = next((t for t in TYPE_ORDER if t in facts.get("types", ())), "UnknownActor")
    label = facts.get("label", slug)
    # "ISIS" and "Isis" tie on case alone: the written form breaks the tie, or the order follows the set's.
    aliases = sorted(facts.get("aliases", ()), key=lambda alias: (alias.lower(), alias))
    cameo = f", {facts['cameo']}" if facts.get("cameo") else ""
    sentences = f"{counts['evidence']} source sentence{'' if counts['evidence'] == 1 else 's'}"
    return {
        "id": slug,
        "label": label,
        "type": kind,
        "aliases": aliases,
        "cameo": facts.get("cameo"),
        "counts": dict(counts),
        "rank": round(rank, 5),
        "camp": camp,
        "ring": ring,
        # Radius grows with the square root, so hubs stand out without swamping the rest.
        "size": round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(share), 1),
        "color": NODE_COLOURS[kind],
        "title": f"{label} ({kind}{cameo}) · in {sentences}" + (f" · camp {camp}" if ring else ""),
    }


def camp_positions(camps: Camps, slugs: list[str]) -> list[tuple[float, float]]:
    """Starting points for a large graph: each camp a disc, discs on a sunflower spiral, largest in the middle."""
    spot, angle = {}, math.pi * (3 - math.sqrt(5))
    for index, camp in enumerate(camps.camps):
        spread = 60 * math.sqrt(index) * math.sqrt(len(camps.camp_of)) / 4
        centre = (spread * math.cos(index * angle), spread * math.sin(index * angle))
        for place, member in enumerate(camp.members):
            radius = 25 * math.sqrt(place)
            spot[member] = (
                round(centre[0] + radius * math.cos(place * angle), 1),
                round(centre[1] + radius * math.sin(place * angle), 1),
            )
    return [spot.get(slug, (0.0, 0.0)) for slug in slugs]


def legend(nodes: list[dict], *, size_by: str, camps_from: str) -> dict:
    present = {node["type"] for node in nodes}
    return {
        "nodes": [{"type": t, "color": c} for t, c in NODE_COLOURS.items() if t in present],
        "edges": [{"umbrella": u, "color": c} for u, c in EDGE_COLOURS.items()],
        "size_by": size_by,
        "lines": [
            {"style": "solid", "text": "solid: stated as fact by at least one sentence"},
            {
                "style": "dashed",
                "text": "dashed: only claimed — reported or alleged by a source, "
                "intended or denied; the panel says according to whom",
            },
        ],
        "camps_from": camps_from,
    }
