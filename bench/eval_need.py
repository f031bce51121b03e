"""Score `need` on the labelled job descriptions in tests/data/jd/.

Prints top-1 accuracy, precision and recall per flag, the confusion of
expected against predicted top role, and every text it gets wrong. The set is
also split in two halves (odd-numbered files "dev", even-numbered "held-out")
so a change tuned on one half can be checked on the other.

    python bench/eval_need.py [--json] [--split dev|held-out|all] [--verbose]
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
from rolegraph.need import MAIN_ROLES, need  # noqa: E402

JD = ROOT / "tests" / "data" / "jd"
FLAGS = ("spans-all-three", "two-roles", "mis-hire-risk")


def split_of(name: str) -> str:
    return "dev" if int(name.split("-", 1)[0]) % 2 else "held-out"


def evaluate(rg, labels: list[dict]) -> dict:
    rows = []
    for lab in labels:
        text = (JD / lab["file"]).read_text(encoding="utf-8")
        res = need(rg, text)
        main = [r for r in res["ranking"] if r["id"] in MAIN_ROLES]
        rows.append(
            {
                "file": lab["file"],
                "split": split_of(lab["file"]),
                "expected_top": lab["expected_top"],
                "top": res["ranking"][0]["id"],
                "expected_flags": sorted(lab["flags"]),
                "flags": sorted(res["flags"]),
                "scores": {r["id"]: r["score"] for r in main},
                "title_role": res["title"]["role"],
                "expected_title_role": lab["title_role"],
            }
        )
    return {"rows": rows, "summary": summarise(rows)}


def summarise(rows: list[dict]) -> dict:
    n = len(rows)
    correct = sum(r["top"] == r["expected_top"] for r in rows)
    flags = {}
    for f in FLAGS:
        tp = sum(f in r["flags"] and f in r["expected_flags"] for r in rows)
        fp = sum(f in r["flags"] and f not in r["expected_flags"] for r in rows)
        fn = sum(f not in r["flags"] and f in r["expected_flags"] for r in rows)
        flags[f] = {
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None,
        }
    single = [r for r in rows if not {"two-roles", "spans-all-three"} & set(r["expected_flags"])]
    confusion = {e: {p: 0 for p in (*MAIN_ROLES, "other")} for e in MAIN_ROLES}
    for r in rows:
        confusion[r["expected_top"]][r["top"] if r["top"] in MAIN_ROLES else "other"] += 1
    return {
        "texts": n,
        "top1": round(correct / n, 3) if n else None,
        "top1_correct": correct,
        "flags": flags,
        "exact_flag_sets": sum(r["flags"] == r["expected_flags"] for r in rows),
        "false_all_three_on_single_role": sum("spans-all-three" in r["flags"] for r in single),
        "title_role_correct": sum(r["title_role"] == r["expected_title_role"] for r in rows),
        "confusion": confusion,
    }


def print_report(result: dict, verbose: bool) -> None:
    rows = result["rows"]
    for name in ("all", "dev", "held-out"):
        part = rows if name == "all" else [r for r in rows if r["split"] == name]
        if not part:
            continue
        s = summarise(part)
        print(f"== {name}: {s['texts']} texts")
        print(f"top-1 accuracy      {s['top1']:.1%}  ({s['top1_correct']}/{s['texts']})")
        for f, v in s["flags"].items():
            p = "n/a" if v["precision"] is None else f"{v['precision']:.0%}"
            rc = "n/a" if v["recall"] is None else f"{v['recall']:.0%}"
            print(f"{f:<18}  precision {p:>4}  recall {rc:>4}  (tp {v['tp']}, fp {v['fp']}, fn {v['fn']})")
        print(f"exact flag sets     {s['exact_flag_sets']}/{s['texts']}")
        print(f"spans-all-three on single-role texts: {s['false_all_three_on_single_role']}")
        print(f"title role read right: {s['title_role_correct']}/{s['texts']}")
        if name == "all":
            print("confusion (rows expected, columns predicted):")
            cols = [*MAIN_ROLES, "other"]
            print(" " * 15 + "".join(f"{c:>15}" for c in cols))
            for e, row in s["confusion"].items():
                print(f"{e:<15}" + "".join(f"{row[c]:>15}" for c in cols))
        print()
    wrong = [r for r in rows if r["top"] != r["expected_top"] or r["flags"] != r["expected_flags"]]
    print(f"== wrong ({len(wrong)})")
    for r in wrong:
        what = []
        if r["top"] != r["expected_top"]:
            what.append(f"top {r['top']} (expected {r['expected_top']})")
        if r["flags"] != r["expected_flags"]:
            what.append(f"flags {r['flags']} (expected {r['expected_flags']})")
        sc = " ".join(f"{k.split('-')[0]}={v}" for k, v in r["scores"].items())
        print(f"{r['file']:<40} {'; '.join(what)}   [{sc}]")
    if verbose:
        print()
        for r in rows:
            sc = " ".join(f"{k.split('-')[0]}={v}" for k, v in r["scores"].items())
            print(f"{r['file']:<40} {r['top']:<14} {','.join(r['flags']) or '-':<30} [{sc}]")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--split", choices=("all", "dev", "held-out"), default="all")
    p.add_argument("--verbose", action="store_true", help="also list every text's scores")
    a = p.parse_args(argv)
    labels = json.loads((JD / "labels.json").read_text(encoding="utf-8"))
    if a.split != "all":
        labels = [lab for lab in labels if split_of(lab["file"]) == a.split]
    t0 = time.perf_counter()
    rg = rolegraph.load()
    t1 = time.perf_counter()
    result = evaluate(rg, labels)
    t2 = time.perf_counter()
    big = ((JD / labels[0]["file"]).read_text(encoding="utf-8") * 400)[: limits().max_text_chars - 1]
    need(rg, big)
    t3 = time.perf_counter()
    result["timing"] = {
        "load_s": round(t1 - t0, 2),
        "analyse_s": round(t2 - t1, 2),
        "per_text_ms": round(1000 * (t2 - t1) / max(1, len(labels)), 1),
        "largest_text_s": round(t3 - t2, 2),
    }
    if a.json:
        print(json.dumps(result, indent=2))
    else:
        print_report(result, a.verbose)
        t = result["timing"]
        print(f"\nload {t['load_s']} s; analysis {t['per_text_ms']} ms per text; a text at the size limit: {t['largest_text_s']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
