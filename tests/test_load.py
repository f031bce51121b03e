"""Loading RDF: formats, merging, and errors that name the file and line."""

from __future__ import annotations

import json

import pytest
import rolegraph
from rolegraph.errors import BadInputError, LoadError
from rolegraph.load import builtin_files, ontology_dir

EXTRA = """@prefix rg: <https://rolegraph.dev/vocab#> .
@prefix rgi: <https://rolegraph.dev/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
rgi:analytics-engineer a rg:Role ; skos:prefLabel "Analytics engineer"@en ;
    rg:primaryOutput "Tested, documented models in the warehouse"@en ; dcterms:source rgi:curated ;
    rg:hasCoreSkill rgi:feature-engineering .
"""


def test_builtin_files_are_found():
    names = [p.name for p in builtin_files()]
    assert names[:2] == ["vocab.ttl", "sources.ttl"]
    assert len(names) > 3
    assert (ontology_dir() / "shapes.ttl").is_file()


def test_extra_turtle_merges_with_builtin(tmp_path, rg):
    f = tmp_path / "extra.ttl"
    f.write_text(EXTRA)
    merged = rolegraph.load([f])
    assert "analytics-engineer" in [r["id"] for r in rolegraph.roles(merged)["roles"]]
    assert len(merged.rdf) > len(rg.rdf)
    owners = {o["id"] for o in rolegraph.owner(merged, "feature engineering")["owners"]}
    assert "analytics-engineer" in owners
    assert "analytics-engineer" not in rg.ids, "loading another graph must not change the shared one"


@pytest.mark.parametrize("fmt,suffix", [("nt", ".nt"), ("xml", ".rdf"), ("json-ld", ".jsonld"), ("trig", ".trig")])
def test_other_formats_load_the_same_triples(tmp_path, fmt, suffix):
    src = tmp_path / "extra.ttl"
    src.write_text(EXTRA)
    base = rolegraph.load([src], builtin=False)
    out = tmp_path / f"extra{suffix}"
    base.rdf.serialize(out, format=fmt)
    again = rolegraph.load([out], builtin=False)
    assert len(again.rdf) == len(base.rdf)
    assert rolegraph.roles(again) == rolegraph.roles(base)


def test_syntax_error_names_file_and_line(tmp_path):
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix a: <http://x/> .\na:b a:c a:d .\na:e a:f a:g ;; ] .\n")
    with pytest.raises(LoadError) as err:
        rolegraph.load([bad])
    assert err.value.path == str(bad)
    assert err.value.line == 3
    assert "broken.ttl, line 3" in str(err.value)


def test_unbound_prefix_is_reported(tmp_path):
    bad = tmp_path / "prefix.ttl"
    bad.write_text("@prefix a: <http://x/> .\n\na:b zz:c a:d .\n")
    with pytest.raises(LoadError, match=r'line 3: Prefix "zz:" not bound'):
        rolegraph.load([bad], builtin=False)


def test_missing_and_unknown_files(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        rolegraph.load([tmp_path / "nope.ttl"])
    odd = tmp_path / "data.xlsx"
    odd.write_bytes(b"PK")
    with pytest.raises(LoadError, match=r"unknown RDF file type '\.xlsx'"):
        rolegraph.load([odd])


def test_urls_are_not_fetched():
    with pytest.raises(LoadError, match="URLs are not loaded"):
        rolegraph.load(["http://127.0.0.1:9/roles.ttl"])


def test_remote_jsonld_context_is_refused(tmp_path):
    f = tmp_path / "remote.jsonld"
    f.write_text(json.dumps({"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://x/a"}))
    with pytest.raises(LoadError, match="not inline"):
        rolegraph.load([f], builtin=False)


def test_xml_entities_are_refused(tmp_path):
    f = tmp_path / "lol.rdf"
    f.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>')
    with pytest.raises(LoadError, match="entity"):
        rolegraph.load([f], builtin=False)


def test_no_builtin_needs_data():
    with pytest.raises(BadInputError, match="--no-builtin needs"):
        rolegraph.load([], builtin=False)
