"""Second-round hostile files (issue 16, items 3, 6, 9): every way in, and the guards behind the checks."""

from __future__ import annotations

from pathlib import Path

import pytest
import rolegraph
from conftest import DATA
from rolegraph import session
from rolegraph.errors import LoadError
from rolegraph.load import _rdflib_parse, read_checked
from sentinel import Sentinel

HOSTILE = DATA / "hostile"


@pytest.fixture
def sentinel():
    with Sentinel() as s:
        yield s


def _doc(name: str, port: int) -> bytes:
    return (HOSTILE / name).read_bytes().replace(b"{PORT}", str(port).encode())


@pytest.mark.parametrize(
    "name", ["import-context.jsonld", "import-context-nested.jsonld", "scoped-context.jsonld", "type-scoped-context.jsonld"]
)
def test_an_upload_in_the_app_fetches_no_context(name, sentinel, tmp_path):
    with pytest.raises(LoadError, match="not inline"):
        session.load_upload(name, _doc(name, sentinel.port), (), tmp_path)
    assert sentinel.requests == []


def test_rdflib_cannot_fetch_a_context_even_past_the_check(sentinel, tmp_path):
    """The second guard: were the check to miss a form, rdflib's parser still fetches nothing."""
    path = tmp_path / "x.jsonld"
    with pytest.raises(LoadError, match="not inline"):
        _rdflib_parse(path, "json-ld", _doc("import-context.jsonld", sentinel.port))
    with pytest.raises(LoadError, match="not inline"):
        _rdflib_parse(path, "json-ld", _doc("remote-context.jsonld", sentinel.port))
    assert sentinel.requests == []
    import rdflib

    # outside rolegraph's parse, rdflib is left as it was
    from rdflib.plugins.shared.jsonld.context import Context

    assert Context._fetch_context.__name__ == "_fetch_context"
    assert (
        len(rdflib.Graph().parse(data='{"@context": {"n": "http://x.example/n"}, "@id": "http://x.example/a", "n": "v"}', format="json-ld"))
        == 1
    )


def test_inline_contexts_still_load(tmp_path):
    f = tmp_path / "ok.jsonld"
    f.write_text(
        '{"@context": [{"skos": "http://www.w3.org/2004/02/skos/core#"}, {"label": {"@id": "skos:prefLabel", "@context": {"x": "http://x.example/"}}}],'
        ' "@id": "https://rolegraph.dev/id/ok", "label": "fine"}'
    )
    assert len(rolegraph.load([f], builtin=False, cache=False).rdf) == 1


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le"])
@pytest.mark.parametrize("suffix", [".rdf", ".ttl", ".jsonld", ".nt"])
def test_wide_encodings_without_a_mark_are_refused_before_parsing(codec, suffix, tmp_path):
    text = {
        ".rdf": (HOSTILE / "billion-laughs.rdf").read_text(),
        ".ttl": '<https://rolegraph.dev/id/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "a" .\n',
        ".nt": '<https://rolegraph.dev/id/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "a" .\n',
        ".jsonld": '{"@id": "https://rolegraph.dev/id/a", "http://www.w3.org/2004/02/skos/core#prefLabel": "a"}',
    }[suffix]
    f = tmp_path / f"wide{suffix}"
    f.write_bytes(text.encode(codec))
    with pytest.raises(LoadError, match="NUL bytes: UTF-16 or UTF-32"):
        read_checked(f)


def test_an_xml_declaration_naming_another_encoding_is_refused(tmp_path):
    f = tmp_path / "latin.rdf"
    f.write_bytes(
        b'<?xml version="1.0" encoding="windows-1252"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description rdf:about="https://rolegraph.dev/id/a"/></rdf:RDF>'
    )
    with pytest.raises(LoadError, match="encoding 'windows-1252'; save the file as UTF-8"):
        read_checked(f)
    f.write_bytes(f.read_bytes().replace(b"windows-1252", b"UTF-8"))
    assert read_checked(f)[1] == "xml"


def test_a_50000_prefix_flood_is_refused_before_rdflib_binds(tmp_path):
    """The review's file: 2.4 MB of @prefix lines took 134 s in `sparql` and 291 s in `export`."""
    f = tmp_path / "flood.ttl"
    f.write_text(
        "".join(f"@prefix p{i}: <http://prefix.example/very/long/namespace/{i}#> .\n" for i in range(50_000))
        + "<http://x.example/a> <http://x.example/b> <http://x.example/c> .\n"
    )
    assert f.stat().st_size > 2_400_000
    with pytest.raises(LoadError, match=r"more than 1,000 prefixes \(set ROLEGRAPH_MAX_PREFIXES"):
        rolegraph.load([f], builtin=False, cache=False)


def test_prefixes_within_the_limit_load_and_are_bound(tmp_path, monkeypatch):
    f = tmp_path / "some.ttl"
    f.write_text("".join(f"@prefix p{i}: <http://prefix.example/ns{i}#> .\n" for i in range(30)) + "p1:a p2:b p3:c .\n")
    rg = rolegraph.load([f], builtin=False, cache=False)
    bound = {p: str(ns) for p, ns in rg.rdf.namespaces()}
    assert bound["p0"] == "http://prefix.example/ns0#" and bound["p29"] == "http://prefix.example/ns29#"
    monkeypatch.setenv("ROLEGRAPH_MAX_PREFIXES", "10")
    with pytest.raises(LoadError, match=r"more than 10 prefixes"):
        rolegraph.load([f], builtin=False, cache=False)


def test_the_corpus_files_are_what_they_claim():
    assert b"\x00" in (HOSTILE / "billion-laughs-utf16le.rdf").read_bytes()[:4]
    assert not (HOSTILE / "billion-laughs-utf16le.rdf").read_bytes().startswith((b"\xff\xfe", b"\xfe\xff"))
    assert Path(HOSTILE / "prefix-flood.ttl").read_text().count("@prefix") == 1500
