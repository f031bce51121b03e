"""How long resolving a name takes: known names, typos, unknown names with plausible nodes, and noise.

An unknown name now answers with its plausible nodes only (a word, a word's start, a typo or the initials
of a name): this prints the median milliseconds per name for each kind, on the built-in graph or with
``--data`` (e.g. an imported ESCO file, taxonomy scale), and with ``--before REV`` the same figures for the
``graph/resolve.py`` of that commit, run on the same loaded graph.

    python bench/resolve_names.py --data /tmp/esco.ttl --before ebc1a4b
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import statistics
import subprocess
import sys
import time
from pathlib import Path

import rolegraph
from rolegraph.errors import UnknownNameError

current = importlib.import_module("rolegraph.resolve")  # the module (``rolegraph.resolve`` is also a function)

ROOT = Path(__file__).resolve().parent.parent
NAMES = {
    "known": ["ml-engineer", "MLE", "feature store", "vector database", "k8s"],
    "typo": ["data enginering", "fetaure store", "observabilty", "vectr database", "kafak"],
    "plausible": ["observability platform", "AI eng", "serving infra", "analytics engineer", "data plumber"],
    "noise": ["qwzx", "banana", "zzzz", "quantum baking", "frontend"],
}


def module_at(rev: str):
    """graph/resolve.py as it was at ``rev``, imported inside the installed package (its relative imports work)."""
    text = subprocess.run(["git", "show", f"{rev}:graph/resolve.py"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    path = Path("/tmp") / f"rolegraph_resolve_{rev}.py"
    path.write_text(text)
    spec = importlib.util.spec_from_file_location(f"rolegraph.resolve_{rev}", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def median_ms(mod, rg, names, runs: int) -> float:
    def once(name):
        for cached in ("_near", "_name_words"):  # each name timed cold: no word pair remembered from the last
            if hasattr(mod, cached):
                getattr(mod, cached).cache_clear()
        try:
            mod.resolve(rg, name)
        except UnknownNameError:
            pass

    for n in names:  # the label index and trigrams are built once per graph, outside the timing
        once(n)
    samples = []
    for _ in range(runs):
        for n in names:
            t = time.perf_counter()
            once(n)
            samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", action="append", default=[])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--before", default=None, help="a commit whose graph/resolve.py to time beside today's")
    args = ap.parse_args()
    rg = rolegraph.load(args.data)
    mods = {"now": current}
    if args.before:
        mods[args.before] = module_at(args.before)
    print(f"graph: {rg.G.number_of_nodes():,} nodes; median ms per name over {args.runs} runs")
    for kind, names in NAMES.items():
        figures = "  ".join(f"{label} {median_ms(m, rg, names, args.runs):7.3f}" for label, m in mods.items())
        print(f"{kind:10} {figures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
