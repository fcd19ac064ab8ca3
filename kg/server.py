"""`kg serve`'s steps, without the CLI framework: the store opened while the app's modules import, the app built,
uvicorn run. The `kg` command (kg.__main__) serves a stored graph through `serve_quickly` without importing typer
or building the CLI; kg.cli's `serve` runs the same steps and answers everything that path leaves to it (--help,
a bad option or setting, a public address without a token, a store that will not open or has no articles yet).

This is an edge like kg.cli: it alone in kg, besides kg.cli, imports the app (api.main)."""

from __future__ import annotations

import gc
import ipaddress
from collections.abc import Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # kg.config brings pydantic: imported once collection is paused (see uncollected)
    from fastapi import FastAPI

    from kg.config import Settings
    from kg.store.base import Store

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
PORTS = (1, 65535)
# kg.cli's serve options by their spelling on the command line (tests/kg/test_server.py keeps the two in step).
OPTIONS = {"--host": "host", "--port": "port", "--store": "store"}


def serve_quickly(args: list[str]) -> int | None:
    """Run `kg serve ARGS` on a stored graph here and return its exit code, or None when kg.cli must answer."""
    options = _parsed(args)
    if options is None:
        return None
    with uncollected():
        app = _stored_graph_app(options.get("store"), options.get("host", DEFAULT_HOST))
    if app is None:
        return None
    serve_app(app, options.get("host", DEFAULT_HOST), int(options.get("port", DEFAULT_PORT)))
    return 0


@contextmanager
def uncollected() -> Iterator[None]:
    """The cyclic garbage collector off while the server starts, and what start-up built frozen when it ends.

    Importing FastAPI, pydantic and the routes allocates ~100k long-lived objects: the collector ran ~150 times
    over them (60-95 ms of CPU, a tenth of the start) and found ~1,000 to free. Frozen, they are never scanned again."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def opened_while_importing(open_: Callable[[], Store], *, alongside: bool = True) -> Store:
    """`open_()` run in a thread while the app's modules import: RocksDB opens without holding the GIL (0.05-0.2 s
    on a 1M store). What `open_` raises is raised here, once the imports are done. Not `alongside`: opened after
    them, in this thread (an engine's client imports httpx, which would only contend with them for the GIL)."""
    from concurrent.futures import ThreadPoolExecutor  # here: kg.cli imports this module, and its other commands

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-open") as opening:
        pending = opening.submit(open_) if alongside else None
        import uvicorn  # noqa: F401 - imported here to overlap the store's opening; serve_app uses it

        import api.main  # noqa: F401 - likewise, for create_app
    return pending.result() if pending else open_()


def serve_app(app: FastAPI, host: str, port: int) -> None:
    """Record the server's URL beside its on-disk store, then serve `app` until stopped."""
    import uvicorn

    from kg.access_log import log_config

    _announce(app, f"http://{_url_host(host)}:{port}")
    uvicorn.run(app, host=host, port=port, log_level="info", log_config=log_config())


def is_loopback(host: str) -> bool:
    """Whether `host` is this machine only (a host name other than localhost may resolve anywhere)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _stored_graph_app(store: str | None, host: str) -> FastAPI | None:
    """The app on the on-disk store that has articles, or None for kg.cli to handle (and explain) the rest."""
    from pydantic import ValidationError

    from kg.config import get_settings
    from kg.errors import KGError
    from kg.store import open_store

    try:
        settings = get_settings()
    except ValidationError:  # kg.cli names the variable
        return None
    settings = settings if store is None else settings.model_copy(update={"store": store})
    if (settings.api_token is None and not is_loopback(host)) or not _is_store_directory(settings.store):
        return None
    try:
        opened = opened_while_importing(lambda: open_store(settings.store, timeout=settings.query_timeout))
    except KGError:  # busy, or not a store: kg.cli says which, and what to do
        return None
    return _app_if_stored(opened, settings, host)


def _app_if_stored(store: Store, settings: Settings, host: str) -> FastAPI | None:
    from api.main import create_app
    from kg.errors import KGError
    from kg.query.views import has_articles

    try:
        if has_articles(store):
            return create_app(settings, store=store, bound_host=host, owns_store=True)
    except KGError:  # a full disk, say: kg.cli says so in one line
        pass
    except BaseException:
        store.close()
        raise
    store.close()  # no articles yet: kg.cli ingests the seeds first
    return None


def _is_store_directory(location: str) -> bool:
    return location != "memory" and "://" not in location and Path(location).expanduser().is_dir()


def _parsed(args: list[str]) -> dict[str, str] | None:
    """The options as kg.cli spells them (`--port 8001`, `--port=8001`), or None for anything else (--help, an
    unknown option, a port that is not one), which kg.cli answers."""
    options: dict[str, str] = {}
    words = iter(args)
    for word in words:
        name, equals, value = word.partition("=")
        if name not in OPTIONS:
            return None
        given = value if equals else next(words, None)
        if given is None or (not equals and given.startswith("-")):
            return None
        options[OPTIONS[name]] = given
    port = options.get("port", str(DEFAULT_PORT))
    if not (port.isascii() and port.isdigit() and PORTS[0] <= int(port) <= PORTS[1]):
        return None
    return options


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _announce(app: FastAPI, url: str) -> None:
    """Record `url` beside an on-disk store while the app serves it, so other commands can name it."""
    # Not kg.store.protocol's SCHEMES: that module imports httpx (0.2 s), which a local store never needs.
    from kg.store import OxigraphStore
    from kg.store.served import forget_server, record_server

    store = app.state.service.store
    if not isinstance(store, OxigraphStore) or store.path is None:  # an engine, or memory
        return
    path = store.path
    record_server(path, url)
    serving = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(running):
        try:
            async with serving(running) as state:
                yield state
        finally:
            forget_server(path)

    app.router.lifespan_context = lifespan
