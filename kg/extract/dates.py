"""Dates as written ("Tuesday", "May 18", "last week") → calendar days, relative to the article date."""
from __future__ import annotations

import re
from datetime import date, timedelta

_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
    ("november", "nov"), ("december", "dec")), start=1) for name in names}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b(?:,?\s+(\d{{4}}))?", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.I)


def resolve_date(text: str, published: date | None) -> date | None:
    """The day `text` names, or None when it names none (or only a month or year)."""
    return (_iso(text) or _month_day(text, published) or _relative(text, published))


def _iso(text: str) -> date | None:
    match = _ISO.search(text)
    return _safe_date(int(match[1]), int(match[2]), int(match[3])) if match else None


def _month_day(text: str, published: date | None) -> date | None:
    match = _MONTH_DAY.search(text)
    if match:
        month, day, year = _MONTHS[match[1].lower().rstrip(".")], int(match[2]), match[3]
    elif match := _DAY_MONTH.search(text):
        day, month, year = int(match[1]), _MONTHS[match[2].lower().rstrip(".")], match[3]
    else:
        return None
    if year:
        return _safe_date(int(year), month, day)
    if published is None:
        return None
    # News reports the past: a day-month later than the article belongs to the year before.
    candidate = _safe_date(published.year, month, day)
    if candidate and candidate > published + timedelta(days=7):
        candidate = _safe_date(published.year - 1, month, day)
    return candidate


def _relative(text: str, published: date | None) -> date | None:
    if published is None:
        return None
    lowered = text.lower()
    if re.search(r"\btoday\b|\bthis morning\b|\btonight\b", lowered):
        return published
    if "yesterday" in lowered or "last night" in lowered:
        return published - timedelta(days=1)
    match = _WEEKDAY.search(lowered)
    if match:
        # "on Tuesday" in a report: the most recent such day, the article's own day included.
        back = (published.weekday() - _WEEKDAYS.index(match[1])) % 7
        if "last" in lowered and back == 0:
            back = 7
        return published - timedelta(days=back)
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
