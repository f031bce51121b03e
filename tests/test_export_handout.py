"""Handouts read back by independent readers: markdown-it-py (CommonMark), lxml, pypdf and python-docx."""

from __future__ import annotations

import io
import re

import docx
import pytest
from lxml import html as lxml_html
from markdown_it import MarkdownIt
from pypdf import PdfReader
from rolegraph.export import export_files
from rolegraph.exporters.material import credit

SELECTIONS = [{"roles": ["ml-engineer"]}, {"roles": ["ai-engineer"]}, {}, {"zone": "inference serving"}]
CITE = re.compile(r"\[(\d+(?:, \d+)*)\]")


def cited(text: str) -> set[int]:
    return {int(n) for group in CITE.findall(text) for n in group.split(", ")}


@pytest.fixture(scope="module")
def work(rg):
    [w] = credit(rg)
    return w


@pytest.mark.parametrize("kw", SELECTIONS, ids=["ml", "ai", "all", "zone"])
def test_commonmark_numbers_the_sources_as_the_citations_do(rg, kw):
    md = export_files(rg, "handout-md", **kw)[""].decode("utf-8")
    page = lxml_html.fromstring(MarkdownIt("commonmark").render(md))
    [sources] = page.xpath("//h2[.='Sources']/following-sibling::ol")
    start = int(sources.get("start", "1"))
    shown = {start + i: li.text_content() for i, li in enumerate(sources.findall("li"))}
    body = " ".join(e.text_content() for e in page.xpath("//h2[.='Sources']/preceding-sibling::*"))
    assert cited(body) == set(shown), "a citation points at a number the rendered list does not show"
    src = {s["label"]: s for s in rg.sources.values()}
    for text in shown.values():
        label = text.split(" (section", 1)[0].split(", added by", 1)[0]
        assert label in src, text
    # the numbers run in article order: the rendered list is the sources sorted by section order
    orders = [src[t.split(" (section", 1)[0].split(", added by", 1)[0]]["order"] for _, t in sorted(shown.items())]
    assert orders == sorted(orders)


def test_the_ml_engineer_handout_cites_the_ml_section_by_its_rendered_number(rg):
    md = export_files(rg, "handout-md", roles=["ml-engineer"])[""].decode("utf-8")
    page = lxml_html.fromstring(MarkdownIt("commonmark").render(md))
    items = [li.text_content() for li in page.xpath("//h2[.='Sources']/following-sibling::ol/li")]
    n = next(i for i, t in enumerate(items, 1) if t.startswith("Primary output: ML engineer"))
    para = page.xpath("//strong[.='Primary output:']/..")[0].getprevious()  # the role's definition...
    heading = page.xpath("//h2[starts-with(., 'ML engineer')]")[0].text_content()
    assert n in cited(heading), (n, heading)
    assert para is not None


@pytest.mark.parametrize("fmt", ["handout-md", "handout-html", "quiz-md"])
def test_text_handouts_credit_the_article_and_name_the_selection(rg, work, fmt):
    text = export_files(rg, fmt, roles=["ml-engineer"])[""].decode("utf-8")
    assert work["title"] in text and work["publisher"] in text
    assert "ML engineer" in text.splitlines()[0] or "<title>Role handout: ML engineer</title>" in text
    assert "Selected nodes" not in text


def test_html_handout_links_citations_and_keeps_headings_with_text(rg):
    page = lxml_html.fromstring(export_files(rg, "handout-html", roles=["data-engineer"])[""])
    links = page.xpath("//span[@class='cite']/a")
    assert links
    targets = {li.get("id"): li for li in page.xpath("//ol/li")}
    for a in links:
        target = targets[a.get("href").removeprefix("#")]
        assert target.get("value") == a.text_content()
    style = page.xpath("//style")[0].text
    assert re.search(r"h1, h2, h3, h4 \{[^}]*break-after: avoid", style)
    assert "list-style-position: outside" in style
    assert not page.xpath("//script")


def test_pdf_has_bookmarks_language_and_every_source_number(rg, work):
    reader = PdfReader(io.BytesIO(export_files(rg, "handout-pdf")[""]))
    assert reader.trailer["/Root"]["/Lang"] == "en"
    top = [o.title for o in reader.outline if not isinstance(o, list)]
    assert top[:4] == ["Data engineer", "ML engineer", "AI engineer", "Data scientist"] and top[-1] == "Sources"
    children = next(o for o in reader.outline if isinstance(o, list))
    assert "Deliverables" in [c.title for c in children]
    text = "\n".join(p.extract_text() for p in reader.pages)
    sources = text.split("Sources")[-1]
    numbers = [int(n) for n in re.findall(r"^(\d+)\.", sources, flags=re.M)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 10
    assert cited(text.rsplit("Sources", 1)[0]) == set(numbers), "every listed source is cited, every citation listed"
    assert work["publisher"] in text and work["title"] in text.replace("\n", " ")


def test_pdf_headings_are_never_last_on_a_page(rg):
    reader = PdfReader(io.BytesIO(export_files(rg, "handout-pdf")[""]))
    heads = {"Deliverables", "Core skills", "Tools", "Overlap zones and the split", "Mis-hires to avoid", "Advice"}
    for page in reader.pages:
        lines = [ln.strip() for ln in page.extract_text().splitlines() if ln.strip() and not ln.startswith("rolegraph handout")]
        assert lines[-1] not in heads, f"a heading is stranded at the foot of a page: {lines[-1]!r}"


def test_docx_handout_reads_back_with_python_docx(rg, work):
    d = docx.Document(io.BytesIO(export_files(rg, "handout-docx", roles=["ml-engineer", "ai-engineer"])[""]))
    heads = [(p.style.name, p.text) for p in d.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert heads[0] == ("Title", "Role handout: ML engineer, AI engineer")
    h1 = [re.sub(r" \[.*\]$", "", t) for s, t in heads if s == "Heading 1"]
    assert h1 == ["ML engineer", "AI engineer", "Sources"]
    assert d.styles["Heading 2"].paragraph_format.keep_with_next
    bullets = [p for p in d.paragraphs if p.style.name == "List Bullet"]
    ml = rg.ids["ml-engineer"]
    for n in rg.out(ml, "delivers"):
        assert any(p.text.startswith(rg.G.nodes[n]["label"] + ":") for p in bullets)
    body = "\n".join(p.text for p in d.paragraphs)
    assert work["title"] in body and work["publisher"] in body
    sources = [p.text for p in d.paragraphs[[p.text for p in d.paragraphs].index("Sources") :] if re.match(r"\d+\.\t", p.text)]
    assert [int(t.split(".")[0]) for t in sources] == list(range(1, len(sources) + 1))
    assert cited(body.split("\nSources\n")[0]) == set(range(1, len(sources) + 1))
    assert d.core_properties.title == "Role handout: ML engineer, AI engineer" and d.core_properties.language == "en-GB"
