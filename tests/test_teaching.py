"""Learning paths in teaching order and zone-aware compare (issue 12, parts 5 and 6)."""

from __future__ import annotations

import itertools

import pytest
import rolegraph
from rolegraph.domain import role_skills

ROLES = ("data-engineer", "ml-engineer", "ai-engineer", "data-scientist")


def learn(rg, a, b) -> list[str]:
    return [x["id"] for x in rolegraph.path(rg, a, b)["learn"]]


@pytest.mark.parametrize("a,b", [(a, b) for a, b in itertools.permutations(ROLES, 2)])
def test_prerequisites_first_and_nothing_the_start_role_has(rg, a, b):
    order = learn(rg, a, b)
    pos = {x: i for i, x in enumerate(order)}
    for u, v, k in rg.G.edges(keys=True):
        if k == "prerequisiteOf" and rg.G.nodes[u]["id"] in pos and rg.G.nodes[v]["id"] in pos:
            assert pos[rg.G.nodes[u]["id"]] < pos[rg.G.nodes[v]["id"]]
    have = {rg.G.nodes[s]["id"] for s in role_skills(rg, rg.ids[a])}
    assert not set(order) & have


def test_data_engineer_to_ml_engineer_teaches_foundations_first(rg):
    order = learn(rg, "data-engineer", "ml-engineer")
    pos = order.index
    assert pos("ml-fundamentals") < pos("model-training") < pos("distributed-training")
    assert pos("model-training") < pos("gpu-performance")
    assert pos("model-serving") < pos("inference-optimisation")
    assert "feature-engineering" not in order, "the data engineer's side of the feature engineering zone is feature engineering"


def test_order_within_a_level_is_not_alphabetical(rg):
    """ML fundamentals (a foundation) comes before deep learning and data labelling, which sort before it by name."""
    order = learn(rg, "data-engineer", "ml-engineer")
    labels = [rg.G.nodes[rg.ids[x]]["label"] for x in order]
    assert labels != sorted(labels, key=str.casefold)
    assert order.index("ml-fundamentals") < order.index("deep-learning")
    assert order.index("ml-fundamentals") < order.index("data-labelling")


def test_a_data_scientist_is_not_taught_what_they_know(rg):
    for goal in ("ml-engineer", "ai-engineer"):
        order = learn(rg, "data-scientist", goal)
        assert not {"model-training", "statistics", "ml-fundamentals", "python-programming", "sql-querying"} & set(order)


def test_an_ml_engineer_who_fine_tunes_knows_llm_fundamentals(rg):
    assert "llm-fundamentals" not in learn(rg, "ml-engineer", "ai-engineer")
    assert learn(rg, "ml-engineer", "ai-engineer")[-1] == "knowledge-graphs", "a specialisation comes last"


def _shared(res) -> dict[str, dict]:
    return {x["id"]: x for x in res["shared"]}


def test_compare_counts_inference_serving_as_shared(rg):
    res = rolegraph.compare(rg, "ml-engineer", "ai-engineer")
    shared = _shared(res)
    for item in ("model-serving-infrastructure", "llm-product-features", "model-serving", "llm-api-integration"):
        assert shared[item]["zone"] == "zone-inference-serving"
        assert set(shared[item]["sides"]) == {"ml-engineer", "ai-engineer"}
        assert all(shared[item]["sides"].values())
    assert shared["fine-tuning"]["zone"] == "zone-fine-tuning"
    only = {x["id"] for x in res["only_a"] + res["only_b"]}
    assert not only & set(shared)


def test_compare_counts_ingestion_for_ai_as_shared(rg):
    res = rolegraph.compare(rg, "data-engineer", "ai-engineer")
    shared = _shared(res)
    for item in ("ingestion-pipelines", "data-ingestion"):
        assert shared[item]["zone"] == "zone-data-pipelines-for-ai", item
        assert "small teams" in shared[item]["sides"]["ai-engineer"]
    assert "ingestion-pipelines" not in {x["id"] for x in res["only_a"]}


def test_cloud_infrastructure_is_not_one_sided(rg):
    for a, b in itertools.combinations(("data-engineer", "ml-engineer", "ai-engineer"), 2):
        assert "cloud-infrastructure" in _shared(rolegraph.compare(rg, a, b)), f"{a} and {b}"


@pytest.mark.parametrize(
    "query,node",
    [
        ("Terraform", "terraform"),
        ("CI/CD", "ci-cd"),
        ("Docker", "docker"),
        ("data governance", "security-privacy-governance"),
        ("Tableau", "bi-tools"),
        ("pandas", "pandas"),
        ("Jupyter", "notebooks"),
        ("Scala", "scala"),
        ("Golang", "go"),
        ("data labelling", "data-labelling"),
        ("recommender systems", "recommender-systems"),
        ("knowledge graph", "knowledge-graphs"),
        ("feature store", "feature-stores"),
        ("A/B testing", "experimentation"),
    ],
)
def test_curated_coverage_has_an_owner(rg, query, node):
    res = rolegraph.owner(rg, query)
    assert res["match"]["id"] == node
    assert res["owners"], f"{query}: no role owns {node}"
    assert rg.G.nodes[rg.ids[node]]["curated"]


def test_containers_and_infrastructure_as_code_for_all_three(rg):
    for skill in ("containers-kubernetes", "infrastructure-as-code", "ci-cd"):
        owners = {o["id"] for o in rolegraph.owner(rg, skill)["owners"]}
        assert {"data-engineer", "ml-engineer", "ai-engineer"} <= owners, skill


def test_observability_offers_both_kinds(rg):
    res = rolegraph.owner(rg, "observability")
    found = {res["match"]["id"], *(a["id"] for a in res["alternatives"])}
    assert {"data-observability", "llm-observability"} <= found


def test_ai_monitoring_beside_model_monitoring(rg):
    zone = rolegraph.owner(rg, "model monitoring")["zone"]
    sides = {s["role"]: [c["id"] for c in s["covers"]] for s in zone["split"]}
    assert "model-monitoring" in sides["ml-engineer"] and "llm-observability" in sides["ai-engineer"]
    ai = next(s for s in zone["split"] if s["role"] == "ai-engineer")
    assert "AI product reliability and monitoring" in ai["responsibility"]
