"""graph/need_display.py: how the app shows a need answer (highlighted text, evidence, flags, checklist)."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from rolegraph import need_display as nd
from rolegraph.need import highlight, need, need_from_signals, signal_checklist

MARK = re.compile(r'<mark style="([^"]*)" title="([^"]*)">([^<]*)</mark>')


def _text_of(fragment: str) -> str:
    """The job description as a reader of the HTML sees it."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment.split('overflow:auto">', 1)[1]))


def test_marks_follow_the_highlight_pieces_in_role_colours(rg):
    text = "Build dbt models and RAG pipelines; no model training. Tools: Airflow."
    ans = need(rg, text)
    frag = nd.highlight_html(rg, text, ans)
    marks = MARK.findall(frag.split('overflow:auto">', 1)[1])
    pieces = [p for p in highlight(text, ans) if p["kind"] != "plain"]
    assert [html.unescape(m[2]) for m in marks] == [p["text"] for p in pieces]
    colours = nd.role_colours(rg)
    for (style, tip, _), p in zip(marks, pieces, strict=True):
        if p["kind"] == "negated":
            assert "line-through" in style and "ruled out by the words" in tip
        else:
            assert colours[p["role"]] in style and html.unescape(tip).startswith(p["node"]["label"])
    assert _text_of(frag) == text


PIECES = [*"<>&\"' abcdefgh/=()[]*\n\u202e", "dbt models", "RAG pipeline", "<script>", "no Spark", "</div>"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join).filter(str.strip))
def test_any_text_shows_as_text(rg, text):
    frag = nd.highlight_html(rg, text, need(rg, text))
    assert _text_of(frag) == text
    assert "<script" not in frag and not re.search(r"<(?!/?(div|mark)\b)", frag)


def test_evidence_rows_carry_citations(rg):
    ans = need(rg, "Build dbt models and a feature store.")
    top = ans["ranking"][0]
    rows = nd.evidence_rows(top)
    assert [r["phrase"] for r in rows] == [e["phrase"] for e in top["evidence"]]
    assert all(r["sources"] for r in rows)
    assert [a["text"] for a in nd.advice_rows(ans)] == [a["text"] for a in ans["advice_items"]]


def test_every_flag_is_explained():
    for flag in ("spans-all-three", "two-roles", "mis-hire-risk"):
        assert nd.flag_text(flag) != flag
    assert nd.flag_text("new-flag") == "new-flag"


def test_checklist_groups_keep_the_order_and_every_signal(rg):
    groups = nd.checklist_groups(rg)
    assert [s["id"] for g in groups for s in g["signals"]] == [s["id"] for s in signal_checklist(rg)]
    assert groups[0]["title"] == "You need a data engineer if"
    assert any(g["title"].startswith("You might need") and len(g["roles"]) > 1 for g in groups)
    for g in groups:
        assert all(s["roles"] == g["roles"] for s in g["signals"])
        ans = need_from_signals(rg, [s["id"] for s in g["signals"]])
        assert ans["ranking"][0]["id"] in g["roles"]


def test_not_counted_rows_name_the_deciding_words(rg):
    from rolegraph.need_display import not_counted_rows

    text = "We decided against fine-tuning. Our ML engineers train the models. You build RAG and evals."
    rows = not_counted_rows(need(rg, text))
    kinds = {r["read as"] for r in rows}
    assert kinds == {"ruled out", "another team's work"}
    for r in rows:
        assert r["because of"] and r["because of"].lower() in text.lower()
    assert [r["phrase"] for r in rows] == sorted((r["phrase"] for r in rows), key=text.index)
