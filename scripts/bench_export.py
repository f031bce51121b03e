"""Time every export format on the built-in graph: median of 3 renders, bytes written.

Run: .venv/bin/python scripts/bench_export.py   (prints one line per format; no test depends on it)
"""

from __future__ import annotations

import statistics
import time

import rolegraph
from rolegraph.export import FORMATS, export_files


def main() -> None:
    t0 = time.perf_counter()
    rg = rolegraph.load()
    print(f"load: {time.perf_counter() - t0:.2f} s, {len(rg.rdf):,} triples, {rg.G.number_of_nodes()} nodes")
    for fmt in FORMATS:
        times, size = [], 0
        for _ in range(3):
            t = time.perf_counter()
            files = export_files(rg, fmt)
            times.append(time.perf_counter() - t)
            size = sum(len(b) for b in files.values())
        print(f"{fmt:13} {statistics.median(times) * 1000:8.1f} ms  {size:>9,} bytes")
    _material(rg)


def _material(rg) -> None:
    """What the training material holds for the whole graph: slides, the deck's smallest text, questions, diagrams."""
    import collections
    import io

    from pptx import Presentation
    from rolegraph.exporters.mermaid import diagrams
    from rolegraph.exporters.quiz import questions
    from rolegraph.subgraph import select

    sel = select(rg)
    prs = Presentation(io.BytesIO(export_files(rg, "pptx")[""]))
    sizes = [r.font.size.pt for s in prs.slides for sh in s.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs for r in p.runs]
    print(f"pptx: {len(prs.slides)} slides, text {min(sizes):.0f}-{max(sizes):.0f} pt")
    qs = questions(rg, sel)
    kinds = collections.Counter(q["kind"] for q in qs)
    sets = collections.Counter(frozenset(q["options"]) for q in qs)
    print(f"quiz: {len(qs)} questions, {len(kinds)} kinds (largest {max(kinds.values())}), largest shared option set {max(sets.values())}")
    print(f"mermaid: {len(diagrams(rg, sel))} diagrams")


if __name__ == "__main__":
    main()
