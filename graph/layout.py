"""Where each drawn node goes: layouts made for what is drawn, with every label readable and none overlapping.

Three layouts, each a pure function of the nodes drawn (no physics, no randomness):

- :func:`article_map`: the landing view, the article's map. Roles left to right on
  the spectrum (data, then ML, then AI; roles off the spectrum beside them), each
  overlap zone between the roles that share it, and under each role what it
  delivers.
- :func:`layered`: any other node set, in columns by hops from where it starts (a
  focused node, or the roles), each hop level grouped by kind.
- :func:`roadmap`: a learning path, its steps in reading order.

Every node is a box holding its label (wrapped by :func:`wrap`); :func:`label_box`
is the box the drawing gives it, so a test can check that no two overlap.

>>> import rolegraph
>>> rg = rolegraph.load()
>>> shown = [n for n in rg.G if rg.G.nodes[n]["type"] in ("role", "overlap_zone", "deliverable")]
>>> pos = article_map(rg, shown)
>>> [rg.G.nodes[r]["id"] for r in sorted(rg.of_type("role"), key=lambda r: pos[r][0])]
['data-engineer', 'ml-engineer', 'ai-engineer', 'data-scientist']
>>> overlaps(rg, pos)
[]
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

from .domain import KIND_STYLES, MAP_KINDS, spectrum_key
from .project import RoleGraph

__all__ = [
    "CANVAS",
    "FONT",
    "article_map",
    "fit_scale",
    "font_size",
    "is_map",
    "label_box",
    "layered",
    "overlaps",
    "roadmap",
    "wrap",
]

#: Label font size (canvas units) per node kind; the focus gets ``FONT["focus"]``.
FONT = {"role": 20, "overlap_zone": 18, "focus": 22, "other": 18}
#: The drawing area the layouts are shaped for (width, height in pixels): the explorer's graph at 1400 x 1000.
CANVAS = (940.0, 640.0)
#: Characters per label line before it wraps, and the most lines a label keeps.
WRAP = 24
MAX_LINES = 4
#: Box margin (canvas units) and the conservative width of one character and one line, per unit of font size.
MARGIN = 6
CHAR_W = 0.6
LINE_H = 1.5
GAP_X = 22.0
GAP_Y = 10.0

Pos = dict[str, tuple[float, float]]


def wrap(text: str, width: int = WRAP, lines: int = MAX_LINES) -> str:
    """A label broken into lines of at most ``width`` characters (words kept whole where they fit).

    >>> wrap("Data warehouse schema design and maintenance")
    'Data warehouse schema\\ndesign and maintenance'
    >>> wrap("x" * 50, 20, 2)
    'xxxxxxxxxxxxxxxxxxxx\\nxxxxxxxxxxxxxxxxxxx…'
    """
    out: list[str] = []
    line = ""
    for word in str(text).split():
        while len(word) > width:
            if line:
                out.append(line)
                line = ""
            out.append(word[:width])
            word = word[width:]
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1] + "…"
    return "\n".join(out) or "?"


def font_size(rg: RoleGraph, n: str, focus: str | None = None) -> int:
    """The font size a node's label is drawn at (canvas units)."""
    if n == focus:
        return FONT["focus"]
    return FONT.get(rg.G.nodes[n]["type"], FONT["other"])


def label_box(label: str, size: float) -> tuple[float, float]:
    """(width, height) in canvas units of a box node holding ``label`` (already wrapped) at font ``size``:
    an upper bound on what vis-network draws."""
    lines = label.split("\n")
    longest = max(len(line) for line in lines)
    return longest * CHAR_W * size + 2 * MARGIN, len(lines) * LINE_H * size + 2 * MARGIN


def _box(rg: RoleGraph, n: str, focus=None, prefix: str = "") -> tuple[float, float]:
    return label_box(prefix + wrap(rg.G.nodes[n]["label"]), font_size(rg, n, focus))


_KIND_ORDER = {k: i for i, k in enumerate(KIND_STYLES)}


def _kind_key(rg: RoleGraph, n: str) -> tuple:
    d = rg.G.nodes[n]
    return (_KIND_ORDER.get(d["type"], 99), *spectrum_key(d)[:1], d["label"].casefold(), d["id"])


def is_map(rg: RoleGraph, nodes: Iterable[str]) -> bool:
    """Whether a node set is drawn as the article's map: it holds roles and nothing but roles, zones, deliverables."""
    kinds = {rg.G.nodes[n]["type"] for n in nodes}
    return "role" in kinds and kinds <= set(MAP_KINDS)


def article_map(rg: RoleGraph, nodes: Sequence[str]) -> Pos:
    """The landing map: roles on the spectrum, zones between the roles sharing them, deliverables under their role."""
    nodes = list(dict.fromkeys(nodes))
    kinds: dict[str, list[str]] = defaultdict(list)
    for n in nodes:
        kinds[rg.G.nodes[n]["type"]].append(n)
    roles = sorted(kinds["role"], key=lambda r: spectrum_key(rg.G.nodes[r]))
    boxes = {n: _box(rg, n) for n in nodes}
    col = max((boxes[n][0] for n in nodes), default=100.0) + GAP_X
    x: dict[str, float] = {}
    i = 0.0
    for r in roles:
        if rg.G.nodes[r].get("spectrum") is None and i and all(rg.G.nodes[q].get("spectrum") is not None for q in x):
            i += 0.25  # a role off the spectrum stands beside it
        x[r] = i * col
        i += 1
    pos: Pos = {r: (x[r], 0.0) for r in roles}
    role_h = max((boxes[r][1] for r in roles), default=0.0)
    # Zones in rows under the roles, each at the middle of the roles that share it.
    top = role_h / 2 + GAP_Y * 2
    rows: list[list[tuple[float, float]]] = []
    row_h = max((boxes[z][1] for z in kinds["overlap_zone"]), default=0.0) + GAP_Y
    zones = kinds["overlap_zone"]
    zx = {}
    for z in zones:
        sharing = [x[r] for r in rg.zones.get(z, {}).get("roles", []) if r in x]
        zx[z] = sum(sharing) / len(sharing) if sharing else i * col
    for z in sorted(zones, key=lambda z: (zx[z], rg.G.nodes[z]["id"])):
        w = boxes[z][0]
        free = [i for i, row in enumerate(rows) if all(abs(zx[z] - ox) >= (w + ow) / 2 + GAP_X for ox, ow in row)]
        k = free[0] if free else len(rows)
        if not free:
            rows.append([])
        rows[k].append((zx[z], w))
        pos[z] = (zx[z], top + k * row_h + row_h / 2)
    # Deliverables stacked under the role (or the middle of the roles) that delivers them.
    y0 = top + len(rows) * row_h + GAP_Y
    columns: dict[float, list[str]] = defaultdict(list)
    for d in sorted(kinds["deliverable"], key=lambda n: _kind_key(rg, n)):
        by = [x[u] for u, _, k in rg.G.in_edges(d, keys=True) if k == "delivers" and u in x]
        columns[sum(by) / len(by) if by else i * col].append(d)
    for cx, items in columns.items():
        y = y0
        for d in items:
            h = boxes[d][1]
            pos[d] = (cx, y + h / 2)
            y += h + GAP_Y
    return _rounded(pos)


def _levels(rg: RoleGraph, nodes: list[str], sources: list[str]) -> list[list[str]]:
    """Nodes by hops from the sources, walking edges either way among the drawn nodes only."""
    kept = set(nodes)
    seen = {s for s in sources if s in kept}
    levels = [sorted(seen, key=lambda n: _kind_key(rg, n))] if seen else []
    frontier = levels[0] if levels else []
    while frontier:
        nxt = set()
        for n in frontier:
            for m in (*rg.G.successors(n), *rg.G.predecessors(n)):
                if m in kept and m not in seen:
                    seen.add(m)
                    nxt.add(m)
        frontier = sorted(nxt, key=lambda n: _kind_key(rg, n))
        if frontier:
            levels.append(frontier)
    rest = sorted(kept - seen, key=lambda n: _kind_key(rg, n))
    if rest:
        levels.append(rest)
    return levels


def _columns(levels: list[list[str]], rows: int) -> list[list[str]]:
    cols = []
    for level in levels:
        for k in range(0, len(level), rows):
            cols.append(level[k : k + rows])
    return cols


def layered(rg: RoleGraph, nodes: Sequence[str], sources: Sequence[str] = (), *, focus: str | None = None) -> Pos:
    """Columns by hops from ``sources`` (the focus, or the roles when empty), left to right, each hop level
    grouped by kind; the number of rows is the one that draws the labels largest on :data:`CANVAS`."""
    nodes = list(dict.fromkeys(nodes))
    if not nodes:
        return {}
    starts = [s for s in sources if s in set(nodes)] or sorted(
        (n for n in nodes if rg.G.nodes[n]["type"] == "role"), key=lambda r: spectrum_key(rg.G.nodes[r])
    )
    boxes = {n: _box(rg, n, focus) for n in nodes}
    levels = _levels(rg, nodes, starts or nodes[:1])

    def extent(col: list[str]) -> float:
        return sum(boxes[n][1] for n in col) + GAP_Y * (len(col) - 1)

    best = None
    for rows in range(1, max(len(level) for level in levels) + 1):
        cols = _columns(levels, rows)
        width = sum(max(boxes[n][0] for n in c) + GAP_X for c in cols) - GAP_X
        height = max(extent(c) for c in cols)
        scale = min(CANVAS[0] / width, CANVAS[1] / height)
        if best is None or scale > best[0] + 1e-9:
            best = (scale, cols)
    pos: Pos = {}
    x = 0.0
    for c in best[1]:
        w = max(boxes[n][0] for n in c)
        y = -extent(c) / 2
        for n in c:
            h = boxes[n][1]
            pos[n] = (x + w / 2, y + h / 2)
            y += h + GAP_Y
        x += w + GAP_X
    return _rounded(pos)


def roadmap(rg: RoleGraph, steps: Sequence[str], *, start: str | None = None, goal: str | None = None, have: Sequence[str] = ()) -> Pos:
    """A learning path in reading order: ``start`` role, the numbered ``steps``, the ``goal`` role, in rows
    left to right; what the person already ``have`` sits in a row of its own underneath."""
    seq = [n for n in (start, *steps, goal) if n]
    seq = list(dict.fromkeys(seq))
    have = [n for n in dict.fromkeys(have) if n not in set(seq)]
    boxes = {n: label_box(f"{99}. " + wrap(rg.G.nodes[n]["label"]), font_size(rg, n)) for n in (*seq, *have)}
    if not seq:
        return {}
    colw = max(w for w, _ in boxes.values()) + GAP_X * 2
    step = max(h for _, h in boxes.values()) + GAP_Y * 2.5
    per_row = max(1, min(len(seq), math.ceil(math.sqrt(len(seq) * (CANVAS[0] / colw) / (CANVAS[1] / step)))))
    pos: Pos = {}
    for k, n in enumerate(seq):
        pos[n] = ((k % per_row) * colw, (k // per_row) * step)
    y = (math.ceil(len(seq) / per_row)) * step + step * 0.4
    hper = max(per_row, math.ceil(len(have) / 2)) if have else 1
    for k, n in enumerate(have):
        pos[n] = ((k % hper) * colw, y + (k // hper) * step)
    return _rounded(pos)


def overlaps(rg: RoleGraph, pos: Pos, *, focus: str | None = None, labels: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """Pairs of drawn nodes (ids) whose label boxes (:func:`label_box`) overlap; ``labels`` overrides the text."""
    boxes = []
    for n, (x, y) in pos.items():
        text = (labels or {}).get(n) or wrap(rg.G.nodes[n]["label"])
        w, h = label_box(text, font_size(rg, n, focus))
        boxes.append((x - w / 2, y - h / 2, x + w / 2, y + h / 2, rg.G.nodes[n]["id"]))
    boxes.sort()
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if b[0] >= a[2]:
                break
            if b[1] < a[3] and a[1] < b[3]:
                found.append(tuple(sorted((a[4], b[4]))))
    return sorted(found)


def fit_scale(rg: RoleGraph, pos: Pos, *, focus: str | None = None, canvas: tuple[float, float] = CANVAS) -> float:
    """The scale at which the drawing, boxes included, just fits ``canvas`` (what the explorer's "fit" gives):
    a label of font size ``f`` is then drawn ``f * fit_scale`` pixels high."""
    if not pos:
        return 1.0
    xs, ys = [], []
    for n, (x, y) in pos.items():
        w, h = label_box(wrap(rg.G.nodes[n]["label"]), font_size(rg, n, focus))
        xs += [x - w / 2, x + w / 2]
        ys += [y - h / 2, y + h / 2]
    return min(canvas[0] / max(max(xs) - min(xs), 1.0), canvas[1] / max(max(ys) - min(ys), 1.0))


def _rounded(pos: Pos) -> Pos:
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in pos.items()}
