"""kg serve's access log: written after the answer, as uvicorn's own configuration formats it."""

from __future__ import annotations

import asyncio
import logging
import logging.config
from concurrent.futures import ThreadPoolExecutor

import pytest

from kg.access_log import AfterTheAnswer, log_config


def in_a_thread(function):
    """`function()` in a thread of its own: the browser tests' Playwright keeps an event loop running in this
    thread for the session, where a line would be taken as logged on a loop."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(function).result()


LINE = ('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", "/sparql?query=ASK%7B%7D", "1.1", 200)


@pytest.fixture
def access():
    """The access logger, configured by each test (its handler writes to the sys.stdout of that moment)."""
    loggers = [logging.getLogger(name) for name in ("uvicorn", "uvicorn.error", "uvicorn.access")]
    kept = [(logger.handlers[:], logger.level, logger.propagate) for logger in loggers]  # dictConfig sets all three
    try:
        yield loggers[2]
    finally:
        for logger, (handlers, level, propagate) in zip(loggers, kept):
            logger.handlers[:], logger.level, logger.propagate = handlers, level, propagate


def test_access_lines_on_the_loop_are_written_after_the_callback_as_uvicorn_formats_them(access, capsys):
    logging.config.dictConfig(log_config())
    [handler] = [each for each in access.handlers if isinstance(each, AfterTheAnswer)]  # pytest adds its own

    async def answer() -> str:
        access.info(*LINE)
        access.info(*LINE)
        written = capsys.readouterr().out  # nothing yet: the answer goes out first
        await asyncio.sleep(0)  # the loop's next turn writes both
        return written

    assert in_a_thread(lambda: asyncio.run(answer())) == ""
    out = capsys.readouterr().out
    assert out.count("\n") == 2
    assert '127.0.0.1:5000 - "GET /sparql?query=ASK%7B%7D HTTP/1.1" 200' in out


def test_access_lines_off_the_loop_are_written_at_once_and_none_is_lost_at_exit(access, capsys):
    logging.config.dictConfig(log_config())
    [handler] = [each for each in access.handlers if isinstance(each, AfterTheAnswer)]
    in_a_thread(lambda: access.info(*LINE))
    assert capsys.readouterr().out.count("\n") == 1
    handler._kept.append(access.makeRecord("uvicorn.access", logging.INFO, __file__, 1, LINE[0], LINE[1:], None))
    handler.write_kept()  # what atexit calls: a line kept when the loop stopped
    handler.write_kept()  # and again: nothing left
    assert capsys.readouterr().out.count("\n") == 1


@pytest.mark.parametrize("colours", [False, True])
@pytest.mark.parametrize(
    ("message", "args"),
    [
        (LINE[0], LINE[1:]),
        (LINE[0], (*LINE[1:5], 404)),
        (LINE[0], (*LINE[1:5], 599)),  # no phrase for it
        (LINE[0], ("127.0.0.1:5000", "GET", "/caf%C3%A9", "1.0", 503)),
        ("%s and %s", ("one", "two")),  # not uvicorn's access line: formatted as uvicorn does it
    ],
)
def test_quick_access_lines_are_uvicorns_own(message: str, args: tuple, colours: bool):
    from uvicorn.logging import AccessFormatter

    from kg.access_log import UVICORN_ACCESS, QuickAccess

    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, message, args, None)
    theirs = AccessFormatter(fmt=UVICORN_ACCESS, use_colors=colours)
    quick = QuickAccess(fmt=UVICORN_ACCESS, use_colors=colours)
    if len(args) == 5:
        assert quick.format(record) == theirs.format(record)
    else:  # uvicorn's AccessFormatter cannot format another message; neither can this one, in the same way
        with pytest.raises(ValueError):
            theirs.format(record)
        with pytest.raises(ValueError):
            quick.format(record)


def test_quick_access_keeps_an_exception_with_its_line():
    from kg.access_log import UVICORN_ACCESS, UVICORN_LINE, QuickAccess

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, UVICORN_LINE, LINE[1:], sys.exc_info())
    written = QuickAccess(fmt=UVICORN_ACCESS, use_colors=False).format(record)
    assert written.startswith('INFO:     127.0.0.1:5000 - "GET /sparql?query=ASK%7B%7D HTTP/1.1" 200 OK\n')
    assert "RuntimeError: boom" in written
