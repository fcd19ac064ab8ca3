"""The query pipes' messages (kg.query.wire): whole, in order, whatever their size; a closed pipe said so."""

import os
import threading

import pytest

from kg.query.wire import HEADER, Inbox, receive, send

SIZES = [0, 1, 100, 2**16 - HEADER.size, 2**16, 3 * 2**16 + 7]  # around one pipe buffer, and several


def _writing(fd: int, payloads: list[bytes]) -> threading.Thread:
    def write() -> None:
        for payload in payloads:
            send(fd, payload)
        os.close(fd)

    thread = threading.Thread(target=write)
    thread.start()
    return thread


def test_messages_arrive_whole_and_in_order_through_a_blocking_pipe():
    read, write = os.pipe()
    payloads = [bytes([n % 251]) * size for n, size in enumerate(SIZES)]
    writer = _writing(write, payloads)
    found = [receive(read) for _ in payloads]
    assert found == payloads and receive(read) is None  # the writer closed between messages
    writer.join()
    os.close(read)


def test_an_inbox_gives_a_message_only_once_it_has_all_arrived():
    read, write = os.pipe()
    inbox = Inbox(read)
    assert inbox.take() is None and not inbox.started  # nothing yet, and no wait for it
    message = HEADER.pack(5) + b"hello"
    os.write(write, message[:6])
    assert inbox.take() is None and inbox.started
    os.write(write, message[6:] + HEADER.pack(0))
    assert inbox.take() == b"hello"
    assert inbox.take() == b""  # an empty message that came in the same read
    os.close(write)
    with pytest.raises(EOFError):
        inbox.take()
    os.close(read)


@pytest.mark.parametrize("size", SIZES)
def test_an_inbox_reads_messages_of_any_size_as_they_come(size):
    read, write = os.pipe()
    inbox, payload = Inbox(read), os.urandom(size)
    writer = _writing(write, [payload])
    found = None
    while found is None:
        found = inbox.take()
    assert found == payload
    writer.join()
    os.close(read)


def test_a_pipe_closed_in_the_middle_of_a_message_is_an_eof():
    read, write = os.pipe()
    os.write(write, HEADER.pack(10) + b"half")
    os.close(write)
    with pytest.raises(EOFError):
        receive(read)
    os.close(read)
