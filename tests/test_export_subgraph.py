"""Which part of the graph an export holds: a role's part, a zone's part, node types."""

from __future__ import annotations

import pytest
from rdflib import DCTERMS, SKOS, URIRef
from rolegraph import BadInputError, UnknownNameError
from rolegraph.namespace import RG
from rolegraph.subgraph import select


def ids(rg, sel) -> set[str]:
    return {rg.G.nodes[n]["id"] for n in sel.nodes}


def test_role_part_holds_what_the_role_does_and_what_points_at_it(rg):
    sel = select(rg, roles=["data-engineer"])
    got = ids(rg, sel)
    de = rg.ids["data-engineer"]
    expected = {"data-engineer"}
    expected |= {rg.G.nodes[n]["id"] for n in rg.out(de, "delivers")}
    expected |= {rg.G.nodes[n]["id"] for n in rg.out(de, "hasCoreSkill")}
    expected |= {rg.G.nodes[z]["id"] for z in rg.into(de, "sharedBy")}
    expected |= {rg.G.nodes[s]["id"] for s in rg.into(de, "indicates")}
    expected |= {rg.G.nodes[c]["id"] for c in rg.into(de, "about")}
    assert expected <= got
    assert "mishire-all-three" in got  # the data engineer is a needed role there
    assert "apache-airflow" in got  # a tool of its orchestration work
    assert "rag-pipelines" not in got  # an AI engineer deliverable
    assert "mishire-ml-for-ai" not in got


def test_zone_part_holds_roles_sides_and_items(rg):
    sel = select(rg, zone="inference serving")
    got = ids(rg, sel)
    assert {"zone-inference-serving", "ml-engineer", "ai-engineer", "model-servers", "prompt-management"} <= got
    assert "data-engineer" not in got
    assert sel.sides == (
        "https://rolegraph.dev/id/side-inference-serving-ai-engineer",
        "https://rolegraph.dev/id/side-inference-serving-ml-engineer",
    )
    side = URIRef(sel.sides[0])
    assert (side, RG.responsibility, None) in sel.rdf
    assert (side, RG.sideRole, URIRef(rg.ids["ai-engineer"])) in sel.rdf


def test_rdf_holds_every_triple_about_the_nodes_and_their_sources(rg):
    sel = select(rg, roles=["ml-engineer"])
    for n in sel.nodes:
        s = URIRef(n)
        assert set(rg.rdf.triples((s, None, None))) <= set(sel.rdf.triples((s, None, None)))
        assert (s, SKOS.prefLabel, None) in sel.rdf
    cited = {o for o in sel.rdf.objects(None, DCTERMS.source)}
    assert cited
    for c in cited:  # each source is described, so the file stands on its own
        assert (c, SKOS.prefLabel, None) in sel.rdf


def test_types_keep_only_those_nodes_and_the_named_role(rg):
    sel = select(rg, roles=["ai-engineer"], types="skill,tools")
    kinds = {rg.G.nodes[n]["type"] for n in sel.nodes}
    assert kinds == {"role", "skill", "tool"}
    assert [rg.G.nodes[r]["id"] for r in sel.roles] == ["ai-engineer"]
    assert sel.types == ("skill", "tool")


def test_no_selection_is_the_whole_graph(rg):
    sel = select(rg)
    assert sel.whole
    assert len(sel.nodes) == rg.G.number_of_nodes()
    assert len(sel.rdf) == len(rg.rdf)


def test_roles_are_united(rg):
    a, b = select(rg, roles=["data-engineer"]), select(rg, roles=["ai-engineer"])
    both = select(rg, roles=["data-engineer", "AIE"])
    assert set(both.nodes) == set(a.nodes) | set(b.nodes)
    assert both.title(rg) == "Data engineer, AI engineer"


def test_unknown_names_and_types_are_refused(rg):
    with pytest.raises(UnknownNameError) as exc:
        select(rg, roles=["quantum plumber"])
    assert "role" in str(exc.value)
    with pytest.raises(UnknownNameError):
        select(rg, zone="data-engineer")  # a role is not a zone
    with pytest.raises(BadInputError, match="unknown node type"):
        select(rg, types="gizmo")


def test_an_explicit_node_set_is_exported_as_is(rg):
    view = [rg.ids["ml-engineer"], rg.ids["model-serving"], rg.ids["zone-inference-serving"]]
    sel = select(rg, nodes=view)
    assert set(sel.nodes) == set(view) and not sel.whole and sel.title(rg) == "ML engineer"
    assert len(sel.sides) == 2  # the zone brings its sides into the RDF
    with pytest.raises(BadInputError, match="not in the graph"):
        select(rg, nodes=["https://example.org/nothing"])


@pytest.mark.parametrize(
    ("view", "title"),
    [
        ({"focus": "ml-engineer"}, "ML engineer"),
        ({"focus": "zone-inference-serving"}, "Inference serving overlap"),
        ({"roles": ("data-engineer",)}, "Data engineer"),
        ({"types": ("skill",)}, "{skills} skills"),
        ({}, "All roles"),
    ],
)
def test_an_explorer_view_is_titled_by_what_it_shows(rg, view, title):
    from rolegraph import view as gv
    from rolegraph.explorer.state import View  # the explorer's URL state (plain Python, no streamlit)

    nodes = gv.select(rg, View(**view))["nodes"]
    assert select(rg, nodes=nodes).title(rg) == title.format(skills=len(rg.of_type("skill")))
    assert select(rg, zone="inference serving").title(rg) == "Inference serving overlap"
