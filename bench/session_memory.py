"""How much memory one uploaded session graph takes: bytes per triple and per file byte.

Run: .venv/bin/python bench/session_memory.py [TRIPLES ...]   (each size as N-Triples and as compact Turtle)
Each size is loaded in a fresh process through ``session.load_upload`` (built-in graph
+ the upload, as the app does); the resident-set growth is printed. The figures set
``budget.BYTES_PER_FILE_BYTE``, the estimate the app's session budget admits uploads by.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import gc, json, sys, tempfile
from pathlib import Path
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
import rolegraph
from rolegraph import session
rolegraph.load()  # the built-in graph every session shares, loaded first
gc.collect()
before = rss()
data = Path(sys.argv[1]).read_bytes()
rg = session.load_upload(Path(sys.argv[1]).name, data, (), tempfile.mkdtemp())
len(rg.rdf)  # the RDF store too, as the SPARQL tab builds it
gc.collect()
print(json.dumps({"bytes": rss() - before, "triples": len(rg.rdf)}))
"""


def sample(n: int, path: Path) -> int:
    if path.suffix == ".ttl":  # the same triples as compact Turtle: prefixes, one subject block each
        rows = [
            "@prefix s: <https://example.org/skill/> .",
            "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
            "@prefix rg: <https://rolegraph.dev/vocab#> .",
        ]
        for i in range(n // 4):
            rows.append(
                f's:{i:08d} a rg:Skill ; skos:prefLabel "skill number {i} with a label"@en ; skos:altLabel "alias {i}"@en ;'
                f" rg:prerequisiteOf s:{(i * 7 + 1) % max(1, n // 4):08d} ."
            )
        path.write_text("\n".join(rows) + "\n")
        return path.stat().st_size
    rows = []
    skos, rg = "http://www.w3.org/2004/02/skos/core#", "https://rolegraph.dev/vocab#"
    for i in range(n // 4):
        s = f"<https://example.org/skill/{i:08d}>"
        rows.append(f"{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{rg}Skill> .")
        rows.append(f'{s} <{skos}prefLabel> "skill number {i} with a label"@en .')
        rows.append(f'{s} <{skos}altLabel> "alias {i}"@en .')
        rows.append(f"{s} <{rg}prerequisiteOf> <https://example.org/skill/{(i * 7 + 1) % max(1, n // 4):08d}> .")
    path.write_text("\n".join(rows) + "\n")
    return path.stat().st_size


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [50_000, 200_000]
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, suffix in [(n, s) for n in sizes for s in (".nt", ".ttl")]:
            f = Path(tmp) / f"s{n}{suffix}"
            size = sample(n, f)
            res = json.loads(subprocess.run([sys.executable, "-c", CHILD, str(f)], capture_output=True, text=True, check=True).stdout)
            row = {"triples": res["triples"], "file_bytes": size, "rss_growth": res["bytes"]}
            row["bytes_per_triple"] = round(res["bytes"] / res["triples"])
            row["bytes_per_file_byte"] = round(res["bytes"] / size, 1)
            out.append(row)
            print(
                f"{suffix:4} {n:>9,} triples  file {size / 1e6:6.1f} MB  memory +{res['bytes'] / 1e6:7.1f} MB  "
                f"{row['bytes_per_triple']:>5} B/triple  {row['bytes_per_file_byte']:>5} B per file byte",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
