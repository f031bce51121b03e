"""Mermaid flowchart of the selection: one box per node, one labelled arrow per edge."""

from __future__ import annotations

from ..project import RoleGraph
from ..subgraph import Selection
from .escape import mermaid_text
from .graphs import TYPE_COLOURS, edge_rows, node_rows

__all__ = ["MERMAID_MAX_EDGES", "mermaid"]

#: Mermaid refuses to draw more edges than this unless its host page raises ``maxEdges``.
MERMAID_MAX_EDGES = 500

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


def mermaid(rg: RoleGraph, sel: Selection) -> dict[str, bytes]:
    """``flowchart LR`` text; node ids are ``n0``, ``n1`` ... in id order, labels entity-escaped."""
    nodes = node_rows(rg, sel)
    short = {r["id"]: f"n{i}" for i, r in enumerate(nodes)}
    edges = edge_rows(rg, sel)
    lines = ["%% rolegraph export: " + mermaid_text(sel.title(rg))]
    if len(edges) > MERMAID_MAX_EDGES:
        lines.append(
            f"%% {len(edges)} edges: Mermaid draws at most {MERMAID_MAX_EDGES} by default; export a part (--role, --zone, --types)"
        )
    lines.append("flowchart LR")
    for r in nodes:
        left, right = _SHAPES.get(r["type"], ('["', '"]'))
        lines.append(f"  {short[r['id']]}{left}{mermaid_text(r['label'])}{right}:::{r['type']}")
    for e in edges:
        lines.append(f"  {short[e['source']]} -->|{e['relation']}| {short[e['target']]}")
    for kind, (red, green, blue) in TYPE_COLOURS.items():
        lines.append(f"  classDef {kind} fill:#{red:02x}{green:02x}{blue:02x},color:#ffffff")
    return {"": ("\n".join(lines) + "\n").encode("utf-8")}
