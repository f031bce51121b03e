"""`rolegraph sparql`: read-only queries on both backends; updates, SERVICE and LOAD refused everywhere."""

from __future__ import annotations

import io
import json

import pytest
from conftest import BUILTIN_GRAPH
from rolegraph import sparql
from rolegraph.backend import EndpointBackend, MemoryBackend
from rolegraph.cli import main
from rolegraph.endpoint import Endpoint
from rolegraph.errors import BadInputError

REFUSED = {
    "INSERT DATA { rgi:a rg:delivers rgi:b }": "updates are refused",
    "delete where { ?s ?p ?o }": "updates are refused",
    "CLEAR ALL": "updates are refused",
    "DROP GRAPH <urn:x>": "updates are refused",
    "LOAD <http://example.org/data.ttl>": "LOAD is refused",
    "load silent <http://example.org/data.ttl> into graph <urn:x>": "LOAD is refused",
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }": "SERVICE is refused",
    "select * where { ?s ?p ?o . service silent <http://example.org/sparql> { ?s ?p ?o } }": "SERVICE is refused",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { { ?s ?q ?r } UNION { SeRvIcE <http://x.example/> { ?s ?q ?r } } } }": "SERVICE is refused",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { sErViCe <http://x.example/> { ?s ?p ?o } } }": "SERVICE is refused",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE ?endpoint { ?s ?p ?o } } } }": "SERVICE is refused",
    "ASK { MINUS { service <http://x.example/> { ?s ?p ?o } } }": "SERVICE is refused",
    "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { SERVICE <http://x.example/> { ?s ?p ?o } } }": "SERVICE is refused",
    "": "empty SPARQL query",
    "SELECT ?x WHERE { ?x a }": "not valid SPARQL",
}
# the word "service" in a string or an IRI is not a SERVICE clause
ALLOWED = "SELECT ?s WHERE { ?s skos:prefLabel ?l FILTER(CONTAINS(?l, 'SERVICE')) } LIMIT 1"


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def pair(rg, sparql_server):
    return MemoryBackend(rg), EndpointBackend(Endpoint(sparql_server["query"], timeout=30, graphs=(BUILTIN_GRAPH,)))


@pytest.mark.parametrize(("query", "message"), list(REFUSED.items()))
def test_refused_in_memory_and_on_the_endpoint(pair, query, message):
    for backend in pair:
        with pytest.raises(BadInputError, match=message):
            backend.sparql(query)
    code, out, err = run("sparql", query)
    assert code == 2 and out == "" and message in err


def test_from_is_refused_in_memory_only(pair):
    query = f"SELECT (COUNT(*) AS ?n) FROM <{BUILTIN_GRAPH}> WHERE {{ ?s ?p ?o }}"
    memory, endpoint = pair
    with pytest.raises(BadInputError, match="FROM / FROM NAMED is refused in memory"):
        memory.sparql(query)
    assert int(endpoint.sparql(query)["results"]["bindings"][0]["n"]["value"]) == len(memory.rg.rdf)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?r ?label WHERE { ?r a rg:Role ; skos:prefLabel ?label } ORDER BY ?r",
        "SELECT ?s (COUNT(?d) AS ?n) WHERE { ?s rg:delivers ?d } GROUP BY ?s ORDER BY ?s",
        "ASK { rgi:ml-engineer rg:distinctFrom ?x }",
        "ASK { rgi:ml-engineer a rg:Tool }",
        "CONSTRUCT { ?r rg:delivers ?d } WHERE { ?r a rg:Role ; rg:delivers ?d }",
        "DESCRIBE rgi:feature-store",
        ALLOWED,
    ],
)
def test_read_only_queries_answer_the_same(pair, query):
    memory, endpoint = pair
    assert endpoint.sparql(query) == memory.sparql(query)


def test_syntax_error_names_line_and_column():
    with pytest.raises(BadInputError, match=r"not valid SPARQL: .*\(line 2, column"):
        sparql.check("SELECT ?x\nWHERE { ?x a ")


def test_cli_table_and_json(monkeypatch):
    monkeypatch.delenv("ROLEGRAPH_ENDPOINT", raising=False)
    q = "SELECT ?r ?label WHERE { ?r a rg:Role ; skos:prefLabel ?label } ORDER BY ?r LIMIT 2"
    code, out, _ = run("sparql", q)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["r", "label"] and lines[2].startswith("rgi:ai-engineer") and lines[-1] == "2 rows"
    code, out, _ = run("sparql", q, "--json")
    res = json.loads(out)
    assert res["head"]["vars"] == ["r", "label"]
    assert res["results"]["bindings"][0]["label"] == {"type": "literal", "value": "AI engineer", "xml:lang": "en"}
    code, out, _ = run("sparql", "ASK { rgi:ml-engineer a rg:Tool }", "--json")
    assert code == 1 and json.loads(out) == {"head": {}, "boolean": False}


def test_cli_reads_the_query_from_a_file(tmp_path, monkeypatch):
    monkeypatch.delenv("ROLEGRAPH_ENDPOINT", raising=False)
    f = tmp_path / "q.rq"
    f.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?r a rg:Role }")
    code, out, _ = run("sparql", "--file", str(f), "--json")
    assert code == 0 and int(json.loads(out)["results"]["bindings"][0]["n"]["value"]) >= 3
    code, _, err = run("sparql")
    assert code == 2 and "QUERY or with --file" in err
