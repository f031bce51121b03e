"""Regenerate the golden export files of the small hand-made graph (tests/data/fixture.ttl).

Run: make golden   (or .venv/bin/python scripts/regen_golden.py)
Tests compare against these files and never write them; review the diff before committing.
"""

from __future__ import annotations

from pathlib import Path

import rolegraph
from rolegraph.export import export_files

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "fixture.ttl"
GOLDEN = ROOT / "tests" / "data" / "golden"

#: format → file name (folder formats: a prefix for each file). Text formats we write ourselves, so
#: the bytes do not hang on another library's serializer.
FILES = {
    "nt": "fixture.nt",
    "gexf": "fixture.gexf",
    "csv": "fixture-",
    "mermaid": "fixture.mmd",
    "handout-md": "fixture-handout.md",
    "quiz-md": "fixture-quiz.md",
}


def golden_files(rg) -> dict[str, bytes]:
    """name → bytes of every golden file, rendered now."""
    out = {}
    for fmt, name in FILES.items():
        for part, data in export_files(rg, fmt).items():
            out[name + part if part else name] = data
    return out


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    rg = rolegraph.load([FIXTURE], builtin=False)
    for name, data in sorted(golden_files(rg).items()):
        path = GOLDEN / name
        changed = not path.exists() or path.read_bytes() != data
        path.write_bytes(data)
        print(f"{'updated' if changed else 'same   '} {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
