"""How `need`'s time grows with the length of the text: adversarial inputs at growing sizes.

Prints one row per input family and length, with the seconds taken and the
ratio to the previous length (about 2 for linear scanning when the length
doubles, about 4 for quadratic). The three inputs of issue 16 item 4 took
555 s, 898 s and over 900 s at 200,000 characters before scanning was linear.

    python bench/need_scaling.py [--sizes 25000,50000,100000,199999] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import rolegraph  # noqa: E402
from rolegraph.limits import limits  # noqa: E402
from rolegraph.need import need  # noqa: E402

JD = ROOT / "tests" / "data" / "jd"


def families() -> dict:
    """Name → function of a length giving a text of about that length."""
    real = (JD / "13-rag-support-assistant.txt").read_text(encoding="utf-8")

    def rep(unit: str):
        return lambda n: (unit * (n // len(unit) + 1))[:n]

    return {
        "x + spaces + !": lambda n: "x" + " " * (n - 2) + "!",  # issue 16: the sentence-end pattern
        "'not ' repeated": rep("not "),  # a negation cue whose scope never stops
        "'a-' repeated": rep("a-"),  # one hyphenated 'word' before "team's"
        "blank lines": rep("a\n\n"),  # many lines: the next non-blank line per line
        "about + spaces (heading)": lambda n: "Title\n\nAbout" + " " * (n - 20) + "!\nx",
        "'rather than' repeated": rep("rather than "),
        "matches and shares": rep("dbt. 50% of the job. "),  # many matches and many stated shares
        "the team owns": rep("the data team owns "),
        "real posting repeated": rep(real + "\n\n"),
    }


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="25000,50000,100000,199999", help="comma-separated text lengths")
    p.add_argument("--json", action="store_true")
    a = p.parse_args(argv)
    sizes = [min(int(x), limits().max_text_chars) for x in a.sizes.split(",")]
    rg = rolegraph.load()
    need(rg, "warm-up: build the RAG pipeline")
    rows = []
    for name, make in families().items():
        prev = None
        for n in sizes:
            text = make(n)
            t0 = time.perf_counter()
            need(rg, text)
            dt = time.perf_counter() - t0
            rows.append({"input": name, "chars": len(text), "seconds": round(dt, 3), "ratio": round(dt / prev, 2) if prev else None})
            prev = dt
            if not a.json:
                r = rows[-1]
                print(f"{name:<26} {r['chars']:>8,} chars  {r['seconds']:>7.3f} s" + (f"  x{r['ratio']}" if r["ratio"] else ""), flush=True)
    if a.json:
        print(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
