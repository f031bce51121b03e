"""Read-only SPARQL for ``rolegraph sparql``: check a query, run it on either backend, shape the results.

A query is parsed with rdflib's SPARQL parser and its parse tree and algebra
are walked, so ``SERVICE`` is found in any letter case and inside any nested
group, and updates (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR`` ...) are told
apart from syntax errors. Updates, ``SERVICE`` and ``LOAD`` are refused on both
backends; ``FROM``/``FROM NAMED`` are refused in memory, where rdflib would
fetch the named graph from the web.

Results use the SPARQL 1.1 JSON results format; CONSTRUCT and DESCRIBE give
their triples as ``subject``/``predicate``/``object`` bindings, sorted.

>>> query_form("select * where { ?s ?p ?o } limit 1")
'SELECT'
>>> query_form("SELECT * { { ?s ?p ?o } UNION { sErViCe <http://x.example/> { ?s ?p ?o } } }")
Traceback (most recent call last):
...
rolegraph.errors.BadInputError: SERVICE is refused: rolegraph never sends queries to other servers; query the data you loaded
"""

from __future__ import annotations

import json

import rdflib
from pyparsing import ParseException
from rdflib import BNode, Literal, URIRef
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from .errors import BadInputError

__all__ = ["FORMS", "MAX_QUERY_CHARS", "PREFIXES", "as_rows", "check", "query_form", "run", "with_prefixes"]

#: The query forms ``rolegraph sparql`` runs.
FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
MAX_QUERY_CHARS = 100_000

#: Prefixes every query may use without declaring them.
PREFIXES = {
    "rg": "https://rolegraph.dev/vocab#",
    "rgi": "https://rolegraph.dev/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
}

_READ_ONLY = "rolegraph sparql runs read-only queries (SELECT, ASK, CONSTRUCT, DESCRIBE)"


def with_prefixes(query: str) -> str:
    """``query`` with the standard prefixes declared first (a query may redeclare them)."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items()) + query


def _walk(node):
    """Every CompValue in a parse tree or algebra, depth first."""
    stack = [node]
    seen = set()
    while stack:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        if isinstance(n, CompValue):
            yield n
            stack.extend(n.values())
        elif isinstance(n, dict):
            stack.extend(n.values())
        elif isinstance(n, (list, tuple)) or type(n).__name__ == "ParseResults":
            stack.extend(list(n))


def check(query: str, *, in_memory: bool = False) -> tuple[str, str]:
    """Refuse anything but a read-only query; return (form, query with prefixes).

    Raises
    ------
    BadInputError
        Empty or too long; not valid SPARQL (with rdflib's line and column); an
        update; ``SERVICE``; ``LOAD``; ``FROM`` in memory.
    """
    if not isinstance(query, str) or not query.strip():
        raise BadInputError("empty SPARQL query: give QUERY or --file PATH, e.g. 'SELECT ?r WHERE { ?r a rg:Role }'")
    if len(query) > MAX_QUERY_CHARS:
        raise BadInputError(f"the query is {len(query):,} characters; the limit is {MAX_QUERY_CHARS:,}")
    full = with_prefixes(query)
    try:
        tree = parseQuery(full)
    except ParseException as exc:
        _refuse_update(full)
        raise BadInputError(f"not valid SPARQL: {exc.msg} (line {exc.lineno - len(PREFIXES)}, column {exc.col})") from None
    except Exception as exc:  # rdflib raises plain exceptions for unknown prefixes and the like
        raise BadInputError(f"not valid SPARQL: {exc}") from None
    form = FORMS.get(getattr(tree[1], "name", ""))
    if form is None:
        raise BadInputError(f"{_READ_ONLY}; this is not one of them")
    try:
        algebra = translateQuery(tree).algebra
    except Exception as exc:  # e.g. a variable bound twice
        raise BadInputError(f"not valid SPARQL: {exc}") from None
    for node in [*_walk(tree), *_walk(algebra)]:
        if node.name == "ServiceGraphPattern":
            raise BadInputError("SERVICE is refused: rolegraph never sends queries to other servers; query the data you loaded")
        if node.name == "Load":
            raise BadInputError(f"LOAD is refused: {_READ_ONLY}")
        if in_memory and node.name == "DatasetClause":
            raise BadInputError(
                "FROM / FROM NAMED is refused in memory (rdflib would fetch the graph from the web); "
                "the in-memory graph is the default graph already"
            )
    return form, full


def query_form(query: str) -> str:
    """The form of a read-only query (SELECT, ASK, CONSTRUCT, DESCRIBE); refuses the rest."""
    return check(query)[0]


def _refuse_update(full: str) -> None:
    try:
        update = parseUpdate(full)
    except Exception:  # not an update either: the caller reports the query syntax error
        return
    kinds = sorted({getattr(r, "name", "update") for r in update.get("request", [])})
    what = "LOAD is" if kinds == ["Load"] else "updates are"
    raise BadInputError(f"{what} refused ({', '.join(kinds)}): {_READ_ONLY}")


def run(backend, query: str) -> dict:
    """Run a read-only query on a backend (see :mod:`rolegraph.backend`); SPARQL JSON results."""
    return backend.sparql(query)


def run_memory(g: rdflib.Graph, query: str) -> dict:
    form, full = check(query, in_memory=True)
    result = g.query(full)
    if form in ("SELECT", "ASK"):
        return json.loads(result.serialize(format="json").decode("utf-8"))
    return _triples(result.graph or rdflib.Graph())


def run_endpoint(endpoint, query: str) -> dict:
    form, full = check(query)
    if form in ("SELECT", "ASK"):
        return endpoint.results(full)
    return _triples(endpoint.construct(full))


def _json_term(t) -> dict:
    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, BNode):
        return {"type": "bnode", "value": str(t)}
    out = {"type": "literal", "value": str(t)}
    if isinstance(t, Literal) and t.language:
        out["xml:lang"] = t.language
    elif isinstance(t, Literal) and t.datatype:
        out["datatype"] = str(t.datatype)
    return out


def _triples(g: rdflib.Graph) -> dict:
    rows = sorted(g, key=lambda t: tuple(str(x) for x in t))
    return {
        "head": {"vars": ["subject", "predicate", "object"]},
        "results": {"bindings": [{k: _json_term(v) for k, v in zip(("subject", "predicate", "object"), t, strict=True)} for t in rows]},
    }


def _short(cell: dict | None) -> str:
    if cell is None:
        return ""
    value = cell["value"]
    if cell["type"] == "uri":
        for p, iri in PREFIXES.items():
            if value.startswith(iri) and value != iri:
                return f"{p}:{value[len(iri) :]}"
        return f"<{value}>"
    if cell["type"] == "bnode":
        return f"_:{value}"
    return value + (f"@{cell['xml:lang']}" if cell.get("xml:lang") else "")


def as_rows(result: dict) -> tuple[list[str], list[list[str]]]:
    """(headers, rows) of SPARQL JSON results, IRIs shortened with the standard prefixes."""
    if "boolean" in result:
        return ["boolean"], [["true" if result["boolean"] else "false"]]
    names = list(result["head"]["vars"])
    return names, [[_short(b.get(v)) for v in names] for b in result["results"]["bindings"]]
