"""The explorer in a real browser: Debian's chromium driven by Playwright against `streamlit run app.py`.

Starts the app on a free localhost port, waits until the graph's canvas has
drawn, searches a skill and reads the answer, opens the shared URL in a fresh
session and sees the same view, clicks a node to focus it, downloads the view,
and checks that no request left localhost.
It also takes the screenshots the README shows: into ROLEGRAPH_SCREENSHOTS
when that is set (``make screenshots`` sets it to docs/screenshots), else
into a temporary folder.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import rdflib
import rolegraph
from rdflib.compare import isomorphic
from rolegraph import render
from rolegraph import view as gv
from rolegraph.subgraph import select

pytestmark = pytest.mark.browser

ROOT = Path(__file__).parent.parent
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
WAIT_MS = 90_000
HOSTILE = "</script><img src=x onerror=alert(1)>"

sync_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def leaving(urls: list[str]) -> list[str]:
    """The URLs (and recorded dialogs) that went anywhere but this machine."""
    outside = []
    for url in urls:
        parts = urlsplit(url)
        if url.startswith("dialog:") or (parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS):
            outside.append(url)
        elif parts.scheme not in ("http", "https", "ws", "wss", "data", "blob", "about"):
            outside.append(url)
    return outside


def start_app(port: int, log, env=None) -> subprocess.Popen:
    """`streamlit run app.py` on 127.0.0.1:port; returns once the server answers its health check."""
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port)]
    cmd += ["--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + WAIT_MS / 1000
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log.name}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"streamlit did not answer on port {port}; see {log.name}")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing: .ci/run installs it with apt-get")
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium)")
    log_path = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    with open(log_path, "w") as log:
        proc = start_app(free_port(), log)
        port = proc.args[proc.args.index("--server.port") + 1]
        yield f"http://127.0.0.1:{port}"
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def requests():
    """Every URL any page asked for, in order."""
    return []


@pytest.fixture
def new_page(browser, requests):
    contexts = []

    def make():
        ctx = browser.new_context(viewport={"width": 1500, "height": 1000})
        ctx.on("request", lambda r: requests.append(r.url))
        contexts.append(ctx)
        page = ctx.new_page()
        page.on("websocket", lambda ws: requests.append(ws.url))
        page.on("dialog", lambda d: (requests.append(f"dialog:{d.message}"), d.dismiss()))
        page.set_default_timeout(WAIT_MS)
        return page

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    where = os.environ.get("ROLEGRAPH_SCREENSHOTS")
    path = Path(where) if where else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def snap(page, path: Path) -> None:
    """A screenshot once the app has stopped running and its tables have drawn."""
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")
    page.wait_for_timeout(800)
    page.screenshot(path=path)


PAINTED = """c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }"""


def graph_frame(page, index: int = 0):
    """The index-th graph iframe, once its canvas has drawn something."""
    frame = page.frame_locator("iframe").nth(index)
    frame.locator("body[data-drawn]").wait_for(state="attached")
    assert frame.locator("canvas").evaluate(PAINTED) > 1000, "the graph canvas is blank"
    return frame


def drawn_ids(frame) -> list[str]:
    return sorted(n["id"] for n in json.loads(frame.locator("#rg-data").text_content())["nodes"])


def wait_for_nodes(page, want: list[str], index: int = 0):
    """Wait until the graph shows exactly ``want`` (the iframe is replaced on every change)."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while True:
        try:
            frame = graph_frame(page, index)
            if drawn_ids(frame) == want:
                return frame
        except sync_api.Error:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"the graph never showed the {len(want)} expected nodes")
        page.wait_for_timeout(200)


@pytest.fixture(scope="module")
def rg_plain():
    return rolegraph.load()


def ids_of(rg, view: gv.View) -> list[str]:
    return sorted(rg.G.nodes[n]["id"] for n in gv.select(rg, view)["nodes"])


def test_search_share_and_stay_local(server, new_page, requests, shots, rg_plain):
    page = new_page()
    page.goto(server)
    frame = wait_for_nodes(page, ids_of(rg_plain, gv.View()))
    assert frame.locator("#bar").inner_text().count("nodes") == 1
    snap(page, shots / "explorer.png")

    # Search a skill: the graph focuses on it and the detail panel answers.
    search = page.get_by_label("Search (label, id or synonym)")
    search.fill("feature engineering")
    search.press("Enter")
    page.get_by_role("heading", name="Feature engineering", exact=True).wait_for()
    sync_api.expect(page.get_by_text("Skill · id feature-engineering")).to_be_visible(timeout=WAIT_MS)
    wait_for_nodes(page, ids_of(rg_plain, gv.View(focus="feature engineering")))
    snap(page, shots / "focus.png")

    # Ask who owns it, on its tab.
    page.get_by_role("tab", name="Who owns this skill?").click()
    box = page.get_by_label("Skill, deliverable, tool or zone")
    box.fill("feature engineering")
    box.press("Enter")
    want = rolegraph.owner(rg_plain, "feature engineering")
    answer = "Owned by: " + ", ".join(f"{o['label']} ({o['level']})" for o in want["owners"])
    page.get_by_text(answer).wait_for()
    snap(page, shots / "owner.png")

    # The address now carries the view; a fresh session opened on it sees the same.
    page.wait_for_url(re.compile(r"owner=feature"))
    shared = page.url
    assert {"focus", "owner", "tab"} <= set(dict(x.split("=", 1) for x in urlsplit(shared).query.split("&")))
    other = new_page()
    other.goto(shared)
    other.get_by_text(answer).wait_for()
    expect = sync_api.expect
    expect(other.locator("[role=tab][aria-selected=true]").first).to_have_text("Who owns this skill?", timeout=WAIT_MS)
    expect(other.get_by_label("Search (label, id or synonym)")).to_have_value("feature engineering", timeout=WAIT_MS)
    other.get_by_role("tab", name="Graph").click()
    frame = wait_for_nodes(other, ids_of(rg_plain, gv.View(focus="feature engineering")))
    page.get_by_role("tab", name="Graph").click()
    assert drawn_ids(frame) == drawn_ids(graph_frame(page))

    # The other tabs, opened from links, for the README.
    path_url = f"{server}/?tab=path&path_from=data-engineer&path_to=ml-engineer"
    other.goto(path_url)
    hops = rolegraph.path(rg_plain, "data-engineer", "ml-engineer")["hops"]
    learn = [s["id"] for s in rolegraph.path(rg_plain, "data-engineer", "ml-engineer")["learn"]]
    path_frame = wait_for_nodes(other, sorted(set(hops) | set(learn)), index=1)
    assert path_frame.locator("#bar h1").inner_text() == "learning path"
    snap(other, shots / "path.png")
    other.goto(f"{server}/?tab=compare&a=data-engineer&b=ml-engineer")
    other.get_by_text("Shared overlap zones:").wait_for()
    snap(other, shots / "compare.png")

    assert_local(requests)


def assert_local(requests: list[str]) -> None:
    """No request left localhost, and no dialog opened."""
    outside = leaving(requests)
    assert requests and not outside, outside


FIND_CLICKABLE = """(el, ids) => {
  const n = window.rolegraphNetwork;
  for (const id of ids) {
    const p = n.canvasToDOM(n.getPosition(id));
    if (p.x > 20 && p.y > 20 && p.x < el.clientWidth - 20 && p.y < el.clientHeight - 20 && n.getNodeAt(p) === id) return [id, p.x, p.y];
  }
  return null;
}"""


def test_click_a_node_to_focus_it_then_download_the_view(server, new_page, requests, shots, rg_plain, tmp_path):
    page = new_page()
    page.goto(f"{server}/?focus=data-engineer&radius=2")
    frame = wait_for_nodes(page, ids_of(rg_plain, gv.View(focus="data-engineer", radius=2)))
    page.get_by_role("heading", name="Data engineer", exact=True).wait_for()

    # Click a drawn node (a skill or deliverable, where no other node overlaps it): the app reopens focused on it.
    ids = [rg_plain.G.nodes[n]["id"] for n in gv.select(rg_plain, gv.View(focus="data-engineer", radius=2))["nodes"]]
    ids = [i for i in ids if rg_plain.G.nodes[rg_plain.ids[i]]["type"] in ("skill", "deliverable")]
    canvas = frame.locator("#graph")
    canvas.scroll_into_view_if_needed()
    target, x, y = canvas.evaluate(FIND_CLICKABLE, ids)
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_url(re.compile(rf"focus={re.escape(target)}(&|$)"))
    assert "radius=2" in page.url  # the rest of the view is kept
    label = rg_plain.G.nodes[rg_plain.ids[target]]["label"]
    page.get_by_role("heading", name=label, exact=True).wait_for()
    wait_for_nodes(page, ids_of(rg_plain, gv.View(focus=target, radius=2)))

    # Download the view as Turtle: the file read back by rdflib is the view's RDF.
    with page.expect_download() as got:
        page.get_by_role("button", name="Download", exact=True).click()
    path = tmp_path / got.value.suggested_filename
    got.value.save_as(path)
    assert path.name == "rolegraph-view.ttl"
    nodes = gv.select(rg_plain, gv.View(focus=target, radius=2))["nodes"]
    assert isomorphic(rdflib.Graph().parse(path, format="turtle"), select(rg_plain, nodes=nodes).rdf)

    # The need tab, for the README.
    jd = (ROOT / "tests/data/jd/13-rag-support-assistant.txt").read_text(encoding="utf-8")
    page.goto(f"{server}/?tab=need&jd={quote(jd)}")
    page.get_by_text("Matched phrases, coloured by the role").wait_for()
    snap(page, shots / "need.png")
    assert_local(requests)


def test_hostile_label_is_text_in_the_browser(new_page, requests, tmp_path):
    ttl = tmp_path / "hostile.ttl"
    ttl.write_text(
        "@prefix rg: <https://rolegraph.dev/vocab#> . @prefix rgi: <https://rolegraph.dev/id/> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        f'rgi:evil a rg:Skill ; skos:prefLabel "{HOSTILE}"@en ; skos:definition "{HOSTILE}"@en .\n',
        encoding="utf-8",
    )
    rg = rolegraph.load([Path(__file__).parent / "data" / "fixture.ttl", ttl], builtin=False)
    page_file = tmp_path / "hostile.html"
    page_file.write_text(render.html_page(rg, rg.G.nodes, focus=rg.ids["evil"], title=HOSTILE), encoding="utf-8")
    page = new_page()
    page.goto(page_file.as_uri())
    page.locator("body[data-drawn]").wait_for(state="attached")
    assert page.locator("img").count() == 0
    assert page.locator("#bar h1").inner_text() == HOSTILE
    assert page.title() == HOSTILE
    # Hover the node: its tooltip shows the label as text.
    x, y = page.evaluate("() => { const n = window.rolegraphNetwork; return Object.values(n.canvasToDOM(n.getPosition('evil'))); }")
    box = page.locator("#graph").bounding_box()
    page.mouse.move(box["x"] + x, box["y"] + y)
    tip = page.locator("div.vis-tooltip")
    tip.wait_for(state="visible")
    assert tip.inner_text().startswith(HOSTILE) and tip.locator("img").count() == 0
    assert not [r for r in requests if r.startswith("dialog:")]
