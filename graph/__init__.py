"""rolegraph: a knowledge graph of tech roles, what they deliver, and where they overlap.

>>> import rolegraph
>>> rg = rolegraph.load()
>>> rolegraph.owner(rg, "feature engineering")["zone"]["id"]
'zone-feature-engineering'
"""

from __future__ import annotations

from .cache import load_graph
from .errors import BadInputError, LoadError, NoResultError, RolegraphError, UnknownNameError
from .load import load_rdf
from .need import need, need_from_signals, signal_checklist
from .project import RoleGraph, project
from .queries import ask, compare, describe, neighbours, owner, path, roles, stats
from .resolve import resolve
from .validate import validate

__all__ = [
    "BadInputError",
    "LoadError",
    "NoResultError",
    "RoleGraph",
    "RolegraphError",
    "UnknownNameError",
    "ask",
    "compare",
    "describe",
    "load",
    "load_rdf",
    "need",
    "need_from_signals",
    "neighbours",
    "owner",
    "path",
    "project",
    "resolve",
    "roles",
    "signal_checklist",
    "stats",
    "validate",
]

__version__ = "0.1.0"


def load(paths=(), *, builtin: bool = True, cache: bool = True) -> RoleGraph:
    """Load the built-in graph (unless ``builtin=False``) plus RDF files, and project it.

    The projection is cached on disk keyed by the files' content and the code
    (see :mod:`rolegraph.cache`), so a second load of the same files takes a fraction
    of the first; ``cache=False`` skips the cache.

    Raises
    ------
    LoadError
        A file is missing, of an unknown type, or not valid RDF.
    """
    return load_graph(paths, builtin=builtin, cache=cache)
