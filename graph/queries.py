"""The questions as functions of a loaded graph and what the user typed: resolve the names, then ask.

These are conveniences for the Python API (``rolegraph.owner(rg, "RAG")``);
each question lives in its own module under :mod:`rolegraph.questions`, where
its answer function takes nodes (IRIs).

>>> import rolegraph
>>> owner(rolegraph.load(), "RAG pipeline design")["owners"][0]["id"]
'ai-engineer'
"""

from __future__ import annotations

from .answers import esco_match, owners, source_refs
from .domain import NODE_TYPES, check_types, role_skills
from .project import RoleGraph

__all__ = [
    "NODE_TYPES",
    "check_types",
    "compare",
    "describe",
    "esco_match",
    "neighbours",
    "owner",
    "owners",
    "path",
    "role_skills",
    "roles",
    "source_refs",
    "stats",
]

#: the name :mod:`rolegraph.need` imports ownership by
_owners = owners


def _ask(rg: RoleGraph, name: str, *texts, **options) -> dict:
    from .backend import MemoryBackend

    return MemoryBackend(rg).ask(name, *texts, **options)


def roles(rg: RoleGraph) -> dict:
    """Every role with its primary output, in spectrum order (see :mod:`rolegraph.questions.roles`)."""
    return _ask(rg, "roles")


def stats(rg: RoleGraph) -> dict:
    """Node counts per class, and the number of triples."""
    return _ask(rg, "stats")


def describe(rg: RoleGraph, name: str) -> dict:
    """Everything about the node ``name`` names."""
    return _ask(rg, "describe", name)


def owner(rg: RoleGraph, text: str) -> dict:
    """Who owns the skill, deliverable, tool or zone ``text`` names, with the zone split."""
    return _ask(rg, "owner", text)


def path(rg: RoleGraph, start: str, goal: str) -> dict:
    """What a person in role ``start`` must learn to work as ``goal``.

    >>> import rolegraph
    >>> [b["id"] for b in path(rolegraph.load(), "data-engineer", "ml-engineer")["bridges"]]
    ['zone-feature-engineering']
    """
    return _ask(rg, "path", start, goal)


def compare(rg: RoleGraph, first: str, second: str) -> dict:
    """Skills and deliverables two roles share, and what only one of them has."""
    return _ask(rg, "compare", first, second)


def neighbours(rg: RoleGraph, name: str, *, radius: int = 1, types=None, limit: int | None = None) -> dict:
    """The nodes within ``radius`` hops of the node ``name`` names, and the edges among them."""
    return _ask(rg, "neighbours", name, radius=radius, types=types, limit=limit)
