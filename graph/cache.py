"""Load a graph fast on the second start: the projection, pickled, keyed by what it was built from.

The key hashes the bytes of every file loaded (in order, with its format) and
the source of the ``graph`` package, so a cached projection is never stale:
change a file or upgrade rolegraph and the key changes. Files live in
``$ROLEGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/rolegraph``, else
``~/.cache/rolegraph``; ``ROLEGRAPH_CACHE=off`` (or ``load(cache=False)``)
turns the cache off. The files of the :data:`KEEP` most recent loads are kept.

Derived tables (the label index of :mod:`rolegraph.resolve` ...) are kept beside the
projection under the same key once a run has built them (:class:`Tables`, ``RoleGraph.derived``).

Only the projection is cached. ``RoleGraph.rdf`` is rebuilt from the bytes read
for the key, on first use, so it always matches the projection.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import os
import pickle
import sys
import threading
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from .load import oxigraph_graph, read_checked, source_files
from .project import RoleGraph, project_files

__all__ = ["KEEP", "Tables", "cache_dir", "cache_key", "load_graph", "remembered"]

#: how many loads (a projection and its derived tables) the cache keeps
KEEP = 6
_OFF = {"0", "off", "no", "false"}


def cache_dir() -> Path | None:
    """Where cached projections live, or None when caching is turned off."""
    if os.environ.get("ROLEGRAPH_CACHE", "").strip().lower() in _OFF:
        return None
    if os.environ.get("ROLEGRAPH_CACHE_DIR"):
        return Path(os.environ["ROLEGRAPH_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "rolegraph"


@functools.cache
def _code_version() -> bytes:
    h = hashlib.blake2b(digest_size=16)
    for f in sorted(Path(__file__).parent.rglob("*.py")):  # any change to the package: a new key
        h.update(f.read_bytes())
    h.update(f"{sys.version_info[:2]} networkx {nx.__version__} pickle {pickle.HIGHEST_PROTOCOL}".encode())
    return h.digest()


def cache_key(checked) -> str:
    """The hex key of a load: the code version, then each file's format and bytes."""
    h = hashlib.blake2b(_code_version(), digest_size=20)
    for _, fmt, data in checked:
        h.update(f"\0{fmt}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def _read(path: Path, kind: type = RoleGraph):
    try:
        with open(path, "rb") as f:
            value = pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError, TypeError, ValueError):
        return None  # missing, partial or from an incompatible build: rebuild it
    return value if isinstance(value, kind) else None


def _write(folder: Path, path: Path, value) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")  # the app's sessions are threads
        with open(tmp, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        _prune(folder)
    except OSError:
        pass  # a read-only or full disk only costs speed


@contextlib.contextmanager
def _no_gc():
    """Pause the cyclic garbage collector while a graph is built or unpickled, then restore it as it was.

    A loaded taxonomy is a few million small objects: made with the collector on,
    they trigger dozens of full collections (a third of the load time). Nothing is
    frozen: the caller's own objects stay collectable.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _prune(folder: Path) -> None:
    """Keep the files of the :data:`KEEP` most recently written loads (a projection and its tables share a key)."""
    by_key: dict[str, list[Path]] = {}
    for p in folder.glob("*.pickle"):
        by_key.setdefault(p.name.split(".")[0], []).append(p)
    newest = sorted(by_key, key=lambda k: max(p.stat().st_mtime for p in by_key[k]), reverse=True)
    for key in newest[KEEP:]:
        for p in by_key[key]:
            p.unlink(missing_ok=True)


class Tables:
    """Where the tables derived from one cached projection are kept: files beside it, under the same key.

    ``tables(name, build)`` reads the table ``name`` or builds it with ``build()`` and writes it.
    A :class:`~rolegraph.project.RoleGraph` given one (``RoleGraph.attach``) keeps what it derives there.
    """

    def __init__(self, folder: Path, key: str):
        self.folder = Path(folder)
        self.key = key

    def __repr__(self) -> str:
        return f"Tables({str(self.folder)!r}, {self.key[:12]!r})"

    def __call__(self, name: str, build):
        path = self.folder / f"{self.key}.{name}.pickle"
        with _no_gc():
            value = _read(path, object)
            if value is None:
                value = build()
                _write(self.folder, path, value)
        return value


def load_graph(paths: Iterable = (), *, builtin: bool = True, cache: bool = True) -> RoleGraph:
    """The :class:`RoleGraph` of the built-in files (unless ``builtin=False``) and ``paths``.

    Every file is read and checked first (errors name the file); the projection
    then comes from the cache when one matches, else it is built and cached.
    """
    with _no_gc():
        return _load_graph(paths, builtin=builtin, cache=cache)


def _load_graph(paths, *, builtin: bool, cache: bool) -> RoleGraph:
    checked = [read_checked(f) for f in source_files(paths, builtin=builtin)]
    loader = functools.partial(oxigraph_graph, checked)
    folder = cache_dir() if cache else None
    if folder is None:
        return project_files(checked, rdf_loader=loader)
    key = cache_key(checked)
    path = folder / f"{key}.pickle"
    rg = _read(path)
    if rg is None:
        rg = project_files(checked, rdf_loader=loader)
        _write(folder, path, rg)
    return rg.attach(rdf_loader=loader, tables=Tables(folder, key))


def remembered(key: str, build) -> RoleGraph:
    """A :class:`RoleGraph` kept in the cache folder under ``key`` and the code's version (``build()`` makes it
    when it is not there), with its derived tables beside it; ``key`` must change whenever what it was built
    from does."""
    folder = cache_dir()
    if folder is None:
        return build()
    key = hashlib.blake2b(_code_version() + key.encode(), digest_size=20).hexdigest()
    path = folder / f"{key}.pickle"
    with _no_gc():
        rg = _read(path)
        if rg is None:
            rg = build()
            _write(folder, path, rg)
    return rg.attach(tables=Tables(folder, key))
