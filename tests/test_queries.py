"""Queries on the small hand-made graph (exact answers) and on the built-in data (the article's claims)."""

from __future__ import annotations

import networkx as nx
import pytest
import rolegraph
from rolegraph.domain import role_skills
from rolegraph.errors import BadInputError, UnknownNameError

# ---------------------------------------------------------------- small fixture: exact answers


def test_roles_in_spectrum_order(small):
    assert rolegraph.roles(small) == {
        "roles": [
            {"id": "baker", "label": "Baker", "primary_output": "Bread"},
            {"id": "pastry-chef", "label": "Pastry chef", "primary_output": "Pastry"},
        ]
    }


def test_stats_counts_each_class(small):
    s = rolegraph.stats(small)
    assert (s["roles"], s["deliverables"], s["skills"], s["tools"], s["overlap_zones"]) == (2, 2, 4, 1, 1)
    assert s["need_signals"] == s["mis_hires"] == 0
    assert s["triples"] == len(small.rdf)


def test_owner_of_zone_skill_gives_split(small):
    res = rolegraph.owner(small, "proofing")
    assert res["match"] == {"id": "proofing", "label": "Proofing", "type": "skill"}
    assert {o["id"] for o in res["owners"]} == {"baker", "pastry-chef"}
    assert res["zone"]["id"] == "zone-proofing"
    assert [s["role"] for s in res["zone"]["split"]] == ["baker", "pastry-chef"]
    assert res["zone"]["split"][0]["responsibility"] == "Proofs bread dough overnight."


def test_owner_core_skill_outranks_deliverable_skill(small):
    res = rolegraph.owner(small, "kneading")
    assert [{k: o[k] for k in ("id", "label", "level")} for o in res["owners"]] == [{"id": "baker", "label": "Baker", "level": "core"}]
    assert res["zone"] is None


def test_path_learns_prerequisites_first_and_skips_known_skills(small):
    res = rolegraph.path(small, "Baker", "pastry chef")
    assert res["from"]["id"] == "baker" and res["to"]["id"] == "pastry-chef"
    learned = [x["id"] for x in res["learn"]]
    # kneading (a prerequisite of lamination) is already a baker's skill, butter handling is not
    assert learned == ["butter-handling", "lamination"]
    assert [b["id"] for b in res["bridges"]] == ["zone-proofing"]
    assert res["hops"] == ["baker", "zone-proofing", "pastry-chef"]


def test_compare_splits_items(small):
    res = rolegraph.compare(small, "baker", "pastry-chef")
    ids = lambda key: [x["id"] for x in res[key]]  # noqa: E731
    assert ids("shared") == ["proofing"]
    assert ids("only_a") == ["loaf", "kneading"]
    assert ids("only_b") == ["croissant", "lamination"]
    assert [z["id"] for z in res["zones"]] == ["zone-proofing"]
    assert res["distinct"] is True


def test_neighbours_radius_and_type_filter(small):
    res = rolegraph.neighbours(small, "baker", radius=1)
    assert {n["id"] for n in res["nodes"]} == {"baker", "loaf", "kneading", "zone-proofing", "pastry-chef"}
    assert {n["id"]: n["distance"] for n in rolegraph.neighbours(small, "baker", radius=2)["nodes"]}["proofing"] == 2
    only_skills = rolegraph.neighbours(small, "baker", radius=2, types="skill")
    assert {n["type"] for n in only_skills["nodes"][1:]} == {"skill"}
    assert only_skills["nodes"][0]["id"] == "baker"
    limited = rolegraph.neighbours(small, "baker", radius=2, limit=3)
    assert len(limited["nodes"]) == 3 and limited["omitted"] > 0


@pytest.mark.parametrize("radius", [-1, 7, "2", True])
def test_neighbours_rejects_bad_radius(small, radius):
    with pytest.raises(BadInputError, match="radius"):
        rolegraph.neighbours(small, "baker", radius=radius)


def test_neighbours_rejects_unknown_type(small):
    with pytest.raises(BadInputError, match="unknown node type wizard"):
        rolegraph.neighbours(small, "baker", types="skill,wizard")


def test_path_and_compare_need_two_roles(small):
    with pytest.raises(BadInputError, match="same role"):
        rolegraph.path(small, "baker", "BKR")
    with pytest.raises(UnknownNameError) as err:
        rolegraph.path(small, "baker", "croissant batch")  # a deliverable, not a role
    assert err.value.expected == "role"


# ---------------------------------------------------------------- the built-in data


def test_builtin_has_the_article_roles(rg):
    ids = [r["id"] for r in rolegraph.roles(rg)["roles"]]
    assert ids[:3] == ["data-engineer", "ml-engineer", "ai-engineer"]
    assert "data-scientist" in ids
    outputs = {r["id"]: r["primary_output"] for r in rolegraph.roles(rg)["roles"]}
    assert all(outputs[i] for i in ids)


def test_builtin_deliverable_counts_match_article(rg):
    def typical(role):  # the article's "Typical deliverables" lists carry their list position
        return [d for d in rg.out(rg.ids[role], "delivers") if rg.G.nodes[d]["order"] is not None]

    counts = {r: len(typical(r)) for r in ("data-engineer", "ml-engineer", "ai-engineer")}
    assert counts == {"data-engineer": 5, "ml-engineer": 6, "ai-engineer": 5}
    for role in counts:
        for d in typical(role):
            assert "src-" + role in {rg.sources[s]["id"] for s in rg.G.nodes[d]["sources"]}


def test_every_skill_and_deliverable_has_an_owner(rg):
    orphans = [rg.G.nodes[n]["id"] for n in rg.of_type("skill") + rg.of_type("deliverable") if not rolegraph.owner(rg, n)["owners"]]
    assert orphans == []


def test_rag_pipeline_design_is_owned_by_ai_engineer(rg):
    res = rolegraph.owner(rg, "RAG pipeline design")
    assert res["owners"][0]["id"] == "ai-engineer"
    assert res["owners"][0]["level"] == "primary"
    assert any(not s["curated"] for s in res["sources"])


def test_feature_engineering_is_shared_by_data_and_ml_engineers(rg):
    res = rolegraph.owner(rg, "feature engineering")
    assert res["zone"]["id"] == "zone-feature-engineering"
    assert set(res["zone"]["roles"]) == {"data-engineer", "ml-engineer"}
    assert {o["id"] for o in res["owners"]} >= {"data-engineer", "ml-engineer"}
    assert all(side["responsibility"] for side in res["zone"]["split"])


def test_inference_serving_split_names_each_side(rg):
    res = rolegraph.owner(rg, "zone-inference-serving")
    split = {s["role"]: s for s in res["zone"]["split"]}
    assert set(split) == {"ml-engineer", "ai-engineer"}
    ml_covers = {c["label"].casefold() for c in split["ml-engineer"]["covers"]}
    assert any("gpu" in c for c in ml_covers) and any("model server" in c for c in ml_covers)


def test_path_data_engineer_to_ml_engineer_crosses_feature_engineering(rg):
    res = rolegraph.path(rg, "data engineer", "MLE")
    assert "zone-feature-engineering" in [b["id"] for b in res["bridges"]]
    assert "zone-feature-engineering" in res["hops"]
    learned = [x["id"] for x in res["learn"]]
    assert "feature-engineering" not in learned, "the data engineer's side of the feature engineering zone is feature engineering"
    have = role_skills(rg, rg.ids["data-engineer"])
    assert not {rg.ids[i] for i in learned} & have, "path must not teach what the start role already has"


def test_path_learn_order_respects_every_prerequisite(rg):
    for a, b in [
        ("data-engineer", "ml-engineer"),
        ("data-engineer", "ai-engineer"),
        ("ai-engineer", "ml-engineer"),
        ("ml-engineer", "data-engineer"),
    ]:
        order = [rg.ids[x["id"]] for x in rolegraph.path(rg, a, b)["learn"]]
        pos = {n: i for i, n in enumerate(order)}
        for u, v, k in rg.G.edges(keys=True):
            if k == "prerequisiteOf" and u in pos and v in pos:
                assert pos[u] < pos[v], f"{a}->{b}: {u} must come before {v}"


def test_prerequisites_are_acyclic(rg):
    prereq = nx.DiGraph([(u, v) for u, v, k in rg.G.edges(keys=True) if k == "prerequisiteOf"])
    assert nx.is_directed_acyclic_graph(prereq)


def test_compare_ml_and_ai_engineer_share_inference_serving(rg):
    res = rolegraph.compare(rg, "ml-engineer", "ai-engineer")
    assert [z["id"] for z in res["zones"]] == ["zone-fine-tuning", "zone-inference-serving", "zone-production-monitoring"]
    only_ai = {x["label"] for x in res["only_b"]}
    assert "RAG pipeline design and implementation" in only_ai


def test_what_roles_are_not(rg):
    ai_not = {rg.G.nodes[n]["id"] for n in rg.out(rg.ids["ai-engineer"], "notResponsibleFor")}
    assert ai_not, "the article says what an AI engineer is not"
    de = rg.ids["data-engineer"]
    assert rg.ids["data-scientist"] in rg.out(de, "distinctFrom") or de in rg.out(rg.ids["data-scientist"], "distinctFrom")


def test_every_node_has_a_source(rg):
    missing = [d["id"] for _, d in rg.G.nodes(data=True) if not d["sources"]]
    assert missing == []


def test_describe_gives_definition_sources_and_esco_match(rg):
    res = rolegraph.describe(rg, "ml engineer")
    assert res["match"]["id"] == "ml-engineer"
    assert res["definition"]
    assert any(m.startswith("http://data.europa.eu/esco/occupation/") for m in res["matches"])
    assert "delivers" in res["out"]


def test_path_treats_prerequisites_of_known_skills_as_known(rg):
    prereq = nx.DiGraph([(u, v) for u, v, k in rg.G.edges(keys=True) if k == "prerequisiteOf"])
    for a, b in [("data-engineer", "ml-engineer"), ("ml-engineer", "ai-engineer"), ("ai-engineer", "data-engineer")]:
        have = role_skills(rg, rg.ids[a])
        implied = set().union(*(nx.ancestors(prereq, s) for s in have if s in prereq))
        learned = {rg.ids[x["id"]] for x in rolegraph.path(rg, a, b)["learn"]}
        assert not learned & implied, f"{a}->{b} teaches prerequisites of skills {a} already has"


def test_owner_says_who_is_not_responsible(rg):
    res = rolegraph.owner(rg, "chatbot UI")
    assert "ml-engineer" in [r["id"] for r in res["not_responsible"]]


def test_tool_goes_with_the_work_not_with_zone_neighbours(rg):
    # LLM API integration sits on the AI engineer's side of inference serving; the ML engineer
    # shares the zone but does not do that work, so does not "use" the OpenAI API through it.
    assert [o["id"] for o in rolegraph.owner(rg, "OpenAI API")["owners"]] == ["ai-engineer"]
    assert "ml-engineer" in {o["id"] for o in rolegraph.owner(rg, "LLM API integration")["owners"]}


# ---------------------------------------------------------------- one domain model: a role's part has one definition


@pytest.mark.parametrize("role", ["data-engineer", "ml-engineer", "ai-engineer", "data-scientist"])
def test_the_explorers_role_filter_and_export_role_keep_the_same_nodes(rg, role):
    from rolegraph import view
    from rolegraph.subgraph import select

    iri = rg.ids[role]
    assert set(view.role_scope(rg, iri)) == set(select(rg, roles=[role]).nodes)


def test_the_domain_model_covers_every_kind_and_relation_the_projection_makes(rg):
    from rolegraph.domain import KIND_STYLES, LEVEL_RANK, LEVELS, NODE_TYPES, RELATION_TEXT

    assert {d["type"] for _, d in rg.G.nodes(data=True)} <= set(NODE_TYPES) == set(KIND_STYLES)
    assert {k for _, _, k in rg.G.edges(keys=True)} <= set(RELATION_TEXT)
    assert set(LEVELS) == set(LEVEL_RANK)
    levels = {o["level"] for n in rg.G for o in rolegraph.owner(rg, n)["owners"]}
    assert levels <= set(LEVELS)


# ---------------------------------------------------------------- every limit the README lists is read where it bounds


def _readme_limits() -> list[str]:
    import re

    from conftest import ROOT

    text = (ROOT / "README.md").read_text()
    table = text[text.index("| variable | default | what it bounds |") :].split("\n\n")[0]
    return re.findall(r"^\| `(ROLEGRAPH_\w+)` \|", table, re.M)


def _trip(variable: str, tmp_path, rg):
    """Do the one thing ``variable`` bounds, with the bound set below it; the error must name the variable."""
    from rolegraph.need import need
    from rolegraph.session import check_upload

    ttl = tmp_path / "x.ttl"
    ttl.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b [ ex:c [ ex:d [ ex:e ex:h ] ] ] , ex:f , ex:g .\n")
    if variable in ("ROLEGRAPH_MAX_FILE_BYTES", "ROLEGRAPH_MAX_TRIPLES_PER_FILE", "ROLEGRAPH_MAX_NESTING"):
        rolegraph.load([ttl], builtin=False, cache=False)
    elif variable == "ROLEGRAPH_MAX_TEXT_CHARS":
        need(rg, "data pipelines and dbt models " * 3)
    elif variable == "ROLEGRAPH_MAX_NAME_CHARS":
        rolegraph.owner(rg, "feature engineering")
    elif variable == "ROLEGRAPH_MAX_UPLOAD_BYTES":
        check_upload("x.ttl", 50)
    elif variable == "ROLEGRAPH_MAX_PATH_NODES":
        from rolegraph.questions.path import walk_balls

        # a graph without end: every step finds new nodes
        walk_balls("urn:a", "urn:b", lambda frontier: [(n, f"{n}/{i}", 2) for n in frontier for i in range(3)])
    elif variable == "ROLEGRAPH_TIMEOUT":
        from rolegraph.endpoint import timeout_from

        timeout_from()
    elif variable == "ROLEGRAPH_MAX_PREFIXES":
        many = tmp_path / "prefixes.ttl"
        many.write_text("".join(f"@prefix p{i}: <http://example.org/{i}/> .\n" for i in range(5)) + "p1:a p2:b p3:c .\n")
        rolegraph.load([many], builtin=False, cache=False)
    elif variable == "ROLEGRAPH_MAX_QUERY_CHARS":
        from rolegraph.sparql import check

        check("ASK { ?s ?p ?o }")
    elif variable in ("ROLEGRAPH_MAX_RESULT_ROWS", "ROLEGRAPH_QUERY_TIMEOUT_S", "ROLEGRAPH_QUERY_MEMORY_BYTES"):
        from rolegraph.sparql_run import run_memory

        run_memory(rg.rdf, "SELECT * WHERE { ?s ?p ?o }")
    else:
        raise AssertionError(f"no test trips {variable}")


#: the app's session budget is tripped by its own tests (tests/test_hostile_budget.py)
_ELSEWHERE = {"ROLEGRAPH_MAX_SESSION_BYTES", "ROLEGRAPH_SESSION_IDLE_S"}


@pytest.mark.parametrize("variable", [v for v in _readme_limits() if v not in _ELSEWHERE])
def test_every_limit_the_readme_lists_is_read(variable, tmp_path, rg, monkeypatch):
    assert len(_readme_limits()) >= 8
    monkeypatch.setenv(variable, "x")  # not a number: whoever reads the variable says so
    with pytest.raises(rolegraph.RolegraphError, match=variable):
        _trip(variable, tmp_path, rg)
    monkeypatch.setenv(variable, "2")  # a small bound: the thing it bounds is refused, naming the variable
    # 2 s is a valid time, and 2 bytes leave a forked child no room to answer in (tests/test_hostile_sparql.py trips
    # ROLEGRAPH_QUERY_MEMORY_BYTES at 200 MB); the check above shows each is read
    if variable not in ("ROLEGRAPH_TIMEOUT", "ROLEGRAPH_QUERY_TIMEOUT_S", "ROLEGRAPH_QUERY_MEMORY_BYTES"):
        with pytest.raises(rolegraph.RolegraphError, match=variable):
            _trip(variable, tmp_path, rg)
