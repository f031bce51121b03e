"""The wheel ships the exporters, and an installed copy exports (training material and docs included)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.slow
def test_installed_wheel_exports(tmp_path):
    src = tmp_path / "src"  # a clean copy: a stale build/ folder in the checkout must not hide a missing package
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", "build", "*.egg-info", ".git", "__pycache__", ".*_cache"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(src)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("rolegraph-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {n for n in names if n.startswith("rolegraph/exporters/") and n.endswith(".py")}
    in_repo = {"rolegraph/exporters/" + p.name for p in (ROOT / "graph" / "exporters").glob("*.py")}
    assert shipped == in_repo
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import rolegraph; from rolegraph.export import export_files; rg = rolegraph.load(); "
        "print(sorted(export_files(rg, 'docs'))); print(len(export_files(rg, 'pptx', roles=['data-engineer'])['']) > 10000)"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env, cwd=tmp_path).stdout
    assert out.splitlines() == ["['index.html', 'shapes.ttl', 'vocab.ttl']", "True"]
