"""graph/render.py: a standalone page that needs no network, stays put, and shows hostile text as text."""

from __future__ import annotations

import html
import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rdflib
import rolegraph
from rolegraph import export as gexport
from rolegraph import render
from rolegraph import view as gv
from rolegraph.explorer.state import View

DATA = Path(__file__).parent / "data"
HOSTILE = "</script><img src=x onerror=alert(1)>"


def payload(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="rg-data">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    ttl = tmp_path_factory.mktemp("hostile") / "hostile.ttl"
    label = HOSTILE.replace('"', '\\"')
    ttl.write_text(
        "@prefix rg: <https://rolegraph.dev/vocab#> . @prefix rgi: <https://rolegraph.dev/id/> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        f'rgi:evil a rg:Skill ; skos:prefLabel "{label}"@en ; skos:definition "{label} & more"@en .\n'
        "rgi:baker rg:hasCoreSkill rgi:evil .\n",
        encoding="utf-8",
    )
    return rolegraph.load([DATA / "fixture.ttl", ttl], builtin=False)


def test_page_is_standalone(rg):
    page = render.html_page(rg, rg.G.nodes)
    assert not re.findall(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", page)
    assert "@import" not in page and "bootstrap" not in page.lower()
    js, _ = render.vis_assets()
    assert js in page and "default-src 'none'" in page


def test_page_is_deterministic(rg):
    nodes = gv.select(rg, View(focus="ml-engineer"))["nodes"]
    first = render.html_page(rg, nodes, focus=rg.ids["ml-engineer"])
    assert render.html_page(rg, list(reversed(nodes)), focus=rg.ids["ml-engineer"]) == first
    data = payload(first)
    assert {n["id"] for n in data["nodes"]} == {rg.G.nodes[n]["id"] for n in nodes}
    assert data["options"]["physics"]["enabled"] is False


def test_kinds_colours_legend_and_plain_edge_names(small):
    page = render.html_page(small, small.G.nodes, focus=small.ids["baker"], physics=True)
    data = payload(page)
    assert {n["shape"] for n in data["nodes"]} == {"box"}  # every label sits in its box
    borders = {n["group"]: n["color"]["border"] for n in data["nodes"] if n["id"] != "baker"}
    assert borders == {k: render.TYPE_STYLES[k][1] for k in borders}
    assert data["options"]["physics"]["enabled"] is True and 'id="physics" checked' in page
    for t in borders:
        assert html.escape(render.TYPE_STYLES[t][0]) in page
    zone = next(n for n in data["nodes"] if n["group"] == "overlap_zone")
    assert "shared by: Baker, Pastry chef" in zone["title"]
    titles = {e["title"] for e in data["edges"]}
    assert "Baker delivers Sourdough loaf" in titles
    shared = [e for e in data["edges"] if e["relation"] == "sharedBy"]
    assert {e["to"] for e in shared} == {"baker", "pastry-chef"} and all(e["dashes"] for e in shared)
    assert all(e["title"].split()[-1] != e["relation"] for e in data["edges"])  # no raw relation names


def test_zoom_buttons_are_on_the_page(rg):
    page = render.html_page(rg, [rg.ids["data-engineer"]])
    for act in ("zoom-in", "zoom-out", "zoom-fit"):
        assert f'data-act="{act}"' in page


def test_roadmap_numbers_the_steps_and_mutes_what_is_had(rg):
    ans = rolegraph.path(rg, "data-engineer", "ml-engineer")
    steps = [rg.ids[s["id"]] for s in ans["learn"]]
    start, goal = rg.ids["data-engineer"], rg.ids["ml-engineer"]
    had = [rg.ids[h] for h in ans["hops"] if rg.ids[h] not in steps and rg.G.nodes[rg.ids[h]]["type"] == "skill"]
    data = render.drawing(rg, [start, goal, *steps, *had], order=[start, *steps, goal], had=had)
    by_id = {n["id"]: n for n in data["nodes"]}
    for i, s in enumerate(ans["learn"], 1):
        assert by_id[s["id"]]["label"].startswith(f"{i}. ")
    for h in had:
        assert by_id[rg.G.nodes[h]["id"]]["title"].startswith("you already have this")
    # Reading order: each step is right of, or on a row below, the one before.
    ys = [(by_id[s["id"]]["y"], by_id[s["id"]]["x"]) for s in ans["learn"]]
    assert ys == sorted(ys)


def test_highlight_marks_the_path(small):
    hops = [small.ids["baker"], small.ids["loaf"]]
    data = payload(render.html_page(small, small.G.nodes, highlight=hops))
    red = [(e["from"], e["to"]) for e in data["edges"] if e.get("width") == 5]
    assert red == [("baker", "loaf")]


def test_hostile_label_is_text_everywhere(hostile):
    page = render.html_page(hostile, hostile.G.nodes, title=HOSTILE)
    assert "<img" not in page and HOSTILE not in page
    evil = next(n for n in payload(page)["nodes"] if n["id"] == "evil")
    assert evil["label"].replace("\n", " ") == HOSTILE and evil["title"].startswith(HOSTILE)  # wrapped, not changed
    nodes = list(hostile.G.nodes)
    back = rdflib.Graph().parse(data=gexport.one_file(hostile, nodes, "ttl")[1].decode(), format="turtle")
    assert HOSTILE in {str(o) for o in back.objects()}
    root = ET.fromstring(gexport.one_file(hostile, nodes, "graphml")[1])
    assert HOSTILE in {d.text for d in root.iter("{http://graphml.graphdrawing.org/xmlns}data")}
    assert "<img" not in gexport.one_file(hostile, nodes, "html")[1].decode()


def test_venn_svg_is_wellformed_and_escaped():
    svg = render.venn_svg(1, 2, 3, HOSTILE, "B & C")
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts[:5] == ["1", "2", "3", HOSTILE, "B & C"]


@pytest.mark.parametrize(("a", "shared", "b"), [(3, 2, 5), (10, 0, 10), (30, 10, 2), (0, 4, 0), (1, 20, 7)])
def test_venn_areas_follow_the_counts(a, shared, b):
    ra, rb, d = render.venn_circles(a, shared, b)
    total_a, total_b = math.pi * ra * ra, math.pi * rb * rb
    lens = render._lens(ra, rb, d)
    unit = max(total_a, total_b) / max(a + shared, b + shared)
    assert total_a == pytest.approx((a + shared) * unit, rel=0.01) if a + shared else True
    assert total_b == pytest.approx((b + shared) * unit, rel=0.01) if b + shared else True
    assert lens == pytest.approx(shared * unit, rel=0.02, abs=1.0)
