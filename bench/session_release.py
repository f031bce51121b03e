"""Does the app give an uploaded graph's memory back once its browser has gone? A real Streamlit server and Chromium.

Run: .venv/bin/python bench/session_release.py
Starts `streamlit run app.py` with ROLEGRAPH_SESSION_IDLE_S=10, uploads a 200,000-triple
N-Triples file in one browser, closes it, waits past the idle limit, uploads a small file in
a second browser (which sweeps idle graphs), and prints the server's resident memory at each step.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench")]

from playwright.sync_api import sync_playwright  # noqa: E402
from session_memory import sample  # noqa: E402
from test_browser import CHROMIUM, FLAGS, free_port, start_app  # noqa: E402


def rss_mb(pid: int) -> int:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    return 0


def settle(page) -> None:
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=120_000)
    page.wait_for_timeout(1500)


def upload(page, path: Path) -> None:
    page.locator('[data-testid="stSidebar"] input[type="file"]').set_input_files(str(path))
    page.wait_for_timeout(1000)
    settle(page)


def main() -> int:
    tmp = Path(tempfile.mkdtemp())
    big = tmp / "big.nt"
    sample(200_000, big)
    env = dict(os.environ, ROLEGRAPH_SESSION_IDLE_S="10", ROLEGRAPH_MAX_UPLOAD_BYTES=str(100 * 2**20))
    env.pop("ROLEGRAPH_ENDPOINT", None)
    with open(tmp / "streamlit.log", "w") as log:
        proc = start_app(free_port(), log, env=env)
        url = f"http://127.0.0.1:{proc.args[proc.args.index('--server.port') + 1]}"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
                first = browser.new_context()
                page = first.new_page()
                page.goto(url)
                settle(page)
                print(f"server, one page open:                          {rss_mb(proc.pid):5} MB", flush=True)
                upload(page, big)
                print(f"after a {big.stat().st_size / 1e6:.1f} MB upload (200,000 triples):       {rss_mb(proc.pid):5} MB", flush=True)
                first.close()
                time.sleep(12)
                print(f"browser closed, 12 s later:                     {rss_mb(proc.pid):5} MB", flush=True)
                other = browser.new_context().new_page()
                other.goto(url)
                settle(other)
                upload(other, ROOT / "tests" / "data" / "hostile" / "bom.ttl")
                print(f"another session's small upload (sweeps idle):   {rss_mb(proc.pid):5} MB", flush=True)
                browser.close()
        finally:
            proc.terminate()
            proc.wait(15)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
