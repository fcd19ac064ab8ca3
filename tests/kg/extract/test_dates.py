from datetime import date

import pytest

from kg.extract.dates import resolve_date

PUBLISHED = date(2017, 6, 6)  # a Tuesday


@pytest.mark.parametrize("text, expected", [
    ("Tuesday", date(2017, 6, 6)),
    ("on Sunday", date(2017, 6, 4)),
    ("last Tuesday", date(2017, 5, 30)),
    ("May 18", date(2017, 5, 18)),
    ("18 May 2016", date(2016, 5, 18)),
    ("December 30", date(2016, 12, 30)),
    ("yesterday", date(2017, 6, 5)),
    ("2017-01-02", date(2017, 1, 2)),
    ("in April", None),
    ("February 30", None),
])
def test_dates_resolve_against_article_date(text, expected):
    assert resolve_date(text, PUBLISHED) == expected


def test_dates_relative_without_article_date_is_unknown():
    assert resolve_date("Tuesday", None) is None
