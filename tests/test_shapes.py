"""SHACL shapes: the project's data conforms, every shape has a snippet that must fail.

Snippets live in tests/shapes/valid/*.ttl and tests/shapes/invalid/*.ttl; an
invalid snippet's first line reads ``# expect: <Shape> <what is wrong>``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, SH
from rolegraph.load import builtin_files, parse_file, parse_into, shapes_file
from rolegraph.validate import validate, violations

SNIPPETS = Path(__file__).parent / "shapes"
VALID = sorted((SNIPPETS / "valid").glob("*.ttl"))
INVALID = sorted((SNIPPETS / "invalid").glob("*.ttl"))


def node_shapes() -> list[str]:
    shapes = parse_file(shapes_file())
    return sorted(
        str(s).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, rdflib.URIRef)
    )


def with_context(path: Path) -> rdflib.Graph:
    g = rdflib.Graph()
    for f in builtin_files()[:2]:
        parse_into(g, f)
    parse_into(g, path)
    return g


def expectation(path: Path) -> str:
    first = path.read_text().splitlines()[0]
    assert first.startswith("# expect:"), f"{path.name} must start with '# expect: <Shape> <what>'"
    return first.split(":", 1)[1].split()[0]


def test_snippet_counts_guard():
    shapes = node_shapes()
    assert len(shapes) >= 9
    assert len(VALID) >= len(shapes) and len(INVALID) >= len(shapes)


def test_builtin_data_conforms():
    found = validate()
    assert found == [], "\n".join(f"{v['node']} {v['shape']} {v['message']}" for v in found[:20])


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_snippet_conforms(path):
    found = violations(with_context(path))
    assert found == [], "\n".join(f"{v['node']} {v['shape']}: {v['message']}" for v in found)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_snippet_fails_its_shape(path):
    shape = expectation(path)
    found = violations(with_context(path))
    assert found, f"{path.name} conforms but should violate {shape}"
    shapes_hit = {v["shape"].rsplit("#", 1)[-1].rsplit("/", 1)[-1] for v in found}
    assert shape in shapes_hit, f"{path.name}: expected {shape}, SHACL reported {shapes_hit}: {[v['message'] for v in found]}"
    assert all(v["message"] for v in found), "every violation carries a message"


def test_every_node_shape_has_a_failing_snippet():
    covered = {expectation(p) for p in INVALID}
    missing = sorted(set(node_shapes()) - covered)
    assert missing == []
