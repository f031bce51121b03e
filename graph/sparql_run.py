"""Run a checked read-only SPARQL query on either backend and shape its results (see :mod:`rolegraph.sparql`).

In memory a query runs in Oxigraph in a child process (:mod:`rolegraph.bounded`)
that is killed when it outlives ``ROLEGRAPH_QUERY_TIMEOUT_S`` (30 s); an answer
of more than ``ROLEGRAPH_MAX_RESULT_ROWS`` rows (100,000) is refused on both
backends. Results use the SPARQL 1.1 JSON results format; CONSTRUCT and
DESCRIBE give their triples as ``subject``/``predicate``/``object`` bindings,
sorted.

>>> import rdflib
>>> as_rows(run_memory(rdflib.Graph(), "ASK { ?s ?p ?o }"))
(['boolean'], [['false']])
"""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from .bounded import Failed, bounded
from .errors import BadInputError
from .limits import ENV, limits
from .sparql import PREFIXES, check

__all__ = ["as_rows", "run_endpoint", "run_memory"]


def run_memory(g: rdflib.Graph, query: str) -> dict:
    """Run a checked query on an in-memory graph, bounded in time and rows (see the module notes).

    Raises
    ------
    BadInputError
        The query is refused by :func:`check`, Oxigraph cannot run it, it outlives
        ``ROLEGRAPH_QUERY_TIMEOUT_S`` or its answer exceeds ``ROLEGRAPH_MAX_RESULT_ROWS``.
    """
    form, full = check(query, in_memory=True)
    try:
        return bounded(_answer, g, full, form, limits().max_result_rows)
    except Failed as exc:
        raise BadInputError(f"the query failed: {exc}") from None


def run_endpoint(endpoint, query: str) -> dict:
    form, full = check(query)
    if form in ("SELECT", "ASK"):
        res = endpoint.results(full, ask=form == "ASK")
        _check_rows(len(res.get("results", {}).get("bindings", ())), limits().max_result_rows)
        return res
    g = endpoint.construct(full)
    _check_rows(len(g), limits().max_result_rows)
    return _triples(g)


def _check_rows(n: int, cap: int) -> None:
    if n > cap:
        raise BadInputError(
            f"the answer has more than {cap:,} rows; add LIMIT or narrow the query (set {ENV['max_result_rows']} to allow more)"
        )


def _answer(g: rdflib.Graph, full: str, form: str, cap: int) -> dict:
    """SPARQL JSON results of ``full`` on ``g``, at most ``cap`` rows (runs in the child process)."""
    inner = getattr(g.store, "_inner", None)
    if not isinstance(inner, ox.Store):  # a plain rdflib graph: rdflib's engine
        result = g.query(full)
        if form in ("SELECT", "ASK"):
            out = json.loads(result.serialize(format="json").decode("utf-8"))
            _check_rows(len(out.get("results", {}).get("bindings", ())), cap)
            return out
        g2 = result.graph or rdflib.Graph()
        _check_rows(len(g2), cap)
        return _triples(g2)
    union = str(g.identifier) == "__UNION__"
    default = None if union or g.identifier == DATASET_DEFAULT_GRAPH_ID else ox.NamedNode(str(g.identifier))
    try:
        res = inner.query(full, use_default_graph_as_union=union, default_graph=default)
        if isinstance(res, ox.QueryBoolean):
            return {"head": {}, "boolean": bool(res)}
        if isinstance(res, ox.QuerySolutions):
            names = [v.value for v in res.variables]
            rows = []
            for solution in res:
                if len(rows) == cap:
                    _check_rows(cap + 1, cap)
                rows.append({n: _ox_json(t) for n, t in zip(names, solution, strict=True) if t is not None})
            return {"head": {"vars": names}, "results": {"bindings": rows}}
        triples = {}
        for t in res:
            row = (_ox_json(t.subject), _ox_json(t.predicate), _ox_json(t.object))
            triples[json.dumps(row, sort_keys=True)] = row
            if len(triples) > cap:
                _check_rows(len(triples), cap)
    except SyntaxError as exc:  # what rdflib read, Oxigraph does not: its reading decides, as it runs the query
        raise BadInputError(f"not valid SPARQL for Oxigraph, which runs it: {_oxigraph_position(str(exc))}") from None
    except (RuntimeError, ValueError, OSError) as exc:  # Oxigraph's errors: the reason, not a traceback
        raise Failed(str(exc).strip().splitlines()[0][:500] if str(exc).strip() else type(exc).__name__) from None
    rows = sorted(triples.values(), key=lambda t: tuple(_sort_key(c) for c in t))
    return _triple_rows(rows)


def _oxigraph_position(message: str) -> str:
    """Oxigraph's "error at LINE:COLUMN" counted in the query as written (without the prefixes added)."""
    return re.sub(
        r"error at (\d+):(\d+)", lambda m: f"line {int(m.group(1)) - len(PREFIXES)}, column {m.group(2)}", message.strip().splitlines()[0]
    )


def _sort_key(cell) -> str:
    return cell["value"] if isinstance(cell["value"], str) else json.dumps(cell["value"], sort_keys=True)


def _ox_json(t) -> dict:
    """A pyoxigraph term as a SPARQL 1.1 JSON results term (SPARQL-star for quoted triples)."""
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Triple):
        return {
            "type": "triple",
            "value": {"subject": _ox_json(t.subject), "predicate": _ox_json(t.predicate), "object": _ox_json(t.object)},
        }
    out = {"type": "literal", "value": t.value}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype.value != _XSD_STRING:
        out["datatype"] = t.datatype.value
    return out


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


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
    return _triple_rows([tuple(_json_term(x) for x in t) for t in rows])


def _triple_rows(rows) -> dict:
    return {
        "head": {"vars": ["subject", "predicate", "object"]},
        "results": {"bindings": [dict(zip(("subject", "predicate", "object"), t, strict=True)) for t in rows]},
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
