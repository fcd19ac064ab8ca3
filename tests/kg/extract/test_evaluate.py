"""Scoring against gold sentences: span overlap, the class and polarity levels, unlabelled and one-sided gold."""
from __future__ import annotations

import pytest

from kg.extract.evaluate import Spans, evaluate, event_class
from kg.extract.extraction import ActorRef, Extraction
from kg.ingest import Article

TEXT = "Turkish jets bombed Kurdish militants and Iran praised Russia."


def _pred(source: str, relation: str, target: str, cameo: str, **extra) -> Extraction:
    return Extraction(id="g", source=ActorRef(id=source.lower(), label=source, type="State", text=source),
                      relation=relation, target=ActorRef(id=target.lower(), label=target, type="State", text=target),
                      confidence=0.9, sentence=TEXT, char_start=0, char_end=len(TEXT), cameo_event=cameo, **extra)


def _scores(events: list[dict], preds: list[Extraction]) -> dict:
    reports = evaluate([{"id": "g", "text": TEXT, "events": events}], lambda article: preds)
    return {report.level: report for report in reports}


@pytest.mark.parametrize("mention, gold, expected", [
    ("Turkish jets", "Turkish jets", True),
    ("Turkish jets", "jets", True),
    ("Kurdish militants", "Kurdish", True),
    ("Iran", "Russia", False),
    ("US", "Russia", False),  # not inside a word
])
def test_evaluate_spans_overlap_on_word_positions(mention, gold, expected):
    assert Spans(TEXT).overlap(mention, gold) is expected


def test_evaluate_spans_match_however_the_gold_was_tokenized():
    spans = Spans("Saudi Arabia’s king met Enrique Peña Nieto and 1,500 refugees.")
    assert spans.overlap("Saudi Arabia", "Saudi Arabia ’ s king")
    assert spans.overlap("Enrique Peña Nieto", "Enrique Pe ñ a Nieto")
    assert spans.overlap("1,500 refugees", "1, 500 refugees")


def test_evaluate_class_and_polarity_levels():
    gold = [{"source": "Turkish jets", "target": "Kurdish militants", "class": "material_conflict"},
            {"source": "Iran", "target": "Russia", "class": "verbal_cooperation"}]
    preds = [_pred("Turkish jets", "bombs", "Kurdish militants", "195"),
             _pred("Iran", "aids", "Russia", "070")]  # right side, wrong class
    levels = _scores(gold, preds)
    assert (levels["class"].total.true_pred, levels["class"].total.predicted) == (1, 2)
    assert levels["class"].by_key["verbal_cooperation"].recall == 0.0
    assert levels["polarity"].total.precision == 1.0 and levels["polarity"].total.recall == 1.0


def test_evaluate_unlabelled_gold_matches_any_class():
    levels = _scores([{"source": "Iran", "target": "Russia", "class": None}], [_pred("Iran", "accuses", "Russia", "111")])
    assert levels["polarity"].by_key["unlabelled"].recall == 1.0
    assert levels["polarity"].total.precision == 1.0


def test_evaluate_one_sided_gold_is_neither_right_nor_wrong():
    gold = [{"source": "Iran", "target": None, "class": "verbal_cooperation"}]
    levels = _scores(gold, [_pred("Iran", "supports", "Russia", "051")])
    assert levels["polarity"].total.predicted == 0 and levels["polarity"].total.gold == 0


def test_evaluate_negated_predictions_are_not_claims():
    gold = [{"source": "Iran", "target": "Russia", "class": "verbal_cooperation"}]
    levels = _scores(gold, [_pred("Iran", "supports", "Russia", "051", negated=True)])
    assert levels["class"].total.predicted == 0 and levels["class"].total.recall == 0.0


def test_evaluate_announced_acts_are_verbal():
    assert event_class(_pred("Iran", "attacks", "Russia", "190", modality="intent")) == "verbal_conflict"
    assert event_class(_pred("Iran", "aids", "Russia", "070", modality="future")) == "verbal_cooperation"
    assert event_class(_pred("Iran", "requests", "Russia", "020")) == "statement"


def test_evaluate_relation_gold_counts_umbrellas():
    ancestors = {"bombs": {"strikes"}}.get
    reports = evaluate([{"text": TEXT, "events": [{"source": "Turkish", "target": "Kurdish", "relation": "strikes"}]}],
                       lambda article: [_pred("Turkish jets", "bombs", "Kurdish militants", "195")],
                       lambda name: ancestors(name) or set())
    relation, polarity = reports
    assert relation.level == "relation" and relation.by_key["strikes"].recall == 1.0
    assert polarity.by_key["conflict"].recall == 1.0


def test_evaluate_article_keeps_the_record_id():
    seen: list[Article] = []
    evaluate([{"id": "dev:7", "text": TEXT, "events": []}], lambda article: seen.append(article) or [])
    assert seen[0].source == "dev:7"
