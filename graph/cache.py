"""Load a graph fast on the second start: the projection, pickled, keyed by what it was built from.

The key hashes the bytes of every file loaded (in order, with its format) and
the code that builds the projection, so a cached projection is never stale:
change a file or upgrade rolegraph and the key changes. Files live in
``$ROLEGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/rolegraph``, else
``~/.cache/rolegraph``; ``ROLEGRAPH_CACHE=off`` (or ``load(cache=False)``)
turns the cache off. The newest :data:`KEEP` entries are kept.

Only the projection is cached. ``RoleGraph.rdf`` is rebuilt from the bytes read
for the key, on first use, so it always matches the projection.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from . import load as _load
from . import namespace as _namespace
from . import project as _project
from .load import oxigraph_graph, read_checked, source_files
from .project import RoleGraph, project_files

__all__ = ["KEEP", "cache_dir", "cache_key", "load_graph"]

#: how many cached projections to keep
KEEP = 8
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
    for mod in (_load, _project, _namespace, sys.modules[__name__]):
        h.update(Path(mod.__file__).read_bytes())
    h.update(f"{sys.version_info[:2]} networkx {nx.__version__} pickle {pickle.HIGHEST_PROTOCOL}".encode())
    return h.digest()


def cache_key(checked) -> str:
    """The hex key of a load: the code version, then each file's format and bytes."""
    h = hashlib.blake2b(_code_version(), digest_size=20)
    for _, fmt, data in checked:
        h.update(f"\0{fmt}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def _read(path: Path) -> RoleGraph | None:
    try:
        with open(path, "rb") as f:
            rg = pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError, TypeError, ValueError):
        return None  # missing, partial or from an incompatible build: rebuild it
    return rg if isinstance(rg, RoleGraph) else None


def _write(folder: Path, path: Path, rg: RoleGraph) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(rg, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        old = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]
        for p in old:
            p.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full disk only costs speed


def load_graph(paths: Iterable = (), *, builtin: bool = True, cache: bool = True) -> RoleGraph:
    """The :class:`RoleGraph` of the built-in files (unless ``builtin=False``) and ``paths``.

    Every file is read and checked first (errors name the file); the projection
    then comes from the cache when one matches, else it is built and cached.
    """
    checked = [read_checked(f) for f in source_files(paths, builtin=builtin)]
    loader = functools.partial(oxigraph_graph, checked)
    folder = cache_dir() if cache else None
    if folder is None:
        return project_files(checked, rdf_loader=loader)
    path = folder / f"{cache_key(checked)}.pickle"
    rg = _read(path)
    if rg is not None:
        rg._rdf_loader = loader
        return rg
    rg = project_files(checked, rdf_loader=loader)
    _write(folder, path, rg)
    return rg
