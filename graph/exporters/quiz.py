"""A quiz generated from the graph, as Markdown with an answer key and as an Anki deck.

Question kinds: which role delivers a deliverable, which role has a core skill,
which roles share an overlap zone, which role a need signal calls for, what a
role is not responsible for, and which role a mis-hire really needed. Wrong
options come from the other roles (or, for "not responsible", from the role's
own work). Option order is fixed by a hash of the question, so the quiz repeats.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import sqlite3
import tempfile
import zipfile
from pathlib import Path

from ..project import RoleGraph
from ..subgraph import Selection
from . import EPOCH
from .archive import fixed_zip
from .escape import html_text, md_text, plain
from .material import Citations, a_role

__all__ = ["anki", "markdown", "questions"]

LETTERS = "ABCD"


def _h(*parts) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _names(rg: RoleGraph, iris) -> str:
    labels = [rg.G.nodes[r]["label"] for r in sorted(iris, key=lambda r: (rg.G.nodes[r]["spectrum"] or 99, rg.G.nodes[r]["label"]))]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _question(qid, kind, prompt, answer, wrong, explanation, cite) -> dict | None:
    wrong = [w for w in dict.fromkeys(wrong) if w != answer]
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


def questions(rg: RoleGraph, sel: Selection) -> list[dict]:
    """Every question the selection supports, in a fixed order.

    Each is ``{"id", "kind", "prompt", "options", "answer" (index), "explanation", "cite"}``.
    """
    cites = Citations(rg)
    roles = sorted(rg.of_type("role"), key=lambda r: (rg.G.nodes[r]["spectrum"] or 99, rg.G.nodes[r]["label"]))
    keep = set(sel.nodes)

    def role_sets(size: int) -> list[str]:
        return [_names(rg, c) for c in itertools.combinations(roles, size)]

    def node(n):
        return rg.G.nodes[n]

    def which_roles(qid, kind, prompt, answer_roles, explanation, cite) -> dict | None:
        """A question whose answer is a set of roles; wrong options are other sets of that size."""
        if not answer_roles:
            return None
        answer = _names(rg, answer_roles)
        return _question(qid, kind, prompt, answer, role_sets(len(answer_roles)), explanation.replace("{answer}", answer), cite)

    out: list[dict | None] = []
    for n in sorted(keep, key=lambda n: node(n)["id"]):
        d = node(n)
        cite = cites.cite(d["sources"])
        slug, name = d["id"], d["label"]
        if d["type"] == "deliverable":
            owners = [r for r in rg.into(n, "delivers") if node(r)["type"] == "role"]
            out.append(
                which_roles(
                    f"delivers-{slug}", "owner", f"Which role delivers “{name}”?", owners, "{answer} delivers it: " + d["definition"], cite
                )
            )
        elif d["type"] == "skill":
            owners = [r for r in rg.into(n, "hasCoreSkill") if node(r)["type"] == "role"]
            if len(owners) == 1:
                why = f"It is a core skill of {a_role(node(owners[0])['label'])}: {d['definition']}"
                out.append(which_roles(f"core-skill-{slug}", "core-skill", f"For which role is “{name}” a core skill?", owners, why, cite))
        elif d["type"] == "overlap_zone" and n in rg.zones:
            split = " ".join(f"{node(s['role'])['label']}: {s['responsibility']}" for s in rg.zones[n]["split"]) or d["definition"]
            out.append(which_roles(f"zone-{slug}", "zone", f"Which roles share the “{name}”?", rg.zones[n]["roles"], split, cite))
        elif d["type"] == "need_signal":
            target = [r for r in rg.out(n, "indicates") if node(r)["type"] == "role"]
            why = d["definition"] + " This calls for {answer}."
            out.append(which_roles(f"need-{slug}", "need", f"Which role do you need if: “{name}”?", target, why, cite))
        elif d["type"] == "mis_hire":
            needed = [r for r in rg.out(n, "neededRole") if node(r)["type"] == "role"]
            prompt = f"{d['definition']} Which role does this work really need?"
            out.append(which_roles(f"mis-hire-{slug}", "mis-hire", prompt, needed, " ".join(d["consequence"] + d["advice"]), cite))
        elif d["type"] == "role":
            own = [node(x)["label"] for x in rg.out(n, "delivers")]
            for x in sorted(rg.out(n, "notResponsibleFor"), key=lambda x: node(x)["id"]):
                why = f"{_upper_first(a_role(name))} is not responsible for “{node(x)['label']}”; another role does it."
                where = cites.cite([s for s in node(x)["sources"] if s in d["sources"]] or d["sources"][:1])
                prompt = f"Which of these is NOT the job of {a_role(name)}?"
                out.append(_question(f"not-{slug}-{node(x)['id']}", "not-responsible", prompt, node(x)["label"], own, why, where))
    kinds = ["owner", "core-skill", "zone", "need", "not-responsible", "mis-hire"]
    qs = sorted((q for q in out if q is not None), key=lambda q: (kinds.index(q["kind"]), q["id"]))
    for q in qs:
        q["cite"] = [c for c in cites.listing() if c["n"] in q["cite"]]
    return qs


def _cite_text(q) -> str:
    return "; ".join(c["label"] for c in q["cite"])


def _title(rg: RoleGraph, sel: Selection) -> str:
    return f"Role quiz: {sel.title(rg)}"


def markdown(rg: RoleGraph, sel: Selection) -> dict[str, bytes]:
    """The quiz as Markdown: numbered questions with options A-D, then the answer key."""
    qs = questions(rg, sel)
    lines = [
        f"# {md_text(_title(rg, sel))}",
        "",
        f"_{len(qs)} questions generated by rolegraph from its knowledge graph; answers at the end._",
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
        fields = [html_text(q["prompt"]), options, answer, html_text(q["explanation"]), html_text(_cite_text(q))]
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
