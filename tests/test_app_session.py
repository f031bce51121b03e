"""The explorer's data choices, run in-process with AppTest: the sidebar graph choice (an imported
ESCO slice), the SPARQL tab, a SPARQL endpoint, per-session uploads and hostile text in every text box."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import rolegraph
from rolegraph import view as gv
from streamlit.testing.v1 import AppTest
from test_import import DATA_SCIENTIST, esco_slice  # noqa: F401  (a fixture)

ROOT = Path(__file__).parent.parent
APP = ROOT / "app.py"
HOSTILE_DIR = ROOT / "tests" / "data" / "hostile"
MANIFEST = {k: v for k, v in json.loads((HOSTILE_DIR / "manifest.json").read_text()).items() if not k.startswith("_")}
STRINGS = json.loads((HOSTILE_DIR / "strings.json").read_text())
XSS = "</script><img src=x onerror=alert(1)>"
CLOSED_PORT = 9  # discard: nothing listens here
RAW_TAG = re.compile(r"(?<!\\)<\s*/?\s*(script|img|svg|b|i)\b", re.I)


def start(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def no_raw_html(at: AppTest) -> None:
    """No markdown, caption or html element carries a live tag from the data."""
    for kind in ("markdown", "caption", "subheader", "header", "title", "warning", "info", "error"):
        for el in at.get(kind):
            assert not RAW_TAG.search(str(el.value)), (kind, el.value)
    for el in at.get("html"):
        body = el.proto.body
        assert "<script" not in body.lower() and "<img" not in body.lower() and "<svg" not in body.lower(), body


def drawn_ids(at: AppTest) -> set[str]:
    page = at.get("iframe")[0].proto.srcdoc
    found = re.search(r'<script type="application/json" id="rg-data">(.*?)</script>', page, re.S)
    return {n["id"] for n in json.loads(found.group(1))["nodes"]}


def roles_offered(at: AppTest) -> list[str]:
    """The labels the sidebar's Roles picker offers."""
    return list(at.sidebar.multiselect(key="w_roles").options)


# --- the graph choice (issue 6) -------------------------------------------------------------------


@pytest.fixture(scope="module")
def esco_dir(esco_slice, tmp_path_factory):  # noqa: F811
    from rolegraph.importers import import_esco

    folder = tmp_path_factory.mktemp("imports")
    import_esco(esco_slice[0], folder / "esco-slice.ttl", progress=False)
    return folder


def test_graph_choice_switches_to_the_imported_graph(esco_dir, monkeypatch, rg):
    monkeypatch.delenv("ROLEGRAPH_DATA", raising=False)
    monkeypatch.setenv("ROLEGRAPH_IMPORTS_DIR", str(esco_dir))
    at = ok(start())
    box = at.sidebar.selectbox(key="w_graph")
    assert list(box.options) == ["Built-in", "Built-in + esco-slice.ttl"] and box.value == "Built-in"
    assert len(drawn_ids(at)) == len(rg.G)
    at.sidebar.text_input(key="w_focus").input(DATA_SCIENTIST).run()
    assert at.error and "data" in at.error[0].value.lower()  # not in the built-in graph

    box = at.sidebar.selectbox(key="w_graph").select("Built-in + esco-slice.ttl")
    ok(at.run())
    assert at.query_params["graph"] in ("Built-in + esco-slice.ttl", ["Built-in + esco-slice.ttl"])
    assert DATA_SCIENTIST in drawn_ids(at)
    assert at.subheader[0].value == gv.md_escape("data scientist")
    # The roles picker lists the built-in roles and the focused occupation, not every occupation.
    offered = roles_offered(at)
    assert offered == [r["label"] for r in rolegraph.roles(rg)["roles"]] + ["data scientist"]  # ESCO's, after the built-in ones

    # The choice lives in the URL: a fresh session opened on it gets the same graph.
    again = ok(start({"graph": "Built-in + esco-slice.ttl", "focus": DATA_SCIENTIST}))
    assert again.sidebar.selectbox(key="w_graph").value == "Built-in + esco-slice.ttl"
    assert DATA_SCIENTIST in drawn_ids(again)


def test_unknown_graph_in_url_is_reported(monkeypatch):
    monkeypatch.delenv("ROLEGRAPH_IMPORTS_DIR", raising=False)
    at = start({"graph": "Built-in + nope.ttl"})
    assert not at.exception
    assert any("unknown graph" in w.value for w in at.warning)
    assert at.sidebar.selectbox(key="w_graph").value == "Built-in"


# --- the SPARQL tab and the endpoint (issue 7) ------------------------------------------------------


def sparql(at: AppTest, query: str) -> AppTest:
    at.text_area(key="w_sparql").input(query)
    return at.run()


def test_sparql_tab_shows_rows(rg):
    at = ok(sparql(start({"tab": "sparql"}), "SELECT ?r WHERE { ?r a rg:Role } ORDER BY ?r"))
    rows = at.dataframe[-1].value  # the SPARQL tab is the last one
    assert list(rows["r"]) == sorted(f"rgi:{rg.G.nodes[r]['id']}" for r in rg.of_type("role"))


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "read-only"),
        ("LOAD <http://127.0.0.1:9/x.ttl>", "read-only"),
        ("SELECT ?s WHERE { ?s ", "SPARQL"),
    ],
)
def test_sparql_tab_refuses_writes_and_remote_queries(query, word):
    at = sparql(start({"tab": "sparql"}), query)
    assert not at.exception
    assert at.error and word.lower() in at.error[0].value.replace("\\", "").lower(), at.error[0].value


@pytest.mark.endpoint
def test_endpoint_setting_runs_the_tabs_there(oxigraph, monkeypatch, rg):
    monkeypatch.delenv("ROLEGRAPH_ENDPOINT", raising=False)
    monkeypatch.setenv("ROLEGRAPH_VISITOR_ENDPOINTS", oxigraph["query"])  # a visitor's endpoint is off unless allowed
    at = ok(start())
    at.sidebar.text_input(key="w_endpoint").input(oxigraph["query"]).run()
    ok(at)
    assert any("SPARQL endpoint" in c.value.replace("\\", "") for c in at.sidebar.caption)
    at.sidebar.text_input(key="w_focus").input("data-engineer").run()
    ok(at)
    assert "data-engineer" in drawn_ids(at) and at.subheader[0].value == "Data engineer"
    ok(sparql(at, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    assert int(at.dataframe[-1].value["n"][0]) > 0
    want = rolegraph.owner(rg, "feature engineering")
    at.text_input(key="w_owner").input("feature engineering").run()
    ok(at)
    assert any(m.value.replace("\\", "").startswith("Owned by: " + want["owners"][0]["label"]) for m in at.markdown)
    at.selectbox(key="w_path_from").select("data-engineer")
    at.selectbox(key="w_path_to").select("ml-engineer").run()
    ok(at)
    want = rolegraph.path(rg, "data-engineer", "ml-engineer")
    path_page = [f for f in at.get("iframe") if "learning path" in f.proto.srcdoc]
    assert path_page and all(h in path_page[0].proto.srcdoc for h in want["hops"])
    signals = rolegraph.signal_checklist(rg)
    assert len(at.checkbox) == len(signals)  # the checklist, from the endpoint
    at.checkbox(key=f"w_sig_{signals[0]['id']}").check().run()
    ok(at)
    assert any(m.value.replace("\\", "").startswith("Best match:") for m in at.markdown)


def test_endpoint_down_is_an_error_and_the_app_keeps_working(monkeypatch, rg):
    monkeypatch.delenv("ROLEGRAPH_ENDPOINT", raising=False)
    monkeypatch.setenv("ROLEGRAPH_VISITOR_ENDPOINTS", "*")
    at = ok(start())
    at.sidebar.text_input(key="w_endpoint").input(f"http://127.0.0.1:{CLOSED_PORT}/sparql").run()
    assert not at.exception
    assert at.error and "endpoint" in at.error[0].value.lower()
    assert len(drawn_ids(at)) == len(rg.G)  # still the in-memory graph


# --- uploads belong to one session (issue 8) ----------------------------------------------------


def upload(at: AppTest, path: Path, data: bytes | None = None) -> AppTest:
    at.sidebar.file_uploader[0].set_value((path.name, path.read_bytes() if data is None else data, "text/plain"))
    return at.run()


def test_upload_is_seen_by_its_session_only(rg):
    before = len(rg.G)
    a = ok(upload(start(), HOSTILE_DIR / "hostile-labels.ttl"))
    assert XSS in roles_offered(a)
    assert len(drawn_ids(a)) > before
    a.sidebar.text_input(key="w_focus").input("xss-role").run()
    ok(a)
    assert a.subheader[0].value == gv.md_escape("</script><img src=x onerror=alert(1)>")
    no_raw_html(a)
    page = a.get("iframe")[0].proto.srcdoc
    assert "<img" not in page

    b = ok(start())
    assert XSS not in roles_offered(b)
    assert "xss-role" not in drawn_ids(b) and len(drawn_ids(b)) == before
    b.sidebar.text_input(key="w_focus").input("xss-role").run()
    assert b.error and not b.exception
    assert len(rg.G) == before and "xss-role" not in rg.ids

    # Removing the file takes the session back to the shared graph.
    a.sidebar.file_uploader[0].set_value(None)
    a.sidebar.text_input(key="w_focus").input("").run()
    ok(a)
    assert XSS not in roles_offered(a) and len(drawn_ids(a)) == before


@pytest.mark.parametrize("name", sorted(n for n, v in MANIFEST.items() if v["expect"] == "error"))
def test_malformed_upload_is_an_error_and_the_app_keeps_working(name, rg):
    at = upload(start(), HOSTILE_DIR / name)
    assert not at.exception
    assert at.error, f"{name} gave no error"
    message = at.error[0].value.replace("\\", "")
    assert re.search(MANIFEST[name]["match"], message, re.I), message
    assert len(drawn_ids(at)) == len(rg.G)  # the previous graph, still drawn
    no_raw_html(at)


def test_upload_over_the_limit_is_refused_before_reading(monkeypatch, rg):
    monkeypatch.setenv("ROLEGRAPH_MAX_UPLOAD_BYTES", "100")
    at = upload(start(), HOSTILE_DIR / "hostile-labels.ttl")
    assert not at.exception
    assert at.error and "upload limit" in at.error[0].value.replace("\\", "")
    assert XSS not in roles_offered(at)


def test_upload_of_a_wrong_file_type_is_refused():
    from rolegraph.errors import BadInputError
    from rolegraph.session import check_upload

    with pytest.raises(BadInputError, match="not an RDF file"):
        check_upload("notes.exe", 10)


# --- hostile text in every text box ----------------------------------------------------------------

BOXES = [("graph", "w_focus", True), ("owner", "w_owner", False), ("need", "w_jd", False), ("sparql", "w_sparql", False)]


@pytest.mark.parametrize(("tab", "key", "in_sidebar"), BOXES, ids=[b[1] for b in BOXES])
def test_hostile_strings_in_every_text_box(tab, key, in_sidebar):
    at = start({"tab": tab})
    for raw in STRINGS:
        text = raw.replace("{PORT}", str(CLOSED_PORT))
        where = at.sidebar if in_sidebar else at
        box = where.text_input(key=key) if key in ("w_focus", "w_owner") else where.text_area(key=key)
        box.input(text).run()
        assert not at.exception, (text[:80], [e.value for e in at.exception])
        no_raw_html(at)


# --- rolegraph.session and rolegraph.view on their own ---------------------------------------------------


def test_graph_choices_from_the_environment(tmp_path):
    from rolegraph.session import default_choice, graph_choices

    (tmp_path / "esco.ttl").write_text("")
    (tmp_path / "notes.txt").write_text("")
    env = {"ROLEGRAPH_DATA": os.pathsep.join(["/d/a.ttl", "/d/b.nt"]), "ROLEGRAPH_IMPORTS_DIR": str(tmp_path)}
    choices = graph_choices(env)
    assert list(choices) == ["Built-in", "Built-in + a.ttl", "Built-in + b.nt", "Built-in + esco.ttl", "Built-in + a.ttl + b.nt"]
    assert choices["Built-in + esco.ttl"] == (str(tmp_path / "esco.ttl"),)
    assert default_choice(choices, env) == "Built-in + a.ttl + b.nt"
    assert default_choice(graph_choices({}), {}) == "Built-in"


@pytest.mark.parametrize("cap", [1, 5, 17, 60])
def test_a_capped_selection_is_the_head_of_the_full_ranking(rg, cap):
    for view in (gv.View(), gv.View(types=("skill", "tool")), gv.View(focus="data-engineer", radius=2), gv.View(roles=("ml-engineer",))):
        full = gv.select(rg, view, cap=10**6)
        capped = gv.select(rg, view, cap=cap)
        assert capped["nodes"] == full["nodes"][:cap]
        assert capped["total"] == full["total"] and capped["omitted"] == max(0, full["total"] - cap)
