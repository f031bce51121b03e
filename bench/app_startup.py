"""How fast the explorer comes up and reacts, in a real browser (not a test: it prints figures).

    .venv/bin/python bench/app_startup.py [--runs 5] [--reruns 6]

For each run: start `streamlit run app.py` on a free localhost port (Chromium is
already open), load the page and time until the graph's canvas has drawn. Then,
in the last run's page, switch the "Node types" filter between "Skill" and all
types and time each rerun until the redrawn graph shows. Prints the medians.
Needs /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Error, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_browser import CHROMIUM, FLAGS, free_port, start_app  # noqa: E402


def drawn_note(page) -> str | None:
    """The drawn node ids of the first graph (changes with every new drawing), or None while it is not drawn."""
    try:
        box = page.locator(".rg-graph[data-ids]").first
        if box.count() == 0:
            return None
        return box.get_attribute("data-ids", timeout=1000)
    except Error:
        return None


def wait_drawn(page, previous: str | None = None, timeout: float = 120.0) -> str:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        note = drawn_note(page)
        if note and note != previous:
            return note
        time.sleep(0.01)
    raise TimeoutError("the graph did not draw")


def set_types(page, skill: bool) -> None:
    box = page.locator('[data-testid="stMultiSelect"]').first
    if skill:
        box.click()
        page.get_by_role("option", name="Skill", exact=True).click()
        page.keyboard.press("Escape")
    else:
        box.get_by_role("button", name="Clear all").click()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="app starts to time (default 5)")
    ap.add_argument("--reruns", type=int, default=6, help="filter changes to time (default 6)")
    args = ap.parse_args(argv)
    if not CHROMIUM.exists():
        print("needs /usr/bin/chromium (apt-get install chromium)", file=sys.stderr)
        return 2
    starts, healths, loads, reruns = [], [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        for i in range(args.runs):
            port = free_port()
            with tempfile.TemporaryFile("w+") as log:
                t0 = time.perf_counter()
                proc = start_app(port, log)
                healths.append(time.perf_counter() - t0)
                try:
                    page = browser.new_page(viewport={"width": 1500, "height": 1000})
                    page.goto(f"http://127.0.0.1:{port}/")
                    loads.append(time.perf_counter() - t0)
                    note = wait_drawn(page)
                    starts.append(time.perf_counter() - t0)
                    if i == args.runs - 1:
                        for j in range(args.reruns):
                            t1 = time.perf_counter()
                            set_types(page, skill=j % 2 == 0)
                            note = wait_drawn(page, note)
                            reruns.append(time.perf_counter() - t1)
                    page.close()
                finally:
                    proc.terminate()
                    proc.wait(timeout=15)
        browser.close()

    def line(what: str, values: list[float]) -> str:
        every = ", ".join(f"{v:.2f}" for v in values)
        return f"{what:<35} median {statistics.median(values):.2f} s  (n={len(values)}: {every})"

    print(line("streamlit run → health check:", healths))
    print(line("streamlit run → page loaded:", loads))
    print(line("streamlit run → first graph drawn:", starts))
    print(line("filter change → graph redrawn:", reruns))
    return 0


if __name__ == "__main__":
    sys.exit(main())
