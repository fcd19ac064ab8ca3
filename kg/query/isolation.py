"""Cutting the calling thread off the network, so SPARQL's SERVICE and LOAD cannot reach out however spelt.

Whatever text reaches the engine, the engine's own parser decides what it means; what the engine can
then do is bounded here, below the parser: the thread that evaluates user queries or updates (and
every thread it starts) gets

- a network namespace of its own with no interface up (`unshare(CLONE_NEWNET)`; needs root), and
- a seccomp filter refusing `socket()` for IPv4 and IPv6 (and io_uring, which could open one
  without that call); no privileges needed.

Both are per thread on Linux, so a process can isolate one thread (the server's update thread) and
keep serving HTTP on the others; a query worker process isolates its only thread at start.
`isolate()` fails closed: when neither layer can be applied it raises IsolationError and the caller
must not evaluate user SPARQL.
"""

from __future__ import annotations

import ctypes
import platform
import socket
import struct

from kg.errors import KGError

CLONE_NEWNET = 0x40000000
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
# Per architecture: AUDIT_ARCH value, socket() and io_uring_setup() syscall numbers.
_ARCHES = {"x86_64": (0xC000003E, 41, 425), "aarch64": (0xC00000B7, 198, 425)}
_LD_W_ABS, _JEQ_K, _JGE_K, _RET_K = 0x20, 0x15, 0x35, 0x06
_ALLOW, _REFUSE = 0x7FFF0000, 0x00050000 | 13  # SECCOMP_RET_ALLOW; SECCOMP_RET_ERRNO with EACCES
_X32_BIT = 0x40000000


class IsolationError(KGError, RuntimeError):
    """Neither a network namespace nor a seccomp filter could be applied: user SPARQL must not run here."""


class _Filter(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def isolate() -> tuple[str, ...]:
    """Cut this thread (and threads it starts) off the network; the layers applied, or IsolationError."""
    libc = ctypes.CDLL(None, use_errno=True)
    applied = tuple(name for name, layer in (("netns", _new_netns), ("seccomp", _seccomp)) if layer(libc))
    if not applied:
        raise IsolationError(
            "cannot cut the query process off the network (no network namespace: not root; "
            f"no seccomp on {platform.machine()}): refusing to run SPARQL that could reach out"
        )
    return applied


def can_connect(host: str, port: int) -> bool:
    """Whether a TCP connection from this thread reaches host:port (a check that isolation holds)."""
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        return False
    return True


def _new_netns(libc) -> bool:
    return libc.unshare(CLONE_NEWNET) == 0


def _seccomp(libc) -> bool:
    arch = _ARCHES.get(platform.machine())
    if arch is None:
        return False
    program = _program(*arch)
    buffer = ctypes.create_string_buffer(program)
    prog = _Filter(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) == 0


def _program(audit_arch: int, sys_socket: int, sys_io_uring_setup: int) -> bytes:
    """BPF: other architectures and x32 calls refused; socket(AF_INET|AF_INET6, …) and io_uring refused."""
    code = [
        (_LD_W_ABS, 0, 0, 4),  # 0: arch
        (_JEQ_K, 1, 0, audit_arch),  # 1: ours → 3
        (_RET_K, 0, 0, _REFUSE),  # 2
        (_LD_W_ABS, 0, 0, 0),  # 3: syscall number
        (_JGE_K, 6, 0, _X32_BIT),  # 4: x32 ABI → refuse
        (_JEQ_K, 5, 0, sys_io_uring_setup),  # 5: → refuse
        (_JEQ_K, 0, 3, sys_socket),  # 6: socket → 7, else allow
        (_LD_W_ABS, 0, 0, 16),  # 7: args[0], the address family (low word)
        (_JEQ_K, 2, 0, socket.AF_INET),  # 8: → refuse
        (_JEQ_K, 1, 0, socket.AF_INET6),  # 9: → refuse
        (_RET_K, 0, 0, _ALLOW),  # 10
        (_RET_K, 0, 0, _REFUSE),  # 11
    ]
    return b"".join(struct.pack("HBBI", *line) for line in code)


__all__ = ["IsolationError", "can_connect", "isolate"]
