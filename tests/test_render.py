"""graph/render.py: a standalone page that needs no network, stays put, and shows hostile text as text."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rdflib
import rolegraph
from rolegraph import render
from rolegraph import view as gv

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


def test_page_is_deterministic_and_positions_are_cached(rg):
    nodes = gv.select(rg, gv.View(focus="ml-engineer"))["nodes"]
    first = render.html_page(rg, nodes)
    assert render.html_page(rg, list(reversed(nodes))) == first
    assert render.positions(rg) is render.positions(rg)
    whole = {n["id"]: (n["x"], n["y"]) for n in payload(render.html_page(rg, rg.G.nodes))["nodes"]}
    part = {n["id"]: (n["x"], n["y"]) for n in payload(first)["nodes"]}
    assert all(whole[k] == v for k, v in part.items())  # a node keeps its place whatever is drawn


def test_big_graphs_are_laid_out_per_drawing(monkeypatch):
    monkeypatch.setattr(render, "LAYOUT_FULL_MAX", 3)
    own = rolegraph.load([DATA / "fixture.ttl"], builtin=False)
    nodes = [own.ids["baker"], own.ids["loaf"], own.ids["kneading"], own.ids["oven"]]
    pos = render.positions(own, nodes)
    assert set(pos) == set(nodes) and render.positions(own, reversed(nodes)) is pos
    assert "pos" not in own.cache["render"]


def test_types_shapes_and_legend(small):
    page = render.html_page(small, small.G.nodes, focus=small.ids["baker"], physics=True)
    data = payload(page)
    shapes = {n["group"]: n["shape"] for n in data["nodes"]}
    assert shapes == {t: render.TYPE_STYLES[t][2] for t in shapes}
    assert data["options"]["physics"]["enabled"] is True and 'id="physics" checked' in page
    for t in shapes:
        assert html.escape(render.TYPE_STYLES[t][0]) in page
    zone = next(n for n in data["nodes"] if n["group"] == "overlap_zone")
    assert "shared: Baker + Pastry chef" in zone["label"]
    shared = [e for e in data["edges"] if e["title"] == "sharedBy"]
    assert {e["to"] for e in shared} == {"baker", "pastry-chef"} and all(e["dashes"] for e in shared)


def test_highlight_marks_the_path(small):
    hops = [small.ids["baker"], small.ids["loaf"]]
    data = payload(render.html_page(small, small.G.nodes, highlight=hops))
    red = [(e["from"], e["to"]) for e in data["edges"] if e.get("width") == 5]
    assert red == [("baker", "loaf")]


def test_hostile_label_is_text_everywhere(hostile):
    page = render.html_page(hostile, hostile.G.nodes, title=HOSTILE)
    assert "<img" not in page and HOSTILE not in page
    evil = next(n for n in payload(page)["nodes"] if n["id"] == "evil")
    assert evil["label"] == HOSTILE and evil["title"].startswith(HOSTILE)
    nodes = list(hostile.G.nodes)
    back = rdflib.Graph().parse(data=gv.export_file(hostile, nodes, "ttl")[1].decode(), format="turtle")
    assert HOSTILE in {str(o) for o in back.objects()}
    root = ET.fromstring(gv.export_file(hostile, nodes, "graphml")[1])
    assert HOSTILE in {d.text for d in root.iter("{http://graphml.graphdrawing.org/xmlns}data")}
    assert "<img" not in gv.export_file(hostile, nodes, "html")[1].decode()


def test_venn_svg_is_wellformed_and_escaped():
    svg = render.venn_svg(1, 2, 3, HOSTILE, "B & C")
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts[:5] == ["1", "2", "3", HOSTILE, "B & C"]


def test_click_to_focus_only_inside_the_explorer(rg):
    nodes = [rg.ids["data-engineer"], rg.ids["feature-engineering"]]
    assert "clickFocus" not in payload(render.html_page(rg, nodes))  # exports stay standalone
    page = render.html_page(rg, nodes, click_focus=True)
    assert payload(page)["clickFocus"] is True and "click a node to focus it" in page
