"""Score `need` on the labelled job descriptions: the dev part and the held-out parts, apart.

The dev part is ``tests/data/jd/*.txt`` (tuned on); the held-out parts are
``tests/data/jd/held-out/*.txt`` (issue 13's first round), ``tests/data/jd/held-out-2/*.txt``
(its second round) and ``tests/data/jd/held-out-3/*.txt`` (written after held-out-2 was first
run, before the changes that followed from its errors) and ``tests/data/jd/held-out-4/*.txt``
(written after held-out-3 was first run, before the last changes) and ``tests/data/jd/held-out-5/*.txt``
(written during the third round by an author who never saw the analyser), each written and labelled before the
tuning it measures and never tuned on; the held-out parts are also scored together
("held-out, combined"). For each
part, with and without matching by meaning (``wordllama``), it prints:

- top-1: the top role is the expected one (or one of the ``acceptable_top`` roles
  of a posting that asks for several roles equally);
- all-three: recall of ``spans-all-three`` and its false flags;
- two-roles: how often ``two-roles`` fires on single-role postings;
- mis-hire: recall of ``mis-hire-risk`` and its false flags;
- the time of one ``need`` call on the built-in graph (p50, p95 over every posting, repeated).

Errors are listed for the dev part only; ``--show-held-out-errors`` lists the
held-out ones too (for the closing report: never while tuning).

    python bench/eval_need.py [--json] [--part dev|held-out|held-out-2|...|held-out-5|all] [--verbose] [--show-held-out-errors]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import rolegraph  # noqa: E402
from rolegraph.need import MAIN_ROLES, need  # noqa: E402

JD = ROOT / "tests" / "data" / "jd"
PARTS = {"dev": JD, **{f"held-out{s}": JD / f"held-out{s}" for s in ("", "-2", "-3", "-4", "-5")}}
HELD_OUT = tuple(p for p in PARTS if p != "dev")
FLAGS = ("spans-all-three", "two-roles", "mis-hire-risk")


def labels(part: str) -> list[dict]:
    folder = PARTS[part]
    out = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    for lab in out:
        lab["path"] = folder / lab["file"]
        lab["part"] = part
    return out


def evaluate(rg, labs: list[dict], meaning: bool) -> list[dict]:
    rows = []
    for lab in labs:
        res = need(rg, lab["path"].read_text(encoding="utf-8"), meaning=meaning)
        main = [r for r in res["ranking"] if r["id"] in MAIN_ROLES]
        rows.append(
            {
                "file": lab["file"],
                "part": lab["part"],
                "expected_top": lab["expected_top"],
                "acceptable_top": lab.get("acceptable_top") or [lab["expected_top"]],
                "top": res["ranking"][0]["id"] if res["ranking"] and res["ranking"][0]["score"] > 0 else None,
                "roles": lab["roles"],
                "expected_flags": sorted(lab["flags"]),
                "flags": sorted(res["flags"]),
                "scores": {r["id"]: r["score"] for r in main},
                "deep": [r["id"] for r in main if r["deep"]],
            }
        )
    return rows


def _rate(num: int, den: int) -> dict:
    return {"n": num, "of": den, "rate": round(num / den, 3) if den else None}


def summarise(rows: list[dict]) -> dict:
    def flagged(r, f):
        return f in r["flags"]

    def expected(r, f):
        return f in r["expected_flags"]

    single = [r for r in rows if len(r["roles"]) == 1]
    out = {"texts": len(rows), "top1": _rate(sum(r["top"] in r["acceptable_top"] for r in rows), len(rows))}
    for f, key in (("spans-all-three", "all_three"), ("mis-hire-risk", "mis_hire")):
        pos = [r for r in rows if expected(r, f)]
        out[key] = {
            "recall": _rate(sum(flagged(r, f) for r in pos), len(pos)),
            "false_flags": sum(flagged(r, f) and not expected(r, f) for r in rows),
        }
    out["two_roles_on_single"] = _rate(sum(flagged(r, "two-roles") for r in single), len(single))
    two = [r for r in rows if expected(r, "two-roles")]
    out["two_roles_recall"] = _rate(sum(flagged(r, "two-roles") for r in two), len(two))
    out["exact_flag_sets"] = _rate(sum(r["flags"] == r["expected_flags"] for r in rows), len(rows))
    return out


def _pct(x: dict) -> str:
    return "n/a" if x["rate"] is None else f"{x['rate']:.1%} ({x['n']}/{x['of']})"


def print_summary(name: str, s: dict) -> None:
    print(f"== {name}: {s['texts']} postings")
    print(f"  top-1                       {_pct(s['top1'])}")
    print(f"  all-three recall            {_pct(s['all_three']['recall'])}   false flags {s['all_three']['false_flags']}")
    print(f"  two-roles on single-role    {_pct(s['two_roles_on_single'])}   (two-roles recall {_pct(s['two_roles_recall'])})")
    print(f"  mis-hire recall             {_pct(s['mis_hire']['recall'])}   false flags {s['mis_hire']['false_flags']}")
    print(f"  exact flag sets             {_pct(s['exact_flag_sets'])}")


def print_wrong(rows: list[dict]) -> None:
    wrong = [r for r in rows if r["top"] not in r["acceptable_top"] or r["flags"] != r["expected_flags"]]
    print(f"  wrong ({len(wrong)}):")
    for r in wrong:
        what = []
        if r["top"] not in r["acceptable_top"]:
            what.append(f"top {r['top']} (expected {'/'.join(r['acceptable_top'])})")
        if r["flags"] != r["expected_flags"]:
            what.append(f"flags {r['flags']} (expected {r['expected_flags']})")
        sc = " ".join(f"{k.split('-')[0]}={v}" for k, v in r["scores"].items())
        print(f"    {r['file']:<42} {'; '.join(what)}   [{sc}] deep={','.join(d.split('-')[0] for d in r['deep'])}")


def timing(rg, labs: list[dict], repeat: int = 3) -> dict:
    texts = [lab["path"].read_text(encoding="utf-8") for lab in labs]
    times = []
    for _ in range(repeat):
        for t in texts:
            t0 = time.perf_counter()
            need(rg, t)
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {"calls": len(times), "p50_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1)}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--part", choices=("all", *PARTS), default="all")
    p.add_argument("--verbose", action="store_true", help="also list every posting's scores (dev part only)")
    p.add_argument("--show-held-out-errors", action="store_true", help="list the held-out part's errors too (for the report)")
    p.add_argument("--no-timing", action="store_true")
    p.add_argument("--min-similarity", type=float, default=None, help="the similarity a match by meaning needs (default: the library's)")
    a = p.parse_args(argv)
    parts = list(PARTS) if a.part == "all" else [a.part]
    rg = rolegraph.load()
    from rolegraph import meaning as meaning_module
    from rolegraph.meaning import available

    if a.min_similarity is not None:
        meaning_module.MIN_SIMILARITY = a.min_similarity

    modes = [False, True] if available() else [False]
    result = {"parts": {}, "meaning_available": available()}
    held: dict[bool, list[dict]] = {m: [] for m in modes}
    for part in parts:
        labs = labels(part)
        for meaning in modes:
            rows = evaluate(rg, labs, meaning)
            if part in HELD_OUT:
                held[meaning] += rows
            key = f"{part}, {'with' if meaning else 'without'} meaning"
            result["parts"][key] = {"summary": summarise(rows), "rows": rows}
            if not a.json:
                print_summary(key, result["parts"][key]["summary"])
                if part == "dev" or a.show_held_out_errors:
                    print_wrong(rows)
                if a.verbose and part == "dev":
                    for r in rows:
                        sc = " ".join(f"{k.split('-')[0]}={v}" for k, v in r["scores"].items())
                        print(f"    {r['file']:<42} {r['top'] or '-':<14} {','.join(r['flags']) or '-':<30} [{sc}]")
                print()
    if all(p in parts for p in HELD_OUT):
        for meaning in modes:
            key = f"held-out, combined, {'with' if meaning else 'without'} meaning"
            result["parts"][key] = {"summary": summarise(held[meaning]), "rows": []}  # the rows are under each part
            if not a.json:
                print_summary(key, result["parts"][key]["summary"])
                print()
    if not a.no_timing:
        result["timing"] = timing(rg, [lab for part in parts for lab in labels(part)])
        if not a.json:
            t = result["timing"]
            print(f"need on the built-in graph: p50 {t['p50_ms']} ms, p95 {t['p95_ms']} ms over {t['calls']} calls")
    if a.json:
        for v in result["parts"].values():
            for r in v["rows"]:
                r.pop("path", None)
        print(json.dumps(result, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
