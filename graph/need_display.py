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
from .present import cite
from .project import RoleGraph

__all__ = [
    "FLAG_TEXT",
    "OCCUPATIONS_HELP",
    "OCCUPATIONS_TOGGLE",
    "advice_rows",
    "checklist_groups",
    "evidence_rows",
    "flag_text",
    "group_signals",
    "highlight_html",
    "not_counted_rows",
    "ranking_rows",
    "role_colours",
    "verdict_text",
]

#: What each flag of :func:`graph.need.need` means, for people.
FLAG_TEXT = {
    "spans-all-three": "Spans all three roles: the text gives data, ML and AI engineering real duties each, which is three jobs: split it.",
    "two-roles": "Two roles: the text gives two roles several distinct duties each.",
    "mis-hire-risk": "Mis-hire risk: the title names one role, but the work described is mostly another's.",
}
#: The app's toggle for ranking taxonomy occupations too, and its tooltip.
OCCUPATIONS_TOGGLE = "Also rank taxonomy occupations"
OCCUPATIONS_HELP = (
    "Off: only rolegraph's own roles are ranked. On: occupations of a loaded taxonomy (ESCO, O*NET) are ranked too, "
    "each only when the text matches at least a few of its essential skills."
)
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
            tip += f": ruled out by the words '{piece['cue']}', counts 0"
        elif piece["kind"] == "context":
            style = f"background:{_NEGATED};font-style:italic"
            tip += f": another team's work ('{piece['cue']}'), shown as context, counts 0"
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
    legend += f' <mark style="background:{_NEGATED};text-decoration:line-through;padding:0 4px">ruled out</mark>'
    legend += f' <mark style="background:{_NEGATED};font-style:italic;padding:0 4px">context (another team)</mark>'
    return (
        '<div class="rg-jd" style="font-size:0.95rem">'
        f'<div style="margin-bottom:6px">Matched phrases, coloured by the role they count for: {legend}</div>'
        '<div style="white-space:pre-wrap;border:1px solid #e5e7eb;border-radius:6px;padding:10px;max-height:420px;overflow:auto">'
        f"{''.join(parts)}</div></div>"
    )


def verdict_text(answer: dict) -> str:
    """One line on the answer: the best match, or why nothing matched (how many phrases were ruled out or context)."""
    best = answer["ranking"][0] if answer["ranking"] and answer["ranking"][0]["score"] > 0 else None
    if best:
        return f"Best match: {best['label']} (score {best['score']})"
    n, c = len(answer.get("negated", [])), len(answer.get("context", []))
    if n or c:
        bits = [f"{n} phrase{'s' if n != 1 else ''} read as ruled out"] if n else []
        bits += [f"{c} phrase{'s' if c != 1 else ''} read as another team's work"] if c else []
        return "No role matches: " + " and ".join(bits) + " (hover the marked phrases to see the words that decided it)."
    return "No role matches: the text names no work rolegraph knows."


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


def not_counted_rows(answer: dict) -> list[dict]:
    """The phrases that count nothing, in text order: ruled out by the text, or another team's work (context),
    each with the words that decided it."""
    rows = [
        {"phrase": e["phrase"], "node": e["node"]["label"], "read as": "ruled out", "because of": e["negated_by"]["cue"], "span": e["span"]}
        for e in answer.get("negated", [])
    ]
    rows += [
        {
            "phrase": e["phrase"],
            "node": e["node"]["label"],
            "read as": "another team's work",
            "because of": e["context"]["cue"],
            "span": e["span"],
        }
        for e in answer.get("context", [])
    ]
    rows.sort(key=lambda r: r["span"][0])
    return [{k: v for k, v in r.items() if k != "span"} for r in rows]


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
