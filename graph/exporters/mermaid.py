"""Mermaid flowcharts of the selection, with plain-language edge labels ("delivers", "is learned before").

A small selection (a zone, a handful of nodes) is one ``flowchart LR``, written as
a ``.mmd`` file. A larger one would be a tangle, and Mermaid refuses more than
:data:`MERMAID_MAX_EDGES` edges, so it is split: per role, one diagram of the role
and what it delivers, its core skills, zones, need signals and mis-hires, one of
what its deliverables need (skills), one of the tools behind that work; per
overlap zone, one diagram of the zone, its roles and each side's items. The
diagrams come as one Markdown file, each in a ```` ```mermaid ```` block under a
heading, which GitHub, GitLab, VS Code and ``mmdc -i file.md`` all render.
"""

from __future__ import annotations

from ..domain import RELATION_TEXT
from ..escape import md_text, mermaid_text
from ..project import RoleGraph
from ..subgraph import Selection
from .graphs import TYPE_COLOURS, node_rows

__all__ = ["MERMAID_MAX_EDGES", "ONE_DIAGRAM_MAX", "RELATION_NAMES", "diagrams", "mermaid"]

#: Mermaid refuses to draw more edges than this unless its host page raises ``maxEdges``.
MERMAID_MAX_EDGES = 500
#: Up to this many nodes and edges the selection is one diagram; beyond, one per role and zone.
ONE_DIAGRAM_MAX = (30, 60)

#: Relation → plain-language label: the domain module's words (:data:`rolegraph.domain.RELATION_TEXT`).
RELATION_NAMES = RELATION_TEXT

#: node type → Mermaid shape brackets
_SHAPES = {
    "role": ('(["', '"])'),
    "overlap_zone": ('{{"', '"}}'),
    "deliverable": ('["', '"]'),
    "skill": ('("', '")'),
    "tool": ('[/"', '"/]'),
    "need_signal": ('>"', '"]'),
    "mis_hire": ('[["', '"]]'),
    "claim": ('[("', '")]'),
}
#: Relations drawn as dotted arrows: what a role is not.
_DOTTED = {"notResponsibleFor", "distinctFrom"}
_ROLE_OUT = ("delivers", "hasCoreSkill", "notResponsibleFor", "distinctFrom")
_ROLE_IN = ("sharedBy", "indicates", "hiredRole", "neededRole")


def _edges(rg: RoleGraph, keep: set[str], pairs, *, to: str | None = None) -> list[tuple[str, str, str]]:
    """(source, relation, target) of the given (source, relation) pairs among ``keep`` (only into ``to`` if given), sorted."""
    out = set()
    for u, rel in pairs:
        if u not in keep:
            continue
        for v, keys in rg.G._succ[u].items():
            if v in keep and rel in keys and (to is None or v == to):
                out.add((u, rel, v))
    return sorted(out)


def diagrams(rg: RoleGraph, sel: Selection) -> list[tuple[str, list[tuple[str, str, str]], list[str]]]:
    """The diagrams for a selection: ``(title, edges, lone nodes)`` each; one diagram when the selection is small."""
    keep = set(sel.nodes)
    every = sorted((u, k, v) for u, v, k in rg.G.edges(sel.nodes, keys=True) if v in keep)
    if len(keep) <= ONE_DIAGRAM_MAX[0] and len(every) <= ONE_DIAGRAM_MAX[1]:
        linked = {n for u, _, v in every for n in (u, v)}
        return [(sel.title(rg), every, sorted(keep - linked))]
    found = []
    roles = sorted((n for n in keep if rg.G.nodes[n]["type"] == "role"), key=lambda r: (rg.G.nodes[r]["spectrum"] or 99, r))
    if sel.roles:
        roles = [r for r in roles if r in sel.roles] or roles
    for r in roles:
        label = rg.G.nodes[r]["label"]
        into = _edges(rg, keep, [(u, rel) for rel in _ROLE_IN for u in rg.into(r, rel)], to=r)
        found.append((label, sorted(_edges(rg, keep, [(r, rel) for rel in _ROLE_OUT]) + into), []))
        delivers = rg.out(r, "delivers")
        found.append((f"{label}: what the deliverables need", _edges(rg, keep, [(d, "needsSkill") for d in delivers]), []))
        work = {*delivers, *rg.out(r, "hasCoreSkill"), *(s for d in delivers for s in rg.out(d, "needsSkill"))}
        found.append((f"{label}: tools", _edges(rg, keep, [(n, "usesTool") for n in sorted(work)]), []))
    for z in sorted((n for n in keep if rg.G.nodes[n]["type"] == "overlap_zone"), key=lambda z: rg.G.nodes[z]["label"]):
        info = rg.zones.get(z, {"roles": [], "split": []})
        pairs = [(z, "sharedBy"), (z, "zoneIncludes")] + [(s["role"], "sideCovers") for s in info["split"]]
        edges = [e for e in _edges(rg, keep, pairs) if e[1] != "sideCovers" or e[2] in {c for s in info["split"] for c in s["covers"]}]
        found.append((rg.G.nodes[z]["label"], edges, []))
    found = [d for d in found if d[1]]
    if not found:  # no role or zone to split by: consecutive parts small enough to draw
        step = ONE_DIAGRAM_MAX[1] * 2
        found = [(f"{sel.title(rg)}, part {i // step + 1}", every[i : i + step], []) for i in range(0, len(every), step)]
    return found


def _flowchart(rg: RoleGraph, short: dict[str, str], edges, lone) -> list[str]:
    nodes = sorted({n for u, _, v in edges for n in (u, v)} | set(lone), key=lambda n: int(short[n][1:]))
    lines = ["flowchart LR"]
    for n in nodes:
        d = rg.G.nodes[n]
        left, right = _SHAPES.get(d["type"], ('["', '"]'))
        lines.append(f"  {short[n]}{left}{mermaid_text(d['label'])}{right}:::{d['type']}")
    for u, rel, v in edges:
        arrow = "-.->" if rel in _DOTTED else "-->"
        name = RELATION_NAMES.get(rel, rel).rstrip(",")
        lines.append(f'  {short[u]} {arrow}|"{mermaid_text(name)}"| {short[v]}')
    used = {rg.G.nodes[n]["type"] for n in nodes}
    for kind, (red, green, blue) in TYPE_COLOURS.items():
        if kind in used:
            lines.append(f"  classDef {kind} fill:#{red:02x}{green:02x}{blue:02x},color:#ffffff")
    return lines


def mermaid(rg: RoleGraph, sel: Selection) -> dict[str, bytes]:
    """One ``flowchart LR`` (small selection) or Markdown with one flowchart per role and zone.

    Node ids are ``n0``, ``n1`` ... in id order over the whole selection, so a node
    keeps its id in every diagram; labels are entity-escaped.
    """
    short = {r["iri"]: f"n{i}" for i, r in enumerate(node_rows(rg, sel))}
    parts = diagrams(rg, sel)
    if len(parts) == 1:
        _, edges, lone = parts[0]
        lines = ["%% rolegraph export: " + mermaid_text(sel.title(rg)), *_flowchart(rg, short, edges, lone)]
        return {"": ("\n".join(lines) + "\n").encode("utf-8")}
    lines = [
        f"# Mermaid diagrams: {md_text(sel.title(rg))}",
        "",
        f"_{len(parts)} diagrams, one per role and overlap zone (a single diagram of {len(sel.nodes)} nodes would be a tangle). "
        "Each block below is one Mermaid flowchart._",
    ]
    for title, edges, lone in parts:
        lines += ["", f"## {md_text(title)}", "", "```mermaid", *_flowchart(rg, short, edges, lone), "```"]
    return {"": ("\n".join(lines) + "\n").encode("utf-8")}
