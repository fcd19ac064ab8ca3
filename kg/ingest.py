"""Read news files (.txt, .md, .html, .jsonl) into `Article`s, reporting what can't be read."""

from __future__ import annotations

import codecs
import hashlib
import json
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError, field_validator

SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")
# Files must be UTF-8. Windows editors save "Unicode" as UTF-16 with a byte-order mark: say so when one is there
# (not decoded: UTF-16 decoding almost never fails, so any binary file starting FF FE would become an article).
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


class Article(BaseModel):
    """One news article, its text normalised so offsets and ids are stable."""

    text: str = Field(min_length=1)
    title: str | None = None
    url: str | None = None
    published: date | None = None
    source: str | None = Field(None, description="File name or record id it came from")

    @field_validator("text")
    @classmethod
    def _normalise(cls, value: str) -> str:
        text = normalise_text(value)
        if not text.strip():
            raise ValueError("article text is empty")
        return text

    @field_validator("published", mode="before")
    @classmethod
    def _iso_prefix(cls, value: object) -> object:
        # Feeds give "2017-06-06T10:00:00Z"; the day is what the graph keeps.
        if isinstance(value, str) and len(value) > 10 and value[4:5] == "-":
            return value[:10]
        return value or None

    @property
    def id(self) -> str:
        return article_id(self.text)


@dataclass(frozen=True)
class IngestError:
    """An input that could not be read, and why."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def normalise_text(text: str) -> str:
    """NFC, Unix newlines, no BOM or NULs: the text every offset refers to (normalising it again changes nothing)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").lstrip("\ufeff")
    # NFC last: dropping a NUL after it could join a letter and a combining mark that NFC would compose.
    return unicodedata.normalize("NFC", text)


def article_id(text: str) -> str:
    """First 16 hex digits of the SHA-256 of the normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The readable-looking files under `paths`, directories walked in name order."""
    for path in paths:
        if path.is_dir():
            yield from (p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            yield path


def read_articles(paths: Iterable[Path]) -> Iterator[Article | IngestError]:
    """Every article in `paths`; unreadable inputs come out as `IngestError`s, in order."""
    for path in iter_files(paths):
        try:
            yield from _read_file(path)
        except (OSError, ValueError, RecursionError) as exc:  # ValueError includes UnicodeDecodeError
            yield IngestError(str(path), _describe(exc))


def _describe(exc: Exception) -> str:
    """One line saying what was wrong with an input."""
    if isinstance(exc, UnicodeDecodeError):
        wide = next((name for bom, name in _WIDE_BOMS if exc.object.startswith(bom)), None)
        hint = f"; it starts with a {wide} byte-order mark: save it as UTF-8" if wide else ""
        return f"not UTF-8 text (byte {exc.start}: {exc.reason}){hint}"
    if isinstance(exc, RecursionError):
        return "JSON nested too deeply"
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        field = ".".join(map(str, error["loc"])) or "record"
        return f"{field}: {error['msg'].removeprefix('Value error, ')}"
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    message = str(exc).strip()
    return message.splitlines()[0] if message else type(exc).__name__


def _read_file(path: Path) -> Iterator[Article | IngestError]:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"unsupported file type {suffix or '(none)'}; expected one of {', '.join(SUFFIXES)}")
    if suffix == ".jsonl":
        yield from _read_jsonl(path)
        return
    raw = path.read_bytes().decode("utf-8")
    if suffix in (".html", ".htm"):
        title, text = html_to_text(raw)
        yield Article(text=text, title=title, source=path.name)
    else:
        yield Article(text=raw, source=path.name, **_sidecar(path))


def _sidecar(path: Path) -> dict:
    """Metadata from `NAME.json` beside `NAME.txt`, if present."""
    meta_path = path.with_suffix(".json")
    if not meta_path.is_file():
        return {}
    try:
        meta = json.loads(meta_path.read_bytes().decode("utf-8-sig"))
    except (ValueError, RecursionError) as exc:
        raise ValueError(f"{meta_path.name}: {_describe(exc)}") from None
    if not isinstance(meta, dict):
        raise ValueError(f"{meta_path.name} is not a JSON object")
    return {key: meta[key] for key in ("title", "url", "published") if meta.get(key)}


def _read_jsonl(path: Path) -> Iterator[Article | IngestError]:
    """One article or error per non-blank line, read line by line: a JSONL file may be larger than memory."""
    with path.open("rb") as stream:
        # Binary lines end at b"\n" only, as JSON Lines does: str.splitlines would also split at U+2028,
        # U+0085 and others, which json.dumps(ensure_ascii=False) leaves raw inside strings.
        for number, line in enumerate(stream, start=1):
            where = f"{path}:{number}"
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                if number == 1 and line.startswith(tuple(bom for bom, _ in _WIDE_BOMS)):
                    raise  # a UTF-16 or UTF-32 file: one error for the whole file, naming its byte-order mark
                yield IngestError(where, _describe(exc))
                continue
            if text.strip():
                yield parse_jsonl_record(text, where)


def parse_jsonl_record(line: str, where: str) -> Article | IngestError:
    """One JSON Lines record as an Article (`id`, `text`, `title`, `url`, `published`), or why it is unreadable."""
    try:
        record = json.loads(line)
        if not isinstance(record, dict):
            raise ValueError("not a JSON object")
        fields = {key: record.get(key) for key in ("text", "title", "url", "published")}
        return Article(source=str(record.get("id") or where), **fields)
    except (ValueError, RecursionError) as exc:
        return IngestError(where, _describe(exc))


def count_records(paths: Iterable[Path]) -> int:
    """How many items `read_articles` will give, about: one per file, one per non-blank line of a JSONL file.

    For a progress bar's total, read in blocks without decoding: cheap beside extraction, and memory stays flat."""
    total = 0
    for path in iter_files(paths):
        if path.suffix.lower() != ".jsonl":
            total += 1
            continue
        try:
            with path.open("rb") as stream:
                total += sum(1 for line in stream if line.strip())
        except OSError:
            total += 1  # read_articles reports it as one error
    return total


class _TextExtractor(HTMLParser):
    _SKIP = {"script", "style", "noscript", "template", "head"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section", "article"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._stack: list[str] = []
        # Open elements per tag, so each tag and each text costs O(1) however deep the soup is nested
        # (scanning the stack made 160 kB of `<b>x` take a minute).
        self._open: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._BLOCK:
            self.parts.append("\n")
        self._stack.append(tag)
        self._open[tag] += 1

    def handle_endtag(self, tag: str) -> None:
        while self._open[tag]:
            closed = self._stack.pop()
            self._open[closed] -= 1
            if closed == tag:
                break
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._open["title"]:
            self.title.append(data)
        elif not any(self._open[tag] for tag in self._SKIP):
            self.parts.append(data)

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        # html.parser raises AssertionError on a marked section it doesn't know (`<![x[`, `<![ `);
        # HTML has none outside foreign content, and browsers skip one to the next `>` as a bogus comment.
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i + 3)
            return -1 if end < 0 else end + 1


def html_to_text(html: str) -> tuple[str | None, str]:
    """(title, visible text) of an HTML page, paragraphs on their own lines."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    title = " ".join("".join(parser.title).split()) or None
    return title, "\n".join(line for line in lines if line)
