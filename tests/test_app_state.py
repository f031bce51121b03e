"""rolegraph.explorer.state: the explorer's view in the URL, and back; links keep their promises."""

from __future__ import annotations

import pytest
import rolegraph
from hypothesis import given
from hypothesis import strategies as st
from rolegraph.domain import NODE_TYPES
from rolegraph.explorer import state as us

TEXT = st.text(max_size=60)
VIEWS = st.builds(
    us.View,
    focus=TEXT,
    radius=st.integers(0, us.MAX_RADIUS),
    types=st.lists(st.sampled_from(NODE_TYPES), unique=True).map(lambda x: tuple(sorted(x))),
    roles=st.lists(st.from_regex(r"[a-z][a-z-]{0,20}", fullmatch=True), unique=True).map(lambda x: tuple(sorted(x))),
    physics=st.booleans(),
    tab=st.sampled_from(list(us.TABS)),
    owner=TEXT,
    path_from=TEXT,
    path_to=TEXT,
    a=TEXT,
    b=TEXT,
    jd=st.text(max_size=3000),
    needs=st.lists(st.from_regex(r"[a-z][a-z-]{0,20}", fullmatch=True), unique=True).map(lambda x: tuple(sorted(x))),
    sparql=st.text(max_size=2000),
)


@given(VIEWS)
def test_url_round_trip(view):
    params = us.encode(view)
    assert all(isinstance(v, str) for v in params.values())
    assert us.decode(params) == (view, [])


def test_default_view_has_an_empty_url():
    assert us.encode(us.View()) == {}
    assert us.decode({}) == (us.View(), [])


def test_decode_takes_the_last_of_repeated_values():
    assert us.decode({"radius": ["1", "3"]})[0].radius == 3


def test_a_long_job_description_survives_the_link_whole():
    jd = "".join(f"Line {i}: build batch pipelines, train models and ship RAG features. " for i in range(120))
    assert len(jd) > 6000
    params = us.encode(us.View(jd=jd, tab="need"))
    assert set(params) == {"jdz", "tab"} and len(params["jdz"]) < len(jd)
    assert us.decode(params) == (us.View(jd=jd, tab="need"), [])


def test_links_published_before_keep_opening_the_same_view():
    # The parameters of links shared before this change, each still read the same way.
    old = {
        "focus": "data-engineer",
        "radius": "2",
        "types": "role,skill",
        "tab": "compare",
        "a": "data-engineer",
        "b": "MLE",
        "jd": "x" * 300,
    }
    view, problems = us.decode(old)
    assert problems == []
    assert (view.focus, view.radius, view.types, view.tab, view.a, view.b, view.jd) == (
        "data-engineer",
        2,
        ("role", "skill"),
        "compare",
        "data-engineer",
        "MLE",
        "x" * 300,
    )


def test_a_damaged_packed_text_is_named_not_guessed():
    view, problems = us.decode({"jdz": "not-base64-zlib!!", "tab": "need"})
    assert view.jd == "" and view.tab == "need"
    assert problems == ["jdz is not a text this app packed (a link cut short?); the jd was left empty"]


def test_a_text_over_the_limit_is_cut_and_said(monkeypatch):
    monkeypatch.setenv("ROLEGRAPH_MAX_TEXT_CHARS", "100")
    view, problems = us.decode({"jd": "y" * 150})
    assert view.jd == "y" * 100 and problems == ["jd was 150 characters; only the first 100 are used"]


def test_a_renamed_parameter_keeps_its_old_name(monkeypatch):
    monkeypatch.setitem(us.ALIASES, "centre", "focus")
    assert us.decode({"centre": "ml-engineer"}) == (us.View(focus="ml-engineer"), [])


@pytest.fixture(scope="module")
def rg():
    return rolegraph.load()


def test_check_names_keeps_known_names_and_reports_the_rest(rg):
    start = us.View(roles=("data-engineer", "astronaut"), path_from="MLE", path_to="wizard", needs=("need-x",))
    checked, problems = us.check_names(
        start, ["data-engineer", "ml-engineer"], ["need-y"], lambda n: rolegraph.resolve(rg, n, types={"role"}, expected="role")
    )
    assert checked.roles == ("data-engineer",)
    assert (checked.path_from, checked.path_to, checked.needs) == ("ml-engineer", "", ())
    assert problems[0] == "unknown role 'astronaut' in roles; use any of data-engineer, ml-engineer"
    assert problems[1].startswith("no role matches 'wizard'")
    assert problems[2] == "unknown need signal 'need-x' in needs; use any of need-y"


def test_the_question_registry_drives_the_tabs():
    """Each question with a tab title has its tab, in registry order between the drawing and the console,
    and app.py lays out every tab in its method ``<key>_tab``."""
    import ast
    from pathlib import Path

    from rolegraph.questions import QUESTIONS

    asked = [q.name for q in QUESTIONS.values() if q.tab]
    assert list(us.TABS) == ["graph", *asked, "sparql"] and {"owner", "path", "compare", "need"} <= set(asked)
    assert all(us.TABS[q] == QUESTIONS[q].tab for q in asked)
    app = ast.parse((Path(__file__).parent.parent / "app.py").read_text())
    methods = {f.name for c in ast.walk(app) if isinstance(c, ast.ClassDef) for f in c.body if isinstance(f, ast.FunctionDef)}
    assert {f"{key}_tab" for key in us.TABS} <= methods
