"""Property-based: whatever bytes a file holds (random, huge lines, control characters, NULs, mixed encodings,
HTML soup, malformed JSONL or sidecar JSON), reading it gives Articles or IngestErrors that name the file, and
never an exception.

Derandomised and bounded for CI (examples counted in the terminal summary, "fuzz inputs tried").
"""

from __future__ import annotations

import codecs
import json
import tempfile
import time
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from kg.ingest import Article, IngestError, html_to_text, normalise_text, read_articles


def shown(**inputs) -> None:
    """Inputs, shortened, in the report of a failing example."""
    note("; ".join(f"{name}={value!r:.3000}" for name, value in inputs.items()))


def fuzz(examples: int):
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252", "mac-roman"]
CONTROLS = [chr(c) for c in [*range(0x00, 0x20), 0x7F, 0x85, 0x2028, 0x2029, 0xFEFF, 0x200B, 0x202E, 0xFFFE]]
WORDS = [
    "Iran",
    "backs",
    "Hezbollah",
    "the",
    "coalition",
    "struck",
    "ISIS",
    "near",
    "al-Tanf",
    "é",
    "e\u0301",
    "\u0645\u0644\u064a\u0634\u064a\u0627",
    "\u05e6\u05d4\u05f4\u05dc",
    "😀",
    "\u4e2d\u56fd",
    "Ω",
]

text = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(WORDS + CONTROLS + [" ", "\n", "\r\n", "\r", "."]), max_size=80).map("".join),
)
huge_line = st.builds(
    lambda unit, count, tail: unit * count + tail,
    st.sampled_from(["x", "word ", "\x00", "é", "😀", "<", "&amp;", "[", "{", "\\"]),
    st.integers(10_000, 200_000),
    st.text(max_size=10),
)


@st.composite
def encoded(draw, texts=text):
    """Text in some encoding, or chunks each in a different one (a file stitched from several)."""
    chunks = draw(st.lists(st.tuples(texts, st.sampled_from(ENCODINGS)), min_size=1, max_size=3))
    return b"".join(chunk.encode(encoding, errors="replace") for chunk, encoding in chunks)


_HTML_PARTS = [
    "<p>",
    "</p>",
    "<div class='x'>",
    "</div>",
    "<br/>",
    "<b>",
    "</i>",
    "<title>",
    "</title>",
    "<head>",
    "</head>",
    "<script>",
    "</script>",
    "<style>p{}</style>",
    "<script>if (a < b && c) {",
    "<!--",
    "-->",
    "<!-- x -->",
    "<![CDATA[",
    "]]>",
    "<![if x]>",
    "<![x[",
    "<![ ",
    "<!DOCTYPE html>",
    "<!doctype",
    "<?xml ?>",
    "<?",
    "&amp;",
    "&lt;",
    "&#0;",
    "&#x0;",
    "&#xd800;",
    "&#x110000;",
    "&#99999999999;",
    "&bogus;",
    "&",
    "&#",
    "<",
    ">",
    "</",
    '<a href="',
    '"',
    "'",
    "<img src=x onerror=alert(1)>",
    "<table><tr><td>",
    "<!",
    "<noscript>",
    "<template>",
    "</template>",
    "</html>",
    "<html>",
    "<li>",
    "<h1>",
    "\x00",
    "\r",
    "\n",
]
html_soup = st.lists(
    st.one_of(st.sampled_from(_HTML_PARTS), st.sampled_from(WORDS), st.text(max_size=8)), max_size=60
).map("".join)

_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
_DATES = st.one_of(
    st.dates().map(str),
    st.datetimes().map(lambda d: d.isoformat() + "Z"),
    st.text(max_size=25),
    st.sampled_from(["2017-06-06", "2017-13-45", "2017-06-06T10:00:00Z", "0000-00-00", "2017-", "9" * 40]),
)
record = st.fixed_dictionaries(
    {},
    optional={
        "text": st.one_of(text, _JSON_VALUES),
        "title": st.one_of(text, _JSON_VALUES),
        "url": st.one_of(text, _JSON_VALUES),
        "published": st.one_of(_DATES, _JSON_VALUES),
        "id": st.one_of(st.text(max_size=10), _JSON_VALUES),
    },
)
jsonl_line = st.one_of(
    record.map(lambda r: json.dumps(r, ensure_ascii=False, allow_nan=True)),
    record.map(json.dumps),
    _JSON_VALUES.map(json.dumps),
    text,
    st.integers(1, 200_000).map(lambda depth: "[" * depth + "]" * depth),
    st.integers(1, 200_000).map(lambda depth: '{"text": ' * depth),
    st.sampled_from(["{not json", "{", '{"text": "x"', '"text"', "NaN", "[]", "{}", "\ufeff{}"]),
)
jsonl = st.builds(str.join, st.sampled_from(["\n", "\r\n", "\n\n"]), st.lists(jsonl_line, max_size=8))
sidecar = st.one_of(
    st.binary(max_size=50),
    _JSON_VALUES.map(json.dumps),
    st.fixed_dictionaries(
        {},
        optional={
            "title": st.one_of(text, _JSON_VALUES),
            "url": _JSON_VALUES,
            "published": st.one_of(_DATES, _JSON_VALUES),
        },
    ).map(lambda meta: json.dumps(meta, ensure_ascii=False)),
    st.integers(1, 100_000).map(lambda depth: "[" * depth),
)

content = st.one_of(
    st.binary(max_size=500),
    encoded(),
    encoded(html_soup),
    encoded(jsonl),
    huge_line.map(lambda line: line.encode("utf-8", "surrogatepass")),
)
SUFFIXES = [".txt", ".md", ".html", ".htm", ".jsonl", ".TXT", ".json", ".pdf", ""]


def check_items(items: list, path: Path) -> None:
    """Articles well formed; errors name the file (or its line) and say why in one encodable line."""
    for item in items:
        assert isinstance(item, Article | IngestError), item
        if isinstance(item, IngestError):
            assert item.path == str(path) or item.path.startswith(f"{path}:"), item
            assert item.message and "\n" not in item.message
            str(item).encode("utf-8")
            continue
        assert item.text.strip() and item.text == normalise_text(item.text)
        assert "\x00" not in item.text and "\r" not in item.text and not item.text.startswith("\ufeff")
        assert unicodedata.is_normalized("NFC", item.text)
        assert len(item.id) == 16 and item.model_dump_json()


def read_one(path: Path) -> list:
    items = list(read_articles([path]))
    check_items(items, path)
    return items


@fuzz(1500)
@given(
    raw=st.lists(
        st.sampled_from(
            ["e", "\u0301", "\u0327", "\x00", "\r", "\n", "\ufeff", "\uac00", "\u11a8", "A", "\u212b", "\u0041\u030a"]
        ),
        max_size=12,
    ).map("".join)
)
def test_ingest_fuzz_normalised_text_is_stable(fuzz_inputs, raw):
    fuzz_inputs.tried()
    shown(raw=raw)
    text = normalise_text(raw)
    assert normalise_text(text) == text and unicodedata.is_normalized("NFC", text)
    assert "\x00" not in text and "\r" not in text and not text.startswith("\ufeff")


@fuzz(800)
@given(data=content, suffix=st.sampled_from(SUFFIXES))
def test_ingest_fuzz_any_file_gives_articles_or_errors(fuzz_inputs, data, suffix):
    fuzz_inputs.tried()
    shown(data=data, suffix=suffix)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"in{suffix}"
        path.write_bytes(data)
        items = read_one(path)
        if suffix.lower() != ".jsonl":
            assert len(items) == 1


@fuzz(400)
@given(soup=html_soup)
def test_ingest_fuzz_html_soup_reads_as_visible_text(fuzz_inputs, soup):
    fuzz_inputs.tried()
    shown(soup=soup)
    title, body = html_to_text(soup)
    assert title is None or (title and title == " ".join(title.split()))
    assert all(line and line == " ".join(line.split()) for line in body.split("\n")) or body == ""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.html"
        path.write_text(soup, "utf-8", errors="surrogatepass")
        [item] = read_one(path)
        assert isinstance(item, IngestError) or (item.title == title and item.text == normalise_text(body))


@fuzz(500)
@given(lines=jsonl)
def test_ingest_fuzz_jsonl_one_item_per_record(fuzz_inputs, lines):
    fuzz_inputs.tried()
    shown(lines=lines)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "news.jsonl"
        path.write_text(lines, "utf-8", newline="")
        items = read_one(path)
        assert len(items) == sum(1 for line in lines.split("\n") if line.strip())


@fuzz(300)
@given(
    texts=st.lists(text.filter(lambda t: normalise_text(t).strip()), min_size=1, max_size=5), ascii_only=st.booleans()
)
def test_ingest_fuzz_jsonl_valid_records_all_read(fuzz_inputs, texts, ascii_only):
    fuzz_inputs.tried()
    shown(texts=texts, ascii_only=ascii_only)
    # Any text json.dumps writes is one line (U+2028, U+0085 and friends stay raw without ensure_ascii).
    lines = "\n".join(json.dumps({"text": t, "id": f"r{i}"}, ensure_ascii=ascii_only) for i, t in enumerate(texts))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "news.jsonl"
        path.write_text(lines, "utf-8", newline="")
        items = read_one(path)
        assert [(a.source, a.text) for a in items] == [(f"r{i}", normalise_text(t)) for i, t in enumerate(texts)]


@fuzz(400)
@given(body=st.one_of(text, st.binary(max_size=200)), meta=sidecar, suffix=st.sampled_from([".txt", ".md"]))
def test_ingest_fuzz_sidecar_metadata(fuzz_inputs, body, meta, suffix):
    fuzz_inputs.tried()
    shown(body=body, meta=meta, suffix=suffix)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"story{suffix}"
        path.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8", "surrogatepass"))
        path.with_suffix(".json").write_bytes(meta if isinstance(meta, bytes) else meta.encode("utf-8"))
        assert len(read_one(path)) == 1


@fuzz(300)
@given(texts=st.lists(text.filter(str.strip), min_size=1, max_size=3), encoding=st.sampled_from(ENCODINGS[:6]))
def test_ingest_fuzz_unicode_encodings_read_or_named(fuzz_inputs, texts, encoding):
    fuzz_inputs.tried()
    shown(texts=texts, encoding=encoding)
    body = "\n".join(texts)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "story.txt"
        path.write_bytes(body.encode(encoding))
        [item] = read_one(path)
        if encoding in ("utf-8", "utf-8-sig") and normalise_text(body).strip():
            assert isinstance(item, Article) and item.text == normalise_text(body)
        elif encoding in ("utf-16", "utf-32"):  # these write a byte-order mark, which the message names
            # UTF-16's mark then a NUL is byte for byte UTF-32's mark (FF FE 00 00): either name is right.
            named = ("UTF-16", "UTF-32") if encoding == "utf-16" and body.startswith("\x00") else (encoding.upper(),)
            assert isinstance(item, IngestError) and any(
                item.message.endswith(f"{name} byte-order mark: save it as UTF-8") for name in named
            )


@fuzz(100)
@given(files=st.lists(st.tuples(content, st.sampled_from(SUFFIXES)), min_size=1, max_size=6))
def test_ingest_fuzz_directory_reads_every_file(fuzz_inputs, files):
    fuzz_inputs.tried()
    shown(files=files)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for number, (data, suffix) in enumerate(files):
            path = Path(tmp) / ("sub" if number % 2 else "") / f"f{number}{suffix}"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(data)
            paths.append(path)
        items = list(read_articles([Path(tmp)]))
        read = [p for p in paths if p.suffix.lower() in (".txt", ".md", ".html", ".htm", ".jsonl")]
        for path in read:
            check_items([i for i in items if _names(i, path)], path)
        assert all(any(_names(i, p) for p in read) for i in items)


def _names(item, path: Path) -> bool:
    if isinstance(item, IngestError):
        return item.path == str(path) or item.path.startswith(f"{path}:")
    return item.source == path.name or path.suffix == ".jsonl"


# --- what the fuzzing found, one regression test each --------------------------------------------------------------


def test_ingest_html_unknown_marked_section_is_skipped(tmp_path: Path):
    # html.parser raised AssertionError ("unknown status keyword 'x' in marked section") out of read_articles.
    assert html_to_text("<p>Iran <![x[ a ]]>backs<![ Hezbollah</p>") == (None, "Iran backs")
    (tmp_path / "page.html").write_text("<![x[ <p>Iran backs Hezbollah.</p>")
    [article] = read_articles([tmp_path / "page.html"])
    assert article.text == "Iran backs Hezbollah."


def test_ingest_html_deep_nesting_reads_in_linear_time():
    # Each tag and text scanned the open-element stack: 160 kB of `<b>x` took ~50 s.
    started = time.monotonic()
    assert html_to_text("<b>x" * 40_000)[1] == "x" * 40_000
    assert html_to_text("<b>" * 40_000 + "</i>" * 40_000 + "y")[1] == "y"
    assert time.monotonic() - started < 10


def test_ingest_jsonl_lines_end_at_newlines_only(tmp_path: Path):
    # str.splitlines cut records at U+2028 / U+0085, which json.dumps(ensure_ascii=False) leaves raw.
    text = "Iran backs Hezbollah.\u2028Russia bombed ISIS.\x85 End."
    (tmp_path / "news.jsonl").write_text(json.dumps({"id": "a", "text": text}, ensure_ascii=False) + "\r\n", "utf-8")
    [article] = read_articles([tmp_path / "news.jsonl"])
    assert (article.source, article.text) == ("a", text)


def test_ingest_deeply_nested_json_is_an_error_not_a_crash(tmp_path: Path):
    # json.loads raised RecursionError, which escaped read_articles.
    (tmp_path / "news.jsonl").write_text("[" * 100_000 + "\n" + json.dumps({"text": "Iran backs Hezbollah."}))
    (tmp_path / "story.txt").write_text("Iran backs Hezbollah.")
    (tmp_path / "story.json").write_text("[" * 100_000)
    items = list(read_articles([tmp_path / "news.jsonl", tmp_path / "story.txt"]))
    assert [type(i) for i in items] == [IngestError, Article, IngestError]
    assert items[0].message == "JSON nested too deeply" and items[0].path.endswith("news.jsonl:1")
    assert items[2].message == "story.json: JSON nested too deeply"


def test_ingest_sidecar_problems_name_the_sidecar(tmp_path: Path):
    (tmp_path / "story.txt").write_text("Iran backs Hezbollah.")
    (tmp_path / "story.json").write_bytes(codecs.BOM_UTF8 + b'{"title": "T"}')  # a UTF-8 BOM is fine
    assert next(read_articles([tmp_path / "story.txt"])).title == "T"
    (tmp_path / "story.json").write_text("{title: 1}")
    [error] = read_articles([tmp_path / "story.txt"])
    assert error.message.startswith("story.json: Expecting property name")
    (tmp_path / "story.json").write_text('{"title": 5}')
    [error] = read_articles([tmp_path / "story.txt"])
    assert error.message == "title: Input should be a valid string"  # not "1 validation error for Article"


def test_ingest_utf16_with_a_byte_order_mark_is_named(tmp_path: Path):
    # Refused, as before, but saying what the file is and what to do.
    (tmp_path / "story.txt").write_bytes("Iran backs Hezbollah.".encode("utf-16"))
    [error] = read_articles([tmp_path / "story.txt"])
    assert error.message == (
        "not UTF-8 text (byte 0: invalid start byte); it starts with a UTF-16 byte-order mark: save it as UTF-8"
    )
    (tmp_path / "story.txt").write_bytes("Iran backs Hézbollah.".encode("utf-8-sig"))
    [article] = read_articles([tmp_path / "story.txt"])
    assert article.text == "Iran backs Hézbollah."


def test_ingest_normalised_text_is_stable_around_nuls():
    # NULs were dropped after NFC, leaving "e" + combining acute uncomposed (and normalising again changed it).
    assert normalise_text("e\x00\u0301") == "\u00e9" == normalise_text(normalise_text("e\x00\u0301"))
