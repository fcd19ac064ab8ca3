"""How the server and a query process talk: length-prefixed messages over two pipes.

The worker's side blocks (`send`, `receive`). The server's side reads replies from a non-blocking descriptor as
they arrive (`Inbox`), so an event loop can wait for one without a thread and without switching the descriptor
between modes (two fcntl calls per query), and a thread can wait with poll(2). A message is 8 bytes of length
(big-endian) and the payload; nothing else travels on the pipes.
"""

from __future__ import annotations

import os
import struct

HEADER = struct.Struct("!Q")
CHUNK = 1 << 16  # a pipe's buffer: one read takes all a small reply


def send(fd: int, payload: bytes) -> None:
    """Write one message to the blocking descriptor `fd` (OSError, e.g. BrokenPipeError, when the reader is gone)."""
    data = memoryview(HEADER.pack(len(payload)) + payload)  # one write for a small message
    while data:
        data = data[os.write(fd, data) :]


def receive(fd: int) -> bytes | None:
    """The next message from the blocking descriptor `fd`; None when the writer closed it between messages,
    EOFError when it closed it in the middle of one."""
    header = _exactly(fd, HEADER.size)
    if header is None:
        return None
    payload = _exactly(fd, HEADER.unpack(header)[0])
    if payload is None:
        raise EOFError("the pipe closed in the middle of a message")
    return payload


def _exactly(fd: int, size: int) -> bytes | None:
    """`size` bytes; None if the pipe is closed before the first, EOFError if it closes after."""
    parts, left = [], size
    while left:
        chunk = os.read(fd, min(left, CHUNK))
        if not chunk:
            if left == size:
                return None
            raise EOFError("the pipe closed in the middle of a message")
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


class Inbox:
    """Messages read from a non-blocking descriptor as much as has arrived; one message expected at a time."""

    def __init__(self, fd: int) -> None:
        os.set_blocking(fd, False)
        self.fd = fd
        self._buffer = bytearray()

    @property
    def started(self) -> bool:
        """Whether part of a message has arrived."""
        return bool(self._buffer)

    def take(self) -> bytes | None:
        """The next message once it has all arrived, else None; EOFError when the writer has closed the pipe."""
        while (message := self._complete()) is None:
            try:
                chunk = os.read(self.fd, CHUNK)
            except BlockingIOError:
                return None
            if not chunk:
                raise EOFError("the query process closed its pipe")
            if (
                not self._buffer
                and len(chunk) >= HEADER.size
                and HEADER.unpack_from(chunk)[0] == len(chunk) - HEADER.size
            ):
                return chunk[HEADER.size :]  # the usual case: a small reply in one read, no buffer
            self._buffer += chunk
        return message

    def _complete(self) -> bytes | None:
        if len(self._buffer) >= HEADER.size:
            end = HEADER.size + HEADER.unpack_from(self._buffer)[0]
            if len(self._buffer) >= end:
                message = bytes(self._buffer[HEADER.size : end])
                del self._buffer[:end]
                return message
        return None


__all__ = ["HEADER", "Inbox", "receive", "send"]
