"""The standalone interactive page: the selection drawn by :func:`rolegraph.render.html_page`.

vis-network is embedded in the page, so it works offline; labels reach the page
as escaped JSON and are drawn on a canvas. The page credits the article.

Until the explorer's new drawing reaches this branch, the page made by today's
``render.html_page`` is adjusted here so it is legible when it opens: the graph
fills the window instead of a 620 px strip, and when fitting everything would draw
labels under 12 px the view opens on the focus (or the busiest node) at a readable
size, with zoom buttons. Each adjustment applies only where today's page has the
text it replaces, so a page that already does this is left as it is.
"""

from __future__ import annotations

from ..project import RoleGraph
from ..subgraph import Selection

__all__ = ["html"]

_OLD_CSS = "#graph { width: 100%; height: 620px; }"
_NEW_CSS = (
    "#graph { width: 100%; height: calc(100vh - 64px); min-height: 420px; }\n"
    "#zoom { position: fixed; right: 10px; bottom: 10px; display: flex; gap: 4px; }\n"
    "#zoom button { width: 36px; height: 36px; font-size: 18px; border: 1px solid #9ca3af; border-radius: 6px; background: #fff; }"
)
_OLD_NET = "var network = new vis.Network("
_NEW_NET = "var network = window.rolegraphNetwork = new vis.Network("
_OLD_FIT = "      network.fit({animation: false});\n    }"
_NEW_FIT = """      network.fit({animation: false});
      var smallest = Math.min.apply(null, data.nodes.map(function (n) { return (n.font && n.font.size) || 14; }));
      if (network.getScale() * smallest < 12) {
        var start = data.start || data.nodes[0].id;
        network.focus(start, {scale: 14 / smallest, animation: false});
      }
    }"""
_ZOOM = (
    '<div id="zoom"><button type="button" data-act="zoom-in" aria-label="zoom in">+</button>'
    '<button type="button" data-act="zoom-out" aria-label="zoom out">\u2212</button>'
    '<button type="button" data-act="zoom-fit" aria-label="fit the drawing">\u2922</button></div>\n'
)
_ZOOM_JS = """<script>(function () {
  function zoom(f) { var n = window.rolegraphNetwork; n.moveTo({scale: n.getScale() * f, animation: false}); }
  var acts = {"zoom-in": function () { zoom(1.25); }, "zoom-out": function () { zoom(0.8); },
              "zoom-fit": function () { window.rolegraphNetwork.fit({animation: false}); }};
  Object.keys(acts).forEach(function (a) { document.querySelector("[data-act=" + a + "]").onclick = acts[a]; });
})();</script>
"""


def _legible(page: str, start: str | None) -> str:
    """Today's page made to fill the window and open at a readable size (see the module docstring)."""
    if _OLD_CSS not in page or _OLD_NET not in page or _OLD_FIT not in page:
        return page
    page = page.replace(_OLD_CSS, _NEW_CSS).replace(_OLD_NET, _NEW_NET).replace(_OLD_FIT, _NEW_FIT)
    if start:
        page = page.replace('"nodes": [', f'"start": "{start}", "nodes": [', 1)
    return page.replace("</body></html>", _ZOOM + _ZOOM_JS + "</body></html>", 1)


def html(rg: RoleGraph, sel: Selection) -> dict[str, bytes]:
    """One HTML file drawing the selected nodes and the edges among them."""
    from ..render import html_page
    from .material import credit_line

    focus = sel.roles[0] if len(sel.roles) == 1 else sel.zone
    page = html_page(rg, sel.nodes, focus=focus, title=f"rolegraph: {sel.title(rg)}", note=credit_line(rg))
    start = rg.G.nodes[focus]["id"] if focus else None
    if start is None and sel.nodes:  # no focus: open on the node with the most edges in the drawing
        keep = set(sel.nodes)
        start = rg.G.nodes[max(sel.nodes, key=lambda n: (sum(1 for m in rg.G[n] if m in keep), n))]["id"]
    return {"": _legible(page, start).encode("utf-8")}
