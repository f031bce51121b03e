"""Check RDF against rolegraph's SHACL shapes."""

from __future__ import annotations

import rdflib
from rdflib import RDF, SH

from .load import builtin_files, oxigraph_graph, parse_file, parse_into, shapes_file

__all__ = ["validate", "violations"]


def violations(data: rdflib.Graph, *, shapes: rdflib.Graph | None = None) -> list[dict]:
    """Every SHACL result for ``data``, as ``{"node", "shape", "path", "severity", "message"}``, sorted."""
    import pyshacl  # ~0.1 s to import: only when something is validated, not on every command

    if shapes is None:
        shapes = parse_file(shapes_file())
    ont = rdflib.Graph()
    for f in builtin_files()[:2]:  # vocabulary and sources give classes and rgi:curated
        parse_into(ont, f)
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ont, inference="none", advanced=True, allow_warnings=True)
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(r, SH.sourceShape)
        # name the node shape, not an anonymous property shape
        owner = next(iter(shapes.subjects(SH.property, shape)), None) if shape is not None else None
        out.append(
            {
                "node": str(report.value(r, SH.focusNode)),
                "shape": str(owner if owner is not None else shape),
                "path": str(report.value(r, SH.resultPath) or ""),
                "severity": str(report.value(r, SH.resultSeverity) or "").rsplit("#", 1)[-1],
                "message": str(report.value(r, SH.resultMessage) or ""),
            }
        )
    return sorted(out, key=lambda v: (v["node"], v["shape"], v["path"], v["message"]))


def validate(paths=(), *, builtin: bool = True) -> list[dict]:
    """Violations in the built-in data (unless ``builtin=False``) plus ``paths``.

    Datasets (TriG, N-Quads) are validated flattened: each triple once, and each
    subject citing the declared sources whose named graphs it has statements in.
    """
    files = builtin_files() if builtin else builtin_files()[:2]
    g = rdflib.Graph()
    g += oxigraph_graph([*files, *paths])
    return violations(g)
