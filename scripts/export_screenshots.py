"""Pictures of the training material as a class sees it: slides of the ML engineer deck and a page of its PDF handout.

Converts the deck with LibreOffice (``soffice --headless --convert-to pdf``) and rasterises pages with
``pdftoppm``, both Debian packages (``libreoffice-impress``, ``poppler-utils``); no test depends on it.

Run: .venv/bin/python scripts/export_screenshots.py [OUT_DIR]   (default docs/screenshots)
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import rolegraph
from pptx import Presentation
from rolegraph.export import export_files

ROOT = Path(__file__).resolve().parent.parent

#: picture name → the title of the slide it shows (first slide with that title)
SLIDES = {
    "deck-title.png": "ML engineer",
    "deck-neighbourhood.png": "ML engineer: the neighbourhood",
    "deck-zone-split.png": "Inference serving overlap: who does what",
    "deck-grid.png": "The roles side by side",
}


def _page(pdf: Path, number: int, out: Path, dpi: int = 80) -> None:
    stem = out.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(number), "-l", str(number), "-singlefile", pdf, stem], check=True)


def main(out_dir: Path) -> None:
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing: apt-get install -y libreoffice-impress poppler-utils")
    out_dir.mkdir(parents=True, exist_ok=True)
    rg = rolegraph.load()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        deck = export_files(rg, "pptx", roles=["ml-engineer"])[""]
        (tmp / "deck.pptx").write_bytes(deck)
        convert = ["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, tmp / "deck.pptx"]
        subprocess.run(convert, check=True, capture_output=True)
        slides = list(Presentation(io.BytesIO(deck)).slides)
        titles = [s.shapes.title.text.removesuffix(" (continued)") for s in slides]

        def holds(slide, text):
            return any(sh.has_table and any(c.text == text for row in sh.table.rows for c in row.cells) for sh in slide.shapes)

        for name, title in SLIDES.items():
            number = 1 if name == "deck-title.png" else titles.index(title) + 1
            if name == "deck-grid.png":  # the grid slide that lists the deliverables
                number = next(i for i, s in enumerate(slides, 1) if titles[i - 1] == title and holds(s, "Delivers"))
            _page(tmp / "deck.pdf", number, out_dir / name)
            print(f"{out_dir / name}: slide {number}, {title!r}")
        (tmp / "handout.pdf").write_bytes(export_files(rg, "handout-pdf", roles=["ml-engineer"])[""])
        _page(tmp / "handout.pdf", 1, out_dir / "handout-pdf-page.png", dpi=70)
        print(f"{out_dir / 'handout-pdf-page.png'}: page 1 of the ML engineer handout")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
