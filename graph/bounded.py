"""Run a function in a forked child process, bounded in time and memory: how an in-memory SPARQL query runs.

Oxigraph cannot be cancelled in a thread, so :func:`bounded` forks: the child
shares the parent's memory copy-on-write, answers through a pipe and is killed
when it outlives ``ROLEGRAPH_QUERY_TIMEOUT_S`` or allocates more than
``ROLEGRAPH_QUERY_MEMORY_BYTES`` (2 GiB).

>>> bounded(sum, [1, 2, 3])
6
"""

from __future__ import annotations

import faulthandler
import os
import pickle
import select
import signal
import time

from .errors import BadInputError
from .limits import ENV, limits

try:  # imported here, not in the forked child, which must import nothing
    import resource
except ImportError:  # Windows
    resource = None

__all__ = ["Failed", "bounded"]


class Failed(Exception):
    """The engine refused or failed the query; its message is the reason."""


def _cap_memory(extra: int) -> None:
    """Limit this (child) process's address space to what it has now plus ``extra`` bytes."""
    if resource is None:  # not POSIX: time bounds it still
        return
    try:
        with open("/proc/self/status") as fh:
            size = next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmSize:"))
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        want = size + extra
        resource.setrlimit(resource.RLIMIT_AS, (want if hard == resource.RLIM_INFINITY else min(want, hard), hard))
    except (OSError, StopIteration, ValueError):  # no /proc (not Linux): time bounds it still
        pass


def bounded(fn, *args):
    """``fn(*args)`` in a forked child killed after ``ROLEGRAPH_QUERY_TIMEOUT_S``: Oxigraph cannot be
    cancelled in a thread, and a query left running would hold a core after its caller gave up.

    The child shares the parent's memory copy-on-write, so a graph of any size costs
    nothing to hand over; the answer comes back pickled through a pipe. Where ``fork``
    is missing (Windows) the query runs in this process, unbounded.
    """
    seconds, memory = limits().query_timeout_s, limits().query_memory_bytes
    if not hasattr(os, "fork"):
        return fn(*args)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer, write, exit without running any of the parent's exit handlers
        try:
            os.close(read_end)
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, 2)  # an engine that runs out of memory says so on stderr: the parent reports it instead
            faulthandler.disable()  # and its abort is no crash of the parent's to dump
            _cap_memory(memory)
            try:
                payload = pickle.dumps(("ok", fn(*args)))
            except Failed as exc:
                payload = pickle.dumps(("failed", str(exc)))
            except BadInputError as exc:
                payload = pickle.dumps(("bad", str(exc)))
            except MemoryError:
                payload = pickle.dumps(("memory", ""))
            except BaseException as exc:
                payload = pickle.dumps(("failed", f"{type(exc).__name__}: {exc}"))
            with os.fdopen(write_end, "wb") as fh:
                fh.write(payload)
        finally:
            os._exit(0)
    os.close(write_end)
    deadline = time.monotonic() + seconds
    chunks = []
    try:
        with os.fdopen(read_end, "rb", buffering=0) as fh:
            waiting = select.poll()  # not select(): a busy server's descriptors may pass 1024
            waiting.register(fh, select.POLLIN | select.POLLHUP)
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not waiting.poll(left * 1000):
                    raise BadInputError(
                        f"the query ran for more than {seconds:g} s and was stopped; narrow it (patterns that share no "
                        f"variable multiply every match by every other) or set {ENV['query_timeout_s']} to allow longer"
                    )
                chunk = fh.read(1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
    kind, value = pickle.loads(b"".join(chunks)) if chunks else ("memory", "")  # nothing: the child died of it
    if kind == "memory":
        raise Failed(
            f"it needed more than the {memory / 2**20:,.0f} MB a query may use and was stopped; "
            f"narrow it (patterns that share no variable multiply every match by every other) or set {ENV['query_memory_bytes']}"
        )
    if kind == "bad":
        raise BadInputError(value)
    if kind == "failed":
        raise Failed(value)
    return value
