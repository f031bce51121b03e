"""Hostile labels (HTML, script, quotes, newlines, Markdown/Mermaid syntax, formulas,
right-to-left overrides) stay data in every format: escaped in text, exact in data."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
import rdflib
import rolegraph
from pptx import Presentation
from rdflib import SKOS, URIRef
from rdflib.compare import isomorphic
from rolegraph.export import export, export_files
from rolegraph.subgraph import select

DATA = Path(__file__).parent / "data"
EVIL_ROLE = "https://rolegraph.dev/id/evil-role"
#: Things that must never appear raw in a text format meant for display.
RAW = ["<script", "<svg", "<img", "<iframe", "</textarea", "<marquee", "<blink", "\u202e", "\u200f"]


@pytest.fixture(scope="module")
def hostile():
    return rolegraph.load([DATA / "hostile.ttl"], builtin=False)


def label(rg, slug) -> str:
    return rg.G.nodes[f"https://rolegraph.dev/id/{slug}"]["label"]


def test_fixture_is_hostile(hostile):
    role = label(hostile, "evil-role")
    assert "<script>" in role and "\n" in role and "\u202e" in role and '"' in role and "'" in role


class Strict(HTMLParser):
    """Collects every tag and the text; a label that became markup shows up as a tag."""

    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [k for k, _ in attrs]

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("fmt", ["handout-html", "handout-md", "quiz-md"])
def test_html_and_markdown_keep_labels_as_text(hostile, fmt):
    text = export_files(hostile, fmt)[""].decode("utf-8")
    for raw in RAW:
        assert raw not in text, raw
    assert text.count("</title") <= 1  # the page's own title only
    p = Strict()
    p.feed(text)
    assert not {"script", "svg", "img", "iframe", "textarea", "marquee", "blink", "u", "b", "em", "big"} & set(p.tags)
    assert not [a for a in p.attrs if a.startswith("on")]
    if fmt == "handout-html":
        shown = " ".join(p.text)
        assert "<script>alert(\"role\")</script> & 'engineer' second line \\u202egnp.exe" in shown


def test_markdown_syntax_in_labels_is_escaped(hostile):
    md = export_files(hostile, "handout-md")[""].decode("utf-8")
    assert "\\*bold\\* \\_em\\_ \\[link\\](javascript:alert(3))" in md
    assert "1\\. starts like a list \\# and a heading" in md  # a definition cannot start a list or heading
    assert not re.search(r"^#+ .*\n.*^# and a heading", md, flags=re.M)


def test_mermaid_labels_cannot_break_out(hostile):
    lines = export_files(hostile, "mermaid")[""].decode("utf-8").splitlines()
    node_lines = [line for line in lines if ":::" in line]
    assert len(node_lines) == hostile.G.number_of_nodes()
    for line in node_lines:
        inner = re.fullmatch(r'  n\d+[\[\(\{>/]+"(.*)"[\]\)\}/]+:::\w+', line)
        assert inner, line
        assert '"' not in inner.group(1) and "%%" not in inner.group(1) and "<" not in inner.group(1)
    assert not any(line.lstrip().startswith(("click", "%%{")) for line in lines)


def test_rdf_keeps_hostile_labels_exact(hostile):
    sel = select(hostile)
    for fmt, name in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        back = rdflib.Graph().parse(data=export_files(hostile, fmt)[""], format=name)
        assert isomorphic(back, sel.rdf), fmt
        assert str(back.value(URIRef(EVIL_ROLE), SKOS.prefLabel)) == label(hostile, "evil-role")


def test_graph_files_keep_hostile_labels_exact(hostile):
    G = nx.read_graphml(io.BytesIO(export_files(hostile, "graphml")[""]), force_multigraph=True)
    assert G.nodes["evil-role"]["label"] == label(hostile, "evil-role")
    assert G.nodes["evil-tool"]["label"] == label(hostile, "evil-tool")
    G = nx.read_gexf(io.BytesIO(export_files(hostile, "gexf")[""]), version="1.3")
    assert G.nodes["evil-role"]["label"] == label(hostile, "evil-role")  # newline survives as &#10;


def test_csv_is_exact_except_formulas_are_defused(hostile, tmp_path):
    export(hostile, "csv", tmp_path / "c")
    with open(tmp_path / "c" / "nodes.csv", newline="", encoding="utf-8") as fh:
        rows = {r["id"]: r for r in csv.DictReader(fh)}
    assert len(rows) == hostile.G.number_of_nodes()
    assert rows["evil-role"]["label"] == label(hostile, "evil-role")
    formula = label(hostile, "evil-deliverable")
    assert formula.startswith("=") and rows["evil-deliverable"]["label"] == "'" + formula


def test_pptx_shows_labels_as_plain_text(hostile):
    prs = Presentation(io.BytesIO(export_files(hostile, "pptx")[""]))
    texts = [sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame]
    joined = "\n".join(texts)
    assert "\u202e" not in joined and "<script>alert(\"role\")</script> & 'engineer' second line \\u202egnp.exe" in joined


def test_anki_fields_are_escaped(hostile, tmp_path):
    with zipfile.ZipFile(io.BytesIO(export_files(hostile, "anki")[""])) as z:
        (tmp_path / "c.anki2").write_bytes(z.read("collection.anki2"))
    con = sqlite3.connect(tmp_path / "c.anki2")
    try:
        fields = " ".join(r[0] for r in con.execute("select flds from notes"))
    finally:
        con.close()
    assert fields and "<script" not in fields and "&lt;script&gt;" in fields


def test_pdf_is_written(hostile):
    assert export_files(hostile, "handout-pdf")[""].startswith(b"%PDF-")


MANIFEST = {k: v for k, v in json.loads((DATA / "hostile" / "manifest.json").read_text()).items() if not k.startswith("_")}
EXPORT_CASES = [(name, fmt) for name, spec in sorted(MANIFEST.items()) if "export" in spec for fmt in spec["export"]["formats"]]


@pytest.mark.parametrize(("name", "fmt"), EXPORT_CASES, ids=[f"{n}-{f}" for n, f in EXPORT_CASES])
def test_hostile_file_exports_cleanly(name, fmt, tmp_path):
    from rolegraph.cli import main
    from rolegraph.exporters import FORMATS

    spec = MANIFEST[name]["export"]
    out = tmp_path / ("out" + FORMATS[fmt]["suffix"])
    argv = ["--data", str(DATA / "hostile" / name), "export", "--format", fmt, "--out", str(out)]
    if "role" in spec:
        argv += ["--role", spec["role"]]
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(argv, stdout=stdout, stderr=stderr)
    assert code == spec["exit"], stderr.getvalue()
    if code == 2:
        err = stderr.getvalue()
        assert err.startswith("rolegraph: error: ") and len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert re.search(spec["match"], err), err
        assert not out.exists()
    else:
        assert out.exists() and out.stat().st_size > 0
    assert EXPORT_CASES and len({n for n, _ in EXPORT_CASES}) >= 2
