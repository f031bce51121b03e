"""Smoke test of the load benchmark (bench/app_load.py): two concurrent browser sessions, no error.

Not a timed test: the figures are printed by `make load`; this only checks that the
script runs end to end, reads every answer back and reports what it measured.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).parent.parent
CHROMIUM = Path("/usr/bin/chromium")


def test_two_sessions_run_without_error(tmp_path):
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing: .ci/run installs it with apt-get")
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium)")
    out = tmp_path / "load.json"
    cmd = [sys.executable, str(ROOT / "bench" / "app_load.py"), "--sessions", "2", "--timeout", "240", "--out", str(out)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["errors"] == [] and result["sessions_ok"] == 2
    assert result["steps"]["load"]["n"] == result["steps"]["search"]["n"] == 2
    assert result["steps"]["owner"]["n"] == result["steps"]["path"]["n"] == 1
    assert result["memory"]["server_vmhwm_mb"] > result["memory"]["idle_rss_mb"] > 0
    assert "errors: 0" in proc.stdout
