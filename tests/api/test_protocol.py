"""The protocol's parameter parsing (api/protocol.py): what urllib's parse_qs reads, faster for ASCII URLs."""

from urllib.parse import parse_qs, urlencode

import pytest
from fastapi import HTTPException
from hypothesis import given
from hypothesis import strategies as st

from api.protocol import parse_params

PIECES = [
    "a",
    "query",
    "=",
    "&",
    "+",
    "%",
    "%4",
    "%41",
    "%4g",
    "%zz",
    "%C3%A9",
    "%C3",
    "%5C",
    "\\",
    "\\x41",
    " ",
    "é",
    ";",
]


def _urllib(raw: bytes) -> dict | type:
    try:
        return parse_qs(raw.decode("latin-1"), keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return HTTPException


def _ours(raw: bytes) -> dict | type:
    try:
        return parse_params(raw)
    except HTTPException as exc:
        assert exc.status_code == 400
        return HTTPException


@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_parameters_are_read_as_urllib_reads_them(text):
    raw = text.encode("utf-8")
    assert _ours(raw) == _urllib(raw)


@given(st.dictionaries(st.sampled_from(["query", "format", "default-graph-uri"]), st.text(max_size=40)))
def test_encoded_parameters_come_back_as_sent(params):
    assert parse_params(urlencode(params).encode()) == {name: [value] for name, value in params.items()}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"query=SELECT+%3Fx+%7B%7D&format=csv", {"query": ["SELECT ?x {}"], "format": ["csv"]}),
        (b"q=%41%zz&q=&flag", {"q": ["A%zz", ""], "flag": [""]}),
        (b"q=a%5Cx41b\\x41", {"q": ["a\\x41b\\x41"]}),
    ],
)
def test_escapes_malformed_escapes_and_backslashes(raw, expected):
    assert parse_params(raw) == expected


def test_parameters_that_are_not_utf8_are_a_400():
    with pytest.raises(HTTPException) as refused:
        parse_params(b"query=%C3")
    assert refused.value.status_code == 400 and "UTF-8" in refused.value.detail
