"""A still picture (PNG) of a node's neighbourhood, for slides: the explorer's own drawing
(:func:`rolegraph.render.drawing`: its layout, wrapped labels, colours and box sizes)
painted with Pillow, so a class sees the same map it will find in the explorer.

The labels use the Roboto font shipped by ``font-roboto`` (the explorer draws Arial
or its substitute). The bytes repeat for the same graph.
"""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from ..project import RoleGraph

__all__ = ["neighbourhood", "neighbourhood_png"]

#: relation → the order in which a role's neighbours are kept when there are too many to draw
_RELATIONS = ("delivers", "hasCoreSkill", "sharedBy", "notResponsibleFor", "distinctFrom", "indicates", "hiredRole", "neededRole")


def neighbourhood(rg: RoleGraph, centre: str, limit: int = 24) -> list[str]:
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


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def neighbourhood_png(rg: RoleGraph, centre: str, *, size: tuple[int, int] = (2000, 1000)) -> bytes:
    """A PNG of ``centre``'s neighbourhood (see :func:`neighbourhood`), drawn as the explorer draws it."""
    from ..layout import MARGIN, label_box
    from ..render import drawing

    data = drawing(rg, neighbourhood(rg, centre), focus=centre)
    boxes = {}
    for n in data["nodes"]:
        w, h = label_box(n["label"], n["font"]["size"])
        boxes[n["id"]] = (n["x"] - w / 2, n["y"] - h / 2, n["x"] + w / 2, n["y"] + h / 2)
    left = min(b[0] for b in boxes.values())
    top = min(b[1] for b in boxes.values())
    right = max(b[2] for b in boxes.values())
    bottom = max(b[3] for b in boxes.values())
    width, height = size
    pad = 20
    scale = min((width - 2 * pad) / max(right - left, 1), (height - 2 * pad) / max(bottom - top, 1))
    off_x = pad + ((width - 2 * pad) - (right - left) * scale) / 2
    off_y = pad + ((height - 2 * pad) - (bottom - top) * scale) / 2

    def at(x, y):
        return off_x + (x - left) * scale, off_y + (y - top) * scale

    img = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(img)
    centres = {n["id"]: at(n["x"], n["y"]) for n in data["nodes"]}
    for e in data["edges"]:
        colour = _rgb(e.get("color", {}).get("color", "#b6bcc6"))
        draw.line([centres[e["from"]], centres[e["to"]]], fill=colour, width=max(2, int(e.get("width", 1) * scale)))
    for n in data["nodes"]:
        x0, y0 = at(*boxes[n["id"]][:2])
        x1, y1 = at(*boxes[n["id"]][2:])
        fill, border = _rgb(n["color"]["background"]), _rgb(n["color"]["border"])
        radius = int(n.get("shapeProperties", {}).get("borderRadius", 4) * scale)
        draw.rounded_rectangle([x0, y0, x1, y1], radius=radius, fill=fill, outline=border, width=max(2, int(n["borderWidth"] * scale / 2)))
        px = max(8, int(n["font"]["size"] * scale))
        font = _font(px, n["font"]["color"] == "#ffffff")
        lines = n["label"].split("\n")
        line_h = (y1 - y0 - 2 * MARGIN * scale) / len(lines)
        for i, line in enumerate(lines):
            tw = font.getlength(line)
            draw.text(
                ((x0 + x1 - tw) / 2, y0 + MARGIN * scale + i * line_h + (line_h - px) / 2), line, fill=_rgb(n["font"]["color"]), font=font
            )
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    return buf.getvalue()
