"""graph/view.py: the view's URL form, what gets drawn, and the stand-in exports read back."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import rdflib
from hypothesis import given
from hypothesis import strategies as st

from graph import view as gv
from graph.errors import BadInputError, UnknownNameError
from graph.queries import NODE_TYPES

TEXT = st.text(max_size=60)
VIEWS = st.builds(
    gv.View,
    focus=TEXT,
    radius=st.integers(0, gv.MAX_RADIUS),
    types=st.lists(st.sampled_from(NODE_TYPES), unique=True).map(lambda x: tuple(sorted(x))),
    roles=st.lists(st.from_regex(r"[a-z][a-z-]{0,20}", fullmatch=True), unique=True).map(lambda x: tuple(sorted(x))),
    physics=st.booleans(),
    tab=st.sampled_from(list(gv.TABS)),
    owner=TEXT,
    path_from=TEXT,
    path_to=TEXT,
    a=TEXT,
    b=TEXT,
    jd=st.text(max_size=300),
)


@given(VIEWS)
def test_url_round_trip(view):
    params = gv.encode(view)
    assert all(isinstance(v, str) for v in params.values())
    assert gv.decode(params) == (view, [])


def test_default_view_has_an_empty_url():
    assert gv.encode(gv.View()) == {}
    assert gv.decode({}) == (gv.View(), [])


def test_decode_takes_the_last_of_repeated_values():
    assert gv.decode({"radius": ["1", "3"]})[0].radius == 3


def test_whole_graph_when_no_focus(rg):
    picked = gv.select(rg, gv.View())
    assert set(picked["nodes"]) == set(rg.G) and picked["omitted"] == 0 and picked["focus"] is None


def test_cap_keeps_the_nearest_and_counts_the_rest(rg):
    picked = gv.select(rg, gv.View(focus="data-engineer", radius=3), cap=20)
    assert len(picked["nodes"]) == 20 and picked["omitted"] == picked["total"] - 20 > 0
    assert picked["nodes"][0] == rg.ids["data-engineer"]
    assert f"{picked['omitted']} of {picked['total']} nodes left out" in picked["note"]


def test_type_filter_keeps_the_focus(rg):
    picked = gv.select(rg, gv.View(focus="data-engineer", radius=2, types=("tool",)))
    kinds = {rg.G.nodes[n]["type"] for n in picked["nodes"]}
    assert kinds == {"tool", "role"} and rg.ids["data-engineer"] in picked["nodes"]


def test_role_filter_keeps_what_belongs_to_the_role(rg):
    de = rg.ids["data-engineer"]
    picked = gv.select(rg, gv.View(roles=("data-engineer",)))
    assert set(picked["nodes"]) == gv.role_scope(rg, de)
    assert rg.ids["zone-feature-engineering"] in picked["nodes"]
    assert rg.ids["ai-engineer"] not in picked["nodes"]
    for d in rg.out(de, "delivers"):
        assert d in picked["nodes"]


def test_bad_view_input_raises_before_drawing(rg):
    with pytest.raises(UnknownNameError) as err:
        gv.select(rg, gv.View(focus="quantum baking"))
    assert err.value.suggestions
    with pytest.raises(UnknownNameError):
        gv.select(rg, gv.View(roles=("astronaut",)))
    with pytest.raises(BadInputError):
        gv.select(rg, gv.View(), cap=0)


def test_exports_read_back(rg, tmp_path):
    nodes = gv.select(rg, gv.View(focus="zone-feature-engineering", radius=1))["nodes"]
    g = rdflib.Graph().parse(data=gv.export_view(rg, nodes, "turtle").decode(), format="turtle")
    subjects = {str(s) for s in g.subjects() if isinstance(s, rdflib.URIRef)}
    assert subjects == set(nodes)
    outside = set(rg.G) - set(nodes)
    assert not any(str(o) in outside for o in g.objects())
    root = ET.fromstring(gv.export_view(rg, nodes, "graphml"))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert {n.get("id") for n in root.findall(".//g:node", ns)} == set(nodes)
    page = gv.export_view(rg, nodes, "html").decode()
    assert page.startswith("<!DOCTYPE html>") and '"id": "zone-feature-engineering"' in page
    with pytest.raises(BadInputError, match="turtle, graphml, html"):
        gv.export_view(rg, nodes, "pdf")
