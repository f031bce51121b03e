"""roles: every role with its primary output, in spectrum order."""

from __future__ import annotations

from ..domain import role_order
from ..present import table
from ..project import RoleGraph
from . import question


def answer(rg: RoleGraph) -> dict:
    """Every role with its primary output, in spectrum order.

    >>> import rolegraph
    >>> [r["id"] for r in answer(rolegraph.load())["roles"]][:3]
    ['data-engineer', 'ml-engineer', 'ai-engineer']
    """
    out = []
    for r in sorted(rg.of_type("role"), key=lambda r: role_order(rg, r)):
        d = rg.G.nodes[r]
        out.append({"id": d["id"], "label": d["label"], "primary_output": d["primary_output"] or ""})
    return {"roles": out}


def footprint(remote) -> RoleGraph:
    """Every role, with its labels and primary output."""
    from ..project import project

    return project(remote.fetch_light(remote.all_of("role")))


def text(r: dict) -> str:
    return table([[x["id"], x["label"], x["primary_output"]] for x in r["roles"]], ["id", "label", "primary output"])


QUESTION = question(
    __name__,
    name="roles",
    help="List the roles with their primary output.",
    example="rolegraph roles --json",
    exit_code=lambda r: 0 if r["roles"] else 1,
)
