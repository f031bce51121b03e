"""The questions as functions of a loaded graph and what the user typed: resolve the names, then ask.

These are conveniences for the Python API (``rolegraph.owner(rg, "RAG")``);
each question lives in its own module under :mod:`rolegraph.questions`, where
its answer function takes nodes (IRIs).

>>> import rolegraph
>>> owner(rolegraph.load(), "RAG pipeline design")["owners"][0]["id"]
'ai-engineer'
"""

from __future__ import annotations

from .project import RoleGraph
from .questions import QUESTIONS

__all__ = ["ask", "compare", "describe", "neighbours", "owner", "path", "roles", "stats"]


def ask(rg: RoleGraph, name: str, *texts: str, **options) -> dict:
    """The answer to question ``name`` (see :data:`rolegraph.questions.QUESTIONS`) on the loaded graph ``rg``, for
    what the user typed: the in-memory backend resolves the names, then the question answers.

    >>> import rolegraph
    >>> [b["id"] for b in ask(rolegraph.load(), "path", "data-engineer", "ml-engineer")["bridges"]]
    ['zone-feature-engineering']
    """
    from .backend import MemoryBackend

    return MemoryBackend(rg).ask(name, *texts, **options)


def _by_name(name: str):
    """``rolegraph.<name>(rg, *texts, **options)``: :func:`ask` for one question, its help as the docstring."""
    q = QUESTIONS[name]

    def answer(rg: RoleGraph, *texts: str, **options) -> dict:
        return ask(rg, name, *texts, **options)

    answer.__name__ = answer.__qualname__ = name
    takes = ", ".join(n.dest for n in q.names) or "no name"
    answer.__doc__ = f"{q.help} Takes the graph, then {takes} (:mod:`rolegraph.questions.{name}`)."
    return answer


# The questions that take names, as functions of a loaded graph (``rolegraph.owner(rg, "RAG")``), made from the
# registry: each question is written once, in its module.
roles, stats, describe, owner, path, compare, neighbours = map(
    _by_name, ("roles", "stats", "describe", "owner", "path", "compare", "neighbours")
)
