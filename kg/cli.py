"""The `kg` command: ingest, extract, query, export, viz, validate, load, eval, serve."""

from __future__ import annotations

import csv
import json
import sys
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kg.config import Settings, get_settings, version
from kg.errors import InvalidFilter, KGError
from kg.ingest import Article, IngestError, count_records, read_articles
from kg.server import DEFAULT_HOST, DEFAULT_PORT, PORTS, is_loopback, opened_while_importing, serve_app, uncollected

if TYPE_CHECKING:  # imported where used: `kg --help` starts without the query engine
    from pydantic import ValidationError
    from rich.console import Console
    from rich.progress import Progress

    from kg.query.runner import QueryRunner
    from kg.query.views import EvidenceFilter

app = typer.Typer(
    help="Conflict knowledge graph: who did what to whom, from the news.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


class _Console:
    """A rich Console made on the first print: rich takes ~0.05 s to import, and `kg serve` on a stored
    graph prints nothing of its own before it answers."""

    def __init__(self, *, stderr: bool = False) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    @property
    def rich(self) -> Console:
        if self._console is None:
            from rich.console import Console

            # stderr: one line per error, whatever the width
            self._console = Console(stderr=True, soft_wrap=True) if self._stderr else Console()
        return self._console

    def print(self, *objects, **options) -> None:
        self.rich.print(*objects, **options)


def escape(text: str) -> str:
    """`text` with rich markup escaped: paths, ids and messages are user text, not markup."""
    from rich.markup import escape as escape_markup

    return escape_markup(text)


err = _Console(stderr=True)
out = _Console()


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    table = "table"


class QueryFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


# The --format choices of kg export and kg load: names of kg.formats' EXPORTS and RDF_SYNTAXES, listed here so
# the type checker and typer see members (tests/kg/test_formats.py keeps the two in step).
class ExportFormat(str, Enum):
    turtle = "turtle"
    jsonld = "jsonld"
    nt = "nt"
    trig = "trig"


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one readable line to stderr and exit non-zero."""
    err.print(f"[red]error:[/red] {escape(str(message))}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _show_version(value: bool) -> None:
    if value:
        out.print(f"conflict-kg {version()}", highlight=False)
        raise typer.Exit()


@app.callback()
def main(
    show_version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit")
    ] = False,
) -> None:
    """Conflict knowledge graph: who did what to whom, from the news."""


StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        show_default=False,
        help="The store: a directory, `memory` or a sparql+http(s):// query URL [default: KG_STORE, else ./data/kg]",
    ),
]


def _settings(store: str | None) -> Settings:
    """The settings, with --store (when given) in place of KG_STORE."""
    settings = _configured()
    return settings if store is None else settings.model_copy(update={"store": store})


def _configured() -> Settings:
    """The KG_* settings, or one line naming the variable that is wrong."""
    from pydantic import ValidationError

    try:
        return get_settings()
    except ValidationError as exc:
        error = exc.errors()[0]  # its input is not echoed: it may be KG_API_TOKEN's
        name = f"KG_{str(error['loc'][0]).upper()}" if error["loc"] else "a KG_* variable"
        raise fail(f"{name}: {error['msg']}") from None


# What to do instead when `kg serve` holds the store, per command ({url}: the server's).
_WITH_SERVER = {
    "ingest": "send the articles to it: kg ingest --server {url} PATH…",
    "load": "stop it first: kg load needs the store to itself",
    "query": "ask it: curl -sG {url}/query --data-urlencode 'q=PATTERN' (SPARQL: {url}/sparql with query=…)",
    "export": "download from it: curl -OJ '{url}/export?format=turtle'",
    "viz": "open its page: {url}/graph",
    "validate": "validate its export: curl -s '{url}/export?format=nt' -o graph.nt && kg validate graph.nt",
    "serve": "use it: {url}",
}


def _busy_message(exc, command: str) -> str:
    if exc.server is None:
        return f"{exc}. Stop it, or use the server that holds it (kg ingest --server URL PATH…; GET URL/export)"
    return f"{exc}. Stop it, or {_WITH_SERVER[command].format(url=exc.server)}"


def _open_store(settings: Settings, command: str, *, create: bool = True):
    """The configured store, or one line saying why it cannot be opened (and who holds it)."""
    from kg.store import StoreBusyError, StoreError, open_store

    try:
        return open_store(settings.store, update=settings.store_update, timeout=settings.query_timeout, create=create)
    except StoreBusyError as exc:
        raise fail(_busy_message(exc, command)) from None
    except StoreError as exc:
        raise fail(str(exc)) from None


@contextmanager
def _opened_store(settings: Settings, command: str, *, create: bool = True):
    """The configured store, closed however the command ends: an on-disk store admits one process.

    `command` names the caller, for the advice when a server holds the store; a command that only reads
    passes create=False, so a mistyped path is an error rather than a new, empty store."""
    from kg.store import DiskFull

    store = _open_store(settings, command, create=create)
    full = None
    try:
        yield store
    except DiskFull as exc:  # one line naming the disk, whichever write met it
        full = exc
    finally:
        try:
            store.close()
        except DiskFull as exc:
            full = full or exc
    if full is not None:
        raise fail(str(full))


def _extractor(settings: Settings):
    from kg.extract import Extractor

    try:
        return Extractor(model=settings.model)
    except RuntimeError as exc:
        raise fail(str(exc)) from None


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories (.txt .md .html .jsonl)")],
    server: Annotated[str | None, typer.Option(help="Send the articles to a running `kg serve` at this URL")] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            help="Processes that parse articles (each loads the spaCy model); the main process writes",
        ),
    ] = 1,
    batch_size: Annotated[
        int, typer.Option(min=1, help="Articles per batch: one duplicate check, one task for a worker, one transaction")
    ] = 16,
    nquads: Annotated[
        Path | None,
        typer.Option(
            "--nquads",
            help="Write N-Quads shards into this directory instead of the store (load them with `kg load DIR`)",
        ),
    ] = None,
    spark: Annotated[
        str | None,
        typer.Option("--spark", help="Extract on Apache Spark at this master URL (e.g. local[2]); needs --nquads"),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Extract relations from articles and add them to the store (each article once; rerun to resume)."""
    settings = _settings(store)
    errors: list[IngestError] = []
    if spark:
        return _spark_ingest(paths, spark, nquads, settings)
    articles = _collect_errors(read_articles(paths), errors)
    if server and nquads:
        raise fail("--server and --nquads exclude each other: shards are written here, not sent")
    if server:
        added, seen = _post_articles(server, articles, settings)
    elif nquads:
        added, seen = _write_shards(
            settings, articles, nquads, _IngestRun(count_records(paths), errors, workers, batch_size)
        )
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


def _progress(unit: str | None = None) -> Progress:
    from kg.progress import count_progress

    return count_progress(err.rich, unit)


@dataclass(frozen=True)
class _IngestRun:
    """What `kg ingest` was asked for: `total` records expected, unreadable ones collected in `errors`."""

    total: int
    errors: list[IngestError]
    workers: int = 1
    batch_size: int = 16


def _load_articles(settings: Settings, articles, run: _IngestRun) -> tuple[int, int]:
    """Ingest into the configured store; the bar counts every input record (stored, present or unreadable)."""
    from kg.pipeline.loader import ArticleLoader

    with _opened_store(settings, "ingest") as store, _extraction(settings, run.workers) as extractor:
        return _run_loader(ArticleLoader(store, extractor, batch_size=run.batch_size), articles, run)


def _write_shards(settings: Settings, articles, directory: Path, run: _IngestRun) -> tuple[int, int]:
    """Ingest into N-Quads shards in `directory` (kg.pipeline.shards), resuming what an earlier run began."""
    from kg.pipeline.shards import ShardLoader, ShardWriter, prepare

    try:
        writer = ShardWriter(directory, prepare(directory))
    except OSError as exc:
        raise fail(f"cannot write shards into {directory}: {exc.strerror or exc}") from None
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
            progress.update(
                task,
                completed=seen + len(run.errors),
                description=escape(f"ingesting {Path(result.article.source or '').name[-24:]}"),
            )
    return added, seen


def _spark_ingest(paths: list[Path], master: str, nquads: Path | None, settings: Settings) -> None:
    """`kg ingest --spark MASTER --nquads DIR`: kg.spark does the work; this only checks and reports."""
    if nquads is None:
        raise fail("--spark needs --nquads DIR: the executors write shards there")
    try:
        from kg.spark import SparkUnavailable, ingest_on_spark
    except ImportError as exc:
        raise fail(f"--spark needs PySpark: pip install 'conflict-kg[spark]' ({exc})") from None
    try:
        done = ingest_on_spark([str(p) for p in paths], master, nquads, model=settings.model)
    except (SparkUnavailable, ValueError) as exc:
        raise fail(str(exc)) from None
    for problem in done.unreadable:
        err.print(f"[red]error:[/red] {escape(problem)}", highlight=False)
    out.print(
        f"{done.added} new article(s) ingested into {done.shards} shard(s), {done.present} already present, "
        f"{len(done.unreadable)} unreadable"
    )
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
        raise fail(str(exc)) from None


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
    extractor = _extractor(_configured())
    table: list[dict[str, str]] | None = [] if format is ExtractFormat.table else None
    for article in (i for i in items if isinstance(i, Article)):
        for relation in extractor.extract(article):
            if table is None:
                sys.stdout.write(
                    relation.model_dump_json(
                        exclude={
                            "source": {"aliases", "part_of", "member_of"},
                            "target": {"aliases", "part_of", "member_of"},
                        }
                    )
                    + "\n"
                )
            else:
                table.append(
                    {
                        "source": relation.source.label,
                        "relation": relation.relation,
                        "target": relation.target.label,
                        "date": str(relation.date or ""),
                        "status": relation.status,
                        "according to": relation.attribution_text or "",
                        "conf.": f"{relation.confidence:.2f}",
                        "sentence": relation.sentence,
                    }
                )
    if table is not None:
        _print_table(["source", "relation", "target", "date", "status", "according to", "conf.", "sentence"], table)
    for problem in problems:
        err.print(f"[red]error:[/red] {escape(str(problem))}", highlight=False)
    if problems:
        raise typer.Exit(1)


@app.command()
def query(
    text: Annotated[str, typer.Argument(help="A SPARQL query, or a pattern such as '?x backs assad-regime'")],
    format: Annotated[QueryFormat, typer.Option("--format", "-f")] = QueryFormat.table,
    min_confidence: Annotated[
        float | None, typer.Option(min=0, max=1, help="Patterns: only edges stated by an event at least this confident")
    ] = None,
    store: StoreOption = None,
    status: Annotated[
        str | None,
        typer.Option(
            help="Patterns: match events of these statuses (fact, reported, "
            "alleged, denied, intended, comma-separated; claims = reported "
            "and alleged) instead of the direct edges (facts)"
        ),
    ] = None,
    according_to: Annotated[
        str | None,
        typer.Option(
            help="Patterns: what this actor (slug) is said to say, for every triple without its own `according to`"
        ),
    ] = None,
    min_corroboration: Annotated[
        int, typer.Option(min=0, help="Patterns: each edge affirmed by at least this many articles")
    ] = 0,
) -> None:
    """Run a read-only SPARQL query, or a pattern such as `?x backs ?y . ?y strikes "the coalition"`, on the store.

    Under the server's limits: KG_QUERY_TIMEOUT and KG_MAX_RESULTS."""
    from kg.query.pattern import is_sparql
    from kg.query.runner import QueryRunner
    from kg.query.views import EvidenceFilter, parse_statuses

    settings = _settings(store)
    sparql = is_sparql(text)
    evidence = None
    if not sparql:
        try:
            evidence = EvidenceFilter(
                status=parse_statuses(status), according_to=according_to, min_confidence=min_confidence
            )
        except ValueError as exc:
            raise fail(str(exc)) from None
    with _opened_store(settings, "query", create=False) as opened:
        # The API's runner: on the on-disk store the query runs in a process that is killed past the limit.
        # The engine's parser, no network, the time limit, the result and memory caps.
        runner = QueryRunner(
            opened,
            timeout=settings.query_timeout,
            max_results=settings.max_results,
            workers=1,
            max_bytes=settings.max_result_bytes,
            memory_bytes=settings.query_memory_mb * 2**20,
        )
        try:
            if sparql:
                _query_sparql(runner, text, format)
            else:
                _query_pattern(runner, text, format, evidence, min_corroboration)
        finally:
            runner.close()


def _query_sparql(runner: QueryRunner, text: str, format: QueryFormat) -> None:
    """Answer SPARQL as GET /sparql does (parsed and run by the runner's engine); print it in `format`."""
    import pyoxigraph as ox

    from kg.formats import JSON_LD, SPARQL_JSON, TURTLE
    from kg.limits import AnswerTooLarge
    from kg.query import NotAcceptable, QueryRefused, QuerySyntaxError, UpdateSentAsQuery
    from kg.query.isolation import IsolationError
    from kg.query.runner import QueryFailed, QueryTimeout

    # A CONSTRUCT or DESCRIBE answers a graph: Turtle for the table, JSON-LD for json, and no CSV of a graph.
    graph = {QueryFormat.table: TURTLE.media_type, QueryFormat.json: JSON_LD.media_type}.get(format)
    try:
        answer = runner.answer(text, {"solutions": SPARQL_JSON.media_type, "graph": graph})
    except QueryTimeout:
        raise fail(_too_long(runner.timeout)) from None
    except UpdateSentAsQuery:
        raise fail(
            "kg query is read-only: this is a SPARQL Update; send it to POST /update of `kg serve` (KG_API_TOKEN)"
        ) from None
    except NotAcceptable:
        raise fail(
            f"a CONSTRUCT or DESCRIBE answers a graph, which has no {format.value}: "
            "use --format table (Turtle) or json (JSON-LD)"
        ) from None
    except (QuerySyntaxError, QueryRefused, QueryFailed, AnswerTooLarge, IsolationError) as exc:
        raise fail(str(exc)) from None
    if answer.truncated:
        err.print(f"only the first {runner.max_results} results (KG_MAX_RESULTS)", highlight=False)
    if answer.media_type in (TURTLE.media_type, JSON_LD.media_type):
        sys.stdout.write(answer.body.decode())
        return
    result = ox.parse_query_results(answer.body, format=SPARQL_JSON.oxigraph)
    if isinstance(result, ox.QueryBoolean):
        out.print("true" if bool(result) else "false")
        return
    names = [v.value for v in result.variables]
    found = [{name: solution[name].value for name in names if solution[name] is not None} for solution in result]
    _print_rows(found, names, format)


def _too_long(timeout: float) -> str:
    return (
        f"the query ran longer than {timeout:g} s (KG_QUERY_TIMEOUT): narrow it (an actor, a relation, "
        "a LIMIT) or raise KG_QUERY_TIMEOUT"
    )


def _query_pattern(
    runner: QueryRunner, text: str, format: QueryFormat, evidence: EvidenceFilter | None, min_corroboration: int = 0
) -> None:
    """Answer a pattern (kg.query.pattern): JSON as GET /query gives it, or one flat row per match."""
    from kg.query.pattern import PatternError, run_pattern
    from kg.query.runner import QueryTimeout

    try:
        result = run_pattern(runner, text, evidence=evidence, min_corroboration=min_corroboration)
    except PatternError as exc:
        raise fail(str(exc)) from None
    except QueryTimeout:
        raise fail(_too_long(runner.timeout)) from None
    if result.truncated:
        err.print(f"only the first {runner.max_results} matches (KG_MAX_RESULTS)", highlight=False)
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
        from kg.terminal import compact

        _print_table(names, [{name: compact(value) for name, value in row.items()} for row in found])


def _print_table(names: list[str], found: list[dict[str, str]]) -> None:
    """A table as wide as the terminal (80 columns when it is not one); long values under their row."""
    import shutil

    from kg.terminal import fit_rows

    width = shutil.get_terminal_size((80, 24)).columns
    sys.stdout.write("".join(line + "\n" for line in fit_rows(names, found, width)))


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.turtle,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout)")] = None,
    ontology: Annotated[bool, typer.Option(help="Include the ontology")] = False,
    store: StoreOption = None,
) -> None:
    """Write the whole graph as Turtle, JSON-LD, N-Triples or TriG (which keeps the ontology in its named graph)."""
    from kg.formats import rdf_syntax

    fmt = rdf_syntax(format.value).oxigraph
    with _opened_store(_settings(store), "export", create=False) as opened:
        if output is None:  # written as it is read: a large graph never sits whole in memory
            opened.dump_to(sys.stdout.buffer, fmt, include_ontology=ontology)
            sys.stdout.buffer.flush()
            return
        with _writing(output, "wb") as sink:
            opened.dump_to(sink, fmt, include_ontology=ontology)
    err.print(escape(f"wrote {output.stat().st_size:,} bytes to {output}"))


def _writing(output: Path, mode: str, **options):
    """`output` opened for writing, or a one-line error naming it (a missing folder, a directory, no permission)."""
    try:
        return output.open(mode, **options)
    except OSError as exc:
        raise fail(f"cannot write {output}: {exc.strerror or exc}") from None


@app.command()
def viz(
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("graph.html"),
    relation: Annotated[str | None, typer.Option(help="Only this relation and its sub-relations")] = None,
    actor: Annotated[str | None, typer.Option(help="Only actors within --depth hops of this slug")] = None,
    depth: Annotated[int, typer.Option(min=0, max=5, help="Hops around --actor")] = 1,
    since: Annotated[str | None, typer.Option(help="Events on or after YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option(help="Events on or before YYYY-MM-DD")] = None,
    store: StoreOption = None,
    status: Annotated[
        str | None,
        typer.Option(
            help="Evidence statuses shown (fact, reported, alleged, denied, intended; default all but denied)"
        ),
    ] = None,
    claims: Annotated[bool, typer.Option(help="Count reported, alleged and intended relations in the camps")] = False,
) -> None:
    """Write the interactive graph page as one self-contained HTML file (the filters of GET /graph)."""
    from pydantic import ValidationError

    from kg.query.filters import GraphFilters
    from kg.query.views import parse_day
    from kg.viz import render_page

    try:  # dates parsed here, as GET /graph parses its query string, so a bad value names its option
        filters = GraphFilters(
            relation=relation,
            actor=actor,
            depth=depth,
            since=parse_day(since, "since"),
            until=parse_day(until, "until"),
            status=status,
            claims=claims,
        )
    except ValidationError as exc:
        raise fail(_option_error(exc)) from None
    except InvalidFilter as exc:
        raise fail(str(exc)) from None
    with _opened_store(_settings(store), "viz", create=False) as opened:
        try:
            page = render_page(opened, filters)
        except (KGError, ValueError) as exc:  # an unknown name or a bad filter: the message says which
            raise fail(str(exc)) from None
    with _writing(output, "w", encoding="utf-8") as sink:
        sink.write(page)
    err.print(escape(f"wrote {output}"))


def _option_error(exc: ValidationError) -> str:
    """A filter model's first error as the option it names (`--depth: …`), or as its message when it is a check
    across options (since after until)."""
    error = exc.errors()[0]
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"--{error['loc'][0]}: {message}" if error["loc"] else message


@app.command()
def validate(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="An RDF file to check instead of the store (.nt .ttl .trig .nq .jsonld .rdf), e.g. from kg export"
        ),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Check the store (or FILE) against the SHACL shapes in ontology/shapes.ttl; exit 1 on violations."""
    from kg.store.base import StoreError
    from kg.validation import validate_file, validate_store

    if file is not None:
        try:
            report = validate_file(file)
        except StoreError as exc:
            raise fail(str(exc)) from None
        what = str(file)
    else:
        settings = _settings(store)
        with _opened_store(settings, "validate", create=False) as opened:
            report = validate_store(opened)
        what = f"the store at {settings.store}"
    _print_shape_report(report, what)
    if not report.conforms:
        raise typer.Exit(1)


def _print_shape_report(report, what: str) -> None:
    if report.conforms:
        # soft_wrap: a long store path must not break the verdict over two lines (scripts grep for it)
        out.print(escape(f"{what}: {report.triples:,} triples conform to the shapes"), highlight=False, soft_wrap=True)
        return
    out.print(
        escape(f"{what}: {report.total:,} violation(s) of the shapes in {report.triples:,} triples"),
        highlight=False,
        soft_wrap=True,
    )
    for violation in report.violations:
        out.print(
            escape(
                f"{violation.count:>6,}  {violation.path or '(node)'}: {violation.message} (e.g. {violation.example})"
            ),
            highlight=False,
            soft_wrap=True,
        )


class LoadFormat(str, Enum):  # kg.formats.RDF_SYNTAXES by name
    nt = "nt"
    nq = "nq"
    turtle = "turtle"
    trig = "trig"
    xml = "xml"
    jsonld = "jsonld"
    n3 = "n3"


@app.command()
def load(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="RDF files (.nt .nq .ttl .trig .rdf .jsonld), e.g. from kg export, "
            "or directories of shards (kg ingest --nquads)"
        ),
    ],
    format: Annotated[
        LoadFormat | None, typer.Option("--format", "-f", help="The files' format, when their extension does not say")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Bulk load RDF files into the store: fast, but not one transaction (after a failure, load the file again)."""
    from kg.formats import rdf_syntax
    from kg.store.base import DiskFull, StoreError, rdf_format

    fmt = None if format is None else rdf_syntax(format.value).oxigraph
    from kg.pipeline.shards import shard_files

    missing = [file for file in files if not file.exists()]
    if missing:
        raise fail(f"{missing[0]}: no such file or directory")
    empty = [file for file in files if file.is_dir() and not shard_files(file)]
    if empty:
        raise fail(f"{empty[0]} holds no shards (*.nq): give RDF files, or a directory kg ingest --nquads wrote")
    files = [shard for file in files for shard in (shard_files(file) if file.is_dir() else [file])]
    try:  # every file's format known before any is loaded
        formats = [rdf_format(file, fmt) for file in files]
    except StoreError as exc:
        raise fail(str(exc)) from None
    failed = 0
    with _opened_store(_settings(store), "load") as opened:
        for file, file_format in zip(files, formats):
            try:
                added, seconds = _bulk_load(opened, file, file_format)
            except DiskFull:
                raise  # not the file's fault: one line, from _opened_store
            except StoreError as exc:
                failed += 1
                err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
                err.print(
                    escape(
                        f"{file}: what was read before the error may be in the store; fix the file "
                        "and load it again (triples already in are not added twice)"
                    ),
                    highlight=False,
                )
                continue
            out.print(
                escape(
                    f"{file}: {added:,} triples added in {seconds:.1f} s ({added / max(seconds, 1e-9):,.0f} triples/s)"
                ),
                highlight=False,
                soft_wrap=True,
            )
    if failed:
        raise typer.Exit(1)


def _bulk_load(store, file: Path, fmt) -> tuple[int, float]:
    """Load one file with a bar of bytes read (the loaders report nothing else); (triples added, seconds)."""
    import time

    from kg.progress import bytes_progress

    size = file.stat().st_size if file.is_file() else None
    started = time.perf_counter()
    with bytes_progress(err.rich) as progress:
        task = progress.add_task(escape(f"loading {file.name}"[:60]), total=size)
        added = store.bulk_load(file, fmt, on_read=lambda read: progress.advance(task, read))
    return added, time.perf_counter() - started


class GoldHalf(str, Enum):
    tune = "tune"
    check = "check"


@app.command(name="eval")
def eval_(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL: text plus events with source, target, class or relation")],
    half: Annotated[
        GoldHalf | None,
        typer.Option(
            help="Score only this half of the records, split by a hash of their id: tune on one, report the other"
        ),
    ] = None,
) -> None:
    """Precision, recall and F1 against a gold file, per class (or relation) and per polarity, one gold event to
    one prediction."""
    from rich.table import Table

    from kg.extract.evaluate import evaluate, in_half, read_gold
    from kg.model import relation_ancestors

    try:
        records = in_half(read_gold(gold), half and half.value)
    except (OSError, ValueError) as exc:
        raise fail(f"cannot read {gold}: {exc}") from None
    extractor = _extractor(_configured())
    with _progress() as progress:
        task = progress.add_task("scoring", total=len(records))
        reports = evaluate(progress.track(records, task_id=task), extractor.extract, relation_ancestors)
    for report in reports:
        table = Table(
            report.level,
            "gold",
            "predicted",
            "precision",
            "recall",
            "F1",
            title=f"{report.level} level, {report.sentences} sentences{f' ({half.value} half)' if half else ''}",
        )
        for row in report.rows():
            table.add_row(*row)
        out.print(table)
    apart = Table("left out of scoring", "gold", "paired with a prediction", title="gold events not scored")
    for left_out in reports[0].apart_rows():
        apart.add_row(*left_out)
    out.print(apart)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(min=PORTS[0], max=PORTS[1], help="TCP port")] = DEFAULT_PORT,
    store: StoreOption = None,
) -> None:
    """Serve the API and graph page; an empty store first gets the articles in seeds/."""
    from kg.store import DiskFull

    settings = _settings(store)
    if settings.api_token is None and not is_loopback(host):
        # Without a token POST /articles is open, which is fine for one user on this machine only.
        raise fail(
            f"refusing to serve on {host} without a token: anyone who can reach it could write to the "
            "graph. Set KG_API_TOKEN (writes then need it), or serve on 127.0.0.1."
        )
    # Opened once and handed to the app, which closes it in its shutdown; that runs on SIGTERM too (uvicorn
    # re-raises the signal after shutdown, so code after run() may never run).
    on_disk = settings.store != "memory" and "://" not in settings.store
    with uncollected():
        opened = opened_while_importing(lambda: _open_store(settings, "serve"), alongside=on_disk)
    from api.main import create_app

    try:
        extractor = _seed_if_empty(opened, settings)
        app_ = create_app(settings, store=opened, extractor=extractor, bound_host=host, owns_store=True)
    except DiskFull as exc:  # one line naming the disk
        with suppress(DiskFull):
            opened.close()
        raise fail(str(exc)) from None
    except BaseException:
        opened.close()
        raise
    serve_app(app_, host, port)


def _seed_if_empty(store, settings: Settings):
    """Ingest the seed articles into a store without articles; the extractor then built, else None: on a
    stored graph spaCy loads with the first article, not before the first request."""
    from kg.query.views import has_articles

    if has_articles(store):
        return None
    from kg.pipeline.loader import ArticleLoader  # rdflib and spaCy with it: only to ingest the seeds

    seeds = settings.seeds_dir()
    err.print(escape(f"empty store: ingesting {seeds}"))
    extractor = _extractor(settings)
    articles = _collect_errors(read_articles([seeds]), [])
    for _ in ArticleLoader(store, extractor).load_many(articles):
        pass
    return extractor


if __name__ == "__main__":
    app()
