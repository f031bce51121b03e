"""The handout as a printable PDF (fpdf2, pure Python), with an embedded Unicode font.

The font is Roboto (Apache 2.0) from the ``font-roboto`` package, so no system
font is needed. The creation date is fixed (:data:`graph.exporters.EPOCH`), so the
same graph gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from ..escape import plain
from ..project import RoleGraph
from ..subgraph import Selection
from . import EPOCH
from .handout import blocks, handout_title
from .material import credit_line

__all__ = ["font_file", "pdf"]


def font_file(style: str = "Regular") -> Path:
    """A Roboto TTF (``Regular`` or ``Bold``) shipped by the font-roboto package."""
    import font_roboto

    return Path(font_roboto.__file__).parent / "files" / f"Roboto-{style}.ttf"


class _Doc(FPDF):
    def footer(self):
        self.set_y(-12)
        self.set_font("Roboto", size=8)
        self.set_text_color(110)
        self.cell(0, 6, f"rolegraph handout, page {self.page_no()}", align="C")
        self.set_text_color(0)


_SIZES = {"title": 20, "h2": 16, "h3": 12.5, "h4": 11}
#: Space (mm) a heading needs below it on the page, else it moves to the next page with its text.
_KEEP_WITH = 28
_BODY, _LINE_H, _HANG = 10, 5, 5


def pdf(rg: RoleGraph, sel: Selection) -> dict[str, bytes]:
    """A4 PDF of :func:`graph.exporters.handout.blocks`; text is drawn as text, never interpreted.

    Bullets hang (the text wraps under the text, not under the bullet), a heading
    never sits alone at the foot of a page, each role and section is a bookmark, and
    the document language is set.
    """
    doc = _Doc(format="A4")
    doc.set_creation_date(EPOCH)
    doc.set_title(plain(handout_title(rg, sel)))
    doc.set_subject(plain(credit_line(rg)))
    doc.set_lang("en")
    doc.set_author("rolegraph")
    doc.set_creator("rolegraph")
    doc.set_producer("rolegraph")
    doc.add_font("Roboto", "", font_file("Regular"))
    doc.add_font("Roboto", "B", font_file("Bold"))
    doc.set_margins(18, 16, 18)
    doc.set_auto_page_break(True, margin=16)
    doc.add_page()
    width = doc.epw
    for b in blocks(rg, sel):
        text, strong = plain(b.text), plain(b.strong)
        cite = f" [{', '.join(str(n) for n in b.cite)}]" if b.cite else ""
        if b.kind == "break":
            doc.add_page()
            continue
        if b.kind in _SIZES:
            size = _SIZES[b.kind]
            if doc.get_y() + size * 0.5 * 2 + _KEEP_WITH > doc.page_break_trigger:  # keep the heading with its text
                doc.add_page()
            if b.kind in ("h2", "h3"):
                doc.start_section(text, level=0 if b.kind == "h2" else 1)
            doc.ln(2)
            doc.set_font("Roboto", "B", size)
            doc.multi_cell(width, size * 0.5, text + cite, new_x="LMARGIN", new_y="NEXT", align="L")
            doc.ln(1)
            continue
        if b.kind == "note":
            doc.set_font("Roboto", "", _BODY)
            doc.set_text_color(90)
            doc.multi_cell(width, _LINE_H, text, new_x="LMARGIN", new_y="NEXT", align="L")
            doc.set_text_color(0)
            doc.ln(2)
            continue
        if b.kind == "p":
            if strong:
                doc.set_font("Roboto", "B", _BODY)
                doc.write(_LINE_H, strong + " ")
            doc.set_font("Roboto", "", _BODY)
            doc.multi_cell(width - (doc.get_x() - doc.l_margin), _LINE_H, text + cite, new_x="LMARGIN", new_y="NEXT", align="L")
            doc.ln(1.5)
            continue
        # a bullet or a numbered source: the mark in the margin, the text hanging beside it
        mark = f"{strong}." if b.kind == "source" else "\u2022"
        hang = _HANG + (3 if b.kind == "source" else 0)
        body = text + ("" if b.kind == "source" or not strong else cite)
        doc.set_font("Roboto", "", _BODY)
        if doc.get_y() + 2 * _LINE_H > doc.page_break_trigger:
            doc.add_page()
        doc.set_x(doc.l_margin)
        doc.cell(hang, _LINE_H, mark)
        left = doc.l_margin + hang
        if b.kind == "item" and strong:
            doc.set_font("Roboto", "B", _BODY)
            doc.multi_cell(width - hang, _LINE_H, strong.rstrip(": ").rstrip(":"), new_x="LEFT", new_y="NEXT", align="L")
            doc.set_x(left)
            doc.set_font("Roboto", "", _BODY)
        doc.multi_cell(
            width - hang, _LINE_H, body + ("" if strong or b.kind == "source" else cite), new_x="LMARGIN", new_y="NEXT", align="L"
        )
        doc.ln(1.2)
    return {"": bytes(doc.output())}
