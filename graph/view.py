"""What a drawing shows: the node set of a focus, a filter or the article's map (the exports offered for it are
:func:`rolegraph.export.offers`).

:func:`select` picks the nodes to draw: the focus's neighbourhood, the parts of some
roles, or (with nothing asked) the article's map of roles, overlap zones and
deliverables, narrowed by node type and never more than a cap. The explorer keeps
what the reader asked for (a :class:`rolegraph.explorer.state.View`) in its URL;
anything with ``focus``, ``radius``, ``types`` and ``roles`` attributes will do here.

>>> import rolegraph
>>> from types import SimpleNamespace
>>> rg = rolegraph.load()
>>> picked = select(rg, SimpleNamespace(focus="", radius=1, types=(), roles=()))
>>> sorted({rg.G.nodes[n]["type"] for n in picked["nodes"]})
['deliverable', 'overlap_zone', 'role']
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable

from .domain import MAP_KINDS, role_part
from .errors import BadInputError
from .namespace import RGI
from .project import RoleGraph
from .queries import neighbours
from .resolve import resolve

__all__ = ["CAP", "home_roles", "role_scope", "select"]

#: Never draw more nodes than this at once.
CAP = 300


def role_scope(rg: RoleGraph, role: str) -> frozenset[str]:
    """IRIs of the nodes belonging to a role (IRI): its part of the graph, as ``export --role`` takes it
    (:func:`rolegraph.domain.role_part`, the one definition)."""
    return frozenset(role_part(rg, role))


def _resolve_roles(rg: RoleGraph, names: Iterable[str]) -> list[str]:
    return [resolve(rg, name, types={"role"}, expected="role")["iri"] for name in names]


def _key(rg: RoleGraph, n: str) -> tuple:
    d = rg.G.nodes[n]
    return (d["type"], d["label"].casefold(), n)


def _rank(rg: RoleGraph, nodes: set[str], sources: list[str], cap: int) -> list[str]:
    """The first ``cap`` of ``nodes``, nearest the sources first (then by type, label).

    The search from the sources stops after the first hop level that reaches ``cap``
    of the nodes, so a large graph is never walked whole for a small drawing.
    """
    order: list[str] = []
    seen = set(sources)
    level = list(dict.fromkeys(sources))
    while level:
        order += sorted((n for n in level if n in nodes), key=lambda n: _key(rg, n))
        if len(order) >= cap:
            return order[:cap]
        nxt = []
        for n in level:
            for m in (*rg.G.successors(n), *rg.G.predecessors(n)):
                if m not in seen:
                    seen.add(m)
                    nxt.append(m)
        level = nxt
    rest = [n for n in nodes if n not in seen]
    if len(rest) > cap - len(order):
        rest = heapq.nsmallest(cap - len(order), rest, key=lambda n: _key(rg, n))
    return order + sorted(rest, key=lambda n: _key(rg, n))


def home_roles(rg: RoleGraph) -> list[str]:
    """The roles of rolegraph's own vocabulary (built-in ones, or placed on the spectrum), not an imported
    taxonomy's thousands of occupations; every role when there are none."""
    own = [r for r in rg.of_type("role") if r.startswith(str(RGI)) or rg.G.nodes[r].get("spectrum") is not None]
    return own or list(rg.of_type("role"))


def _start_roles(rg: RoleGraph, found: set[str]) -> list[str]:
    """Where an unfocused drawing starts: the home roles in the drawing, else every role in it."""
    return [r for r in home_roles(rg) if r in found] or [r for r in rg.of_type("role") if r in found]


def select(rg: RoleGraph, view, *, cap: int = CAP) -> dict:
    """The nodes to draw for a view: ``{"nodes", "focus", "total", "omitted", "note", "map"}``.

    ``nodes`` are IRIs, at most ``cap`` of them; ``total`` is how many matched
    before the cap and ``omitted`` how many were left out. With a focus, the
    drawing is its neighbourhood within ``radius``; with neither focus, roles nor
    types, the article's map (``map`` is true): rolegraph's own roles, the overlap
    zones and the deliverables, skills and tools folded away; with types only, every
    node of those types, nearest the roles on the spectrum first. Type and role
    filters narrow it (the focus always stays).

    Raises
    ------
    UnknownNameError
        The focus or a role filter names nothing in the graph.
    BadInputError
        The radius, a type or the cap is out of range.
    """
    if not isinstance(cap, int) or cap < 1:
        raise BadInputError(f"cap must be a positive whole number, not {cap!r}")
    role_iris = _resolve_roles(rg, view.roles)
    scope: set[str] | None = None
    if role_iris:
        scope = set().union(*(role_scope(rg, r) for r in role_iris))
    focus = None
    if view.focus.strip():
        near = neighbours(rg, view.focus, radius=view.radius, types=list(view.types) or None)
        focus = rg.ids[near["centre"]["id"]]
        found = {rg.ids[n["id"]] for n in near["nodes"]}
    elif scope is not None:
        wanted = set(view.types)
        found = {n for n in scope if not wanted or rg.G.nodes[n]["type"] in wanted}
    elif view.types:
        wanted = set(view.types)
        found = {n for n, d in rg.G.nodes(data=True) if d["type"] in wanted}
    else:
        home = set(home_roles(rg))
        found = {n for n, d in rg.G.nodes(data=True) if d["type"] in MAP_KINDS and (d["type"] != "role" or n in home)}
    if scope is not None:
        found = {n for n in found if n in scope or n == focus}
    sources = [focus] if focus else role_iris or _start_roles(rg, found)
    kept = _rank(rg, found, sources, cap)
    omitted = len(found) - len(kept)
    note = f"{omitted} of {len(found)} nodes left out (the cap is {cap}); focus on a node or filter to see them" if omitted else ""
    is_map = not focus and scope is None and not view.types
    return {"nodes": kept, "focus": focus, "total": len(found), "omitted": omitted, "note": note, "map": is_map}
