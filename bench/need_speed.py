"""Time one `need` call per labelled posting: p50 and p95, on the built-in graph or with taxonomy files added.

    python bench/need_speed.py                        # the built-in graph (the issue's bar: p95 <= 50 ms)
    python bench/need_speed.py --data esco.ttl        # with ESCO loaded (rolegraph import esco ... --out esco.ttl)
    python bench/need_speed.py --data esco.ttl --occupations

Each posting of tests/data/jd (dev and both held-out parts) is analysed ``--repeat`` times
after one warm-up call; the load itself is not timed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import rolegraph  # noqa: E402
from rolegraph.need import need  # noqa: E402

JD = ROOT / "tests" / "data" / "jd"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", action="append", default=[], help="RDF file to add (repeatable)")
    p.add_argument("--occupations", action="store_true", help="also rank taxonomy occupations")
    p.add_argument("--meaning", action="store_true", help="also match by meaning")
    p.add_argument("--repeat", type=int, default=3)
    a = p.parse_args(argv)
    t0 = time.perf_counter()
    rg = rolegraph.load([Path(x) for x in a.data])
    load_s = time.perf_counter() - t0
    files = [f for folder in (JD, *sorted(JD.glob("held-out*"))) for f in sorted(folder.glob("*.txt"))]
    texts = [f.read_text(encoding="utf-8") for f in files]
    t0 = time.perf_counter()
    need(rg, texts[0], occupations=a.occupations, meaning=a.meaning)  # builds the indexes once
    first_s = time.perf_counter() - t0
    times = []
    for _ in range(a.repeat):
        for t in texts:
            t0 = time.perf_counter()
            need(rg, t, occupations=a.occupations, meaning=a.meaning)
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"graph: {len(rg.G):,} nodes ({'built-in' + (' + ' + ', '.join(a.data) if a.data else '')}); load {load_s:.1f} s")
    print(f"first call (indexes built): {first_s * 1000:.0f} ms")
    print(f"need over {len(times)} calls: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
