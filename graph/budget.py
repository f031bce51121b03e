"""One byte budget for every graph the app's sessions upload, so that visitors cannot exhaust the server.

Each uploaded file becomes a graph of its own (the built-in graph, the chosen data
files and the upload), held by one session. Measured with ``bench/session_memory.py``,
such a graph takes about 1,900 bytes a triple, 17 bytes for each byte of an
N-Triples file and up to 45 for compact Turtle; the review saw a 49 MB upload
take 2.2 GB. Before a file is parsed, :meth:`Budget.admit` reserves its estimate
(:func:`estimate`) against ``ROLEGRAPH_MAX_SESSION_BYTES`` and refuses it when the
graphs already held leave no room. A session that uploads again gives back what
its previous graph held; a graph no session holds any more (the session ended, or
its upload was removed) gives its bytes back when it is collected, and the freed
heap is handed back to the system.

>>> b = Budget(limit=1000)
>>> b.admit("session-a", 600, name="a.ttl")
>>> b.used()
600
>>> b.admit("session-b", 600, name="b.ttl")
Traceback (most recent call last):
...
rolegraph.errors.BadInputError: b.ttl: the app's uploaded graphs would take about 0 MB, over its budget of 0 MB ...
>>> b.release("session-a"); b.used()
0
"""

from __future__ import annotations

import ctypes
import ctypes.util
import itertools
import threading
import weakref
from pathlib import Path

from .errors import BadInputError
from .limits import ENV, limits

__all__ = ["BYTES_PER_FILE_BYTE", "SESSIONS", "Budget", "estimate"]

#: Memory an uploaded graph takes for each byte of the files it is loaded from (compact
#: Turtle, the worst measured; N-Triples takes about 17).
BYTES_PER_FILE_BYTE = 45

_MB = 1024 * 1024


def estimate(data_bytes: int, files=()) -> int:
    """The bytes a session graph of an upload of ``data_bytes`` plus ``files`` (paths) will take."""
    on_disk = data_bytes + sum(Path(f).stat().st_size for f in files if Path(f).is_file())
    return on_disk * BYTES_PER_FILE_BYTE


class Budget:
    """Bytes reserved by owners (one per app session), against a limit.

    Parameters
    ----------
    limit : int, optional
        Bytes all owners may hold together; by default ``ROLEGRAPH_MAX_SESSION_BYTES``
        (read at each admission, so the server can change it).
    """

    def __init__(self, limit: int | None = None):
        self._limit = limit
        self._lock = threading.Lock()
        self._held: dict[str, tuple[int, int]] = {}  # owner -> (bytes, registration number)
        self._numbers = itertools.count(1)

    def limit(self) -> int:
        return self._limit if self._limit is not None else limits().max_session_bytes

    def used(self) -> int:
        with self._lock:
            return sum(cost for cost, _ in self._held.values())

    def holders(self) -> dict[str, int]:
        """Owner → bytes held, for a status line or a test."""
        with self._lock:
            return {owner: cost for owner, (cost, _) in self._held.items()}

    def admit(self, owner: str, cost: int, *, name: str = "the upload") -> None:
        """Reserve ``cost`` bytes for ``owner`` (replacing what it held), or refuse.

        Raises
        ------
        BadInputError
            The graphs held by others plus ``cost`` exceed the limit; nothing is reserved.
        """
        limit = self.limit()
        with self._lock:
            others = sum(c for o, (c, _) in self._held.items() if o != owner)
            if cost > limit:
                raise BadInputError(
                    f"{name}: its graph would take about {cost // _MB:,} MB, more than the app's budget of {limit // _MB:,} MB "
                    f"for uploaded graphs ({ENV['max_session_bytes']}); load it with `rolegraph --data` instead"
                )
            if others + cost > limit:
                raise BadInputError(
                    f"{name}: the app's uploaded graphs would take about {(others + cost) // _MB:,} MB, over its budget of "
                    f"{limit // _MB:,} MB ({ENV['max_session_bytes']}); try again once other sessions end, "
                    "or load the file with `rolegraph --data`"
                )
            self._held[owner] = (cost, next(self._numbers))

    def attach(self, owner: str, graph) -> None:
        """Give ``owner``'s bytes back when ``graph`` is collected (its session ended or dropped it)."""
        with self._lock:
            held = self._held.get(owner)
        if held is not None:
            weakref.finalize(graph, self._collected, owner, held[1])

    def release(self, owner: str) -> None:
        """Give back what ``owner`` holds (a failed load, a removed upload)."""
        with self._lock:
            self._held.pop(owner, None)

    def _collected(self, owner: str, number: int) -> None:
        with self._lock:
            if self._held.get(owner, (0, None))[1] == number:  # not a later graph of the same owner
                del self._held[owner]
        _give_back_heap()


def _give_back_heap() -> None:
    """Ask the C allocator to return freed memory to the system (glibc keeps it otherwise)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass


#: The budget the app's sessions share (one per process).
SESSIONS = Budget()
