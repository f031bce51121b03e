"""neighbours: the nodes within a number of hops of one node, and the edges among them."""

from __future__ import annotations

import networkx as nx

from ..domain import NODE_TYPES, check_types
from ..errors import BadInputError
from ..present import table
from ..project import RoleGraph
from . import Name, Option, question


def check_radius(radius) -> int:
    """``radius`` if it is a whole number from 0 to 6; else :class:`BadInputError`."""
    if not isinstance(radius, int) or isinstance(radius, bool) or not 0 <= radius <= 6:
        raise BadInputError(f"radius must be a whole number from 0 to 6, not {radius!r}")
    return radius


def check(*, radius: int = 1, types=None, limit: int | None = None) -> dict:
    check_radius(radius)
    check_types(types)
    return {"radius": radius, "types": types, "limit": limit}


def answer(rg: RoleGraph, centre: str, *, radius: int = 1, types=None, limit: int | None = None) -> dict:
    """The ego graph of ``centre``: every node within ``radius`` hops, and the edges among them.

    ``types`` keeps only nodes of those types (the centre always stays).
    """
    check_radius(radius)
    wanted = check_types(types)
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
    }


def footprint(remote, centre: str, *, radius: int = 1, **_) -> RoleGraph:
    """Every node within ``radius`` edges of the centre."""
    return remote.view(extra=remote.ball(centre, radius))


def text(r: dict) -> str:
    rows = [[n["distance"], n["type"], n["id"], n["label"]] for n in r["nodes"]]
    s = table(rows, ["hops", "type", "id", "label"]) + f"\n{len(r['edges'])} edges"
    if r["omitted"]:
        s += f"; {r['omitted']} nodes left out (--limit)"
    return s


QUESTION = question(
    __name__,
    name="neighbours",
    help="The nodes within RADIUS hops of a node.",
    example="rolegraph neighbours ml-engineer --radius 1 --types deliverable,skill",
    names=(Name("name", "id, label or synonym of the centre node"),),
    options=(
        Option(("--radius",), {"type": int, "default": 1, "help": "hops from the node (0-6, default 1)"}),
        Option(("--types",), {"default": None, "help": "comma-separated node types to keep: " + ",".join(NODE_TYPES)}),
        Option(("--limit",), {"type": int, "default": None, "help": "at most this many nodes"}),
    ),
    check=check,
    alternatives=True,
)
