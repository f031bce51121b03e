"""Loading through pyoxigraph: the cache that makes a second start fast (hit, never stale, off, damage), and lenient input."""

from __future__ import annotations

import pickle

import pytest
import rolegraph
from conftest import DATA
from rolegraph.cache import cache_dir
from rolegraph.errors import LoadError

EXTRA = """@prefix rg: <https://rolegraph.dev/vocab#> .
@prefix rgi: <https://rolegraph.dev/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
rgi:{slug} a rg:Role ; skos:prefLabel "{label}"@en .
"""


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ROLEGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ROLEGRAPH_CACHE", raising=False)
    return tmp_path / "cache"


def test_second_load_comes_from_the_cache(folder):
    first = rolegraph.load([DATA / "fixture.ttl"], builtin=False)
    files = sorted(folder.glob("*.pickle"))
    assert len(files) == 1
    second = rolegraph.load([DATA / "fixture.ttl"], builtin=False)
    assert second is not first
    assert rolegraph.stats(second) == rolegraph.stats(first)
    assert sorted(second.G.edges(keys=True)) == sorted(first.G.edges(keys=True))
    assert len(second.rdf) == len(first.rdf) == rolegraph.stats(second)["triples"]  # rdf is rebuilt from the same bytes
    rolegraph.resolve(second, "Baker")
    assert any(p.name.endswith(".resolve.pickle") for p in folder.glob("*.pickle")), "the label index is kept too"


def test_a_changed_file_is_never_served_stale(folder, tmp_path):
    f = tmp_path / "extra.ttl"
    f.write_text(EXTRA.format(slug="analytics-engineer", label="Analytics engineer"))
    assert "analytics-engineer" in rolegraph.load([f], builtin=False).ids
    f.write_text(EXTRA.format(slug="platform-engineer", label="Platform engineer"))
    again = rolegraph.load([f], builtin=False)
    assert "platform-engineer" in again.ids and "analytics-engineer" not in again.ids


def test_cache_off(folder, monkeypatch):
    rolegraph.load([DATA / "fixture.ttl"], builtin=False, cache=False)
    assert not folder.exists()
    monkeypatch.setenv("ROLEGRAPH_CACHE", "off")
    assert cache_dir() is None
    rolegraph.load([DATA / "fixture.ttl"], builtin=False)
    assert not folder.exists()


def test_a_damaged_cache_file_is_rebuilt(folder):
    rolegraph.load([DATA / "fixture.ttl"], builtin=False)
    (cached,) = folder.glob("*.pickle")
    cached.write_bytes(b"not a pickle")
    rg = rolegraph.load([DATA / "fixture.ttl"], builtin=False)
    assert "baker" in rg.ids
    assert isinstance(pickle.loads(cached.read_bytes()), rolegraph.RoleGraph)


def test_an_iri_rdflib_lets_through_is_a_clear_error(tmp_path):
    """pyoxigraph refuses the file, rdflib reads it with a warning; the load names the file and the IRI."""
    f = tmp_path / "odd.ttl"
    f.write_text(
        EXTRA.format(slug="platform-engineer", label="Platform engineer")
        + "rgi:platform-engineer skos:closeMatch <http://example.org/odd iri> .\n"
    )
    with pytest.raises(LoadError, match=r"odd\.ttl: invalid IRI <http://example.org/odd iri>"):
        rolegraph.load([f], builtin=False, cache=False)


def test_the_rdf_view_answers_like_rdflib(small):
    """``rg.rdf`` sits on Oxigraph; rdflib idioms still work and give rdflib's terms."""
    from rdflib import SKOS, Literal, URIRef
    from rdflib.plugins.sparql import prepareQuery

    baker = URIRef("https://rolegraph.dev/id/baker")
    q = prepareQuery("SELECT ?l WHERE { ?s skos:prefLabel ?l }", initNs={"skos": SKOS})
    assert list(small.rdf.query(q, initBindings={"s": baker})) == [(Literal("Baker", lang="en"),)]
    text = "SELECT ?l WHERE { ?s skos:prefLabel ?l }"
    assert [r[0] for r in small.rdf.query(text, initNs={"skos": SKOS}, initBindings={"s": baker})] == [Literal("Baker", lang="en")]
    ask = small.rdf.query("ASK { ?s <https://rolegraph.dev/vocab#spectrumPosition> 1 }")
    assert ask.askAnswer is True


def test_plain_literals_come_back_as_rdflib_makes_them(tmp_path):
    from rdflib import RDFS, Literal, URIRef

    f = tmp_path / "plain.ttl"
    f.write_text(EXTRA.format(slug="baker", label="Baker") + 'rgi:baker <http://www.w3.org/2000/01/rdf-schema#comment> "plain" .\n')
    rdf = rolegraph.load([f], builtin=False, cache=False).rdf
    (comment,) = rdf.objects(URIRef("https://rolegraph.dev/id/baker"), RDFS.comment)
    assert comment == Literal("plain") and comment.datatype is None  # not xsd:string, which rdflib tells apart
    (row,) = rdf.query("SELECT ?c WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#comment> ?c }")
    assert row[0].datatype is None


@pytest.mark.parametrize("cached", [True, False])
def test_loading_leaves_the_callers_garbage_collectable(folder, cached):
    """No global gc.freeze: a reference cycle the caller made before loading is still collected after."""
    import gc
    import weakref

    class Node:
        pass

    frozen = gc.get_freeze_count()
    a, b = Node(), Node()
    a.other, b.other = b, a
    alive = weakref.ref(a)
    rolegraph.load([DATA / "fixture.ttl"], builtin=False, cache=cached)
    rolegraph.load([DATA / "fixture.ttl"], builtin=False, cache=cached)
    del a, b
    gc.collect()
    assert alive() is None
    assert gc.get_freeze_count() == frozen
    assert gc.isenabled()


def test_derived_tables_persist_through_the_public_tables_store(folder):
    from rolegraph.cache import Tables

    rg = rolegraph.load([DATA / "fixture.ttl"], builtin=False)
    assert isinstance(rg._derived_store, Tables)
    built = []
    assert rg.derived("probe", lambda: built.append(1) or {"x": 1}) == {"x": 1}
    again = rolegraph.load([DATA / "fixture.ttl"], builtin=False)
    assert again is not rg and again.derived("probe", lambda: built.append(2) or {"x": 2}) == {"x": 1}
    assert built == [1] and len(list(folder.glob("*.probe.pickle"))) == 1
