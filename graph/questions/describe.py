"""describe (``rolegraph show``): everything about one node."""

from __future__ import annotations

from ..answers import esco_match, source_refs, zone_answer
from ..escape import safe
from ..present import cited, esco_lines, ref
from ..project import RoleGraph
from ..provenance import edge_sources, label_sources
from . import Name, question


def answer(rg: RoleGraph, n: str) -> dict:
    """Everything about node ``n``: type, definition, synonyms, sources, relations both ways, zone, taxonomy matches."""
    d = rg.G.nodes[n]
    out_rel: dict[str, list] = {}
    for _, v, k in sorted(rg.G.out_edges(n, keys=True), key=lambda e: (e[2], rg.G.nodes[e[1]]["label"].casefold())):
        out_rel.setdefault(k, []).append({**rg.ref(v), "sources": source_refs(rg, edge_sources(rg, n, v, k))})
    in_rel: dict[str, list] = {}
    for u, _, k in sorted(rg.G.in_edges(n, keys=True), key=lambda e: (e[2], rg.G.nodes[e[0]]["label"].casefold())):
        in_rel.setdefault(k, []).append({**rg.ref(u), "sources": source_refs(rg, edge_sources(rg, u, n, k))})
    return {
        "match": {"id": d["id"], "label": d["label"], "type": d["type"]},
        "iri": n,
        "definition": d["definition"],
        "alt_labels": d["alt"],
        # each synonym with the sources of its own statement (a curated synonym of an article node cites curated)
        "synonyms": [{"label": a, "sources": source_refs(rg, label_sources(rg, n, a))} for a in d["alt"]],
        "label_sources": source_refs(rg, label_sources(rg, n, d["label"])),
        "primary_output": d["primary_output"],
        "advice": d["advice"],
        "consequence": d["consequence"],
        "scale_note": d["scale_note"],
        "curated": d["curated"],
        "sources": source_refs(rg, d["sources"]),
        "matches": d["matches"],
        "out": out_rel,
        "in": in_rel,
        "zone": zone_answer(rg, n) if n in rg.zones else None,
        "esco": esco_match(rg, n),
    }


def footprint(remote, n: str) -> RoleGraph:
    """The node, its neighbours and zones, and its taxonomy matches with their owners."""
    inspected, roles = remote.match_reach(n)
    return remote.view({n} | inspected, roles)


def text(r: dict) -> str:
    m = r["match"]
    lines = [f"{m['label']} ({m['id']}), a {m['type'].replace('_', ' ')}"]
    if r["definition"]:
        lines.append(r["definition"])
    by_source: dict[str, list[str]] = {}  # each synonym with where its statement comes from
    for syn in r.get("synonyms") or [{"label": a, "sources": []} for a in r["alt_labels"]]:
        by_source.setdefault(cited([syn]), []).append(syn["label"])
    lines += [f"also: {'; '.join(names)}" + (f"  [{src}]" if src else "") for src, names in by_source.items()]
    if r["primary_output"]:
        lines.append(f"primary output: {r['primary_output']}")
    lines.append("source: " + ("; ".join(s["label"] for s in r["sources"]) or "none"))
    for rel, nodes in r["out"].items():
        lines.append(f"{rel} → " + ", ".join(ref(n) for n in nodes) + f"  [{cited(nodes)}]")
    for rel, nodes in r["in"].items():
        lines.append(f"← {rel}: " + ", ".join(ref(n) for n in nodes) + f"  [{cited(nodes)}]")
    if r["matches"]:
        lines.append("matches: " + ", ".join(r["matches"]))
    lines += esco_lines(r["esco"])
    return "\n".join(safe(x) for x in lines)


QUESTION = question(
    __name__,
    name="describe",
    command="show",
    help="Describe one node: definition, synonyms, sources, relations.",
    example="rolegraph show 'feature engineering'",
    names=(Name("name", "id, IRI, label or synonym of any node"),),
    echo=True,
)
