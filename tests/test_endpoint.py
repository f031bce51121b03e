"""The same questions on real SPARQL servers (Oxigraph and Virtuoso) and in memory: the answers must be identical.

Each server (conftest ``oxigraph``, ``virtuoso``; ``sparql_server`` runs a test on each in turn) holds
the built-in graph and the small fixture in two named
graphs; each backend here reads one of them (``default-graph-uri``), or their union.
"""

from __future__ import annotations

import io
import json

import pytest
import rolegraph
from conftest import BUILTIN_GRAPH, DATA, FIXTURE_GRAPH
from rolegraph.backend import EndpointBackend, MemoryBackend, open_backend
from rolegraph.cli import main
from rolegraph.endpoint import Endpoint
from rolegraph.errors import BadInputError, RolegraphError, UnknownNameError
from rolegraph.questions import path as path_question

# (method, args, kwargs): every query, with names given as ids, labels, synonyms and typos
BUILTIN_CASES = [
    ("roles", (), {}),
    ("stats", (), {}),
    ("describe", ("feature engineering",), {}),
    ("describe", ("MLE",), {}),
    ("describe", ("zone-inference-serving",), {}),
    ("describe", ("https://rolegraph.dev/id/data-engineer",), {}),
    ("owner", ("RAG pipeline design",), {}),
    ("owner", ("python",), {}),
    ("owner", ("feature engineering",), {}),
    ("owner", ("feture enginering",), {}),
    ("owner", ("model serving",), {}),
    ("path", ("data-engineer", "ml-engineer"), {}),
    ("path", ("data engineer", "AI engineer"), {}),
    ("path", ("ai-engineer", "data-engineer"), {}),
    ("compare", ("data-engineer", "ml-engineer"), {}),
    ("compare", ("ml engineer", "ai-engineer"), {}),
    ("neighbours", ("ml-engineer",), {"radius": 1}),
    ("neighbours", ("ml-engineer",), {"radius": 2, "types": "skill"}),
    ("neighbours", ("python",), {"radius": 3, "limit": 20}),
    ("neighbours", ("data-engineer",), {"radius": 0}),
    ("need", ("We need someone to build batch ETL pipelines into Snowflake with dbt and Airflow.",), {}),
    ("need", ("Senior AI engineer: ship RAG features on GPT-4, prompt management, evals. No model training.",), {}),
    ("need_from_signals", (["need-aie-rigorous-evaluation", "need-aie-agent-system"],), {}),
    ("signal_checklist", (), {}),
    ("resolve", ("MLE",), {}),
    ("resolve", ("data enginer",), {"types": {"role"}}),
]
JD_FILES = sorted(p.name for p in (DATA / "jd").glob("*.txt"))
FIXTURE_CASES = [
    ("roles", (), {}),
    ("stats", (), {}),
    ("owner", ("proofing",), {}),
    ("owner", ("oven",), {}),
    ("describe", ("BKR",), {}),
    ("path", ("Baker", "pastry chef"), {}),
    ("compare", ("baker", "pastry-chef"), {}),
    ("neighbours", ("baker",), {"radius": 2}),
    ("need", ("Bakery needs kneading and proofing of sourdough loaves, and laminating dough.",), {}),
]
# the same error, with the same message, on both
ERROR_CASES = [
    ("owner", ("zzqx wibble",), {}),
    ("path", ("data plumber", "ml-engineer"), {}),
    ("path", ("data-engineer", "DE"), {}),
    ("compare", ("ml-engineer", "MLE"), {}),
    ("neighbours", ("ml-engineer",), {"radius": 9}),
    ("neighbours", ("ml-engineer",), {"types": "gadgets"}),
    ("need", ("   ",), {}),
    ("describe", ("",), {}),
    ("need_from_signals", (["need-aie-rigorus-evaluation"],), {}),
    ("need_from_signals", ([],), {}),
    # unknown names with plausible nodes: the same "did you mean", from the endpoint's label index
    ("owner", ("observability platform",), {}),
    ("describe", ("serving infra",), {}),
    ("path", ("data eng", "ml eng"), {}),
    ("owner", ("qwzx",), {}),
]


@pytest.fixture(scope="module")
def builtin_pair(rg, sparql_server):
    return MemoryBackend(rg), EndpointBackend(Endpoint(sparql_server["query"], timeout=30, graphs=(BUILTIN_GRAPH,)))


@pytest.fixture(scope="module")
def fixture_pair(small, sparql_server):
    return MemoryBackend(small), EndpointBackend(Endpoint(sparql_server["query"], timeout=30, graphs=(FIXTURE_GRAPH,)))


#: the questions whose input is an option (the text, the ticked signals) rather than a name to resolve
AS_OPTION = {"need": "text", "need_from_signals": "signals"}


def ask(backend, method, args, kwargs):
    if method == "resolve":
        return backend.resolve(*args, **kwargs)
    if method in AS_OPTION:
        return backend.ask(method, **{AS_OPTION[method]: args[0]}, **kwargs)
    return backend.ask(method, *args, **kwargs)


@pytest.mark.endpoint
@pytest.mark.parametrize(("method", "args", "kwargs"), BUILTIN_CASES, ids=[f"{m}-{i}" for i, (m, _, _) in enumerate(BUILTIN_CASES)])
def test_builtin_answers_are_identical(builtin_pair, method, args, kwargs):
    memory, endpoint = builtin_pair
    expected = ask(memory, method, args, kwargs)
    assert ask(endpoint, method, args, kwargs) == expected


@pytest.fixture(scope="module")
def oxigraph_pair(rg, oxigraph):
    return MemoryBackend(rg), EndpointBackend(Endpoint(oxigraph["query"], timeout=30, graphs=(BUILTIN_GRAPH,)))


@pytest.mark.endpoint
@pytest.mark.parametrize("name", [n for n in JD_FILES if n not in JD_FILES[::4]])
def test_need_on_job_descriptions_is_identical(oxigraph_pair, name):
    """The dev postings on Oxigraph (each takes ~2 s there), but for the quarter every engine reads below."""
    _need_is_identical(oxigraph_pair, name)


@pytest.mark.endpoint
@pytest.mark.parametrize("name", JD_FILES[::4])
def test_need_on_a_quarter_of_the_postings_is_identical_on_every_engine(builtin_pair, name):
    """Need on each engine, over every fourth posting (Virtuoso takes ~7 s a posting on the built-in graph)."""
    _need_is_identical(builtin_pair, name)


def _need_is_identical(pair, name: str) -> None:
    memory, endpoint = pair
    text = (DATA / "jd" / name).read_text()
    expected = memory.ask("need", text=text)
    assert expected["ranking"][0]["score"] > 0
    assert endpoint.ask("need", text=text) == expected


@pytest.mark.endpoint
@pytest.mark.parametrize(("method", "args", "kwargs"), FIXTURE_CASES, ids=[f"{m}-{i}" for i, (m, _, _) in enumerate(FIXTURE_CASES)])
def test_fixture_answers_are_identical(fixture_pair, method, args, kwargs):
    memory, endpoint = fixture_pair
    assert ask(endpoint, method, args, kwargs) == ask(memory, method, args, kwargs)


@pytest.mark.endpoint
@pytest.mark.parametrize(("method", "args", "kwargs"), ERROR_CASES, ids=[f"{m}-{i}" for i, (m, _, _) in enumerate(ERROR_CASES)])
def test_errors_are_identical(builtin_pair, method, args, kwargs):
    memory, endpoint = builtin_pair
    with pytest.raises(RolegraphError) as mem_err:
        ask(memory, method, args, kwargs)
    with pytest.raises(RolegraphError) as ep_err:
        ask(endpoint, method, args, kwargs)
    assert (type(ep_err.value), str(ep_err.value)) == (type(mem_err.value), str(mem_err.value))
    assert getattr(ep_err.value, "suggestions", None) == getattr(mem_err.value, "suggestions", None)


@pytest.mark.endpoint
@pytest.mark.parametrize(
    ("method", "args", "first"),
    [
        ("owner", ("observability platform",), "data-observability"),
        ("describe", ("serving infra",), "model-serving-infrastructure"),
        ("path", ("ml eng", "ai-engineer"), "ml-engineer"),
    ],
)
def test_unknown_names_offer_plausible_nodes_on_the_endpoint(builtin_pair, method, args, first):
    _, endpoint = builtin_pair
    with pytest.raises(UnknownNameError) as err:
        endpoint.ask(method, *args)
    assert err.value.suggestions[0]["id"] == first
    assert "did you mean" in str(err.value) and "no node matches" not in str(err.value)


@pytest.mark.endpoint
def test_union_default_graph_holds_both(sparql_server):
    """Both named graphs together answer as in memory with both loaded: on Oxigraph without default-graph-uri
    (its union default graph); Virtuoso's default graph also holds its own system graphs, so there both are named."""
    memory = MemoryBackend(rolegraph.load([DATA / "fixture.ttl"]))
    graphs = () if sparql_server["engine"] == "oxigraph" else (BUILTIN_GRAPH, FIXTURE_GRAPH)
    endpoint = EndpointBackend(Endpoint(sparql_server["query"], timeout=30, graphs=graphs))
    assert endpoint.ask("stats") == memory.ask("stats")
    assert endpoint.ask("roles") == memory.ask("roles")
    assert endpoint.ask("path", "baker", "data-engineer") == memory.ask("path", "baker", "data-engineer")


@pytest.mark.endpoint
def test_endpoint_view_is_a_small_part_of_the_graph(builtin_pair, rg):
    """A query fetches its neighbourhood, never the whole graph."""
    _, endpoint = builtin_pair
    seen = []
    real = endpoint.ep.construct

    def spy(query):
        g = real(query)
        seen.append(len(g))
        return g

    object.__setattr__(endpoint.ep, "construct", spy)
    try:
        endpoint.ask("owner", "RAG pipeline design")
    finally:
        object.__delattr__(endpoint.ep, "construct")
    assert seen and max(seen) < len(rg.rdf) / 3


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.endpoint
@pytest.mark.parametrize(
    "argv",
    [
        ["roles"],
        ["stats"],
        ["owner", "feature store"],
        ["path", "data-engineer", "ai-engineer"],
        ["show", "RAG"],
        ["compare", "data engineer", "MLE"],
        ["compare", "DE", "MLE"],
        ["owner", "observability platform"],
        ["show", "qwzx"],
    ],
)
def test_cli_endpoint_option_gives_the_memory_json(oxigraph, monkeypatch, argv):
    monkeypatch.setenv("ROLEGRAPH_GRAPH", BUILTIN_GRAPH)
    monkeypatch.delenv("ROLEGRAPH_ENDPOINT", raising=False)
    code_m, out_m, err_m = run(*argv, "--json")
    code_e, out_e, err_e = run("--endpoint", oxigraph["query"], *argv, "--json")
    assert (code_e, err_e) == (code_m, err_m)
    assert (json.loads(out_e) if out_e else None) == (json.loads(out_m) if out_m else None)


@pytest.mark.endpoint
def test_environment_variable_selects_the_endpoint(oxigraph, monkeypatch):
    monkeypatch.setenv("ROLEGRAPH_ENDPOINT", oxigraph["query"])
    monkeypatch.setenv("ROLEGRAPH_GRAPH", FIXTURE_GRAPH)
    backend = open_backend()
    assert backend.kind == "endpoint"
    assert [r["id"] for r in backend.ask("roles")["roles"]] == ["baker", "pastry-chef"]
    assert open_backend(endpoint="").kind == "memory"  # "" means memory even with the variable set
    code, out, _ = run("roles", "--json")
    assert code == 0 and [r["id"] for r in json.loads(out)["roles"]] == ["baker", "pastry-chef"]
    code, _, err = run("--data", str(DATA / "fixture.ttl"), "roles")
    assert code == 2 and "rolegraph load" in err


def welder_file(folder):
    """A one-role Turtle file (the role "Test welder") to upload."""
    extra = folder / "extra.ttl"
    extra.write_text(
        "@prefix rg: <https://rolegraph.dev/vocab#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<https://rolegraph.dev/id/test-welder> a rg:Role ; skos:prefLabel "Test welder"@en .\n'
    )
    return extra


@pytest.mark.endpoint
def test_load_command_uploads_through_the_graph_store(oxigraph, tmp_path, monkeypatch):
    monkeypatch.delenv("ROLEGRAPH_ENDPOINT", raising=False)
    extra = welder_file(tmp_path)
    target = "urn:rolegraph:test:load"
    code, out, err = run(
        "--no-builtin", "load", "--endpoint", oxigraph["query"], "--store", oxigraph["store"], "--graph", target, str(extra), "--json"
    )
    assert code == 0, err
    assert json.loads(out) == {
        "store": oxigraph["store"],
        "graph": target,
        "uploaded": 2,
        "in_graph": 2,
        "source_graphs": {},
        "label_index": 1,
    }
    # loading again replaces the graph; --append adds to it; the store URL is guessed from /query
    code, out, err = run("--no-builtin", "--endpoint", oxigraph["query"], "load", "--graph", target, str(extra), "--append", "--json")
    assert code == 0, err and json.loads(out)["in_graph"] == 2
    only = EndpointBackend(Endpoint(oxigraph["query"], graphs=(target,)))
    assert only.ask("roles") == {"roles": [{"id": "test-welder", "label": "Test welder", "primary_output": ""}]}
    Endpoint(oxigraph["query"]).put_graph(oxigraph["store"], target, b"")  # leave the union as it was
    Endpoint(oxigraph["query"]).put_graph(oxigraph["store"], f"{target}#labels", b"")


@pytest.mark.endpoint
def test_load_command_answers_virtuosos_digest_challenge(virtuoso, tmp_path, monkeypatch):
    """Virtuoso's Graph Store (/sparql-graph-crud-auth) asks for HTTP digest authentication: `rolegraph load`
    answers it with ROLEGRAPH_USER/ROLEGRAPH_PASSWORD; a wrong password is a clean 401 error, nothing uploaded."""
    monkeypatch.delenv("ROLEGRAPH_ENDPOINT", raising=False)
    extra = welder_file(tmp_path)
    target = "urn:rolegraph:test:digest"
    argv = ["--no-builtin", "load", "--endpoint", virtuoso["query"], "--store", virtuoso["store"], "--graph", target, str(extra), "--json"]
    monkeypatch.setenv("ROLEGRAPH_USER", "dba")
    monkeypatch.setenv("ROLEGRAPH_PASSWORD", "not-the-password")
    code, out, err = run(*argv)
    assert code == 2 and out == "" and "HTTP 401" in err and "not-the-password" not in err
    assert (
        Endpoint(virtuoso["query"]).select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} }}")[0]["n"].toPython() == 0
    )
    monkeypatch.setenv("ROLEGRAPH_PASSWORD", "dba")
    code, out, err = run(*argv)
    assert code == 0, err
    assert json.loads(out)["in_graph"] == 2
    only = EndpointBackend(Endpoint(virtuoso["query"], graphs=(target,)))
    assert only.ask("roles") == {"roles": [{"id": "test-welder", "label": "Test welder", "primary_output": ""}]}
    assert Endpoint(virtuoso["query"]).ask(f"ASK {{ GRAPH <{target}> {{ ?s ?p ?o }} }}") is True


@pytest.mark.endpoint
def test_a_large_graph_is_uploaded_in_parts_that_replace_then_add(sparql_server, rg, monkeypatch):
    """Over UPLOAD_PART triples go in parts (Virtuoso deadlocks on ESCO in one request): the first part replaces
    the graph, the others add to it, and the graph ends up exactly the upload."""
    import rolegraph.endpoint as endpoint_module
    from rolegraph.load import load_rdf

    monkeypatch.setattr(endpoint_module, "UPLOAD_PART", 500)
    calls = []
    put_part = Endpoint._put_part
    monkeypatch.setattr(Endpoint, "_put_part", lambda self, *a, **k: calls.append(k["replace"]) or put_part(self, *a, **k))
    target = "urn:rolegraph:test:parts"
    sparql_server["load"](load_rdf([DATA / "fixture.ttl"], builtin=False), target)  # something the upload must replace
    g = load_rdf()
    calls.clear()
    sparql_server["load"](g, target)
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} }}"
    assert Endpoint(sparql_server["query"]).select(count)[0]["n"].toPython() == len(g)
    parts = -(-len(g) // 500)
    assert calls[:parts] == [True] + [False] * (parts - 1)  # then each source's graph, small enough for one request
    assert EndpointBackend(Endpoint(sparql_server["query"], graphs=(target,))).ask("roles") == MemoryBackend(rg).ask("roles")


def test_endpoint_backend_refuses_whole_graph_commands():
    backend = EndpointBackend(Endpoint("http://127.0.0.1:9/query"))
    with pytest.raises(RolegraphError, match="whole graph in memory"):
        backend.graph()
    with pytest.raises(BadInputError, match="rolegraph load"):
        open_backend("http://127.0.0.1:9/query", data=["x.ttl"])


@pytest.mark.endpoint
def test_graph_around_holds_the_neighbourhood(builtin_pair):
    memory, endpoint = builtin_pair
    small = endpoint.graph_around("feature store", radius=1)
    ego = memory.ask("neighbours", "feature store", radius=1)
    assert {n["id"] for n in ego["nodes"]} <= {d["id"] for _, d in small.G.nodes(data=True)}
    assert small.G.number_of_nodes() < memory.rg.G.number_of_nodes()
    assert memory.graph_around("feature store") is memory.rg


# ---------------------------------------------------------------- with an ESCO slice (the importer's test slice)

from test_import import DATA_SCIENTIST, WAREHOUSE_DESIGNER, esco_slice  # noqa: E402, F401  (a fixture)


@pytest.fixture(scope="module")
def esco_pair(esco_slice, sparql_server, tmp_path_factory):  # noqa: F811
    from rolegraph.importers import import_esco
    from rolegraph.load import load_rdf

    out = tmp_path_factory.mktemp("esco-rdf") / "esco.ttl"
    import_esco(esco_slice[0], out, progress=False)
    name = "urn:rolegraph:test:esco"
    sparql_server["load"](load_rdf([out], builtin=False), name)
    memory = MemoryBackend(rolegraph.load([out], cache=False))
    return memory, EndpointBackend(Endpoint(sparql_server["query"], timeout=60, graphs=(BUILTIN_GRAPH, name)))


ESCO_CASES = [
    ("stats", (), {}),
    ("roles", (), {}),  # ESCO occupations are roles on both backends
    ("signal_checklist", (), {}),
    ("describe", ("data-engineer",), {}),
    ("describe", (DATA_SCIENTIST,), {}),
    ("owner", ("SQL querying",), {}),
    ("resolve", ("data scientist",), {"types": {"role"}}),
    ("compare", (DATA_SCIENTIST, WAREHOUSE_DESIGNER), {}),
    ("path", (WAREHOUSE_DESIGNER, "data-engineer"), {}),
    ("neighbours", (DATA_SCIENTIST,), {"radius": 1}),
    ("need", ("Data scientist: statistics, machine learning, Python and SQL for data warehouse reporting.",), {}),
]


@pytest.mark.endpoint
@pytest.mark.parametrize(("method", "args", "kwargs"), ESCO_CASES, ids=[f"{m}-{i}" for i, (m, _, _) in enumerate(ESCO_CASES)])
def test_esco_answers_are_identical(esco_pair, method, args, kwargs):
    memory, endpoint = esco_pair
    assert ask(endpoint, method, args, kwargs) == ask(memory, method, args, kwargs)


@pytest.mark.endpoint
def test_endpoint_holds_each_source_graph(oxigraph):
    """`load` uploads every source's named graph: GRAPH ?source finds where a statement comes from."""
    ep = Endpoint(oxigraph["query"], timeout=30)
    source = "?g a ?c . ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>* <https://rolegraph.dev/vocab#Source> ."
    rows = ep.select(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { <https://rolegraph.dev/id/ml-engineer> "
        f'<http://www.w3.org/2004/02/skos/core#altLabel> "MLE"@en }} {source} }}'
    )
    assert [str(r["g"]) for r in rows] == ["https://rolegraph.dev/id/curated"]
    rows = ep.select(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { <https://rolegraph.dev/id/ml-engineer> "
        f"<https://rolegraph.dev/vocab#delivers> <https://rolegraph.dev/id/fine-tuning-pipelines> }} {source} }}"
    )
    assert [str(r["g"]) for r in rows] == ["https://rolegraph.dev/id/src-ml-engineer"]


@pytest.mark.endpoint
def test_endpoint_answers_cite_the_same_statements(builtin_pair):
    memory, remote = builtin_pair
    for name in ("fine-tuning", "feature engineering"):
        assert remote.ask("owner", name)["owners"] == memory.ask("owner", name)["owners"]
    assert remote.ask("describe", "MLE")["synonyms"] == memory.ask("describe", "MLE")["synonyms"]


# ---------------------------------------------------------------- hostile names, bounded search, what a request carries

HOSTILE_NAMES = [
    "100%",
    "SQL[x]",
    "a\x00b",
    "python\x01",
    "<https://rolegraph.dev/id/python>",
    '" } ; DROP ALL ; #',
    "(.*)+$",
    "data-engineer> ?s ?p ?o",
]


class Spy:
    """Records every query an endpoint is sent."""

    def __init__(self, endpoint):
        self.ep, self.sent = endpoint.ep, []
        self.real = {name: getattr(self.ep, name) for name in ("select", "construct")}

    def __enter__(self):
        for name, real in self.real.items():
            object.__setattr__(self.ep, name, lambda query, real=real, **kw: (self.sent.append(query), real(query, **kw))[1])
        return self

    def __exit__(self, *exc):
        for name in self.real:
            object.__delattr__(self.ep, name)


def answer_or_error(backend, method, *args):
    try:
        return ask(backend, method, args, {})
    except RolegraphError as exc:
        return (type(exc).__name__, str(exc), getattr(exc, "suggestions", None))


@pytest.mark.endpoint
@pytest.mark.parametrize("name", HOSTILE_NAMES)
@pytest.mark.parametrize("method", ["owner", "describe", "resolve"])
def test_hostile_names_behave_as_in_memory_and_never_reach_a_query(builtin_pair, method, name):
    memory, endpoint = builtin_pair
    with Spy(endpoint) as spy:
        got = answer_or_error(endpoint, method, name)
    assert got == answer_or_error(memory, method, name)
    assert not any(name in q for q in spy.sent)  # no IRI, literal or regex is built from what was typed


@pytest.mark.endpoint
def test_no_request_carries_the_text_of_a_job_description(builtin_pair):
    memory, endpoint = builtin_pair
    text = "We need a (data|ml)+ engineer: [build] ETL pipelines 100% in dbt, Airflow.*"
    with Spy(endpoint) as spy:
        assert endpoint.ask("need", text=text) == memory.ask("need", text=text)
    assert spy.sent and not any(w in q for q in spy.sent for w in ("(data|ml)+", "[build]", "100%", "Airflow.*", "REGEX"))


@pytest.mark.endpoint
def test_path_between_disconnected_roles_stops_when_the_small_side_is_done(sparql_server, rg, monkeypatch):
    """Baker (the fixture's) and data engineer (the built-in graph's) share no walk: the search ends
    once the baker's few nodes are reached, without walking the built-in graph."""
    memory = MemoryBackend(rolegraph.load([DATA / "fixture.ttl"]))
    endpoint = EndpointBackend(Endpoint(sparql_server["query"], timeout=30, graphs=(BUILTIN_GRAPH, FIXTURE_GRAPH)))
    walked = []
    real = path_question.walk_step
    monkeypatch.setattr(path_question, "walk_step", lambda remote, frontier: (walked.extend(frontier), real(remote, frontier))[1])
    assert endpoint.ask("path", "data-engineer", "baker") == memory.ask("path", "data-engineer", "baker")
    assert "https://rolegraph.dev/id/baker" in walked
    assert len(set(walked) & set(rg.G)) < rg.G.number_of_nodes() / 10


@pytest.mark.endpoint
def test_path_search_is_bounded_by_a_limit(builtin_pair, monkeypatch):
    _, endpoint = builtin_pair
    monkeypatch.setenv("ROLEGRAPH_MAX_PATH_NODES", "5")
    with pytest.raises(rolegraph.NoResultError, match="ROLEGRAPH_MAX_PATH_NODES"):
        endpoint.ask("path", "data-engineer", "ai-engineer")


@pytest.mark.endpoint
def test_names_are_resolved_against_one_label_table(builtin_pair):
    _, endpoint = builtin_pair
    endpoint.resolve("MLE")
    with Spy(endpoint) as spy:
        for name in ("feture enginering", "data enginer", "RAG", "zzqx"):
            try:
                endpoint.resolve(name)
            except RolegraphError:
                pass
    assert spy.sent == []


@pytest.mark.endpoint
def test_a_loaded_graph_resolves_names_from_its_label_index(oxigraph, tmp_path, monkeypatch):
    """`rolegraph load` writes the label index beside the graph; a backend on that graph reads it with one
    look-up (no query over the store's labels) and answers as in memory."""
    monkeypatch.delenv("ROLEGRAPH_ENDPOINT", raising=False)
    monkeypatch.setenv("ROLEGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    target = "urn:rolegraph:test:indexed"
    code, out, err = run("load", "--endpoint", oxigraph["query"], "--store", oxigraph["store"], "--graph", target, "--json")
    assert code == 0, err
    memory = MemoryBackend(rolegraph.load())
    assert json.loads(out)["label_index"] == memory.rg.G.number_of_nodes()
    try:
        endpoint = EndpointBackend(Endpoint(oxigraph["query"], timeout=30, graphs=(target,)))
        with Spy(endpoint) as spy:
            assert endpoint.resolve("feture enginering") == memory.resolve("feture enginering")
        assert spy.sent == []  # the index is read from <G#labels>; nothing asks the data's labels
        for method, args, kwargs in BUILTIN_CASES:
            assert ask(endpoint, method, args, kwargs) == ask(memory, method, args, kwargs), method
        sent = []  # a new backend (a new CLI run) finds the table in the local cache: it reads only the digest
        real = Endpoint.select
        monkeypatch.setattr(Endpoint, "select", lambda self, q, **kw: (sent.append(q), real(self, q, **kw))[1])
        again = EndpointBackend(Endpoint(oxigraph["query"], timeout=30, graphs=(target,)))
        assert again.resolve("feture enginering") == memory.resolve("feture enginering")
        assert len(sent) == 1 and "index#digest" in sent[0]
        monkeypatch.setattr(Endpoint, "select", real)
        unindexed = EndpointBackend(Endpoint(oxigraph["query"], timeout=30, graphs=(target, BUILTIN_GRAPH)))
        with Spy(unindexed) as spy:
            unindexed.resolve("MLE")  # one of the graphs has no index: the table is gathered by a query
        assert any("prefLabel" in q for q in spy.sent)
    finally:
        for g in (target, f"{target}#labels"):
            Endpoint(oxigraph["query"]).put_graph(oxigraph["store"], g, b"")


@pytest.mark.endpoint
def test_the_union_default_graph_uses_the_label_indexes_when_every_graph_has_one(tmp_path, monkeypatch):
    """On a server that serves the union of its graphs, loaded by `rolegraph load` only, names resolve from
    the indexes (no query over the labels); a graph loaded by other means turns that off."""
    import servers

    monkeypatch.delenv("ROLEGRAPH_ENDPOINT", raising=False)
    monkeypatch.setenv("ROLEGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    server = servers.start("oxigraph", tmp_path / "oxigraph")
    try:
        code, _, err = run("--data", str(DATA / "fixture.ttl"), "load", "--endpoint", server.query, "--store", server.store)
        assert code == 0, err
        memory = MemoryBackend(rolegraph.load([DATA / "fixture.ttl"]))
        sent = []
        real = Endpoint.select
        monkeypatch.setattr(Endpoint, "select", lambda self, q, **kw: (sent.append(q), real(self, q, **kw))[1])
        union = EndpointBackend(Endpoint(server.query, timeout=30))
        assert union.resolve("pastry chf") == memory.resolve("pastry chf")
        assert not any("prefLabel" in q for q in sent)
        assert union.ask("path", "baker", "data-engineer") == memory.ask("path", "baker", "data-engineer")
        server.load(rolegraph.load_rdf([DATA / "fixture.ttl"], builtin=False), "urn:rolegraph:test:other")
        sent.clear()
        EndpointBackend(Endpoint(server.query, timeout=30)).resolve("baker")
        assert any("prefLabel" in q for q in sent)  # that graph has no index: the labels are asked for
    finally:
        server.stop()
