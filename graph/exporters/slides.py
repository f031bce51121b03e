"""A slide deck for a class (python-pptx), 16:9.

Slides: a title slide (the selection, the article credited, the export date); per
role its primary output, every deliverable, core skills and what it is not, then a
picture of its neighbourhood; per overlap zone the split as two columns; one slide
per mis-hire; a comparison grid; "Which role do you need?" with every need signal.
Speaker notes carry the citations.

Text is never cut and never shrunk by the viewer: each paragraph is measured with
the metrics of a sans-serif font (with a margin for wider fonts), and what does not
fit goes on to a "(continued)" slide. Body text is 18 pt or more, nothing is under
14 pt. ``template`` (a .pptx) gives an organisation's master slides; its slide
layouts are found by name or by their placeholders, and its own slides are left out.

Text is set as runs, never parsed, so a hostile label shows as written. The
document dates are fixed and the zip is rewritten with fixed entry dates, so the
same graph on the same day gives the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.util import Emu, Inches, Pt

from ..errors import BadInputError
from ..escape import plain
from ..project import RoleGraph
from ..subgraph import Selection
from . import EPOCH
from .archive import fixed_zip
from .material import Citations, a_role, credit, credit_line, export_date, mis_hire_sheet, role_sheet, roles_of, zone_sheet, zones_of

__all__ = ["BODY_PT", "MIN_PT", "check_template", "pptx"]

#: Body text size, the size of second-level items, the smallest text on any slide.
BODY_PT, SUB_PT, MIN_PT = 20, 18, 14
_TITLE_PT, _TITLE_MIN_PT, _COVER_PT = 32, 24, 44
_GRID_PT, _GRID_HEAD_PT = 18, 20
#: Measured widths are multiplied by this, so a wider font than Roboto (DejaVu Sans, Arial) still fits.
_WIDTH_MARGIN = 1.18
_LINE = 1.2  # line height / font size, with room for the viewer's own spacing
_SPACE_BEFORE = 4  # pt before each paragraph
_INSET = 7.2  # pt, the default text frame inset on each side
_INDENT = 27  # pt of bullet indentation per level
_EMPTY = "none"
_CELL_GAP = 7  # pt between the items of a grid cell
_WIDE = (Emu(12192000), Emu(6858000))  # 13.333 x 7.5 in, PowerPoint's 16:9


# --- measuring text ---------------------------------------------------------------


@cache
def _font(bold: bool):
    from PIL import ImageFont

    from .handout_pdf import font_file

    return ImageFont.truetype(str(font_file("Bold" if bold else "Regular")), 100, layout_engine=ImageFont.Layout.BASIC)


def _width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in points at ``size`` pt."""
    return _font(bold).getlength(text) * size / 100 * _WIDTH_MARGIN


def _wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``width`` pt (a word longer than a line is broken too)."""
    lines: list[str] = []
    cur = ""
    for word in text.split(" "):
        while _width(word, size, bold) > width and len(word) > 1:  # a very long word: break it by characters
            if cur:
                lines.append(cur)
                cur = ""
            lo, hi = 1, len(word) - 1  # the longest prefix that fits, by bisection
            while lo < hi:
                mid = (lo + hi + 1) // 2
                lo, hi = (mid, hi) if _width(word[:mid], size, bold) <= width else (lo, mid - 1)
            k = lo
            lines.append(word[:k])
            word = word[k:]
        trial = f"{cur} {word}" if cur else word
        if cur and _width(trial, size, bold) > width:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    if cur or not lines:
        lines.append(cur)
    return lines


@dataclass(frozen=True)
class Para:
    """One paragraph of a text box: text, bullet level, size (pt), bold; ``head`` marks a group heading."""

    text: str
    level: int = 0
    size: float = BODY_PT
    bold: bool = False
    head: bool = False

    def height(self, width: float) -> float:
        inner = width - 2 * _INSET - _INDENT * (self.level + 1)
        return len(_wrap(self.text, self.size, inner, self.bold)) * self.size * _LINE + _SPACE_BEFORE

    def pieces(self, width: float, height: float) -> list[Para]:
        """This paragraph split into parts that each fit ``height`` (normally just itself)."""
        inner = width - 2 * _INSET - _INDENT * (self.level + 1)
        lines = _wrap(self.text, self.size, inner, self.bold)
        per = max(1, int((height - _SPACE_BEFORE) // (self.size * _LINE)))
        if len(lines) <= per:
            return [self]
        return [Para(" ".join(lines[i : i + per]), self.level, self.size, self.bold, self.head) for i in range(0, len(lines), per)]


def _group(heading: str | None, items: list[str], *, empty: str = _EMPTY) -> list[Para]:
    """A heading (bold) with its items one level down; or top-level items when there is no heading."""
    if heading is None:
        return [Para(plain(t)) for t in items]
    return [Para(plain(heading), bold=True, head=True)] + [Para(plain(t), 1, SUB_PT) for t in items or [empty]]


def paginate(paras: list[Para], width: float, height: float) -> list[list[Para]]:
    """Paragraphs spread over as many boxes of ``width`` x ``height`` pt as they need.

    A heading is never left last in a box, and a box that starts inside a group
    repeats the group's heading, marked "(continued)".
    """
    flat: list[Para] = []
    for p in paras:
        flat += p.pieces(width, height - 2 * _INSET - Para("x", 0, BODY_PT).height(width))
    pages: list[list[Para]] = [[]]
    used = 2 * _INSET
    heading: Para | None = None
    for i, p in enumerate(flat):
        if p.head:
            heading = p
        elif p.level == 0:
            heading = None
        need = p.height(width)
        if p.head and i + 1 < len(flat) and not flat[i + 1].head and flat[i + 1].level > 0:
            need += flat[i + 1].height(width)  # keep a heading with its first item
        if pages[-1] and used + need > height:
            pages.append([])
            used = 2 * _INSET
            if heading is not None and not p.head:
                cont = Para(f"{heading.text} (continued)", heading.level, heading.size, True, True)
                pages[-1].append(cont)
                used += cont.height(width)
        pages[-1].append(p)
        used += p.height(width)
    return pages


# --- the presentation and its layouts ----------------------------------------------


def check_template(path) -> Path:
    """``path`` as a usable template, or :class:`BadInputError` saying what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise BadInputError(f"--template {path}: no such file; give a .pptx whose master slides the deck should use")
    try:
        prs = Presentation(str(path))
    except Exception as exc:  # python-pptx raises zip, XML and key errors alike
        why = type(exc).__name__
        raise BadInputError(f"--template {path}: not a PowerPoint (.pptx) file ({why}); save it from PowerPoint as .pptx") from None
    if _find_layout(prs, "content") is None:
        raise BadInputError(
            f"--template {path}: it has no slide layout with a title and a text placeholder; add a 'Title and Content' layout"
        )
    return path


def _kinds(layout) -> list:
    return [p.placeholder_format.type for p in layout.placeholders]


_TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
_BODIES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
_NAMES = {
    "title": ("Title Slide",),
    "content": ("Title and Content", "Title and Text"),
    "two": ("Two Content", "Two Columns"),
    "title_only": ("Title Only",),
}


def _find_layout(prs, kind: str):
    layouts = list(prs.slide_layouts)
    for layout in layouts:
        if layout.name in _NAMES[kind]:
            return layout

    def bodies(layout):
        return sum(1 for k in _kinds(layout) if k in _BODIES)

    def has_title(layout):
        return any(k in _TITLES for k in _kinds(layout))

    tests = {
        "title": lambda lay: PP_PLACEHOLDER.CENTER_TITLE in _kinds(lay) or PP_PLACEHOLDER.SUBTITLE in _kinds(lay),
        "content": lambda lay: has_title(lay) and bodies(lay) == 1,
        "two": lambda lay: has_title(lay) and bodies(lay) == 2,
        "title_only": lambda lay: has_title(lay) and bodies(lay) == 0,
    }
    return next((lay for lay in layouts if tests[kind](lay)), None)


def _widen(prs) -> None:
    """Make python-pptx's 4:3 default template 16:9, moving every master and layout placeholder with it."""
    factor = _WIDE[0] / prs.slide_width
    prs.slide_width, prs.slide_height = _WIDE
    shapes = [s for master in prs.slide_masters for s in [*master.shapes, *(s for lay in master.slide_layouts for s in lay.shapes)]]
    boxes = [(s, (s.left, s.top, s.width, s.height)) for s in shapes]  # read all (inherited ones too) before writing any
    for shape, (left, top, width, height) in boxes:
        if None not in (left, top, width, height):
            shape.left, shape.top = Emu(int(left * factor)), Emu(top)
            shape.width, shape.height = Emu(int(width * factor)), Emu(height)


def _open(template) -> Presentation:
    if template is None:
        prs = Presentation()
        _widen(prs)
        return prs
    prs = Presentation(str(check_template(template)))
    ids = prs.slides._sldIdLst
    for sld in list(ids):  # the template's own slides are examples, not part of the deck
        prs.part.drop_rel(sld.rId)
        ids.remove(sld)
    return prs


class Deck:
    """Adds slides to a presentation, fitting text by splitting it over slides."""

    def __init__(self, prs, cites: Citations, credit_text: str):
        self.prs = prs
        self.cites = cites
        self.credit_text = credit_text
        self.layouts = {k: _find_layout(prs, k) for k in _NAMES}
        self.layouts["title"] = self.layouts["title"] or self.layouts["content"]
        self.layouts["two"] = self.layouts["two"] or self.layouts["content"]
        self.layouts["title_only"] = self.layouts["title_only"] or self.layouts["content"]

    # placeholders
    @staticmethod
    def _title_shape(slide):
        return next((p for p in slide.placeholders if p.placeholder_format.type in _TITLES), None)

    @staticmethod
    def _bodies(slide) -> list:
        found = [p for p in slide.placeholders if p.placeholder_format.type in (*_BODIES, PP_PLACEHOLDER.SUBTITLE)]
        return sorted(found, key=lambda p: (p.left, p.top))

    @staticmethod
    def _drop_empty(slide) -> None:
        for p in list(slide.placeholders):
            if p.has_text_frame and not p.text_frame.text.strip() and p.placeholder_format.type not in _TITLES:
                p._element.getparent().remove(p._element)

    def _set_title(self, slide, text: str, start: float = _TITLE_PT) -> list[Para]:
        """Set the slide title; returns paragraphs for the body when the full title does not fit the title box."""
        shape = self._title_shape(slide)
        text = plain(text)
        if shape is None:
            return [Para(text, bold=True)]
        width, height = shape.width / 12700, shape.height / 12700
        tf = shape.text_frame
        tf.word_wrap = True
        tf.auto_size = MSO_AUTO_SIZE.NONE
        extra: list[Para] = []
        size = start
        while size > _TITLE_MIN_PT and len(_wrap(text, size, width - 2 * _INSET, True)) * size * _LINE > height - 2 * _INSET:
            size -= 2
        lines = _wrap(text, size, width - 2 * _INSET, True)
        fit = max(1, int((height - 2 * _INSET) // (size * _LINE)))
        if len(lines) > fit:  # too long for any title: a short title here, the whole text on the slide
            shown = " ".join(lines[:fit])
            text, extra = shown.rstrip(" ,.;:") + " …", [Para(plain(text), bold=True)]
        tf.text = text
        for para in tf.paragraphs:
            for run in para.runs:
                run.font.size = Pt(size)
                run.font.bold = True
        return extra

    @staticmethod
    def _fill(shape, paras: list[Para]) -> None:
        tf = shape.text_frame
        tf.clear()
        tf.word_wrap = True
        tf.auto_size = MSO_AUTO_SIZE.NONE
        for i, p in enumerate(paras):
            para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            para.level = p.level
            para.space_before = Pt(_SPACE_BEFORE)
            run = para.add_run()
            run.text = plain(p.text)
            run.font.size = Pt(p.size)
            run.font.bold = p.bold

    def notes(self, slide, text: str, cite=()) -> None:
        lines = [plain(text)] if text else []
        names = {c["n"]: c for c in self.cites.listing()}
        if cite:
            lines.append("Sources:")
            for n in cite:
                c = names.get(n)
                if c:
                    anchor = f" (section “{c['anchor']}”)" if c["anchor"] else ""
                    lines.append(f"[{n}] {plain(c['label'])}{anchor}" + (", curated by rolegraph" if c["curated"] else ""))
        lines.append(self.credit_text)
        slide.notes_slide.notes_text_frame.text = "\n".join(lines)

    # slide kinds
    def text_slides(self, title: str, paras: list[Para], *, notes: str = "", cite=()) -> list:
        """One or more title-and-content slides holding every paragraph."""
        layout = self.layouts["content"]
        slides = []
        probe = self.prs.slides.add_slide(layout)
        extra = self._set_title(probe, title)
        body = self._bodies(probe)[0]
        pages = paginate(extra + paras, body.width / 12700, body.height / 12700)
        for i, page in enumerate(pages):
            slide = probe if i == 0 else self.prs.slides.add_slide(layout)
            if i:
                self._set_title(slide, f"{title} (continued)")
            self._fill(self._bodies(slide)[0], page)
            self._drop_empty(slide)
            self.notes(slide, notes, cite)
            slides.append(slide)
        return slides

    def columns(self, title: str, left: list[Para], right: list[Para], *, notes: str = "", cite=()) -> None:
        """Slides with two columns side by side; each column continues on the next slide when long."""
        layout = self.layouts["two"]
        if sum(1 for k in _kinds(layout) if k in _BODIES) < 2:  # a template without a two-column layout
            self.text_slides(title, left + right, notes=notes, cite=cite)
            return
        probe = self.prs.slides.add_slide(layout)
        extra = self._set_title(probe, title)
        boxes = self._bodies(probe)
        lp = paginate(extra + left, boxes[0].width / 12700, boxes[0].height / 12700)
        rp = paginate(right, boxes[1].width / 12700, boxes[1].height / 12700)
        for i in range(max(len(lp), len(rp))):
            slide = probe if i == 0 else self.prs.slides.add_slide(layout)
            if i:
                self._set_title(slide, f"{title} (continued)")
            a, b = self._bodies(slide)[:2]
            self._fill(a, lp[i] if i < len(lp) else [])
            self._fill(b, rp[i] if i < len(rp) else [])
            self._drop_empty(slide)
            self.notes(slide, notes, cite)

    def title_slide(self, title: str, lines: list[str]) -> None:
        slide = self.prs.slides.add_slide(self.layouts["title"])
        extra = self._set_title(slide, title, start=_COVER_PT)
        bodies = self._bodies(slide)
        paras = extra + [Para(plain(t), size=BODY_PT) for t in lines]
        if bodies:
            self._fill(bodies[0], paras)
            for para in bodies[0].text_frame.paragraphs:
                para.level = 0
        self._drop_empty(slide)
        self.notes(slide, "", ())

    def picture(self, title: str, png: bytes, caption: str, *, notes: str = "", cite=()) -> None:
        slide = self.prs.slides.add_slide(self.layouts["title_only"])
        self._set_title(slide, title)
        for p in self._bodies(slide):
            p._element.getparent().remove(p._element)
        top = Inches(1.45)
        room_w = self.prs.slide_width - Inches(0.8)
        room_h = self.prs.slide_height - top - Inches(0.75)
        from PIL import Image

        w, h = Image.open(io.BytesIO(png)).size
        scale = min(room_w / w, room_h / h)
        pic_w, pic_h = int(w * scale), int(h * scale)
        slide.shapes.add_picture(io.BytesIO(png), (self.prs.slide_width - pic_w) // 2, top, pic_w, pic_h)
        box = slide.shapes.add_textbox(Inches(0.4), top + pic_h + Inches(0.05), room_w, Inches(0.55))
        self._fill(box, [Para(plain(caption), size=MIN_PT)])
        self.notes(slide, notes, cite)

    def grid(self, title: str, columns: list[str], rows: list[tuple[str, list[list[str]]]], *, notes: str = "", cite=()) -> None:
        """A comparison table: a column per role, a row per aspect, every item listed.

        Rows that do not fit go on to the next slide; a row too tall for a slide
        is split into "(continued)" rows; more than four roles take more slides.
        """
        per_slide = 4
        for start in range(0, len(columns), per_slide):
            cols = columns[start : start + per_slide]
            cells = [(name, [values[start : start + per_slide][j] for j in range(len(cols))]) for name, values in rows]
            self._grid_slides(title if start == 0 else f"{title} (continued)", cols, cells, notes, cite)

    def _grid_slides(self, title, cols, rows, notes, cite) -> None:
        left, top = Inches(0.4), Inches(1.45)
        width = self.prs.slide_width - 2 * left
        room = (self.prs.slide_height - top - Inches(0.35)) / 12700
        first = Inches(2.4)
        col_w = (width - first) // len(cols)
        head_lines = max(len(_wrap(plain(c), _GRID_HEAD_PT, col_w / 12700 - 2 * _INSET, True)) for c in cols)
        head_h = head_lines * _GRID_HEAD_PT * _LINE + 2 * _INSET

        def cell_h(items: list[str], w) -> float:
            return sum(len(_wrap(plain(t), _GRID_PT, w / 12700 - 2 * _INSET)) * _GRID_PT * _LINE + _CELL_GAP for t in items) + 2 * _INSET

        # split rows whose cells are taller than a slide, then pack rows into slides
        pieces: list[tuple[str, list[list[str]]]] = []
        for name, values in rows:
            values = [v or [_EMPTY] for v in values]
            while True:
                taken = []
                for v in values:
                    n = len(v)
                    while n > 1 and cell_h(v[:n], col_w) > room - head_h:
                        n -= 1
                    taken.append(n)
                pieces.append((name, [v[:n] for v, n in zip(values, taken, strict=True)]))
                values = [v[n:] for v, n in zip(values, taken, strict=True)]
                if not any(values):
                    break
                values = [v or [""] for v in values]
                name = f"{name.removesuffix(' (continued)')} (continued)"
        pages: list[list] = [[]]
        used = head_h
        for name, values in pieces:
            h = max(cell_h([name], first), *(cell_h(v, col_w) for v in values))
            if pages[-1] and used + h > room:
                pages.append([])
                used = head_h
            pages[-1].append((name, values, h))
            used += h
        for i, page in enumerate(pages):
            slide = self.prs.slides.add_slide(self.layouts["title_only"])
            self._set_title(slide, title if i == 0 else f"{title} (continued)")
            for p in self._bodies(slide):
                p._element.getparent().remove(p._element)
            height = Emu(int((head_h + sum(h for *_, h in page)) * 12700))
            table = slide.shapes.add_table(len(page) + 1, len(cols) + 1, left, top, width, height).table
            table.columns[0].width = first
            for j in range(len(cols)):
                table.columns[j + 1].width = col_w
            table.rows[0].height = Emu(int(head_h * 12700))
            self._cell(table.cell(0, 0), [""], _GRID_HEAD_PT, True)
            for j, c in enumerate(cols, 1):
                self._cell(table.cell(0, j), [c], _GRID_HEAD_PT, True)
            for r, (name, values, h) in enumerate(page, 1):
                table.rows[r].height = Emu(int(h * 12700))
                self._cell(table.cell(r, 0), [name], _GRID_PT, True)
                for j, v in enumerate(values, 1):
                    self._cell(table.cell(r, j), v, _GRID_PT, False)
            self.notes(slide, notes, cite)

    @staticmethod
    def _cell(cell, items: list[str], size: float, bold: bool) -> None:
        tf = cell.text_frame
        tf.clear()
        tf.word_wrap = True
        cell.margin_top = cell.margin_bottom = Pt(_INSET)
        for i, t in enumerate(items):
            para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            if i:
                para.space_before = Pt(_CELL_GAP)  # items apart, so two names never read as one
            run = para.add_run()
            run.text = plain(t)
            run.font.size = Pt(size)
            run.font.bold = bold


# --- the deck ---------------------------------------------------------------------


def _role_key(rg: RoleGraph):
    return lambda r: (rg.G.nodes[r]["spectrum"] if rg.G.nodes[r]["spectrum"] is not None else 99, rg.G.nodes[r]["label"].casefold(), r)


def _signal_groups(rg: RoleGraph, roles: list[str], sheets: list[dict]) -> list[tuple[str, list[str]]]:
    """Every need signal pointing at the roles, grouped by the roles it points at (one role first)."""
    groups: dict[tuple[str, ...], list[str]] = {}
    seen: set[str] = set()
    for role in roles:
        for n in sorted(rg.into(role, "indicates"), key=lambda n: (rg.G.nodes[n]["order"] or 999, rg.G.nodes[n]["label"].casefold())):
            if n in seen:
                continue
            seen.add(n)
            targets = tuple(r for r in roles if r in rg.out(n, "indicates")) or (role,)
            groups.setdefault(targets, []).append(rg.G.nodes[n]["label"])
    out = []
    for targets, labels in sorted(groups.items(), key=lambda kv: (len(kv[0]), [roles.index(r) for r in kv[0]])):
        names = [rg.G.nodes[r]["label"] for r in targets]
        if len(names) == 1:
            head = f"Hire {a_role(names[0])} if"
        else:
            head = "You may need " + (", ".join(names[:-1]) + " and " + names[-1]) + " if"
        out.append((head, labels))
    return out


def pptx(rg: RoleGraph, sel: Selection, *, template=None) -> dict[str, bytes]:
    """The deck for the roles (and zones, mis-hires) in the selection; ``template``: a .pptx whose masters to use."""
    cites = Citations(rg)
    roles = roles_of(rg, sel)
    sheets = [role_sheet(rg, r, cites) for r in roles]
    zones = [zone_sheet(rg, z, cites) for z in zones_of(rg, sel)]
    mis_iris = sorted(
        {m for r in roles for m in [*rg.into(r, "hiredRole"), *rg.into(r, "neededRole")]}, key=lambda m: (rg.G.nodes[m]["order"] or 99, m)
    )
    mis = [mis_hire_sheet(rg, m, cites) for m in mis_iris]
    title = sel.title(rg)
    deck = Deck(_open(template), cites, credit_line(rg))

    deck.title_slide(
        title,
        [
            "Which role does the work need? Outputs, skills, overlaps and mis-hires.",
            credit_line(rg),
            f"Exported from rolegraph on {export_date().isoformat()}",
        ],
    )
    from .picture import neighbourhood_png

    for s, role in zip(sheets, roles, strict=True):
        paras = _group(None, [f"Primary output: {s['primary_output'] or _EMPTY}"])
        paras += _group("Delivers", [d["label"] for d in s["deliverables"]])
        paras += _group("Core skills", [k["label"] for k in s["core_skills"]])
        paras += _group("Not responsible for", [n["label"] for n in s["not_responsible"]])
        if s["distinct_from"]:
            paras += _group("Not the same job as", s["distinct_from"])
        cite = sorted({*s["cite"], *(n for d in s["deliverables"] for n in d["cite"])})
        deck.text_slides(s["label"], paras, notes=s["definition"], cite=cite)
        deck.picture(
            f"{s['label']}: the neighbourhood",
            neighbourhood_png(rg, role),
            "What the role delivers, its core skills, overlap zones and neighbours, placed as in the rolegraph explorer.",
            notes=f"The nodes linked to {s['label']} in the graph.",
            cite=s["cite"],
        )

    for z in zones:
        sides = z["split"] or [{"role": r, "responsibility": "", "covers": [], "cite": []} for r in z["roles"]]
        for i in range(0, len(sides), 2):
            cols = []
            for side in sides[i : i + 2]:
                col = [Para(plain(side["role"]), bold=True, head=True)]
                col += [Para(plain(side["responsibility"] or _EMPTY), 1, SUB_PT)]
                if side["covers"]:
                    col += [Para("Covers", bold=True, head=True)] + [Para(plain(c), 1, SUB_PT) for c in side["covers"]]
                cols.append(col)
            cite = sorted({*z["cite"], *(n for side in z["split"] for n in side["cite"])})
            note = z["definition"] + (f" As the company grows: {z['scale_note']}" if z["scale_note"] else "")
            deck.columns(f"{z['label']}: who does what", cols[0], cols[1] if len(cols) > 1 else [], notes=note, cite=cite)

    for m in mis:
        paras = _group("Hired", m["hired"], empty="one person for everything")
        paras += _group("The work needed", m["needed"])
        paras += _group("What goes wrong", [m["consequence"]] if m["consequence"] else [])
        paras += _group("Do instead", [m["advice"]] if m["advice"] else [])
        deck.text_slides(f"Mis-hire: {m['label']}", paras, notes=m["definition"], cite=m["cite"])

    grid = sheets
    if len(roles) == 1:  # one role: compare it with the roles it shares a zone with or is told apart from
        partners = {r for z in rg.into(roles[0], "sharedBy") for r in rg.zones.get(z, {}).get("roles", [])}
        partners |= set(rg.out(roles[0], "distinctFrom"))
        partners = sorted((r for r in partners - set(roles) if rg.G.nodes[r]["type"] == "role"), key=_role_key(rg))
        grid = sheets + [role_sheet(rg, r, cites) for r in partners[:3]]
    rows = [
        ("Primary output", [[s["primary_output"]] if s["primary_output"] else [] for s in grid]),
        ("Overlap zones", [[z["label"] for z in s["zones"]] for s in grid]),
        ("Delivers", [[d["label"] for d in s["deliverables"]] for s in grid]),
        ("Core skills", [[k["label"] for k in s["core_skills"]] for s in grid]),
        ("Not responsible for", [[n["label"] for n in s["not_responsible"]] for s in grid]),
    ]
    deck.grid("The roles side by side", [s["label"] for s in grid], rows, notes="Every deliverable and core skill of each role.")

    paras = []
    for head, labels in _signal_groups(rg, roles, sheets):
        paras += _group(head, labels)
    signal_cite = sorted({n for s in sheets for sig in s["signals"] for n in sig["cite"]})
    deck.text_slides("Which role do you need?", paras or [Para("No need signal points at these roles.")], cite=signal_cite)

    prs = deck.prs
    props = prs.core_properties
    props.title = plain(f"rolegraph: {title}")[:255]  # the file format's limit for this field
    props.subject = "; ".join(f"{w['title']} ({w['publisher']})" if w["publisher"] else w["title"] for w in credit(rg))[:255]
    props.author = props.last_modified_by = "rolegraph"
    props.created = props.modified = EPOCH.replace(tzinfo=None)
    props.last_printed = EPOCH.replace(tzinfo=None)
    props.revision = 1
    buf = io.BytesIO()
    prs.save(buf)
    return {"": fixed_zip(buf.getvalue())}
