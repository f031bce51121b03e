"""Killed mid-export, the previous file is intact: the CLI is SIGKILLed at staggered moments."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

OLD = b"<!-- the previous export -->\n"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_never_leaves_a_partial_file(tmp_path):
    out = tmp_path / "roles.html"
    env = {**os.environ, "ROLEGRAPH_CACHE": "off"}
    outcomes = set()
    for delay in (0.2, 0.4, 0.6, 0.8, 1.0, 1.3, 1.6, 2.5):
        out.write_bytes(OLD)
        proc = subprocess.Popen(
            [sys.executable, "-m", "rolegraph", "export", "--format", "html", "--out", str(out)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        data = out.read_bytes()
        if data == OLD:
            outcomes.add("old")
        else:  # replaced: it must be the whole new page
            assert data.startswith(b"<!DOCTYPE html>") and data.rstrip().endswith(b"</html>"), f"partial file after kill at {delay}s"
            outcomes.add("new")
    assert "old" in outcomes, "no kill landed before the write finished; the test proved nothing"
