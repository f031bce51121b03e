"""Select the part of the graph to export: a role's part, a zone's part, node types.

A role's part is the role, its deliverables, its skills (core skills and the
skills its deliverables need), the tools of those, the overlap zones it shares,
the need signals that point at it, the mis-hires it is in and the claims about it.
A zone's part is the zone, its roles, its sides (``rg:ZoneSide`` nodes) and the
items it includes or that a side covers.

The RDF of a selection holds every triple whose subject is a selected node or
one of its zone sides, plus the description of every source those triples cite,
so labels, definitions and provenance travel with the nodes.

>>> from rolegraph import load
>>> sel = select(load(), roles=["data-engineer"])
>>> "https://rolegraph.dev/id/data-engineer" in sel.nodes
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

import rdflib
from rdflib import DCTERMS, BNode, URIRef

from .errors import BadInputError
from .namespace import RG
from .project import RoleGraph
from .queries import _check_types, role_skills
from .resolve import resolve

__all__ = ["Selection", "role_part", "select", "zone_part"]


@dataclass(frozen=True)
class Selection:
    """What to export: projected node IRIs (sorted), zone-side IRIs and the RDF subgraph."""

    nodes: tuple[str, ...]
    sides: tuple[str, ...]
    rdf: rdflib.Graph = field(repr=False, compare=False)
    roles: tuple[str, ...] = ()
    zone: str | None = None
    types: tuple[str, ...] = ()
    #: True when the caller passed an explicit node set
    picked: bool = False

    @property
    def whole(self) -> bool:
        """True when nothing narrowed the selection."""
        return not self.roles and self.zone is None and not self.types and not self.picked

    def title(self, rg: RoleGraph) -> str:
        """A short human title for the selection (used by documents and pages)."""
        parts = [rg.G.nodes[r]["label"] for r in self.roles]
        if self.zone:
            parts.append(rg.G.nodes[self.zone]["label"])
        title = ", ".join(parts) if parts else "Selected nodes" if self.picked else "All roles"
        if self.types:
            title += " (" + ", ".join(t.replace("_", " ") + "s" for t in self.types) + ")"
        return title


def role_part(rg: RoleGraph, role: str) -> set[str]:
    """IRIs of a role's part of the graph (see the module docstring)."""
    part = {role}
    deliverables = set(rg.out(role, "delivers"))
    skills = role_skills(rg, role)
    part |= deliverables | skills
    for n in deliverables | skills:
        part.update(rg.out(n, "usesTool"))
    part.update(rg.into(role, "sharedBy"))
    part.update(rg.into(role, "indicates"))
    part.update(rg.into(role, "hiredRole"))
    part.update(rg.into(role, "neededRole"))
    part.update(rg.into(role, "about"))
    return part


def zone_part(rg: RoleGraph, zone: str) -> set[str]:
    """IRIs of a zone's part of the graph (its sides are in :func:`zone_sides`)."""
    info = rg.zones.get(zone, {"roles": [], "split": []})
    part = {zone, *info["roles"], *rg.out(zone, "zoneIncludes")}
    for side in info["split"]:
        part.update(side["covers"])
    return part


def zone_sides(rg: RoleGraph, zone: str) -> list[str]:
    """The ``rg:ZoneSide`` IRIs of a zone, sorted."""
    return sorted(str(s) for s in rg.rdf.objects(URIRef(zone), RG.hasSide) if isinstance(s, URIRef))


def select(rg: RoleGraph, *, roles=(), zone: str | None = None, types=None, nodes=None) -> Selection:
    """The part of ``rg`` to export.

    Parameters
    ----------
    roles : iterable of str
        Role names (id, label or synonym); the union of their parts is kept.
    zone : str, optional
        An overlap zone name; its part is added.
    types : str or iterable of str, optional
        Keep only nodes of these types (``"skill,tool"``); the roles and zone
        named above always stay.
    nodes : iterable of str, optional
        Node IRIs to start from instead of the whole graph (the app's current
        view, say); roles and zone parts are added to them.

    Raises
    ------
    UnknownNameError
        A role or zone name matches nothing (the message has the closest names).
    BadInputError
        An unknown node type, a node IRI not in the graph, or a selection that keeps no node.
    """
    if nodes is not None:
        nodes = list(dict.fromkeys(str(n) for n in nodes))
        unknown = [n for n in nodes if n not in rg.G]
        if unknown:
            raise BadInputError(f"{len(unknown)} node IRIs are not in the graph, e.g. {unknown[0]!r}; pass IRIs of loaded nodes")
    if isinstance(roles, str):
        roles = [roles]
    role_iris = list(dict.fromkeys(resolve(rg, r, types={"role"}, expected="role")["iri"] for r in roles))
    zone_iri = resolve(rg, zone, types={"overlap_zone"}, expected="overlap zone")["iri"] if zone is not None else None
    wanted = _check_types(types)
    type_order = [t for t in ("role", "overlap_zone", "deliverable", "skill", "tool", "need_signal", "mis_hire", "claim") if t in wanted]
    if role_iris or zone_iri or nodes is not None:
        keep: set[str] = set(nodes or ())
        for r in role_iris:
            keep |= role_part(rg, r)
        if zone_iri:
            keep |= zone_part(rg, zone_iri)
    else:
        keep = set(rg.G.nodes)
    anchors = {*role_iris, *([zone_iri] if zone_iri else [])}
    if wanted:
        keep = {n for n in keep if n in anchors or rg.G.nodes[n]["type"] in wanted}
    if not keep:
        raise BadInputError(f"the selection keeps no node: the graph has no {', '.join(sorted(wanted))}; try other --types")
    picked = nodes is not None
    nodes = tuple(sorted(keep))
    sides = tuple(s for z in nodes if rg.G.nodes[z]["type"] == "overlap_zone" for s in zone_sides(rg, z))
    whole = not role_iris and zone_iri is None and not wanted and not picked
    rdf = _whole_rdf(rg) if whole else _rdf_about(rg, [*nodes, *sides])
    return Selection(
        nodes=nodes, sides=tuple(sorted(sides)), rdf=rdf, roles=tuple(role_iris), zone=zone_iri, types=tuple(type_order), picked=picked
    )


def _new_graph(rg: RoleGraph) -> rdflib.Graph:
    g = rdflib.Graph(bind_namespaces="core")
    for prefix, ns in rg.rdf.namespaces():
        g.bind(prefix, ns, override=True, replace=True)
    return g


def _whole_rdf(rg: RoleGraph) -> rdflib.Graph:
    g = _new_graph(rg)
    g += rg.rdf
    return g


def _rdf_about(rg: RoleGraph, subjects) -> rdflib.Graph:
    """Every triple about ``subjects``, the blank nodes they reach, and the sources they cite."""
    src = rg.rdf
    g = _new_graph(rg)
    todo = [URIRef(s) for s in subjects]
    done: set = set()
    cited: set = set()
    while todo:
        s = todo.pop()
        if s in done:
            continue
        done.add(s)
        for p, o in src.predicate_objects(s):
            g.add((s, p, o))
            if isinstance(o, BNode):
                todo.append(o)
            elif p == DCTERMS.source or p == DCTERMS.isPartOf:
                cited.add(o)
        while cited:  # describe each cited source (and what it is part of) once
            c = cited.pop()
            if c not in done:
                todo.append(c)
    return g
