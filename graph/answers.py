"""The pieces answers share: a node as ``{"id", "label"}``, sources, an overlap zone and its split, ownership.

Every question builds its answer from these, so a zone or an owner looks the
same in ``owner``, ``describe``, ``compare`` and ``path``.
"""

from __future__ import annotations

import networkx as nx

from .domain import LEVEL_RANK, OWNED_BY_RELATION, role_order, role_skills
from .project import RoleGraph

__all__ = [
    "by_label",
    "esco_match",
    "owners",
    "plain",
    "relation_graph",
    "source_refs",
    "zone_answer",
    "zone_neighbours",
    "zones_of",
]


def plain(rg: RoleGraph, iri: str) -> dict:
    """``{"id", "label"}`` of a node."""
    n = rg.G.nodes[iri]
    return {"id": n["id"], "label": n["label"]}


def by_label(rg: RoleGraph, iris) -> list[str]:
    """IRIs without repeats, sorted by label then id."""
    return sorted(set(iris), key=lambda n: (rg.G.nodes[n]["label"].casefold(), rg.G.nodes[n]["id"]))


def source_refs(rg: RoleGraph, source_iris) -> list[dict]:
    """``{"id", "label", "curated"}`` for each source IRI, in article order."""
    out = []
    for s in source_iris:
        info = rg.sources.get(s)
        if info is None:
            out.append({"id": s, "label": s, "curated": False})
        else:
            out.append({"id": info["id"], "label": info["label"], "curated": info["curated"]})
    return out


def zone_answer(rg: RoleGraph, z: str) -> dict:
    """An overlap zone as answers give it: its roles and each role's side of the split."""
    info = rg.zones[z]
    d = rg.G.nodes[z]
    return {
        "id": d["id"],
        "label": d["label"],
        "roles": [rg.G.nodes[r]["id"] for r in info["roles"]],
        "split": [
            {
                "role": rg.G.nodes[s["role"]]["id"],
                "label": rg.G.nodes[s["role"]]["label"],
                "responsibility": s["responsibility"],
                "covers": [plain(rg, i) for i in by_label(rg, s["covers"])],
            }
            for s in info["split"]
        ],
        "scale_note": d["scale_note"],
        "sources": source_refs(rg, d["sources"]),
    }


def _zone_sides(rg: RoleGraph, n: str):
    """``(role, zone)`` for each zone side that covers node ``n``."""
    for u, keys in rg.G._pred[n].items():
        data = keys.get("sideCovers")
        if data and data.get("zone"):
            yield u, data["zone"]


def zones_of(rg: RoleGraph, n: str) -> list[str]:
    """Zones a node sits in (directly, or on one side of the split), by label."""
    zs = set(rg.into(n, "zoneIncludes"))
    zs.update(z for _, z in _zone_sides(rg, n))
    if rg.G.nodes[n]["type"] == "overlap_zone":
        zs.add(n)
    return sorted(zs, key=lambda z: rg.G.nodes[z]["label"])


def zone_neighbours(rg: RoleGraph, n: str) -> set[str]:
    """Roles that share a zone with node ``n`` only as neighbours: another role's side of that zone covers ``n``.

    ``owners`` lists them (level ``shared``: the zone is theirs too); a question about who *does*
    the work, such as which role a duty in a job description calls for, leaves them out. A role
    that also sits in a zone holding ``n`` with no split (``zoneIncludes``), or whose own side
    covers ``n``, is no neighbour.
    """
    sides = list(_zone_sides(rg, n))
    if not sides:
        return set()
    covering = {u for u, _ in sides}
    split_zones = {z for _, z in sides}
    whole = [z for z in zones_of(rg, n) if z not in split_zones]
    kept = {r for z in whole for r in rg.zones[z]["roles"]}
    return {r for z in split_zones for r in rg.zones[z]["roles"]} - covering - kept


def relation_graph(rg: RoleGraph, relation: str) -> nx.DiGraph:
    """The directed graph of one relation's edges (``broader``, ``prerequisiteOf`` ...), made once per graph."""

    def build():
        h = nx.DiGraph()
        h.add_edges_from((u, v) for u, v, k in rg.G.edges(keys=True) if k == relation)
        return h

    return rg.derived(f"relation-{relation}", build, keep=False)


# ----------------------------------------------------------------- ownership


def _giver(rg: RoleGraph, levels: dict[str, str]):
    nodes = rg.G.nodes

    def give(role: str, level: str) -> None:
        if nodes[role]["type"] != "role":
            return
        if role not in levels or LEVEL_RANK[level] < LEVEL_RANK[levels[role]]:
            levels[role] = level

    return give


def _skill_owners(rg: RoleGraph, n: str, give) -> None:
    for r in rg.into(n, "hasCoreSkill"):
        give(r, "core")
    for r in rg.into(n, "essential"):
        give(r, "essential")
    for r in rg.into(n, "optional"):
        give(r, "optional")
    for dl in rg.into(n, "needsSkill"):
        for r in rg.into(dl, "delivers"):
            give(r, "deliverable")


def _zone_owners(rg: RoleGraph, n: str, give) -> None:
    for u, _ in _zone_sides(rg, n):
        give(u, "zone-side")
    for z in zones_of(rg, n):
        for r in rg.zones[z]["roles"]:
            give(r, "shared")


def _skill_levels(rg: RoleGraph) -> dict[str, dict]:
    """Owners of every skill, made once per graph (ESCO's top groups have thousands).

    ``{"direct": {skill: {role: level}}, "groups": {skill: {role: level}}}``:
    a skill's own owners (and its zones'), and, for a skill no role owns
    directly (a skill group), the owners of every skill narrower than it.
    """

    def build():
        direct, own = {}, set()
        for s in rg.of_type("skill"):
            levels: dict[str, str] = {}
            give = _giver(rg, levels)
            _skill_owners(rg, s, give)
            if levels:
                own.add(s)
            _zone_owners(rg, s, give)
            if levels:
                direct[s] = levels
        broader = relation_graph(rg, "broader")
        groups = {}
        for s in rg.of_type("skill"):
            if s in own or s not in broader:
                continue
            levels = {}
            give = _giver(rg, levels)
            for child in nx.ancestors(broader, s):
                if rg.G.nodes[child]["type"] == "skill":  # its own narrower skills are narrower than s too
                    for r, lvl in direct.get(child, {}).items():
                        give(r, lvl)
                else:
                    for r, lvl in owners(rg, child).items():
                        give(r, lvl)
            groups[s] = levels
        return {"direct": direct, "groups": groups}

    return rg.derived("skill-owners", build)


def owners(rg: RoleGraph, n: str) -> dict[str, str]:
    """role IRI → level of ownership of node ``n`` (levels and ranks: :mod:`rolegraph.domain`)."""
    kind = rg.G.nodes[n]["type"]
    levels: dict[str, str] = {}
    give = _giver(rg, levels)
    if kind == "role":
        give(n, "primary")
    elif kind == "deliverable":
        for r in rg.into(n, "delivers"):
            give(r, "primary")
    elif kind == "skill":
        _skill_owners(rg, n, give)
        if not levels:  # a skill group: whoever owns its narrower skills
            for r, lvl in _skill_levels(rg)["groups"].get(n, {}).items():
                give(r, lvl)
    elif kind == "tool":
        for user in rg.into(n, "usesTool"):  # a tool goes with who does the work, not with zone neighbours
            for r, lvl in owners(rg, user).items():
                if lvl != "shared":
                    give(r, "uses")
    elif kind in OWNED_BY_RELATION:
        relation, level = OWNED_BY_RELATION[kind]
        for r in rg.out(n, relation):
            give(r, level)
    _zone_owners(rg, n, give)
    return levels


def ranked_owners(rg: RoleGraph, n: str) -> list[dict]:
    """``{"id", "label", "level"}`` of each owner of ``n``, strongest level first, then spectrum order."""
    levels = owners(rg, n)
    return [{**plain(rg, r), "level": levels[r]} for r in sorted(levels, key=lambda r: (LEVEL_RANK[levels[r]], role_order(rg, r)))]


def esco_match(rg: RoleGraph, n: str) -> dict | None:
    """A node's matches in a loaded taxonomy (``skos:closeMatch`` to ESCO ...), beside what the article says.

    For a role: ``{"article_skills": [...], "matches": [{"id", "label", "type",
    "essential": [...], "optional_count"}]}``, ESCO's essential skills of each
    matched occupation next to the role's own skills. For a skill matched to an
    ESCO skill, each match lists the occupations it is essential or optional for
    (``owners`` with ``level``). None when no match is in the loaded graph (load
    the ESCO import with ``--data`` to see them).
    """
    found = [m for m in rg.G.nodes[n]["matches"] if m in rg.G]
    if not found:
        return None
    out = []
    kinds = rg.G.nodes[n].get("match_kinds", {})
    for m in sorted(found, key=lambda x: (rg.G.nodes[x]["label"].casefold(), x)):
        entry = {**rg.ref(m), "match": kinds.get(m, "close")}  # skos:closeMatch, broadMatch, relatedMatch ...
        if entry["type"] == "role":
            entry["essential"] = [
                plain(rg, s) for s in by_label(rg, (s for s in rg.out(m, "essential") if rg.G.nodes[s]["type"] == "skill"))
            ]
            entry["optional_count"] = sum(1 for s in rg.out(m, "optional") if rg.G.nodes[s]["type"] == "skill")
        elif entry["type"] == "skill":
            entry["owners"] = ranked_owners(rg, m)
        out.append(entry)
    kind = rg.G.nodes[n]["type"]
    article = by_label(rg, role_skills(rg, n)) if kind == "role" else []
    return {"article_skills": [plain(rg, s) for s in article], "matches": out}
