"""`kg serve`'s logging: uvicorn's own configuration, with the access log written by a thread of its own.

uvicorn logs each request on the event loop before it writes the answer's first byte; formatting the line and
writing it out took 0.03-0.09 ms, a tenth to a fifth of the server's own time on a cheap `/sparql`. Here
the request only queues the log record; a listener thread formats and writes it, with uvicorn's formatter, after.
"""

from __future__ import annotations

import atexit
import copy
import logging
import queue
import sys
from logging.handlers import QueueHandler, QueueListener
from typing import Any


class HandedOff(QueueHandler):
    """Queues records as they are (no formatting in the caller's thread) for a listener writing to stdout, where
    uvicorn writes its access lines."""

    def __init__(self) -> None:
        records: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
        super().__init__(records)
        self.writer = logging.StreamHandler(sys.stdout)
        self.listener = QueueListener(records, self.writer, respect_handler_level=False)
        self.listener.start()
        self._listening = True
        atexit.register(self.stop)  # the lines still queued are written before the process ends

    def stop(self) -> None:
        """Write the lines still queued and stop the listener (once; later records wait in the queue)."""
        if self._listening:
            self._listening = False
            self.listener.stop()

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        return record  # formatted by the writer, from the record's own arguments (uvicorn's formatter reads them)

    def setFormatter(self, fmt: logging.Formatter | None) -> None:  # noqa: N802 - logging's name
        self.writer.setFormatter(fmt)  # what logging.config sets goes to the handler that formats


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration, its access lines written by a HandedOff handler."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["handlers"]["access"] = {"()": HandedOff, "formatter": "access"}
    return config


__all__ = ["HandedOff", "log_config"]
