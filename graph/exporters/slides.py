"""A slide deck (python-pptx): title, one slide per role, per overlap zone, per mis-hire,
a comparison slide and a "which role do you need" decision slide.

Text is set as runs, never parsed, so a hostile label shows as written. The
document dates are fixed and the zip is rewritten with fixed entry dates, so the
same graph gives the same bytes.
"""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.util import Emu, Pt

from ..project import RoleGraph
from ..subgraph import Selection
from . import EPOCH
from .archive import fixed_zip
from .escape import plain
from .material import Citations, a_role, mis_hire_sheet, role_sheet, roles_of, zone_sheet, zones_of

__all__ = ["pptx"]

_TITLE, _TITLE_AND_CONTENT, _TITLE_ONLY = 0, 1, 5
_MAX_BULLETS = 9


def _clip(text: str, limit: int = 240) -> str:
    text = plain(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _bullets(slide, items: list[tuple[str, int]]) -> None:
    """Fill the body placeholder with (text, level) bullets."""
    body = slide.placeholders[1].text_frame
    body.clear()
    body.word_wrap = True
    body.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE  # the viewer shrinks long lists to fit
    for i, (text, level) in enumerate(items[: _MAX_BULLETS + 3]):
        para = body.paragraphs[0] if i == 0 else body.add_paragraph()
        para.text = _clip(text)
        para.level = level
        para.font.size = Pt(16 if level == 0 else 13)


def _content(prs, title: str, items: list[tuple[str, int]], notes: str = ""):
    slide = prs.slides.add_slide(prs.slide_layouts[_TITLE_AND_CONTENT])
    slide.shapes.title.text = _clip(title, 90)
    _bullets(slide, items)
    if notes:
        slide.notes_slide.notes_text_frame.text = plain(notes)
    return slide


def _sources_note(cites: Citations, nums) -> str:
    names = {c["n"]: c["label"] for c in cites.listing()}
    return "Sources: " + "; ".join(f"[{n}] {names.get(n, n)}" for n in nums) if nums else ""


def pptx(rg: RoleGraph, sel: Selection) -> dict[str, bytes]:
    """The deck for the roles (and zones, mis-hires) in the selection."""
    cites = Citations(rg)
    roles = roles_of(rg, sel)
    sheets = [role_sheet(rg, r, cites) for r in roles]
    zones = [zone_sheet(rg, z, cites) for z in zones_of(rg, sel)]
    mis_iris = sorted(
        {m for r in roles for m in [*rg.into(r, "hiredRole"), *rg.into(r, "neededRole")]}, key=lambda m: rg.G.nodes[m]["order"] or 99
    )
    mis = [mis_hire_sheet(rg, m, cites) for m in mis_iris]

    prs = Presentation()  # the default 4:3 template; its placeholders are laid out for that size
    title = prs.slides.add_slide(prs.slide_layouts[_TITLE])
    title.shapes.title.text = _clip(sel.title(rg), 90)
    title.placeholders[
        1
    ].text = "Which role does the work need? Outputs, skills, overlaps and mis-hires, from the rolegraph knowledge graph."

    for s in sheets:
        items = [(f"Primary output: {s['primary_output']}", 0)]
        items += [("Delivers", 0)] + [(d["label"], 1) for d in s["deliverables"][:4]]
        items += [("Core skills", 0), (", ".join(k["label"] for k in s["core_skills"]), 1)]
        if s["not_responsible"]:
            items += [("Not responsible for", 0), (", ".join(n["label"] for n in s["not_responsible"]), 1)]
        _content(prs, s["label"], items, notes=s["definition"] + "\n" + _sources_note(cites, s["cite"]))

    for z in zones:
        items = [(f"Shared by {', '.join(z['roles'])}", 0)]
        items += [(f"{side['role']}: {side['responsibility']}", 1) for side in z["split"]]
        if z["scale_note"]:
            items.append((f"As the company grows: {z['scale_note']}", 0))
        _content(prs, z["label"], items, notes=z["definition"] + "\n" + _sources_note(cites, z["cite"]))

    for m in mis:
        items = [(f"Hired: {', '.join(m['hired']) or 'one person for everything'}", 0), (f"Needed: {', '.join(m['needed'])}", 0)]
        items += [(f"What goes wrong: {m['consequence']}", 0), (f"Instead: {m['advice']}", 0)]
        _content(prs, f"Mis-hire: {m['label']}", items, notes=m["definition"] + "\n" + _sources_note(cites, m["cite"]))

    _comparison(prs, sheets)
    _decision(prs, sheets)

    props = prs.core_properties
    props.title = plain(f"rolegraph: {sel.title(rg)}")
    props.author = props.last_modified_by = "rolegraph"
    props.created = props.modified = EPOCH.replace(tzinfo=None)
    props.last_printed = EPOCH.replace(tzinfo=None)
    props.revision = 1
    buf = io.BytesIO()
    prs.save(buf)
    return {"": fixed_zip(buf.getvalue())}


def _comparison(prs, sheets: list[dict]) -> None:
    """A table: one column per role; rows for primary output, deliverables, core skills, zones."""
    slide = prs.slides.add_slide(prs.slide_layouts[_TITLE_ONLY])
    slide.shapes.title.text = "The roles side by side"
    rows = [
        ("Primary output", lambda s: s["primary_output"]),
        ("Delivers", lambda s: ", ".join(d["label"] for d in s["deliverables"][:2])),
        ("Core skills", lambda s: ", ".join(k["label"] for k in s["core_skills"][:3])),
        ("Overlap zones", lambda s: ", ".join(z["label"] for z in s["zones"]) or "none"),
        ("Not responsible for", lambda s: ", ".join(n["label"] for n in s["not_responsible"][:3]) or "-"),
    ]
    left, top = Emu(457200), Emu(1400000)
    width, height = prs.slide_width - 2 * left, prs.slide_height - top - Emu(300000)
    table = slide.shapes.add_table(len(rows) + 1, len(sheets) + 1, left, top, width, height).table
    table.cell(0, 0).text = ""
    for j, s in enumerate(sheets, 1):
        table.cell(0, j).text = _clip(s["label"], 60)
    for i, (name, get) in enumerate(rows, 1):
        table.cell(i, 0).text = name
        for j, s in enumerate(sheets, 1):
            table.cell(i, j).text = _clip(get(s), 80)
    for row in table.rows:
        for cell in row.cells:
            cell.margin_top = cell.margin_bottom = Emu(20000)
            for para in cell.text_frame.paragraphs:
                para.font.size = Pt(9)


def _decision(prs, sheets: list[dict]) -> None:
    """Which role do you need: for each role, the first need signals that point at it alone."""
    items = []
    for s in sheets:
        if s["signals"]:
            items.append((f"Hire {a_role(s['label'])} if", 0))
            own = sorted(s["signals"], key=lambda sig: sig["shared"])  # stable: signals for this role alone first
            items += [(sig["label"], 1) for sig in own[:2]]
    if not items:
        items = [("No need signal points at these roles.", 0)]
    _content(prs, "Which role do you need?", items)
