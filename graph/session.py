"""What one app session works on: which graph (a sidebar choice), its roles list, and its own uploaded file.

The graphs offered are the built-in graph alone, and the built-in graph with each
file of ``ROLEGRAPH_DATA`` (and each ``*.ttl``/``*.nt`` in ``ROLEGRAPH_IMPORTS_DIR``).
A file uploaded in the app is checked against :func:`graph.limits.limits` before
it is read, admitted against the byte budget all sessions' uploaded graphs share
(:mod:`graph.budget`), written to a temporary file of that session only, and
loaded into a new graph beside the chosen files; the shared, cached graph is
never touched.

>>> list(graph_choices({}))
['Built-in']
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .budget import SESSIONS, estimate
from .errors import BadInputError
from .limits import ENV as LIMIT_ENV
from .limits import limits
from .project import RoleGraph
from .queries import roles
from .view import home_roles

__all__ = [
    "BUILTIN",
    "UPLOAD_TYPES",
    "check_upload",
    "default_choice",
    "drop_upload",
    "graph_choices",
    "load_upload",
    "role_choices",
    "session_graph",
]

BUILTIN = "Built-in"
#: File name extensions the app's upload accepts.
UPLOAD_TYPES = ("ttl", "nt", "nq", "trig", "rdf", "owl", "xml", "jsonld", "json")
_IMPORT_SUFFIXES = (".ttl", ".nt")


def _data_files(environ: Mapping[str, str]) -> list[str]:
    return [p for p in environ.get("ROLEGRAPH_DATA", "").split(os.pathsep) if p.strip()]


def graph_choices(environ: Mapping[str, str] = os.environ) -> dict[str, tuple[str, ...]]:
    """Sidebar label → the data files loaded beside the built-in graph, in offer order.

    "Built-in" first; one "Built-in + NAME" per ``ROLEGRAPH_DATA`` file and per
    ``*.ttl``/``*.nt`` of ``ROLEGRAPH_IMPORTS_DIR``; and, when ``ROLEGRAPH_DATA``
    names several files, one choice with all of them (the default).

    >>> list(graph_choices({"ROLEGRAPH_DATA": "/d/a.ttl"}))
    ['Built-in', 'Built-in + a.ttl']
    """
    files = _data_files(environ)
    folder = environ.get("ROLEGRAPH_IMPORTS_DIR", "").strip()
    if folder and Path(folder).is_dir():
        files += sorted(str(p) for p in Path(folder).iterdir() if p.suffix in _IMPORT_SUFFIXES and p.is_file())
    out: dict[str, tuple[str, ...]] = {BUILTIN: ()}
    for f in dict.fromkeys(files):
        out.setdefault(f"{BUILTIN} + {Path(f).name}", (f,))
    data = _data_files(environ)
    if len(data) > 1:
        out[f"{BUILTIN} + " + " + ".join(Path(f).name for f in data)] = tuple(data)
    return out


def default_choice(choices: Mapping[str, tuple[str, ...]], environ: Mapping[str, str] = os.environ) -> str:
    """The choice a fresh session starts on: every ``ROLEGRAPH_DATA`` file when set, else the built-in graph."""
    data = tuple(_data_files(environ))
    return next((label for label, paths in choices.items() if paths == data), BUILTIN)


def role_choices(rg: RoleGraph, focus: str | None = None) -> list[dict]:
    """The roles worth offering in a picker: rolegraph's own (:func:`graph.view.home_roles`), plus ``focus``
    (an IRI) when it is a role. An imported taxonomy's thousands of occupations stay reachable by search.

    Each ``{"id", "label", "primary_output"}``, in spectrum order.
    """
    store = rg.cache.setdefault("session-roles", {})
    if "placed" not in store:
        own = {rg.G.nodes[r]["id"] for r in home_roles(rg)}
        store["placed"] = [r for r in roles(rg)["roles"] if r["id"] in own]
    out = list(store["placed"])
    if focus and focus in rg.G and rg.G.nodes[focus]["type"] == "role":
        d = rg.G.nodes[focus]
        if all(r["id"] != d["id"] for r in out):
            out.append({"id": d["id"], "label": d["label"], "primary_output": d["primary_output"] or ""})
    return out


def check_upload(name: str, size: int) -> str:
    """The upload's extension, after checking its size and name; nothing is read.

    >>> check_upload("x.exe", 10)
    Traceback (most recent call last):
    ...
    rolegraph.errors.BadInputError: x.exe: not an RDF file the app reads; use one of .ttl, .nt, .nq, .trig, .rdf, .owl, .xml, .jsonld, .json
    """
    most = limits().max_upload_bytes
    if size > most:
        raise BadInputError(
            f"{name}: {size:,} bytes is over the upload limit of {most:,} bytes; "
            f"load it with `rolegraph --data` or raise {LIMIT_ENV['max_upload_bytes']}"
        )
    ext = Path(name).suffix.lower().lstrip(".")
    if ext not in UPLOAD_TYPES:
        raise BadInputError(f"{name}: not an RDF file the app reads; use one of {', '.join('.' + t for t in UPLOAD_TYPES)}")
    return ext


def load_upload(name: str, data: bytes, base: tuple[str, ...], folder: str | os.PathLike, *, builtin: bool = True) -> RoleGraph:
    """A new graph: built-in (if ``builtin``) + ``base`` files + the uploaded bytes, written to ``folder`` first.

    Raises
    ------
    BadInputError
        The upload is too large or not an RDF file name, or the app's budget for
        uploaded graphs (:mod:`rolegraph.budget`) has no room for it.
    LoadError
        The file cannot be read as RDF (the message names the problem and the file).
    """
    from . import load
    from .load import builtin_files

    ext = check_upload(name, len(data))
    folder = Path(folder)
    owner = str(folder.resolve())  # one folder per session: the session that holds the graph
    SESSIONS.admit(owner, estimate(len(data), [*base, *(builtin_files() if builtin else ())]), name=name)
    folder.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^\w.-]", "_", Path(name).stem)[:80] or "upload"
    tmp = Path(tempfile.mkdtemp(dir=folder)) / f"{safe}.{ext}"
    tmp.write_bytes(data)
    try:
        rg = load((*base, tmp), builtin=builtin, cache=False)
    except BaseException:
        SESSIONS.release(owner)
        raise
    finally:
        tmp.unlink()
        tmp.parent.rmdir()
    SESSIONS.hold(owner, rg, free=_emptied)  # the budget holds it, so that it can set it aside; the session asks session_graph()
    return rg


def _emptied(rg: RoleGraph) -> None:
    """Empty a session graph the budget set aside, in place: what still refers to it (a closed session
    Streamlit keeps for reconnecting, a download button's callback) keeps an empty graph, not its memory."""
    rg.__dict__.update(RoleGraph().__dict__)


def session_graph(folder: str | os.PathLike) -> RoleGraph | None:
    """The graph the session of ``folder`` uploaded, or ``None`` (nothing uploaded, or set aside
    by the budget to free memory: load the upload again)."""
    return SESSIONS.get(str(Path(folder).resolve()))


def drop_upload(folder: str | os.PathLike) -> None:
    """Let go of the graph the session of ``folder`` uploaded (the upload was removed)."""
    SESSIONS.release(str(Path(folder).resolve()))
