"""path: what someone in one role must learn to work as another, in learning order."""

from __future__ import annotations

import networkx as nx

from ..answers import by_label, plain, relation_graph, zones_of
from ..domain import TRAVERSABLE, role_skills
from ..errors import BadInputError, NoResultError
from ..escape import safe
from ..limits import ENV, limits
from ..present import ref
from ..project import RoleGraph
from ..provenance import article_named
from . import distinct, question, role

#: Above this many nodes, ``hops`` is the path a bidirectional search meets on, not the one whose ids sort first.
EXACT_HOPS_NODES = 5000


def _known(rg: RoleGraph, prereq: nx.DiGraph, role: str) -> set[str]:
    """A role's skills plus every prerequisite of them: whoever can do X learned what X needs."""
    have = role_skills(rg, role)
    for s in list(have):
        if s in prereq:
            have.update(nx.ancestors(prereq, s))
    return have


def answer(rg: RoleGraph, a: str, b: str) -> dict:
    """What a person in role ``a`` must learn to work as ``b``.

    ``learn`` lists the skills in learning order (prerequisites first), none of
    which ``a`` already has; ``bridges`` the overlap zones the move crosses;
    ``hops`` a shortest path between the roles over what they do and need.

    >>> import rolegraph
    >>> rg = rolegraph.load()
    >>> [x["id"] for x in answer(rg, rg.ids["data-engineer"], rg.ids["ml-engineer"])["bridges"]]
    ['zone-feature-engineering']
    """
    if a == b:
        raise _same(rg.G.nodes[a]["id"])
    prereq = relation_graph(rg, "prerequisiteOf")
    have, want = _known(rg, prereq, a), role_skills(rg, b)
    need = set(want - have)
    for s in list(need):
        if s in prereq:
            need.update(x for x in nx.ancestors(prereq, s) if x not in have)
    order = _learning_order(rg, prereq, need)
    bridges = [z for z, info in rg.zones.items() if a in info["roles"] and b in info["roles"]]
    hops = _hops(rg, a, b)
    for n in hops:
        for z in zones_of(rg, n):
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
        "from": plain(rg, a),
        "to": plain(rg, b),
        "learn": [rg.ref(s) for s in order],
        "already_have": [plain(rg, s) for s in by_label(rg, have & want)],
        "tools": [plain(rg, t) for t in by_label(rg, tools - have_tools)],
        "bridges": [{**plain(rg, z), "roles": [rg.G.nodes[r]["id"] for r in rg.zones[z]["roles"]]} for z in bridges],
        "hops": [rg.G.nodes[n]["id"] for n in hops],
    }


def _learning_order(rg: RoleGraph, prereq: nx.DiGraph, need: set[str]) -> list[str]:
    sub = nx.DiGraph()
    sub.add_nodes_from(need)
    sub.add_edges_from((u, v) for u, v in prereq.subgraph(need).edges())
    if not nx.is_directed_acyclic_graph(sub):  # user data may loop; break it deterministically
        sub.remove_edges_from(nx.find_cycle(sub))
        return _learning_order_dag(rg, sub) if nx.is_directed_acyclic_graph(sub) else by_label(rg, need)
    return _learning_order_dag(rg, sub)


def _learning_order_dag(rg: RoleGraph, sub: nx.DiGraph) -> list[str]:
    """Teaching order: prerequisites first; then foundations before specialisations, never alphabetical.

    A skill's level is its depth in the whole prerequisite graph (the longest
    chain of skills leading up to it), so a foundation comes before a
    specialisation even when the skills between them are already known; within
    a level, the skill more of the path builds on comes first. Label and id only
    break exact ties.
    """
    full = relation_graph(rg, "prerequisiteOf")
    level = _teaching_levels(rg, full)
    depth: dict[str, int] = {}
    for n in nx.topological_sort(sub):  # keeps every prerequisite before what needs it
        depth[n] = max([level.get(n, 0)] + [depth[p] + 1 for p in sub.predecessors(n)])
    reach = {n: len(nx.descendants(sub, n)) for n in sub}  # within the path: an endpoint's view answers the same
    return sorted(sub.nodes, key=lambda n: (depth[n], -reach[n], rg.G.nodes[n]["label"].casefold(), n))


def _teaching_levels(rg: RoleGraph, full: nx.DiGraph) -> dict[str, int]:
    """Each skill's depth in the whole prerequisite graph (0 for a skill nothing leads up to)."""

    def build():
        levels: dict[str, int] = {}
        if nx.is_directed_acyclic_graph(full):
            for n in nx.topological_sort(full):
                levels[n] = max((levels[p] + 1 for p in full.predecessors(n)), default=0)
        return levels

    return rg.derived("teaching-levels", build, keep=False)


def walk_graph(rg: RoleGraph) -> nx.Graph:
    """The undirected graph a learning path walks: traversable relations, ``sharedBy`` at half weight."""

    def build():
        w = nx.Graph()
        w.add_nodes_from(rg.G.nodes)
        for u, v, k in rg.G.edges(keys=True):
            if k in TRAVERSABLE:
                weight = 0.5 if k == "sharedBy" else 1.0
                if not w.has_edge(u, v) or w[u][v]["weight"] > weight:
                    w.add_edge(u, v, weight=weight)
        return w

    return rg.derived("walk", build, keep=False)


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
    w = walk_graph(rg)
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


def footprint(remote, a: str, b: str) -> RoleGraph:
    """Both roles, their deliverables and skills with every prerequisite, the tools of those, the zones
    the roles share, and every node of a shortest walk (with the zones around all of them)."""
    delivered, skills = remote.role_reach({a, b})
    skills = remote.closure(skills, {"prerequisiteOf"})
    tools = {y for _, _, y in remote.links(skills | delivered, {"usesTool"}, into=False)}
    zones = {y for _, _, y in remote.links({a, b}, {"sharedBy"}, out=False)}
    walk = walk_balls(a, b, lambda frontier: walk_step(remote, frontier))
    return remote.projected(remote.fetch(remote.zone_closure({a, b} | delivered | skills | tools | zones | walk)))


def walk_balls(a: str, b: str, step) -> set[str]:
    """Every node on a shortest walk from ``a`` to ``b`` (and more), found by a two-sided search.

    ``step(frontier)`` gives ``(node, neighbour, weight)`` for the walkable edges at the frontier
    (:func:`walk_step` on an endpoint). Weights are counted in half steps (``sharedBy`` 1, other
    walkable relations 2), as in :func:`walk_graph`. The side with the smaller
    frontier grows first, one half step at a time; once the two radii add up to
    the best walk known, every node of every shortest walk is within its radius of
    one end. When one side has reached all it can without meeting the other,
    there is no walk (an empty set). The search is bounded: past
    ``ROLEGRAPH_MAX_PATH_NODES`` nodes reached it stops with :class:`NoResultError`.
    """
    dist = {a: {a: 0}, b: {b: 0}}
    radius = {a: -1, b: -1}
    cap = limits().max_path_nodes
    while True:
        common = dist[a].keys() & dist[b].keys()
        best = min((dist[a][x] + dist[b][x] for x in common), default=None)
        if best is not None and radius[a] + radius[b] >= best:
            return {n for e in (a, b) for n, d in dist[e].items() if d <= radius[e]}
        pending = {e: [d for d in dist[e].values() if d > radius[e]] for e in (a, b)}
        if best is None and (not pending[a] or not pending[b]):
            return set()  # one side reached all it can and never met the other
        end = min((e for e in (a, b) if pending[e]), key=lambda e: (len(pending[e]), e == b))
        t = radius[end] + 1
        frontier = [n for n, d in dist[end].items() if d == t]
        for n, m, w in step(frontier):
            d = dist[end][n] + w
            if d < dist[end].get(m, d + 1):
                dist[end][m] = d
        radius[end] = t
        if len(dist[a]) + len(dist[b]) > cap:
            raise NoResultError(
                f"no walk found among the first {cap:,} nodes reached from both roles; set {ENV['max_path_nodes']} higher to search further"
            )


def walk_step(remote, frontier) -> list[tuple[str, str, int]]:
    """The walkable edges out of ``frontier`` on the endpoint, each ``(node, neighbour, weight in half steps)``."""
    if not frontier:
        return []
    steps = {}
    for x, rel, y in remote.links(frontier, TRAVERSABLE):
        w = 1 if rel == "sharedBy" else 2
        if x != y and w < steps.get((x, y), 3):
            steps[(x, y)] = w
    for x, y, _ in remote.side_links(frontier):
        if x != y and (x, y) not in steps:
            steps[(x, y)] = 2
    return [(x, y, w) for (x, y), w in sorted(steps.items())]


def _same(role_id: str) -> BadInputError:
    return BadInputError(f"FROM and TO are the same role ({role_id}); give two different roles")


def text(r: dict) -> str:
    lines = [safe(f"From {ref(r['from'])} to {ref(r['to'])}, learn in this order:")]
    lines += [safe(f"{i:3}. {x['label']} ({x['id']})") for i, x in enumerate(r["learn"], 1)] or ["  nothing: the skills are already there"]
    if r["tools"]:
        lines.append(safe("tools: " + ", ".join(t["label"] for t in r["tools"])))
    if r["bridges"]:
        lines.append(safe("bridges: " + ", ".join(b["label"] for b in r["bridges"])))
    lines.append(safe("hops: " + " → ".join(r["hops"])))
    return "\n".join(lines)


QUESTION = question(
    __name__,
    name="path",
    help="What someone in role FROM must learn to work as role TO, in order.",
    example="rolegraph path data-engineer ml-engineer",
    names=(role("start", "starting role", "FROM"), role("to", "target role", "TO")),
    check_nodes=distinct(_same),
    exit_code=lambda r: 0 if r["hops"] else 1,
    tab="Learning path",
)
