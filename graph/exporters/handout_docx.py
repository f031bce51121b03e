"""The handout as a Word document (python-docx), for trainers who edit before they print.

Same blocks as the Markdown, HTML and PDF handouts (:func:`rolegraph.exporters.handout.blocks`):
Word's heading styles (kept with the next paragraph, listed in the navigation pane),
hanging bullets ("List Bullet"), sources numbered in the text, not by Word's list
numbering, so the numbers cannot drift from the citations. Document language is
English; dates are fixed and the zip is rewritten with fixed entry dates, so the
same graph gives the same bytes.
"""

from __future__ import annotations

import io

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..escape import plain, xml_text
from ..project import RoleGraph
from ..subgraph import Selection
from . import EPOCH
from .archive import fixed_zip
from .handout import blocks, handout_title
from .material import credit_line

__all__ = ["docx"]

_HEADINGS = {"title": 0, "h2": 1, "h3": 2, "h4": 3}


def _text(value) -> str:
    """Visible text Word can hold (XML 1.0 characters only)."""
    return xml_text(plain(value))


def _language(doc, tag: str = "en-GB") -> None:
    """Set the document's default language (w:lang in the default run properties)."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def docx(rg: RoleGraph, sel: Selection) -> dict[str, bytes]:
    """A .docx of the handout; every graph text is a run of plain text."""
    doc = Document()
    _language(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(18)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(11)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        doc.styles[name].paragraph_format.keep_with_next = True
    footer = section.footer.paragraphs[0]
    footer.text = _text(f"{handout_title(rg, sel)}. {credit_line(rg)}")
    footer.runs[0].font.size = Pt(9)

    for b in blocks(rg, sel):
        text, strong = _text(b.text), _text(b.strong)
        cite = f" [{', '.join(str(n) for n in b.cite)}]" if b.cite else ""
        if b.kind in _HEADINGS:
            doc.add_heading(text + cite, level=_HEADINGS[b.kind])
        elif b.kind == "note":
            run = doc.add_paragraph().add_run(text)
            run.italic = True
            run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        elif b.kind in ("p", "item"):
            para = doc.add_paragraph(style="List Bullet" if b.kind == "item" else None)
            if strong:
                para.add_run(strong.rstrip() + " ").bold = True
            para.add_run(text + cite)
        elif b.kind == "source":
            para = doc.add_paragraph()
            para.paragraph_format.left_indent = Mm(8)
            para.paragraph_format.first_line_indent = Mm(-8)  # the number hangs in the margin
            para.add_run(f"{strong}.\t").bold = True
            para.add_run(text)
        elif b.kind == "break":
            doc.add_page_break()

    props = doc.core_properties
    props.title = _text(handout_title(rg, sel))[:255]
    props.subject = _text(credit_line(rg))[:255]
    props.author = props.last_modified_by = "rolegraph"
    props.language = "en-GB"
    props.created = props.modified = EPOCH.replace(tzinfo=None)
    props.last_printed = EPOCH.replace(tzinfo=None)
    props.revision = 1
    props.comments = ""
    buf = io.BytesIO()
    doc.save(buf)
    return {"": fixed_zip(buf.getvalue())}
