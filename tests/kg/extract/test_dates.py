from datetime import date

import pytest

from kg.extract.dates import When, event_date, resolve_date, resolve_when

PUBLISHED = date(2017, 6, 6)  # a Tuesday


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Tuesday", date(2017, 6, 6)),
        ("on Sunday", date(2017, 6, 4)),
        ("last Tuesday", date(2017, 5, 30)),
        ("May 18", date(2017, 5, 18)),
        ("18 May 2016", date(2016, 5, 18)),
        ("December 30", date(2016, 12, 30)),
        ("Nov. 2", date(2016, 11, 2)),
        ("yesterday", date(2017, 6, 5)),
        ("2017-01-02", date(2017, 1, 2)),
        ("February 30", None),
        ("three years", None),
        ("the past week", None),
        ("the 1990s", None),
    ],
)
def test_dates_resolve_against_article_date(text, expected):
    assert resolve_date(text, PUBLISHED) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("on Thursday", When(date(2017, 6, 1), "day")),
        ("next Monday", When(date(2017, 6, 12), "day")),
        ("two days ago", When(date(2017, 6, 4), "day")),
        ("in April", When(date(2017, 4, 1), "month")),
        ("in August", When(date(2016, 8, 1), "month")),
        ("late May 2016", When(date(2016, 5, 1), "month")),
        ("last month", When(date(2017, 5, 1), "month")),
        ("earlier this month", When(date(2017, 6, 1), "month")),
        ("last week", When(date(2017, 5, 29), "week")),
        ("three weeks ago", When(date(2017, 5, 15), "week")),
        ("last year", When(date(2016, 1, 1), "year")),
        ("in 2015", When(date(2015, 1, 1), "year")),
    ],
)
def test_dates_relative_and_partial_dates_keep_their_precision(text, expected):
    assert resolve_when(text, PUBLISHED) == expected


def test_dates_relative_without_article_date_is_unknown():
    assert resolve_date("Tuesday", None) is None
    assert resolve_date("last month", None) is None
    assert resolve_when("April 2017", None) == When(date(2017, 4, 1), "month")


def test_dates_event_date_is_the_phrase_that_tells_when(extractor):
    doc = extractor.nlp("Iran condemned the 2015 sanctions on its oil exports last week.")
    trigger = next(t for t in doc if t.lemma_ == "condemn")
    assert event_date(next(doc.sents), trigger, PUBLISHED) == When(date(2017, 5, 29), "week")


def test_dates_a_date_of_another_clause_is_not_the_event_date(extractor):
    doc = extractor.nlp("Coalition forces engaged the militia, where ISIS attacked in April.")
    trigger = next(t for t in doc if t.lemma_ == "engage")
    assert event_date(next(doc.sents), trigger, PUBLISHED) is None


def test_dates_month_only_date_reaches_the_reported_event_not_a_standing_backing(extractor):
    from kg.ingest import Article

    text = "In May, Western-backed Syrian rebels said Russian jets bombed them."
    found = {
        e.relation: (e.date, e.date_precision)
        for e in extractor.extract(Article(text=text, published=PUBLISHED, source="t"))
    }
    assert found["bombs"] == (date(2017, 5, 1), "month")
    assert found["backs"] == (None, None)
