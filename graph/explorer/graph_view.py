"""The explorer's drawing: a Streamlit ``components.v2`` component that draws :func:`rolegraph.render.drawing` data
with the embedded vis-network, and sends a clicked node's id back to Python without reloading the page.

The component is defined once per process; each run passes the drawing as ``data``
and the script in the page swaps it in (the page, its scroll position and the other
widgets stay).
"""

from __future__ import annotations

import streamlit as st

from ..render import DRAW_JS, ZOOM_BUTTONS, legend_html, vis_assets

__all__ = ["graph"]

_CSS = """
.rg-root { position: relative; font-family: system-ui, sans-serif; }
.rg-bar { display: flex; flex-wrap: wrap; gap: 2px 12px; align-items: center; font-size: 13px; padding: 2px 2px 6px; }
.rg-bar .sym { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
.rg-bar .note { color: #6b7280; }
.rg-graph { width: 100%; border: 1px solid #e5e7eb; border-radius: 6px; background: #fff; }
.rg-top { display: flex; align-items: flex-start; gap: 8px; }
.rg-top .rg-bar { flex: 1; }
#zoom { display: flex; gap: 4px; padding-bottom: 4px; }
#zoom button { width: 36px; height: 36px; font-size: 18px; border: 1px solid #9ca3af; border-radius: 6px;
               background: #fff; color: #111827; cursor: pointer; }
div.vis-tooltip { position: absolute; white-space: pre-wrap; max-width: 360px; font-size: 13px; padding: 5px;
                  background: #fffbe6; border: 1px solid #d1d5db; border-radius: 4px; box-shadow: 2px 2px 6px rgba(0,0,0,.15);
                  pointer-events: none; z-index: 5; }
"""

_MODULE = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  window.rolegraphRenderAt = performance.now();
  if (!globalThis.vis) {
    if (!data.lib) { setTriggerValue("missing_lib", true); return function () {}; }
    (0, eval)(data.lib);  // vis-network, sent once per session (the page keeps it)
  }
  let root = parentElement.querySelector(".rg-root");
  if (!root) {
    root = document.createElement("div");
    root.className = "rg-root";
    root.innerHTML = '<div class="rg-top"><div class="rg-bar"></div>' + ZOOM + '</div><div class="rg-graph"></div>';
    parentElement.appendChild(root);
  }
  const box = root.querySelector(".rg-graph");
  box.style.height = (data.height || 600) + "px";
  const bar = root.querySelector(".rg-bar");
  bar.innerHTML = data.legend;  // built by Python from escaped names
  const note = document.createElement("span");
  note.className = "note";
  note.textContent = data.caption;
  bar.appendChild(note);
  box.removeAttribute("data-drawn");
  const started = performance.now();
  // The click handler is bound once per canvas; it always sends through this run's component.
  root.rgSend = function (id) {
    window.rolegraphClickedAt = performance.now();
    setTriggerValue("clicked", id);
  };
  let network = root.rgNetwork;
  if (network && root.contains(network.canvas.frame)) {
    network.rolegraphSet(data.drawing);
  } else {
    network = rolegraphDraw(globalThis.vis, box, root, data.drawing, function (id) { root.rgSend(id); });
  }
  network.once("afterDrawing", function () {
    window.rolegraphDrawnAt = performance.now();
    box.setAttribute("data-ids", data.drawing.nodes.map(function (n) { return n.id; }).sort().join(","));
    box.setAttribute("data-draw-ms", String(Math.round(performance.now() - started)));
  });
  root.rgNetwork = network;
  window.rolegraphNetwork = network;
  return function () {};
}
"""


@st.cache_resource
def _component():
    _, css = vis_assets()
    module = f"{DRAW_JS}\nconst ZOOM = {ZOOM_BUTTONS!r};\n{_MODULE}"
    return st.components.v2.component("rolegraph.graph", js=module, css=css + _CSS, isolate_styles=False)


def graph(drawing: dict, *, caption: str, height: int = 600, key: str = "graph", on_click=None) -> str | None:
    """Draw ``drawing`` (from :func:`rolegraph.render.drawing`); returns the id of a node clicked in this run, if any.

    ``on_click`` runs before the rerun a click starts (put the focus change there, so
    the widgets built after it show it).
    """
    data = {
        "drawing": {k: drawing[k] for k in ("nodes", "edges", "options", "start")},
        "legend": legend_html(drawing["legend"]),
        "caption": caption,
        "height": height,
    }
    if not st.session_state.get("rolegraph_lib_sent"):
        data["lib"] = vis_assets()[0]  # once per session: the browser page keeps it
        st.session_state["rolegraph_lib_sent"] = True
    result = _component()(
        key=key, data=data, height=height + 76, on_clicked_change=on_click or (lambda: None), on_missing_lib_change=_resend
    )
    return getattr(result, "clicked", None)


def _resend() -> None:
    """The page lost vis-network (a reconnect): send it again on this run."""
    st.session_state["rolegraph_lib_sent"] = False
