"""Every hostile file in tests/data/hostile/ gets a clear error or loads safely; nothing is fetched."""

from __future__ import annotations

import json
import re

import pytest
from conftest import DATA
from sentinel import Sentinel

import graph
from graph.errors import LoadError

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
            graph.load([path])
        assert str(path) in str(err.value)
        assert re.search(spec["match"], str(err.value), re.I), str(err.value)
    else:
        loaded = graph.load([path])
        ids = {r["id"] for r in graph.roles(loaded)["roles"]}
        assert set(spec["roles"]) <= ids
    assert (len(rg.rdf), rg.G.number_of_nodes()) == before, "the shared built-in graph changed"
    assert sentinel.requests == [], f"{name} made a network request: {sentinel.requests}"


def test_validate_does_not_follow_owl_imports(sentinel, tmp_path):
    path = materialise("owl-imports.ttl", sentinel.port, tmp_path)
    graph.validate([path])
    assert sentinel.requests == []


def test_oversized_file_is_refused_before_reading(tmp_path, monkeypatch):
    from graph import load as load_module

    big = tmp_path / "big.ttl"
    big.write_bytes(b"# padding\n" * 2000)
    monkeypatch.setattr(load_module, "MAX_FILE_BYTES", 1000)
    with pytest.raises(LoadError, match=r"over the 1,000-byte limit"):
        graph.load([big])


def test_process_keeps_working_after_errors(rg):
    assert graph.owner(rg, "RAG pipeline design")["owners"][0]["id"] == "ai-engineer"
