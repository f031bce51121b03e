"""The ontology files ship inside the wheel and are found from an installed package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_wheel_carries_ontology_and_loads_it(tmp_path):
    src = tmp_path / "src"  # a clean copy: a stale build/ folder in the checkout must not add old files to the wheel
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", "build", "*.egg-info", ".git", "__pycache__", ".*_cache"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(src)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("rolegraph-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(n for n in names if n.endswith((".ttl", ".trig")))
    rdf_files = [p for p in (ROOT / "ontology").rglob("*") if p.suffix in (".ttl", ".trig")]
    in_repo = sorted("rolegraph/ontology/" + str(p.relative_to(ROOT / "ontology")) for p in rdf_files)
    assert any(n.endswith(".trig") for n in shipped), "the built-in data (TriG) ships in the wheel"
    assert shipped == in_repo
    modules = sorted(n for n in names if n.endswith(".py"))
    in_graph = sorted("rolegraph/" + str(f.relative_to(ROOT / "graph")) for f in (ROOT / "graph").rglob("*.py"))
    assert modules == sorted([*in_graph, "rolegraph/_app/app.py"]), "every module of graph/, and the page app.py"
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import rolegraph; from rolegraph.load import ontology_dir; "
        "print(ontology_dir()); print(rolegraph.stats(rolegraph.load())['roles']); "
        "from rolegraph.explorer import page; print(page())"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env, cwd=tmp_path).stdout.split()
    assert out[0] == str(site / "rolegraph" / "ontology")
    assert int(out[1]) >= 4
    assert out[2] == str(site / "rolegraph" / "_app" / "app.py")  # `rolegraph app` runs the page the wheel carries
