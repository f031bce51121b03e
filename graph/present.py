"""Answers as text for a terminal: tables and the blocks several answers share (escaped by
:func:`rolegraph.escape.safe`).

>>> print(table([["data-engineer", "Data engineer"]], ["id", "label"]))
id             label
-------------  -------------
data-engineer  Data engineer
"""

from __future__ import annotations

from .escape import safe

__all__ = ["cite", "cited", "esco_lines", "ref", "split_rows", "table"]


def table(rows: list[list], headers: list[str]) -> str:
    """A plain-text table, every cell escaped."""
    cells = [[safe(h) for h in headers]] + [[safe(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def ref(d: dict) -> str:
    """``label (id)`` of a node in an answer."""
    return f"{d['label']} ({d['id']})"


def cite(sources: list[dict]) -> str:
    """Sources as one line, each once: the article's sections by title first (in their order), then "curated".

    The one citation format of the CLI's answers and the explorer's tables.

    >>> cite([{"label": "curated", "curated": True}, {"label": "Overlap: inference serving", "curated": False}])
    'Overlap: inference serving; curated'
    """
    found = sorted(sources, key=lambda s: s["curated"])  # stable: the article's order kept
    return "; ".join(dict.fromkeys("curated" if s["curated"] else s["label"] for s in found))


def cited(statements: list[dict]) -> str:
    """The sources of some statements (edges, relations, synonyms): :func:`cite` of all of them."""
    return cite([s for e in statements for s in e.get("sources", [])])


def split_rows(zone: dict) -> list[dict]:
    """An overlap zone's split as rows ``{"role", "its side"}``: each role's side of the zone (the CLI's lines, the explorer's table)."""
    return [{"role": s["label"], "its side": s["responsibility"]} for s in zone["split"]]


def esco_lines(block) -> list[str]:
    """The ``esco`` block of show/owner as text: each match and ESCO's skills beside the article's."""
    if not block:
        return []
    lines = []
    if block["article_skills"]:
        lines.append("article's skills: " + ", ".join(s["label"] for s in block["article_skills"]))
    for m in block["matches"]:
        kind = "" if m.get("match", "close") == "close" else f" ({m['match']}Match: covers part of the role or is wider)"
        lines.append(f"ESCO match: {m['label']} ({m['id']}){kind}")
        if "essential" in m:
            lines.append(
                f"  ESCO essential skills ({len(m['essential'])}, +{m['optional_count']} optional): "
                + ", ".join(s["label"] for s in m["essential"])
            )
        for o in m.get("owners", []):
            lines.append(f"  {o['level']} for {o['label']}")
    return lines
