"""owner: who owns a skill, deliverable, tool or zone, with the zone's split."""

from __future__ import annotations

from ..answers import esco_match, plain, ranked_owners, source_refs, zone_answer, zones_of
from ..domain import role_order
from ..present import esco_lines, ref, safe, table
from ..project import RoleGraph
from . import Name, question


def answer(rg: RoleGraph, n: str) -> dict:
    """Who owns node ``n``, strongest level first, with the zone split if it sits in one.

    >>> import rolegraph
    >>> rg = rolegraph.load()
    >>> [o["id"] for o in answer(rg, rg.ids["rag-pipelines"])["owners"]][:1]
    ['ai-engineer']
    """
    zones = zones_of(rg, n)
    d = rg.G.nodes[n]
    return {
        "match": {"id": d["id"], "label": d["label"], "type": d["type"]},
        "owners": ranked_owners(rg, n),
        "not_responsible": [plain(rg, r) for r in sorted(rg.into(n, "notResponsibleFor"), key=lambda r: role_order(rg, r))],
        "zone": zone_answer(rg, zones[0]) if zones else None,
        "other_zones": [zone_answer(rg, z) for z in zones[1:]],
        "sources": source_refs(rg, d["sources"]),
        "definition": d["definition"],
        "esco": esco_match(rg, n),
    }


def footprint(remote, n: str) -> RoleGraph:
    """What ownership reads (users of a tool, narrower skills of a group, to the end), and the taxonomy matches."""
    inspected, roles = remote.owner_reach({n})
    more, more_roles = remote.match_reach(n)
    return remote.view(inspected | more, roles | more_roles)


def text(r: dict) -> str:
    m = r["match"]
    lines = [safe(f"{m['label']} ({m['id']}, {m['type'].replace('_', ' ')})"), ""]
    lines.append(
        table([[o["id"], o["label"], o["level"]] for o in r["owners"]], ["owner", "label", "level"]) if r["owners"] else "no role owns it"
    )
    if r["not_responsible"]:
        lines.append(safe("not the job of: " + ", ".join(ref(x) for x in r["not_responsible"])))
    if r["zone"]:
        z = r["zone"]
        lines += ["", safe(f"overlap zone: {z['label']} ({', '.join(z['roles'])})")]
        lines += [safe(f"  {s['label']}: {s['responsibility']}") for s in z["split"]]
    lines += ["", "source: " + safe("; ".join(s["label"] for s in r["sources"]) or "none")]
    if r["alternatives"]:
        lines.append("see also: " + safe(", ".join(ref(a) for a in r["alternatives"])))
    lines += [safe(x) for x in esco_lines(r["esco"])]
    return "\n".join(lines)


QUESTION = question(
    __name__,
    name="owner",
    help="Who owns a skill, deliverable, tool or zone, with the zone's split.",
    example="rolegraph owner 'RAG pipeline design'",
    names=(Name("text", "a skill, deliverable, tool or zone: id, label or synonym"),),
    echo=True,
    exit_code=lambda r: 0 if r["owners"] else 1,
)
