"""Names to nodes: ids, IRIs, labels, synonyms, inflections, typos and suggestions."""

from __future__ import annotations

import pytest
from rolegraph.errors import BadInputError, UnknownNameError
from rolegraph.resolve import _content_words, candidates, normalize, plausible, resolve


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ml-engineer", "ml-engineer"),
        ("https://rolegraph.dev/id/ml-engineer", "ml-engineer"),
        ("ML Engineer", "ml-engineer"),
        ("  machine learning engineer ", "ml-engineer"),
        ("MLE", "ml-engineer"),
        ("DATA ENGINEER", "data-engineer"),
        ("data engineers", "data-engineer"),
        ("data engeneer", "data-engineer"),
    ],
)
def test_resolves_roles(rg, text, expected):
    assert resolve(rg, text, types={"role"})["id"] == expected


def test_synonyms_and_abbreviations(rg):
    assert resolve(rg, "RAG")["type"] in {"deliverable", "skill"}
    assert resolve(rg, "k8s")["id"] == "kubernetes"


def test_unknown_name_carries_suggestions(rg):
    with pytest.raises(UnknownNameError) as err:
        resolve(rg, "data enginer manager of things", types={"role"})
    assert err.value.expected == "role"
    assert "names no role exactly; did you mean" in str(err.value)
    assert err.value.suggestions[0]["id"] == "data-engineer"
    with pytest.raises(UnknownNameError) as err:
        resolve(rg, "data plumber", types={"role"})
    assert [s["id"] for s in err.value.suggestions][:2] == ["data-engineer", "data-scientist"]
    assert "did you mean: Data engineer (data-engineer)" in str(err.value)


@pytest.mark.parametrize("text", ["", "   ", "\u200b\u200b", "!!!"])
def test_empty_names_are_refused(rg, text):
    with pytest.raises(BadInputError, match="empty name"):
        resolve(rg, text)


def test_overlong_names_are_refused(rg):
    with pytest.raises(BadInputError, match="at most"):
        resolve(rg, "x" * 5000)


def test_candidates_rank_exact_before_fuzzy(small):
    found = candidates(small, "laminating dough")
    assert found[0]["id"] == "lamination" and found[0]["matched_on"] == "altLabel"


def test_normalize():
    assert normalize("  Data-Engineer\u200b ") == "data engineer"
    assert normalize("C++ / C#") == "c++ c#"


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("observability platform", "data-observability"),  # a word inside labels
        ("AI eng", "ai-engineer"),  # an abbreviation: the start of a word
        ("ml eng", "ml-engineer"),
        ("serving infra", "model-serving-infrastructure"),
        ("analytics engineer", "ai-engineer"),  # a role the graph lacks: the roles it has
        ("data plumber", "general-data-pipelines"),
    ],
)
def test_unknown_names_suggest_the_plausible_nodes(rg, text, first):
    with pytest.raises(UnknownNameError) as err:
        resolve(rg, text)
    found = err.value.suggestions
    assert found[0]["id"] == first and len(found) <= 5
    assert "did you mean" in str(err.value) and "no node matches" not in str(err.value)
    typed = _content_words(normalize(text))
    for s in found:  # every suggestion shares a word, a word's start or a typo'd word with one of its names
        d = rg.G.nodes[rg.ids[s["id"]]]
        assert any(plausible(typed, normalize(n)) for n in (d["label"], d["id"], *d["alt"], *d["hidden"])), s


@pytest.mark.parametrize("text", ["qwzx", "banana", "accounting", "frontend", "quantum baking", "nlp"])
def test_nothing_plausible_says_nothing_matches(rg, text):
    with pytest.raises(UnknownNameError) as err:
        resolve(rg, text)
    assert err.value.suggestions == []
    assert f"no node matches {text!r}" in str(err.value) and "did you mean" not in str(err.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("observability", "data-observability"),
        ("feature store", "feature-stores"),
        ("MLOps", "ml-platform-engineering"),
        ("vector database", "vector-databases"),
        ("LLM ops", "llm-observability"),
        ("fetaure store", "feature-stores"),
        ("observabilty", "data-observability"),
    ],
)
def test_synonyms_and_typos_of_common_terms_resolve(rg, text, expected):
    assert resolve(rg, text)["id"] == expected


def test_plausible_words():
    assert plausible(["eng"], "data engineer") and plausible(["enginere"], "data engineer")  # a start, a swap
    assert plausible(["rag"], "retrieval augmented generation")  # initials
    assert not plausible(["baking"], "job description asking for all three roles")  # two slips in a short word
    assert not plausible(_content_words("where is the"), "scale where specialists beat generalists")  # filler only
