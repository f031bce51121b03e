"""The standalone interactive page: the selection drawn by :func:`graph.render.html_page`.

vis-network is embedded in the page, so it works offline; labels reach the page
as escaped JSON and are drawn on a canvas.
"""

from __future__ import annotations

from ..project import RoleGraph
from ..subgraph import Selection

__all__ = ["html"]


def html(rg: RoleGraph, sel: Selection) -> dict[str, bytes]:
    """One HTML file drawing the selected nodes and the edges among them."""
    from ..render import html_page
    from .material import credit_line

    focus = sel.roles[0] if len(sel.roles) == 1 else sel.zone
    page = html_page(rg, sel.nodes, focus=focus, title=f"rolegraph: {sel.title(rg)}", note=credit_line(rg))
    return {"": page.encode("utf-8")}
