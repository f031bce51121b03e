"""The content of training material, as plain data: one sheet per role, with citations.

Handouts (Markdown, HTML, PDF) and the slide deck all draw from these sheets, so
they say the same thing. Citations are numbers into one list of sources, in the
article's order, with curation last.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from rdflib import DCTERMS, URIRef

from ..domain import role_skills
from ..errors import BadInputError
from ..project import RoleGraph
from ..subgraph import Selection

__all__ = [
    "Citations",
    "a_role",
    "credit",
    "credit_line",
    "export_date",
    "mis_hire_sheet",
    "role_sheet",
    "roles_of",
    "zone_sheet",
    "zones_of",
]


def credit(rg: RoleGraph) -> list[dict]:
    """The works the graph's sources are part of: ``{"title", "publisher"}`` each, by title.

    Read from the RDF (``dcterms:title`` and ``dcterms:publisher`` of what a source
    section is ``dcterms:isPartOf``), so another article loaded with ``--data`` is
    credited too.

    >>> from rolegraph import load
    >>> credit(load())
    [{'title': 'Data engineer vs. ML engineer vs. AI engineer', 'publisher': 'A.Team'}]
    """
    works = {}
    g = rg.rdf
    for src in rg.sources:
        for work in g.objects(URIRef(src), DCTERMS.isPartOf):
            title = next((str(t) for t in sorted(g.objects(work, DCTERMS.title), key=str)), "")
            if title:
                publisher = next((str(p) for p in sorted(g.objects(work, DCTERMS.publisher), key=str)), "")
                works[str(work)] = {"title": title, "publisher": publisher}
    return sorted(works.values(), key=lambda w: (w["title"], w["publisher"]))


def credit_line(rg: RoleGraph) -> str:
    """One sentence crediting the source articles, e.g. for a title slide or a handout's first lines.

    >>> from rolegraph import load
    >>> credit_line(load())
    'Based on the article “Data engineer vs. ML engineer vs. AI engineer”, published by A.Team.'
    """
    works = credit(rg)
    if not works:
        return "Based on the graph's own sources (no article is named in the data)."
    parts = [f"“{w['title']}”" + (f", published by {w['publisher']}" if w["publisher"] else "") for w in works]
    return ("Based on the article " if len(parts) == 1 else "Based on the articles ") + "; ".join(parts) + "."


def export_date() -> date:
    """The date shown on a deck's title slide: today (UTC), or ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    stamp = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if stamp.isdigit():
        return datetime.fromtimestamp(int(stamp), UTC).date()
    return datetime.now(UTC).date()


def a_role(label: str) -> str:
    """``label`` as a noun phrase after "a"/"an", first word lower-cased unless an acronym.

    >>> a_role("ML engineer"), a_role("Data engineer"), a_role("AI engineer")
    ('an ML engineer', 'a data engineer', 'an AI engineer')
    """
    first, _, rest = label.partition(" ")
    if not (first.isupper() and len(first) > 1):
        first = first.lower()
    phrase = f"{first} {rest}".strip()
    acronym_vowel = first.isupper() and first[:1] in "AEFHILMNORSX"
    article = "an" if acronym_vowel or (not first.isupper() and first[:1] in "aeiou") else "a"
    return f"{article} {phrase}"


class Citations:
    """Numbers every source a document cites, in article order (curation last)."""

    def __init__(self, rg: RoleGraph):
        self.rg = rg
        order = sorted(rg.sources, key=lambda s: (rg.sources[s]["curated"], rg.sources[s]["order"], rg.sources[s]["id"]))
        self.number = {s: i for i, s in enumerate(order, 1)}
        self.used: set[str] = set()

    def cite(self, sources) -> list[int]:
        """Numbers for a node's sources (unknown sources are skipped)."""
        nums = []
        for s in sources:
            if s in self.number:
                self.used.add(s)
                nums.append(self.number[s])
        return sorted(set(nums))

    def listing(self) -> list[dict]:
        """``{"n", "label", "anchor", "curated"}`` of every source cited so far, by number."""
        out = []
        for s in sorted(self.used, key=lambda s: self.number[s]):
            info = self.rg.sources[s]
            out.append({"n": self.number[s], "label": info["label"], "anchor": info.get("anchor") or "", "curated": info["curated"]})
        return out


def _label_order(rg: RoleGraph, iris) -> list[str]:
    def key(n):
        d = rg.G.nodes[n]
        return (d["order"] if d["order"] is not None else 999, d["label"].casefold(), d["id"])

    return sorted(set(iris), key=key)


def _item(rg: RoleGraph, n: str, cites: Citations) -> dict:
    d = rg.G.nodes[n]
    return {"id": d["id"], "label": d["label"], "definition": d["definition"], "curated": d["curated"], "cite": cites.cite(d["sources"])}


def roles_of(rg: RoleGraph, sel: Selection) -> list[str]:
    """The roles in a selection, in spectrum order; raises when there is none."""
    roles = [n for n in sel.nodes if rg.G.nodes[n]["type"] == "role"]
    if not roles:
        raise BadInputError("the selection holds no role, and training material is written per role; add --role or a role type")
    return sorted(roles, key=lambda r: (rg.G.nodes[r]["spectrum"] or 99, rg.G.nodes[r]["label"].casefold()))


def zones_of(rg: RoleGraph, sel: Selection) -> list[str]:
    """The overlap zones in a selection, by label."""
    return _label_order(rg, (n for n in sel.nodes if rg.G.nodes[n]["type"] == "overlap_zone"))


def zone_sheet(rg: RoleGraph, z: str, cites: Citations) -> dict:
    """A zone: its roles, each role's side of the split, the scale note, citations."""
    info = rg.zones[z]
    d = rg.G.nodes[z]
    return {
        **_item(rg, z, cites),
        "roles": [rg.G.nodes[r]["label"] for r in info["roles"]],
        "split": [
            {
                "role": rg.G.nodes[s["role"]]["label"],
                "responsibility": s["responsibility"],
                "covers": [rg.G.nodes[i]["label"] for i in _label_order(rg, s["covers"])],
                "cite": cites.cite(s["sources"]),
            }
            for s in info["split"]
        ],
        "scale_note": d["scale_note"] or "",
    }


def mis_hire_sheet(rg: RoleGraph, m: str, cites: Citations) -> dict:
    """A mis-hire: who was hired, who was needed, what goes wrong, the advice."""
    d = rg.G.nodes[m]
    return {
        **_item(rg, m, cites),
        "hired": [rg.G.nodes[r]["label"] for r in _label_order(rg, rg.out(m, "hiredRole"))],
        "needed": [rg.G.nodes[r]["label"] for r in _label_order(rg, rg.out(m, "neededRole"))],
        "consequence": " ".join(d["consequence"]),
        "advice": " ".join(d["advice"]),
    }


def role_sheet(rg: RoleGraph, role: str, cites: Citations) -> dict:
    """Everything a handout says about one role."""
    d = rg.G.nodes[role]
    deliverables = _label_order(rg, rg.out(role, "delivers"))
    core = _label_order(rg, rg.out(role, "hasCoreSkill"))
    other_skills = _label_order(rg, role_skills(rg, role) - set(core))
    tools = set()
    for n in [*deliverables, *core, *other_skills]:
        tools.update(t for t in rg.out(n, "usesTool") if rg.G.nodes[t]["type"] == "tool")
    mis = _label_order(rg, [*rg.into(role, "hiredRole"), *rg.into(role, "neededRole")])
    return {
        **_item(rg, role, cites),
        "primary_output": d["primary_output"] or "",
        "advice": d["advice"],
        "deliverables": [_item(rg, n, cites) for n in deliverables],
        "core_skills": [_item(rg, n, cites) for n in core],
        "skills": [_item(rg, n, cites) for n in other_skills],
        "tools": [_item(rg, n, cites) for n in _label_order(rg, tools)],
        "zones": [zone_sheet(rg, z, cites) for z in _label_order(rg, rg.into(role, "sharedBy")) if z in rg.zones],
        "not_responsible": [_item(rg, n, cites) for n in _label_order(rg, rg.out(role, "notResponsibleFor"))],
        "mis_hires": [mis_hire_sheet(rg, m, cites) for m in mis],
        "signals": [
            {**_item(rg, n, cites), "shared": len(rg.out(n, "indicates")) > 1} for n in _label_order(rg, rg.into(role, "indicates"))
        ],
        "distinct_from": [rg.G.nodes[r]["label"] for r in _label_order(rg, rg.out(role, "distinctFrom"))],
    }
