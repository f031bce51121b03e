"""The explorer's pieces of HTML, CSS and JavaScript, as plain text (the page in ``app.py`` shows them): tables that
wrap their text, matches in other taxonomies by name, the need headline, and the drawing component's script and data.

Nothing here imports Streamlit; every value put into HTML is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from ..domain import source_name
from ..need_display import flag_text, verdict_text
from ..render import DRAW_JS, ZOOM_BUTTONS, legend_html, vis_assets

__all__ = ["COMPONENT_CSS", "PAGE_CSS", "component_data", "component_js", "matches_html", "need_headline", "table_html"]

#: The page's own CSS: wrapping tables; on a narrow window the tabs scroll.
PAGE_CSS = """
<style>
div.block-container { padding-top: 3.8rem; }
h1#rolegraph-explorer { font-size: 1.9rem; padding: 0 0 0.4rem; }
.rg-table { border-collapse: collapse; width: 100%; font-size: 0.9rem; margin: 2px 0 10px; }
.rg-table th { text-align: left; font-weight: 600; border-bottom: 1px solid #d1d5db; padding: 3px 6px; }
.rg-table td { vertical-align: top; border-bottom: 1px solid #f3f4f6; padding: 3px 6px; white-space: normal;
               overflow-wrap: anywhere; }
@media (max-width: 640px) {
  div[data-baseweb="tab-list"] { overflow-x: auto; }
}
</style>
"""

#: The drawing component's CSS (beside vis-network's own).
COMPONENT_CSS = """
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


def component_js() -> str:
    """The drawing component's module: vis-network drawing code, the zoom buttons and the swap-in of a new drawing."""
    return f"{DRAW_JS}\nconst ZOOM = {ZOOM_BUTTONS!r};\n{_MODULE}"


def component_data(drawing: dict, *, caption: str, height: int, with_lib: bool) -> dict:
    """What one run sends the drawing component: the drawing, its legend and caption, and vis-network when the
    browser page does not hold it yet (``with_lib``)."""
    data = {
        "drawing": {k: drawing[k] for k in ("nodes", "edges", "options", "start")},
        "legend": legend_html(drawing["legend"]),
        "caption": caption,
        "height": height,
    }
    if with_lib:
        data["lib"] = vis_assets()[0]
    return data


def table_html(rows: Sequence[Mapping], head: Mapping[str, str] | None = None) -> str:
    """Rows as an HTML table whose cells wrap (every value escaped); ``head`` renames columns."""
    if not rows:
        return ""
    cols = list(rows[0])
    names = [(head or {}).get(c, c) for c in cols]
    out = ['<table class="rg-table">']
    if any(names):
        out.append("<tr>" + "".join(f"<th>{html.escape(str(n))}</th>" for n in names) + "</tr>")
    for r in rows:
        out.append("<tr>" + "".join(f"<td>{html.escape(str(r.get(c, '')))}</td>" for c in cols) + "</tr>")
    out.append("</table>")
    return "".join(out)


def matches_html(matches: Sequence[str], rg) -> str:
    """A node's matches in other taxonomies, by name when the loaded graph has them, each linked."""
    if not matches:
        return "Matches in other taxonomies: none known"
    parts = []
    for iri in matches:
        kind, _, code = iri.rstrip("/").rpartition("/")
        name = rg.G.nodes[iri]["label"] if iri in rg.G else f"{kind.rpartition('/')[2]} {code[:8]} (not loaded here)"
        parts.append(
            f'<a href="{html.escape(iri, quote=True)}" target="_blank" rel="noopener">{html.escape(name)}</a> ({source_name(iri)})'
        )
    return "Matches in other taxonomies: " + ", ".join(parts)


def need_headline(ans: Mapping) -> str:
    """One line that agrees with the answer's flags: three jobs, two jobs, else the analyser's verdict."""
    flags = set(ans.get("flags", ()))
    ranking = [r for r in ans.get("ranking", []) if r["score"] > 0]
    if not ranking:
        return verdict_text(ans)
    if "spans-all-three" in flags:
        return "Three jobs in one posting: " + flag_text("spans-all-three").split(": ", 1)[-1]
    if "two-roles" in flags:
        deep = [r["label"] for r in ranking if r.get("deep")][:2] or [r["label"] for r in ranking[:2]]
        return f"Two jobs in one posting: {' and '.join(deep)}."
    return verdict_text(ans)
