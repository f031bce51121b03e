"""One seam for the CLI and the app: the same questions, in memory or on a SPARQL endpoint.

A backend does two things. It resolves what a user typed into nodes, once, at
the edge (:meth:`Backend.resolve`); and it supplies the graph a question reads
(:meth:`Backend.graph_for`): in memory the whole loaded graph, on an endpoint
the neighbourhood the question's footprint names, fetched with CONSTRUCT.
:meth:`Backend.ask` puts the two together for any question of
:data:`rolegraph.questions.QUESTIONS`, so each question is written once.

:func:`open_backend` gives a :class:`MemoryBackend` (the default: the built-in
graph plus ``--data`` files) or, when an endpoint URL is given or
``ROLEGRAPH_ENDPOINT`` is set, an :class:`EndpointBackend`; both give the same
answers for the same data.

>>> b = open_backend(endpoint="")
>>> b.kind, b.ask("roles")["roles"][0]["id"]
('memory', 'data-engineer')
"""

from __future__ import annotations

from .endpoint import ENV_ENDPOINT, Endpoint, endpoint_from_env
from .errors import BadInputError, EndpointError
from .project import RoleGraph
from .questions import QUESTIONS
from .questions.neighbours import check_radius
from .remote import Remote
from .resolve import candidates, resolve
from .sparql_run import run_endpoint, run_memory

__all__ = ["Backend", "EndpointBackend", "MemoryBackend", "open_backend"]


class Backend:
    """What both backends share: asking a question by name (see the module docstring)."""

    kind = ""

    def resolve(self, text: str, *, types=None, expected: str | None = None) -> dict:
        """The node ``text`` names (see :func:`rolegraph.resolve.resolve`)."""
        raise NotImplementedError

    def graph_for(self, question, *nodes, **options) -> RoleGraph:
        """The graph ``question`` reads to answer for ``nodes``."""
        raise NotImplementedError

    def candidates(self, text: str, *, limit: int = 8) -> list[dict]:
        """Every node ``text`` could plausibly mean, best first (see :func:`rolegraph.resolve.candidates`)."""
        raise NotImplementedError

    def pickers(self) -> dict:
        """What the explorer's pickers offer: ``roles`` (every role, rolegraph's own first, each ``{"id", "label",
        "primary_output"}`` and, in memory, its ``source``), ``home`` (the ids of rolegraph's own roles) and
        ``checklist`` (the need signals grouped by the roles they point at)."""
        raise NotImplementedError

    def ask(self, name: str, *texts, **options) -> dict:
        """The answer to question ``name`` for what the user typed.

        Options are checked first, then each name is resolved to a node (raising
        :class:`~rolegraph.errors.UnknownNameError` with the closest names), then the
        question runs on the graph its footprint names.
        """
        q = QUESTIONS[name]
        options = q.check(**options)
        if len(texts) != len(q.names):
            raise BadInputError(f"{name} takes {len(q.names)} names, not {len(texts)}")
        matches = [self.resolve(t, types=n.types, expected=n.expected) for t, n in zip(texts, q.names, strict=True)]
        if q.check_nodes is not None:
            q.check_nodes(*matches)
        nodes = [m["iri"] for m in matches]
        return q.shape(self.answer(q, nodes, options), texts, matches)

    def answer(self, question, nodes, options) -> dict:
        return question.answer(self.graph_for(question, *nodes, **options), *nodes, **options)


class MemoryBackend(Backend):
    """The in-memory graph (rdflib + networkx): every question reads the whole graph."""

    kind = "memory"

    def __init__(self, rg: RoleGraph):
        self.rg = rg

    def __repr__(self) -> str:
        return f"MemoryBackend({self.rg.triples} triples)"

    def where(self) -> str:
        return f"in memory ({self.rg.triples:,} triples)"

    def graph(self) -> RoleGraph:
        """The whole loaded graph, for views that need all of it (export, validation, drawing)."""
        return self.rg

    def graph_for(self, question, *nodes, **options) -> RoleGraph:
        return self.rg

    def resolve(self, text: str, *, types=None, expected: str | None = None) -> dict:
        return resolve(self.rg, text, types=types, expected=expected)

    def candidates(self, text: str, *, limit: int = 8) -> list[dict]:
        return candidates(self.rg, text, limit=limit)

    def pickers(self) -> dict:
        from .need_display import checklist_groups
        from .session import all_roles, role_choices

        return {"roles": all_roles(self.rg), "home": [r["id"] for r in role_choices(self.rg)], "checklist": checklist_groups(self.rg)}

    def sparql(self, query: str) -> dict:
        """A read-only query in SPARQL JSON results form (see :mod:`rolegraph.sparql_run`)."""
        return run_memory(self.rg.rdf, query)

    def graph_around(self, name: str, *, radius: int = 1) -> RoleGraph:
        """A graph to draw around a node; in memory, the whole graph (every view filters it)."""
        self.resolve(name)
        return self.rg


class EndpointBackend(Backend):
    """A SPARQL 1.1 endpoint: names resolve against its label table, questions read their footprint."""

    kind = "endpoint"

    def __init__(self, endpoint: Endpoint):
        self.ep = endpoint
        self.remote = Remote(endpoint)

    def __repr__(self) -> str:
        return f"EndpointBackend({self.ep!r})"

    def where(self) -> str:
        return f"SPARQL endpoint {self.ep!r}"

    def graph(self) -> RoleGraph:
        raise EndpointError(
            "this needs the whole graph in memory, and an endpoint is in use; "
            f"drop --endpoint (and unset {ENV_ENDPOINT}) to run it on the in-memory graph"
        )

    def graph_for(self, question, *nodes, **options) -> RoleGraph:
        return question.footprint(self.remote, *nodes, **options)

    def answer(self, question, nodes, options) -> dict:
        if question.count is not None:
            return question.count(self.remote, **options)
        return super().answer(question, nodes, options)

    def resolve(self, text: str, *, types=None, expected: str | None = None) -> dict:
        return resolve(self.remote.labels(), text, types=types, expected=expected)

    def candidates(self, text: str, *, limit: int = 8) -> list[dict]:
        return candidates(self.remote.labels(), text, limit=limit)

    def pickers(self) -> dict:
        from .need_display import group_signals

        roles = self.ask("roles")["roles"]
        labels = {r["id"]: r["label"] for r in roles}
        return {"roles": roles, "home": list(labels), "checklist": group_signals(self.ask("signal_checklist")["signals"], labels)}

    def sparql(self, query: str) -> dict:
        return run_endpoint(self.ep, query)

    def graph_around(self, name: str, *, radius: int = 1) -> RoleGraph:
        """The projected graph of every node within ``radius`` hops of ``name`` (with the edges among them)."""
        check_radius(radius)
        centre = self.resolve(name)["iri"]
        return self.remote.view(extra=self.remote.ball(centre, radius))

    def ping(self) -> dict:
        """Check the endpoint answers SPARQL; ``{"endpoint", "triples"}`` or :class:`EndpointError`."""
        rows = self.ep.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return {"endpoint": repr(self.ep), "triples": int(rows[0]["n"]) if rows else 0}


def open_backend(endpoint: str | None = None, data=(), builtin: bool = True, *, timeout=None, graphs=None) -> Backend:
    """The backend to query: an endpoint if ``endpoint`` (or ``ROLEGRAPH_ENDPOINT``) names one, else memory.

    ``endpoint=""`` means memory even when ``ROLEGRAPH_ENDPOINT`` is set.

    Raises
    ------
    BadInputError
        A bad URL or timeout, or ``data``/``builtin=False`` together with an endpoint
        (files go to an endpoint with ``rolegraph load``).
    LoadError
        A data file cannot be read (memory).
    """
    ep = None if endpoint == "" else endpoint_from_env(endpoint, timeout=timeout, graphs=graphs)
    if ep is None:
        from .cache import load_graph

        return MemoryBackend(load_graph(data or (), builtin=builtin))
    if data or not builtin:
        raise BadInputError(
            "--data and --no-builtin shape the in-memory graph; with an endpoint, upload files with "
            "`rolegraph load --endpoint URL --store URL PATH ...` instead"
        )
    return EndpointBackend(ep)
