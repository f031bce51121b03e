"""How the explorer shows a "which role do you need?" answer: the text with its matches marked, as safe HTML,
the evidence per role with citations, what each flag means, and the checklist of needs grouped by role.

Everything here is plain data or an HTML string; every piece of text from the job
description or the graph goes through :func:`html.escape`, so a pasted
``<script>`` shows as text.

>>> from rolegraph import load
>>> from rolegraph.need import need
>>> rg = load()
>>> t = "Build dbt models <b>now</b>; no model training."
>>> page = highlight_html(rg, t, need(rg, t))
>>> "&lt;b&gt;now&lt;/b&gt;" in page, "<b>" in page
(True, False)
"""

from __future__ import annotations

import html

from .exporters.material import a_role
from .need import highlight, signal_checklist
from .project import RoleGraph

__all__ = [
    "FLAG_TEXT",
    "advice_rows",
    "checklist_groups",
    "cite",
    "evidence_rows",
    "flag_text",
    "group_signals",
    "highlight_html",
    "ranking_rows",
    "role_colours",
]

#: What each flag of :func:`graph.need.need` means, for people.
FLAG_TEXT = {
    "spans-all-three": "Spans all three roles: the text asks for data, ML and AI engineering at real depth, which is three jobs.",
    "two-roles": "Two roles: the text asks for real depth in two roles at once.",
    "mis-hire-risk": "Mis-hire risk: the title names one role, but the work described is mostly another's.",
}
#: Marker colours given to roles in spectrum order (light, so the text stays readable).
_PALETTE = ("#bfdbfe", "#fde68a", "#bbf7d0", "#fbcfe8", "#ddd6fe", "#fed7aa", "#a5f3fc", "#e5e7eb")
_NEGATED = "#e5e7eb"


def flag_text(flag: str) -> str:
    """A sentence explaining ``flag`` (the flag itself when unknown)."""
    return FLAG_TEXT.get(flag, flag)


def role_colours(rg: RoleGraph) -> dict[str, str]:
    """Role id → marker colour, roles in spectrum order."""
    roles = sorted(rg.of_type("role"), key=lambda r: (rg.G.nodes[r]["spectrum"] or 99, rg.G.nodes[r]["id"]))
    return {rg.G.nodes[r]["id"]: _PALETTE[i % len(_PALETTE)] for i, r in enumerate(roles)}


def cite(sources: list[dict]) -> str:
    """Sources as one line: the article's sections by title, curation as "curated"."""
    return "; ".join(dict.fromkeys("curated" if s["curated"] else s["label"] for s in sources))


def highlight_html(rg: RoleGraph, text: str, answer: dict) -> str:
    """The job description as an HTML fragment, each matched phrase marked in the colour of the role it
    counts most for (negated phrases struck through, repeats faded), with a legend. All text escaped."""
    colours = role_colours(rg)
    labels = {rg.G.nodes[r]["id"]: rg.G.nodes[r]["label"] for r in rg.of_type("role")}
    parts, used = [], []
    for piece in highlight(text, answer):
        body = html.escape(piece["text"])
        if piece["kind"] == "plain":
            parts.append(body)
            continue
        role = piece["role"]
        node = piece["node"]
        tip = f"{node['label']} ({node['type'].replace('_', ' ')})"
        if piece["kind"] == "negated":
            style = f"background:{_NEGATED};text-decoration:line-through"
            tip += ": denied in the text, counts 0"
        else:
            style = f"background:{colours.get(role, _NEGATED)}" + (";opacity:0.6" if piece["kind"] == "repeat" else "")
            tip += f" → {labels.get(role, role)}, weight {piece['weight']}" if role else ""
            tip += " (already counted)" if piece["kind"] == "repeat" else ""
            if role and role not in used:
                used.append(role)
        parts.append(f'<mark style="{style};border-radius:3px;padding:0 2px" title="{html.escape(tip, quote=True)}">{body}</mark>')
    legend = " ".join(
        f'<mark style="background:{colours[r]};border-radius:3px;padding:0 4px">{html.escape(labels.get(r, r))}</mark>'
        for r in sorted(used, key=list(colours).index)
    )
    legend += f' <mark style="background:{_NEGATED};text-decoration:line-through;padding:0 4px">denied</mark>'
    return (
        '<div class="rg-jd" style="font-size:0.95rem">'
        f'<div style="margin-bottom:6px">Matched phrases, coloured by the role they count for: {legend}</div>'
        '<div style="white-space:pre-wrap;border:1px solid #e5e7eb;border-radius:6px;padding:10px;max-height:420px;overflow:auto">'
        f"{''.join(parts)}</div></div>"
    )


def ranking_rows(answer: dict) -> list[dict]:
    """The ranking as table rows, best first."""
    return [
        {"role": r["label"], "score": r["score"], "share": r["share"], "at depth": r["deep"], "evidence": len(r["evidence"])}
        for r in answer["ranking"]
    ]


def evidence_rows(entry: dict) -> list[dict]:
    """A ranking entry's evidence as table rows: the phrase, the node it names, the weight, where it stands, the sources."""
    return [
        {
            "phrase": e["phrase"],
            "node": e["node"]["label"],
            "type": e["node"]["type"].replace("_", " "),
            "weight": e["weight"],
            "passage": e["passage"],
            "sources": cite(e["sources"]),
        }
        for e in entry["evidence"]
    ]


def advice_rows(answer: dict) -> list[dict]:
    """Each piece of advice with its sources: ``{"text", "sources"}``."""
    return [{"text": a["text"], "sources": cite(a["sources"])} for a in answer.get("advice_items", [])]


def checklist_groups(rg: RoleGraph) -> list[dict]:
    """The need signals grouped by the roles they point at, in the article's order:
    ``{"title", "roles", "signals"}`` (signals as :func:`graph.need.signal_checklist` gives them)."""
    labels = {rg.G.nodes[r]["id"]: rg.G.nodes[r]["label"] for r in rg.of_type("role")}
    return group_signals(signal_checklist(rg), labels)


def group_signals(signals: list[dict], labels: dict[str, str]) -> list[dict]:
    """:func:`checklist_groups` from a signal checklist and role id → label (any backend's answers)."""
    groups: dict[tuple, dict] = {}
    for s in signals:
        key = tuple(s["roles"])
        if key not in groups:
            names = [labels.get(r, r) for r in key]
            phrases = [a_role(n) for n in names]
            title = "You might need " + ", ".join(phrases[:-1]) + " and " + phrases[-1] if len(names) > 1 else ""
            title = title or (f"You need {a_role(names[0])} if" if names else "Other needs")
            groups[key] = {"title": title, "roles": list(key), "signals": []}
        groups[key]["signals"].append(s)
    return list(groups.values())
