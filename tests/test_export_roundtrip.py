"""Hypothesis: any label survives every data format exactly and never becomes markup in a text format."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pyoxigraph as ox
import rdflib
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import RDF, SKOS, Literal, URIRef
from rdflib.compare import isomorphic
from rolegraph.escape import html_text, md_text, mermaid_text, xml_text
from rolegraph.export import export_files
from rolegraph.namespace import RG, RGI
from rolegraph.project import project
from rolegraph.subgraph import select

labels = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)


def tiny(label: str):
    g = rdflib.Graph()
    role, tool = RGI["r"], RGI["t"]
    g.add((role, RDF.type, RG.Role))
    g.add((role, SKOS.prefLabel, Literal(label, lang="en")))
    g.add((role, SKOS.definition, Literal(label + " defined", lang="en")))
    g.add((tool, RDF.type, RG.Tool))
    g.add((tool, SKOS.prefLabel, Literal("tool", lang="en")))
    g.add((role, RG.delivers, tool))
    return project(g)


TRICKY = ["\r", "a\r\nb", "\x0c", "\x85", "\u2028", "=1+1", "\x00", " lead", "\t", "<&>\"'", "\u202e\u200f"]


def tricky(fn):
    for t in TRICKY:
        fn = example(t)(fn)
    return fn


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(labels)
@tricky
def test_rdf_keeps_any_label(label):
    rg = tiny(label)
    sel = select(rg)
    for fmt, name in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        back = rdflib.Graph().parse(data=export_files(rg, fmt)[""], format=name)
        assert isomorphic(back, sel.rdf), fmt
        assert str(back.value(URIRef(RGI["r"]), SKOS.prefLabel)) == label
    for fmt, kind in (("ttl", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES), ("jsonld", ox.RdfFormat.JSON_LD)):
        values = {t.object.value for t in ox.parse(export_files(rg, fmt)[""], format=kind) if t.predicate.value == str(SKOS.prefLabel)}
        assert label in values, fmt


@SETTINGS
@given(labels)
@tricky
def test_graph_files_and_csv_keep_any_label(label):
    rg = tiny(label)
    G = nx.read_gexf(io.BytesIO(export_files(rg, "gexf")[""]), version="1.3")
    assert G.nodes["r"]["label"] == xml_text(label)
    G = nx.read_graphml(io.BytesIO(export_files(rg, "graphml")[""]), force_multigraph=True)
    assert G.nodes["r"]["label"] == xml_text(label)
    rows = list(csv.DictReader(io.StringIO(export_files(rg, "csv")["nodes.csv"].decode("utf-8"), newline="")))
    got = next(r["label"] for r in rows if r["id"] == "r")
    assert got == label or (got == "'" + label and label[0] in "=+-@\t\r")


@SETTINGS
@given(labels)
@tricky
def test_text_escapers_never_emit_markup(label):
    for escaped in (html_text(label), md_text(label)):
        assert "<" not in escaped and ">" not in escaped and "\n" not in escaped
    m = mermaid_text(label)
    assert '"' not in m and "\n" not in m and "%%" not in m
    doc = json.loads(export_files(tiny(label), "jsonld")[""])
    assert doc["@graph"]
