"""Names to nodes: ids, IRIs, labels, synonyms, inflections, typos and suggestions."""

from __future__ import annotations

import pytest
from rolegraph.errors import BadInputError, UnknownNameError
from rolegraph.resolve import candidates, normalize, resolve


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
    assert "no role matches" in str(err.value)
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
