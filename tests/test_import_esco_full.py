"""The whole ESCO import (about 5 s) and every query on the merged graph.

Checks the counts ../shared/data/README.md states for ESCO v1.1.1: 189 short
rows in the skills hierarchy and 67 relation rows naming an occupation that
occupations_en.csv lacks. No timings here: speed is measured by bench/run.py.
"""

from __future__ import annotations

import io
import json

import pyoxigraph as ox
import pytest
import rolegraph
from conftest import DATA, SHARED
from rolegraph.cli import main
from rolegraph.importers import import_esco

ESCO = SHARED / "data" / "esco-1.1.1"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not ESCO.is_dir(), reason=f"{ESCO} is not here (the shared taxonomy data)")]

DATA_SCIENTIST = "http://data.europa.eu/esco/occupation/258e46f9-0075-4a2e-adae-1ff0477e0f30"
WAREHOUSE_DESIGNER = "http://data.europa.eu/esco/occupation/1562c7a3-c7d9-419d-b9b6-db26610bcf84"
INTELLIGENT_SYSTEMS = "http://data.europa.eu/esco/occupation/35553663-deab-4d9a-bf22-15c1625d28e8"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("esco") / "esco.ttl"
    return out, import_esco(ESCO, out, progress=False)


@pytest.fixture(scope="module")
def merged(imported):
    """Built-in graph plus all of ESCO. Shared: never mutate it."""
    return rolegraph.load([imported[0]], cache=False)


def test_counts_and_quirks_match_the_readme(imported):
    out, res = imported
    assert (res["occupations"], res["skills"], res["skill_groups"], res["isco_groups"]) == (3007, 13896, 640, 619)
    assert res["quirks"]["short rows in skillsHierarchy_en.csv"] == 189
    assert res["quirks"]["occupation-skill relations naming an occupation missing from occupations_en.csv"] == 67
    assert res["relations"] == 123_855 - 67
    store = ox.Store()
    store.load(path=str(out), format=ox.RdfFormat.TURTLE)  # read back by an independent parser
    assert len(store) == res["triples"] > 400_000


def test_occupations_and_skills_join_the_projection(merged, imported):
    s = rolegraph.stats(merged)
    assert s["roles"] == 3007 + len(rolegraph.roles(rolegraph.load())["roles"])
    assert s["skills"] >= 13896 + 640
    assert s["triples"] == len(merged.rdf)  # counted without building rdf, and it agrees
    assert merged.G.nodes[DATA_SCIENTIST]["type"] == "role"
    assert merged.G.nodes[DATA_SCIENTIST]["sources"] == ["https://rolegraph.dev/id/source-esco-1.1.1"]


def test_owner_of_an_esco_skill_lists_occupations_with_level(merged):
    res = rolegraph.owner(merged, "data mining")
    assert res["match"]["type"] == "skill" and res["match"]["id"].startswith("http://data.europa.eu/esco/skill/")
    levels = {o["id"]: o["level"] for o in res["owners"]}
    assert levels[DATA_SCIENTIST] == "essential"
    assert set(levels.values()) == {"essential", "optional"}
    ranks = [o["level"] for o in res["owners"]]
    assert ranks == sorted(ranks, key=["essential", "optional"].index)  # essential first
    assert res["sources"][0]["label"] == "ESCO v1.1.1, European Commission"


def test_owner_of_a_skill_group_gathers_its_narrower_skills(merged):
    group = "http://data.europa.eu/esco/isced-f/0612"  # database and network design and administration
    assert not merged.into(group, "essential")
    owners = rolegraph.owner(merged, group)["owners"]
    assert len(owners) > 10 and {o["level"] for o in owners} <= {"essential", "optional"}


def test_compare_esco_occupations_by_iri_and_label(merged):
    by_iri = rolegraph.compare(merged, DATA_SCIENTIST, WAREHOUSE_DESIGNER)
    assert {x["label"] for x in by_iri["shared"]} >= {"design database scheme", "query languages", "use databases"}
    assert by_iri["a"]["label"] == "data scientist" and by_iri["only_a"] and by_iri["only_b"]
    by_label = rolegraph.compare(merged, "data warehouse designer", "ICT intelligent systems designer")
    assert (by_label["a"]["id"], by_label["b"]["id"]) == (WAREHOUSE_DESIGNER, INTELLIGENT_SYSTEMS)


def test_path_between_esco_occupations(merged):
    res = rolegraph.path(merged, WAREHOUSE_DESIGNER, "ICT intelligent systems designer")
    assert res["hops"][0] == WAREHOUSE_DESIGNER and res["hops"][-1] == INTELLIGENT_SYSTEMS
    have = set(merged.out(WAREHOUSE_DESIGNER, "essential"))
    assert res["learn"] and not {x["id"] for x in res["learn"]} & have
    assert (
        rolegraph.path(merged, "data-engineer", "ml-engineer")["hops"]
        == rolegraph.path(rolegraph.load(), "data-engineer", "ml-engineer")["hops"]
    )


def test_builtin_roles_show_their_esco_match(merged):
    d = rolegraph.describe(merged, "ml-engineer")
    (m,) = d["esco"]["matches"]
    assert m["id"] == INTELLIGENT_SYSTEMS and m["label"] == "ICT intelligent systems designer" and m["match"] == "close"
    ai = {x["id"]: x["match"] for x in rolegraph.describe(merged, "ai-engineer")["esco"]["matches"]}
    assert ai[INTELLIGENT_SYSTEMS] == "related" and "broad" in ai.values()  # the ML and AI engineers are told apart
    assert len(m["essential"]) > 5 and m["optional_count"] >= 0
    assert d["esco"]["article_skills"] and all(not s["id"].startswith("http") for s in d["esco"]["article_skills"])
    assert rolegraph.owner(merged, "ml-engineer")["esco"]["matches"][0]["id"] == INTELLIGENT_SYSTEMS


def test_neighbours_and_need_on_the_merged_graph(merged):
    res = rolegraph.neighbours(merged, DATA_SCIENTIST)
    assert {n["type"] for n in res["nodes"]} >= {"role", "skill"}
    assert {e["relation"] for e in res["edges"]} >= {"essential", "optional"}
    ranking = rolegraph.need(merged, (DATA / "jd" / "13-rag-support-assistant.txt").read_text())["ranking"]
    assert ranking[0]["id"] == "ai-engineer"
    # issue 13: by default only rolegraph's own roles are ranked; taxonomy occupations only when asked, with evidence
    assert {r["id"] for r in ranking} == {"data-engineer", "ml-engineer", "ai-engineer", "data-scientist"}
    wide = rolegraph.need(merged, (DATA / "jd" / "13-rag-support-assistant.txt").read_text(), occupations=True)["ranking"]
    assert wide[0]["id"] == "ai-engineer" and all(r["score"] > 0 for r in wide if r["id"].startswith("http"))


def test_cli_queries_with_data(imported):
    out, err = io.StringIO(), io.StringIO()
    assert main(["--data", str(imported[0]), "owner", "data mining", "--json"], stdout=out, stderr=err) == 0, err.getvalue()
    assert DATA_SCIENTIST in {o["id"] for o in json.loads(out.getvalue())["owners"]}
    out = io.StringIO()
    assert main(["--data", str(imported[0]), "show", "data-engineer"], stdout=out, stderr=io.StringIO()) == 0
    assert "ESCO match: data warehouse designer" in out.getvalue() and "relatedMatch" in out.getvalue()
    assert "ESCO match: data scientist" not in out.getvalue(), "a data engineer is not ESCO's data scientist"
