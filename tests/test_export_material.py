"""Training material: handouts (Markdown, HTML, PDF), slides, quiz and Anki deck, and the vocabulary docs."""

from __future__ import annotations

import html
import io
import json
import re
import sqlite3
import zipfile
from html.parser import HTMLParser

import pytest
from pptx import Presentation
from pypdf import PdfReader
from rolegraph import BadInputError
from rolegraph.export import export, export_files
from rolegraph.exporters import EPOCH
from rolegraph.exporters.quiz import LETTERS, questions
from rolegraph.subgraph import select

MAIN = ["data-engineer", "ml-engineer", "ai-engineer"]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse_html(data: bytes) -> _Tags:
    p = _Tags()
    p.feed(data.decode("utf-8"))
    return p


def test_handout_md_has_a_section_per_role_with_cited_facts(rg):
    md = export_files(rg, "handout-md", roles=MAIN)[""].decode("utf-8")
    heads = re.findall(r"^## (.+?)(?: \[[\d, ]+\])?$", md, flags=re.M)
    assert heads == ["Data engineer", "ML engineer", "AI engineer", "Sources"]
    for needed in ("**Primary output:** Reliable data pipelines", "### Mis-hires to avoid", "### Overlap zones and the split"):
        assert needed in md
    assert "### What an ML engineer is not responsible for" in md
    listed = {int(n) for n in re.findall(r"^(\d+)\. ", md.split("## Sources")[1], flags=re.M)}
    cited = {int(n) for group in re.findall(r"\[([\d, ]+)\]", md) for n in group.split(", ")}
    assert cited and cited == listed  # every citation resolves, every listed source is cited


def test_handout_html_is_a_printable_page_without_script(rg):
    page = parse_html(export_files(rg, "handout-html", roles=["ai-engineer"])[""])
    tags = [t for t, _ in page.tags]
    assert "script" not in tags
    assert tags.count("h2") == 2  # the role, then Sources
    assert "Inference serving overlap (ML engineer, AI engineer)" in "".join(page.text)


def test_handout_needs_a_role(rg):
    with pytest.raises(BadInputError, match="no role"):
        export_files(rg, "handout-md", types="tool")


def test_handout_pdf_reads_back(rg):
    data = export_files(rg, "handout-pdf", roles=MAIN)[""]
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) >= 4
    for label in ("Data engineer", "ML engineer", "AI engineer", "Mis-hires to avoid", "Sources"):
        assert label in text
    assert reader.metadata.creation_date.year == EPOCH.year


def test_pptx_has_the_slides_asked_for(rg):
    prs = Presentation(io.BytesIO(export_files(rg, "pptx")[""]))
    titles = [s.shapes.title.text.removesuffix(" (continued)") for s in prs.slides]
    roles = [rg.G.nodes[r]["label"] for r in sorted(rg.of_type("role"), key=lambda r: rg.G.nodes[r]["spectrum"] or 99)]
    zones = {f"{rg.G.nodes[z]['label']}: who does what" for z in rg.of_type("overlap_zone")}
    mis = {f"Mis-hire: {rg.G.nodes[m]['label']}" for m in rg.of_type("mis_hire")}
    assert titles[0] == "All roles"
    assert [t for t in dict.fromkeys(titles) if t in roles] == roles  # in spectrum order
    assert zones <= set(titles) and mis <= set(titles)
    assert titles[-1] == "Which role do you need?" and "The roles side by side" in titles
    table = next(sh for s in prs.slides for sh in s.shapes if sh.has_table).table
    assert [c.text for c in table.rows[0].cells][1:] == roles
    assert prs.core_properties.created.year == EPOCH.year


def test_quiz_has_30_questions_each_with_one_right_answer(rg):
    qs = questions(rg, select(rg))
    assert len(qs) >= 30
    assert len({q["id"] for q in qs}) == len(qs)
    role_labels = {rg.G.nodes[r]["label"] for r in rg.of_type("role")}
    for q in qs:
        assert len(q["options"]) == len(set(q["options"])) == 4
        assert 0 <= q["answer"] < 4
    for q in (q for q in qs if q["kind"] == "owner"):
        deliverable = rg.ids[q["id"].removeprefix("delivers-")]
        owner = rg.into(deliverable, "delivers")
        if len(owner) == 1:
            assert q["options"][q["answer"]] == rg.G.nodes[owner[0]]["label"]
            assert set(q["options"]) <= role_labels  # distractors are the other roles
    kinds = {q["kind"] for q in qs}
    assert {"owner", "zone", "need", "not-responsible"} <= kinds


def test_quiz_md_answer_key_matches(rg):
    md = export_files(rg, "quiz-md")[""].decode("utf-8")
    qs = questions(rg, select(rg))
    key = re.findall(r"^(\d+)\\\. \*\*([A-D])\*\*", md.split("## Answer key")[1], flags=re.M)
    assert [(int(n), letter) for n, letter in key] == [(i, LETTERS[q["answer"]]) for i, q in enumerate(qs, 1)]


def test_anki_deck_opens_as_sqlite(rg, tmp_path):
    out = tmp_path / "roles.apkg"
    export(rg, "anki", out)
    qs = questions(rg, select(rg))
    with zipfile.ZipFile(out) as z:
        assert sorted(z.namelist()) == ["collection.anki2", "media"]
        (tmp_path / "c.anki2").write_bytes(z.read("collection.anki2"))
    con = sqlite3.connect(tmp_path / "c.anki2")
    try:
        notes = con.execute("select flds, tags from notes order by id").fetchall()
        cards = con.execute("select count(*) from cards").fetchone()[0]
        decks = json.loads(con.execute("select decks from col").fetchone()[0])
    finally:
        con.close()
    assert len(notes) == cards == len(qs)
    fronts = {n[0].split("\x1f")[0] for n in notes}
    assert html.escape(qs[0]["prompt"], quote=True) in fronts
    assert "rolegraph::All roles" in {d["name"] for d in decks.values()}


def test_docs_reference_the_vocabulary_and_shapes(rg, tmp_path):
    res = export(rg, "docs", tmp_path / "docs")
    assert sorted(p.rsplit("/", 1)[-1] for p in res["files"]) == ["index.html", "shapes.ttl", "vocab.ttl"]
    page = parse_html((tmp_path / "docs" / "index.html").read_bytes())
    anchors = {a.get("id") for _, a in page.tags if a.get("id")}
    assert {"Role", "OverlapZone", "delivers", "sharedBy", "primaryOutput", "RoleShape"} <= anchors
    assert "script" not in [t for t, _ in page.tags]
    text = " ".join(page.text)
    assert "A job role in tech" in text
    hrefs = {a["href"] for t, a in page.tags if t == "a"}
    assert all(h.startswith("#") or h in ("vocab.ttl", "shapes.ttl") for h in hrefs)  # nothing remote
    with pytest.raises(BadInputError, match="whole vocabulary"):
        export(rg, "docs", tmp_path / "d2", roles=["data-engineer"])
