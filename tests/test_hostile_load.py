"""Every hostile file in tests/data/hostile/ gets a clear error or loads safely; nothing is fetched."""

from __future__ import annotations

import json
import re

import pytest
import rolegraph
from conftest import DATA
from rolegraph.errors import BadInputError, LoadError
from sentinel import Sentinel

HOSTILE = DATA / "hostile"
MANIFEST = {k: v for k, v in json.loads((HOSTILE / "manifest.json").read_text()).items() if not k.startswith("_")}


def test_manifest_covers_every_file():
    files = {p.name for p in HOSTILE.iterdir() if p.suffix in {".ttl", ".jsonld", ".rdf", ".nt"}}
    assert len(files) >= 20
    assert files == set(MANIFEST)


@pytest.fixture(scope="module")
def sentinel():
    with Sentinel() as s:
        yield s


def materialise(name: str, port: int, tmp_path):
    data = (HOSTILE / name).read_bytes().replace(b"{PORT}", str(port).encode())
    out = tmp_path / name
    out.write_bytes(data)
    return out


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_hostile_file(name, sentinel, tmp_path, rg):
    spec = MANIFEST[name]
    path = materialise(name, sentinel.port, tmp_path)
    before = len(rg.rdf), rg.G.number_of_nodes()
    if spec["expect"] == "error":
        with pytest.raises(LoadError) as err:
            rolegraph.load([path])
        assert str(path) in str(err.value)
        assert re.search(spec["match"], str(err.value), re.I), str(err.value)
    else:
        loaded = rolegraph.load([path])
        ids = {r["id"] for r in rolegraph.roles(loaded)["roles"]}
        assert set(spec["roles"]) <= ids
    assert (len(rg.rdf), rg.G.number_of_nodes()) == before, "the shared built-in graph changed"
    assert sentinel.requests == [], f"{name} made a network request: {sentinel.requests}"


def test_validate_does_not_follow_owl_imports(sentinel, tmp_path):
    path = materialise("owl-imports.ttl", sentinel.port, tmp_path)
    rolegraph.validate([path])
    assert sentinel.requests == []


def test_oversized_file_is_refused_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.ttl"
    big.write_bytes(b"# padding\n" * 2000)
    monkeypatch.setenv("ROLEGRAPH_MAX_FILE_BYTES", "1000")
    with pytest.raises(LoadError, match=r"over the 1,000-byte limit \(set ROLEGRAPH_MAX_FILE_BYTES"):
        rolegraph.load([big])


def test_nesting_limit_is_configurable(tmp_path, monkeypatch):
    f = tmp_path / "nested.ttl"
    f.write_text(
        "@prefix s: <http://www.w3.org/2004/02/skos/core#> .\n<http://x/a> s:related "
        + "[ s:related " * 20
        + "<http://x/b>"
        + " ]" * 20
        + " .\n"
    )
    assert len(rolegraph.load([f], builtin=False, cache=False).rdf) == 21
    monkeypatch.setenv("ROLEGRAPH_MAX_NESTING", "10")
    with pytest.raises(LoadError, match="nested more than 10 levels deep"):
        rolegraph.load([f], builtin=False, cache=False)


def test_brackets_inside_strings_and_iris_do_not_count_as_nesting(tmp_path, monkeypatch):
    monkeypatch.setenv("ROLEGRAPH_MAX_NESTING", "3")
    f = tmp_path / "strings.ttl"
    f.write_text(
        '<http://x/a> <http://x/label> "[[[[[[((((" , """[[[[\n[[[[""" .\n# [[[[[[[[\n<http://x/a> <http://x/b> [ <http://x/c> "x" ] .\n'
    )
    assert len(rolegraph.load([f], builtin=False, cache=False).rdf) == 4


@pytest.mark.parametrize("value", ["lots", "-5", "0"])
def test_bad_limit_values_are_named(value, monkeypatch, tmp_path):
    from rolegraph.errors import BadInputError

    monkeypatch.setenv("ROLEGRAPH_MAX_NESTING", value)
    f = tmp_path / "x.ttl"
    f.write_text("<http://x/a> <http://x/b> <http://x/c> .\n")
    with pytest.raises(BadInputError, match=f"ROLEGRAPH_MAX_NESTING='{value}' is not a positive whole number"):
        rolegraph.load([f], builtin=False, cache=False)


def test_process_keeps_working_after_errors(rg):
    assert rolegraph.owner(rg, "RAG pipeline design")["owners"][0]["id"] == "ai-engineer"


def test_triples_per_file_limit(tmp_path, monkeypatch):
    f = tmp_path / "many.nt"
    f.write_text("".join(f"<http://x/s{i}> <http://x/p> <http://x/o> .\n" for i in range(50)))
    assert len(rolegraph.load([f], builtin=False, cache=False).rdf) == 50
    monkeypatch.setenv("ROLEGRAPH_MAX_TRIPLES_PER_FILE", "49")
    with pytest.raises(LoadError, match=r"more than 49 triples in one file \(set ROLEGRAPH_MAX_TRIPLES_PER_FILE"):
        rolegraph.load([f], builtin=False, cache=False)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:{PORT}/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { { ?s ?p ?o } UNION { service <http://127.0.0.1:{PORT}/sparql> { ?s ?p ?o } } }",
        "SELECT * FROM <http://127.0.0.1:{PORT}/data.ttl> WHERE { ?s ?p ?o }",
        "LOAD <http://127.0.0.1:{PORT}/data.ttl>",
        "DESCRIBE <http://127.0.0.1:{PORT}/thing>",
    ],
)
def test_sparql_never_reaches_the_network(query, sentinel, rg):
    """SERVICE, LOAD and FROM are refused; DESCRIBE of a remote IRI answers from the local graph only."""
    from rolegraph.sparql_run import run_memory

    q = query.replace("{PORT}", str(sentinel.port))
    try:
        res = run_memory(rg.rdf, q)
    except BadInputError as exc:
        assert str(exc)
    else:
        assert q.startswith("DESCRIBE") and res is not None
    assert sentinel.requests == [], f"{q!r} made a request: {sentinel.requests}"
