"""need: which role a job description calls for (the analysis itself is :mod:`rolegraph.need`).

Three questions share one footprint: the analysis of a text, the same from a
checklist of need signals, and the checklist itself. Each reads the owners of
what it matches, every role and every mis-hire.
"""

from __future__ import annotations

from ..escape import safe
from ..need import _check_text, _index, need, need_from_signals, signal_checklist
from ..present import table
from ..project import RoleGraph
from ..textmatch import tokenize
from . import Question


def _view(remote, nodes: set[str]) -> RoleGraph:
    """What the analysis reads of ``nodes``: their owners (and fallback owners), every role and every mis-hire.

    The matched nodes come with all their neighbours; the skills and tools ownership reaches from
    them (narrower skills of a group, users of a tool) only with what names their owners.
    """
    parents = {y for _, _, y in remote.links(nodes, {"broader"}, into=False)} if nodes else set()
    reached, roles = remote.owner_reach(nodes | parents)
    owning = set()
    if reached:
        owning = {y for _, _, y in remote.links(reached, {"hasCoreSkill", "essential", "optional", "needsSkill"}, out=False)}
    fallback = set()
    if nodes:
        skills = {y for _, _, y in remote.links(nodes, {"needsSkill"}, into=False)}
        fallback = {y for _, _, y in remote.links(skills, {"hasCoreSkill"}, out=False)} if skills else set()
    inspected = nodes | parents | remote.all_of("mis_hire")
    return remote.view(inspected, reached | owning | roles | fallback, light=remote.all_of("role"))


def _candidates(remote, text: str) -> set[str]:
    """Nodes with a label every word stem of which is in the text (matched in the label table, not on the server)."""
    stems = {t.stem for t in tokenize(text)}
    idx = _index(remote.labels())
    found = set()
    for first in stems:
        for pat, entries in idx.get(first, ()):
            if set(pat) <= stems:
                found.update(n for n, _, _ in entries)
    return found


def check(*, text, meaning: bool | None = None, occupations: bool = False) -> dict:
    return {"text": _check_text(text), "meaning": meaning, "occupations": occupations}


def answer(rg: RoleGraph, *, text: str, meaning: bool | None = None, occupations: bool = False) -> dict:
    return need(rg, text, meaning=meaning, occupations=occupations)


def footprint(remote, *, text: str, **_) -> RoleGraph:
    return _view(remote, _candidates(remote, text))


def signals_answer(rg: RoleGraph, *, signals) -> dict:
    return need_from_signals(rg, signals)


def checklist_answer(rg: RoleGraph) -> dict:
    return {"signals": signal_checklist(rg)}


def signals_footprint(remote, **_) -> RoleGraph:
    return _view(remote, remote.all_of("need_signal"))


def text(r: dict) -> str:
    rows = [[x["id"], x["label"], f"{x['score']:.1f}", "yes" if x["deep"] else "", len(x["evidence"])] for x in r["ranking"]]
    lines = [table(rows, ["role", "label", "score", "deep", "evidence"])]
    lines.append("flags: " + (", ".join(r["flags"]) or "none"))
    if r["title"]["role"]:
        lines.append(safe(f"title names: {r['title']['role']}"))
    lines.append(safe("advice: " + r["advice"]))
    top = r["ranking"][0] if r["ranking"] else None
    if top and top["evidence"]:
        lines.append(safe(f"evidence for {top['label']} (phrase → node, weight, source):"))
        for e in top["evidence"][:15]:
            src = ", ".join(s["label"] for s in e["sources"][:2]) or "-"
            lines.append(safe(f"  '{e['phrase']}' → {e['node']['label']} ({e['node']['type']}) +{e['weight']}  [{src}]"))
        if len(top["evidence"]) > 15:
            lines.append(f"  ... {len(top['evidence']) - 15} more (--json lists all)")
    if r["negated"]:
        ruled = sorted({f"'{e['phrase']}' (by '{e['negated_by']['cue']}')" for e in r["negated"]})
        lines.append("not counted, ruled out by the text: " + safe(", ".join(ruled)))
    if r.get("context"):
        ctx = sorted({f"'{e['phrase']}' (by '{e['context']['cue']}')" for e in r["context"]})
        lines.append("not counted, another team's work (context): " + safe(", ".join(ctx)))
    for sh in r["shares"]:
        if sh.get("role"):
            lines.append(safe(f"stated share '{sh['phrase']}' → {sh['role']} ×{sh['factor']:.2f}"))
    return "\n".join(lines)


def _found(r: dict) -> int:
    return 0 if r["ranking"] and r["ranking"][0]["score"] > 0 else 1


def checklist_text(r: dict) -> str:
    return table([[x["id"], ", ".join(x["roles"]), x["label"]] for x in r["signals"]], ["id", "points at", "need"])


def _need_question(name: str, help: str, example: str, answer, footprint, text, **more) -> Question:
    """One of the need family: no subcommand of its own (``rolegraph need`` asks all three)."""
    return Question(name=name, help=help, example=example, answer=answer, footprint=footprint, text=text, command="", **more)


QUESTION = _need_question(
    "need",
    "Which role a job description calls for: ranking with evidence, flags (spans-all-three, two-roles, mis-hire-risk) and advice.",
    "rolegraph need --file jd.txt",
    answer,
    footprint,
    text,
    check=check,
    exit_code=_found,
    tab="Which role do you need?",
)
FROM_SIGNALS = _need_question(
    "need_from_signals",
    "The need answer from a checklist of need-signal ids.",
    "rolegraph need --signals need-aie-rigorous-evaluation,need-aie-agent-system",
    signals_answer,
    signals_footprint,
    text,
    exit_code=_found,
)
CHECKLIST = _need_question(
    "signal_checklist",
    "The need signals a checklist can tick.",
    "rolegraph need --list-signals",
    checklist_answer,
    signals_footprint,
    checklist_text,
)
