"""owner: who owns a skill, deliverable, tool or zone, with the zone's split."""

from __future__ import annotations

from ..answers import esco_match, plain, ranked_owners, source_refs, zone_answer, zones_of
from ..domain import role_order
from ..escape import safe
from ..present import cited, esco_lines, ref, split_rows, table
from ..project import RoleGraph
from ..provenance import edge_sources
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
        # each owner with the edges (statements) that make it one, each edge citing its sources
        "owners": [{**o, "edges": _edges_behind(rg, n, rg.ids[o["id"]])} for o in ranked_owners(rg, n)],
        "not_responsible": [plain(rg, r) for r in sorted(rg.into(n, "notResponsibleFor"), key=lambda r: role_order(rg, r))],
        "zone": zone_answer(rg, zones[0]) if zones else None,
        "other_zones": [zone_answer(rg, z) for z in zones[1:]],
        "sources": source_refs(rg, d["sources"]),
        "definition": d["definition"],
        "esco": esco_match(rg, n),
    }


def _edge(rg: RoleGraph, u: str, rel: str, v: str) -> dict:
    """One edge as an answer cites it: ``{"from", "relation", "to", "sources"}``."""
    return {
        "from": rg.G.nodes[u]["id"],
        "relation": rel,
        "to": rg.G.nodes[v]["id"],
        "sources": source_refs(rg, edge_sources(rg, u, v, rel)),
    }


def _edges_behind(rg: RoleGraph, n: str, role: str, *, depth: int = 0) -> list[dict]:
    """The edges that make ``role`` an owner of ``n``, each citing the statement it comes from."""
    G, out = rg.G, []
    for rel in ("delivers", "hasCoreSkill", "essential", "optional", "sideCovers"):
        if G.has_edge(role, n, key=rel):
            out.append(_edge(rg, role, rel, n))
    for rel in ("indicates", "neededRole", "about", "sharedBy"):
        if G.has_edge(n, role, key=rel):
            out.append(_edge(rg, n, rel, role))
    for dl in sorted(rg.into(n, "needsSkill"), key=lambda x: G.nodes[x]["id"]):  # not the order edges arrived in
        if G.has_edge(role, dl, key="delivers"):
            out += [_edge(rg, role, "delivers", dl), _edge(rg, dl, "needsSkill", n)]
    for z in zones_of(rg, n):
        if z != n and G.has_edge(z, role, key="sharedBy"):
            out.append(_edge(rg, z, "sharedBy", role))
            if G.has_edge(z, n, key="zoneIncludes"):
                out.append(_edge(rg, z, "zoneIncludes", n))
    if depth == 0 and G.nodes[n]["type"] == "tool":
        for user in sorted(rg.into(n, "usesTool"), key=lambda x: G.nodes[x]["id"]):
            behind = [e for e in _edges_behind(rg, user, role, depth=1) if e["relation"] not in ("sharedBy", "zoneIncludes")]
            if behind:
                out += [_edge(rg, user, "usesTool", n), *behind]
    seen, unique = set(), []
    for e in out:
        key = (e["from"], e["relation"], e["to"])
        if key not in seen:
            seen.add(key)
            unique.append(e)
    return unique


def footprint(remote, n: str) -> RoleGraph:
    """What ownership reads (users of a tool, narrower skills of a group, to the end), and the taxonomy matches."""
    inspected, roles = remote.owner_reach({n})
    more, more_roles = remote.match_reach(n)
    return remote.view(inspected | more, roles | more_roles)


def text(r: dict) -> str:
    m = r["match"]
    lines = [safe(f"{m['label']} ({m['id']}, {m['type'].replace('_', ' ')})"), ""]
    lines.append(
        table([[o["id"], o["label"], o["level"], cited(o.get("edges", []))] for o in r["owners"]], ["owner", "label", "level", "cited"])
        if r["owners"]
        else "no role owns it"
    )
    if r["not_responsible"]:
        lines.append(safe("not the job of: " + ", ".join(ref(x) for x in r["not_responsible"])))
    if r["zone"]:
        z = r["zone"]
        lines += ["", safe(f"overlap zone: {z['label']} ({', '.join(z['roles'])})")]
        lines += [safe(f"  {s['role']}: {s['its side']}") for s in split_rows(z)]
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
    tab="Who owns this skill?",
)
