"""The explorer in a real browser: Debian's chromium driven by Playwright against `streamlit run app.py`.

Starts the app on a free localhost port and checks what a reader sees: the
landing map's labels at least 12 px with no two overlapping (read from the
drawing itself), a search that shows the label, a shared URL that opens the same
view, a click that focuses a node without the page navigating, browser Back,
a 6,000-character job description surviving a link, two ESCO occupations
compared through the pickers (on an ESCO slice), a 400 px window, a download
read back by rdflib, and no request leaving localhost.
It also takes the screenshots the README shows: into ROLEGRAPH_SCREENSHOTS
when that is set (``make screenshots`` sets it to docs/screenshots), else
into a temporary folder.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import rdflib
import rolegraph
from rdflib.compare import isomorphic
from rolegraph import render
from rolegraph import view as gv
from rolegraph.explorer.state import View
from rolegraph.subgraph import select

pytestmark = pytest.mark.browser

ROOT = Path(__file__).parent.parent
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
WAIT_MS = 90_000
HOSTILE = "</script><img src=x onerror=alert(1)>"
SEARCH = "Search (label, id or synonym)"

from servers import free_port, stop_process  # noqa: E402  (tests/servers.py)

sync_api = pytest.importorskip("playwright.sync_api")


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


def need_chromium() -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing: .ci/run installs it with apt-get")
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium)")


def serve(tmp_path_factory, env=None):
    need_chromium()
    log_path = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    with open(log_path, "w") as log:
        proc = start_app(free_port(), log, env)
        port = proc.args[proc.args.index("--server.port") + 1]
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            stop_process(proc)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    env = {k: v for k, v in os.environ.items() if k not in ("ROLEGRAPH_DATA", "ROLEGRAPH_IMPORTS_DIR")}
    yield from serve(tmp_path_factory, env)


@pytest.fixture(scope="module")
def browser():
    need_chromium()
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

    def make(width: int = 1400, height: int = 1000):
        ctx = browser.new_context(viewport={"width": width, "height": height})
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

#: What the drawing shows, read from vis-network itself: each node's label box (canvas units), font size, and the scale.
MEASURE = """el => { const n = el.closest('.rg-root').rgNetwork;
  return {scale: n.getScale(), nodes: n.body.nodeIndices.map(id => { const b = n.getBoundingBox(id);
    return {id: id, font: n.body.nodes[id].options.font.size, box: [b.left, b.top, b.right, b.bottom]}; })}; }"""


def drawing(page, index: int = 0):
    """The index-th drawing on the page, once its canvas has painted something."""
    box = page.locator(".rg-graph[data-ids]").nth(index)
    box.wait_for(state="attached")
    assert box.locator("canvas").evaluate(PAINTED) > 1000, "the graph canvas is blank"
    return box


def drawn_ids(box) -> list[str]:
    return sorted(box.get_attribute("data-ids").split(","))


def wait_for_nodes(page, want: list[str], index: int = 0):
    """Wait until the drawing shows exactly ``want``."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while True:
        try:
            box = drawing(page, index)
            if drawn_ids(box) == want:
                return box
        except (sync_api.Error, AttributeError):
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"the graph never showed the {len(want)} expected nodes")
        page.wait_for_timeout(150)


def overlapping(nodes: list[dict]) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            (l1, t1, r1, b1), (l2, t2, r2, b2) = a["box"], b["box"]
            if l1 < r2 and l2 < r1 and t1 < b2 and t2 < b1:
                found.append((a["id"], b["id"]))
    return found


@pytest.fixture(scope="module")
def rg_plain():
    return rolegraph.load()


def ids_of(rg, view: View) -> list[str]:
    return sorted(rg.G.nodes[n]["id"] for n in gv.select(rg, view)["nodes"])


def test_landing_is_legible_and_a_shared_link_opens_the_same_view(server, new_page, requests, shots, rg_plain):
    page = new_page()
    page.goto(server)
    box = wait_for_nodes(page, ids_of(rg_plain, View()))
    seen = box.evaluate(MEASURE)
    kinds = {rg_plain.G.nodes[rg_plain.ids[n["id"]]]["type"] for n in seen["nodes"]}
    assert kinds == {"role", "overlap_zone", "deliverable"}
    sizes = {n["id"]: n["font"] * seen["scale"] for n in seen["nodes"]}
    assert min(sizes.values()) >= 12, sorted(sizes.items(), key=lambda x: x[1])[:3]
    assert overlapping(seen["nodes"]) == []
    snap(page, shots / "explorer.png")

    # Search a skill: the graph focuses on it, the box shows its label, and the detail panel answers.
    search = page.get_by_label(SEARCH)
    search.fill("feature engineering")
    search.press("Enter")
    page.get_by_role("heading", name="Feature engineering", exact=True).wait_for()
    wait_for_nodes(page, ids_of(rg_plain, View(focus="feature-engineering")))
    sync_api.expect(search).to_have_value("Feature engineering", timeout=WAIT_MS)

    # Ask who owns it, on its tab.
    page.get_by_role("tab", name="Who owns this skill?").click()
    owner_box = page.get_by_label("Skill, deliverable, tool or zone")
    owner_box.fill("feature engineering")
    owner_box.press("Enter")
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
    other.get_by_role("tab", name="Graph").click()
    wait_for_nodes(other, ids_of(rg_plain, View(focus="feature-engineering")))
    expect(other.get_by_label(SEARCH)).to_have_value("Feature engineering", timeout=WAIT_MS)
    assert_local(requests)


def test_role_focus_and_roadmap_are_laid_out_without_overlaps(server, new_page, requests, shots, rg_plain):
    page = new_page()
    page.goto(f"{server}/?focus=data-engineer")
    box = wait_for_nodes(page, ids_of(rg_plain, View(focus="data-engineer")))
    seen = box.evaluate(MEASURE)
    assert overlapping(seen["nodes"]) == []
    snap(page, shots / "focus.png")

    page.goto(f"{server}/?tab=path&path_from=data-engineer&path_to=ml-engineer")
    ans = rolegraph.path(rg_plain, "data-engineer", "ml-engineer")
    box = wait_for_nodes(page, sorted({ans["from"]["id"], ans["to"]["id"], *ans["hops"], *(s["id"] for s in ans["learn"])}))
    assert overlapping(box.evaluate(MEASURE)["nodes"]) == []
    page.get_by_text(f"learn these {len(ans['learn'])} steps").wait_for()
    snap(page, shots / "path.png")
    page.goto(f"{server}/?tab=compare&a=data-engineer&b=ml-engineer")
    page.get_by_text("Shared overlap zones:").wait_for()
    snap(page, shots / "compare.png")
    assert_local(requests)


def assert_local(requests: list[str]) -> None:
    """No request left localhost, and no dialog opened."""
    outside = leaving(requests)
    assert requests and not outside, outside


FIND_CLICKABLE = """(el, ids) => {
  const n = el.closest('.rg-root').rgNetwork, c = el.querySelector('canvas');
  for (const id of ids) {
    const p = n.canvasToDOM(n.getPosition(id));
    if (p.x > 20 && p.y > 20 && p.x < c.clientWidth - 60 && p.y < c.clientHeight - 50 && n.getNodeAt(p) === id) return [id, p.x, p.y];
  }
  return null;
}"""


def test_a_click_focuses_without_navigating_and_back_returns(server, new_page, requests, shots, rg_plain, tmp_path):
    page = new_page()
    page.goto(f"{server}/?focus=data-engineer")
    box = wait_for_nodes(page, ids_of(rg_plain, View(focus="data-engineer")))
    page.get_by_role("heading", name="Data engineer", exact=True).wait_for()
    page.evaluate("() => { window.rolegraphSamePage = true; }")  # a reload would lose it

    # Click a drawn skill or deliverable: the drawing and the panel follow, the page itself does not reload.
    kinds = ("skill", "deliverable")
    ids = [i for i in ids_of(rg_plain, View(focus="data-engineer")) if rg_plain.G.nodes[rg_plain.ids[i]]["type"] in kinds]
    target, x, y = box.evaluate(FIND_CLICKABLE, ids)
    where = box.locator("canvas").bounding_box()
    page.mouse.click(where["x"] + x, where["y"] + y)
    label = rg_plain.G.nodes[rg_plain.ids[target]]["label"]
    page.get_by_role("heading", name=label, exact=True).wait_for()
    wait_for_nodes(page, ids_of(rg_plain, View(focus=target)))
    page.wait_for_url(re.compile(rf"focus={re.escape(target)}(&|$)"))
    sync_api.expect(page.get_by_label(SEARCH)).to_have_value(label, timeout=WAIT_MS)
    assert page.evaluate("() => window.rolegraphSamePage === true")  # the URL changed by pushState, no page load

    # Back returns to the view before the click.
    page.go_back()
    wait_for_nodes(page, ids_of(rg_plain, View(focus="data-engineer")))
    sync_api.expect(page.get_by_label(SEARCH)).to_have_value("Data engineer", timeout=WAIT_MS)
    page.get_by_role("heading", name="Data engineer", exact=True).wait_for()

    # Download a view without a role (so Turtle is the first format offered): rdflib reads back the view's RDF.
    skills = View(focus="feature-engineering", types=("skill",))
    page.goto(f"{server}/?focus=feature-engineering&types=skill")
    wait_for_nodes(page, ids_of(rg_plain, skills))
    with page.expect_download() as got:
        page.get_by_role("button", name="Download", exact=True).click()
    path = tmp_path / got.value.suggested_filename
    got.value.save_as(path)
    assert path.name == "rolegraph-view.ttl"
    nodes = gv.select(rg_plain, skills)["nodes"]
    assert isomorphic(rdflib.Graph().parse(path, format="turtle"), select(rg_plain, nodes=nodes).rdf)
    assert_local(requests)


def test_a_long_job_description_survives_a_link(server, new_page, requests, shots, rg_plain):
    jd = (ROOT / "tests/data/jd/13-rag-support-assistant.txt").read_text(encoding="utf-8")
    jd = (jd + "\n\n") * (6000 // len(jd) + 1)
    assert len(jd) >= 6000
    page = new_page()
    page.goto(f"{server}/?tab=need")
    area = page.get_by_label("Paste a job description")
    area.fill(jd)
    area.press("Control+Enter")
    page.get_by_text("Matched phrases, coloured by the role").wait_for()
    page.wait_for_url(re.compile(r"jdz="))
    link = page.url
    other = new_page()
    other.goto(link)
    other.get_by_text("Matched phrases, coloured by the role").wait_for()
    sync_api.expect(other.get_by_label("Paste a job description")).to_have_value(jd, timeout=WAIT_MS)
    assert other.get_by_text("Link:").count() == 0  # nothing dropped, nothing to warn about
    snap(other, shots / "need.png")
    assert_local(requests)


def test_a_narrow_window_keeps_tabs_search_and_graph(server, new_page, shots, rg_plain):
    page = new_page(400, 900)
    page.goto(f"{server}/?focus=data-engineer&tab=graph")
    box = wait_for_nodes(page, ids_of(rg_plain, View(focus="data-engineer")))
    canvas = box.locator("canvas").bounding_box()
    assert canvas["width"] >= 340 and canvas["height"] >= 500  # the drawing takes the width there is
    active = page.locator("[role=tab][aria-selected=true]").first.bounding_box()
    assert 0 <= active["x"] and active["x"] + active["width"] <= 400
    search = page.get_by_label(SEARCH).bounding_box()  # above the drawing, not behind the sidebar
    assert search["x"] >= 0 and search["x"] + search["width"] <= 400 and search["y"] < canvas["y"]
    snap(page, shots / "narrow.png")


@pytest.fixture(scope="module")
def esco_server(esco_slice, tmp_path_factory):  # noqa: F811
    from rolegraph.importers import import_esco

    out = tmp_path_factory.mktemp("esco") / "esco-slice.ttl"
    import_esco(esco_slice[0], out, progress=False)
    env = {k: v for k, v in os.environ.items() if k != "ROLEGRAPH_IMPORTS_DIR"} | {"ROLEGRAPH_DATA": str(out)}
    for url in serve(tmp_path_factory, env):
        yield url, rolegraph.load([out])


def pick(page, label: str, typed: str, option: str) -> None:
    box = page.get_by_label(label)
    box.click()
    box.fill(typed)
    page.get_by_role("option", name=option, exact=True).click()


def test_two_esco_occupations_compared_through_the_pickers(esco_server, new_page, requests, shots):
    from test_import import DATA_SCIENTIST, WAREHOUSE_DESIGNER

    url, rg = esco_server
    a, b = rg.G.nodes[DATA_SCIENTIST]["label"], rg.G.nodes[WAREHOUSE_DESIGNER]["label"]
    page = new_page()
    page.goto(f"{url}/?tab=compare")
    pick(page, "Role A", a, f"{a} — ESCO")
    pick(page, "Role B", b, f"{b} — ESCO")
    want = rolegraph.compare(rg, DATA_SCIENTIST, WAREHOUSE_DESIGNER)
    page.get_by_text(f"Only {a} ({len(want['only_a'])})").wait_for()
    page.get_by_text(f"Only {b} ({len(want['only_b'])})").wait_for()
    page.wait_for_url(re.compile(r"a=http"))
    snap(page, shots / "compare-esco.png")
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


from test_import import esco_slice  # noqa: E402, F401  (a fixture)
