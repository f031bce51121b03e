"""The questions rolegraph answers, each a function over a loaded RoleGraph.

Every function takes the graph first, checks its input before doing any work,
and returns plain, JSON-ready data sorted deterministically.
"""

from __future__ import annotations

import networkx as nx

from .errors import BadInputError
from .project import TRAVERSABLE, TYPES, RoleGraph
from .provenance import article_named, edge_sources, label_sources
from .resolve import resolve

__all__ = [
    "NODE_TYPES",
    "check_radius",
    "compare",
    "describe",
    "esco_match",
    "neighbours",
    "owner",
    "path",
    "role_skills",
    "roles",
    "source_refs",
    "stats",
]

#: Node types, as used in answers and ``--types`` filters.
NODE_TYPES = tuple(dict.fromkeys(TYPES.values()))

_LEVEL_RANK = {
    "primary": 0,
    "core": 1,
    "essential": 1,
    "deliverable": 2,
    "zone-side": 3,
    "shared": 4,
    "optional": 5,
    "uses": 6,
    "indicated": 7,
}


def _role_order(rg: RoleGraph, iri: str):
    d = rg.G.nodes[iri]
    return (d["spectrum"] if d["spectrum"] is not None else 99, d["label"].casefold(), d["id"])


def _by_label(rg: RoleGraph, iris) -> list[str]:
    return sorted(set(iris), key=lambda n: (rg.G.nodes[n]["label"].casefold(), rg.G.nodes[n]["id"]))


def _plain(rg: RoleGraph, iri: str) -> dict:
    n = rg.G.nodes[iri]
    return {"id": n["id"], "label": n["label"]}


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


def roles(rg: RoleGraph) -> dict:
    """Every role with its primary output, in spectrum order.

    >>> from rolegraph import load
    >>> [r["id"] for r in roles(load())["roles"]][:3]
    ['data-engineer', 'ml-engineer', 'ai-engineer']
    """
    out = []
    for r in sorted(rg.of_type("role"), key=lambda r: _role_order(rg, r)):
        d = rg.G.nodes[r]
        out.append({"id": d["id"], "label": d["label"], "primary_output": d["primary_output"] or ""})
    return {"roles": out}


def stats(rg: RoleGraph) -> dict:
    """Node counts per class, and the number of triples."""
    counts = {f"{kind}s": 0 for kind in NODE_TYPES}
    for _, d in rg.G.nodes(data=True):
        counts[f"{d['type']}s"] += 1
    curated = sum(1 for _, d in rg.G.nodes(data=True) if d["curated"])
    return {
        "roles": counts["roles"],
        "deliverables": counts["deliverables"],
        "skills": counts["skills"],
        "tools": counts["tools"],
        "overlap_zones": counts["overlap_zones"],
        "need_signals": counts["need_signals"],
        "mis_hires": counts["mis_hires"],
        "claims": counts["claims"],
        "sources": len(rg.sources),
        "curated_nodes": curated,
        "edges": rg.G.number_of_edges(),
        "triples": rg.triples,
    }


def describe(rg: RoleGraph, name: str) -> dict:
    """Everything about one node: type, definition, synonyms, sources, relations."""
    m = resolve(rg, name)
    n = m["iri"]
    d = rg.G.nodes[n]
    out_rel: dict[str, list] = {}
    for _, v, k in sorted(rg.G.out_edges(n, keys=True), key=lambda e: (e[2], rg.G.nodes[e[1]]["label"].casefold())):
        out_rel.setdefault(k, []).append({**rg.ref(v), "sources": source_refs(rg, edge_sources(rg, n, v, k))})
    in_rel: dict[str, list] = {}
    for u, _, k in sorted(rg.G.in_edges(n, keys=True), key=lambda e: (e[2], rg.G.nodes[e[0]]["label"].casefold())):
        in_rel.setdefault(k, []).append({**rg.ref(u), "sources": source_refs(rg, edge_sources(rg, u, n, k))})
    zone = rg.zones.get(n)
    return {
        "query": name,
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
        "zone": _zone_answer(rg, n) if zone else None,
        "esco": esco_match(rg, n),
        "alternatives": m["alternatives"],
    }


def _zone_answer(rg: RoleGraph, z: str) -> dict:
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
                "covers": [_plain(rg, i) for i in _by_label(rg, s["covers"])],
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


def _zones_of(rg: RoleGraph, n: str) -> list[str]:
    """Zones a node sits in (directly, or on one side of the split)."""
    zs = set(rg.into(n, "zoneIncludes"))
    zs.update(z for _, z in _zone_sides(rg, n))
    if rg.G.nodes[n]["type"] == "overlap_zone":
        zs.add(n)
    return sorted(zs, key=lambda z: rg.G.nodes[z]["label"])


def _giver(rg: RoleGraph, levels: dict[str, str]):
    nodes = rg.G.nodes

    def give(role: str, level: str) -> None:
        if nodes[role]["type"] != "role":
            return
        if role not in levels or _LEVEL_RANK[level] < _LEVEL_RANK[levels[role]]:
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
    for z in _zones_of(rg, n):
        for r in rg.zones[z]["roles"]:
            give(r, "shared")


def _skill_levels(rg: RoleGraph) -> dict[str, dict]:
    """Owners of every skill, made once and kept in the load cache (ESCO's top groups have thousands).

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
        broader = _relation_graph(rg, "broader")
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
                    for r, lvl in _owners(rg, child).items():
                        give(r, lvl)
            groups[s] = levels
        return {"direct": direct, "groups": groups}

    return rg.derived("skill-owners", build)


#: node type → (relation to its roles, ownership level) for the types owned through one relation
_OWNED_BY_RELATION = {
    "overlap_zone": ("sharedBy", "shared"),
    "need_signal": ("indicates", "indicated"),
    "mis_hire": ("neededRole", "primary"),
    "claim": ("about", "primary"),
}


def _owners(rg: RoleGraph, n: str) -> dict[str, str]:
    """role IRI → level of ownership of node ``n``."""
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
            for r, lvl in _owners(rg, user).items():
                if lvl != "shared":
                    give(r, "uses")
    elif kind in _OWNED_BY_RELATION:
        relation, level = _OWNED_BY_RELATION[kind]
        for r in rg.out(n, relation):
            give(r, level)
    _zone_owners(rg, n, give)
    return levels


def _relation_graph(rg: RoleGraph, relation: str) -> nx.DiGraph:
    """The directed graph of one relation's edges (cached per graph): ``broader``, ``prerequisiteOf`` ..."""
    key = ("relation", relation)
    h = rg.cache.get(key)
    if h is None:
        h = nx.DiGraph()
        h.add_edges_from((u, v) for u, v, k in rg.G.edges(keys=True) if k == relation)
        rg.cache[key] = h
    return h


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
                _plain(rg, s) for s in _by_label(rg, (s for s in rg.out(m, "essential") if rg.G.nodes[s]["type"] == "skill"))
            ]
            entry["optional_count"] = sum(1 for s in rg.out(m, "optional") if rg.G.nodes[s]["type"] == "skill")
        elif entry["type"] == "skill":
            levels = _owners(rg, m)
            entry["owners"] = [
                {**_plain(rg, r), "level": levels[r]} for r in sorted(levels, key=lambda r: (_LEVEL_RANK[levels[r]], _role_order(rg, r)))
            ]
        out.append(entry)
    kind = rg.G.nodes[n]["type"]
    article = _by_label(rg, role_skills(rg, n)) if kind == "role" else []
    return {"article_skills": [_plain(rg, s) for s in article], "matches": out}


def owner(rg: RoleGraph, text: str) -> dict:
    """Who owns a skill, deliverable, tool or zone, with the zone split if it sits in one.

    >>> from rolegraph import load
    >>> [o["id"] for o in owner(load(), "RAG pipeline design")["owners"]][:1]
    ['ai-engineer']
    """
    m = resolve(rg, text)
    n = m["iri"]
    levels = _owners(rg, n)
    owners = sorted(levels, key=lambda r: (_LEVEL_RANK[levels[r]], _role_order(rg, r)))
    zones = _zones_of(rg, n)
    d = rg.G.nodes[n]
    return {
        "query": text,
        "match": {"id": d["id"], "label": d["label"], "type": d["type"]},
        # each owner with the edges (statements) that make it one, each edge citing its sources
        "owners": [{**_plain(rg, r), "level": levels[r], "edges": _edges_behind(rg, n, r)} for r in owners],
        "not_responsible": [_plain(rg, r) for r in sorted(rg.into(n, "notResponsibleFor"), key=lambda r: _role_order(rg, r))],
        "zone": _zone_answer(rg, zones[0]) if zones else None,
        "other_zones": [_zone_answer(rg, z) for z in zones[1:]],
        "sources": source_refs(rg, d["sources"]),
        "definition": d["definition"],
        "esco": esco_match(rg, n),
        "alternatives": m["alternatives"],
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
    for z in _zones_of(rg, n):
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


def role_skills(rg: RoleGraph, role: str) -> set[str]:
    """Skills a role has: its core skills, the skills its deliverables need, and those its side of a zone covers."""
    skills = set(rg.out(role, "hasCoreSkill")) | set(rg.out(role, "essential")) | set(rg.out(role, "sideCovers"))
    for dl in rg.out(role, "delivers"):
        skills.update(rg.out(dl, "needsSkill"))
    return {s for s in skills if rg.G.nodes[s]["type"] == "skill"}


def _known(rg: RoleGraph, prereq: nx.DiGraph, role: str) -> set[str]:
    """A role's skills plus every prerequisite of them: whoever can do X learned what X needs."""
    have = role_skills(rg, role)
    for s in list(have):
        if s in prereq:
            have.update(nx.ancestors(prereq, s))
    return have


def _role(rg: RoleGraph, name: str) -> dict:
    return resolve(rg, name, types={"role"}, expected="role")


def path(rg: RoleGraph, start: str, goal: str) -> dict:
    """What a person in role ``start`` must learn to work as ``goal``.

    ``learn`` lists the skills in learning order (prerequisites first), none of
    which ``start`` already has; ``bridges`` the overlap zones the move crosses;
    ``hops`` a shortest path between the roles over what they do and need.

    >>> from rolegraph import load
    >>> [b["id"] for b in path(load(), "data-engineer", "ml-engineer")["bridges"]]
    ['zone-feature-engineering']
    """
    a, b = _role(rg, start)["iri"], _role(rg, goal)["iri"]
    if a == b:
        raise BadInputError(f"FROM and TO are the same role ({rg.G.nodes[a]['id']}); give two different roles")
    prereq = _relation_graph(rg, "prerequisiteOf")
    have, want = _known(rg, prereq, a), role_skills(rg, b)
    need = set(want - have)
    for s in list(need):
        if s in prereq:
            need.update(x for x in nx.ancestors(prereq, s) if x not in have)
    order = _learning_order(rg, prereq, need)
    bridges = [z for z, info in rg.zones.items() if a in info["roles"] and b in info["roles"]]
    hops = _hops(rg, a, b)
    for n in hops:
        for z in _zones_of(rg, n):
            if z not in bridges:
                bridges.append(z)
    tools = set()
    for s in need:
        tools.update(t for t in rg.out(s, "usesTool") if rg.G.nodes[t]["type"] == "tool")
    for dl in rg.out(b, "delivers"):
        tools.update(rg.out(dl, "usesTool"))
    have_tools = set()
    for s in have:
        have_tools.update(rg.out(s, "usesTool"))
    for dl in rg.out(a, "delivers"):
        have_tools.update(rg.out(dl, "usesTool"))
    return {
        "from": _plain(rg, a),
        "to": _plain(rg, b),
        "learn": [rg.ref(s) for s in order],
        "already_have": [_plain(rg, s) for s in _by_label(rg, have & want)],
        "tools": [_plain(rg, t) for t in _by_label(rg, tools - have_tools)],
        "bridges": [{**_plain(rg, z), "roles": [rg.G.nodes[r]["id"] for r in rg.zones[z]["roles"]]} for z in bridges],
        "hops": [rg.G.nodes[n]["id"] for n in hops],
    }


def _learning_order(rg: RoleGraph, prereq: nx.DiGraph, need: set[str]) -> list[str]:
    sub = nx.DiGraph()
    sub.add_nodes_from(need)
    sub.add_edges_from((u, v) for u, v in prereq.subgraph(need).edges())
    if not nx.is_directed_acyclic_graph(sub):  # user data may loop; break it deterministically
        sub.remove_edges_from(nx.find_cycle(sub))
        return _learning_order_dag(rg, sub) if nx.is_directed_acyclic_graph(sub) else _by_label(rg, need)
    return _learning_order_dag(rg, sub)


def _learning_order_dag(rg: RoleGraph, sub: nx.DiGraph) -> list[str]:
    """Teaching order: prerequisites first; then foundations before specialisations, never alphabetical.

    A skill's level is its depth in the whole prerequisite graph (the longest
    chain of skills leading up to it), so a foundation comes before a
    specialisation even when the skills between them are already known; within
    a level, the skill more of the path builds on comes first. Label and id only
    break exact ties.
    """
    full = _relation_graph(rg, "prerequisiteOf")
    level = _teaching_levels(rg, full)
    depth: dict[str, int] = {}
    for n in nx.topological_sort(sub):  # keeps every prerequisite before what needs it
        depth[n] = max([level.get(n, 0)] + [depth[p] + 1 for p in sub.predecessors(n)])
    reach = {n: len(nx.descendants(sub, n)) for n in sub}  # within the path: an endpoint's view answers the same
    return sorted(sub.nodes, key=lambda n: (depth[n], -reach[n], rg.G.nodes[n]["label"].casefold(), n))


def _teaching_levels(rg: RoleGraph, full: nx.DiGraph) -> dict[str, int]:
    """Each skill's depth in the whole prerequisite graph (0 for a skill nothing leads up to)."""
    key = ("teaching-levels",)
    levels = rg.cache.get(key)
    if levels is None:
        levels = {}
        if nx.is_directed_acyclic_graph(full):
            for n in nx.topological_sort(full):
                levels[n] = max((levels[p] + 1 for p in full.predecessors(n)), default=0)
        rg.cache[key] = levels
    return levels


def _walk_graph(rg: RoleGraph) -> nx.Graph:
    w = rg.cache.get("walk")
    if w is None:
        w = nx.Graph()
        w.add_nodes_from(rg.G.nodes)
        for u, v, k in rg.G.edges(keys=True):
            if k in TRAVERSABLE:
                weight = 0.5 if k == "sharedBy" else 1.0
                if not w.has_edge(u, v) or w[u][v]["weight"] > weight:
                    w.add_edge(u, v, weight=weight)
        rg.cache["walk"] = w
    return w


#: Above this many nodes, ``hops`` is the path a bidirectional search meets on, not the one whose ids sort first.
EXACT_HOPS_NODES = 5000


def _hops(rg: RoleGraph, a: str, b: str) -> list[str]:
    """A shortest path from ``a`` to ``b``: the one keeping to nodes the article names, then whose ids sort first.

    Found without listing every shortest path: the length comes from a
    bidirectional search, the distances to ``b`` from a search cut off at that
    length, and then each step takes the best node still on a shortest path (an
    article node before a curated one, so two roles meet in the overlap zone the
    article names; then the lowest id). On a taxonomy-sized graph (over
    :data:`EXACT_HOPS_NODES` nodes) that second search alone would take a quarter
    of a second for a long path, so unless the path is short (one zone or one
    node between the roles) the path the bidirectional search found is given
    (deterministic, but not the best one).
    """
    w = _walk_graph(rg)
    try:
        length, found = nx.bidirectional_dijkstra(w, a, b, weight="weight")
    except nx.NetworkXNoPath:
        return []
    if w.number_of_nodes() > EXACT_HOPS_NODES and length > 2.0:
        return found
    to_b = nx.single_source_dijkstra_path_length(w, b, cutoff=length, weight="weight")
    nodes = rg.G.nodes
    hops, here, done = [a], a, 0.0
    while here != b:
        step = min(
            (x for x, e in w[here].items() if x in to_b and abs(done + e["weight"] + to_b[x] - length) < 1e-9),
            key=lambda x: (not article_named(rg, x), nodes[x]["id"]),
        )
        done += w[here][step]["weight"]
        hops.append(step)
        here = step
    return hops


def compare(rg: RoleGraph, first: str, second: str) -> dict:
    """Skills and deliverables two roles share, and what only one of them has."""
    a, b = _role(rg, first)["iri"], _role(rg, second)["iri"]
    if a == b:
        raise BadInputError(f"compare needs two different roles; both names give {rg.G.nodes[a]['id']}")

    def items(r: str) -> set[str]:
        return role_skills(rg, r) | set(rg.out(r, "delivers"))

    ia, ib = items(a), items(b)

    def listing(nodes) -> list[dict]:
        nodes = sorted(nodes, key=lambda n: (rg.G.nodes[n]["type"], rg.G.nodes[n]["label"].casefold(), n))
        return [rg.ref(n) for n in nodes]

    zones = [z for z, info in rg.zones.items() if a in info["roles"] and b in info["roles"]]
    # zone-aware: what either role's side of a shared zone covers is shared work, each side with its part
    in_zone: dict[str, str] = {}
    for z in sorted(zones, key=lambda z: rg.G.nodes[z]["label"]):
        for side in rg.zones[z]["split"]:
            if side["role"] in (a, b):
                for item in side["covers"]:
                    if item in ia | ib and rg.G.nodes[item]["type"] in ("skill", "deliverable"):
                        in_zone.setdefault(item, z)
    shared = (ia & ib) | set(in_zone)

    def shared_listing(nodes) -> list[dict]:
        out = listing(nodes)
        for entry in out:
            n = rg.ids[entry["id"]]
            if n in in_zone:
                entry["zone"] = rg.G.nodes[in_zone[n]]["id"]
                entry["sides"] = {
                    rg.G.nodes[s["role"]]["id"]: s["responsibility"] for s in rg.zones[in_zone[n]]["split"] if s["role"] in (a, b)
                }
        return out

    return {
        "a": _plain(rg, a),
        "b": _plain(rg, b),
        "shared": shared_listing(shared),
        "only_a": listing(ia - shared),
        "only_b": listing(ib - shared),
        "zones": [_zone_answer(rg, z) for z in sorted(zones, key=lambda z: rg.G.nodes[z]["label"])],
        "distinct": b in rg.out(a, "distinctFrom") or a in rg.out(b, "distinctFrom"),
    }


def neighbours(rg: RoleGraph, name: str, *, radius: int = 1, types=None, limit: int | None = None) -> dict:
    """The ego graph of a node: every node within ``radius`` hops, and the edges among them.

    ``types`` keeps only nodes of those types (the centre always stays).
    """
    check_radius(radius)
    wanted = _check_types(types)
    m = resolve(rg, name)
    centre = m["iri"]
    und = rg.G.to_undirected(as_view=True)
    dist = nx.single_source_shortest_path_length(und, centre, cutoff=radius)
    keep = [n for n in dist if n == centre or not wanted or rg.G.nodes[n]["type"] in wanted]
    keep.sort(key=lambda n: (dist[n], rg.G.nodes[n]["type"], rg.G.nodes[n]["label"].casefold(), n))
    total = len(keep)
    if limit is not None and len(keep) > limit:
        keep = keep[:limit]
    kept = set(keep)
    edges = sorted(
        (
            {"source": rg.G.nodes[u]["id"], "target": rg.G.nodes[v]["id"], "relation": k}
            for u, v, k in rg.G.edges(keep, keys=True)
            if v in kept
        ),
        key=lambda e: (e["source"], e["relation"], e["target"]),
    )
    return {
        "centre": rg.ref(centre),
        "radius": radius,
        "nodes": [{**rg.ref(n), "distance": dist[n]} for n in keep],
        "edges": edges,
        "omitted": total - len(keep),
        "alternatives": m["alternatives"],
    }


def check_radius(radius) -> int:
    """``radius`` if it is a whole number from 0 to 6; else :class:`BadInputError`."""
    if not isinstance(radius, int) or isinstance(radius, bool) or not 0 <= radius <= 6:
        raise BadInputError(f"radius must be a whole number from 0 to 6, not {radius!r}")
    return radius


def _check_types(types) -> set[str]:
    if not types:
        return set()
    if isinstance(types, str):
        types = [t for t in types.split(",") if t.strip()]
    wanted = {t.strip().lower().replace("-", "_") for t in types}
    # accept plurals: "skills" → "skill"
    wanted = {t[:-1] if t.endswith("s") and t[:-1] in NODE_TYPES else t for t in wanted}
    bad = sorted(wanted - set(NODE_TYPES))
    if bad:
        raise BadInputError(f"unknown node type {', '.join(bad)}; use any of {', '.join(NODE_TYPES)}")
    return wanted
