"""Score extraction against labelled sentences: precision, recall and F1 overall and per class, at two levels.

A gold file is JSONL: `{"id", "text", "published"?, "events": [{"source", "target", "class"|"relation"}]}`
with `source`/`target` the spans as written (`../shared/gold/README.md`). A prediction matches a gold event
when its source mention overlaps the gold source span and its target mention the gold target span (word
positions in the sentence), and

- at the **class** level, its class is the gold class: the CAMEO root of the prediction's event code gives
  it (01–02 statement, 03–05 verbal cooperation, 06–08 material cooperation, 09–13 and 16 verbal conflict,
  14–15 and 17–20 material conflict). An event the text only announces (modality intent, future or
  hypothetical, obligation: "vowed to attack") is a verbal event of the same side, as CAMEO codes it (13 threaten,
  03 intend to cooperate). With `relation` gold, the level is the relation instead: the gold relation is
  the predicted one or an umbrella above it (`bombs` counts as `strikes`).
- at the **polarity** level, it is on the same side: cooperation (statement and appeal, verbal and
  material cooperation: CAMEO's QuadClasses 1–2, roots 01–08) or conflict (roots 09–20).

Gold events the annotators gave spans but no class (`class: null`) match a prediction of any class and
are reported as `unlabelled`. Gold events with only one span can't be checked on the other: they are not
counted in recall, and a prediction that matches them on the span they give is counted neither right nor
wrong. Negated predictions are not claims and are not scored.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

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
POLARITY = {"statement": "cooperation", "verbal_cooperation": "cooperation", "material_cooperation": "cooperation",
            "verbal_conflict": "conflict", "material_conflict": "conflict"}
ANNOUNCED = {"intent", "future", "hypothetical", "obligation"}
UNLABELLED = "unlabelled"
_WORD = re.compile(r"[^\W_]+")


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

    def add(self, other: "Score") -> None:
        self.true_pred, self.predicted = self.true_pred + other.true_pred, self.predicted + other.predicted
        self.true_gold, self.gold = self.true_gold + other.true_gold, self.gold + other.gold


@dataclass
class Report:
    """Scores of one level ("class", "relation" or "polarity") by class."""

    level: str
    by_key: dict[str, Score] = field(default_factory=dict)
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
        return [(key, str(s.gold), str(s.predicted), f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}")
                for key, s in sorted(self.by_key.items()) + [("all", self.total)]]


def read_gold(path: Path) -> list[dict]:
    """The records of a gold JSONL file (blank lines skipped)."""
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def event_class(pred: Extraction) -> str | None:
    """The gold-style class of a prediction, from its CAMEO event code and modality."""
    found = CLASS_OF_ROOT.get((pred.cameo_event or "")[:2])
    if found and pred.modality in ANNOUNCED:
        return "verbal_cooperation" if POLARITY[found] == "cooperation" else "verbal_conflict"
    return found


def evaluate(records: Iterable[dict], extract: Callable[[Article], list[Extraction]],
             ancestors: Callable[[str], set[str]] = lambda name: set()) -> list[Report]:
    """Run `extract` on each gold record; the reports of the class (or relation) and polarity levels."""
    scorers = None
    for record in records:
        golds = [g for g in record.get("events", []) if g.get("source") or g.get("target")]
        if scorers is None:
            scorers = levels(any("relation" in g for g in golds), ancestors)
        article = Article(text=record["text"], published=record.get("published"), source=record.get("id"))
        preds = [p for p in extract(article) if not p.negated]
        spans = Spans(article.text)
        for level in scorers:
            level.score_sentence(preds, golds, spans)
    return [level.report for level in scorers or levels(False, ancestors)]


class Level:
    """How one level names classes and decides that a prediction and a gold event agree."""

    def __init__(self, name: str, pred_key: Callable[[Extraction], str | None],
                 gold_key: Callable[[dict], str | None], agree: Callable[[Extraction, dict], bool]) -> None:
        self.report = Report(name)
        self.pred_key, self.gold_key, self.agree = pred_key, gold_key, agree

    def judge(self, preds: list[Extraction], golds: list[dict], spans: "Spans") -> tuple[dict, list[bool]]:
        """Each prediction's verdict (True right, False wrong, None unscored), and whether each gold
        event with both spans was found."""
        complete = [g for g in golds if g.get("source") and g.get("target")]
        partial = [g for g in golds if g not in complete]
        verdicts: dict[int, bool | None] = {}
        for number, pred in enumerate(preds):
            right = any(self.matches(pred, g, spans) for g in complete)
            # A gold event with one span only can't be checked on the other: neither right nor wrong.
            verdicts[number] = right or (None if any(self.matches(pred, g, spans) for g in partial) else False)
        return verdicts, [any(self.matches(p, g, spans) for p in preds) for g in complete]

    def score_sentence(self, preds: list[Extraction], golds: list[dict], spans: "Spans") -> None:
        self.report.sentences += 1
        verdicts, found = self.judge(preds, golds, spans)
        claims: dict[tuple, bool] = {}
        for number, pred in enumerate(preds):
            if verdicts[number] is None:
                continue
            key = (pred.source.text, pred.target.text, self.pred_key(pred) or "unclassified")
            claims[key] = claims.get(key, False) or verdicts[number]
        for (_, _, key), right in claims.items():
            score = self.report.score(key)
            score.predicted += 1
            score.true_pred += right
        for gold, hit in zip([g for g in golds if g.get("source") and g.get("target")], found):
            score = self.report.score(self.gold_key(gold) or UNLABELLED)
            score.gold += 1
            score.true_gold += hit

    def matches(self, pred: Extraction, gold: dict, spans: "Spans") -> bool:
        for role in ("source", "target"):
            if gold.get(role) and not spans.overlap(getattr(pred, role).text, gold[role]):
                return False
        return self.gold_key(gold) is None or self.agree(pred, gold)


def levels(relations: bool, ancestors: Callable[[str], set[str]]) -> list[Level]:
    def gold_class(gold: dict) -> str | None:
        return gold.get("relation") or gold.get("class")

    def gold_polarity(gold: dict) -> str | None:
        return POLARITY.get(gold.get("class")) or _relation_polarity(gold.get("relation"))

    def pred_polarity(pred: Extraction) -> str | None:
        return POLARITY.get(event_class(pred))

    if relations:
        first = Level("relation", lambda p: p.relation, gold_class,
                      lambda p, g: g["relation"] in {p.relation} | ancestors(p.relation))
    else:
        first = Level("class", event_class, gold_class, lambda p, g: event_class(p) == g["class"])
    return [first, Level("polarity", pred_polarity, gold_polarity, lambda p, g: pred_polarity(p) == gold_polarity(g))]


@cache
def _relation_polarity(relation: str | None) -> str | None:
    """The side a gold relation name is on, from the CAMEO codes the lexicon gives it."""
    if relation is None:
        return None
    roots = Lexicon.load().roots(relation)
    sides = {POLARITY[CLASS_OF_ROOT[root]] for root in roots if root in CLASS_OF_ROOT}
    return sides.pop() if len(sides) == 1 else None


class Spans:
    """Where phrases sit in one sentence, as character ranges of its letters and digits, so spans match
    however the annotators' tokenizer spaced them ("Saudi Arabia ’ s", "Pe ñ a", "1, 500")."""

    def __init__(self, text: str) -> None:
        self.compact, self.starts, self.ends = _compact(text)

    def overlap(self, mention: str, gold: str) -> bool:
        """True when the two phrases share a character of the sentence, or one contains the other."""
        a, b = self._ranges(mention), self._ranges(gold)
        if a and b:
            return any(x.start < y.stop and y.start < x.stop for x in a for y in b)
        m, g = _WORD.findall(mention.casefold()), _WORD.findall(gold.casefold())
        return bool(m and g) and ("".join(m) == "".join(g) or _contains(m, g) or _contains(g, m))

    def _ranges(self, phrase: str) -> list[range]:
        """Where `phrase` occurs, starting and ending on word boundaries."""
        needle = _compact(phrase)[0]
        found, at = [], self.compact.find(needle) if needle else -1
        while at >= 0:
            if at in self.starts and at + len(needle) in self.ends:
                found.append(range(at, at + len(needle)))
            at = self.compact.find(needle, at + 1)
        return found


def _compact(text: str) -> tuple[str, set[int], set[int]]:
    """The letters and digits of `text`, case-folded, with where its words start and end."""
    compact, starts, ends = "", set(), set()
    for word in _WORD.findall(text.casefold()):
        starts.add(len(compact))
        compact += word
        ends.add(len(compact))
    return compact, starts, ends


def _contains(outer: list[str], inner: list[str]) -> bool:
    return any(outer[i:i + len(inner)] == inner for i in range(len(outer) - len(inner) + 1))
