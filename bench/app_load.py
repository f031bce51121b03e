"""The explorer under load: N concurrent browser sessions against one local server (not a test: it prints figures).

    .venv/bin/python bench/app_load.py [--sessions 20] [--timeout 600] [--step-timeout 180]

Starts `streamlit run app.py` on a free 127.0.0.1 port, then opens N sessions at
once in one headless Chromium (one browser context each, so each is its own
Streamlit session). Every session loads the app and waits until the graph's
canvas has drawn, searches a node in the sidebar, then asks one tab its
question — who owns a skill, a learning path between two roles, or which role
a job description needs — and reads the answer back, checked against what
``graph`` answers for the same question. Sessions use different queries.

An error is: a Streamlit exception or error box, a wait that failed or timed
out, a console error or uncaught page error, a dialog, or a request to a host
other than 127.0.0.1/localhost. Reported: per step p50/p95/max latency, the
errors with their texts, the server's peak memory (VmHWM of the streamlit
process, and the sampled VmRSS of it and its children) and the machine's load.
Prints a table, writes bench/app_load.json (``--out``), exits 1 if any session
had an error. Every wait is bounded, the whole run is capped by ``--timeout``,
and the server is always stopped. Needs /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.async_api import Error, async_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import rolegraph  # noqa: E402
from rolegraph import render  # noqa: E402
from rolegraph.explorer.markup import need_headline  # noqa: E402
from rolegraph.explorer.state import TABS  # noqa: E402
from test_browser import CHROMIUM, FLAGS, PAINTED, free_port, leaving, start_app, stop_process  # noqa: E402

OUT = ROOT / "bench" / "app_load.json"
JD_DIR = ROOT / "tests" / "data" / "jd"
ERROR_BOXES = '[data-testid="stException"], [data-testid="stAlertContentError"]'
TAB_STEPS = ("owner", "path", "need")
STEPS = ("load", "search", *TAB_STEPS)


# ----------------------------------------------------------------- what each session asks


def plan(rg, n: int) -> list[dict]:
    """N sessions' queries, each with the answer text the page must show (from ``graph`` itself)."""
    skills = sorted(rg.G.nodes[i]["label"] for i in rg.of_type("skill"))
    owned = [s for s in skills if rolegraph.owner(rg, s)["owners"]]
    roles = [r["id"] for r in rolegraph.roles(rg)["roles"]]
    pairs = [(a, b) for a, b in itertools.permutations(roles, 2) if rolegraph.path(rg, a, b)["learn"]]
    jds = [p for p in sorted(JD_DIR.glob("*.txt")) if rolegraph.need(rg, p.read_text(encoding="utf-8"))["ranking"]]
    sessions = []
    for i in range(n):
        focus = skills[(7 * i) % len(skills)]
        d = rolegraph.describe(rg, focus)["match"]
        line = f"{render.TYPE_STYLES[d['type']][0]} · from rolegraph"
        s = {"index": i, "focus": focus, "focus_heading": d["label"], "focus_line": line, "tab": TAB_STEPS[i % 3]}
        k = i // 3
        if s["tab"] == "owner":
            s["query"] = owned[(5 * k + 3) % len(owned)]
            want = rolegraph.owner(rg, s["query"])["owners"]
            s["answer"] = "Owned by: " + ", ".join(f"{o['label']} ({o['level']})" for o in want)
        elif s["tab"] == "path":
            a, b = pairs[k % len(pairs)]
            ans = rolegraph.path(rg, a, b)
            s["query"] = [f"{ans['from']['label']} — rolegraph", f"{ans['to']['label']} — rolegraph"]
            s["answer"] = f"To move from {ans['from']['label']} to {ans['to']['label']}, learn"
        else:
            jd = jds[k % len(jds)]
            s["query"] = jd.read_text(encoding="utf-8")
            s["query_name"] = jd.name
            s["answer"] = need_headline(rolegraph.need(rg, s["query"]))
        sessions.append(s)
    return sessions


# ----------------------------------------------------------------- server memory and machine load


def _status_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    """pid and all its descendants (from /proc/<pid>/task/*/children)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of one process so far (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Sampler(threading.Thread):
    """Samples, until stopped: the server tree's summed VmRSS, the 1-minute load average, and the
    CPU seconds of every process of the server tree and of the rest of this process's tree (the
    Playwright driver and Chromium), keeping each process's last figure so exited ones still count."""

    def __init__(self, pid: int, every: float = 0.25):
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.rss_kb: list[int] = []
        self.load: list[float] = []
        self.procs = 1
        self.rss_at_mark = 0
        self.cpu: dict[str, dict[int, float]] = {"server": {}, "browser": {}}
        self.base: dict[str, dict[int, float]] = {"server": {}, "browser": {}}
        self._lock = threading.Lock()
        self._halt = threading.Event()

    def sample(self) -> None:
        with self._lock:
            self._sample()

    def mark(self) -> None:
        """From now on, count CPU seconds from here."""
        with self._lock:
            self._sample()
            self.base = {side: dict(v) for side, v in self.cpu.items()}
            self.rss_at_mark = self.rss_kb[-1]

    def _sample(self) -> None:
        server = _tree(self.pid)
        self.procs = max(self.procs, len(server))
        self.rss_kb.append(sum(_status_kb(p, "VmRSS") for p in server))
        self.load.append(os.getloadavg()[0])
        browser = [p for p in _tree(os.getpid()) if p not in server and p != os.getpid()]
        for side, pids in (("server", server), ("browser", browser)):
            for p in pids:
                self.cpu[side][p] = max(self.cpu[side].get(p, 0.0), _cpu_s(p))

    def run(self):
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(self.every)

    def stop(self) -> dict[str, float]:
        """Stop sampling; the CPU seconds each side used since ``mark()``."""
        self._halt.set()
        self.join(timeout=5)
        return {side: round(sum(c - self.base[side].get(p, 0.0) for p, c in v.items()), 1) for side, v in self.cpu.items()}


# ----------------------------------------------------------------- one session


class Session:
    def __init__(self, spec: dict, base: str, step_ms: int):
        self.spec, self.base, self.step_ms = spec, base, step_ms
        self.times: dict[str, float] = {}
        self.errors: list[str] = []
        self.urls: list[str] = []
        self.seen_boxes: set[str] = set()

    def error(self, text: str) -> None:
        self.errors.append(f"session {self.spec['index']}: {text}")

    async def boxes(self, page, step: str) -> None:
        """Record the Streamlit exception and error boxes on the page not seen after an earlier step."""
        for box in await page.locator(ERROR_BOXES).all():
            try:
                text = (await box.inner_text(timeout=2000)).strip()[:300]
            except Error:
                text = "(text unreadable)"
            if text not in self.seen_boxes:
                self.seen_boxes.add(text)
                self.error(f"{step}: error box: {text}")

    async def timed(self, page, step: str, action) -> bool:
        t = time.perf_counter()
        try:
            await action(page)
        except (Error, TimeoutError, AssertionError) as err:
            self.error(f"{step}: {type(err).__name__}: {str(err).splitlines()[0][:300]}")
            await self.boxes(page, step)
            return False
        self.times[step] = time.perf_counter() - t
        await self.boxes(page, step)
        return True

    async def load(self, page) -> None:
        await page.goto(self.base, timeout=self.step_ms)
        await page.locator(".rg-graph[data-ids]").wait_for(state="attached", timeout=self.step_ms)
        painted = await page.locator(".rg-graph canvas").evaluate(PAINTED, timeout=self.step_ms)
        if painted <= 1000:
            raise AssertionError(f"the graph canvas is blank ({painted} painted pixels)")

    async def search(self, page) -> None:
        s = self.spec
        box = page.get_by_label("Search (label, id or synonym)")
        await box.fill(s["focus"], timeout=self.step_ms)
        await box.press("Enter", timeout=self.step_ms)
        await page.get_by_role("heading", name=s["focus_heading"], exact=True).wait_for(timeout=self.step_ms)
        await page.get_by_text(s["focus_line"], exact=True).wait_for(timeout=self.step_ms)

    async def ask(self, page) -> None:
        s = self.spec
        await page.get_by_role("tab", name=TABS[s["tab"]]).click(timeout=self.step_ms)
        if s["tab"] == "owner":
            box = page.get_by_label("Skill, deliverable, tool or zone")
            await box.fill(s["query"], timeout=self.step_ms)
            await box.press("Enter", timeout=self.step_ms)
        elif s["tab"] == "path":
            for label, role in zip(("From role", "To role"), s["query"], strict=True):
                pick = page.get_by_label(label)
                await pick.click(timeout=self.step_ms)
                await pick.fill(role, timeout=self.step_ms)
                await page.get_by_role("option", name=role, exact=True).click(timeout=self.step_ms)
        else:
            box = page.get_by_label("Paste a job description")
            await box.fill(s["query"], timeout=self.step_ms)
            await box.press("Control+Enter", timeout=self.step_ms)
        await page.get_by_text(s["answer"]).first.wait_for(timeout=self.step_ms)

    async def run(self, browser) -> None:
        ctx = await browser.new_context(viewport={"width": 1500, "height": 1000})
        try:
            ctx.on("request", lambda r: self.urls.append(r.url))
            page = await ctx.new_page()
            page.on("websocket", lambda ws: self.urls.append(ws.url))
            page.on("console", lambda m: m.type == "error" and self.error(f"console error: {m.text[:300]}"))
            page.on("pageerror", lambda e: self.error(f"page error: {str(e)[:300]}"))

            async def dialog(d):
                self.error(f"dialog: {d.message[:300]}")
                await d.dismiss()

            page.on("dialog", dialog)
            if await self.timed(page, "load", self.load) and await self.timed(page, "search", self.search):
                await self.timed(page, self.spec["tab"], self.ask)
        finally:
            for url in leaving(self.urls):
                self.error(f"request left localhost: {url}")
            if not self.urls:
                self.error("no request was recorded, so none could be checked")
            try:
                await asyncio.wait_for(ctx.close(), 30)
            except (Error, TimeoutError):
                pass


async def drive(base: str, specs: list[dict], step_ms: int, timeout: float, sampler: Sampler) -> tuple[Session, list[Session], float]:
    """One session alone first (it also fills the server's graph cache), then all of them at once."""
    solo = Session({**specs[0], "index": "solo"}, base, step_ms)
    sessions = [Session(s, base, step_ms) for s in specs]
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            await asyncio.wait_for(solo.run(browser), timeout)
        except TimeoutError:
            solo.error(f"unfinished after the run's {timeout:.0f} s cap")
        sampler.mark()
        t = time.perf_counter()
        tasks = [asyncio.ensure_future(s.run(browser)) for s in sessions]
        _, pending = await asyncio.wait(tasks, timeout=timeout)
        wall = time.perf_counter() - t
        for task in pending:
            task.cancel()
        for s, task in zip(sessions, tasks, strict=True):
            if task in pending:
                s.error(f"unfinished when the run's {timeout:.0f} s cap was reached")
            elif task.exception() is not None:
                s.error(f"crashed: {task.exception()!r}"[:400])
        if pending:
            await asyncio.wait(pending, timeout=30)
        await browser.close()
    return solo, sessions, wall


# ----------------------------------------------------------------- report


def quantiles(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    v = sorted(values)
    p95 = v[min(len(v) - 1, round(0.95 * (len(v) - 1)))]
    return {"n": len(v), "p50_s": round(statistics.median(v), 2), "p95_s": round(p95, 2), "max_s": round(v[-1], 2)}


def table(result: dict) -> str:
    solo = result["solo"]
    lines = [f"{'step':<8}{'alone s':>9}{'n':>5}{'p50 s':>9}{'p95 s':>9}{'max s':>9}"]
    for step, q in result["steps"].items():
        alone = f"{solo[step]:>9.2f}" if step in solo else f"{'-':>9}"
        if q["n"]:
            lines.append(f"{step:<8}{alone}{q['n']:>5}{q['p50_s']:>9.2f}{q['p95_s']:>9.2f}{q['max_s']:>9.2f}")
        else:
            lines.append(f"{step:<8}{alone}{0:>5}{'-':>9}{'-':>9}{'-':>9}")
    m, mach, cpu = result["memory"], result["machine"], result["cpu_s"]
    lines += [
        "",
        f"sessions: {result['sessions']} concurrent, {result['sessions_ok']} without error, all done in {result['wall_s']:.1f} s "
        f"(CPU: server {cpu['server']} s, browser side {cpu['browser']} s)",
        f"server memory: {m['idle_rss_mb']} MB idle, {m['after_one_session_rss_mb']} MB after one session, "
        f"peak {m['server_vmhwm_mb']} MB (VmHWM); sampled peak of server + children {m['peak_tree_rss_mb']} MB "
        f"({m['processes']} process(es))",
        f"machine: {mach['cpus']} CPUs, 1-min load {mach['load_before']} before, peak {mach['load_peak']}, {mach['load_after']} after",
        f"errors: {len(result['errors'])} (requests checked to stay on 127.0.0.1: {result['requests_checked']})",
    ]
    lines += [f"  {e}" for e in result["errors"]]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=20, help="concurrent browser sessions (default 20)")
    ap.add_argument("--timeout", type=float, default=600, help="cap on the whole run of the sessions, seconds (default 600)")
    ap.add_argument("--step-timeout", type=float, default=180, help="cap on each wait in a session, seconds (default 180)")
    ap.add_argument("--out", type=Path, default=OUT, help=f"JSON results file (default {OUT.relative_to(ROOT)})")
    args = ap.parse_args(argv)
    if args.sessions < 1:
        ap.error(f"--sessions must be at least 1, not {args.sessions}")
    if not CHROMIUM.exists():
        print("needs /usr/bin/chromium (apt-get install chromium)", file=sys.stderr)
        return 2
    specs = plan(rolegraph.load(), args.sessions)
    load_before = round(os.getloadavg()[0], 2)
    port = free_port()
    with tempfile.NamedTemporaryFile("w+", prefix="app_load-", suffix=".log") as log:
        proc = start_app(port, log)
        try:
            idle = _status_kb(proc.pid, "VmRSS")
            sampler = Sampler(proc.pid)
            sampler.start()
            try:
                base = f"http://127.0.0.1:{port}/"
                solo, sessions, wall = asyncio.run(drive(base, specs, int(args.step_timeout * 1000), args.timeout, sampler))
            finally:
                cpu = sampler.stop()
            hwm = _status_kb(proc.pid, "VmHWM")
        finally:
            stop_process(proc)
    errors = [e for s in (solo, *sessions) for e in s.errors]
    result = {
        "sessions": args.sessions,
        "sessions_ok": sum(not s.errors for s in sessions),
        "wall_s": round(wall, 2),
        "solo": {step: round(t, 2) for step, t in solo.times.items()},
        "steps": {step: quantiles([s.times[step] for s in sessions if step in s.times]) for step in STEPS},
        "errors": errors,
        "requests_checked": sum(len(s.urls) for s in (solo, *sessions)),
        "cpu_s": cpu,
        "memory": {
            "idle_rss_mb": round(idle / 1024, 1),
            "after_one_session_rss_mb": round(sampler.rss_at_mark / 1024, 1),
            "server_vmhwm_mb": round(hwm / 1024, 1),
            "peak_tree_rss_mb": round(max(sampler.rss_kb, default=0) / 1024, 1),
            "processes": sampler.procs,
        },
        "machine": {
            "cpus": os.cpu_count(),
            "load_before": load_before,
            "load_peak": round(max(sampler.load, default=0.0), 2),
            "load_after": round(os.getloadavg()[0], 2),
        },
        "queries": [
            {k: (v if k != "query" or s["tab"] != "need" else s["query_name"]) for k, v in s.items() if k != "query_name"} for s in specs
        ],
    }
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(result))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
