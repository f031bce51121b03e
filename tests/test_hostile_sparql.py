"""SPARQL that the first round let through (issue 16, items 2 and 5): parser disagreements that hid a
SERVICE, and queries with no bound on time or rows. A local sentinel server counts every request."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import BUILTIN_GRAPH, DATA
from rolegraph import sparql
from rolegraph.backend import EndpointBackend, MemoryBackend
from rolegraph.cli import main
from rolegraph.endpoint import Endpoint
from rolegraph.errors import BadInputError
from sentinel import Sentinel

# {S} is the sentinel's URL. Each hid a SERVICE from rdflib's parser in a way Oxigraph did not share.
HOSTILE_SPARQL = json.loads((DATA / "hostile" / "sparql.json").read_text())
BYPASSES = [q["query"] for q in HOSTILE_SPARQL["queries"]]


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def sentinel():
    with Sentinel() as s:
        yield s


def children() -> set[int]:
    out = set()
    for task in Path("/proc/self/task").iterdir():
        try:  # a thread may end between the listing and the read
            out |= {int(p) for p in (task / "children").read_text().split()}
        except FileNotFoundError:
            continue
    return out


@pytest.mark.parametrize("case", HOSTILE_SPARQL["queries"], ids=range(len(BYPASSES)))
def test_no_parser_disagreement_reaches_the_network_in_memory(case, sentinel, rg, monkeypatch):
    monkeypatch.delenv("ROLEGRAPH_ENDPOINT", raising=False)
    q = case["query"].replace("{S}", f"http://127.0.0.1:{sentinel.port}/s")
    try:
        MemoryBackend(rg).sparql(q)
    except BadInputError as exc:
        assert case["refused"] is not False, exc
        assert "SERVICE is refused" in str(exc) or "not valid SPARQL" in str(exc), exc
    else:
        assert case["refused"] is not True, f"{q!r} was not refused"
    code, _, err = run("sparql", q)
    assert code in (0, 1, 2) and "Traceback" not in err
    assert sentinel.requests == [], f"{q!r} reached the network"


def test_the_reported_bypasses_read_alike_now(sentinel, rg):
    """The comment: both parsers now end it at the line break and see the SERVICE. The escapes: decoded
    once, both parsers read one long string holding the word, and the query runs with no SERVICE in it."""
    url = f"http://127.0.0.1:{sentinel.port}/s"
    with pytest.raises(BadInputError, match="SERVICE is refused"):
        MemoryBackend(rg).sparql(BYPASSES[0].replace("{S}", url))
    res = MemoryBackend(rg).sparql(BYPASSES[1].replace("{S}", url))
    assert res["results"]["bindings"] == [{}] and res["head"]["vars"] == ["a"]
    assert sentinel.requests == []


@pytest.mark.parametrize("template", BYPASSES, ids=range(len(BYPASSES)))
def test_no_parser_disagreement_reaches_the_network_through_an_endpoint(template, sentinel, oxigraph):
    """An Oxigraph server would run the SERVICE itself, from the server: refused before anything is sent."""
    q = template.replace("{S}", f"http://127.0.0.1:{sentinel.port}/s")
    ep = EndpointBackend(Endpoint(oxigraph["query"], timeout=30, graphs=(BUILTIN_GRAPH,)))
    try:
        ep.sparql(q)
    except BadInputError:
        pass
    assert sentinel.requests == [], f"{q!r} reached the network from the endpoint"


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?s WHERE { ?s skos:prefLabel ?l FILTER(CONTAINS(LCASE(?l), 'service')) } ORDER BY ?s",
        "SELECT ?service WHERE { ?service a rg:Role } ORDER BY ?service # a service comment",
        "SELECT ?s WHERE { ?s ?p <https://rolegraph.dev/id/inference-serving-service> }",
        'SELECT ("caf\\u00e9" AS ?x) WHERE {}',
        "SELECT ?r\r\nWHERE { ?r a rg:Role }\r\nORDER BY ?r",
    ],
)
def test_honest_queries_still_run_alike(query, rg, oxigraph):
    memory = MemoryBackend(rg)
    endpoint = EndpointBackend(Endpoint(oxigraph["query"], timeout=30, graphs=(BUILTIN_GRAPH,)))
    assert memory.sparql(query) == endpoint.sparql(query)


def test_escapes_decode_once_as_the_grammar_says():
    assert sparql.normalise('"\\u0041\\U0001F600"') == '"A\U0001f600"'
    with pytest.raises(BadInputError, match="spells another escape"):
        sparql.normalise('"\\u005Cu0022"')
    with pytest.raises(BadInputError, match="not a character"):
        sparql.normalise('"\\uD800"')


# ------------------------------------------------------------------ item 5: time and rows

CROSS = HOSTILE_SPARQL["cross_product"]


def test_a_cross_product_is_stopped_at_the_time_limit(rg, monkeypatch):
    monkeypatch.setenv("ROLEGRAPH_QUERY_TIMEOUT_S", "1.5")
    before = children()
    with pytest.raises(BadInputError, match=r"ran for more than 1.5 s and was stopped.*ROLEGRAPH_QUERY_TIMEOUT_S"):
        MemoryBackend(rg).sparql(CROSS)
    assert children() == before, "the query's process is still running"
    # and the process answers the next query as before
    assert MemoryBackend(rg).sparql("ASK { rgi:ml-engineer a rg:Role }")["boolean"] is True


def test_the_cli_reports_the_time_limit(monkeypatch):
    monkeypatch.delenv("ROLEGRAPH_ENDPOINT", raising=False)
    monkeypatch.setenv("ROLEGRAPH_QUERY_TIMEOUT_S", "1")
    code, out, err = run("sparql", CROSS)
    assert code == 2 and out == "" and "ran for more than 1 s" in err and "Traceback" not in err


@pytest.mark.parametrize("query", ["SELECT * WHERE { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }"])
def test_rows_are_bounded_on_both_backends(query, rg, oxigraph, monkeypatch):
    monkeypatch.setenv("ROLEGRAPH_MAX_RESULT_ROWS", "50")
    backends = [MemoryBackend(rg), EndpointBackend(Endpoint(oxigraph["query"], timeout=30, graphs=(BUILTIN_GRAPH,)))]
    for b in backends:
        with pytest.raises(BadInputError, match=r"more than 50 rows; add LIMIT.*ROLEGRAPH_MAX_RESULT_ROWS"):
            b.sparql(query)
    limited = query.replace("}", "} LIMIT 50") if query.startswith("SELECT") else "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 50"
    assert len(backends[0].sparql(limited)["results"]["bindings"]) == 50


def test_the_limit_is_read_from_limits(rg, monkeypatch):
    """Limits.query_timeout_s is what bounds the query (the review found nothing read it)."""
    from rolegraph.limits import limits

    monkeypatch.setenv("ROLEGRAPH_QUERY_TIMEOUT_S", "2.5")
    assert limits().query_timeout_s == 2.5
    assert json.loads(json.dumps(MemoryBackend(rg).sparql("SELECT ?r WHERE { ?r a rg:Role } LIMIT 1")))["head"]["vars"] == ["r"]


def test_a_query_that_needs_too_much_memory_is_stopped(rg, monkeypatch, capfd):
    """ORDER BY over a cross product holds every row before the first: the child's memory is capped too."""
    monkeypatch.setenv("ROLEGRAPH_QUERY_MEMORY_BYTES", str(200 * 2**20))
    with pytest.raises(BadInputError, match=r"needed more than the 200 MB a query may use.*set ROLEGRAPH_QUERY_MEMORY_BYTES"):
        MemoryBackend(rg).sparql("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?f LIMIT 1")
    assert capfd.readouterr().err == "", "the child's allocator message reached the terminal"
    assert MemoryBackend(rg).sparql("ASK { rgi:ml-engineer a rg:Role }")["boolean"] is True


def test_a_shared_link_runs_no_hidden_service_and_no_endless_query(monkeypatch):
    """Item 2 and 5 in the app: `?tab=sparql&sparql=` runs what it carries, within the same bounds."""
    from streamlit.testing.v1 import AppTest
    from test_app import APP

    monkeypatch.delenv("ROLEGRAPH_ENDPOINT", raising=False)
    monkeypatch.setenv("ROLEGRAPH_QUERY_TIMEOUT_S", "2")
    with Sentinel() as s:
        for case in HOSTILE_SPARQL["queries"]:
            at = AppTest.from_file(str(APP), default_timeout=60)
            at.query_params["tab"] = "sparql"
            at.query_params["sparql"] = case["query"].replace("{S}", f"http://127.0.0.1:{s.port}/s")
            at.run()
            assert not at.exception, case
        assert s.requests == []
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["tab"] = "sparql"
    at.query_params["sparql"] = CROSS
    at.run()
    assert not at.exception
    assert any("ran for more than 2 s" in e.value for e in at.error), [e.value for e in at.error]


def test_what_oxigraph_refuses_is_a_clean_error_at_the_users_line(monkeypatch):
    """rdflib accepts a relative IRI, Oxigraph (which runs the query) does not: an error, not a traceback."""
    monkeypatch.delenv("ROLEGRAPH_ENDPOINT", raising=False)
    code, out, err = run("sparql", "SELECT ?x\nWHERE { BIND(<relative> AS ?x) }")
    assert code == 2 and out == ""
    assert err.startswith("rolegraph: error: not valid SPARQL for Oxigraph, which runs it: line 2, column")
