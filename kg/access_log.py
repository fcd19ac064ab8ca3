"""`kg serve`'s logging: uvicorn's own configuration, with the access log written after each answer.

uvicorn logs each request on the event loop before it writes the answer's first byte; formatting the line and
writing it out took 0.03-0.09 ms, a tenth to a fifth of the server's own time on a cheap `/sparql`. Here the
request only keeps the record; once the loop's current callback has returned (the answer written) the lines kept
are formatted with uvicorn's formatter and written in one go. A listener thread did this before, but waking it and
handing it the GIL cost two context switches per request, about what the formatting itself cost.
"""

from __future__ import annotations

import asyncio
import atexit
import copy
import logging
import sys
from typing import Any


class AfterTheAnswer(logging.Handler):
    """Writes records to stdout (where uvicorn writes its access lines) once the event loop's current callback has
    returned; a record logged where no loop runs is written at once."""

    def __init__(self) -> None:
        super().__init__()
        self.writer = logging.StreamHandler(sys.stdout)
        self._kept: list[logging.LogRecord] = []
        atexit.register(self.write_kept)  # the lines still kept are written before the process ends

    def emit(self, record: logging.LogRecord) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.writer.handle(record)
            return
        if not self._kept:
            loop.call_soon(self.write_kept)
        self._kept.append(record)

    def write_kept(self) -> None:
        """Write the lines kept so far (the loop calls this after the answer; atexit at the end)."""
        self.acquire()  # emit runs holding it (logging.Handler.handle)
        try:
            kept, self._kept = self._kept, []
        finally:
            self.release()
        if kept:
            try:
                self.writer.stream.write("".join(self.writer.format(record) + "\n" for record in kept))
                self.writer.flush()
            except Exception:  # noqa: BLE001 - logging must not take the server down; it reports as logging does
                self.handleError(kept[-1])

    def setFormatter(self, fmt: logging.Formatter | None) -> None:  # noqa: N802 - logging's name
        self.writer.setFormatter(fmt)  # what logging.config sets goes to the handler that formats


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration, its access lines written by an AfterTheAnswer handler."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["handlers"]["access"] = {"()": AfterTheAnswer, "formatter": "access"}
    return config


__all__ = ["AfterTheAnswer", "log_config"]
