"""What the explorer draws: the view (focus, radius, filters, query inputs), its URL form, and the node set.

A :class:`View` is everything a user can set in the app. :func:`encode` turns it
into URL query parameters and :func:`decode` reads them back, reporting (not
raising on) values it had to drop, so a shared link restores the same view.
:func:`select` picks the nodes to draw: the focus's neighbourhood or the whole
graph, narrowed by node type and by role, and never more than a cap.

>>> v = View(focus="data-engineer", radius=2, types=("skill", "role"))
>>> encode(v)
{'focus': 'data-engineer', 'radius': '2', 'types': 'role,skill'}
>>> decode(encode(v))[0] == View(focus="data-engineer", radius=2, types=("role", "skill"))
True
"""

from __future__ import annotations

import io
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace

import networkx as nx
from rdflib import BNode, Graph, URIRef

from .errors import BadInputError
from .project import RoleGraph
from .queries import NODE_TYPES, neighbours
from .render import html_page
from .resolve import resolve

__all__ = [
    "CAP",
    "EXPORT_FORMATS",
    "MAX_RADIUS",
    "TABS",
    "View",
    "decode",
    "encode",
    "export_view",
    "md_escape",
    "role_scope",
    "select",
]

#: Never draw more nodes than this at once.
CAP = 300
MAX_RADIUS = 4
#: Tab key → tab title, in display order.
TABS = {
    "graph": "Graph",
    "owner": "Who owns this skill?",
    "path": "Learning path",
    "compare": "Compare roles",
    "need": "Which role do you need?",
}
#: Longest text a URL parameter may carry (a pasted job description is cut there).
MAX_PARAM_CHARS = 4000


@dataclass(frozen=True)
class View:
    """Everything the explorer lets a user set; the defaults draw the whole graph."""

    focus: str = ""
    radius: int = 1
    types: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    physics: bool = False
    tab: str = "graph"
    owner: str = ""
    path_from: str = ""
    path_to: str = ""
    a: str = ""
    b: str = ""
    jd: str = field(default="", repr=False)


_DEFAULT = View()
_TEXT = ("focus", "owner", "path_from", "path_to", "a", "b", "jd")


def encode(view: View) -> dict[str, str]:
    """URL query parameters for a view: only what differs from the default, keys sorted."""
    out: dict[str, str] = {}
    for f in fields(View):
        value = getattr(view, f.name)
        if value == getattr(_DEFAULT, f.name):
            continue
        if isinstance(value, tuple):
            out[f.name] = ",".join(sorted(value))
        elif isinstance(value, bool):
            out[f.name] = "1" if value else "0"
        else:
            out[f.name] = str(value)[:MAX_PARAM_CHARS]
    return dict(sorted(out.items()))


def _one(value) -> str:
    if isinstance(value, str):
        return value
    values = list(value)
    return str(values[-1]) if values else ""


def decode(params: Mapping) -> tuple[View, list[str]]:
    """The view a URL's query parameters describe, and a message for each value dropped.

    >>> view, problems = decode({"radius": "9", "types": "skill,planet", "colour": "red"})
    >>> view.radius, view.types
    (1, ('skill',))
    >>> for p in problems: print(p)
    unknown URL parameter 'colour' ignored
    radius must be a whole number from 0 to 4, not '9'
    unknown node type 'planet' in types; use any of role, overlap_zone, deliverable, skill, tool, need_signal, mis_hire, claim
    """
    values: dict = {}
    problems: list[str] = []
    known = {f.name for f in fields(View)}
    for key in sorted(params):
        text = _one(params[key])
        raw = text.strip()
        if key not in known:
            problems.append(f"unknown URL parameter {key!r} ignored")
        elif key in _TEXT:
            values[key] = text[:MAX_PARAM_CHARS]
        elif key == "radius":
            if raw.isdigit() and 0 <= int(raw) <= MAX_RADIUS:
                values[key] = int(raw)
            else:
                problems.append(f"radius must be a whole number from 0 to {MAX_RADIUS}, not {raw!r}")
        elif key == "physics":
            if raw in ("0", "1"):
                values[key] = raw == "1"
            else:
                problems.append(f"physics must be 0 or 1, not {raw!r}")
        elif key == "tab":
            if raw in TABS:
                values[key] = raw
            else:
                problems.append(f"unknown tab {raw!r}; use one of {', '.join(TABS)}")
        elif key == "types":
            good = []
            for t in (x.strip() for x in raw.split(",")):
                if t in NODE_TYPES:
                    good.append(t)
                elif t:
                    problems.append(f"unknown node type {t!r} in types; use any of {', '.join(NODE_TYPES)}")
            values[key] = tuple(sorted(set(good)))
        elif key == "roles":
            values[key] = tuple(sorted({x.strip() for x in raw.split(",") if x.strip()}))
    return View(**values), problems


def with_(view: View, **changes) -> View:
    """A copy of ``view`` with some fields changed (tuples sorted)."""
    for k in ("types", "roles"):
        if k in changes:
            changes[k] = tuple(sorted(set(changes[k])))
    return replace(view, **changes)


#: Relations followed outward from a role to find what belongs to it.
_SCOPE_OUT = frozenset({"delivers", "needsSkill", "usesTool", "hasCoreSkill", "sideCovers", "zoneIncludes"})
#: Relations whose source node belongs to the role they point at.
_SCOPE_IN = frozenset({"sharedBy", "indicates", "hiredRole", "neededRole", "about"})


def role_scope(rg: RoleGraph, role: str) -> frozenset[str]:
    """IRIs of the nodes belonging to a role (IRI): the role, what it delivers and needs
    (deliverables, skills, tools, its side of each zone), its zones, the need signals,
    mis-hires and claims that point at it. Cached in ``rg.cache``."""
    store = rg.cache.setdefault("view-scope", {})
    if role not in store:
        seen = {role}
        for u, _, k in rg.G.in_edges(role, keys=True):
            if k in _SCOPE_IN:
                seen.add(u)
        queue = deque(seen)
        while queue:
            n = queue.popleft()
            for _, v, k in rg.G.out_edges(n, keys=True):
                if k in _SCOPE_OUT and v not in seen and rg.G.nodes[v]["type"] != "role":
                    seen.add(v)
                    queue.append(v)
        store[role] = frozenset(seen)
    return store[role]


def _resolve_roles(rg: RoleGraph, names: Iterable[str]) -> list[str]:
    return [resolve(rg, name, types={"role"}, expected="role")["iri"] for name in names]


def _rank(rg: RoleGraph, nodes: set[str], sources: list[str]) -> list[str]:
    """Nodes nearest the sources first (then by type, label), for cutting at the cap."""
    dist = dict.fromkeys(sources, 0)
    queue = deque(sources)
    while queue:
        n = queue.popleft()
        for m in (*rg.G.successors(n), *rg.G.predecessors(n)):
            if m not in dist:
                dist[m] = dist[n] + 1
                queue.append(m)
    far = len(rg.G) + 1
    return sorted(nodes, key=lambda n: (dist.get(n, far), rg.G.nodes[n]["type"], rg.G.nodes[n]["label"].casefold(), n))


def select(rg: RoleGraph, view: View, *, cap: int = CAP) -> dict:
    """The nodes to draw for a view: ``{"nodes", "focus", "total", "omitted", "note"}``.

    ``nodes`` are IRIs, at most ``cap`` of them; ``total`` is how many matched
    before the cap and ``omitted`` how many were left out. With a focus, the
    drawing is its neighbourhood within ``radius``; without, the whole graph.
    Type and role filters narrow it (the focus always stays).

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
    else:
        wanted = set(view.types)
        found = {n for n, d in rg.G.nodes(data=True) if not wanted or d["type"] in wanted}
    if scope is not None:
        found = {n for n in found if n in scope or n == focus}
    sources = [focus] if focus else role_iris or [r for r in rg.of_type("role") if r in found]
    ranked = _rank(rg, found, sources)
    kept = ranked[:cap]
    omitted = len(ranked) - len(kept)
    note = f"{omitted} of {len(ranked)} nodes left out (the cap is {cap}); focus on a node or filter to see them" if omitted else ""
    return {"nodes": kept, "focus": focus, "total": len(ranked), "omitted": omitted, "note": note}


def md_escape(text: str) -> str:
    r"""Text made safe for Markdown: every character Markdown or HTML could read is backslash-escaped.

    >>> md_escape("</script><img src=x onerror=alert(1)> *bold* [a](b)")
    '\\<\\/script\\>\\<img src\\=x onerror\\=alert\\(1\\)\\> \\*bold\\* \\[a\\]\\(b\\)'
    """
    out = []
    for ch in str(text):
        if ch in "\\`*_{}[]()<>#+-.!|~=/:&\"'$^":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("  \n")
        else:
            out.append(ch)
    return "".join(out)


#: Export formats the app offers: name → (file suffix, MIME type).
EXPORT_FORMATS = {
    "turtle": ("ttl", "text/turtle"),
    "graphml": ("graphml", "application/graphml+xml"),
    "html": ("html", "text/html"),
}


def _subgraph_rdf(rg: RoleGraph, nodes: list[str]) -> Graph:
    """Every triple about the nodes (and the blank nodes under them), leaving out links to undrawn nodes."""
    keep = set(nodes)
    out = Graph()
    for prefix, ns in rg.rdf.namespaces():
        out.bind(prefix, ns, override=True)
    todo = [URIRef(n) for n in sorted(keep)]
    seen = set()
    while todo:
        s = todo.pop()
        if s in seen:
            continue
        seen.add(s)
        for p, o in rg.rdf.predicate_objects(s):
            if isinstance(o, URIRef) and str(o) in rg.G and str(o) not in keep:
                continue
            out.add((s, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return out


def _graphml(rg: RoleGraph, nodes: list[str]) -> bytes:
    G = nx.MultiDiGraph()
    for n in nodes:
        d = rg.G.nodes[n]
        attrs = {}
        for k, v in sorted(d.items()):
            if v is None or v == [] or v == "":
                continue
            attrs[k] = "; ".join(map(str, v)) if isinstance(v, list) else v
        G.add_node(n, **attrs)
    keep = set(nodes)
    for u, v, k, data in sorted(rg.G.edges(nodes, keys=True, data=True), key=lambda e: (e[0], e[2], e[1])):
        if v in keep:
            G.add_edge(u, v, key=k, relation=k, **{x: y for x, y in data.items() if y is not None})
    buf = io.BytesIO()
    nx.write_graphml(G, buf)
    return buf.getvalue()


def export_view(rg: RoleGraph, nodes: Iterable[str], fmt: str, *, focus: str | None = None, title: str = "rolegraph view") -> bytes:
    """The drawn nodes (IRIs) as a file: Turtle, GraphML or a standalone HTML page.

    Stand-in until ``graph.export`` lands; the app calls only this function.

    Raises
    ------
    BadInputError
        ``fmt`` is not one of :data:`EXPORT_FORMATS`.
    """
    if fmt not in EXPORT_FORMATS:
        raise BadInputError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    nodes = sorted(n for n in dict.fromkeys(nodes) if n in rg.G)
    if fmt == "turtle":
        return _subgraph_rdf(rg, nodes).serialize(format="turtle").encode("utf-8")
    if fmt == "graphml":
        return _graphml(rg, nodes)
    return html_page(rg, nodes, focus=focus, title=title).encode("utf-8")
