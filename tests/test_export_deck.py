"""The slide deck, read back with python-pptx: 16:9, readable sizes, nothing dropped or cut, credited, templated."""

from __future__ import annotations

import copy
import io
import re

import pytest
import rolegraph
from conftest import DATA
from pptx import Presentation
from pptx.util import Emu, Pt
from rolegraph import BadInputError
from rolegraph.cli import main
from rolegraph.export import export, export_files
from rolegraph.exporters.material import credit


def deck(rg, **kw) -> Presentation:
    return Presentation(io.BytesIO(export_files(rg, "pptx", **kw)[""]))


@pytest.fixture(scope="module")
def whole(rg):
    return deck(rg)


def runs(prs):
    for slide in prs.slides:
        for shape in slide.shapes:
            frames = []
            if shape.has_text_frame:
                frames.append((shape, shape.text_frame))
            if shape.has_table:
                frames += [(shape, c.text_frame) for row in shape.table.rows for c in row.cells]
            for sh, tf in frames:
                for para in tf.paragraphs:
                    for run in para.runs:
                        yield slide, sh, run


def slide_text(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [c.text_frame.text for row in shape.table.rows for c in row.cells]
    return "\n".join(parts)


def all_lines(prs) -> set[str]:
    """Every paragraph of every slide, with '(continued)' taken off."""
    out = set()
    for slide in prs.slides:
        for line in slide_text(slide).splitlines():
            out.add(line.removesuffix(" (continued)").strip())
    return out


def test_the_deck_is_16_by_9(whole):
    assert whole.slide_width * 9 == whole.slide_height * 16
    assert whole.slide_width == Emu(12192000)


def test_every_run_is_readable_from_the_back(whole):
    sizes = []
    for slide, shape, run in runs(whole):
        if not run.text.strip():
            continue
        assert run.font.size is not None, f"a run inherits its size: {run.text!r}"
        assert run.font.size >= Pt(14), f"{run.text!r} is {run.font.size.pt} pt on {slide.shapes.title.text!r}"
        is_body = shape.is_placeholder and shape.placeholder_format.idx != 0 and not shape.has_table
        if is_body:
            assert run.font.size >= Pt(18), f"body text {run.text!r} is {run.font.size.pt} pt"
        sizes.append(run.font.size.pt)
    assert len(sizes) > 200 and min(sizes) >= 14


def test_no_viewer_is_asked_to_shrink_text(whole):
    xml = b"".join(slide.part.blob for slide in whole.slides)
    assert b"normAutofit" not in xml and b"fontScale" not in xml


@pytest.mark.parametrize("role", ["data-engineer", "ml-engineer", "ai-engineer", "data-scientist"])
def test_every_deliverable_and_core_skill_is_on_the_role_slides(rg, whole, role):
    iri = rg.ids[role]
    label = rg.G.nodes[iri]["label"]
    mine = [s for s in whole.slides if s.shapes.title.text.removesuffix(" (continued)") == label]
    assert mine, f"no slide for {label}"
    lines = {line.removesuffix(" (continued)") for s in mine for line in slide_text(s).splitlines()}
    for rel in ("delivers", "hasCoreSkill", "notResponsibleFor"):
        for n in rg.out(iri, rel):
            assert rg.G.nodes[n]["label"] in lines, f"{rg.G.nodes[n]['label']!r} ({rel}) is missing from {label}'s slides"
    assert any(line.startswith("Primary output: ") for line in lines)
    grid = "\n".join(slide_text(s) for s in whole.slides if s.shapes.title.text.startswith("The roles side by side"))
    for n in [*rg.out(iri, "delivers"), *rg.out(iri, "hasCoreSkill")]:
        assert rg.G.nodes[n]["label"] in grid.splitlines()


def test_every_need_signal_and_mis_hire_and_zone_split_is_shown(rg, whole):
    lines = all_lines(whole)
    signals = rg.of_type("need_signal")
    assert len(signals) >= 15
    for n in signals:
        assert rg.G.nodes[n]["label"] in lines
    titles = [s.shapes.title.text for s in whole.slides]
    for m in rg.of_type("mis_hire"):
        assert titles.count(f"Mis-hire: {rg.G.nodes[m]['label']}") == 1
    for z, info in rg.zones.items():
        slides = [s for s in whole.slides if s.shapes.title.text.startswith(rg.G.nodes[z]["label"])]
        columns = [sh for sh in slides[0].placeholders if sh.placeholder_format.idx in (1, 2)]
        assert len(columns) == 2 and columns[0].left < columns[1].left  # the split, side by side
        for side, col in zip(info["split"], columns, strict=True):
            assert col.text_frame.paragraphs[0].text == rg.G.nodes[side["role"]]["label"]
            assert side["responsibility"] in col.text_frame.text


def test_nothing_is_cut(whole):
    for slide, _, run in runs(whole):
        assert not run.text.endswith("…") or slide.shapes.title.text == run.text, f"cut text: {run.text!r}"
    texts = [run.text for _, _, run in runs(whole)]
    assert all(not re.search(r"\w…$", t) for t in texts)


def test_title_slide_names_the_selection_and_credits_the_article(rg, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    prs = deck(rg, roles=["ml-engineer"])
    first = prs.slides[0]
    assert first.shapes.title.text == "ML engineer"
    text = slide_text(first)
    [work] = credit(rg)
    assert work["title"] in text and work["publisher"] == "A.Team" and "A.Team" in text
    assert "2026-01-01" in text
    assert prs.core_properties.title == "rolegraph: ML engineer"
    zone = deck(rg, zone="inference serving")
    assert zone.slides[0].shapes.title.text == "Inference serving overlap"


def test_speaker_notes_cite_the_sources(whole):
    role_slide = next(s for s in whole.slides if s.shapes.title.text == "ML engineer")
    notes = role_slide.notes_slide.notes_text_frame.text
    assert re.search(r"^\[\d+\] Primary output: ML engineer", notes, flags=re.M), notes
    assert "A.Team" in notes


def test_each_role_has_a_picture_of_its_neighbourhood(rg, whole):
    roles = [rg.G.nodes[r]["label"] for r in rg.of_type("role")]
    for label in roles:
        slide = next(s for s in whole.slides if s.shapes.title.text == f"{label}: the neighbourhood")
        [picture] = [sh for sh in slide.shapes if sh.shape_type == 13]
        assert picture.image.content_type == "image/png" and picture.width > whole.slide_width // 2
        assert picture.left + picture.width <= whole.slide_width and picture.top + picture.height <= whole.slide_height


def test_a_300_character_label_is_split_not_refused_or_cut(tmp_path):
    long = "Long role name " * 20
    ttl = tmp_path / "long.ttl"
    ttl.write_text(
        "@prefix rg: <https://rolegraph.dev/vocab#> . @prefix rgi: <https://rolegraph.dev/id/> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix dcterms: <http://purl.org/dc/terms/> .\n"
        f'rgi:long-role a rg:Role ; skos:prefLabel "{long.strip()}"@en ; skos:definition "x"@en ; dcterms:source rgi:curated .\n',
        encoding="utf-8",
    )
    out = tmp_path / "long.pptx"
    assert main(["--data", str(ttl), "export", "--format", "pptx", "--role", "long-role", "--out", str(out)]) == 0
    prs = Presentation(str(out))
    assert len(prs.core_properties.title) <= 255
    assert long.strip() in all_lines(prs)  # the whole label is on the slide, under a shortened title


def test_a_template_gives_the_masters_and_its_own_slides_are_left_out(rg, tmp_path):
    tpl = Presentation()
    tpl.slide_width, tpl.slide_height = Emu(12192000), Emu(6858000)
    sample = tpl.slides.add_slide(tpl.slide_layouts[1])
    marker = sample.shapes.add_textbox(Emu(0), Emu(0), Emu(914400), Emu(300000))
    marker.text_frame.text = "ACME training"
    tpl.slide_master.shapes._spTree.append(copy.deepcopy(marker._element))  # a logo-like mark on the master
    sample.shapes.title.text = "Delete me: an example slide"
    path = tmp_path / "acme.pptx"
    tpl.save(path)
    out = tmp_path / "deck.pptx"
    export(rg, "pptx", out, roles=["ai-engineer"], template=path)
    prs = Presentation(str(out))
    assert "ACME training" in [sh.text_frame.text for sh in prs.slide_master.shapes if sh.has_text_frame]
    titles = [s.shapes.title.text for s in prs.slides]
    assert "Delete me: an example slide" not in titles and titles[0] == "AI engineer"
    assert prs.slide_width == Emu(12192000)


def test_a_bad_template_is_refused_before_any_work(rg, tmp_path):
    bad = tmp_path / "deck.pptx"
    bad.write_text("not a deck")
    out = tmp_path / "x.pptx"
    with pytest.raises(BadInputError, match="not a PowerPoint"):
        export(rg, "pptx", out, template=bad)
    with pytest.raises(BadInputError, match="no such file"):
        export(rg, "pptx", out, template=tmp_path / "missing.pptx")
    with pytest.raises(BadInputError, match="slide deck"):
        export(rg, "ttl", tmp_path / "x.ttl", template=bad)
    assert not out.exists()


def test_hostile_labels_stay_text(tmp_path):
    hostile = rolegraph.load([DATA / "hostile.ttl"], builtin=False)
    prs = deck(hostile)
    assert any("<script>" in line for line in all_lines(prs))


def test_a_one_role_deck_compares_it_with_its_neighbours(rg):
    prs = deck(rg, roles=["ml-engineer"])
    table = next(sh for s in prs.slides for sh in s.shapes if sh.has_table).table
    heads = [c.text for c in table.rows[0].cells][1:]
    assert heads[0] == "ML engineer" and {"Data engineer", "AI engineer"} <= set(heads)
