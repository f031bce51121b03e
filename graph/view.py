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

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from urllib.parse import urlencode

from .domain import role_part
from .errors import BadInputError, RolegraphError
from .export import FORMATS, check_format, render
from .exporters.archive import zip_files
from .namespace import RGI
from .project import RoleGraph
from .queries import NODE_TYPES, neighbours
from .resolve import resolve

__all__ = [
    "CAP",
    "MAX_RADIUS",
    "TABS",
    "TRAINING_FORMATS",
    "View",
    "check_names",
    "decode",
    "drawing_key",
    "encode",
    "export_choices",
    "export_file",
    "export_mime",
    "home_roles",
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
    "sparql": "SPARQL",
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
    #: ids of the need signals ticked on the checklist
    needs: tuple[str, ...] = ()
    #: the sidebar's graph choice ("" for the default)
    graph: str = ""
    #: the SPARQL tab's query
    sparql: str = field(default="", repr=False)


_DEFAULT = View()
_TEXT = ("focus", "owner", "path_from", "path_to", "a", "b", "jd", "graph", "sparql")


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
        elif key in ("roles", "needs"):
            values[key] = tuple(sorted({x.strip() for x in raw.split(",") if x.strip()}))
    return View(**values), problems


#: The fields that decide what the graph tab draws.
DRAWING_FIELDS = ("focus", "radius", "types", "roles")


def check_names(view: View, role_ids, signal_ids, resolve_role) -> tuple[View, list[str]]:
    """``view`` with only the roles and need signals the loaded graph has, and a message for each dropped.

    Role names in the path and compare fields are turned into ids with ``resolve_role(name)``
    (e.g. ``lambda n: backend.resolve(n, types={"role"}, expected="role")``); a name it refuses
    is dropped with its error message.
    """
    role_ids, signal_ids = list(role_ids), list(signal_ids)
    problems = [f"unknown role {r!r} in roles; use any of {', '.join(role_ids)}" for r in view.roles if r not in role_ids]
    named = {}
    for name in ("path_from", "path_to", "a", "b"):
        value = getattr(view, name)
        if value and value not in role_ids:
            try:
                value = resolve_role(value)["id"]
            except RolegraphError as err:
                problems.append(str(err))
                value = ""
        named[name] = value
    problems += [f"unknown need signal {n!r} in needs; use any of {', '.join(signal_ids)}" for n in view.needs if n not in signal_ids]
    checked = replace(
        view,
        roles=tuple(r for r in view.roles if r in role_ids),
        needs=tuple(n for n in view.needs if n in signal_ids),
        **named,
    )
    return checked, problems


def drawing_key(view: View) -> str:
    """The URL query of the fields that decide the drawing: a cache key for the view's exports.

    >>> drawing_key(View(focus="data engineer", radius=2, tab="path", jd="ignored"))
    'focus=data+engineer&radius=2'
    """
    return urlencode(encode(View(**{f: getattr(view, f) for f in DRAWING_FIELDS})))


def with_(view: View, **changes) -> View:
    """A copy of ``view`` with some fields changed (tuples sorted)."""
    for k in ("types", "roles", "needs"):
        if k in changes:
            changes[k] = tuple(sorted(set(changes[k])))
    return replace(view, **changes)


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


def select(rg: RoleGraph, view: View, *, cap: int = CAP) -> dict:
    """The nodes to draw for a view: ``{"nodes", "focus", "total", "omitted", "note"}``.

    ``nodes`` are IRIs, at most ``cap`` of them; ``total`` is how many matched
    before the cap and ``omitted`` how many were left out. With a focus, the
    drawing is its neighbourhood within ``radius``; without, the whole graph,
    nearest the roles on the spectrum first (the built-in ones when a taxonomy is
    imported). Type and role filters narrow it (the focus always stays).

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
    else:
        wanted = set(view.types)
        found = {n for n, d in rg.G.nodes(data=True) if not wanted or d["type"] in wanted}
    if scope is not None:
        found = {n for n in found if n in scope or n == focus}
    sources = [focus] if focus else role_iris or _start_roles(rg, found)
    kept = _rank(rg, found, sources, cap)
    omitted = len(found) - len(kept)
    note = f"{omitted} of {len(found)} nodes left out (the cap is {cap}); focus on a node or filter to see them" if omitted else ""
    return {"nodes": kept, "focus": focus, "total": len(found), "omitted": omitted, "note": note}


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


#: Formats written per role: offered only when the view holds at least one role.
TRAINING_FORMATS = ("handout-md", "handout-html", "handout-pdf", "handout-docx", "pptx", "quiz-md", "anki")
_MIME = {
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".graphml": "application/graphml+xml",
    ".gexf": "application/gexf+xml",
    ".mmd": "text/vnd.mermaid",
    ".html": "text/html",
    ".md": "text/markdown",
    ".pdf": "application/pdf",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".apkg": "application/octet-stream",
    ".zip": "application/zip",
}


#: File name stems of the training material (data formats are ``rolegraph-view``).
_STEMS = {"handout": "rolegraph-handout", "pptx": "rolegraph-slides", "quiz": "rolegraph-quiz", "anki": "rolegraph-quiz"}


def _suffix(fmt: str) -> str:
    return FORMATS[fmt]["suffix"] or ".zip"  # a folder format arrives as one zip file


def _file_name(fmt: str) -> str:
    stem = _STEMS.get(fmt.split("-")[0], "rolegraph-view")
    return f"{stem}{'-' + fmt if FORMATS[fmt]['dir'] else ''}{_suffix(fmt)}"


def export_choices(rg: RoleGraph, nodes: Iterable[str]) -> list[dict]:
    """The export formats offered for a drawn node set, in :data:`graph.export.FORMATS` order.

    Each: ``{"format", "what", "file_name", "available", "why"}``; ``why`` says why an
    unavailable format is not offered. Formats that document the whole vocabulary
    (``docs``) are left out: they do not depend on the view.

    >>> from rolegraph import load
    >>> rg = load()
    >>> [c["format"] for c in export_choices(rg, [rg.ids["feature-engineering"]]) if not c["available"]][:2]
    ['handout-md', 'handout-html']
    """
    has_role = any(rg.G.nodes[n]["type"] == "role" for n in nodes if n in rg.G)
    out = []
    for fmt, spec in FORMATS.items():
        if spec.get("whole"):
            continue
        why = ""
        if fmt in TRAINING_FORMATS and not has_role:
            why = "training material is written per role, and this view holds no role: focus on a role or add roles to the node types"
        what = spec["what"] + (" (zipped)" if spec["dir"] else "")
        out.append({"format": fmt, "what": what, "file_name": _file_name(fmt), "available": not why, "why": why})
    return out


def export_mime(fmt: str) -> str:
    """The MIME type of the file :func:`export_file` gives for ``fmt``."""
    check_format(fmt)
    return _MIME[_suffix(fmt)]


def export_file(rg: RoleGraph, nodes: Iterable[str], fmt: str) -> tuple[str, bytes, str]:
    """The drawn nodes (IRIs) exported as ``fmt`` by :func:`graph.export.render`: ``(file name, bytes, MIME type)``.

    A folder format (``csv``) comes as one zip file with fixed dates, so the bytes repeat.

    Raises
    ------
    BadInputError
        ``fmt`` is unknown, documents the whole vocabulary, or needs a role the nodes lack.
    """
    check_format(fmt)
    if FORMATS[fmt].get("whole"):
        raise BadInputError(f"format {fmt} documents the whole vocabulary, not a view; use `rolegraph export --format {fmt}`")
    nodes = list(dict.fromkeys(nodes))
    choice = next(c for c in export_choices(rg, nodes) if c["format"] == fmt)
    if not choice["available"]:
        raise BadInputError(f"format {fmt} is not available here: {choice['why']}")
    files = render(rg, fmt, nodes=nodes)
    data = zip_files(files) if FORMATS[fmt]["dir"] else files[""]
    return choice["file_name"], data, export_mime(fmt)
