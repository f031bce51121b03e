"""The Streamlit explorer, run in-process with AppTest: each tab gets inputs and must show the library's answers."""

from __future__ import annotations

import base64
import html
import json
import re
from itertools import pairwise

import pytest
import rolegraph
import rolegraph.export
from app_helpers import APP, ROOT, drawn, drawn_ids, ok, qp, start, tab, tables  # noqa: F401  (APP: tests elsewhere import it from here)
from rolegraph import export as gexport
from rolegraph import need_display as nd
from rolegraph import view as gv
from rolegraph.escape import md_escape
from rolegraph.explorer import state as us
from rolegraph.need import highlight, need_from_signals, signal_checklist
from streamlit.testing.v1 import AppTest

HOSTILE = "</script><img src=x onerror=alert(1)>"


def test_graph_tab_opens_on_the_articles_map(rg):
    at = ok(start())
    data = drawn(at)
    want = {rg.G.nodes[n]["id"] for n in gv.select(rg, us.View())["nodes"]}
    assert {n["id"] for n in data["nodes"]} == want
    assert {n["group"] for n in data["nodes"]} == {"role", "overlap_zone", "deliverable"}
    assert data["options"]["physics"]["enabled"] is False
    caption = json.loads(at.get("bidi_component")[0].proto.json)["caption"]
    assert caption.startswith(f"Drawing {len(want)} of {len(want)} matching nodes. The article's map: skills and tools are folded")
    (button,) = at.get("download_button")
    assert button.label == "Download" and button.proto.deferred_file_id  # the file is written on click only


def test_search_focuses_the_graph_and_the_box_shows_the_label(rg):
    at = start()
    at.text_input(key="w_search").input("MLE").run()
    ok(at)
    assert at.subheader[0].value == "ML engineer"
    assert at.text_input(key="w_search").value == "ML engineer"  # the label, not what was typed or the id
    want = rolegraph.neighbours(rg, "ml-engineer", radius=1)
    assert drawn_ids(at) == {n["id"] for n in want["nodes"]}
    assert qp(at)["focus"] == "ml-engineer"  # the link names the node by its stable id
    assert any("Source" in m.value for m in at.markdown)
    relations = json.dumps(tables(at)[-1])  # the relations table, in plain words
    assert "has as a core skill" in relations and "delivers" in relations and "hasCoreSkill" not in relations


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


def test_unknown_focus_says_what_was_meant(rg):
    at = start({"focus": "serving infra"})
    assert not at.exception
    assert at.error and "did you mean" in at.error[0].value
    assert drawn(at)["nodes"]  # the graph still draws
    picks = at.get("button")
    assert picks and picks[0].proto.help == "model-serving-infrastructure"
    picks[0].click().run()  # a plausible node, one click away
    ok(at)
    assert qp(at)["focus"] == "model-serving-infrastructure" and at.subheader[0].value == "Model serving infrastructure"
    at = start({"focus": "quantum baking"})  # nothing plausible: it says so, and offers nothing
    assert at.error and md_escape("no node matches 'quantum baking'") in at.error[0].value and not at.get("button")


def test_owner_tab_offers_the_plausible_nodes_of_an_unknown_name(rg):
    at = start({"tab": "owner"})
    at.text_input(key="w_owner").input("observability platform").run()
    assert at.error and "did you mean" in at.error[0].value and "no node matches" not in at.error[0].value
    helps = [b.proto.help for b in at.get("button")]
    assert helps[:2] == ["data-observability", "llm-observability"]
    at.get("button")[1].click().run()
    ok(at)
    assert at.text_input(key="w_owner").value == "llm-observability"
    assert [r["role"] for r in tables(at)[0]] == [o["label"] for o in rolegraph.owner(rg, "llm-observability")["owners"]]


def test_physics_toggle_reaches_the_page():
    at = start()
    at.sidebar.toggle(key="w_physics").set_value(True).run()
    assert drawn(ok(at))["options"]["physics"]["enabled"] is True
    assert qp(at)["physics"] == "1"


@pytest.fixture
def export_calls(monkeypatch):
    """Every (format, node count) the app asked rolegraph.view to export."""
    calls = []
    real = gexport.one_file

    def spy(rg, nodes, fmt):
        calls.append((fmt, len(nodes)))
        return real(rg, nodes, fmt)

    monkeypatch.setattr(gexport, "one_file", spy)
    return calls


def test_export_offers_every_view_format_and_writes_nothing_until_asked(rg, export_calls):
    at = ok(start({"focus": "data-engineer"}))
    picker = at.selectbox(key="w_export")
    assert picker.options == [f"{c['format']}: {c['what']}" for c in gexport.offers(rg, [rg.ids["data-engineer"]])]
    assert picker.value == "handout-html"  # a role is in view: the handout comes first
    assert "docs" not in " ".join(picker.options) and len(picker.options) == len(rolegraph.export.FORMATS) - 1
    picker.select("pptx").run()
    at.sidebar.slider(key="w_radius").set_value(2).run()
    ok(at)
    assert at.get("download_button")[0].proto.deferred_file_id
    assert export_calls == []  # reruns (format change, radius change) wrote no file


def test_training_material_is_not_offered_without_a_role(rg):
    at = ok(start({"focus": "feature-engineering"}))
    at.selectbox(key="w_export").select("pptx").run()
    at.sidebar.multiselect(key="w_types").select("skill").run()  # the view loses its roles
    ok(at)
    assert at.selectbox(key="w_export").value == "ttl"
    offered = [o.split(":")[0] for o in at.selectbox(key="w_export").options]
    assert offered and not set(offered) & set(gexport.TRAINING_FORMATS)
    why = " ".join(c.value for c in at.caption)
    assert md_escape("Not offered here: handout-md") in why and "no role" in why


def test_owner_tab_explains_the_levels(rg):
    at = start({"tab": "owner"})
    at.text_input(key="w_owner").input("feature engineering").run()
    ok(at)
    want = rolegraph.owner(rg, "feature engineering")
    owners, split = tables(at)[:2]
    assert [r["role"] for r in owners] == [o["label"] for o in want["owners"]]
    assert all(r["what the level means"] and r["what the level means"] != r["level"] for r in owners)
    assert [r["its side"] for r in split] == [s["responsibility"] for s in want["zone"]["split"]]  # whole, not cut
    assert any(m.value.startswith("In the overlap zone") for m in at.markdown)
    assert qp(at)["owner"] == "feature engineering" and qp(at)["tab"] == "owner"


def test_path_tab_draws_a_roadmap(rg):
    at = start({"tab": "path", "path_from": "data-engineer", "path_to": "ML engineer"})
    ok(at)
    assert at.selectbox(key="w_path_to").value == "ml-engineer"
    want = rolegraph.path(rg, "data-engineer", "ml-engineer")
    steps = tables(at)[0]
    assert [r["learn"] for r in steps] == [s["label"] for s in want["learn"]] and [r["step"] for r in steps][:2] == ["1", "2"]
    assert all(r["what it is"] and r["source"] for r in steps)  # each step's definition and source
    page = drawn(at, "roadmap")
    labels = {n["id"]: n["label"] for n in page["nodes"]}
    assert [labels[s["id"]].split(". ", 1)[0] for s in want["learn"]] == [str(i) for i in range(1, len(want["learn"]) + 1)]
    prereq = {(e["from"], e["to"]) for e in page["edges"] if e["relation"] == "prerequisiteOf"}
    learn = [s["id"] for s in want["learn"]]
    assert prereq and all(learn.index(a) < learn.index(b) for a, b in prereq if a in learn and b in learn)
    red = {(e["from"], e["to"]) for e in page["edges"] if e.get("width") == 5}
    steps = {frozenset(p) for p in pairwise(want["hops"])}
    assert red and {frozenset(e) for e in red} == steps


def test_compare_tab_has_a_venn_and_the_three_lists(rg):
    at = start({"tab": "compare", "a": "data-engineer", "b": "ml-engineer"})
    ok(at)
    want = rolegraph.compare(rg, "data-engineer", "ml-engineer")
    for table, key in zip(tables(at), ("only_a", "shared", "only_b"), strict=True):
        assert [r["name"] for r in table] == [x["label"] for x in want[key]]
        assert "id" not in table[0]
    (venn,) = at.get("image")
    svg = base64.b64decode(venn.proto.imgs[0].url.split(",", 1)[1]).decode()
    assert ">{}</text>".format(len(want["shared"])) in svg and "Data engineer" in svg


def marked(at: AppTest) -> list[tuple[str, str]]:
    """(phrase, title) of every marked phrase in the highlighted job description."""
    body = at.get("html")[0].proto.body
    return re.findall(r'<mark style="[^"]*" title="([^"]*)">([^<]*)</mark>', body)


def test_need_tab_ranks_highlights_and_cites(rg):
    jd = (ROOT / "tests/data/jd/13-rag-support-assistant.txt").read_text(encoding="utf-8")
    at = start({"tab": "need"})
    at.text_area(key="w_jd").input(jd).run()
    ok(at)
    want = rolegraph.need(rg, jd)
    ranking = tab(at, "From a job description").dataframe
    assert list(ranking[0].value["role"]) == [r["label"] for r in want["ranking"]]
    assert any(m.value.startswith(("Best match", "Three jobs", "Two jobs")) for m in at.markdown)
    pieces = highlight(jd, want)
    matched = [p for p in pieces if p["kind"] != "plain"]
    assert [html.unescape(phrase) for _, phrase in marked(at)] == [p["text"] for p in matched]
    best = want["ranking"][0]
    table = globals()["tables"](at)[0]  # the first expander: the best role's evidence
    assert [r["phrase"] for r in table] == [e["phrase"] for e in best["evidence"]]
    assert all(r["sources"] for r in table) and any(r["sources"] != "curated" for r in table), "a name the article gives cites its section"
    assert any(md_escape("(sources: ") in m.value for m in at.markdown)  # advice carries its citations


def test_need_tab_flags_a_posting_that_spans_three_roles(rg):
    jd = "Build batch pipelines and dbt models, train and deploy custom models, and build RAG pipelines and LLM evals."
    want = rolegraph.need(rg, jd)
    assert want["flags"]
    at = start({"tab": "need", "jd": jd})
    ok(at)
    warnings = [w.value for w in at.warning]
    assert [md_escape(nd.flag_text(f)) for f in want["flags"]] == warnings
    headline = next(m.value for m in at.markdown if "posting" in m.value or "match" in m.value)
    if "spans-all-three" in want["flags"]:
        assert headline.startswith("Three jobs in one posting") and "Best match" not in headline


def test_hostile_job_description_shows_as_text(rg):
    jd = f"{HOSTILE} Build dbt models <b>now</b> & [click](javascript:alert(1))"
    at = ok(start({"tab": "need", "jd": jd}))
    body = at.get("html")[0].proto.body
    assert "<img" not in body and "<script" not in body and "<b>" not in body and "javascript:alert(1)</a>" not in body
    shown = html.unescape(re.sub(r"<[^>]+>", "", body.split('overflow:auto">', 1)[1]))
    assert shown == jd


def test_need_checklist_ranks_the_ticked_needs(rg):
    signals = [s for g in nd.checklist_groups(rg) for s in g["signals"]]
    assert [s["id"] for s in signals] == [s["id"] for s in signal_checklist(rg)]
    at = start({"tab": "need"})
    ticked = ["need-aie-rigorous-evaluation", "need-aie-agent-system"]
    for sid in ticked:
        at.checkbox(key=f"w_sig_{sid}").check().run()
    ok(at)
    want = need_from_signals(rg, ticked)
    assert list(tab(at, "From a checklist of needs").dataframe[0].value["role"]) == [r["label"] for r in want["ranking"]]
    assert qp(at)["needs"] == ",".join(sorted(ticked))
    again = ok(start({"tab": "need", "needs": ",".join(ticked)}))
    assert [c.key for c in again.checkbox if c.value] == [f"w_sig_{s}" for s in sorted(ticked, key=[x["id"] for x in signals].index)]
    assert list(tab(again, "From a checklist of needs").dataframe[0].value["role"]) == [r["label"] for r in want["ranking"]]


def test_unknown_need_in_url_is_reported():
    at = start({"tab": "need", "needs": "need-a-unicorn"})
    assert not at.exception and md_escape("need-a-unicorn") in " ".join(w.value for w in at.warning)


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
    assert at.session_state["w_search"] == "Feature engineering"  # the graph tab is closed: its state
    assert at.sidebar.slider(key="w_radius").value == 2
    assert at.sidebar.multiselect(key="w_types").value == ["role", "skill"]
    assert at.sidebar.multiselect(key="w_roles").value == ["ml-engineer"]
    assert at.selectbox(key="w_b").value == "ai-engineer"
    assert at.session_state["w_owner"] == "Feast"  # its tab is closed, so only its state exists
    assert qp(at) == params
    view, problems = us.decode(params)
    assert problems == [] and us.encode(view) == params


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
        "rgi:data-engineer rg:hasCoreSkill rgi:evil .\n"
        f'rgi:evil-need a rg:NeedSignal ; skos:prefLabel "{label}"@en ; skos:definition "{label}"@en ; rg:indicates rgi:data-engineer .\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("ROLEGRAPH_DATA", str(ttl))
    return ttl


def test_hostile_label_stays_text_in_app(hostile_app):
    at = ok(start({"focus": "evil"}))
    assert at.subheader[0].value == md_escape(HOSTILE)
    assert all(not re.search(r"(?<!\\)[<>\[\]]", m.value) for m in at.markdown)  # every bracket escaped
    data = json.loads(at.get("bidi_component")[0].proto.json)
    assert "<img" not in data["legend"]  # the one part the component sets as HTML; labels go to the canvas and innerText
    assert HOSTILE in [n["label"].replace("\n", " ") for n in drawn(at)["nodes"]]


def test_hostile_need_signal_stays_text_on_the_checklist(hostile_app):
    at = ok(start({"tab": "need", "needs": "evil-need"}))
    box = at.checkbox(key="w_sig_evil-need")
    assert box.value and box.label == md_escape(HOSTILE) and box.help == md_escape(HOSTILE)
    assert all(not re.search(r"(?<!\\)[<>\[\]]", m.value) for m in at.markdown)
    (table,) = tables(tab(at, "From a checklist of needs"))[:1]
    assert [r["node"] for r in table] == [HOSTILE]  # the evidence table holds the label as text


def test_a_long_job_description_survives_a_link(rg):
    jd = "".join(f"Line {i}: build batch pipelines with dbt, train models and ship RAG features. " for i in range(80))
    assert len(jd) > 6000
    at = start({"tab": "need"})
    at.text_area(key="w_jd").input(jd).run()
    ok(at)
    link = qp(at)
    assert "jdz" in link and "jd" not in link
    again = ok(start(link))
    assert again.text_area(key="w_jd").value == jd  # every character, no warning
    assert not again.warning or all("Link" not in w.value for w in again.warning)


def test_the_address_changing_under_the_page_applies_the_view(rg):
    # What browser Back does: the URL changes to an earlier one and the page reruns on it.
    at = ok(start({"focus": "data-engineer"}))
    at.query_params.clear()
    at.query_params["focus"] = "feature-engineering"
    at.query_params["radius"] = "2"
    ok(at.run())
    assert at.text_input(key="w_search").value == "Feature engineering"
    assert drawn_ids(at) == {rg.G.nodes[n]["id"] for n in gv.select(rg, us.View(focus="feature-engineering", radius=2))["nodes"]}
