"""Issue 16 in a real browser: Debian's chromium against `streamlit run app.py`.

Item 10: two sessions upload while the budget has room for one graph; the second is refused; once
the first browser has closed and its graph has gone unused past ROLEGRAPH_SESSION_IDLE_S, the
second session's upload is admitted. Item 1: with ROLEGRAPH_TOKEN set, the endpoint box is off.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import rolegraph
from conftest import DATA
from rolegraph import budget
from rolegraph.load import builtin_files
from test_browser import CHROMIUM, FLAGS, WAIT_MS, free_port, start_app

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")

UPLOAD = DATA / "hostile" / "hostile-labels.ttl"
IDLE_S = 20
SHOTS = Path(os.environ.get("ROLEGRAPH_SCREENSHOTS") or "/tmp/rolegraph-hostile-shots")
SHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium)")
    cost = budget.estimate(UPLOAD.stat().st_size, builtin_files())
    env = dict(os.environ, ROLEGRAPH_MAX_SESSION_BYTES=str(int(cost * 1.5)), ROLEGRAPH_SESSION_IDLE_S=str(IDLE_S), ROLEGRAPH_TOKEN="s3cr3t")
    env["ROLEGRAPH_QUERY_TIMEOUT_S"] = "3"
    env.pop("ROLEGRAPH_ENDPOINT", None)
    env.pop("ROLEGRAPH_VISITOR_ENDPOINTS", None)
    log_path = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    with open(log_path, "w") as log:
        proc = start_app(free_port(), log, env=env)
        port = proc.args[proc.args.index("--server.port") + 1]
        yield f"http://127.0.0.1:{port}"
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except Exception:
            proc.kill()


def settle(page):
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=WAIT_MS)
    page.wait_for_timeout(800)


def upload(page, path=UPLOAD):
    page.locator('[data-testid="stSidebar"] input[type="file"]').set_input_files(str(path))
    page.wait_for_timeout(500)
    settle(page)


def test_the_budget_refuses_a_second_session_and_admits_it_after_the_first_ends(app):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        first = browser.new_context()
        a = first.new_page()
        a.goto(app)
        settle(a)
        upload(a)
        assert a.get_by_text("budget").count() == 0
        b = browser.new_context().new_page()
        b.goto(app)
        settle(b)
        upload(b)
        sync_api.expect(b.get_by_text("over its budget").first).to_be_visible(timeout=WAIT_MS)
        b.screenshot(path=str(SHOTS / "budget-refused.png"))
        first.close()  # the first visitor leaves
        time.sleep(IDLE_S + 2)
        b.reload()
        settle(b)
        upload(b, DATA / "hostile" / "bom.ttl")  # uploading again: the ended session's graph is set aside
        assert b.get_by_text("over its budget").count() == 0, "the ended session's graph still holds the budget"
        n = rolegraph.load([DATA / "hostile" / "bom.ttl"]).G.number_of_nodes()
        sync_api.expect(b.get_by_text(f"Drawing {n} of {n} matching nodes")).to_be_visible(timeout=WAIT_MS)  # the upload is drawn
        b.screenshot(path=str(SHOTS / "budget-admitted.png"))
        browser.close()


def test_the_endpoint_box_is_off_for_visitors(app):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page()
        page.goto(app)
        settle(page)
        box = page.get_by_label("SPARQL endpoint")
        assert box.is_disabled()
        browser.close()


def test_a_shared_link_with_an_endless_query_is_stopped_in_the_real_server(app):
    """Item 5 where it runs: the Streamlit server (many threads) forks the query and kills it at the limit."""
    from urllib.parse import quote

    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page()
        page.goto(f"{app}/?tab=sparql&sparql={quote(cross)}")
        sync_api.expect(page.get_by_text("ran for more than 3 s and was stopped")).to_be_visible(timeout=WAIT_MS)
        page.screenshot(path=str(SHOTS / "sparql-stopped.png"))
        page.goto(f"{app}/?tab=sparql&sparql={quote('SELECT (COUNT(*) AS ?n) WHERE { ?r a rg:Role }')}")
        page.locator('[data-testid="stDataFrame"]').wait_for(timeout=WAIT_MS)  # the answer's table: the server still answers
        assert page.get_by_text("ran for more than").count() == 0
        browser.close()
