"""Renderers of every export format, one module per family.

Each renderer is ``render(rg, selection) -> {name: bytes}``: name ``""`` for a
one-file format, file names inside the folder for ``csv`` and ``docs``.
Modules are imported on first use, so ``rolegraph export --format ttl`` never
loads python-pptx or fpdf2.
"""

from __future__ import annotations

import importlib
from datetime import UTC, datetime

__all__ = ["EPOCH", "FORMATS", "renderer"]

#: The date written into formats that demand one (PPTX, PDF, .apkg, zip entries).
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)

#: format name → module:function, whether it writes a folder, usual suffix, MIME type (a folder comes zipped), what it is.
FORMATS: dict[str, dict] = {
    "ttl": {"fn": "rdf:turtle", "dir": False, "suffix": ".ttl", "mime": "text/turtle", "what": "RDF, Turtle (sources' graphs flattened)"},
    "jsonld": {
        "fn": "rdf:jsonld",
        "dir": False,
        "suffix": ".jsonld",
        "mime": "application/ld+json",
        "what": "RDF, JSON-LD with an inline context (flattened)",
    },
    "nt": {"fn": "rdf:ntriples", "dir": False, "suffix": ".nt", "mime": "application/n-triples", "what": "RDF, N-Triples (sorted lines)"},
    "trig": {
        "fn": "rdf:trig",
        "dir": False,
        "suffix": ".trig",
        "mime": "application/trig",
        "what": "RDF, TriG: each statement in the named graph of its source",
    },
    "nq": {
        "fn": "rdf:nquads",
        "dir": False,
        "suffix": ".nq",
        "mime": "application/n-quads",
        "what": "RDF, N-Quads: each statement in the named graph of its source",
    },
    "graphml": {
        "fn": "graphs:graphml",
        "dir": False,
        "suffix": ".graphml",
        "mime": "application/graphml+xml",
        "what": "GraphML for yEd and Cytoscape",
    },
    "gexf": {"fn": "graphs:gexf", "dir": False, "suffix": ".gexf", "mime": "application/gexf+xml", "what": "GEXF 1.3 for Gephi"},
    "csv": {
        "fn": "tables:csv_dir",
        "dir": True,
        "suffix": "",
        "mime": "application/zip",
        "what": "folder with nodes.csv, edges.csv and load.cypher (Neo4j LOAD CSV)",
    },
    "mermaid": {"fn": "mermaid:mermaid", "dir": False, "suffix": ".mmd", "mime": "text/vnd.mermaid", "what": "Mermaid flowchart"},
    "html": {"fn": "page:html", "dir": False, "suffix": ".html", "mime": "text/html", "what": "standalone interactive page, works offline"},
    "handout-md": {"fn": "handout:markdown", "dir": False, "suffix": ".md", "mime": "text/markdown", "what": "handout per role, Markdown"},
    "handout-html": {
        "fn": "handout:html",
        "dir": False,
        "suffix": ".html",
        "mime": "text/html",
        "what": "handout per role, printable HTML",
    },
    "handout-pdf": {"fn": "handout_pdf:pdf", "dir": False, "suffix": ".pdf", "mime": "application/pdf", "what": "handout per role, PDF"},
    "handout-docx": {
        "fn": "handout_docx:docx",
        "dir": False,
        "suffix": ".docx",
        "mime": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "what": "handout per role, Word document",
    },
    "pptx": {
        "fn": "slides:pptx",
        "dir": False,
        "suffix": ".pptx",
        "mime": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "what": "slide deck (PowerPoint), 16:9",
        "template": True,
    },
    "quiz-md": {"fn": "quiz:markdown", "dir": False, "suffix": ".md", "mime": "text/markdown", "what": "quiz with answer key, Markdown"},
    "anki": {
        "fn": "quiz:anki",
        "dir": False,
        "suffix": ".apkg",
        "mime": "application/octet-stream",
        "what": "Anki deck of the quiz questions",
    },
    "docs": {
        "fn": "docs:docs",
        "dir": True,
        "suffix": "",
        "mime": "application/zip",
        "what": "folder with a static HTML reference of the vocabulary",
        "whole": True,
    },
}


def renderer(fmt: str):
    """The render function of a format (its module is imported now)."""
    module, fn = FORMATS[fmt]["fn"].split(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), fn)
