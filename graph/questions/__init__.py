"""The questions rolegraph answers, one module each, gathered in a registry.

A question module holds one :class:`Question`: its answer function, which takes
a graph and nodes (IRIs, already resolved) and returns plain, sorted,
JSON-ready data; its footprint, the part of the graph the answer reads, fetched
from a SPARQL endpoint by a :class:`rolegraph.remote.Remote`; the names it
takes and which kinds of node they must be; its options, checked before any
work; how its answer reads as text; and its exit code. :data:`QUESTIONS` drives
the command line's subcommands, and a backend answers any of them
(:meth:`rolegraph.backend.Backend.ask`).

A new question is one module here, added to :data:`QUESTIONS`, and its test; with
a ``tab`` title, the explorer offers it in a tab laid out by ``app.py``.

>>> sorted(QUESTIONS)[:3]
['compare', 'describe', 'need']
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["QUESTIONS", "Name", "Option", "Question", "distinct", "question", "role"]


@dataclass(frozen=True)
class Name:
    """A parameter that names a node: what the user types, resolved by the backend before the question runs."""

    dest: str
    help: str
    metavar: str | None = None
    #: node kinds it may name (None: any)
    types: frozenset | None = None
    #: what the error says was wanted ("role" ...)
    expected: str | None = None


@dataclass(frozen=True)
class Option:
    """A command-line option of a question (``argparse`` flags and keywords)."""

    flags: tuple[str, ...]
    kwargs: dict = field(default_factory=dict)

    @property
    def dest(self) -> str:
        """The keyword the answer function takes it by."""
        return self.kwargs.get("dest") or self.flags[0].lstrip("-").replace("-", "_")


def role(dest: str, help: str, metavar: str) -> Name:
    """A parameter that names a role."""
    return Name(dest, help, metavar, frozenset({"role"}), "role")


def distinct(error: Callable) -> Callable:
    """A ``check_nodes`` refusing two names of one node, with ``error(node_id)``."""

    def check(first: dict, second: dict) -> None:
        if first["iri"] == second["iri"]:
            raise error(first["id"])

    return check


def _no_check(**options) -> dict:
    return options


def _answered(answer: dict) -> int:
    return 0


@dataclass(frozen=True)
class Question:
    """One question: what it answers, from what, and how it reads (see the module docstring)."""

    name: str
    help: str
    example: str
    #: ``answer(rg, *iris, **options) -> dict``
    answer: Callable
    #: ``footprint(remote, *iris, **options) -> RoleGraph``: the neighbourhood ``answer`` reads
    footprint: Callable | None
    #: ``text(answer) -> str``: the answer as the CLI prints it
    text: Callable
    names: tuple[Name, ...] = ()
    options: tuple[Option, ...] = ()
    #: ``check(**options) -> options``: raises on bad options before any work
    check: Callable = _no_check
    #: ``check_nodes(*matches)``: raises when the resolved names do not fit together
    check_nodes: Callable | None = None
    #: ``count(remote, **options) -> dict``: an answer the endpoint computes itself (no footprint)
    count: Callable | None = None
    #: the subcommand's name, when it is not the question's ("": no subcommand of its own)
    command: str | None = None
    #: the answer starts with ``query`` (the name as typed) and ends with ``alternatives``
    echo: bool = False
    #: the answer ends with ``alternatives`` (other close matches of the first name)
    alternatives: bool = False
    #: ``exit_code(answer) -> int`` (1: nothing found)
    exit_code: Callable = _answered
    #: the title of the explorer's tab that asks it ("": no tab of its own); :data:`rolegraph.explorer.state.TABS`
    #: lists these tabs, and ``app.py`` lays each out in its method ``<name>_tab``
    tab: str = ""

    def shape(self, answer: dict, texts, matches) -> dict:
        """The answer as asked: the name as typed first and the other close matches last, where the question says."""
        if self.echo:
            answer = {"query": texts[0], **answer}
        if self.echo or self.alternatives:
            answer["alternatives"] = matches[0]["alternatives"]
        return answer


def question(module: str, **fields) -> Question:
    """The :class:`Question` of module ``module``: its ``answer``, ``footprint`` and ``text`` functions, and ``fields``."""
    m = sys.modules[module]
    return Question(answer=m.answer, footprint=getattr(m, "footprint", None), text=m.text, **fields)


def _registry() -> dict[str, Question]:
    from . import compare, describe, need, neighbours, owner, path, roles, stats

    found = [m.QUESTION for m in (roles, stats, describe, owner, path, compare, neighbours, need)]
    return {q.name: q for q in (*found, need.FROM_SIGNALS, need.CHECKLIST)}


#: question name → :class:`Question`, in the order the CLI lists them
QUESTIONS: dict[str, Question] = _registry()
