"""graph/layout.py: every drawn label readable and no two overlapping, computed from the layouts' own boxes.

The browser test (tests/test_browser.py) measures the same on the real drawing.
"""

from __future__ import annotations

import pytest
import rolegraph
from rolegraph import layout, render
from rolegraph import view as gv
from rolegraph.explorer.state import View

#: The drawing fits the label boxes with 8 px to spare each side; what is left of the scale after that.
FIT_MARGIN = 0.97


def test_the_landing_map_reads_as_the_article(rg):
    nodes = gv.select(rg, View())["nodes"]
    pos = layout.article_map(rg, nodes)
    assert layout.overlaps(rg, pos) == []
    x = {rg.G.nodes[n]["id"]: pos[n][0] for n in nodes}
    y = {rg.G.nodes[n]["id"]: pos[n][1] for n in nodes}
    # data, then ML, then AI on one row; the data scientist beside them
    assert x["data-engineer"] < x["ml-engineer"] < x["ai-engineer"] < x["data-scientist"]
    assert y["data-engineer"] == y["ml-engineer"] == y["ai-engineer"] == y["data-scientist"]
    # each zone between the roles sharing it, below them
    for z, zone in rg.zones.items():
        xs = sorted(x[rg.G.nodes[r]["id"]] for r in zone["roles"])
        assert xs[0] < pos[z][0] < xs[-1] and pos[z][1] > y["data-engineer"]
    # each deliverable under the role delivering it, below the zones
    lowest_zone = max(pos[z][1] for z in rg.zones)
    for role in rg.of_type("role"):
        for d in rg.out(role, "delivers"):
            assert pos[d][0] == pos[role][0] and pos[d][1] > lowest_zone
    # skills and tools are folded
    assert not {rg.G.nodes[n]["type"] for n in nodes} & {"skill", "tool"}


def test_landing_labels_are_at_least_12_px_at_1400_by_1000(rg):
    nodes = gv.select(rg, View())["nodes"]
    pos = render.drawing(rg, nodes)["nodes"]
    scale = layout.fit_scale(rg, {rg.ids[n["id"]]: (n["x"], n["y"]) for n in pos}) * FIT_MARGIN
    smallest = min(n["font"]["size"] for n in pos)
    assert smallest * scale >= 12, f"{smallest} x {scale:.3f} = {smallest * scale:.1f} px"


def focus_views(rg):
    for n in sorted(rg.G, key=lambda n: rg.G.nodes[n]["id"]):
        for radius in (1, 2):
            nodes = gv.select(rg, View(focus=rg.G.nodes[n]["id"], radius=radius))["nodes"]
            if len(nodes) <= 60:
                yield n, radius, nodes


def test_no_focus_view_up_to_60_nodes_has_overlapping_labels(rg):
    checked = 0
    for focus, radius, nodes in focus_views(rg):
        pos = layout.layered(rg, nodes, [focus], focus=focus)
        assert set(pos) == set(nodes)
        assert layout.overlaps(rg, pos, focus=focus) == [], (rg.G.nodes[focus]["id"], radius)
        checked += 1
    assert checked > 150  # the rule is checked on most of the graph, not a few picked views


def test_a_roadmap_has_no_overlaps_and_keeps_reading_order(rg):
    ans = rolegraph.path(rg, "data-engineer", "ai-engineer")
    steps = [rg.ids[s["id"]] for s in ans["learn"]]
    pos = layout.roadmap(rg, steps, start=rg.ids["data-engineer"], goal=rg.ids["ai-engineer"])
    labels = {n: f"{i}. " + layout.wrap(rg.G.nodes[n]["label"]) for i, n in enumerate(steps, 1)}
    assert layout.overlaps(rg, pos, labels=labels) == []
    order = [(pos[n][1], pos[n][0]) for n in [rg.ids["data-engineer"], *steps, rg.ids["ai-engineer"]]]
    assert order == sorted(order)


def test_overlaps_finds_two_boxes_on_top_of_each_other(rg):
    a, b = rg.ids["data-engineer"], rg.ids["ml-engineer"]
    assert layout.overlaps(rg, {a: (0.0, 0.0), b: (30.0, 5.0)}) == [("data-engineer", "ml-engineer")]
    assert layout.overlaps(rg, {a: (0.0, 0.0), b: (400.0, 0.0)}) == []


@pytest.mark.parametrize(
    ("text", "lines"),
    [("Data warehouse schema design and maintenance", ["Data warehouse schema", "design and maintenance"]), ("MLOps", ["MLOps"])],
)
def test_wrap_keeps_words_whole(text, lines):
    assert layout.wrap(text).split("\n") == lines
