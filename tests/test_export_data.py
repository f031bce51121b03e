"""Data exports, each read back by an independent reader.

RDF by rdflib and by pyoxigraph (isomorphic to the selected subgraph),
GraphML and GEXF by networkx (GEXF also against the GEXF 1.3 schema),
CSV by the csv module, Mermaid line by line.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from lxml import etree
from rdflib.compare import isomorphic
from rolegraph.export import export, export_files
from rolegraph.subgraph import select

DATA = Path(__file__).parent / "data"
PARTS = {"whole": {}, "role": {"roles": ["ml-engineer"]}, "zone": {"zone": "zone-feature-engineering"}, "types": {"types": "role,skill"}}
RDF_FORMATS = {"ttl": ("turtle", ox.RdfFormat.TURTLE), "nt": ("nt", ox.RdfFormat.N_TRIPLES), "jsonld": ("json-ld", ox.RdfFormat.JSON_LD)}


def _rdflib_nt(g: rdflib.Graph) -> set[str]:
    return {line for line in g.serialize(format="nt").splitlines() if line.strip()}


@pytest.mark.parametrize("part", sorted(PARTS))
@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_rdf_reads_back_isomorphic_in_rdflib_and_pyoxigraph(rg, fmt, part):
    sel = select(rg, **PARTS[part])
    data = export_files(rg, fmt, **PARTS[part])[""]
    rdflib_name, ox_format = RDF_FORMATS[fmt]
    back = rdflib.Graph().parse(data=data, format=rdflib_name)
    assert isomorphic(back, sel.rdf)
    triples = list(ox.parse(data, format=ox_format))
    assert len({str(t) for t in triples}) == len(sel.rdf)
    # same statements, term for term: pyoxigraph's N-Triples equal rdflib's
    ox_nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    assert isomorphic(rdflib.Graph().parse(data=ox_nt, format="nt"), sel.rdf)


def test_jsonld_context_is_inline(rg):
    doc = json.loads(export_files(rg, "jsonld", roles=["ai-engineer"])[""])
    assert isinstance(doc["@context"], dict)
    assert doc["@context"]["rg"] == "https://rolegraph.dev/vocab#"
    assert all(isinstance(v, str) for v in doc["@context"].values())
    assert not any("@context" in n for n in doc["@graph"])


def test_nt_lines_are_sorted(rg):
    lines = export_files(rg, "nt", zone="inference serving")[""].decode("utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == len(select(rg, zone="inference serving").rdf)


def _edges(rg, sel):
    keep = set(sel.nodes)
    return [(u, v, k) for u, v, k in rg.G.edges(sel.nodes, keys=True) if v in keep]


@pytest.mark.parametrize("part", sorted(PARTS))
def test_graphml_reads_back_in_networkx(rg, part):
    sel = select(rg, **PARTS[part])
    G = nx.read_graphml(io.BytesIO(export_files(rg, "graphml", **PARTS[part])[""]), force_multigraph=True)
    assert G.number_of_nodes() == len(sel.nodes)
    assert G.number_of_edges() == len(_edges(rg, sel))
    for n in sel.nodes:
        d = rg.G.nodes[n]
        assert G.nodes[d["id"]]["label"] == d["label"]
        assert G.nodes[d["id"]]["type"] == d["type"]
    relations = {k for _, _, k in _edges(rg, sel)}
    assert {d["relation"] for _, _, d in G.edges(data=True)} == relations


@pytest.fixture(scope="module")
def gexf_schema():
    return etree.XMLSchema(etree.parse(str(DATA / "gexf" / "gexf.xsd")))


@pytest.mark.parametrize("part", sorted(PARTS))
def test_gexf_is_valid_gexf_13_and_reads_back_in_networkx(rg, gexf_schema, part):
    sel = select(rg, **PARTS[part])
    data = export_files(rg, "gexf", **PARTS[part])[""]
    doc = etree.parse(io.BytesIO(data))
    assert gexf_schema.validate(doc), gexf_schema.error_log
    assert doc.getroot().get("version") == "1.3"
    G = nx.read_gexf(io.BytesIO(data), version="1.3")
    assert G.number_of_nodes() == len(sel.nodes)
    assert G.number_of_edges() == len(_edges(rg, sel))
    de = rg.ids.get("ml-engineer")
    if de in sel.nodes:
        assert G.nodes["ml-engineer"]["label"] == "ML engineer"
        assert G.nodes["ml-engineer"]["type"] == "role"
        assert G.nodes["ml-engineer"]["viz"]["color"]["r"] == 214


def test_gexf_schema_rejects_a_broken_file(rg, gexf_schema):
    data = export_files(rg, "gexf", zone="zone-feature-engineering")[""]
    dangling = data.replace(b'target="feast"', b'target="no-such-node"', 1)
    assert dangling != data
    assert not gexf_schema.validate(etree.parse(io.BytesIO(dangling)))
    stray = data.replace(b"<meta>", b"<meta><colour/>", 1)
    assert not gexf_schema.validate(etree.parse(io.BytesIO(stray)))


def test_csv_folder_reads_back_with_counts(rg, tmp_path):
    out = tmp_path / "csv"
    res = export(rg, "csv", out, roles=["data-engineer"])
    sel = select(rg, roles=["data-engineer"])
    assert sorted(Path(f).name for f in res["files"]) == ["edges.csv", "load.cypher", "nodes.csv"]
    with open(out / "nodes.csv", newline="", encoding="utf-8") as fh:
        nodes = list(csv.DictReader(fh))
    with open(out / "edges.csv", newline="", encoding="utf-8") as fh:
        edges = list(csv.DictReader(fh))
    assert len(nodes) == len(sel.nodes) == res["nodes"]
    assert len(edges) == len(_edges(rg, sel))
    assert list(nodes[0]) == ["id", "label", "type", "definition", "alt_labels", "sources", "curated", "iri"]
    by_id = {n["id"]: n for n in nodes}
    assert len(by_id) == len(nodes)
    assert by_id["data-engineer"]["label"] == "Data engineer"
    assert by_id["data-engineer"]["curated"] in ("true", "false")
    assert all(e["source"] in by_id and e["target"] in by_id for e in edges)
    cypher = (out / "load.cypher").read_text()
    assert "LOAD CSV WITH HEADERS FROM 'file:///nodes.csv'" in cypher


def test_mermaid_has_a_line_per_node_and_edge(rg):
    sel = select(rg, zone="zone-inference-serving")
    lines = export_files(rg, "mermaid", zone="zone-inference-serving")[""].decode("utf-8").splitlines()
    assert lines[1] == "flowchart LR"
    assert sum(1 for line in lines if ":::" in line) == len(sel.nodes)
    assert sum(1 for line in lines if re.search(r" -(?:->|\.->)\|", line)) == len(_edges(rg, sel))
    assert '  n0(["AI engineer"]):::role' in lines
