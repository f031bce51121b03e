"""The explorer's data choices, run in-process with AppTest: the sidebar graph choice (an imported
ESCO slice), the SPARQL tab, a SPARQL endpoint, per-session uploads and hostile text in every text box."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import rolegraph
from app_helpers import drawn_ids, ok, open_tab, start, tables
from rolegraph import view as gv
from rolegraph.backend import MemoryBackend
from rolegraph.escape import md_escape
from rolegraph.explorer.state import View
from streamlit.testing.v1 import AppTest
from test_import import DATA_SCIENTIST, WAREHOUSE_DESIGNER, esco_slice  # noqa: F401  (a fixture)

ROOT = Path(__file__).parent.parent
HOSTILE_DIR = ROOT / "tests" / "data" / "hostile"
MANIFEST = {k: v for k, v in json.loads((HOSTILE_DIR / "manifest.json").read_text()).items() if not k.startswith("_")}
STRINGS = json.loads((HOSTILE_DIR / "strings.json").read_text())
XSS = "</script><img src=x onerror=alert(1)>"
CLOSED_PORT = 9  # discard: nothing listens here
RAW_TAG = re.compile(r"(?<!\\)<\s*/?\s*(script|img|svg|b|i)\b", re.I)


def no_raw_html(at: AppTest) -> None:
    """No markdown, caption or html element carries a live tag from the data."""
    for kind in ("markdown", "caption", "subheader", "header", "title", "warning", "info", "error"):
        for el in at.get(kind):
            assert not RAW_TAG.search(str(el.value)), (kind, el.value)
    for el in at.get("html"):
        body = el.proto.body
        assert "<script" not in body.lower() and "<img" not in body.lower() and "<svg" not in body.lower(), body


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


def map_ids(rg) -> set[str]:
    return {rg.G.nodes[n]["id"] for n in gv.select(rg, View())["nodes"]}


def test_graph_choice_switches_to_the_imported_graph(esco_dir, monkeypatch, rg):
    monkeypatch.delenv("ROLEGRAPH_DATA", raising=False)
    monkeypatch.setenv("ROLEGRAPH_IMPORTS_DIR", str(esco_dir))
    at = ok(start())
    box = at.sidebar.selectbox(key="w_graph")
    assert list(box.options) == ["Built-in", "Built-in + esco-slice.ttl"] and box.value == "Built-in"
    assert drawn_ids(at) == map_ids(rg)
    at.text_input(key="w_search").input(DATA_SCIENTIST).run()
    assert at.error and "data" in at.error[0].value.lower()  # not in the built-in graph

    box = at.sidebar.selectbox(key="w_graph").select("Built-in + esco-slice.ttl")
    ok(at.run())
    assert at.query_params["graph"] in ("Built-in + esco-slice.ttl", ["Built-in + esco-slice.ttl"])
    assert DATA_SCIENTIST in drawn_ids(at)
    assert at.subheader[0].value == md_escape("data scientist")
    assert drawn_ids(at) != map_ids(rg)


@pytest.fixture
def esco_app(esco_dir, monkeypatch):
    monkeypatch.delenv("ROLEGRAPH_IMPORTS_DIR", raising=False)
    monkeypatch.setenv("ROLEGRAPH_DATA", str(esco_dir / "esco-slice.ttl"))
    return esco_dir / "esco-slice.ttl"


def test_search_offers_each_match_with_its_source(esco_app):
    at = ok(start())
    at.text_input(key="w_search").input("data scientist").run()
    ok(at)
    matches = at.selectbox(key="w_match")
    shown = list(matches.options)  # as displayed
    assert "Data scientist — role, rolegraph" in shown and "data scientist — role, ESCO" in shown
    matches.select(DATA_SCIENTIST).run()
    ok(at)
    assert at.subheader[0].value == md_escape("data scientist") and DATA_SCIENTIST in drawn_ids(at)
    assert at.text_input(key="w_search").value == "data scientist"
    # The built-in role names its ESCO match by name, linked, once ESCO is loaded.
    builtin = ok(start({"focus": "data-scientist"}))
    shown = " ".join(h.proto.body for h in builtin.get("html") if "Matches in other taxonomies" in h.proto.body)
    assert f'<a href="{DATA_SCIENTIST}" target="_blank" rel="noopener">data scientist</a> (ESCO)' in shown


def test_two_esco_occupations_compared_through_the_pickers(esco_app):
    rg = rolegraph.load([esco_app])
    at = ok(start({"tab": "compare"}))
    a, b = at.selectbox(key="w_a"), at.selectbox(key="w_b")
    labels = list(a.options)  # as displayed
    assert "Data scientist — rolegraph" in labels and "data scientist — ESCO" in labels  # told apart by their source
    a.select(DATA_SCIENTIST)
    b.select(WAREHOUSE_DESIGNER).run()
    ok(at)
    want = rolegraph.compare(rg, DATA_SCIENTIST, WAREHOUSE_DESIGNER)
    shown = tables(at)[:3]
    assert [[r["name"] for r in t] for t in shown] == [[x["label"] for x in want[k]] for k in ("only_a", "shared", "only_b")]
    # The same comparison from a link: both pickers filled, no warning.
    again = ok(start({"tab": "compare", "a": DATA_SCIENTIST, "b": WAREHOUSE_DESIGNER}))
    assert (again.selectbox(key="w_a").value, again.selectbox(key="w_b").value) == (DATA_SCIENTIST, WAREHOUSE_DESIGNER)
    assert not again.warning

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
    at.text_input(key="w_search").input("data-engineer").run()
    ok(at)
    assert "data-engineer" in drawn_ids(at) and at.subheader[0].value == "Data engineer"
    at.text_input(key="w_search").input("feature store").run()  # two fitting nodes: the picker, from the endpoint too
    ok(at)
    want = [c["id"] for c in MemoryBackend(rg).candidates("feature store")]
    assert len(want) > 1 and at.selectbox(key="w_match").options == [
        f"{rg.G.nodes[rg.ids[n]]['label']} — {rg.G.nodes[rg.ids[n]]['type'].replace('_', ' ')}, rolegraph" for n in want
    ]
    ok(sparql(open_tab(at, "sparql"), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    assert int(at.dataframe[-1].value["n"][0]) > 0
    want = rolegraph.owner(rg, "feature engineering")
    open_tab(at, "owner").text_input(key="w_owner").input("feature engineering").run()
    ok(at)
    assert any(m.value.replace("\\", "").startswith("Owned by: " + want["owners"][0]["label"]) for m in at.markdown)
    open_tab(at, "path").selectbox(key="w_path_from").select("data-engineer")
    at.selectbox(key="w_path_to").select("ml-engineer").run()
    ok(at)
    want = rolegraph.path(rg, "data-engineer", "ml-engineer")
    assert set(want["hops"]) <= drawn_ids(at, "roadmap")
    signals = rolegraph.signal_checklist(rg)
    open_tab(at, "need")
    assert len(at.checkbox) == len(signals)  # the checklist, from the endpoint
    at.checkbox(key=f"w_sig_{signals[0]['id']}").check().run()
    ok(at)
    assert any(m.value.replace("\\", "").startswith(("Best match:", "Two jobs", "Three jobs")) for m in at.markdown)


def test_endpoint_down_is_an_error_and_the_app_keeps_working(monkeypatch, rg):
    monkeypatch.delenv("ROLEGRAPH_ENDPOINT", raising=False)
    monkeypatch.setenv("ROLEGRAPH_VISITOR_ENDPOINTS", "*")
    at = ok(start())
    at.sidebar.text_input(key="w_endpoint").input(f"http://127.0.0.1:{CLOSED_PORT}/sparql").run()
    assert not at.exception
    assert at.error and "endpoint" in at.error[0].value.lower()
    assert drawn_ids(at) == map_ids(rg)  # still the in-memory graph


# --- uploads belong to one session (issue 8) ----------------------------------------------------


def upload(at: AppTest, path: Path, data: bytes | None = None) -> AppTest:
    at.sidebar.file_uploader[0].set_value((path.name, path.read_bytes() if data is None else data, "text/plain"))
    return at.run()


def test_upload_is_seen_by_its_session_only(rg):
    before = len(rg.G)
    a = ok(upload(start(), HOSTILE_DIR / "hostile-labels.ttl"))
    assert XSS in roles_offered(a)
    a.text_input(key="w_search").input("xss-role").run()
    ok(a)
    assert a.subheader[0].value == md_escape("</script><img src=x onerror=alert(1)>")
    no_raw_html(a)
    assert "xss-role" in drawn_ids(a)

    b = ok(start())
    assert XSS not in roles_offered(b)
    assert "xss-role" not in drawn_ids(b) and drawn_ids(b) == map_ids(rg)
    b.text_input(key="w_search").input("xss-role").run()
    assert b.error and not b.exception
    assert len(rg.G) == before and "xss-role" not in rg.ids

    # Removing the file takes the session back to the shared graph.
    a.sidebar.file_uploader[0].set_value(None)
    a.text_input(key="w_search").input("").run()
    ok(a)
    assert XSS not in roles_offered(a) and drawn_ids(a) == map_ids(rg)


@pytest.mark.parametrize("name", sorted(n for n, v in MANIFEST.items() if v["expect"] == "error"))
def test_malformed_upload_is_an_error_and_the_app_keeps_working(name, rg):
    at = upload(start(), HOSTILE_DIR / name)
    assert not at.exception
    assert at.error, f"{name} gave no error"
    message = at.error[0].value.replace("\\", "")
    assert re.search(MANIFEST[name]["match"], message, re.I), message
    assert drawn_ids(at) == map_ids(rg)  # the previous graph, still drawn
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

BOXES = [("graph", "w_search", False), ("owner", "w_owner", False), ("need", "w_jd", False), ("sparql", "w_sparql", False)]


@pytest.mark.parametrize(("tab", "key", "in_sidebar"), BOXES, ids=[b[1] for b in BOXES])
def test_hostile_strings_in_every_text_box(tab, key, in_sidebar):
    at = start({"tab": tab})
    for raw in STRINGS:
        text = raw.replace("{PORT}", str(CLOSED_PORT))
        where = at.sidebar if in_sidebar else at
        box = where.text_input(key=key) if key in ("w_search", "w_owner") else where.text_area(key=key)
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
    for view in (View(), View(types=("skill", "tool")), View(focus="data-engineer", radius=2), View(roles=("ml-engineer",))):
        full = gv.select(rg, view, cap=10**6)
        capped = gv.select(rg, view, cap=cap)
        assert capped["nodes"] == full["nodes"][:cap]
        assert capped["total"] == full["total"] and capped["omitted"] == max(0, full["total"] - cap)


# --- importing a taxonomy from the app ------------------------------------------------------------


def test_a_taxonomy_is_imported_from_the_app_without_a_restart(esco_slice, tmp_path, monkeypatch):  # noqa: F811
    from app_helpers import open_tab

    root = esco_slice[0]
    monkeypatch.delenv("ROLEGRAPH_DATA", raising=False)
    monkeypatch.setenv("ROLEGRAPH_TAXONOMY_DIR", str(root.parent))
    monkeypatch.setenv("ROLEGRAPH_IMPORTS_DIR", str(tmp_path / "imports"))
    at = ok(start())
    assert list(at.sidebar.selectbox(key="w_graph").options) == ["Built-in"]
    assert at.sidebar.selectbox(key="w_taxonomy").options == [root.name]
    at.sidebar.button(key="w_import").click().run()
    ok(at)
    written = tmp_path / "imports" / f"{root.name}.ttl"
    assert written.is_file() and rolegraph.load([written], builtin=False, cache=False).of_type("role")
    graph = at.sidebar.selectbox(key="w_graph")
    assert graph.value == f"Built-in + {written.name}"  # the session moved to the new graph, same process
    compare = open_tab(at, "compare").selectbox(key="w_a")
    assert "data scientist — ESCO" in compare.options


def test_no_taxonomy_folder_means_a_hint_not_a_picker(monkeypatch):
    monkeypatch.delenv("ROLEGRAPH_TAXONOMY_DIR", raising=False)
    at = ok(start())
    assert not [s for s in at.sidebar.selectbox if s.key == "w_taxonomy"]
    assert any("ROLEGRAPH_TAXONOMY_DIR" in c.value for c in at.sidebar.caption)
