"""The `kg` command: ingest, extract, query, export, serve, viz."""
from __future__ import annotations

import csv
import json
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape  # paths, ids and messages are user text, not markup
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from kg.config import Settings, get_settings
from kg.ingest import Article, IngestError, count_records, read_articles

app = typer.Typer(help="Conflict knowledge graph: who did what to whom, from the news.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
err = Console(stderr=True, soft_wrap=True)  # one line per error, whatever the width
out = Console()


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    table = "table"


class QueryFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(str, Enum):
    turtle = "turtle"
    jsonld = "jsonld"
    nt = "nt"
    trig = "trig"


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one readable line to stderr and exit non-zero."""
    err.print(f"[red]error:[/red] {escape(str(message))}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def _opened_store(settings: Settings):
    """The configured store, closed however the command ends: an on-disk store admits one process."""
    from kg.store import StoreBusyError, StoreError, open_store
    try:
        store = open_store(settings.store, update=settings.store_update, timeout=settings.query_timeout)
    except StoreBusyError as exc:
        raise fail(f"{exc}. Stop it, or send the articles to it: kg ingest --server http://127.0.0.1:8000 PATH…")
    except StoreError as exc:
        raise fail(str(exc))
    try:
        yield store
    finally:
        store.close()


def _extractor(settings: Settings):
    from kg.extract import Extractor
    try:
        return Extractor(model=settings.model)
    except RuntimeError as exc:
        raise fail(str(exc))


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories (.txt .md .html .jsonl)")],
    server: Annotated[Optional[str], typer.Option(help="Send the articles to a running `kg serve` at this URL")] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Processes that parse articles (each "
                                         "loads the spaCy model); the main process writes")] = 1,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per batch: one duplicate check, one task for a "
                                            "worker, one transaction")] = 16,
    nquads: Annotated[Optional[Path], typer.Option("--nquads", help="Write N-Quads shards into this directory "
                                                   "instead of the store (load them with `kg load DIR`)")] = None,
    spark: Annotated[Optional[str], typer.Option("--spark", help="Extract on Apache Spark at this master URL "
                                                 "(e.g. local[2]); needs --nquads")] = None,
) -> None:
    """Extract relations from articles and add them to the store (each article once; rerun to resume)."""
    settings = get_settings()
    errors: list[IngestError] = []
    if spark:
        return _spark_ingest(paths, spark, nquads, settings)
    articles = _collect_errors(read_articles(paths), errors)
    if server and nquads:
        raise fail("--server and --nquads exclude each other: shards are written here, not sent")
    if server:
        added, seen = _post_articles(server, articles, settings)
    elif nquads:
        added, seen = _write_shards(settings, articles, nquads, _IngestRun(count_records(paths), errors, workers,
                                                                           batch_size))
    else:
        added, seen = _load_articles(settings, articles, _IngestRun(count_records(paths), errors, workers, batch_size))
    for problem in errors:
        err.print(f"[red]error:[/red] {escape(str(problem))}", highlight=False)
    out.print(f"{added} new article(s) ingested, {seen - added} already present, {len(errors)} unreadable")
    if errors:
        raise typer.Exit(1)


def _collect_errors(items, errors: list[IngestError]):
    for item in items:
        if isinstance(item, IngestError):
            errors.append(item)
        else:
            yield item


class _RateColumn(ProgressColumn):
    """Items per second since the start, e.g. "12.3 articles/s".

    Not rich's task.speed: that averages the last updates, and ingest advances a batch at a time."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task) -> Text:
        rate = task.completed / task.elapsed if task.elapsed and task.completed else None
        return Text(f"{rate:,.1f} {self.unit}/s" if rate else f"- {self.unit}/s", style="progress.data.speed")


def _progress(unit: str | None = None) -> Progress:
    rate = [_RateColumn(unit)] if unit else []
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), *rate, TimeElapsedColumn(),
                    console=err, transient=False)


@dataclass(frozen=True)
class _IngestRun:
    """What `kg ingest` was asked for: `total` records expected, unreadable ones collected in `errors`."""

    total: int
    errors: list[IngestError]
    workers: int = 1
    batch_size: int = 16


def _load_articles(settings: Settings, articles, run: _IngestRun) -> tuple[int, int]:
    """Ingest into the configured store; the bar counts every input record (stored, present or unreadable)."""
    from kg.store.loader import ArticleLoader
    with _opened_store(settings) as store, _extraction(settings, run.workers) as extractor:
        return _run_loader(ArticleLoader(store, extractor, batch_size=run.batch_size), articles, run)


def _write_shards(settings: Settings, articles, directory: Path, run: _IngestRun) -> tuple[int, int]:
    """Ingest into N-Quads shards in `directory` (kg.store.shards), resuming what an earlier run began."""
    from kg.store.shards import ShardLoader, ShardWriter, prepare
    try:
        writer = ShardWriter(directory, prepare(directory))
    except OSError as exc:
        raise fail(f"cannot write shards into {directory}: {exc.strerror or exc}")
    with _extraction(settings, run.workers) as extractor:
        try:
            return _run_loader(ShardLoader(writer, extractor, batch_size=run.batch_size), articles, run)
        finally:
            writer.finish()


def _run_loader(loader, articles, run: _IngestRun) -> tuple[int, int]:
    added = seen = 0
    with _progress("articles") as progress:
        task = progress.add_task("ingesting", total=run.total or None)
        for result in loader.load_many(articles):
            seen += 1
            added += result.added
            progress.update(task, completed=seen + len(run.errors),
                            description=escape(f"ingesting {Path(result.article.source or '').name[-24:]}"))
    return added, seen


def _spark_ingest(paths: list[Path], master: str, nquads: Path | None, settings: Settings) -> None:
    """`kg ingest --spark MASTER --nquads DIR`: kg.spark does the work; this only checks and reports."""
    if nquads is None:
        raise fail("--spark needs --nquads DIR: the executors write shards there")
    try:
        from kg.spark import SparkUnavailable, ingest_on_spark
    except ImportError as exc:
        raise fail(f"--spark needs PySpark: pip install 'conflict-kg[spark]' ({exc})")
    try:
        done = ingest_on_spark([str(p) for p in paths], master, nquads, model=settings.model)
    except (SparkUnavailable, ValueError) as exc:
        raise fail(str(exc))
    for problem in done.unreadable:
        err.print(f"[red]error:[/red] {escape(problem)}", highlight=False)
    out.print(f"{done.added} new article(s) ingested into {done.shards} shard(s), {done.present} already present, "
              f"{len(done.unreadable)} unreadable")
    if done.unreadable:
        raise typer.Exit(1)


@contextmanager
def _extraction(settings: Settings, workers: int):
    """An Extractor in this process, or a pool of `workers` processes each with its own."""
    if workers == 1:
        yield _extractor(settings)
        return
    import spacy

    from kg.extract.parallel import ExtractionPool, WorkerError
    if not (spacy.util.is_package(settings.model) or Path(settings.model).exists()):
        raise fail(f"spaCy model {settings.model!r} is not installed: pip install {settings.model.replace('_', '-')}")
    try:
        with ExtractionPool(settings.model, workers) as pool:
            yield pool
    except WorkerError as exc:
        raise fail(str(exc))


def _post_articles(server: str, articles, settings: Settings) -> tuple[int, int]:
    import httpx
    headers = {"Authorization": f"Bearer {settings.api_token.get_secret_value()}"} if settings.api_token else {}
    added = seen = 0
    with httpx.Client(base_url=server, headers=headers, timeout=120) as client, _progress() as progress:
        task = progress.add_task("sending", total=None)
        for article in articles:
            response = client.post("/articles", json=article.model_dump(mode="json", exclude_none=True))
            if response.status_code >= 400:
                raise fail(f"{server} refused {article.source}: {response.status_code} {response.text[:200]}")
            seen += 1
            added += bool(response.json().get("added", True))
            progress.update(task, advance=1)
    return added, seen


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="An article (.txt .md .html) or a .jsonl of articles")],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f")] = ExtractFormat.jsonl,
) -> None:
    """Print the relations found in FILE, without touching the store."""
    items = list(read_articles([file]))
    problems = [i for i in items if isinstance(i, IngestError)]
    extractor = _extractor(get_settings())
    table = _extraction_table() if format is ExtractFormat.table else None
    for article in (i for i in items if isinstance(i, Article)):
        for relation in extractor.extract(article):
            if table is None:
                sys.stdout.write(relation.model_dump_json(exclude={"source": {"aliases", "part_of", "member_of"},
                                                                   "target": {"aliases", "part_of", "member_of"}}) + "\n")
            else:
                table.add_row(relation.source.label, relation.relation, relation.target.label,
                              str(relation.date or ""), "yes" if relation.negated else "", f"{relation.confidence:.2f}",
                              relation.sentence)
    if table is not None:
        out.print(table)
    for problem in problems:
        err.print(f"[red]error:[/red] {escape(str(problem))}", highlight=False)
    if problems:
        raise typer.Exit(1)


def _extraction_table() -> Table:
    table = Table("source", "relation", "target", "date", "negated", "conf.", "sentence")
    table.columns[-1].overflow = "fold"
    return table


@app.command()
def query(
    text: Annotated[str, typer.Argument(help="A SPARQL query, or a pattern such as '?x backs assad-regime'")],
    format: Annotated[QueryFormat, typer.Option("--format", "-f")] = QueryFormat.table,
    min_confidence: Annotated[Optional[float], typer.Option(min=0, max=1, help="Patterns: only edges stated by an "
                                                            "event at least this confident")] = None,
) -> None:
    """Run a read-only SPARQL query, or a pattern such as `?x backs ?y . ?y strikes "the coalition"`, on the store."""
    from kg.query import QueryRefused, QuerySyntaxError, rows, run_query, serialize
    from kg.query.pattern import is_sparql
    with _opened_store(get_settings()) as store:
        if not is_sparql(text):
            return _query_pattern(store, text, format, min_confidence)
        try:
            checked, result = run_query(store, text)
        except (QuerySyntaxError, QueryRefused) as exc:
            raise fail(str(exc))
        if checked.returns_graph:
            sys.stdout.write(serialize(result, "text/turtle").decode())
        elif checked.form == "ASK":
            out.print("true" if bool(result) else "false")
        else:
            _print_rows(rows(result), [v.value for v in result.variables], format)
        del result  # the store closes on leaving: no iterator may outlive it


def _query_pattern(store, text: str, format: QueryFormat, min_confidence: float | None = None) -> None:
    """Answer a pattern (kg.query.pattern): JSON as GET /query gives it, or one flat row per match."""
    from kg.query.pattern import PatternError, run_pattern
    from kg.query.runner import QueryRunner, QueryTimeout
    settings = get_settings()
    runner = QueryRunner(store, timeout=settings.query_timeout, max_results=settings.max_results)
    try:
        result = run_pattern(runner, text, min_confidence=min_confidence)
    except PatternError as exc:
        raise fail(str(exc))
    except QueryTimeout:
        raise fail(f"the query ran longer than {settings.query_timeout:g} s (KG_QUERY_TIMEOUT)")
    finally:
        runner.close()
    if result.truncated:
        err.print(f"only the first {settings.max_results} matches (KG_MAX_RESULTS)", highlight=False)
    if format is QueryFormat.json:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    else:
        names, found = result.flat()
        _print_rows(found, names, format)


def _print_rows(found: list[dict], names: list[str], format: QueryFormat) -> None:
    if format is QueryFormat.json:
        sys.stdout.write(json.dumps(found, indent=2) + "\n")
    elif format is QueryFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=names)
        writer.writeheader()
        writer.writerows(found)
    else:
        table = Table(*names)
        for row in found:
            table.add_row(*(row.get(name, "") for name in names))
        out.print(table)


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.turtle,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: stdout)")] = None,
    ontology: Annotated[bool, typer.Option(help="Include the ontology")] = False,
) -> None:
    """Write the whole graph as Turtle, JSON-LD, N-Triples or TriG (which keeps the ontology in its named graph)."""
    import pyoxigraph as ox
    fmt = {"turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD, "nt": ox.RdfFormat.N_TRIPLES,
           "trig": ox.RdfFormat.TRIG}[format.value]
    with _opened_store(get_settings()) as store:
        if output is None:  # written as it is read: a large graph never sits whole in memory
            store.dump_to(sys.stdout.buffer, fmt, include_ontology=ontology)
            sys.stdout.buffer.flush()
            return
        with output.open("wb") as sink:
            store.dump_to(sink, fmt, include_ontology=ontology)
    err.print(escape(f"wrote {output.stat().st_size:,} bytes to {output}"))


@app.command()
def viz(
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("graph.html"),
    relation: Annotated[Optional[str], typer.Option(help="Only this relation and its sub-relations")] = None,
    actor: Annotated[Optional[str], typer.Option(help="Only actors within --depth hops of this slug")] = None,
    depth: Annotated[int, typer.Option(min=0, max=5, help="Hops around --actor")] = 1,
    since: Annotated[Optional[str], typer.Option(help="Events on or after YYYY-MM-DD")] = None,
    until: Annotated[Optional[str], typer.Option(help="Events on or before YYYY-MM-DD")] = None,
) -> None:
    """Write the interactive graph page as one self-contained HTML file (the filters of GET /graph)."""
    from kg.viz import render_page
    with _opened_store(get_settings()) as store:
        try:
            page = render_page(store, relation=relation, actor=actor, depth=depth, since=since, until=until)
        except (KeyError, ValueError) as exc:
            raise fail(exc.args[0] if exc.args else str(exc))
    output.write_text(page, encoding="utf-8")
    err.print(escape(f"wrote {output}"))


class LoadFormat(str, Enum):
    nt = "nt"
    nq = "nq"
    turtle = "turtle"
    trig = "trig"
    xml = "xml"
    jsonld = "jsonld"
    n3 = "n3"


@app.command()
def load(
    files: Annotated[list[Path], typer.Argument(help="RDF files (.nt .nq .ttl .trig .rdf .jsonld), e.g. from kg export, "
                                                "or directories of shards (kg ingest --nquads)")],
    format: Annotated[Optional[LoadFormat], typer.Option("--format", "-f", help="The files' format, when their "
                                                         "extension does not say")] = None,
) -> None:
    """Bulk load RDF files into the store: fast, but not one transaction (after a failure, load the file again)."""
    import pyoxigraph as ox

    from kg.store.base import StoreError, rdf_format
    fmt = None if format is None else {"nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
                                       "turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG,
                                       "xml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD,
                                       "n3": ox.RdfFormat.N3}[format.value]
    from kg.store.shards import shard_files
    empty = [file for file in files if file.is_dir() and not shard_files(file)]
    if empty:
        raise fail(f"{empty[0]} holds no shards (*.nq): give RDF files, or a directory kg ingest --nquads wrote")
    files = [shard for file in files for shard in (shard_files(file) if file.is_dir() else [file])]
    try:  # every file's format known before any is loaded
        formats = [rdf_format(file, fmt) for file in files]
    except StoreError as exc:
        raise fail(str(exc))
    failed = 0
    with _opened_store(get_settings()) as store:
        for file, file_format in zip(files, formats):
            try:
                added, seconds = _bulk_load(store, file, file_format)
            except StoreError as exc:
                failed += 1
                err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
                err.print(escape(f"{file}: what was read before the error may be in the store; fix the file "
                                 "and load it again (triples already in are not added twice)"), highlight=False)
                continue
            out.print(escape(f"{file}: {added:,} triples added in {seconds:.1f} s "
                             f"({added / max(seconds, 1e-9):,.0f} triples/s)"), highlight=False, soft_wrap=True)
    if failed:
        raise typer.Exit(1)


def _bulk_load(store, file: Path, fmt) -> tuple[int, float]:
    """Load one file with a bar of bytes read (the loaders report nothing else); (triples added, seconds)."""
    import time

    from rich.progress import DownloadColumn, TransferSpeedColumn
    size = file.stat().st_size if file.is_file() else None
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
               TimeElapsedColumn())
    started = time.perf_counter()
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task(escape(f"loading {file.name}"[:60]), total=size)
        added = store.bulk_load(file, fmt, on_read=lambda read: progress.advance(task, read))
    return added, time.perf_counter() - started


@app.command(name="eval")
def eval_(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL: text plus events with source, target, class or relation")],
) -> None:
    """Precision, recall and F1 against a gold file, per class (or relation) and per polarity."""
    from kg.extract.evaluate import evaluate, read_gold
    from kg.model import relation_ancestors
    try:
        records = read_gold(gold)
    except (OSError, ValueError) as exc:
        raise fail(f"cannot read {gold}: {exc}")
    extractor = _extractor(get_settings())
    with _progress() as progress:
        task = progress.add_task("scoring", total=len(records))
        reports = evaluate(progress.track(records, task_id=task), extractor.extract, relation_ancestors)
    for report in reports:
        table = Table(report.level, "gold", "predicted", "precision", "recall", "F1",
                      title=f"{report.level} level, {report.sentences} sentences")
        for row in report.rows():
            table.add_row(*row)
        out.print(table)


def _is_loopback(host: str) -> bool:
    import ipaddress
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may resolve anywhere
        return False


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
) -> None:
    """Serve the API and graph page; an empty store first gets the articles in seeds/."""
    import uvicorn

    from api.main import create_app
    from kg.store.loader import ArticleLoader, has_articles
    settings = get_settings()
    if settings.api_token is None and not _is_loopback(host):
        # Without a token POST /articles is open, which is fine for one user on this machine only.
        raise fail(f"refusing to serve on {host} without a token: anyone who can reach it could write to the "
                   "graph. Set KG_API_TOKEN (writes then need it), or serve on 127.0.0.1.")
    extractor = _extractor(settings)
    with _opened_store(settings) as store:
        if not has_articles(store):
            seeds = settings.seeds_dir()
            err.print(escape(f"empty store: ingesting {seeds}"))
            articles = _collect_errors(read_articles([seeds]), [])
            for _ in ArticleLoader(store, extractor).load_many(articles):
                pass
    # The app opens the store itself and closes it in its shutdown, which runs on SIGTERM too
    # (uvicorn re-raises the signal after shutdown, so code after run() may never run).
    uvicorn.run(create_app(settings, extractor=extractor), host=host, port=port, log_level="info")


if __name__ == "__main__":
    app()
