"""One byte budget for every graph the app's sessions upload, so that visitors cannot exhaust the server.

Each uploaded file becomes a graph of its own (the built-in graph, the chosen data
files and the upload), held for one session. Measured with ``bench/session_memory.py``,
such a graph takes about 1,900 bytes a triple, 17 bytes for each byte of an
N-Triples file and about 50 for compact Turtle; the review saw a 49 MB upload
take 2.2 GB. The budget holds the graphs itself (a session keeps only its key),
so that it can let go of them:

- before a file is parsed, :meth:`Budget.admit` reserves its estimate
  (:func:`estimate`) against ``ROLEGRAPH_MAX_SESSION_BYTES``;
- when that leaves no room, the graphs of sessions idle longest (at least
  :data:`MIN_IDLE_S`) are set aside, and if that is not enough the upload is refused;
- a graph unused for ``ROLEGRAPH_SESSION_IDLE_S`` (its session ended: the browser
  closed) is set aside at the next admission or look-up, and the freed heap is
  handed back to the system;
- a session that uploads again gives back what its previous graph held.

A session whose graph was set aside finds :meth:`Budget.get` empty and loads its
upload again (the app keeps the uploaded bytes).

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
import gc
import threading
import time
from pathlib import Path

from .errors import BadInputError
from .limits import ENV, limits

__all__ = ["BYTES_PER_FILE_BYTE", "MIN_IDLE_S", "SESSIONS", "Budget", "estimate"]

#: Memory an uploaded graph takes for each byte of the files it is loaded from (compact
#: Turtle, the worst measured, 48-51; N-Triples takes about 17).
BYTES_PER_FILE_BYTE = 50
#: A session's graph is set aside to make room only after this many seconds unused.
MIN_IDLE_S = 60.0

_MB = 1024 * 1024


def estimate(data_bytes: int, files=()) -> int:
    """The bytes a session graph of an upload of ``data_bytes`` plus ``files`` (paths) will take."""
    on_disk = data_bytes + sum(Path(f).stat().st_size for f in files if Path(f).is_file())
    return on_disk * BYTES_PER_FILE_BYTE


class Budget:
    """Graphs held for owners (one per app session), and the bytes they take, against a limit.

    Parameters
    ----------
    limit : int, optional
        Bytes all owners may hold together; by default ``ROLEGRAPH_MAX_SESSION_BYTES``.
    idle : float, optional
        Seconds after which an unused graph is set aside; by default ``ROLEGRAPH_SESSION_IDLE_S``.
    clock : callable, optional
        Seconds now (``time.monotonic``); a test passes its own.
    """

    def __init__(self, limit: int | None = None, *, idle: float | None = None, clock=time.monotonic):
        self._limit = limit
        self._idle = idle
        self._clock = clock
        self._lock = threading.Lock()
        self._held: dict[str, dict] = {}  # owner -> {"bytes", "graph", "used"}

    def limit(self) -> int:
        return self._limit if self._limit is not None else limits().max_session_bytes

    def idle(self) -> float:
        return self._idle if self._idle is not None else limits().session_idle_s

    def used(self) -> int:
        with self._lock:
            return sum(e["bytes"] for e in self._held.values())

    def holders(self) -> dict[str, int]:
        """Owner → bytes held, for a status line or a test."""
        with self._lock:
            return {owner: e["bytes"] for owner, e in self._held.items()}

    def admit(self, owner: str, cost: int, *, name: str = "the upload") -> None:
        """Reserve ``cost`` bytes for ``owner`` (replacing what it held), setting idle graphs aside, or refuse.

        Raises
        ------
        BadInputError
            ``cost`` alone exceeds the limit, or the graphs of sessions in use leave no
            room for it; nothing is reserved or set aside then.
        """
        limit = self.limit()
        if cost > limit:
            raise BadInputError(
                f"{name}: its graph would take about {cost // _MB:,} MB, more than the app's budget of {limit // _MB:,} MB "
                f"for uploaded graphs ({ENV['max_session_bytes']}); load it with `rolegraph --data` instead"
            )
        with self._lock:
            now = self._clock()
            gone = self._sweep(now)
            others = {o: e for o, e in self._held.items() if o != owner}
            room = limit - sum(e["bytes"] for e in others.values())
            spare = [o for _, o in sorted((e["used"], o) for o, e in others.items() if now - e["used"] >= MIN_IDLE_S)]
            if room + sum(others[o]["bytes"] for o in spare) < cost:
                refused = BadInputError(
                    f"{name}: the app's uploaded graphs would take about {(limit - room + cost) // _MB:,} MB, over its budget of "
                    f"{limit // _MB:,} MB ({ENV['max_session_bytes']}); try again once other sessions end, "
                    "or load the file with `rolegraph --data`"
                )
            else:
                refused = None
                for o in spare:
                    if room >= cost:
                        break
                    gone.append(self._held.pop(o))
                    room += gone[-1]["bytes"]
                if owner in self._held:
                    gone.append(self._held[owner])  # the session's previous graph: its new upload replaces it
                self._held[owner] = {"bytes": cost, "graph": None, "free": None, "used": now}
        _set_aside(gone)
        if refused is not None:
            raise refused

    def hold(self, owner: str, graph, free=None) -> None:
        """Keep ``graph`` for ``owner``, whose bytes :meth:`admit` reserved.

        ``free(graph)``, if given, is called when the graph is set aside, to empty it in
        place: whatever else still refers to it (a closed session Streamlit keeps for a
        while, a download button's callback) then holds an empty shell, not the graph.
        """
        with self._lock:
            entry = self._held.get(owner)
            if entry is not None:
                entry.update(graph=graph, free=free, used=self._clock())

    def get(self, owner: str):
        """``owner``'s graph, or ``None`` (none uploaded, or set aside); marks it used."""
        with self._lock:
            now = self._clock()
            gone = self._sweep(now, keep=owner)
            entry = self._held.get(owner)
            if entry is not None:
                entry["used"] = now
            graph = entry["graph"] if entry is not None else None
        _set_aside(gone)
        return graph

    def release(self, owner: str) -> None:
        """Give back what ``owner`` holds (a failed load, a removed upload)."""
        with self._lock:
            entry = self._held.pop(owner, None)
        _set_aside([entry] if entry is not None else [])

    def _sweep(self, now: float, keep: str | None = None) -> list[dict]:
        """Take out every graph unused for longer than :meth:`idle` (lock held); the entries taken."""
        idle = self.idle()
        stale = [o for o, e in self._held.items() if o != keep and e["graph"] is not None and now - e["used"] > idle]
        return [self._held.pop(o) for o in stale]


def _set_aside(entries: list[dict]) -> None:
    """Empty the graphs of ``entries`` in place (their ``free``), collect them and hand the heap back."""
    freed = False
    for e in entries:
        if e["graph"] is not None:
            if e["free"] is not None:
                e["free"](e["graph"])
            freed = True
        e["graph"] = None
    if freed:
        gc.collect()
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
