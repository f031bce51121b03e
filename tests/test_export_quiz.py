"""The quiz is worth taking: plausible wrong options from the graph, varied kinds and option sets, every answer
explained and cited; the Anki deck carries the same (read back with sqlite3)."""

from __future__ import annotations

import collections
import io
import sqlite3
import zipfile

import pytest
from lxml import html as lxml_html
from markdown_it import MarkdownIt
from rolegraph.export import export_files
from rolegraph.exporters.material import a_role
from rolegraph.exporters.quiz import LETTERS, questions
from rolegraph.subgraph import select

SELECTIONS = [{}, {"roles": ["ml-engineer"]}, {"roles": ["data-engineer", "ai-engineer"]}, {"zone": "inference serving"}]
IDS = ["all", "ml", "de-ai", "zone"]


@pytest.fixture(scope="module", params=SELECTIONS, ids=IDS)
def quiz(request, rg):
    return questions(rg, select(rg, **request.param))


def test_at_most_half_the_questions_share_one_option_set(quiz):
    sets = collections.Counter(frozenset(q["options"]) for q in quiz)
    assert len(quiz) >= 20
    assert 2 * sets.most_common(1)[0][1] <= len(quiz)


def test_no_kind_dominates(quiz):
    kinds = collections.Counter(q["kind"] for q in quiz)
    assert len(kinds) >= 7
    assert max(kinds.values()) * 4 <= len(quiz) + 3  # a quarter, give or take rounding
    top_two = sum(n for _, n in kinds.most_common(2))
    assert top_two * 2 <= len(quiz)


def test_every_answer_is_explained_and_cited(quiz):
    for q in quiz:
        assert len(q["options"]) == len(set(q["options"])) == 4
        assert q["explanation"].strip() and q["cite"], q["id"]
        assert "{answer}" not in q["explanation"]


def labels(rg, iris):
    return {rg.G.nodes[n]["label"] for n in iris}


def test_wrong_options_are_plausible_and_really_wrong(rg, quiz):
    roles = {rg.G.nodes[r]["label"]: r for r in rg.of_type("role")}
    checked = collections.Counter()
    for q in quiz:
        answer = q["options"][q["answer"]]
        wrong = [o for i, o in enumerate(q["options"]) if i != q["answer"]]
        if q["kind"] in ("deliverable", "core-skill"):
            role = next(r for label, r in roles.items() if f" {a_role(label)} " in q["prompt"].replace("?", " "))
            rel = "delivers" if q["kind"] == "deliverable" else "hasCoreSkill"
            own = labels(rg, rg.out(role, rel))
            others = labels(rg, [n for r in roles.values() if r != role for n in rg.out(r, rel)])
            assert answer in own and all(w in others and w not in own for w in wrong), q
            checked[q["kind"]] += 1
        elif q["kind"] == "tool":
            item = q["prompt"].split("“", 1)[1].rsplit("”", 1)[0]
            node = next(n for n in rg.G if rg.G.nodes[n]["label"] == item and rg.G.nodes[n]["type"] in ("deliverable", "skill"))
            used = labels(rg, rg.out(node, "usesTool"))
            tools = labels(rg, rg.of_type("tool"))
            assert answer in used and all(w in tools and w not in used for w in wrong), q
            checked["tool"] += 1
        elif q["kind"] in ("owner", "need", "zone", "mis-hire"):
            for role in roles:  # no option stands out by naming, or leaving out, one role
                in_wrong = sum(role in w.split(" and ") or role in w.split(", ") for w in wrong)
                in_answer = role in answer
                assert not (not in_answer and in_wrong == 3) or len(answer.split(" and ")) == 1, q
    assert checked


def test_anki_carries_the_same_questions_explanations_and_sources(rg, tmp_path):
    qs = questions(rg, select(rg, roles=["ml-engineer"]))
    with zipfile.ZipFile(io.BytesIO(export_files(rg, "anki", roles=["ml-engineer"])[""])) as z:
        (tmp_path / "c.anki2").write_bytes(z.read("collection.anki2"))
    con = sqlite3.connect(tmp_path / "c.anki2")
    try:
        notes = [r[0].split("\x1f") for r in con.execute("select flds from notes order by id")]
        decks = [d["name"] for d in __import__("json").loads(con.execute("select decks from col").fetchone()[0]).values()]
    finally:
        con.close()
    assert len(notes) == len(qs)
    for q, note in zip(qs, notes, strict=True):  # notes are numbered in question order
        question, options, answer, explanation, source = note
        assert lxml_html.fromstring(f"<p>{question}</p>").text_content() == q["prompt"]
        assert [li.text_content() for li in lxml_html.fromstring(options).xpath("//li")] == q["options"]
        assert answer.startswith(LETTERS[q["answer"]] + ".")
        assert lxml_html.fromstring(f"<p>{explanation}</p>").text_content() == q["explanation"]
        assert q["cite"][0]["label"] in lxml_html.fromstring(f"<p>{source}</p>").text_content()
        assert "A.Team" in source
    assert "rolegraph::ML engineer" in decks


def test_quiz_md_renders_with_its_answer_key(rg):
    md = export_files(rg, "quiz-md", roles=["ai-engineer"])[""].decode("utf-8")
    page = lxml_html.fromstring(MarkdownIt("commonmark").render(md))
    qs = questions(rg, select(rg, roles=["ai-engineer"]))
    heads = [h.text_content() for h in page.xpath("//h2")]
    assert heads[0] == f"1. {qs[0]['prompt']}" and heads[-1] == "Answer key"
    assert page.xpath("//h1")[0].text_content() == "Role quiz: AI engineer"
    key = page.xpath("//h2[.='Answer key']/following-sibling::p")
    assert len(key) == len(qs)
    for p, q in zip(key, qs, strict=True):
        text = p.text_content()
        assert f"{LETTERS[q['answer']]} ({q['options'][q['answer']]})" in text and "Source: " in text
