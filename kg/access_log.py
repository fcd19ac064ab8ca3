"""`kg serve`'s logging: uvicorn's own configuration, with the access log written after each answer.

uvicorn logs each request on the event loop before it writes the answer's first byte; formatting the line and
writing it out took 0.03-0.09 ms, a tenth to a fifth of the server's own time on a cheap `/sparql`. Here the
request only keeps the record; once the loop's current callback has returned (the answer written) the lines kept
are formatted with uvicorn's formatter and written in one go. A listener thread did this before, but waking it and
handing it the GIL cost two context switches per request, about what the formatting itself cost.

uvicorn's formatter then still cost ~20 µs a line (it copies the record, looks the status phrase up and fills the
format string each time); QuickAccess writes the same line from the record's arguments, the level prefix and status
phrases made once.
"""

from __future__ import annotations

import asyncio
import atexit
import copy
import logging
import sys
from functools import lru_cache
from typing import Any, cast

from uvicorn.logging import AccessFormatter

UVICORN_ACCESS = '%(levelprefix)s %(client_addr)s - "%(request_line)s" %(status_code)s'  # uvicorn's default format
UVICORN_LINE = '%s - "%s %s HTTP/%s" %d'  # what uvicorn's HTTP protocols log for each answer


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


class QuickAccess(AccessFormatter):
    """uvicorn's AccessFormatter, its default line written straight from the record's arguments."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._status = lru_cache(maxsize=64)(self.get_status_code)
        self._prefix = lru_cache(maxsize=8)(self._levelprefix)

    def format(self, record: logging.LogRecord) -> str:
        # Colours (a terminal, where a person reads), another format, an exception or another message: as uvicorn does.
        if (
            self.use_colors
            or self._fmt != UVICORN_ACCESS
            or record.exc_info
            or record.stack_info
            or not _uvicorns(record)
        ):
            return super().format(record)
        client_addr, method, full_path, http_version, status_code = cast(tuple[str, str, str, str, int], record.args)
        status = self._status(int(status_code))
        request_line = f"{method} {full_path} HTTP/{http_version}"
        return f'{self._prefix(record.levelname)} {client_addr} - "{request_line}" {status}'

    @staticmethod
    def _levelprefix(level_name: str) -> str:
        return level_name + ":" + " " * (8 - len(level_name))


def _uvicorns(record: logging.LogRecord) -> bool:
    return record.msg == UVICORN_LINE and isinstance(record.args, tuple) and len(record.args) == 5


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration, its access lines formatted by QuickAccess and written by AfterTheAnswer."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["access"]["()"] = QuickAccess
    config["handlers"]["access"] = {"()": AfterTheAnswer, "formatter": "access"}
    return config


__all__ = ["AfterTheAnswer", "QuickAccess", "log_config"]
