"""kg serve's access log: written by a listener thread, as uvicorn's own configuration writes it."""

from __future__ import annotations

import logging
import logging.config

from kg.access_log import HandedOff, log_config


def test_access_log_lines_are_written_by_the_listener_as_uvicorn_formats_them(capsys):
    loggers = [logging.getLogger(name) for name in ("uvicorn", "uvicorn.error", "uvicorn.access")]
    kept = [(logger.handlers[:], logger.level, logger.propagate) for logger in loggers]  # dictConfig sets all three
    access = loggers[2]
    try:
        logging.config.dictConfig(log_config())
        [handler] = access.handlers
        assert isinstance(handler, HandedOff)
        access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", "/sparql?query=ASK%7B%7D", "1.1", 200)
        handler.stop()  # the queued line is written before stop returns
        handler.stop()  # and a second stop (at exit) does nothing
    finally:
        for logger, (handlers, level, propagate) in zip(loggers, kept):
            logger.handlers[:], logger.level, logger.propagate = handlers, level, propagate
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert '127.0.0.1:5000 - "GET /sparql?query=ASK%7B%7D HTTP/1.1" 200' in out
