"""Score extraction against labelled sentences: precision, recall and F1 overall and per class, at two levels.

A gold file is JSONL: `{"id", "text", "published"?, "events": [{"source", "target", "class"|"relation"}]}`
with `source`/`target` the spans as written (`../shared/gold/README.md`).

**Matching is one to one.** In each sentence a maximum bipartite matching pairs predictions with gold
events, so a gold event is found by at most one prediction and a prediction finds at most one gold
event. A prediction and a gold event can pair when the prediction's source mention shares a content word
(not "the", "of", "'s"…) at the same place in the sentence with the gold source span, its target mention
likewise with the gold target span, and

- at the **class** level, its class is the gold class: the CAMEO root of the prediction's event code gives
  it (01–02 statement, 03–05 verbal cooperation, 06–08 material cooperation, 09–13 and 16 verbal conflict,
  14–15 and 17–20 material conflict). An event the text only announces (modality intent, future or
  hypothetical, obligation: "vowed to attack") is a verbal event of the same side, as CAMEO codes it (13
  threaten, 03 intend to cooperate). With `relation` gold, the level is the relation instead: the gold
  relation is the predicted one or an umbrella above it (`bombs` counts as `strikes`).
- at the **polarity** level, it is on the same side: cooperation (roots 03–08) or conflict (09–20).

Predictions with the same source mention, target mention and class are one claim. **Left out of both
sides** and reported apart (`Report.apart`): gold `statement` events (CAMEO 01–02 are neither cooperation
nor conflict), gold events without a class, and gold events with one span only (the other can't be
checked); a prediction that pairs with one of them on the spans it gives (again one to one; with a one-span
event every prediction on its span, which may name both sides: "India and Pakistan agreed") is counted
neither right nor wrong. Negated predictions and requested acts ("urged B to attack C": B→C) are not
claims and are not scored.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import networkx as nx
from spacy.lang.en.stop_words import STOP_WORDS

from kg.extract.extraction import Extraction
from kg.extract.lexicon import Lexicon
from kg.ingest import Article

CLASS_OF_ROOT = {
    **dict.fromkeys(("01", "02"), "statement"),
    **dict.fromkeys(("03", "04", "05"), "verbal_cooperation"),
    **dict.fromkeys(("06", "07", "08"), "material_cooperation"),
    **dict.fromkeys(("09", "10", "11", "12", "13", "16"), "verbal_conflict"),
    **dict.fromkeys(("14", "15", "17", "18", "19", "20"), "material_conflict"),
}
POLARITY = {
    "verbal_cooperation": "cooperation",
    "material_cooperation": "cooperation",
    "verbal_conflict": "conflict",
    "material_conflict": "conflict",
}
STATEMENT = "statement"
ANNOUNCED = {"intent", "future", "hypothetical", "obligation"}
NOT_CLAIMED = {"requested"}
UNLABELLED = "unlabelled"
ONE_SIDED = "one span only"
HALVES = ("tune", "check")
# An initialism written with stops ("U.S.", "U.N.", the annotators' "U. K") is one word, as "US" is: read
# letter by letter, it had no content word and matched nothing.
_TOKEN = re.compile(r"(?<![^\W_])[A-Z](?:\. ?[A-Z])+(?![^\W_])|[^\W_]+")
_STOPS = re.compile(r"[. ]")


def half_of(record_id: str) -> str:
    """The fixed half of the development gold a record is in: "tune" (fix by its errors) or "check" (report)."""
    return HALVES[int(hashlib.sha256(record_id.encode()).hexdigest(), 16) % 2]


def in_half(records: Iterable[dict], half: str | None) -> list[dict]:
    """The records of one half (all of them for None)."""
    if half is not None and half not in HALVES:
        raise ValueError(f"unknown half {half!r}: use one of {', '.join(HALVES)}")
    return [r for r in records if half is None or half_of(str(r.get("id", ""))) == half]


@dataclass
class Score:
    """Counts for one class: predictions (and how many were right), gold events (and how many were found)."""

    true_pred: int = 0
    predicted: int = 0
    true_gold: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_pred / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.true_pred, self.predicted = self.true_pred + other.true_pred, self.predicted + other.predicted
        self.true_gold, self.gold = self.true_gold + other.true_gold, self.gold + other.gold


@dataclass
class Report:
    """Scores of one level ("class", "relation" or "polarity") by class; `apart` holds the gold events left
    out of scoring (statement, unlabelled, one span only): how many, and how many a prediction paired with."""

    level: str
    by_key: dict[str, Score] = field(default_factory=dict)
    apart: dict[str, Score] = field(default_factory=dict)
    sentences: int = 0

    def score(self, key: str) -> Score:
        return self.by_key.setdefault(key, Score())

    @property
    def total(self) -> Score:
        total = Score()
        for score in self.by_key.values():
            total.add(score)
        return total

    def rows(self) -> list[tuple[str, str, str, str, str, str]]:
        """(class, gold, predicted, precision, recall, F1) per class, then for all classes."""
        return [
            (key, str(s.gold), str(s.predicted), f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}")
            for key, s in sorted(self.by_key.items()) + [("all", self.total)]
        ]

    def apart_rows(self) -> list[tuple[str, str, str]]:
        """(kind, gold events, paired with a prediction) for the gold left out of scoring."""
        return [(key, str(s.gold), str(s.true_gold)) for key, s in sorted(self.apart.items())]


def read_gold(path: Path) -> list[dict]:
    """The records of a gold JSONL file (blank lines skipped)."""
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def event_class(pred: Extraction) -> str | None:
    """The gold-style class of a prediction, from its CAMEO event code and modality."""
    found = CLASS_OF_ROOT.get((pred.cameo_event or "")[:2])
    if found in POLARITY and pred.modality in ANNOUNCED:
        return "verbal_cooperation" if POLARITY[found] == "cooperation" else "verbal_conflict"
    return found


def is_claim(pred: Extraction) -> bool:
    """Whether the text asserts the event: not negated, not only asked for."""
    return not pred.negated and pred.modality not in NOT_CLAIMED


def evaluate(
    records: Iterable[dict],
    extract: Callable[[Article], list[Extraction]],
    ancestors: Callable[[str], set[str]] = lambda name: set(),
) -> list[Report]:
    """Run `extract` on each gold record; the reports of the class (or relation) and polarity levels."""
    scorers = None
    for record in records:
        golds = [g for g in record.get("events", []) if g.get("source") or g.get("target")]
        if scorers is None:
            scorers = levels(any("relation" in g for g in golds), ancestors)
        article = Article(text=record["text"], published=record.get("published"), source=record.get("id"))
        preds = [p for p in extract(article) if is_claim(p)]
        spans = Spans(article.text)
        for level in scorers:
            level.score_sentence(preds, golds, spans)
    return [level.report for level in scorers or levels(False, ancestors)]


@dataclass
class Verdicts:
    """One sentence judged at one level: the distinct claims, which were right (True), wrong (False) or
    left out (None), and for the gold events which were found (scored) or paired with (apart)."""

    claims: list[Extraction]
    right: list[bool | None]
    scored: list[tuple[dict, bool]]
    apart: list[tuple[dict, bool]]


class Level:
    """How one level names classes and decides that a prediction and a gold event agree."""

    def __init__(
        self,
        name: str,
        pred_key: Callable[[Extraction], str | None],
        gold_key: Callable[[dict], str | None],
        agree: Callable[[Extraction, dict], bool],
        apart_key: Callable[[dict], str | None],
    ) -> None:
        self.report = Report(name)
        self.pred_key, self.gold_key, self.agree, self.apart_key = pred_key, gold_key, agree, apart_key

    def judge(self, preds: list[Extraction], golds: list[dict], spans: Spans) -> Verdicts:
        """Pair claims with scored gold events one to one, then the rest with the gold left apart."""
        claims = list({(p.source.text, p.target.text, self.pred_key(p)): p for p in reversed(preds)}.values())[::-1]
        scored = [g for g in golds if self.apart_key(g) is None]
        apart = [g for g in golds if self.apart_key(g) is not None]
        found = _pairs(claims, scored, lambda p, g: self.on_spans(p, g, spans) and self.agree(p, g))
        rest = [n for n in range(len(claims)) if n not in found]
        excused = {
            rest[n]: m
            for n, m in _pairs([claims[n] for n in rest], apart, lambda p, g: self.on_spans(p, g, spans)).items()
        }
        # A one-span gold event ("India and Pakistan" agreed) may name both sides of several claims: none is
        # checkable, so every claim on its span is left out, not only the one the matching gave it.
        one_sided = [g for g in apart if self.apart_key(g) == ONE_SIDED]
        excused |= {
            n: -1 for n in rest if n not in excused and any(self.on_spans(claims[n], g, spans) for g in one_sided)
        }
        right = [True if n in found else None if n in excused else False for n in range(len(claims))]
        return Verdicts(
            claims,
            right,
            [(g, m in found.values()) for m, g in enumerate(scored)],
            [(g, m in excused.values()) for m, g in enumerate(apart)],
        )

    def score_sentence(self, preds: list[Extraction], golds: list[dict], spans: Spans) -> None:
        self.report.sentences += 1
        verdicts = self.judge(preds, golds, spans)
        for claim, right in zip(verdicts.claims, verdicts.right):
            if right is not None:
                score = self.report.score(self.pred_key(claim) or "unclassified")
                score.predicted += 1
                score.true_pred += right
        for gold, hit in verdicts.scored:
            score = self.report.score(self.gold_key(gold) or "unclassified")
            score.gold += 1
            score.true_gold += hit
        for gold, hit in verdicts.apart:
            kind = self.apart_key(gold)
            assert kind is not None  # a gold event is apart because it has a kind
            score = self.report.apart.setdefault(kind, Score())
            score.gold += 1
            score.true_gold += hit

    @staticmethod
    def on_spans(pred: Extraction, gold: dict, spans: Spans) -> bool:
        """Whether the prediction's mentions agree with the spans the gold event gives."""
        return all(
            spans.overlap(getattr(pred, role).text, gold[role]) for role in ("source", "target") if gold.get(role)
        )


def _pairs(preds: list[Extraction], golds: list[dict], agree: Callable[[Extraction, dict], bool]) -> dict[int, int]:
    """A maximum one-to-one pairing of predictions with gold events that agree, by their indices."""
    graph = nx.Graph()
    graph.add_nodes_from(("p", n) for n in range(len(preds)))
    graph.add_edges_from((("p", n), ("g", m)) for n, p in enumerate(preds) for m, g in enumerate(golds) if agree(p, g))
    matching = nx.bipartite.hopcroft_karp_matching(graph, top_nodes=[("p", n) for n in range(len(preds))])
    return {node[1]: other[1] for node, other in matching.items() if node[0] == "p"}


def levels(relations: bool, ancestors: Callable[[str], set[str]]) -> list[Level]:
    def apart_key(gold: dict) -> str | None:
        if not (gold.get("source") and gold.get("target")):
            return ONE_SIDED
        if relations:
            return None if gold.get("relation") else UNLABELLED
        return STATEMENT if gold.get("class") == STATEMENT else None if gold.get("class") else UNLABELLED

    def gold_polarity(gold: dict) -> str | None:
        return POLARITY.get(gold.get("class") or "") or _relation_polarity(gold.get("relation"))

    def pred_polarity(pred: Extraction) -> str | None:
        found = event_class(pred)
        return (
            POLARITY.get(found, found) if found else None
        )  # a predicted statement stays "statement": right on no side

    if relations:
        first = Level(
            "relation",
            lambda p: p.relation,
            lambda g: g.get("relation"),
            lambda p, g: g["relation"] in {p.relation} | ancestors(p.relation),
            apart_key,
        )
    else:
        first = Level(
            "class", event_class, lambda g: g.get("class"), lambda p, g: event_class(p) == g["class"], apart_key
        )
    return [
        first,
        Level("polarity", pred_polarity, gold_polarity, lambda p, g: pred_polarity(p) == gold_polarity(g), apart_key),
    ]


@cache
def _relation_polarity(relation: str | None) -> str | None:
    """The side a gold relation name is on, from the CAMEO codes the lexicon gives it."""
    if relation is None:
        return None
    roots = Lexicon.load().roots(relation)
    sides = {POLARITY.get(CLASS_OF_ROOT[root]) for root in roots if root in CLASS_OF_ROOT}
    return sides.pop() if len(sides) == 1 else None


class Spans:
    """Where phrases sit in one sentence, as character ranges of its letters and digits, so spans match
    however the annotators' tokenizer spaced them ("Saudi Arabia ’ s", "Pe ñ a", "1, 500")."""

    def __init__(self, text: str) -> None:
        self.compact, self.starts, self.ends, self.content = _compact(text)

    def overlap(self, mention: str, gold: str) -> bool:
        """True when the two phrases share a content word at the same place in the sentence (or, for a
        phrase not in the sentence, when their content words are the same or one's contain the other's)."""
        a, b = self._ranges(mention), self._ranges(gold)
        if a and b:
            return any(
                x.start < w.stop and w.start < x.stop and y.start < w.stop and w.start < y.stop
                for x in a
                for y in b
                for w in self.content
            )
        m, g = _content_words(mention), _content_words(gold)
        return bool(m and g) and (m == g or _contains(m, g) or _contains(g, m))

    def _ranges(self, phrase: str) -> list[range]:
        """Where `phrase` occurs, starting and ending on word boundaries."""
        needle = _compact(phrase)[0]
        found, at = [], self.compact.find(needle) if needle else -1
        while at >= 0:
            if at in self.starts and at + len(needle) in self.ends:
                found.append(range(at, at + len(needle)))
            at = self.compact.find(needle, at + 1)
        return found


def is_content_word(word: str) -> bool:
    """Not a function word: "the", "of", "its", the "s" of "’s"; an all-caps name ("US", "IS") is content."""
    return (len(word) > 1 or word.isdigit()) and (
        word.casefold() not in STOP_WORDS or (word.isupper() and len(word) > 1)
    )


def _compact(text: str) -> tuple[str, set[int], set[int], list[range]]:
    """The letters and digits of `text`, case-folded, with where its words start and end, and the ranges
    of its content words."""
    compact, starts, ends, content = "", set(), set(), []
    for word in _words(text):
        starts.add(len(compact))
        if is_content_word(word):
            content.append(range(len(compact), len(compact) + len(word.casefold())))
        compact += word.casefold()
        ends.add(len(compact))
    return compact, starts, ends, content


def _content_words(text: str) -> list[str]:
    return [w.casefold() for w in _words(text) if is_content_word(w)]


def _words(text: str) -> list[str]:
    """The words of `text`, an initialism ("U.S.", "U. K") as one word of its letters ("US", "UK")."""
    return [_STOPS.sub("", m.group()) if "." in m.group() else m.group() for m in _TOKEN.finditer(text)]


def _contains(outer: list[str], inner: list[str]) -> bool:
    return any(outer[i : i + len(inner)] == inner for i in range(len(outer) - len(inner) + 1))
