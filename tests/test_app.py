"""The Streamlit explorer, run in-process with AppTest: each tab gets inputs and must show graph/'s answers."""

from __future__ import annotations

import base64
import json
import re
from itertools import pairwise
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import graph
from graph import view as gv

ROOT = Path(__file__).parent.parent
APP = ROOT / "app.py"
HOSTILE = "</script><img src=x onerror=alert(1)>"


def drawn(where) -> dict:
    """The nodes and edges of the first graph in an app or tab, read from its HTML."""
    page = where.get("iframe")[0].proto.srcdoc
    found = re.search(r'<script type="application/json" id="rg-data">(.*?)</script>', page, re.S)
    assert found, "the graph page carries its data in a JSON script element"
    return json.loads(found.group(1))


def start(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def qp(at: AppTest) -> dict[str, str]:
    """The app's URL query parameters, one string each."""
    return {k: v if isinstance(v, str) else v[-1] for k, v in at.query_params.items()}


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def test_graph_tab_draws_the_whole_small_graph(rg):
    at = ok(start())
    data = drawn(at)
    assert len(data["nodes"]) == len(rg.G)
    assert {n["id"] for n in data["nodes"]} == set(rg.ids)
    assert data["options"]["physics"]["enabled"] is False
    assert at.caption[0].value == f"Drawing {len(rg.G)} of {len(rg.G)} matching nodes."
    assert [b.label for b in at.get("download_button")] == ["Turtle", "Graphml", "HTML"]


def test_search_focuses_the_graph_and_fills_the_detail_panel(rg):
    at = start()
    at.sidebar.text_input(key="w_focus").input("MLE").run()
    ok(at)
    assert at.subheader[0].value == "ML engineer"
    data = drawn(at)
    ids = {n["id"] for n in data["nodes"]}
    want = graph.neighbours(rg, "ml-engineer", radius=1)
    assert ids == {n["id"] for n in want["nodes"]}
    assert qp(at)["focus"] == "MLE"
    assert any("Source" in m.value for m in at.markdown)


def test_filters_narrow_the_drawing(rg):
    at = start({"focus": "ml-engineer", "radius": "2"})
    at.sidebar.multiselect(key="w_types").select("skill").run()
    ok(at)
    types = {rg.G.nodes[rg.ids[n["id"]]]["type"] for n in drawn(at)["nodes"]}
    assert types == {"skill", "role"}  # the focus stays
    at.sidebar.multiselect(key="w_roles").select("ai-engineer").run()
    scope = gv.role_scope(rg, rg.ids["ai-engineer"]) | {rg.ids["ml-engineer"]}
    assert {rg.ids[n["id"]] for n in drawn(ok(at))["nodes"]} <= scope
    assert qp(at)["types"] == "skill" and qp(at)["roles"] == "ai-engineer"


def test_unknown_search_says_what_was_meant():
    at = start({"focus": "quantum baking"})
    assert not at.exception
    assert at.error and "did you mean" in at.error[0].value
    assert drawn(at)["nodes"]  # the graph still draws


def test_physics_toggle_reaches_the_page():
    at = start()
    at.sidebar.toggle(key="w_physics").set_value(True).run()
    assert drawn(ok(at))["options"]["physics"]["enabled"] is True
    assert qp(at)["physics"] == "1"


def test_owner_tab(rg):
    at = start({"tab": "owner"})
    at.text_input(key="w_owner").input("feature engineering").run()
    ok(at)
    want = graph.owner(rg, "feature engineering")
    table = at.tabs[1].dataframe[0].value
    assert list(table["id"]) == [o["id"] for o in want["owners"]]
    assert any(m.value.startswith("In the overlap zone") for m in at.markdown)
    assert qp(at)["owner"] == "feature engineering" and qp(at)["tab"] == "owner"


def test_path_tab_lists_and_highlights_the_path(rg):
    at = start({"tab": "path", "path_from": "data-engineer", "path_to": "ML engineer"})
    ok(at)
    assert at.selectbox(key="w_path_to").value == "ml-engineer"
    want = graph.path(rg, "data-engineer", "ml-engineer")
    assert list(at.tabs[2].dataframe[0].value["id"]) == [s["id"] for s in want["learn"]]
    page = drawn(at.tabs[2])
    red = {(e["from"], e["to"]) for e in page["edges"] if e.get("width") == 5}
    steps = {frozenset(p) for p in pairwise(want["hops"])}
    assert red and {frozenset(e) for e in red} == steps


def test_compare_tab_has_a_venn_and_the_three_lists(rg):
    at = start({"tab": "compare", "a": "data-engineer", "b": "ml-engineer"})
    ok(at)
    want = graph.compare(rg, "data-engineer", "ml-engineer")
    for table, key in zip(at.tabs[3].dataframe, ("only_a", "shared", "only_b"), strict=True):
        assert list(table.value["label"]) == [x["label"] for x in want[key]]
    (venn,) = at.tabs[3].get("image")
    svg = base64.b64decode(venn.proto.imgs[0].url.split(",", 1)[1]).decode()
    assert ">{}</text>".format(len(want["shared"])) in svg and "Data engineer" in svg


def test_need_tab_ranks_a_job_description(rg):
    jd = (ROOT / "tests/data/jd/13-rag-support-assistant.txt").read_text(encoding="utf-8")
    at = start({"tab": "need"})
    at.text_area(key="w_jd").input(jd).run()
    ok(at)
    want = graph.need(rg, jd)
    assert list(at.tabs[4].dataframe[0].value["role"]) == [r["label"] for r in want["ranking"]]
    assert any(m.value.startswith("Best match") for m in at.markdown)


def test_a_shared_url_restores_the_view():
    params = {
        "focus": "feature-engineering",
        "radius": "2",
        "types": "role,skill",
        "roles": "ml-engineer",
        "physics": "1",
        "tab": "compare",
    }
    params |= {"a": "data-engineer", "b": "ai-engineer", "owner": "Feast", "path_from": "ml-engineer", "path_to": "ai-engineer"}
    at = ok(start(params))
    assert at.sidebar.text_input(key="w_focus").value == "feature-engineering"
    assert at.sidebar.slider(key="w_radius").value == 2
    assert at.sidebar.multiselect(key="w_types").value == ["role", "skill"]
    assert at.sidebar.multiselect(key="w_roles").value == ["ml-engineer"]
    assert at.selectbox(key="w_b").value == "ai-engineer"
    assert at.text_input(key="w_owner").value == "Feast"
    assert qp(at) == params
    view, problems = gv.decode(params)
    assert problems == [] and gv.encode(view) == params


def test_bad_url_values_are_reported_and_dropped():
    at = start({"radius": "99", "tab": "nowhere", "roles": "astronaut"})
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "radius" in warnings and "tab" in warnings and "astronaut" in warnings
    assert at.sidebar.slider(key="w_radius").value == 1
    assert "radius" not in qp(at)


@pytest.fixture
def hostile_app(tmp_path, monkeypatch):
    ttl = tmp_path / "hostile.ttl"
    label = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    ttl.write_text(
        "@prefix rg: <https://rolegraph.dev/vocab#> . @prefix rgi: <https://rolegraph.dev/id/> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        f'rgi:evil a rg:Skill ; skos:prefLabel "{label}"@en ; skos:definition "*bold* [x](javascript:alert(1)) {label}"@en .\n'
        "rgi:data-engineer rg:hasCoreSkill rgi:evil .\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("ROLEGRAPH_DATA", str(ttl))
    return ttl


def test_hostile_label_stays_text_in_app(hostile_app):
    at = ok(start({"focus": "evil"}))
    assert at.subheader[0].value == gv.md_escape(HOSTILE)
    assert all(not re.search(r"(?<!\\)[<>\[\]]", m.value) for m in at.markdown)  # every bracket escaped
    page = at.get("iframe")[0].proto.srcdoc
    assert "<img" not in page and HOSTILE not in page
    assert HOSTILE in [n["label"] for n in drawn(at)["nodes"]]
