"""Select the part of the graph to export: a role's part, a zone's part, node types.

A role's part and a zone's part are defined once, in :mod:`rolegraph.domain`
(:func:`~rolegraph.domain.role_part`, :func:`~rolegraph.domain.zone_part`); a
zone's sides (``rg:ZoneSide`` nodes) travel with it.

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

from .domain import NODE_TYPES, check_types, role_part, zone_part
from .errors import BadInputError
from .namespace import RG, RGI
from .project import RoleGraph
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
        title = ", ".join(parts) if parts else _picked_title(rg, self.nodes) if self.picked else "All roles"
        if self.types:
            title += " (" + ", ".join(t.replace("_", " ") + "s" for t in self.types) + ")"
        return title


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
    wanted = check_types(types)
    type_order = [t for t in NODE_TYPES if t in wanted]
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


def _refuse_quoted(triple) -> None:
    """rdflib graphs hold no RDF-star quoted triple (``<< s p o >>``); say so instead of failing inside rdflib."""
    if any(isinstance(t, tuple) for t in triple):
        shown = " ".join(f"<< {' '.join(t.n3() for t in x)} >>" if isinstance(x, tuple) else x.n3() for x in triple)
        raise BadInputError(
            f"the data holds an RDF-star quoted triple ({shown[:300]}), which this export cannot write; "
            "remove the << >> statements from the --data file, or export a part without them (--role, --zone)"
        )


def _whole_rdf(rg: RoleGraph) -> rdflib.Graph:
    g = _new_graph(rg)

    def checked():
        for triple in rg.rdf:
            _refuse_quoted(triple)
            yield (*triple, g)

    g.addN(checked())
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
            _refuse_quoted((s, p, o))
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


_TITLE_RANK = {"role": 0, "overlap_zone": 1}


def _picked_title(rg: RoleGraph, nodes) -> str:
    """Name an explicit node set (a view of the explorer) by what it shows.

    A neighbourhood is named by its centre: the node linked to most of the others
    ("ML engineer", "Inference serving overlap"); otherwise by its roles, or its
    first nodes ("Model serving, Feature engineering and 3 more").
    """
    keep = set(nodes)
    if len(keep) == len(rg.G):
        return "All roles"
    own = {r for r in rg.of_type("role") if r.startswith(str(RGI)) or rg.G.nodes[r].get("spectrum") is not None}
    if len(own) > 1 and own <= keep and not any(rg.G.nodes[n]["type"] in ("skill", "tool") for n in keep):
        return "All roles"  # the explorer's landing view: the article's map of every role, skills and tools folded

    def linked(n):
        return len({m for m in (*rg.G.successors(n), *rg.G.predecessors(n)) if m in keep and m != n})

    def rank(n):
        d = rg.G.nodes[n]
        return (-linked(n), _TITLE_RANK.get(d["type"], 2), d["label"].casefold(), d["id"])

    ordered = sorted(keep, key=rank)
    centre = ordered[0]
    if len(keep) == 1 or 2 * linked(centre) >= len(keep) - 1:
        return rg.G.nodes[centre]["label"]
    roles = [n for n in ordered if rg.G.nodes[n]["type"] == "role"]
    if 0 < len(roles) <= 3:
        return ", ".join(rg.G.nodes[r]["label"] for r in sorted(roles, key=lambda r: (rg.G.nodes[r]["spectrum"] or 99, r)))
    kinds = {rg.G.nodes[n]["type"] for n in keep}
    if len(kinds) == 1:
        return f"{len(keep)} {kinds.pop().replace('_', ' ')}s"
    shown = [rg.G.nodes[n]["label"] for n in ordered[:2]]
    return ", ".join(shown) + (f" and {len(keep) - 2} more" if len(keep) > 2 else "")
