"""The advice of a "which role do you need?" answer, in English, built from the graph.

Each item is ``{"text", "node", "sources"}``: the sentence, the node it comes from (a mis-hire,
a role) and that node's sources, so the app and the CLI can cite the article for every piece.
"""

from __future__ import annotations

from .answers import source_refs
from .project import RoleGraph

__all__ = ["advice"]


def _advice_item(rg: RoleGraph, text: str, node: str | None) -> dict:
    if node is None:
        return {"text": text, "node": None, "sources": []}
    return {"text": text, "node": rg.ref(node), "sources": source_refs(rg, rg.G.nodes[node]["sources"])}


def _nothing_counted(negated, context) -> str:
    """Why nothing counted: phrases ruled out, phrases about other people's work, or no known work at all."""
    n, c = len(negated), len(context)
    if n or c:
        parts = []
        if n:
            parts.append(f"{n} phrase{'s' if n != 1 else ''} read as ruled out by the text")
        if c:
            parts.append(f"{c} phrase{'s' if c != 1 else ''} read as another team's work")
        return "No role matches: " + " and ".join(parts) + "; nothing else names work rolegraph knows."
    return "The text names no work rolegraph knows; describe the deliverables, skills or tools the job needs."


def _mishire(rg: RoleGraph, hired: str | None, needed: set[str]) -> str | None:
    for m in rg.of_type("mis_hire"):
        h = set(rg.out(m, "hiredRole"))
        nr = set(rg.out(m, "neededRole"))
        if (hired in h if hired else not h) and nr == needed:
            return m
    return None


def _name(label: str) -> str:
    """A label inside a sentence: "Data engineer" → "data engineer", "ML engineer" stays."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def _article(name: str) -> str:
    """'a' or 'an' by sound: an AI engineer, an ML engineer, a data engineer."""
    if name[:2].isupper():
        return "an" if name[0] in "AEFHILMNORSX" else "a"
    return "an" if name[:1].lower() in "aeiou" else "a"


def advice(rg: RoleGraph, ranking, scores, deep, flags, title_role, main: list[str], negated=(), context=()) -> list[dict]:
    """The advice for an answer of :func:`rolegraph.need.need`, each item with the node it comes from and its sources.

    ``main`` is the article's three roles (IRIs, spectrum order) present in the graph.
    """
    if not ranking or scores[ranking[0]] == 0:
        return [_advice_item(rg, _nothing_counted(negated, context), None)]
    top = ranking[0]
    out = []

    def label(r: str) -> str:
        return _name(rg.G.nodes[r]["label"])

    if "spans-all-three" in flags:
        m = _mishire(rg, None, set(main))
        second = scores[ranking[1]] if len(ranking) > 1 else 0.0
        lead = f"Most of the work here is {label(top)} work, so start there. " if scores[top] >= 1.25 * second else ""
        out.append(
            _advice_item(
                rg,
                "This asks for three separate senior roles (data, ML and AI engineering) in one person. Split it into "
                f"three postings. {lead}Solve the data layer before building AI on it; most product companies need an "
                "AI engineer first for the product work; hire an ML engineer only for custom model training, "
                "fine-tuning or GPU-level serving.",
                m,
            )
        )
        if m:
            out.append(_advice_item(rg, rg.G.nodes[m]["consequence"][0] if rg.G.nodes[m]["consequence"] else "", m))
    elif "two-roles" in flags:
        second = next(r for r in deep if r != top)
        out.append(
            _advice_item(
                rg,
                f"This spans two roles: mostly {label(top)} work, with real {label(second)} work beside it. "
                "One person can cover both at a small company; at scale, split it into two postings.",
                None,
            )
        )
    else:
        out.append(_advice_item(rg, f"Hire {_article(label(top))} {label(top)}.", top))
    if "mis-hire-risk" in flags and title_role and "spans-all-three" in flags:
        out.append(
            _advice_item(
                rg,
                f"The title says {label(title_role)}, but no one person does all three jobs well: split the posting "
                f"rather than retitle it, and keep the {label(title_role)} title for the part that is that role's work.",
                None,
            )
        )
    elif "mis-hire-risk" in flags and title_role:
        m = _mishire(rg, title_role, {top})
        out.append(
            _advice_item(
                rg,
                f"The title says {label(title_role)}, but the work is mostly {label(top)} work: retitle the posting.",
                m,
            )
        )
        if m and rg.G.nodes[m]["consequence"]:
            out.append(_advice_item(rg, rg.G.nodes[m]["consequence"][0], m))
    if "spans-all-three" not in flags:  # one role's advice would read as picking a side of the split
        for a in rg.G.nodes[top]["advice"][:1]:
            out.append(_advice_item(rg, a, top))
    return [a for a in out if a["text"]]
