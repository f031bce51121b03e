"""Click to new drawing in the explorer (not a test: it prints figures).

    .venv/bin/python bench/app_click.py [--clicks 12] [--out bench/app_click.json]

Starts `streamlit run app.py` on a free 127.0.0.1 port, opens it in headless
Chromium at 1400 x 1000 on the data engineer's neighbourhood, then clicks drawn
nodes one after another (a skill or deliverable, then back to a role, ...). For
each click it reads two clocks in the page: when vis-network reported the click
(just before the component sends it to Python) and when the new drawing had been
painted, and checks that the drawing then shows exactly the clicked node's
neighbourhood (from ``rolegraph.view.select``) and the page did not navigate.
Prints each click and the median, p90 and max; writes the figures as JSON.
Needs /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import rolegraph  # noqa: E402
from rolegraph import view as gv  # noqa: E402
from rolegraph.explorer.state import View  # noqa: E402
from test_browser import CHROMIUM, FIND_CLICKABLE, FLAGS, free_port, start_app  # noqa: E402


def ids_of(rg, focus: str) -> str:
    return ",".join(sorted(rg.G.nodes[n]["id"] for n in gv.select(rg, View(focus=focus))["nodes"]))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clicks", type=int, default=12)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "app_click.json")
    args = ap.parse_args(argv)
    rg = rolegraph.load()
    env = {k: v for k, v in os.environ.items() if k not in ("ROLEGRAPH_DATA", "ROLEGRAPH_IMPORTS_DIR")}
    log = tempfile.NamedTemporaryFile("w", suffix=".log", delete=False)
    proc = start_app(free_port(), log, env)
    port = proc.args[proc.args.index("--server.port") + 1]
    rows = []
    reloaded = True
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"http://127.0.0.1:{port}/?focus=data-engineer")
            page.locator(".rg-graph[data-ids]").wait_for(timeout=90_000)
            page.evaluate("() => { window.rolegraphSamePage = true; }")  # a page load would lose it
            focus = "data-engineer"
            for i in range(args.clicks):
                box = page.locator(".rg-graph")
                kinds = ("skill", "deliverable") if i % 2 == 0 else ("role", "overlap_zone")
                drawn = box.get_attribute("data-ids").split(",")
                ids = [n for n in drawn if n != focus and rg.G.nodes[rg.ids[n]]["type"] in kinds] or [n for n in drawn if n != focus]
                hit = box.evaluate(FIND_CLICKABLE, ids)
                if not hit:
                    print(f"click {i + 1}: no clickable node of {kinds}")
                    continue
                target, x, y = hit
                page.evaluate("() => { window.rolegraphDrawnAt = 0; }")
                where = box.locator("canvas").bounding_box()
                t0 = time.perf_counter()
                page.mouse.click(where["x"] + x, where["y"] + y)
                page.wait_for_function("() => window.rolegraphDrawnAt > 0", timeout=60_000)
                wall = (time.perf_counter() - t0) * 1000
                ms, draw_ms = page.evaluate(
                    "() => [window.rolegraphDrawnAt - window.rolegraphClickedAt, window.rolegraphDrawnAt - window.rolegraphRenderAt]"
                )
                right = page.locator(".rg-graph").get_attribute("data-ids") == ids_of(rg, target)
                rows.append(
                    {
                        "click": i + 1,
                        "node": target,
                        "ms": round(ms, 1),
                        "draw_ms": round(draw_ms, 1),
                        "wall_ms": round(wall, 1),
                        "right_nodes": right,
                    }
                )
                print(
                    f"click {i + 1:2d} on {target:32s} {ms:7.1f} ms in the page, of which drawing {draw_ms:5.1f} ms "
                    f"({wall:6.1f} ms wall), drawing right: {right}"
                )
                focus = target
                page.wait_for_timeout(300)
            reloaded = not page.evaluate("() => window.rolegraphSamePage === true")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(15)
    times = sorted(r["ms"] for r in rows)
    summary = {
        "clicks": len(rows),
        "median_ms": round(statistics.median(times), 1),
        "p90_ms": round(times[int(0.9 * (len(times) - 1))], 1),
        "max_ms": max(times),
        "all_drawings_right": all(r["right_nodes"] for r in rows),
        "page_reloaded": reloaded,
        "cpus": os.cpu_count(),
        "load_1min": round(os.getloadavg()[0], 2),
        "rows": rows,
    }
    print(
        f"click to new drawing: median {summary['median_ms']} ms, p90 {summary['p90_ms']} ms, max {summary['max_ms']} ms "
        f"over {len(rows)} clicks; page reloaded: {reloaded}; load {summary['load_1min']} on {summary['cpus']} cpus"
    )
    args.out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0 if summary["all_drawings_right"] and not reloaded else 1


if __name__ == "__main__":
    sys.exit(main())
