"""A still picture (PNG) of a node's neighbourhood, for slides: drawn with Pillow at the
places the explorer's layout gives (:func:`rolegraph.render.positions`), so a class sees
the same map it will find in the explorer.

Labels are drawn with the Roboto font shipped by ``font-roboto``; each sits in a
white box so edges never run through the text, and a label that would overlap
one already drawn moves down until it is free. The bytes repeat for the same graph.
"""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from ..project import RoleGraph
from .escape import plain

__all__ = ["neighbourhood", "neighbourhood_png"]

#: relation → the order in which a role's neighbours are kept when there are too many to draw
_RELATIONS = ("delivers", "hasCoreSkill", "sharedBy", "notResponsibleFor", "distinctFrom", "indicates", "hiredRole", "neededRole")


def neighbourhood(rg: RoleGraph, centre: str, limit: int = 22) -> list[str]:
    """The centre and its direct neighbours, most telling relations first, at most ``limit`` nodes."""
    picked = [centre]
    for rel in _RELATIONS:
        found = [*rg.out(centre, rel), *rg.into(centre, rel)]
        for n in sorted(found, key=lambda n: (rg.G.nodes[n]["label"].casefold(), n)):
            if n not in picked and len(picked) < limit:
                picked.append(n)
    return picked


@cache
def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont:
    from .handout_pdf import font_file

    return ImageFont.truetype(str(font_file("Bold" if bold else "Regular")), size, layout_engine=ImageFont.Layout.BASIC)


def _hex(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def _wrap(text: str, font, width: int) -> list[str]:
    lines, cur = [], ""
    for word in text.split(" "):
        trial = f"{cur} {word}".strip()
        if cur and font.getlength(trial) > width:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    return [*lines, cur] if cur else lines


def neighbourhood_png(rg: RoleGraph, centre: str, *, size: tuple[int, int] = (2000, 1000), font_px: int = 30) -> bytes:
    """A PNG of ``centre``'s neighbourhood (see :func:`neighbourhood`), laid out as in the explorer."""
    from ..render import TYPE_STYLES, positions

    nodes = neighbourhood(rg, centre)
    pos = positions(rg, nodes)
    width, height = size
    margin_x, margin_y = 230, 80
    xs = [pos[n][0] for n in nodes]
    ys = [pos[n][1] for n in nodes]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0

    def at(n):
        x, y = pos[n]
        return (
            margin_x + (x - min(xs)) / span_x * (width - 2 * margin_x),
            margin_y + (y - min(ys)) / span_y * (height - 2 * margin_y),
        )

    img = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(img)
    keep = set(nodes)
    for u, v, _ in sorted(rg.G.edges(nodes, keys=True)):
        if v in keep and u != v:
            draw.line([at(u), at(v)], fill=(170, 170, 170), width=3)
    boxes: list[tuple[float, float, float, float]] = []
    for n in nodes:
        d = rg.G.nodes[n]
        colour = _hex(TYPE_STYLES.get(d["type"], ("", "#9ca3af"))[1])
        x, y = at(n)
        r = 16 if n == centre else 11
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
        bold = n == centre or d["type"] == "role"
        font = _font(font_px + (6 if n == centre else 0), bold)
        lines = _wrap(plain(d["label"]), font, 420)
        line_h = font.size * 1.2
        w = max(font.getlength(line) for line in lines) + 12
        h = line_h * len(lines) + 6
        left = min(max(x - w / 2, 4), width - w - 4)
        top = y + r + 4
        while any(left < b[2] and b[0] < left + w and top < b[3] and b[1] < top + h for b in boxes) and top < height:
            top += line_h / 2
        top = min(top, height - h - 4)
        boxes.append((left, top, left + w, top + h))
        draw.rectangle([left, top, left + w, top + h], fill="white", outline=colour, width=2)
        for i, line in enumerate(lines):
            draw.text((left + 6, top + 3 + i * line_h), line, fill=(20, 20, 20), font=font)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    return buf.getvalue()
