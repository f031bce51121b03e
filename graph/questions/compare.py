"""compare: the skills and deliverables two roles share, and what only one of them has."""

from __future__ import annotations

from ..answers import plain, zone_answer
from ..domain import role_skills
from ..errors import BadInputError
from ..escape import safe
from ..present import split_rows
from ..project import RoleGraph
from . import distinct, question, role


def answer(rg: RoleGraph, a: str, b: str) -> dict:
    """Skills and deliverables roles ``a`` and ``b`` share, what only one has, and the zones they share."""
    if a == b:
        raise _same(rg.G.nodes[a]["id"])

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
        "a": plain(rg, a),
        "b": plain(rg, b),
        "shared": shared_listing(shared),
        "only_a": listing(ia - shared),
        "only_b": listing(ib - shared),
        "zones": [zone_answer(rg, z) for z in sorted(zones, key=lambda z: rg.G.nodes[z]["label"])],
        "distinct": b in rg.out(a, "distinctFrom") or a in rg.out(b, "distinctFrom"),
    }


def footprint(remote, a: str, b: str) -> RoleGraph:
    """Both roles, their deliverables and skills, the roles they are told apart from, and the zones they share."""
    delivered, skills = remote.role_reach({a, b})
    others = {y for _, _, y in remote.links({a, b}, {"distinctFrom"})}
    zones = {y for _, _, y in remote.links({a, b}, {"sharedBy"}, out=False)}
    return remote.projected(remote.fetch(remote.zone_closure({a, b} | delivered | skills | others | zones)))


def _same(role_id: str) -> BadInputError:
    return BadInputError(f"compare needs two different roles; both names give {role_id}")


def text(r: dict) -> str:
    lines = []
    for key, title in (("shared", "shared"), ("only_a", f"only {r['a']['label']}"), ("only_b", f"only {r['b']['label']}")):
        lines.append(safe(f"{title} ({len(r[key])}):"))
        lines += [safe(f"  {x['type']:<12} {x['label']}" + (f"  [in {x['zone']}]" if x.get("zone") else "")) for x in r[key]] or ["  -"]
    lines.append(safe("zones: " + (", ".join(z["label"] for z in r["zones"]) or "none")))
    for z in r["zones"]:  # each side's part of a shared zone
        lines += [safe(f"  {z['label']}, {s['role']}: {s['its side']}") for s in split_rows(z)]
    return "\n".join(lines)


QUESTION = question(
    __name__,
    name="compare",
    help="Skills and deliverables two roles share, and what only one has.",
    example="rolegraph compare data-engineer ml-engineer",
    names=(role("a", "first role", "A"), role("b", "second role", "B")),
    check_nodes=distinct(_same),
    tab="Compare roles",
)
