"""graph/view.py: what gets drawn for a view, and the view's exports read back by independent readers."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
import rolegraph
from pptx import Presentation
from rdflib.compare import isomorphic
from rolegraph import export as gexport
from rolegraph import view as gv
from rolegraph.errors import BadInputError, UnknownNameError
from rolegraph.explorer.state import View
from rolegraph.subgraph import select


@pytest.fixture(scope="module")
def esco_rg(tmp_path_factory):
    """The built-in graph with a hand-written ESCO-shaped occupation and skill."""
    ttl = tmp_path_factory.mktemp("esco") / "esco.ttl"
    ttl.write_text(
        "@prefix esco: <http://data.europa.eu/esco/model#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<http://data.europa.eu/esco/occupation/x1> a esco:Occupation ; skos:prefLabel "data scientist"@en ;\n'
        "  esco:hasEssentialSkill <http://data.europa.eu/esco/skill/s1> .\n"
        '<http://data.europa.eu/esco/skill/s1> a esco:Skill ; skos:prefLabel "statistics"@en .\n',
        encoding="utf-8",
    )
    return rolegraph.load([ttl])


def test_the_article_map_when_nothing_is_asked(rg):
    picked = gv.select(rg, View())
    want = {n for n in rg.G if rg.G.nodes[n]["type"] in ("role", "overlap_zone", "deliverable")}
    assert set(picked["nodes"]) == want and picked["map"] is True
    assert picked["omitted"] == 0 and picked["focus"] is None


def test_types_alone_draw_every_node_of_those_types(rg):
    picked = gv.select(rg, View(types=("skill", "tool")))
    assert set(picked["nodes"]) == {n for n in rg.G if rg.G.nodes[n]["type"] in ("skill", "tool")}
    assert picked["map"] is False


def test_the_map_leaves_an_imported_taxonomys_occupations_out(esco_rg, rg):
    picked = gv.select(esco_rg, View())
    assert {esco_rg.G.nodes[n]["id"] for n in picked["nodes"]} == {rg.G.nodes[n]["id"] for n in gv.select(rg, View())["nodes"]}
    assert len(esco_rg.of_type("role")) > len(rg.of_type("role"))


def test_cap_keeps_the_nearest_and_counts_the_rest(rg):
    picked = gv.select(rg, View(focus="data-engineer", radius=3), cap=20)
    assert len(picked["nodes"]) == 20 and picked["omitted"] == picked["total"] - 20 > 0
    assert picked["nodes"][0] == rg.ids["data-engineer"]
    assert f"{picked['omitted']} of {picked['total']} nodes left out" in picked["note"]


def test_type_filter_keeps_the_focus(rg):
    picked = gv.select(rg, View(focus="data-engineer", radius=2, types=("tool",)))
    kinds = {rg.G.nodes[n]["type"] for n in picked["nodes"]}
    assert kinds == {"tool", "role"} and rg.ids["data-engineer"] in picked["nodes"]


def test_role_filter_keeps_what_belongs_to_the_role(rg):
    de = rg.ids["data-engineer"]
    picked = gv.select(rg, View(roles=("data-engineer",)))
    assert set(picked["nodes"]) == gv.role_scope(rg, de)
    assert rg.ids["zone-feature-engineering"] in picked["nodes"]
    assert rg.ids["ai-engineer"] not in picked["nodes"]
    for d in rg.out(de, "delivers"):
        assert d in picked["nodes"]


def test_bad_view_input_raises_before_drawing(rg):
    with pytest.raises(UnknownNameError) as err:
        gv.select(rg, View(focus="quantum serving"))
    assert err.value.suggestions[0]["id"] == "model-serving-infrastructure"  # a plausible node
    with pytest.raises(UnknownNameError):
        gv.select(rg, View(roles=("astronaut",)))
    with pytest.raises(BadInputError):
        gv.select(rg, View(), cap=0)


def _view_nodes(rg):
    return gv.select(rg, View(focus="zone-feature-engineering", radius=1))["nodes"]


def test_view_rdf_exports_read_back_isomorphic(rg):
    nodes = _view_nodes(rg)
    want = select(rg, nodes=nodes).rdf
    for fmt, parse in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        name, data, mime = gexport.one_file(rg, nodes, fmt)
        assert name == f"rolegraph-view.{fmt}" and mime.startswith(("text/", "application/"))
        assert isomorphic(rdflib.Graph().parse(data=data, format=parse), want), fmt
    ox_nt = ox.serialize(ox.parse(gexport.one_file(rg, nodes, "ttl")[1], format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES)
    assert isomorphic(rdflib.Graph().parse(data=ox_nt, format="nt"), want)
    subjects = {str(s) for s in want.subjects() if str(s) in rg.G}
    assert subjects == set(nodes)


def test_view_graph_exports_read_back_in_networkx(rg):
    nodes = _view_nodes(rg)
    keep = set(nodes)
    edges = [e for e in rg.G.edges(nodes, keys=True) if e[1] in keep]
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        _, data, _ = gexport.one_file(rg, nodes, fmt)
        back = read(io.BytesIO(data), force_multigraph=True) if fmt == "graphml" else read(io.BytesIO(data))
        assert {back.nodes[n]["label"] for n in back} == {rg.G.nodes[n]["label"] for n in nodes}, fmt
        assert back.number_of_nodes() == len(nodes) and back.number_of_edges() == len(edges), fmt


def test_view_csv_arrives_as_a_repeatable_zip(rg):
    nodes = _view_nodes(rg)
    name, data, mime = gexport.one_file(rg, nodes, "csv")
    assert name == "rolegraph-view-csv.zip" and mime == "application/zip"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.namelist() == ["edges.csv", "load.cypher", "nodes.csv"]
        rows = list(csv.DictReader(io.StringIO(z.read("nodes.csv").decode("utf-8"))))
    assert len(rows) == len(nodes)
    assert gexport.one_file(rg, nodes, "csv")[1] == data


def test_view_html_page_draws_the_view(rg):
    nodes = _view_nodes(rg)
    page = gexport.one_file(rg, nodes, "html")[1].decode()
    found = re.search(r'<script type="application/json" id="rg-data">(.*?)</script>', page, re.S)
    assert {n["id"] for n in json.loads(found.group(1))["nodes"]} == {rg.G.nodes[n]["id"] for n in nodes}


def test_training_material_needs_a_role_in_the_view(rg):
    skills_only = gv.select(rg, View(focus="feature-engineering", radius=1, types=("skill",)))["nodes"]
    assert not any(rg.G.nodes[n]["type"] == "role" for n in skills_only)
    choices = {c["format"]: c for c in gexport.offers(rg, skills_only)}
    assert "docs" not in choices
    for fmt in gexport.TRAINING_FORMATS:
        assert not choices[fmt]["available"] and "no role" in choices[fmt]["why"]
        with pytest.raises(BadInputError, match="no role"):
            gexport.one_file(rg, skills_only, fmt)
    assert all(c["available"] for f, c in choices.items() if f not in gexport.TRAINING_FORMATS)
    with_role = gv.select(rg, View(focus="data-engineer", radius=1))["nodes"]
    assert all(c["available"] for c in gexport.offers(rg, with_role))
    name, deck, _ = gexport.one_file(rg, with_role, "pptx")
    assert name == "rolegraph-slides.pptx"
    titles = [s.shapes.title.text for s in Presentation(io.BytesIO(deck)).slides if s.shapes.title]
    assert "Data engineer" in titles
    name, apkg, _ = gexport.one_file(rg, with_role, "anki")
    db = zipfile.ZipFile(io.BytesIO(apkg)).read("collection.anki2")
    assert name == "rolegraph-quiz.apkg" and db.startswith(b"SQLite format 3")


def test_unknown_or_whole_graph_formats_are_refused(rg):
    nodes = _view_nodes(rg)
    with pytest.raises(BadInputError, match="unknown export format 'turtle'; use one of ttl"):
        gexport.one_file(rg, nodes, "turtle")
    with pytest.raises(BadInputError, match="whole vocabulary"):
        gexport.one_file(rg, nodes, "docs")


def test_every_offered_format_has_its_mime_type(rg):
    """The format table carries each format's MIME type: TriG and N-Quads were offered but had none (a KeyError on download)."""
    nodes = _view_nodes(rg)
    for choice in gexport.offers(rg, nodes):
        assert gexport.mime_type(choice["format"]).count("/") == 1, choice["format"]
    for fmt, parse, want in (("trig", "trig", "application/trig"), ("nq", "nquads", "application/n-quads")):
        name, data, mime = gexport.one_file(rg, nodes, fmt)
        assert name == f"rolegraph-view.{fmt}" and mime == want
        assert len(rdflib.Dataset().parse(data=data, format=parse)) > 0
