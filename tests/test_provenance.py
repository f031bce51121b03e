"""Statement-level provenance (issue 12): each built-in statement sits in the named graph of its source.

Covers the kinds of finding the article audit made: hedges kept exactly, statements
citing their own section (a curated synonym of an article node cites curated), the
over-reaches moved to curated, and what the answers cite.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import rolegraph
from rdflib import DCTERMS, RDF, SKOS
from rolegraph.export import export
from rolegraph.load import builtin_files, load_rdf
from rolegraph.namespace import RG, RGI
from rolegraph.provenance import CURATED, in_graph, label_sources, quads, sources_of

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "seed" / "role-article.txt"
if not ARTICLE.is_file():  # a checkout beside ../shared, or the shared folder of the workspace
    ARTICLE = Path("/work/shared/seed/role-article.txt")

#: Words that state how often or how surely something holds: an article statement may use one only where its section does.
HEDGES = {
    "often",
    "usually",
    "typically",
    "typical",
    "frequently",
    "always",
    "never",
    "rarely",
    "rare",
    "seldom",
    "sometimes",
    "generally",
    "normally",
    "commonly",
    "mostly",
    "tend",
    "tends",
    "likely",
    "unlikely",
    "unusual",
    "certainly",
    "definitely",
    "invariably",
    "occasionally",
    "most",
    "best",
    "highest",
}


def _id(iri) -> str:
    return str(iri).rsplit("/", 1)[-1]


@pytest.fixture(scope="module")
def rdf():
    return load_rdf()


@pytest.fixture(scope="module")
def section_words(rdf) -> dict[str, set[str]]:
    """Each article section's words, the section running from its heading to the next one."""
    lines = ARTICLE.read_text(encoding="utf-8").splitlines()
    anchors = {str(s): str(a) for s, a in rdf.subject_objects(RG.anchorText)}
    starts = sorted((next(i for i, line in enumerate(lines) if line.strip() == a), s) for s, a in anchors.items())
    assert len(starts) == len(anchors) >= 18
    words = {}
    for k, (i, s) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        words[s] = set(re.findall(r"[a-z]+", " ".join(lines[i:end]).lower()))
    return words


def test_no_article_literal_uses_a_hedge_its_section_does_not(rdf, section_words):
    by_statement: dict = {}
    for s, p, o, name in quads(rdf):
        if isinstance(o, rdflib.Literal) and name in section_words:
            by_statement.setdefault((s, p, o), set()).add(name)
    assert len(by_statement) > 150, "the article's sections hold the labels, definitions and notes taken from them"
    bad = []
    for (s, p, o), names in sorted(by_statement.items()):
        used = set(re.findall(r"[a-z]+", str(o).lower())) & HEDGES
        allowed = set().union(*(section_words[n] for n in names))
        if used - allowed:
            bad.append(f"{_id(s)} {_id(p)}: {sorted(used - allowed)} not in {sorted(map(_id, names))}: {o}")
    assert bad == []


@pytest.mark.parametrize(
    "node,predicate,text",
    [
        ("claim-often-different-people", SKOS.prefLabel, "Often different people"),
        ("claim-pay-ml-engineers-highest", SKOS.prefLabel, "typically"),
        ("claim-pay-ml-engineers-highest", SKOS.prefLabel, "significant"),
        ("claim-span-data-and-ml", SKOS.prefLabel, "frequently overlap"),
        ("zone-inference-serving", RG.scaleNote, "one person often does both"),
        ("zone-data-pipelines-for-ai", RG.scaleNote, "Small teams often have AI engineers build their own data ingestion"),
        ("claim-junior-feature-senior-system", SKOS.definition, "whether it is working"),
        ("claim-junior-feature-senior-system", SKOS.definition, "shapes the system"),
        ("data-engineer", SKOS.definition, "at the right granularity, with the right latency"),
        ("ml-engineer", SKOS.definition, "pipelines that connect data to model to inference"),
        ("need-mle-fine-tuning-workloads", SKOS.prefLabel, "Significant fine-tuning"),
    ],
)
def test_the_audits_distortions_are_fixed(rg, node, predicate, text):
    d = rg.G.nodes[rg.ids[node]]
    value = {SKOS.prefLabel: d["label"], SKOS.definition: d["definition"], RG.scaleNote: d["scale_note"]}[predicate]
    assert text in value
    assert not any(rg.sources[s]["curated"] for s in sources_of(rg, rg.ids[node], predicate, value)), "the article's words cite the article"


def test_every_builtin_statement_sits_in_a_declared_source(rdf):
    declared = {str(s) for c in (RG.SourceSection, RG.Curation) for s in rdf.subjects(RDF.type, c)}
    store = rdf.store._inner
    graphs = {g.value for g in store.named_graphs()}
    assert graphs <= declared and CURATED in graphs and len(graphs) >= 15
    data = [f for f in builtin_files() if f.parent.name == "data"]
    assert data and all(f.suffix == ".trig" or f.name == "jd-vocabulary.ttl" for f in data)
    for f in data:
        text = f.read_bytes()
        parsed = ox.parse(in_graph(text, CURATED) if f.suffix == ".ttl" else text, ox.RdfFormat.TRIG)
        stray = [q for q in parsed if not isinstance(q.graph_name, ox.NamedNode)]
        assert stray == [], f"{f.name}: statements outside a source's graph: {stray[:3]}"


def test_graph_query_asks_where_a_statement_comes_from(rg):
    q = """SELECT ?source WHERE { GRAPH ?source { ?role skos:altLabel "MLE"@en } }"""
    rows = {str(r[0]) for r in rg.rdf.query(q, initNs={"skos": SKOS})}
    assert rows == {CURATED}
    q = """SELECT ?source WHERE { GRAPH ?source { rgi:ml-engineer rg:delivers rgi:fine-tuning-pipelines } }"""
    rows = {_id(r[0]) for r in rg.rdf.query(q, initNs={"rg": RG, "rgi": RGI})}
    assert rows == {"src-ml-engineer"}


def test_flattened_graph_states_each_subjects_sources(rg):
    ml = rdflib.URIRef(rg.ids["ml-engineer"])
    cited = {_id(o) for o in rg.rdf.objects(ml, DCTERMS.source)}
    assert {"src-ml-engineer", "curated", "src-key-takeaways"} <= cited
    assert {_id(s) for s in rg.G.nodes[rg.ids["ml-engineer"]]["sources"]} == cited


def test_job_ad_vocabulary_is_curated(rg):
    for s, _, o, name in quads(rg.rdf, None, SKOS.hiddenLabel, None):
        assert name == CURATED, f"{_id(s)} hiddenLabel {o} sits in {name}"


@pytest.mark.parametrize(
    "node,section",
    [
        ("agent-systems", "src-agent-enabled-teams"),
        ("agent-tooling", "src-agent-enabled-teams"),
        ("model-monitoring", "src-ml-engineer"),
        ("predictive-models", "src-what-is-an-ai-engineer"),
        ("statistical-analysis", "src-what-is-an-ai-engineer"),
        ("api-development", "src-data-engineer"),
    ],
)
def test_over_reaches_no_longer_cite_the_section(rg, node, section):
    assert section not in {rg.sources[s]["id"] for s in rg.G.nodes[rg.ids[node]]["sources"]}


def test_over_reaches_are_curated(rg):
    for signal in rg.of_type("need_signal"):
        for alt in rg.G.nodes[signal]["alt"]:
            assert label_sources(rg, signal, alt) == [CURATED], f"job-ad wording {alt!r} of {rg.G.nodes[signal]['id']}"
    for info in rg.zones.values():
        for side in info["split"]:
            for item in side["covers"]:
                if rg.G.nodes[item]["curated"]:  # a curated-only node (Feast, vector databases) is on a side by our say
                    assert side["covers_sources"][item] == [CURATED]
    ds = rg.G.nodes[rg.ids["data-scientist"]]
    assert "AI engineer asked" not in ds["definition"]
    assert not any("truly need" in a for a in rg.G.nodes[rg.ids["mishire-all-three"]]["advice"])
    assert rg.G.get_edge_data(rg.ids["data-scientist"], rg.ids["predictive-models"], key="delivers")["sources"] == [CURATED]


def test_curated_synonyms_of_article_nodes_cite_curated(rg):
    for name, alt in [
        ("ml-engineer", "MLE"),
        ("fine-tuning", "LoRA"),
        ("data-quality-testing", "data contracts"),
        ("model-training", "distillation"),
    ]:
        n = rg.ids[name]
        assert label_sources(rg, n, alt) == [CURATED]
        assert not rg.G.nodes[n]["curated"], f"{name} is an article node"
        assert sources_of(rg, n, SKOS.altLabel, alt) == [CURATED]


def test_show_cites_each_relation_and_synonym(rg):
    res = rolegraph.describe(rg, "ml-engineer")
    syn = {s["label"]: [x["id"] for x in s["sources"]] for s in res["synonyms"]}
    assert syn["MLE"] == ["curated"]
    delivers = {x["id"]: [s["id"] for s in x["sources"]] for x in res["out"]["delivers"]}
    assert delivers["fine-tuning-pipelines"] == ["src-ml-engineer"]
    assert delivers["distributed-training-job"] == ["src-ai-engineer"]
    core = {x["id"]: [s["id"] for s in x["sources"]] for x in res["out"]["hasCoreSkill"]}
    assert {s for cited in core.values() for s in cited} == {"curated"}


def test_owner_cites_the_edges_behind_each_owner(rg):
    res = rolegraph.owner(rg, "fine-tuning")
    owners = {o["id"]: o for o in res["owners"]}
    assert set(owners) == {"ml-engineer", "ai-engineer"}, "AI engineers use fine-tuning; ML engineers build its infrastructure"
    ai = {(e["from"], e["relation"], e["to"]): [s["id"] for s in e["sources"]] for e in owners["ai-engineer"]["edges"]}
    assert ai[("ai-engineer", "sideCovers", "fine-tuning")] == ["src-what-is-an-ai-engineer"]
    ml = {(e["from"], e["relation"], e["to"]): [s["id"] for s in e["sources"]] for e in owners["ml-engineer"]["edges"]}
    assert ml[("ml-engineer", "delivers", "fine-tuning-pipelines")] == ["src-ml-engineer"]
    assert ml[("fine-tuning-pipelines", "needsSkill", "fine-tuning")] == ["curated"]
    split = {s["role"]: s["responsibility"] for s in res["zone"]["split"]}
    assert "significant fine-tuning workloads" in split["ml-engineer"] and "Uses fine-tuning" in split["ai-engineer"]
    for o in res["owners"]:
        assert o["edges"], f"{o['id']} owns fine-tuning through no edge"


def test_need_evidence_cites_the_matched_names_statement(rg):
    res = rolegraph.need(rg, "We sometimes fine-tune with LoRA; mostly we build RAG features and write prompts.")
    assert res["ranking"][0]["id"] == "ai-engineer", "occasional LoRA fine-tuning is not ML engineer work"
    evidence = [e for r in res["ranking"] for e in r["evidence"]]
    lora = [e for e in evidence if e["phrase"] == "LoRA"]
    assert lora and all([s["id"] for s in e["sources"]] == ["curated"] for e in lora)
    signal = rolegraph.need(rg, "We run significant fine-tuning workloads on foundation models.")
    cites = {s["id"] for e in signal["ranking"][0]["evidence"] for s in e["sources"]}
    assert signal["ranking"][0]["id"] == "ml-engineer" and "src-need-ml-engineer" in cites


def test_each_role_matches_its_own_esco_occupation(rg):
    close = {}
    for r in rg.of_type("role"):
        kinds = rg.G.nodes[r].get("match_kinds", {})
        for m, kind in kinds.items():
            if kind == "close":
                assert m not in close, f"{rg.G.nodes[r]['id']} and {close.get(m)} both closely match {m}"
                close[m] = rg.G.nodes[r]["id"]
        if kinds:
            notes = list(rg.rdf.objects(rdflib.URIRef(r), SKOS.editorialNote))
            assert len(notes) >= len(kinds), f"{rg.G.nodes[r]['id']}: a reason for each match"
    de = rg.G.nodes[rg.ids["data-engineer"]]["match_kinds"]
    ds = rg.G.nodes[rg.ids["data-scientist"]]["match_kinds"]
    assert not set(de) & set(ds), "the graph says a data engineer and a data scientist are distinct jobs"


def _store_quads(rg) -> set[tuple[str, str, str, str]]:
    return {(str(s), str(p), o.n3(), name) for s, p, o, name in quads(rg.rdf)}


def test_trig_export_keeps_every_statement_in_its_graph(rg, tmp_path):
    out = tmp_path / "all.trig"
    export(rg, "trig", out)
    read = ox.Store()  # an independent reader: pyoxigraph, where the writer is rdflib's Turtle serializer
    read.load(path=str(out), format=ox.RdfFormat.TRIG)
    named = {
        (
            q.subject.value,
            q.predicate.value,
            rdflib.Literal(q.object.value, lang=q.object.language).n3() if q.object.language else None,
            q.graph_name.value,
        )
        for q in read.quads_for_pattern(None, None, None, None)
        if isinstance(q.graph_name, ox.NamedNode) and isinstance(q.object, ox.Literal) and q.object.language
    }
    want = {t for t in _store_quads(rg) if t[2].endswith("@en")}
    assert {(s, p, o, g) for s, p, o, g in named} == want
    again = rolegraph.load([out], builtin=False)
    assert again.triples == rg.triples, "reading the TriG back flattens to the same graph"
    assert rolegraph.describe(again, "MLE")["synonyms"] == rolegraph.describe(rg, "MLE")["synonyms"]


def test_nquads_export_of_a_role_keeps_graphs(rg, tmp_path):
    out = tmp_path / "ml.nq"
    export(rg, "nq", out, roles=["ml-engineer"])
    ds = rdflib.Dataset()
    ds.parse(out, format="nquads")
    graphs = {str(g) for _, _, _, g in ds.quads((None, None, None, None)) if g is not None}
    assert {CURATED, str(RGI["src-ml-engineer"])} <= graphs
    ml = rdflib.URIRef(rg.ids["ml-engineer"])
    where = {str(g) for _, _, _, g in ds.quads((ml, SKOS.altLabel, rdflib.Literal("MLE", lang="en"), None))}
    assert where == {CURATED}
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)


def test_turtle_export_flattens_with_sources(rg, tmp_path):
    out = tmp_path / "all.ttl"
    export(rg, "ttl", out)
    g = rdflib.Graph().parse(out, format="turtle")
    ml = rdflib.URIRef(rg.ids["ml-engineer"])
    assert (ml, SKOS.altLabel, rdflib.Literal("MLE", lang="en")) in g
    assert {_id(o) for o in g.objects(ml, DCTERMS.source)} >= {"curated", "src-ml-engineer"}


def test_cli_sparql_asks_for_a_statements_graph():
    import io
    import json

    from rolegraph.cli import main

    out, err = io.StringIO(), io.StringIO()
    query = "SELECT ?source WHERE { GRAPH ?source { rgi:ml-engineer rg:delivers rgi:fine-tuning-pipelines } }"
    assert main(["sparql", query, "--json"], stdout=out, stderr=err) == 0, err.getvalue()
    rows = json.loads(out.getvalue())["results"]["bindings"]
    assert [r["source"]["value"] for r in rows] == [str(RGI["src-ml-engineer"])]


def test_a_users_trig_cites_its_own_declared_source(tmp_path):
    from rolegraph.validate import validate

    f = tmp_path / "mine.trig"
    f.write_text(
        "@prefix rg: <https://rolegraph.dev/vocab#> . @prefix rgi: <https://rolegraph.dev/id/> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix ex: <https://example.org/> .\n"
        'ex:handbook a rg:SourceSection ; skos:prefLabel "Our handbook"@en ; rg:anchorText "Roles" ; rg:sectionOrder 1 ;\n'
        "  <http://purl.org/dc/terms/isPartOf> ex:our-handbook .\n"
        "ex:handbook {\n"
        '  rgi:analytics-engineer a rg:Role ; skos:inScheme rgi:roles ; skos:prefLabel "Analytics engineer"@en ;\n'
        '    skos:definition "Turns warehouse data into tested, documented models."@en ;\n'
        "    rg:hasCoreSkill rgi:sql-querying .\n"
        "}\n"
        'rgi:curated { rgi:analytics-engineer skos:altLabel "AE"@en . }\n',
        encoding="utf-8",
    )
    assert validate([f]) == [], "a statement's named graph, declared a source, is its citation"
    rg = rolegraph.load([f])
    ae = rg.ids["analytics-engineer"]
    assert [rg.sources[s]["id"] for s in label_sources(rg, ae, "AE")] == ["curated"]
    assert sources_of(rg, ae, RG.hasCoreSkill, rg.ids["sql-querying"]) == ["https://example.org/handbook"]
    undeclared = tmp_path / "undeclared.trig"
    text = f.read_text(encoding="utf-8").replace("ex:handbook a rg:SourceSection", "ex:handbook a ex:Note")
    undeclared.write_text(text.split("rgi:curated {")[0], encoding="utf-8")
    found = validate([undeclared])
    assert any("dcterms:source" in v["message"] for v in found), "a graph that is no declared source cites nothing"
