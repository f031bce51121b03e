"""The handout as a printable PDF (fpdf2, pure Python), with an embedded Unicode font.

The font is Roboto (Apache 2.0) from the ``font-roboto`` package, so no system
font is needed. The creation date is fixed (:data:`graph.exporters.EPOCH`), so the
same graph gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from ..project import RoleGraph
from ..subgraph import Selection
from . import EPOCH
from .escape import plain
from .handout import blocks

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


def pdf(rg: RoleGraph, sel: Selection) -> dict[str, bytes]:
    """A4 PDF of :func:`graph.exporters.handout.blocks`; text is drawn as text, never interpreted."""
    doc = _Doc(format="A4")
    doc.set_creation_date(EPOCH)
    doc.set_title(plain(f"Role handout: {sel.title(rg)}"))
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
            doc.ln(2)
            doc.set_font("Roboto", "B", _SIZES[b.kind])
            doc.multi_cell(width, _SIZES[b.kind] * 0.5, text + cite, new_x="LMARGIN", new_y="NEXT")
            doc.ln(1)
            continue
        doc.set_font("Roboto", "", 10)
        if b.kind == "note":
            doc.set_text_color(90)
            doc.multi_cell(width, 5, text, new_x="LMARGIN", new_y="NEXT")
            doc.set_text_color(0)
            doc.ln(2)
            continue
        indent = 5 if b.kind in ("item", "source") else 0
        bullet = f"{strong} " if b.kind == "source" else "\u2022 " if b.kind == "item" else ""
        doc.set_x(doc.l_margin + indent)
        if b.kind != "source" and strong:
            doc.set_font("Roboto", "B", 10)
            doc.write(5, bullet + strong + " ")
            doc.set_font("Roboto", "", 10)
            doc.write(5, text + cite)
            doc.ln(6)
        else:
            doc.multi_cell(width - indent, 5, bullet + text + cite, new_x="LMARGIN", new_y="NEXT")
            doc.ln(1)
    return {"": bytes(doc.output())}
