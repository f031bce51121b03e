"""A quiz generated from the graph, as Markdown with an answer key and as an Anki deck.

Question kinds, each with wrong options drawn from the graph so they are plausible:

- ``deliverable``: which of these does a role deliver? (other roles' deliverables)
- ``core-skill``: which of these is a core skill of a role? (other roles' core skills)
- ``not-responsible``: which of these is NOT the job of a role? (its own deliverables)
- ``zone-side``: in an overlap zone, which item is one role's side? (the other side's items, neighbouring zones' items)
- ``tool``: which tool serves a deliverable or skill? (tools of the role's other work)
- ``signal``: which situation calls for a role? (other roles' need signals)
- ``primary-output``: what is a role's primary output? (the other roles' outputs)
- ``owner``, ``need``, ``mis-hire``, ``zone``: which role(s)? (other roles; a set of roles
  differs from the answer by one role, so no option gives itself away)

At most eight questions of a kind, no kind over a quarter of the quiz (when it has
four kinds or more), and at most half the questions
share one set of options. Every answer is explained and cited. Option order and the
choice of distractors are fixed by a hash of the question, so the quiz repeats.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import math
import sqlite3
import tempfile
import zipfile
from pathlib import Path

from ..escape import html_text, md_text, plain
from ..project import RoleGraph
from ..subgraph import Selection
from . import EPOCH
from .archive import fixed_zip
from .material import Citations, a_role, credit_line

__all__ = ["KINDS", "anki", "markdown", "questions"]

LETTERS = "ABCD"

#: Question kinds in the order the quiz asks them.
KINDS = (
    "primary-output",
    "deliverable",
    "core-skill",
    "not-responsible",
    "zone-side",
    "tool",
    "signal",
    "owner",
    "need",
    "zone",
    "mis-hire",
)
#: Kinds whose options are roles (or sets of roles): the ones that tend to share one option set.
_ROLE_KINDS = {"owner", "need", "zone", "mis-hire"}
_KIND_SHARE = 0.25
#: At most this many questions of one kind, chosen by a hash of their ids, so the quiz stays a quiz.
_PER_KIND = 8


def _h(*parts) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _question(qid, kind, prompt, answer, wrong, explanation, cite, *, truths=()) -> dict | None:
    """A question with up to three wrong options picked (by hash) from ``wrong``; none without any."""
    bad = {answer, *truths}
    wrong = [w for w in dict.fromkeys(wrong) if w not in bad and w]
    if not wrong:
        return None
    wrong = sorted(wrong, key=lambda w: _h(qid, "pick", w))[:3]
    options = sorted([answer, *wrong], key=lambda o: _h(qid, "order", o))
    return {
        "id": qid,
        "kind": kind,
        "prompt": prompt,
        "options": options,
        "answer": options.index(answer),
        "explanation": explanation,
        "cite": cite,
    }


class _Builder:
    """Everything the question kinds need: the graph, the roles in play, citations."""

    def __init__(self, rg: RoleGraph, sel: Selection):
        self.rg = rg
        self.cites = Citations(rg)
        self.keep = set(sel.nodes)
        self.all_roles = sorted(rg.of_type("role"), key=self.role_key)
        self.roles = [r for r in self.all_roles if r in self.keep]

    def role_key(self, r):
        d = self.rg.G.nodes[r]
        return (d["spectrum"] if d["spectrum"] is not None else 99, d["label"].casefold(), r)

    def label(self, n) -> str:
        return self.rg.G.nodes[n]["label"]

    def labels(self, iris) -> list[str]:
        return [self.label(n) for n in sorted(iris, key=lambda n: (self.label(n).casefold(), n))]

    def cite(self, *nodes, also=()) -> list[int]:
        found = [s for n in nodes for s in self.rg.G.nodes[n]["sources"]]
        return self.cites.cite([*found, *also])

    def out(self, n, rel, kind=None) -> list[str]:
        return [m for m in self.rg.out(n, rel) if kind is None or self.rg.G.nodes[m]["type"] == kind]

    def into(self, n, rel, kind=None) -> list[str]:
        return [m for m in self.rg.into(n, rel) if kind is None or self.rg.G.nodes[m]["type"] == kind]

    def role_names(self, roles) -> str:
        return _join([self.label(r) for r in sorted(roles, key=self.role_key)])

    def which_roles(self, qid, kind, prompt, answer_roles, explanation, cite) -> dict | None:
        """A question answered by a set of roles; each wrong set swaps one role of the answer for another."""
        answer_roles = sorted(set(answer_roles), key=self.role_key)
        if not answer_roles:
            return None
        others = [r for r in self.all_roles if r not in answer_roles]
        if len(answer_roles) == 1:
            wrong = [[r] for r in others]
        else:
            wrong = [sorted([*(a for a in answer_roles if a != out), new], key=self.role_key) for out in answer_roles for new in others]
        answer = self.role_names(answer_roles)
        names = [self.role_names(w) for w in wrong]
        phrase = a_role(answer) if len(answer_roles) == 1 else answer
        explanation = explanation.replace("{answer}", phrase)
        q = _question(qid, kind, prompt, answer, names, explanation, cite)
        if q and len(answer_roles) > 1 and _gives_away(q, [self.label(r) for r in self.all_roles]):
            for combo in itertools.combinations(sorted(names, key=lambda w: _h(qid, "again", w)), 3):
                q = _question(qid, kind, prompt, answer, list(combo), explanation, cite)
                if q and not _gives_away(q, [self.label(r) for r in self.all_roles]):
                    break
            else:
                return None
        return q


def _gives_away(q: dict, roles: list[str]) -> bool:
    """True when one role name is in every wrong option but not the answer, or in the answer alone."""
    answer = q["options"][q["answer"]]
    wrong = [o for i, o in enumerate(q["options"]) if i != q["answer"]]
    for r in roles:
        in_wrong = sum(r in w for w in wrong)
        if (r not in answer and in_wrong == len(wrong)) or (r in answer and in_wrong == 0):
            return True
    return False


def _role_questions(b: _Builder, role: str) -> list[dict | None]:
    """Questions about one role: its output, deliverables, core skills, what it is not, tools, signals."""
    rg = b.rg
    name, slug = b.label(role), rg.G.nodes[role]["id"]
    out: list[dict | None] = []
    others = [r for r in b.all_roles if r != role]
    output = rg.G.nodes[role]["primary_output"]
    if output:
        wrong = [rg.G.nodes[r]["primary_output"] for r in others if rg.G.nodes[r]["primary_output"]]
        why = f"The primary output of {a_role(name)}: {output}. {rg.G.nodes[role]['definition']}"
        out.append(
            _question(
                f"output-{slug}", "primary-output", f"What is the primary output of {a_role(name)}?", output, wrong, why, b.cite(role)
            )
        )
    mine = set(b.out(role, "delivers", "deliverable"))
    theirs = [d for r in others for d in b.out(r, "delivers", "deliverable") if d not in mine]
    for d in sorted(mine, key=lambda n: rg.G.nodes[n]["id"]):
        why = f"{_upper_first(a_role(name))} delivers “{b.label(d)}”: {rg.G.nodes[d]['definition']}"
        why += " The other options are other roles' deliverables."
        prompt = f"Which of these does {a_role(name)} deliver?"
        out.append(
            _question(
                f"deliverable-{slug}-{rg.G.nodes[d]['id']}",
                "deliverable",
                prompt,
                b.label(d),
                b.labels(theirs),
                why,
                b.cite(d),
                truths=b.labels(mine),
            )
        )
    core = set(b.out(role, "hasCoreSkill", "skill"))
    # wrong options: core skills of the roles it shares a zone with first, then of any other role
    near = [r for z in b.into(role, "sharedBy") for r in b.rg.zones.get(z, {}).get("roles", []) if r != role]
    theirs = [k for r in [*near, *others] for k in b.out(r, "hasCoreSkill", "skill") if k not in core]
    for k in sorted(core, key=lambda n: rg.G.nodes[n]["id"]):
        why = f"“{b.label(k)}” is a core skill of {a_role(name)}: {rg.G.nodes[k]['definition']}"
        prompt = f"Which of these is a core skill of {a_role(name)}?"
        out.append(
            _question(
                f"core-skill-{slug}-{rg.G.nodes[k]['id']}",
                "core-skill",
                prompt,
                b.label(k),
                b.labels(theirs),
                why,
                b.cite(k),
                truths=b.labels(core),
            )
        )
    for x in sorted(b.out(role, "notResponsibleFor"), key=lambda n: rg.G.nodes[n]["id"]):
        owners = [r for r in b.into(x, "delivers", "role")] or [r for r in b.into(x, "hasCoreSkill", "role")]
        whose = f" It is work for {b.role_names(owners)}." if owners else ""
        why = f"{_upper_first(a_role(name))} is not responsible for “{b.label(x)}”.{whose} The other options are its own deliverables."
        where = b.cites.cite([s for s in rg.G.nodes[x]["sources"] if s in rg.G.nodes[role]["sources"]] or rg.G.nodes[role]["sources"][:1])
        prompt = f"Which of these is NOT the job of {a_role(name)}?"
        out.append(_question(f"not-{slug}-{rg.G.nodes[x]['id']}", "not-responsible", prompt, b.label(x), b.labels(mine), why, where))
    work = sorted(mine | core, key=lambda n: rg.G.nodes[n]["id"])
    for n in work:
        tools = set(b.out(n, "usesTool", "tool"))
        # a tool whose name is in the question ("SQL" for "SQL querying") would give the answer away
        fair = [
            t for t in tools if b.label(t).casefold() not in b.label(n).casefold() and b.label(n).casefold() not in b.label(t).casefold()
        ]
        if not fair:
            continue
        answer = min(fair, key=lambda t: _h(slug, rg.G.nodes[n]["id"], b.label(t)))
        nearby = [t for m in work if m != n for t in b.out(m, "usesTool", "tool") if t not in tools]
        prompt = f"Which tool is used for “{b.label(n)}”?"
        why = f"“{b.label(answer)}” is a tool for {b.label(n)}. The other options are tools of {a_role(name)}'s other work."
        out.append(
            _question(
                f"tool-{slug}-{rg.G.nodes[n]['id']}",
                "tool",
                prompt,
                b.label(answer),
                b.labels(nearby),
                why,
                b.cite(n, answer),
                truths=b.labels(tools),
            )
        )
    signals = [s for s in b.into(role, "indicates", "need_signal") if set(b.out(s, "indicates", "role")) == {role}]
    other_signals = [s for r in others for s in b.into(r, "indicates", "need_signal") if role not in b.out(s, "indicates", "role")]
    for s in sorted(signals, key=lambda n: rg.G.nodes[n]["id"]):
        why = f"“{b.label(s)}”: {rg.G.nodes[s]['definition']} This calls for {a_role(name)}; the other options call for other roles."
        prompt = f"Which of these situations calls for {a_role(name)}?"
        out.append(_question(f"signal-{slug}-{rg.G.nodes[s]['id']}", "signal", prompt, b.label(s), b.labels(other_signals), why, b.cite(s)))
    return out


def _zone_questions(b: _Builder, zone: str) -> list[dict | None]:
    rg = b.rg
    info, slug = rg.zones.get(zone), rg.G.nodes[zone]["id"]
    if not info:
        return []
    out: list[dict | None] = []
    split = " ".join(f"{b.label(s['role'])}: {s['responsibility']}" for s in info["split"]) or rg.G.nodes[zone]["definition"]
    out.append(b.which_roles(f"zone-{slug}", "zone", f"Which roles share the “{b.label(zone)}”?", info["roles"], split, b.cite(zone)))
    neighbours = [i for z in rg.zones if z != zone for side in rg.zones[z]["split"] for i in side["covers"]]
    for side in info["split"]:
        mine = side["covers"]
        other = [i for s2 in info["split"] if s2 is not side for i in s2["covers"] if i not in mine]
        for item in sorted(mine, key=lambda n: rg.G.nodes[n]["id"]):
            role = b.label(side["role"])
            prompt = f"In the “{b.label(zone)}”, which of these is the {role}'s side of the work?"
            why = f"{role}: {side['responsibility']} “{b.label(item)}” is on that side;"
            why += " the other options are the other side's or another zone's."
            qid = f"side-{slug}-{rg.G.nodes[side['role']]['id']}-{rg.G.nodes[item]['id']}"
            cite = b.cites.cite(side["sources"]) or b.cite(zone)
            out.append(
                _question(
                    qid, "zone-side", prompt, b.label(item), [*b.labels(other), *b.labels(neighbours)], why, cite, truths=b.labels(mine)
                )
            )
    return out


def _node_questions(b: _Builder, n: str) -> list[dict | None]:
    """Which-role questions about a deliverable, a need signal or a mis-hire."""
    d = b.rg.G.nodes[n]
    slug, name = d["id"], d["label"]
    if d["type"] == "deliverable":
        owners = b.into(n, "delivers", "role")
        why = f"“{name}” is delivered by {{answer}}: {d['definition']}"
        return [b.which_roles(f"delivers-{slug}", "owner", f"Which role delivers “{name}”?", owners, why, b.cite(n))]
    if d["type"] == "need_signal":
        why = d["definition"] + " This calls for {answer}."
        return [
            b.which_roles(f"need-{slug}", "need", f"Which role do you need if: “{name}”?", b.out(n, "indicates", "role"), why, b.cite(n))
        ]
    if d["type"] == "mis_hire":
        prompt = f"{d['definition']} Which role does this work really need?"
        why = " ".join(d["consequence"] + d["advice"])
        return [b.which_roles(f"mis-hire-{slug}", "mis-hire", prompt, b.out(n, "neededRole", "role"), why, b.cite(n))]
    return []


def _balance(qs: list[dict]) -> list[dict]:
    """At most :data:`_PER_KIND` of a kind, none over a quarter of the quiz (with four kinds or more),
    at most half sharing one option set."""
    by_kind: dict[str, list[dict]] = {}
    for q in qs:
        by_kind.setdefault(q["kind"], []).append(q)
    qs = [q for q in qs if q in sorted(by_kind[q["kind"]], key=lambda x: _h(x["id"], "keep"))[:_PER_KIND]]
    if len({q["kind"] for q in qs}) >= 4:
        while True:
            by_kind = {}
            for q in qs:
                by_kind.setdefault(q["kind"], []).append(q)
            big = max(by_kind.values(), key=len)
            if len(big) <= max(2, math.floor(_KIND_SHARE * len(qs))):
                break
            drop = max(big, key=lambda q: _h(q["id"], "drop"))
            qs = [q for q in qs if q is not drop]
    while len(qs) > 2:
        by_set: dict[frozenset, list[dict]] = {}
        for q in qs:
            by_set.setdefault(frozenset(q["options"]), []).append(q)
        big = max(by_set.values(), key=len)
        if 2 * len(big) <= len(qs):
            break
        drop = max(big, key=lambda q: _h(q["id"], "drop"))
        qs = [q for q in qs if q is not drop]
    return qs


def questions(rg: RoleGraph, sel: Selection) -> list[dict]:
    """The questions the selection supports, in a fixed order.

    Each is ``{"id", "kind", "prompt", "options", "answer" (index), "explanation", "cite"}``;
    ``cite`` lists ``{"n", "label", "anchor", "curated"}`` of the sources behind the answer.
    """
    b = _Builder(rg, sel)
    found: list[dict | None] = []
    for role in b.roles:
        found += _role_questions(b, role)
    for n in sorted(b.keep, key=lambda n: rg.G.nodes[n]["id"]):
        kind = rg.G.nodes[n]["type"]
        if kind == "overlap_zone":
            found += _zone_questions(b, n)
        else:
            found += _node_questions(b, n)
    qs = [q for q in found if q is not None]
    qs = _balance(sorted(qs, key=lambda q: (KINDS.index(q["kind"]), q["id"])))
    listing = {c["n"]: c for c in b.cites.listing()}
    for q in qs:
        q["cite"] = [listing[n] for n in q["cite"] if n in listing]
    return qs


def _cite_text(q) -> str:
    """The sources of an answer: "Primary output: ML engineer (section “ML engineer: ...”); curated"."""
    return "; ".join(c["label"] + (f" (section “{c['anchor']}”)" if c["anchor"] else "") for c in q["cite"])


def _title(rg: RoleGraph, sel: Selection) -> str:
    return f"Role quiz: {sel.title(rg)}"


def markdown(rg: RoleGraph, sel: Selection) -> dict[str, bytes]:
    """The quiz as Markdown: numbered questions with options A-D, then the answer key."""
    qs = questions(rg, sel)
    lines = [
        f"# {md_text(_title(rg, sel))}",
        "",
        f"_{len(qs)} questions generated by rolegraph from its knowledge graph; answers at the end, each explained and cited._",
        "",
        f"_{md_text(credit_line(rg))}_",
        "",
    ]
    for i, q in enumerate(qs, 1):
        lines += [f"## {i}\\. {md_text(q['prompt'])}", ""]
        lines += [f"- **{LETTERS[j]}\\.** {md_text(o)}" for j, o in enumerate(q["options"])]
        lines.append("")
    lines += ["---", "", "## Answer key", ""]
    for i, q in enumerate(qs, 1):
        letter = LETTERS[q["answer"]]
        src = f" _Source: {md_text(_cite_text(q))}._" if q["cite"] else ""
        lines.append(f"{i}\\. **{letter}** ({md_text(q['options'][q['answer']])}). {md_text(q['explanation'])}{src}")
        lines.append("")
    return {"": ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")}


#: Fixed ids, so the deck and its note type keep their identity across exports.
MODEL_ID = 1_607_392_401
DECK_ID = 2_059_400_112


def anki(rg: RoleGraph, sel: Selection) -> dict[str, bytes]:
    """An Anki ``.apkg`` of the same questions: front = question and options, back = answer.

    Built with genanki at the fixed :data:`graph.exporters.EPOCH`, zip entries dated the same.
    """
    import genanki

    qs = questions(rg, sel)
    model = genanki.Model(
        MODEL_ID,
        "rolegraph question",
        fields=[{"name": "Question"}, {"name": "Options"}, {"name": "Answer"}, {"name": "Explanation"}, {"name": "Source"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "<div class=q>{{Question}}</div>{{Options}}",
                "afmt": "{{FrontSide}}<hr id=answer><b>{{Answer}}</b><p>{{Explanation}}</p><p class=src>{{Source}}</p>",
            }
        ],
        css=".card { font-family: sans-serif; font-size: 18px; } .q { font-weight: bold; } .src { color: #666; font-size: 14px; }",
    )
    deck = genanki.Deck(DECK_ID, plain(f"rolegraph::{sel.title(rg)}"))
    for q in qs:
        options = "<ol type=A>" + "".join(f"<li>{html_text(o)}</li>" for o in q["options"]) + "</ol>"
        answer = f"{LETTERS[q['answer']]}. {html_text(q['options'][q['answer']])}"
        source = html_text(_cite_text(q) or "the rolegraph knowledge graph") + "<br>" + html_text(credit_line(rg))
        fields = [html_text(q["prompt"]), options, answer, html_text(q["explanation"]), source]
        deck.add_note(genanki.Note(model=model, fields=fields, guid=genanki.guid_for("rolegraph", q["id"]), tags=[q["kind"]]))
    package = genanki.Package(deck)
    stamp = EPOCH.timestamp()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "collection.anki2"
        conn = sqlite3.connect(db)
        try:
            package.write_to_db(conn.cursor(), stamp, itertools.count(int(stamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        data = db.read_bytes()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("collection.anki2", data)
        z.writestr("media", "{}")
    return {"": fixed_zip(buf.getvalue())}
