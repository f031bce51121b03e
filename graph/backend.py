"""One seam for the CLI and the app: the same questions, in memory or on a SPARQL endpoint.

:func:`open_backend` gives a :class:`MemoryBackend` (the default: the built-in
graph plus ``--data`` files, loaded into rdflib) or, when an endpoint URL is
given or ``ROLEGRAPH_ENDPOINT`` is set, an :class:`EndpointBackend`. Both have
the same methods, with the signatures of :mod:`rolegraph.queries` minus the graph,
and give the same answers for the same data.

>>> b = open_backend(endpoint="")
>>> b.kind, b.roles()["roles"][0]["id"]
('memory', 'data-engineer')
"""

from __future__ import annotations

from .endpoint import ENV_ENDPOINT, Endpoint, endpoint_from_env
from .errors import BadInputError, EndpointError
from .need import need, need_from_signals, signal_checklist
from .project import RoleGraph
from .queries import check_radius, compare, describe, neighbours, owner, path, roles, stats
from .remote import Remote
from .resolve import resolve
from .sparql import run_endpoint, run_memory

__all__ = ["EndpointBackend", "MemoryBackend", "endpoint_backend", "open_backend"]


class MemoryBackend:
    """The in-memory graph (rdflib + networkx)."""

    kind = "memory"

    def __init__(self, rg: RoleGraph):
        self.rg = rg

    def __repr__(self) -> str:
        return f"MemoryBackend({len(self.rg.rdf)} triples)"

    def where(self) -> str:
        return f"in memory ({len(self.rg.rdf):,} triples)"

    def graph(self) -> RoleGraph:
        """The whole loaded graph, for views that need all of it (export, validation, drawing)."""
        return self.rg

    def roles(self) -> dict:
        return roles(self.rg)

    def stats(self) -> dict:
        return stats(self.rg)

    def describe(self, name: str) -> dict:
        return describe(self.rg, name)

    def owner(self, text: str) -> dict:
        return owner(self.rg, text)

    def path(self, start: str, goal: str) -> dict:
        return path(self.rg, start, goal)

    def compare(self, first: str, second: str) -> dict:
        return compare(self.rg, first, second)

    def neighbours(self, name: str, *, radius: int = 1, types=None, limit: int | None = None) -> dict:
        return neighbours(self.rg, name, radius=radius, types=types, limit=limit)

    def need(self, text: str, meaning: bool | None = None, occupations: bool = False) -> dict:
        return need(self.rg, text, meaning=meaning, occupations=occupations)

    def signal_checklist(self) -> list[dict]:
        return signal_checklist(self.rg)

    def need_from_signals(self, signal_ids) -> dict:
        return need_from_signals(self.rg, signal_ids)

    def resolve(self, text: str, *, types=None, expected: str | None = None) -> dict:
        return resolve(self.rg, text, types=types, expected=expected)

    def sparql(self, query: str) -> dict:
        """A read-only query in SPARQL JSON results form (see :mod:`rolegraph.sparql`)."""
        return run_memory(self.rg.rdf, query)

    def graph_around(self, name: str, *, radius: int = 1) -> RoleGraph:
        """A graph to draw around a node; in memory, the whole graph (every view filters it)."""
        self.resolve(name)
        return self.rg


class EndpointBackend(Remote):
    """A SPARQL 1.1 endpoint; every question is answered there (see :mod:`rolegraph.remote`)."""

    kind = "endpoint"

    def __repr__(self) -> str:
        return f"EndpointBackend({self.ep!r})"

    def where(self) -> str:
        return f"SPARQL endpoint {self.ep!r}"

    def graph(self) -> RoleGraph:
        raise EndpointError(
            "this needs the whole graph in memory, and an endpoint is in use; "
            f"drop --endpoint (and unset {ENV_ENDPOINT}) to run it on the in-memory graph"
        )

    def sparql(self, query: str) -> dict:
        return run_endpoint(self.ep, query)

    def graph_around(self, name: str, *, radius: int = 1) -> RoleGraph:
        """The projected graph of every node within ``radius`` hops of ``name`` (with the edges among them)."""
        check_radius(radius)
        centre = self.resolve(name)["iri"]
        return self.view(extra=self.ball(centre, radius))

    def ping(self) -> dict:
        """Check the endpoint answers SPARQL; ``{"endpoint", "triples"}`` or :class:`EndpointError`."""
        rows = self.ep.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return {"endpoint": repr(self.ep), "triples": int(rows[0]["n"]) if rows else 0}


def open_backend(endpoint: str | None = None, data=(), builtin: bool = True, *, timeout=None, graphs=None):
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
        from . import load

        return MemoryBackend(load(data or (), builtin=builtin))
    if data or not builtin:
        raise BadInputError(
            "--data and --no-builtin shape the in-memory graph; with an endpoint, upload files with "
            "`rolegraph load --endpoint URL --store URL PATH ...` instead"
        )
    return EndpointBackend(ep)


def endpoint_backend(url: str, *, timeout=None, graphs=()) -> EndpointBackend:
    """An endpoint backend for ``url`` (for the app's sidebar setting); checks the URL, not the server."""
    return EndpointBackend(Endpoint(url, timeout=timeout, graphs=tuple(graphs)))
