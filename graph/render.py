"""Draw part of a RoleGraph: the drawing's data (:func:`drawing`), a standalone HTML page (:func:`html_page`),
and the Compare picture as SVG (:func:`venn_svg`).

The drawing is vis-network data: every node a box holding its wrapped label, at a
position from :mod:`rolegraph.layout` (the article's map, columns around a focus,
or a learning roadmap), physics off, edges titled in plain words ("Data engineer
delivers Ingestion pipelines"). The page embeds the vis-network copy in
``graph/assets`` (no CDN, no pyvis needed), with zoom in, zoom out and fit buttons.
The explorer draws the same data in its own component.

Every text from the graph reaches the page either as a JSON string that
vis-network draws on a canvas or shows with ``innerText`` (tooltips), with
``<``, ``>`` and ``&`` escaped so nothing can close the script element, or
through :func:`html.escape`. A label such as ``</script><img src=x>`` is shown
as text.

>>> from rolegraph import load
>>> rg = load()
>>> page = html_page(rg, [rg.ids["data-engineer"], rg.ids["zone-feature-engineering"]])
>>> import re
>>> page.startswith("<!DOCTYPE html>"), re.findall(r"(?:src|href)=.?https?:", page)
(True, [])
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable, Mapping
from functools import cache
from itertools import pairwise
from pathlib import Path

from . import layout
from .domain import KIND_STYLES, UNKNOWN_STYLE, relation_text, source_name
from .project import RoleGraph

__all__ = ["EDGE_STYLES", "TYPE_STYLES", "drawing", "html_page", "legend", "safe_json", "venn_svg", "vis_assets"]

#: node kind → (legend name, colour, vis-network shape, legend symbol): the domain model's table.
TYPE_STYLES = KIND_STYLES
_UNKNOWN_STYLE = UNKNOWN_STYLE

#: relation → vis-network edge options beyond the default thin grey arrow
EDGE_STYLES: dict[str, dict] = {
    "sharedBy": {"color": {"color": "#b91c1c"}, "width": 3, "dashes": True},
    "sideCovers": {"color": {"color": "#f97316"}, "width": 2, "dashes": [2, 4]},
    "distinctFrom": {"color": {"color": "#9ca3af"}, "dashes": [8, 4]},
    "notResponsibleFor": {"color": {"color": "#9ca3af"}, "dashes": [8, 4]},
    "prerequisiteOf": {"color": {"color": "#0f766e"}, "width": 2},
}
_HIGHLIGHT = "#e11d48"
_ASSETS = Path(__file__).with_name("assets")


@cache
def vis_assets() -> tuple[str, str]:
    """(script, stylesheet) of the vis-network copy in ``graph/assets``."""
    js = _ASSETS / "vis-network.min.js"
    if not js.is_file():
        raise FileNotFoundError(f"{js} is missing: reinstall rolegraph (the package ships vis-network)")
    return js.read_text(encoding="utf-8"), (_ASSETS / "vis-network.css").read_text(encoding="utf-8")


def safe_json(obj) -> str:
    """JSON that can sit inside a <script> element: no ``<``, ``>`` or ``&`` left raw."""
    text = json.dumps(obj, ensure_ascii=True, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _tint(colour: str, amount: float = 0.82) -> str:
    """``colour`` mixed with white (a light fill for dark text)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in (r, g, b))


def _tooltip(rg: RoleGraph, n: str) -> str:
    d = rg.G.nodes[n]
    name, *_ = KIND_STYLES.get(d["type"], UNKNOWN_STYLE)
    lines = [d["label"], f"{name} · from {source_name(n)}"]
    if d["type"] == "overlap_zone" and n in rg.zones:
        shared = ", ".join(rg.G.nodes[r]["label"] for r in rg.zones[n]["roles"])
        lines.append(f"shared by: {shared}")
    if d.get("definition"):
        text = d["definition"]
        lines.append(text if len(text) <= 300 else text[:297] + "...")
    if d.get("sources"):
        lines.append(
            "source: curated" if d.get("curated") else "source: " + ", ".join(rg.sources.get(s, {}).get("label", s) for s in d["sources"])
        )
    lines.append("click to focus on it")
    return "\n".join(lines)


def _positions(rg: RoleGraph, nodes: list[str], focus, sources, order) -> dict:
    if order:
        steps = [n for n in order if n in rg.G]
        roles = [n for n in steps if rg.G.nodes[n]["type"] == "role"]
        start = roles[0] if roles and steps[0] == roles[0] else None
        goal = roles[-1] if roles and steps[-1] == roles[-1] and roles[-1] != start else None
        middle = [n for n in steps if n not in (start, goal)]
        have = [n for n in nodes if n not in set(steps)]
        return layout.roadmap(rg, middle, start=start, goal=goal, have=have)
    if not focus and not sources and layout.is_map(rg, nodes):
        return layout.article_map(rg, nodes)
    return layout.layered(rg, nodes, [focus] if focus else list(sources), focus=focus)


def drawing(
    rg: RoleGraph,
    nodes: Iterable[str],
    *,
    focus: str | None = None,
    highlight: Iterable[str] = (),
    sources: Iterable[str] = (),
    order: Iterable[str] = (),
    had: Iterable[str] = (),
    physics: bool = False,
) -> dict:
    """The vis-network data drawing ``nodes`` (IRIs) and the edges among them: ``{"nodes", "edges", "options",
    "legend"}``, positions included, the same for the same input.

    Laid out as the article's map when the nodes are roles, zones and deliverables and
    nothing is focused; as columns around ``focus`` (or ``sources``, or the roles)
    otherwise; as a roadmap when ``order`` gives a learning path's steps in order (they
    are numbered; drawn nodes not in ``order`` are drawn apart, and those in ``had``, what
    the learner already has, muted). ``highlight`` (IRIs, in path order) gets a red border, and the
    edges joining consecutive highlighted nodes turn red.
    """
    nodes = sorted(dict.fromkeys(n for n in nodes if n in rg.G), key=lambda n: rg.G.nodes[n]["id"])
    focus = focus if focus in rg.G else None
    order = [n for n in dict.fromkeys(order) if n in set(nodes)]
    numbered = {n: i for i, n in enumerate((n for n in order if rg.G.nodes[n]["type"] != "role"), 1)}
    muted = set(had) & set(nodes)
    pos = _positions(rg, nodes, focus, list(sources), order)
    marked = set(highlight)
    steps = {frozenset(pair) for pair in pairwise(list(highlight))}
    out_nodes = []
    for n in nodes:
        d = rg.G.nodes[n]
        _, colour, _, _ = KIND_STYLES.get(d["type"], UNKNOWN_STYLE)
        label = layout.wrap(d["label"])
        if n in numbered:
            label = f"{numbered[n]}. {label}"
        size = layout.font_size(rg, n, focus)
        strong = d["type"] == "role" or n == focus
        x, y = pos.get(n, (0.0, 0.0))
        item = {
            "id": d["id"],
            "label": label,
            "title": _tooltip(rg, n),
            "group": d["type"],
            "shape": "box",
            "margin": layout.MARGIN,
            "color": {"background": colour if strong else _tint(colour), "border": colour},
            "font": {"size": size, "color": "#ffffff" if strong else "#111827", "face": "arial", "align": "center"},
            "x": x,
            "y": y,
            "borderWidth": 2,
            "shapeProperties": {"borderRadius": 2 if d["type"] == "role" else 8},
        }
        if n in muted:
            item["color"] = {"background": "#f3f4f6", "border": "#9ca3af"}
            item["font"]["color"] = "#4b5563"
            item["title"] = "you already have this\n" + item["title"]
        if n in marked:
            item["borderWidth"] = 4
            item["color"] = {**item["color"], "border": _HIGHLIGHT}
        if n == focus:
            item["borderWidth"] = 5
        out_nodes.append(item)
    kept = set(nodes)
    ordered = sorted(
        ((u, v, k, data) for u, v, k, data in rg.G.edges(nodes, keys=True, data=True) if v in kept),
        key=lambda e: (rg.G.nodes[e[0]]["id"], e[2], rg.G.nodes[e[1]]["id"]),
    )
    out_edges = []
    for i, (u, v, k, data) in enumerate(ordered):
        title = f"{rg.G.nodes[u]['label']} {relation_text(k)} {rg.G.nodes[v]['label']}"
        if data.get("zone"):
            title += f" (in the zone {rg.G.nodes[data['zone']]['label']})"
        edge = {"id": f"e{i}", "from": rg.G.nodes[u]["id"], "to": rg.G.nodes[v]["id"], "title": title, "arrows": "to", "relation": k}
        edge.update(EDGE_STYLES.get(k, {"color": {"color": "#b6bcc6"}}))
        if frozenset((u, v)) in steps:
            edge.update({"color": {"color": _HIGHLIGHT}, "width": 5})
        out_edges.append(edge)
    options = {
        "physics": {"enabled": bool(physics), "stabilization": {"enabled": False}, "barnesHut": {"springLength": 160}},
        "layout": {"improvedLayout": False},
        "edges": {"smooth": False, "font": {"size": 10}, "hoverWidth": 2},
        "nodes": {"font": {"size": 16, "multi": False}},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "keyboard": False},
    }
    start = focus or next((n for n in (*order, *nodes) if rg.G.nodes[n]["type"] == "role"), nodes[0] if nodes else None)
    return {
        "nodes": out_nodes,
        "edges": out_edges,
        "options": options,
        "legend": legend(rg, nodes),
        "start": rg.G.nodes[start]["id"] if start else None,
    }


def legend(rg: RoleGraph, nodes: Iterable[str]) -> list[dict]:
    """The kinds present among ``nodes``, in the domain's order: ``[{"kind", "name", "colour"}]``."""
    present = {rg.G.nodes[n]["type"] for n in nodes if n in rg.G}
    kinds = [k for k in KIND_STYLES if k in present] + sorted(present - set(KIND_STYLES))
    return [{"kind": k, "name": KIND_STYLES.get(k, UNKNOWN_STYLE)[0], "colour": KIND_STYLES.get(k, UNKNOWN_STYLE)[1]} for k in kinds]


_CSS = """
html, body { margin: 0; padding: 0; font-family: system-ui, sans-serif; background: #fff; }
#bar { display: flex; flex-wrap: wrap; gap: 4px 14px; align-items: center; padding: 6px 8px; font-size: 13px;
       border-bottom: 1px solid #e5e7eb; }
#bar .sym { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
#bar h1 { font-size: 14px; margin: 0 10px 0 0; }
#bar .note { color: #6b7280; }
#graph { width: 100%; height: calc(100vh - 48px); min-height: 420px; }
#zoom { display: flex; gap: 4px; margin-left: auto; }
#zoom button { width: 34px; height: 34px; font-size: 18px; border: 1px solid #9ca3af; border-radius: 6px;
               background: #fff; cursor: pointer; }
div.vis-tooltip { white-space: pre-wrap; max-width: 360px; font-size: 13px; }
"""

#: Draws ``data`` (from :func:`drawing`) into ``container`` and wires the zoom buttons found in ``root``.
DRAW_JS = """
function rolegraphDraw(vis, container, root, data, onClick) {
  var network = new vis.Network(container, {nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)}, data.options);
  // Fit the boxes themselves, with a few pixels to spare (vis-network's own fit leaves a 10 % margin).
  function fit() {
    var ids = network.body.nodeIndices, canvas = container.querySelector("canvas");
    if (!ids.length || !canvas) return;
    var l = Infinity, t = Infinity, r = -Infinity, b = -Infinity;
    ids.forEach(function (id) {
      var bb = network.getBoundingBox(id);
      l = Math.min(l, bb.left); t = Math.min(t, bb.top); r = Math.max(r, bb.right); b = Math.max(b, bb.bottom);
    });
    var scale = Math.min((canvas.clientWidth - 16) / (r - l), (canvas.clientHeight - 16) / (b - t), 1.25);
    network.moveTo({position: {x: (l + r) / 2, y: (t + b) / 2}, scale: scale, animation: false});
  }
  var fitted = false;
  network.on("afterDrawing", function () {
    var canvas = container.querySelector("canvas");
    if (canvas && canvas.width > 0 && !fitted) {
      fitted = true;
      fit();
      // Too small to read once fitted (a narrow window): show the start node at a readable size instead.
      var smallest = Math.min.apply(null, data.nodes.map(function (n) { return (n.font && n.font.size) || 14; }));
      if (data.start && network.getScale() * smallest < 10) network.focus(data.start, {scale: 12 / smallest, animation: false});
      container.setAttribute("data-drawn", String(canvas.width));
    }
  });
  function zoom(f) { network.moveTo({scale: network.getScale() * f, animation: false}); }
  var buttons = {"zoom-in": function () { zoom(1.25); }, "zoom-out": function () { zoom(0.8); }, "zoom-fit": fit};
  Object.keys(buttons).forEach(function (name) {
    var b = root.querySelector("[data-act=" + name + "]");
    if (b) b.onclick = buttons[name];
  });
  if (onClick) network.on("click", function (params) { if (params.nodes.length) onClick(String(params.nodes[0])); });
  network.rolegraphFit = fit;
  // A new drawing in the same canvas (the explorer's next view): no new canvas, no new listeners.
  network.rolegraphSet = function (next) {
    data = next;
    fitted = false;
    network.setOptions(next.options);
    network.setData({nodes: new vis.DataSet(next.nodes), edges: new vis.DataSet(next.edges)});
  };
  return network;
}
"""

_PAGE_JS = """
(function () {
  var data = JSON.parse(document.getElementById("rg-data").textContent);
  var container = document.getElementById("graph");
  var network = rolegraphDraw(vis, container, document, data, null);
  network.on("afterDrawing", function () {
    if (container.hasAttribute("data-drawn")) document.body.setAttribute("data-drawn", container.getAttribute("data-drawn"));
  });
  window.addEventListener("resize", function () { network.redraw(); network.rolegraphFit(); });
  var toggle = document.getElementById("physics");
  toggle.addEventListener("change", function () { network.setOptions({physics: {enabled: toggle.checked}}); });
  window.rolegraphNetwork = network;
})();
"""

ZOOM_BUTTONS = (
    '<div id="zoom"><button type="button" data-act="zoom-in" title="zoom in" aria-label="zoom in">+</button>'
    '<button type="button" data-act="zoom-out" title="zoom out" aria-label="zoom out">−</button>'
    '<button type="button" data-act="zoom-fit" title="fit the drawing" aria-label="fit the drawing">⤢</button></div>'
)


def legend_html(items: list[dict]) -> str:
    """The legend as HTML spans (names escaped)."""
    return "".join(
        f'<span class="key"><span class="sym" style="background:{i["colour"]}"></span>{html.escape(i["name"])}</span>' for i in items
    )


def html_page(
    rg: RoleGraph,
    nodes: Iterable[str],
    *,
    focus: str | None = None,
    highlight: Iterable[str] = (),
    physics: bool = False,
    title: str = "rolegraph",
    note: str = "",
    order: Iterable[str] = (),
) -> str:
    """A complete standalone HTML document drawing ``nodes`` (IRIs) and the edges among them (see :func:`drawing`).

    ``note`` is a line of text shown in the legend bar ("40 nodes left out").
    """
    data = drawing(rg, nodes, focus=focus, highlight=highlight, physics=physics, order=order)
    payload = safe_json({k: data[k] for k in ("nodes", "edges", "options", "start")})
    js, css = vis_assets()
    checked = " checked" if physics else ""
    counts = f"{len(data['nodes'])} nodes, {len(data['edges'])} edges"
    extra = f' <span class="note">{html.escape(note)}</span>' if note else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:\">\n"
        f"<title>{html.escape(title)}</title>\n"
        f"<style>{css}</style>\n<style>{_CSS}</style>\n"
        f"<script>{js}</script>\n"
        "</head><body>\n"
        f'<div id="bar"><h1>{html.escape(title)}</h1>{legend_html(data["legend"])}'
        f'<label><input type="checkbox" id="physics"{checked}> physics</label>'
        f'<span class="note">{counts}</span>{extra}{ZOOM_BUTTONS}</div>\n'
        '<div id="graph"></div>\n'
        f'<script type="application/json" id="rg-data">{payload}</script>\n'
        f"<script>{DRAW_JS}{_PAGE_JS}</script>\n"
        "</body></html>\n"
    )


def _lens(r1: float, r2: float, d: float) -> float:
    """Area shared by two circles of radii r1, r2 whose centres are d apart."""
    if d >= r1 + r2:
        return 0.0
    if d <= abs(r1 - r2):
        return math.pi * min(r1, r2) ** 2
    a = r1 * r1 * math.acos((d * d + r1 * r1 - r2 * r2) / (2 * d * r1))
    b = r2 * r2 * math.acos((d * d + r2 * r2 - r1 * r1) / (2 * d * r2))
    c = 0.5 * math.sqrt((-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2))
    return a + b - c


def venn_circles(only_a: int, shared: int, only_b: int, *, biggest: float = 100.0) -> tuple[float, float, float]:
    """(radius A, radius B, distance between centres): each circle's area proportional to its set's size
    (only + shared), the overlap's area to ``shared``; the bigger circle has radius ``biggest``.

    >>> ra, rb, d = venn_circles(10, 0, 10)
    >>> ra == rb and d >= ra + rb
    True
    """
    na, nb = only_a + shared, only_b + shared
    most = max(na, nb, 1)
    ra = biggest * math.sqrt(max(na, 0.2) / most)
    rb = biggest * math.sqrt(max(nb, 0.2) / most)
    unit = math.pi * biggest * biggest / most  # area per item
    want = shared * unit
    if shared <= 0:
        return ra, rb, ra + rb + 12.0
    lo, hi = abs(ra - rb), ra + rb
    for _ in range(60):
        mid = (lo + hi) / 2
        if _lens(ra, rb, mid) > want:
            lo = mid
        else:
            hi = mid
    return ra, rb, (lo + hi) / 2


def venn_svg(only_a: int, shared: int, only_b: int, label_a: str, label_b: str) -> str:
    """Two circles sized by the counts of what only A, both, and only B have (areas proportional).

    >>> svg = venn_svg(3, 2, 5, "Data <engineer>", "ML engineer")
    >>> "Data &lt;engineer&gt;" in svg and svg.startswith("<svg")
    True
    """
    a, b = html.escape(label_a), html.escape(label_b)
    ra, rb, d = venn_circles(only_a, shared, only_b, biggest=95.0)
    ax = 210 - (ra + d + rb) / 2 + ra  # the pair centred
    bx = ax + d
    mid = (max(ax, bx - rb) + min(bx, ax + ra)) / 2 if shared else (ax + ra + bx - rb) / 2
    left = min(ax - ra / 2, (ax - ra + max(ax, bx - rb)) / 2)
    right = max(bx + rb / 2, (min(bx, ax + ra) + bx + rb) / 2)
    font = 'font-family="sans-serif"'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 420 250" width="420" height="250" role="img" '
        f'aria-label="{a}: {only_a} only, {shared} shared; {b}: {only_b} only">'
        f'<circle cx="{ax:.1f}" cy="130" r="{ra:.1f}" fill="#1d4ed8" fill-opacity="0.3" stroke="#1d4ed8"/>'
        f'<circle cx="{bx:.1f}" cy="130" r="{rb:.1f}" fill="#059669" fill-opacity="0.3" stroke="#059669"/>'
        f'<text x="{left:.1f}" y="137" font-size="24" text-anchor="middle" {font}>{only_a}</text>'
        f'<text x="{mid:.1f}" y="137" font-size="24" text-anchor="middle" {font}>{shared}</text>'
        f'<text x="{right:.1f}" y="137" font-size="24" text-anchor="middle" {font}>{only_b}</text>'
        f'<text x="110" y="22" font-size="15" text-anchor="middle" {font}>{a}</text>'
        f'<text x="310" y="22" font-size="15" text-anchor="middle" {font}>{b}</text>'
        f'<text x="210" y="246" font-size="12" text-anchor="middle" {font} fill="#555">'
        "areas sized by the counts of skills and deliverables: only A · shared · only B</text>"
        "</svg>"
    )


def counts_line(data: Mapping) -> str:
    """ "N nodes, M edges" of a drawing."""
    return f"{len(data['nodes'])} nodes, {len(data['edges'])} edges"
