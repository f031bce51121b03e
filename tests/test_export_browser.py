"""Exported pages in a real headless Chromium with the network blocked.

The handout page shows hostile labels as text and runs nothing; the interactive
page (``--format html``) draws the graph on its canvas with no request leaving.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rolegraph
from rolegraph.export import export

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("needs /usr/bin/chromium (installed by .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield b
        b.close()


@pytest.fixture(scope="module")
def hostile():
    return rolegraph.load([DATA / "hostile.ttl"], builtin=False)


def open_offline(browser, path: Path):
    """A page for ``path`` in which every non-file request is refused and recorded; dialogs too."""
    page = browser.new_page()
    blocked, dialogs, errors = [], [], []

    def guard(route):
        if route.request.url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    return page, blocked, dialogs, errors


def test_handout_page_shows_hostile_labels_as_text(browser, hostile, tmp_path):
    out = tmp_path / "handout.html"
    export(hostile, "handout-html", out)
    page, blocked, dialogs, errors = open_offline(browser, out)
    try:
        heads = page.locator("h2").all_inner_texts()
        assert heads[0].startswith("<script>alert(\"role\")</script> & 'engineer' second line \\u202egnp.exe")
        assert page.locator("script, img, svg, iframe").count() == 0
        assert (blocked, dialogs, errors) == ([], [], [])
    finally:
        page.close()


def _drawn_pixels(page) -> int:
    return page.evaluate(
        """() => {
        const c = document.querySelector('canvas');
        if (!c) return -1;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++;
        return n;
    }"""
    )


@pytest.mark.parametrize("which", ["builtin", "hostile"])
def test_interactive_page_draws_offline(browser, rg, hostile, tmp_path, which):
    out = tmp_path / "graph.html"
    if which == "builtin":
        export(rg, "html", out, roles=["ml-engineer"])
    else:
        export(hostile, "html", out)
    page, blocked, dialogs, errors = open_offline(browser, out)
    try:
        page.wait_for_selector("canvas", timeout=15000)
        page.wait_for_function("() => { const c = document.querySelector('canvas'); return c && c.width > 0; }", timeout=15000)
        page.wait_for_timeout(300)
        assert _drawn_pixels(page) > 500
        assert (blocked, dialogs, errors) == ([], [], [])
    finally:
        page.close()


def _mermaid_js() -> Path:
    found = sorted((Path(__file__).parent.parent / ".cache").glob("mermaid-*.min.js"))
    if not found:
        pytest.skip("Mermaid's script is not in .cache/ (make test fetches it with npm)")
    return found[-1]


@pytest.mark.parametrize("which", ["zone", "hostile"])
def test_mermaid_draws_the_flowchart(browser, rg, hostile, which):
    """Mermaid's own parser reads the export and draws one box per node; no label runs as markup."""
    from rolegraph.export import export_files
    from rolegraph.subgraph import select

    g, kw = (rg, {"zone": "inference serving"}) if which == "zone" else (hostile, {})
    src = export_files(g, "mermaid", **kw)[""].decode("utf-8")
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.route("**/*", lambda route: route.abort())
    try:
        page.set_content("<!DOCTYPE html><html><body><div id=out></div></body></html>")
        page.add_script_tag(content=_mermaid_js().read_text(encoding="utf-8"))
        res = page.evaluate(
            """async (src) => {
            mermaid.initialize({startOnLoad: false, securityLevel: 'strict'});
            try {
                await mermaid.parse(src);
                const r = await mermaid.render('export', src);
                document.getElementById('out').innerHTML = r.svg;
            } catch (e) { return {error: String(e)}; }
            const out = document.getElementById('out');
            return {nodes: out.querySelectorAll('g.node').length, scripts: out.querySelectorAll('script, img, iframe').length,
                    text: out.textContent};
        }""",
            src,
        )
    finally:
        page.close()
    assert "error" not in res, res.get("error")
    assert res["nodes"] == len(select(g, **kw).nodes)
    assert res["scripts"] == 0 and dialogs == []
    if which == "hostile":
        assert '<script>alert("role")</script>' in res["text"]  # drawn as text


@pytest.mark.parametrize("kw", [{"roles": ["ml-engineer"]}, {"zone": "inference serving"}, {}], ids=["role", "zone", "all"])
def test_interactive_page_is_legible_when_it_opens_and_fills_the_window(browser, rg, tmp_path, kw):
    """Labels at a readable size on opening (the explorer's drawing), the graph filling the window, zoom buttons that work."""
    out = tmp_path / "graph.html"
    export(rg, "html", out, **kw)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(out.as_uri())
        page.wait_for_selector("body[data-drawn]", timeout=20000)
        box = page.locator("#graph").bounding_box()
        assert box["width"] >= 0.95 * 1280 and box["height"] >= 0.85 * 800, box
        sizes = page.evaluate(
            """() => {
            const net = window.rolegraphNetwork;
            const data = JSON.parse(document.getElementById('rg-data').textContent);
            const scale = net.getScale();
            const view = net.getViewPosition();
            const w = net.canvas.frame.clientWidth / scale / 2, h = net.canvas.frame.clientHeight / scale / 2;
            const pos = net.getPositions();
            const inView = data.nodes.filter(n => Math.abs(pos[n.id].x - view.x) < w && Math.abs(pos[n.id].y - view.y) < h);
            const base = (data.options.nodes && data.options.nodes.font && data.options.nodes.font.size) || 14;
            return {scale, shown: inView.length, px: inView.map(n => ((n.font && n.font.size) || base) * scale)};
        }"""
        )
        assert sizes["shown"] >= 1
        assert min(sizes["px"]) >= 10, sizes  # every label in view is at least 10 px tall on screen
        before = sizes["scale"]
        for _ in range(3):
            page.click("[data-act=zoom-in]")
        assert page.evaluate("() => window.rolegraphNetwork.getScale()") > before * 1.5
    finally:
        page.close()
