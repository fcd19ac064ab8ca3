"""Dates as written ("Tuesday", "May 18", "last week", "in April") → calendar dates, against the article date.

A resolved date has a precision: `day`; `week` (the date is that week's Monday); `month` (the 1st);
`year` (1 January). So "last month" in an article of 6 June 2017 is 2017-05-01 with precision `month`:
the graph keeps one xsd:date per event, and the precision says how much of it the text gave.
News reports the past: a weekday is the latest such day up to the article's own ("on Tuesday" in a
Tuesday paper is that day), a day or month without a year is the latest one not after publication
(a week's grace for "June 8" in a 6 June article). Durations ("two years", "the past week") name no date.
Rules, not dateparser: dateparser puts "Tuesday" a week back in a Tuesday article, "last year" on
1 June and "the 1990s" on the day before the article, and takes ~6 ms a phrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Span, Token

from kg.extract.attachment import in_clause

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "several": None,
    "few": None,
}
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:,?\s+(?:of\s+)?((?:19|20)\d\d))?"
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b{_YEAR}")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b{_YEAR}")
_MONTH_ONLY = re.compile(rf"\b{_MONTH}\b{_YEAR}")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_YEAR_ONLY = re.compile(r"\b((?:19|20)\d\d)\b(?!s|-\d)")
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b")
_AGO = re.compile(r"\b(\d+|" + "|".join(_NUMBERS) + r")\s+(day|week|month|year)s?\s+ago\b")
_PERIOD = re.compile(r"\b(last|previous|this|next)\s+(week|month|year)\b")
# Words on a noun that make a date say which thing, not when: "the 2015 deal", "Monday's attack" is fine.
_NOUN_MODIFIERS = {"compound", "amod", "nummod", "nmod", "poss"}
# A trigger inside a noun phrase ("Western-backed rebels said in May …") is no event of that clause's date.
INSIDE_A_NAME = frozenset(_NOUN_MODIFIERS)
PRECISIONS = ("day", "week", "month", "year")


@dataclass(frozen=True)
class When:
    """A date and how much of it the text gives: `day`, `week`, `month` or `year`."""

    day: date
    precision: str = "day"


def resolve_when(text: str, published: date | None) -> When | None:
    """The date `text` names, with its precision, or None (a duration, or relative with no article date)."""
    lowered = " ".join(text.lower().split())
    for rule in (_iso, _month_day, _relative_day, _weekday, _ago, _period, _month, _year):
        found = rule(lowered, published)
        if found:
            return found
    return None


def resolve_date(text: str, published: date | None) -> date | None:
    """The first day of what `text` names (see `resolve_when`)."""
    found = resolve_when(text, published)
    return found.day if found else None


def event_date(
    sent: Span, trigger: Token, published: date | None, entities: Iterable[Span] | None = None
) -> When | None:
    """When the event of `trigger` happened: the nearest date phrase of the sentence that tells when.
    `entities`: the sentence's entities, when the caller has them (`sent.ents` builds all the document's)."""
    phrases = sorted(
        (e for e in (sent.ents if entities is None else entities) if e.label_ == "DATE" and _tells_when(e, trigger)),
        key=lambda e: (abs(e.start - trigger.i), e.start),
    )
    for phrase in phrases:
        found = resolve_when(phrase.text, published)
        if found:
            return found
    return None


def _tells_when(phrase: Span, trigger: Token) -> bool:
    """ "on Tuesday", "last month" tell when the trigger's clause (or the one reporting it) happened;
    "the 2015 nuclear deal" tells which deal, "(… where X repulsed an attack in April)" when another clause did."""
    root = phrase.root
    head = root.head.head if root.dep_ == "pobj" else root.head
    return head == trigger or (in_clause(head, trigger, INSIDE_A_NAME) and not _modifies_noun(root, head))


def _modifies_noun(root: Token, head: Token) -> bool:
    return root.dep_ in _NOUN_MODIFIERS or (root.dep_ == "pobj" and head.pos_ in ("NOUN", "PROPN"))


def _iso(text: str, published: date | None) -> When | None:
    match = _ISO.search(text)
    return _day(int(match[1]), int(match[2]), int(match[3])) if match else None


def _month_day(text: str, published: date | None) -> When | None:
    if match := _MONTH_DAY.search(text):
        month, day, year = _MONTHS[match[1]], int(match[2]), match[3]
    elif match := _DAY_MONTH.search(text):
        day, month, year = int(match[1]), _MONTHS[match[2]], match[3]
    else:
        return None
    if year:
        return _day(int(year), month, day)
    if published is None:
        return None
    found = _day(published.year, month, day)
    if found and found.day > published + timedelta(days=7):
        found = _day(published.year - 1, month, day)
    return found


def _relative_day(text: str, published: date | None) -> When | None:
    if published is None:
        return None
    if re.search(r"\b(today|tonight|this (morning|afternoon|evening))\b", text):
        return When(published)
    if re.search(r"\b(yesterday|last night)\b", text):
        return When(published - timedelta(days=1))
    return None


def _weekday(text: str, published: date | None) -> When | None:
    match = _WEEKDAY.search(text)
    if published is None or not match:
        return None
    wanted = _WEEKDAYS.index(match[1])
    if re.search(r"\bnext\b", text):
        return When(published + timedelta(days=(wanted - published.weekday() - 1) % 7 + 1))
    back = (published.weekday() - wanted) % 7
    if back == 0 and re.search(r"\blast\b", text):
        back = 7
    return When(published - timedelta(days=back))


def _ago(text: str, published: date | None) -> When | None:
    match = _AGO.search(text)
    if published is None or not match:
        return None
    count = int(match[1]) if match[1].isdigit() else _NUMBERS[match[1]]
    return _shift(published, match[2], -count) if count else None


def _period(text: str, published: date | None) -> When | None:
    match = _PERIOD.search(text)
    if published is None or not match:
        return None
    return _shift(published, match[2], {"last": -1, "previous": -1, "this": 0, "next": 1}[match[1]])


def _month(text: str, published: date | None) -> When | None:
    match = _MONTH_ONLY.search(text)
    if not match or _MONTH_DAY.search(text) or _DAY_MONTH.search(text):
        return None  # "February 30" is no day, and not the month either
    month, year = _MONTHS[match[1]], match[2]
    if year:
        return When(date(int(year), month, 1), "month")
    if published is None:
        return None
    return When(date(published.year - (month > published.month), month, 1), "month")


def _year(text: str, published: date | None) -> When | None:
    match = _YEAR_ONLY.search(text)
    return When(date(int(match[1]), 1, 1), "year") if match else None


def _shift(published: date, unit: str, count: int) -> When:
    """The `unit` (day, week, month, year) `count` units from the article's, as a When of that precision."""
    if unit == "day":
        return When(published + timedelta(days=count))
    if unit == "week":
        monday = published - timedelta(days=published.weekday())
        return When(monday + timedelta(weeks=count), "week")
    if unit == "month":
        months = published.year * 12 + published.month - 1 + count
        return When(date(months // 12, months % 12 + 1, 1), "month")
    return When(date(published.year + count, 1, 1), "year")


def _day(year: int, month: int, day: int) -> When | None:
    try:
        return When(date(year, month, day))
    except ValueError:
        return None
