"""Draw part of a RoleGraph as a standalone HTML page, and the Compare picture as SVG.

The page is built on pyvis's network data and the vis-network copy pyvis ships:
its script and stylesheet are embedded, so the page works with no network (no
CDN, no Bootstrap). Positions come from a networkx layout computed once per
graph and kept in ``rg.cache``, so the drawing never jumps between reruns;
physics is off unless asked for.

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
import re
from collections.abc import Iterable
from functools import cache
from itertools import pairwise
from pathlib import Path

import networkx as nx
import pyvis
from pyvis.network import Network

from .domain import KIND_STYLES, UNKNOWN_STYLE
from .project import RoleGraph

__all__ = ["EDGE_STYLES", "LAYOUT_FULL_MAX", "TYPE_STYLES", "html_page", "positions", "venn_svg", "vis_assets"]

#: node type → (legend name, fill colour, vis-network shape, legend symbol): the domain model's
TYPE_STYLES = KIND_STYLES
_UNKNOWN_STYLE = UNKNOWN_STYLE

#: relation → vis-network edge options beyond the default thin grey arrow
EDGE_STYLES: dict[str, dict] = {
    "sharedBy": {"color": {"color": "#dc2626"}, "width": 3, "dashes": True},
    "sideCovers": {"color": {"color": "#f97316"}, "width": 2, "dashes": [2, 4]},
    "distinctFrom": {"color": {"color": "#9ca3af"}, "dashes": [8, 4]},
    "notResponsibleFor": {"color": {"color": "#9ca3af"}, "dashes": [8, 4]},
}
_HIGHLIGHT = "#e11d48"

#: Graphs up to this many nodes get one layout for the whole graph; larger ones
#: get a layout per drawn node set (also cached), since a whole layout is quadratic.
LAYOUT_FULL_MAX = 2000
_SCALE = 900.0
_SUBSET_LAYOUTS = 32


@cache
def vis_assets() -> tuple[str, str]:
    """(script, stylesheet) of the vis-network copy inside the pyvis package."""
    lib = Path(pyvis.__file__).parent / "lib"
    found = sorted(lib.glob("vis-*/vis-network.min.js"), key=lambda p: [int(x) for x in p.parent.name[4:].split(".")])
    if not found:
        raise FileNotFoundError(f"vis-network.min.js is missing from the pyvis package ({lib})")
    js = found[-1]
    css = js.with_name("vis-network.css")
    sheet = css.read_text(encoding="utf-8") if css.is_file() else ""
    # Rules with embedded images style the editing and navigation buttons, which the page never
    # shows: 94 % of the stylesheet, sent again on every rerun.
    sheet = "".join(rule for rule in re.findall(r"[^{}]+\{[^{}]*\}", sheet) if "url(" not in rule)
    return js.read_text(encoding="utf-8"), sheet


def _layout(G: nx.Graph, roles: list[str]) -> dict[str, tuple[float, float]]:
    """Spring layout with the roles pinned on a line, left to right in spectrum order."""
    if len(G) == 0:
        return {}
    und = nx.Graph()
    und.add_nodes_from(sorted(G.nodes))
    und.add_edges_from(sorted((u, v) for u, v in G.to_undirected(as_view=True).edges() if u != v))
    fixed = [r for r in roles if r in und]
    start = {}
    for i, r in enumerate(fixed):
        start[r] = (0.0 if len(fixed) == 1 else -1.0 + 2.0 * i / (len(fixed) - 1), 0.0)
    # Nodes with no edge would drift to the rim; they go in rows under the drawing instead.
    alone = sorted(n for n in und if und.degree(n) == 0 and n not in start)
    und.remove_nodes_from(alone)
    pos: dict = {}
    if len(und):
        k = 2.2 / math.sqrt(max(len(und), 1))
        pos = nx.spring_layout(und, pos=start or None, fixed=fixed or None, seed=7, k=k, iterations=60)
    out = {n: (round(float(x) * _SCALE, 1), round(float(y) * _SCALE, 1)) for n, (x, y) in pos.items()}
    bottom = max((y for _, y in out.values()), default=0.0) + 120.0
    left = min((x for x, _ in out.values()), default=0.0)
    per_row = max(8, int(math.sqrt(len(alone) or 1) * 2))
    for i, n in enumerate(alone):
        out[n] = (round(left + 110.0 * (i % per_row), 1), round(bottom + 80.0 * (i // per_row), 1))
    return out


def _roles_in_order(rg: RoleGraph, nodes) -> list[str]:
    rs = [n for n in nodes if rg.G.nodes[n]["type"] == "role"]
    return sorted(rs, key=lambda r: (rg.G.nodes[r]["spectrum"] if rg.G.nodes[r]["spectrum"] is not None else 99, rg.G.nodes[r]["id"]))


def positions(rg: RoleGraph, nodes: Iterable[str] | None = None) -> dict[str, tuple[float, float]]:
    """x, y of nodes, from a layout computed once and cached in ``rg.cache``.

    For graphs of at most :data:`LAYOUT_FULL_MAX` nodes the layout covers the
    whole graph (so a node keeps its place whatever is drawn around it); for
    larger graphs, the given node set is laid out on its own and cached.
    """
    store = rg.cache.setdefault("render", {})
    if len(rg.G) <= LAYOUT_FULL_MAX or nodes is None:
        if "pos" not in store:
            store["pos"] = _layout(rg.G, _roles_in_order(rg, rg.G.nodes))
        return store["pos"]
    key = frozenset(nodes)
    subsets = store.setdefault("subsets", {})
    if key not in subsets:
        if len(subsets) >= _SUBSET_LAYOUTS:
            subsets.pop(next(iter(subsets)))
        sub = rg.G.subgraph(key)
        subsets[key] = _layout(sub, _roles_in_order(rg, key))
    return subsets[key]


def _safe_json(obj) -> str:
    """JSON that can sit inside a <script> element: no ``<``, ``>`` or ``&`` left raw."""
    text = json.dumps(obj, ensure_ascii=True, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _tooltip(rg: RoleGraph, n: str) -> str:
    d = rg.G.nodes[n]
    name, *_ = TYPE_STYLES.get(d["type"], _UNKNOWN_STYLE)
    lines = [d["label"], f"{name} · {d['id']}"]
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
    return "\n".join(lines)


def _node_label(rg: RoleGraph, n: str) -> str:
    d = rg.G.nodes[n]
    if d["type"] == "overlap_zone" and n in rg.zones:
        ids = " + ".join(rg.G.nodes[r]["label"] for r in rg.zones[n]["roles"])
        return f"{d['label']}\n(shared: {ids})"
    return d["label"]


def _network(rg: RoleGraph, nodes: list[str], focus, path: list[str], physics: bool) -> Network:
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    highlight = set(path)
    steps = {frozenset(pair) for pair in pairwise(path)}
    pos = positions(rg, nodes)
    kept = set(nodes)
    # Filling the lists directly: Network.add_node checks membership in a list per call.
    for n in nodes:
        d = rg.G.nodes[n]
        _, colour, shape, _ = TYPE_STYLES.get(d["type"], _UNKNOWN_STYLE)
        x, y = pos.get(n, (0.0, 0.0))
        item = {
            "id": d["id"],
            "label": _node_label(rg, n),
            "title": _tooltip(rg, n),
            "group": d["type"],
            "shape": shape,
            "color": {"background": colour, "border": "#1f2937"},
            "x": x,
            "y": y,
            "borderWidth": 1,
        }
        if shape == "box":
            item["font"] = {"color": "#ffffff", "size": 18}
            item["widthConstraint"] = {"maximum": 180}
        elif shape == "hexagon":
            item["size"] = 30
        if n in highlight:
            item["borderWidth"] = 5
            item["color"] = {"background": colour, "border": _HIGHLIGHT}
        if n == focus:
            item["borderWidth"] = 6
            item["size"] = 36
            item["font"] = {**item.get("font", {}), "size": 22, "bold": True}
        net.nodes.append(item)
    ordered = sorted(
        ((u, v, k, data) for u, v, k, data in rg.G.edges(nodes, keys=True, data=True) if v in kept),
        key=lambda e: (rg.G.nodes[e[0]]["id"], e[2], rg.G.nodes[e[1]]["id"]),
    )
    for i, (u, v, k, data) in enumerate(ordered):
        title = k if not data.get("zone") else f"{k} (zone: {rg.G.nodes[data['zone']]['label']})"
        edge = {"id": f"e{i}", "from": rg.G.nodes[u]["id"], "to": rg.G.nodes[v]["id"], "title": title, "arrows": "to"}
        edge.update(EDGE_STYLES.get(k, {"color": {"color": "#b6bcc6"}}))
        if frozenset((u, v)) in steps:
            edge.update({"color": {"color": _HIGHLIGHT}, "width": 5})
        net.edges.append(edge)
    net.options = {
        "physics": {"enabled": bool(physics), "stabilization": {"enabled": False}, "barnesHut": {"springLength": 140}},
        "layout": {"improvedLayout": False},
        "edges": {"smooth": False, "font": {"size": 10}},
        "nodes": {"font": {"size": 14, "multi": False}},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
    }
    return net


_CSS = """
html, body { margin: 0; padding: 0; font-family: system-ui, sans-serif; background: #fff; }
#bar { display: flex; flex-wrap: wrap; gap: 4px 14px; align-items: center; padding: 6px 8px; font-size: 13px;
       border-bottom: 1px solid #e5e7eb; }
#bar .sym { font-size: 15px; margin-right: 3px; }
#bar h1 { font-size: 14px; margin: 0 10px 0 0; }
#bar .note { color: #6b7280; }
#graph { width: 100%; height: 620px; }
div.vis-tooltip { white-space: pre-wrap; max-width: 360px; font-size: 12px; }
"""

_SCRIPT = """
(function () {
  var data = JSON.parse(document.getElementById("rg-data").textContent);
  var container = document.getElementById("graph");
  var network = new vis.Network(container, {nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)}, data.options);
  // Mark the page once the canvas has been drawn at a real size (a hidden tab draws at 0 x 0).
  network.on("afterDrawing", function () {
    var canvas = container.querySelector("canvas");
    if (canvas && canvas.width > 0 && !document.body.hasAttribute("data-drawn")) {
      document.body.setAttribute("data-drawn", String(canvas.width));
      network.fit({animation: false});
    }
  });
  window.addEventListener("resize", function () { network.redraw(); network.fit({animation: false}); });
  var toggle = document.getElementById("physics");
  toggle.addEventListener("change", function () { network.setOptions({physics: {enabled: toggle.checked}}); });
  // In the explorer, a click on a node opens the app on that node: the graph sits in a srcdoc frame of the
  // app's own origin, and a link added to the app's page navigates it (the frame's sandbox forbids doing so itself).
  if (data.clickFocus) network.on("click", function (params) {
    if (params.nodes.length) rolegraphFocus(String(params.nodes[0]));
  });
  function rolegraphFocus(id) {
    var app;
    try { app = window.parent.document; } catch (e) { return; }
    if (window.parent === window) return;
    var url = new URL(window.parent.location.href);
    url.searchParams.set("focus", id);
    url.searchParams.delete("tab");
    var link = app.createElement("a");
    link.href = url.toString();
    link.target = "_self";
    link.style.display = "none";
    app.body.appendChild(link);
    link.click();
  }
  window.rolegraphNetwork = network;
  window.rolegraphFocus = rolegraphFocus;
})();
"""


def _legend(types: list[str]) -> str:
    parts = []
    for t in types:
        name, colour, _, sym = TYPE_STYLES.get(t, _UNKNOWN_STYLE)
        parts.append(f'<span class="key"><span class="sym" style="color:{colour}">{sym}</span>{html.escape(name)}</span>')
    return "".join(parts)


def html_page(
    rg: RoleGraph,
    nodes: Iterable[str],
    *,
    focus: str | None = None,
    highlight: Iterable[str] = (),
    physics: bool = False,
    title: str = "rolegraph",
    note: str = "",
    click_focus: bool = False,
) -> str:
    """A complete standalone HTML document drawing ``nodes`` (IRIs) and the edges among them.

    ``focus`` (an IRI) is drawn larger; ``highlight`` (IRIs, in path order) gets a
    red border, and the edges joining consecutive highlighted nodes turn red (a
    learning path, say).
    ``note`` is a line of text shown in the legend bar ("40 nodes left out").
    ``click_focus``: inside the explorer, clicking a node reopens the app focused on it
    (``?focus=<id>``, the rest of the view kept); a standalone page ignores it.
    """
    nodes = sorted(dict.fromkeys(n for n in nodes if n in rg.G), key=lambda n: rg.G.nodes[n]["id"])
    net = _network(rg, nodes, focus if focus in rg.G else None, list(highlight), physics)
    data_nodes, data_edges, _, _, _, options = net.get_network_data()
    data = {"nodes": data_nodes, "edges": data_edges, "options": json.loads(options)}
    if click_focus:
        data["clickFocus"] = True
    payload = _safe_json(data)
    js, css = vis_assets()
    present = [t for t in TYPE_STYLES if any(rg.G.nodes[n]["type"] == t for n in nodes)]
    present += sorted({rg.G.nodes[n]["type"] for n in nodes} - set(TYPE_STYLES))
    checked = " checked" if physics else ""
    counts = f"{len(nodes)} nodes, {len(data_edges)} edges" + ("; click a node to focus it" if click_focus else "")
    extra = f' <span class="note">{html.escape(note)}</span>' if note else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:\">\n"
        f"<title>{html.escape(title)}</title>\n"
        f"<style>{css}</style>\n<style>{_CSS}</style>\n"
        f"<script>{js}</script>\n"
        "</head><body>\n"
        f'<div id="bar"><h1>{html.escape(title)}</h1>{_legend(present)}'
        f'<label><input type="checkbox" id="physics"{checked}> physics</label>'
        f'<span class="note">{counts}</span>{extra}</div>\n'
        '<div id="graph"></div>\n'
        f'<script type="application/json" id="rg-data">{payload}</script>\n'
        f"<script>{_SCRIPT}</script>\n"
        "</body></html>\n"
    )


def venn_svg(only_a: int, shared: int, only_b: int, label_a: str, label_b: str) -> str:
    """Two overlapping circles with the counts of what only A, both, and only B have.

    >>> svg = venn_svg(3, 2, 5, "Data <engineer>", "ML engineer")
    >>> "Data &lt;engineer&gt;" in svg and svg.startswith("<svg")
    True
    """
    a, b = html.escape(label_a), html.escape(label_b)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 420 250" width="420" height="250" role="img" '
        f'aria-label="{a}: {only_a} only, {shared} shared; {b}: {only_b} only">'
        '<circle cx="150" cy="130" r="95" fill="#2563eb" fill-opacity="0.35" stroke="#2563eb"/>'
        '<circle cx="270" cy="130" r="95" fill="#10b981" fill-opacity="0.35" stroke="#10b981"/>'
        f'<text x="105" y="137" font-size="26" text-anchor="middle" font-family="sans-serif">{only_a}</text>'
        f'<text x="210" y="137" font-size="26" text-anchor="middle" font-family="sans-serif">{shared}</text>'
        f'<text x="315" y="137" font-size="26" text-anchor="middle" font-family="sans-serif">{only_b}</text>'
        f'<text x="120" y="24" font-size="15" text-anchor="middle" font-family="sans-serif">{a}</text>'
        f'<text x="300" y="24" font-size="15" text-anchor="middle" font-family="sans-serif">{b}</text>'
        '<text x="210" y="244" font-size="12" text-anchor="middle" font-family="sans-serif" fill="#555">'
        "skills and deliverables: only A · shared · only B</text>"
        "</svg>"
    )
