"""Read-only SPARQL for ``rolegraph sparql``: check a query, run it on either backend, shape the results.

A query is first put in one reading every parser shares (:func:`normalise`:
``\\u`` escapes decoded once, as the SPARQL grammar says, and every line ending
made ``\\n``: rdflib and Oxigraph disagreed on both, which let a ``SERVICE``
past the check). It is then parsed with rdflib's SPARQL parser and its parse
tree and algebra are walked, so ``SERVICE`` is found in any letter case and
inside any nested group, and updates (``INSERT``, ``DELETE``, ``LOAD``,
``CLEAR`` ...) are told apart from syntax errors. A query whose text still
holds the word ``service`` is also parsed by Oxigraph, the engine that runs it,
with the word spelt otherwise: if that changes Oxigraph's reading, Oxigraph read
a ``SERVICE`` there and the query is refused. Updates, ``SERVICE`` and ``LOAD``
are refused on both backends; ``FROM``/``FROM NAMED`` are refused in memory.

In memory a query runs in Oxigraph in a child process (``fork``) that is killed
when it outlives ``ROLEGRAPH_QUERY_TIMEOUT_S`` (30 s); an answer of more than
``ROLEGRAPH_MAX_RESULT_ROWS`` rows (100,000) is refused on both backends.

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

import faulthandler
import json
import os
import pickle
import re
import select
import signal
import time

import pyoxigraph as ox
import rdflib
from pyparsing import ParseException
from rdflib import BNode, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from .errors import BadInputError
from .limits import ENV, limits

try:  # imported here, not in the forked child, which must import nothing
    import resource
except ImportError:  # Windows
    resource = None

__all__ = ["FORMS", "MAX_QUERY_CHARS", "PREFIXES", "as_rows", "check", "normalise", "query_form", "run", "with_prefixes"]

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


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE = re.compile("service", re.IGNORECASE)


def normalise(query: str) -> str:
    """The query as every parser reads it alike: ``\\u``/``\\U`` escapes decoded once, line ends ``\\n``.

    The SPARQL grammar decodes escapes before parsing, which rdflib does and
    Oxigraph (outside strings) does not; rdflib keeps a lone carriage return
    inside a ``#`` comment, Oxigraph ends the comment there. Either let a
    ``SERVICE`` that one parser saw hide from the other.

    >>> normalise('SELECT ("caf\\\\u00e9" AS ?x) {}\\r\\n# a comment\\rLIMIT 1')
    'SELECT ("café" AS ?x) {}\\n# a comment\\nLIMIT 1'

    Raises
    ------
    BadInputError
        An escape that decodes to another escape, or to no character.
    """

    def decode(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise BadInputError(f"{m.group()} is not a character; write the character itself")
        return chr(code)

    text = _ESCAPE.sub(decode, query)
    if _ESCAPE.search(text):
        raise BadInputError("a \\u escape that spells another escape is refused (parsers read it differently); write the character itself")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check(query: str, *, in_memory: bool = False) -> tuple[str, str]:
    """Refuse anything but a read-only query; return (form, query with prefixes, normalised).

    The query returned is the one to run: :func:`normalise` made it read alike
    by rdflib (which checked it) and by the engine that runs it.

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
    full = with_prefixes(normalise(query))
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
            raise BadInputError(_NO_SERVICE)
        if node.name == "Load":
            raise BadInputError(f"LOAD is refused: {_READ_ONLY}")
        if in_memory and node.name == "DatasetClause":
            raise BadInputError(
                "FROM / FROM NAMED is refused in memory (rdflib would fetch the graph from the web); "
                "the in-memory graph is the default graph already"
            )
    if _SERVICE.search(full):
        _refuse_hidden_service(full)
    return form, full


_NO_SERVICE = "SERVICE is refused: rolegraph never sends queries to other servers; query the data you loaded"


def _refuse_hidden_service(full: str) -> None:
    """Refuse a query in which Oxigraph reads a ``SERVICE`` that rdflib did not.

    Every ``service`` in the text (keyword, string, IRI, name or comment) is spelt
    ``servic_``: where it was the keyword, Oxigraph now fails to parse; elsewhere it
    still parses. The probe runs on an empty store, holds no ``SERVICE`` by
    construction, and runs bounded like any in-memory query.
    """
    probe = _SERVICE.sub("servic_", full)
    try:
        _bounded(_oxigraph_parses, probe)
    except _QueryFailed:
        raise BadInputError(_NO_SERVICE + " (Oxigraph, which runs the query, reads a SERVICE in it)") from None


def _oxigraph_parses(query: str) -> bool:
    try:
        res = ox.Store().query(query)  # SELECT and CONSTRUCT are lazy: parsed and planned, not run
    except SyntaxError as exc:
        raise _QueryFailed(str(exc)) from None
    del res
    return True


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
    """Run a checked query on an in-memory graph, bounded in time and rows (see the module notes).

    Raises
    ------
    BadInputError
        The query is refused by :func:`check`, Oxigraph cannot run it, it outlives
        ``ROLEGRAPH_QUERY_TIMEOUT_S`` or its answer exceeds ``ROLEGRAPH_MAX_RESULT_ROWS``.
    """
    form, full = check(query, in_memory=True)
    try:
        return _bounded(_answer, g, full, form, limits().max_result_rows)
    except _QueryFailed as exc:
        raise BadInputError(f"the query failed: {exc}") from None


def run_endpoint(endpoint, query: str) -> dict:
    form, full = check(query)
    if form in ("SELECT", "ASK"):
        res = endpoint.results(full)
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


class _QueryFailed(Exception):
    """The engine refused or failed the query; its message is the reason."""


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
        raise _QueryFailed(str(exc).strip().splitlines()[0][:500] if str(exc).strip() else type(exc).__name__) from None
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


#: Memory a query's child process may allocate beyond what it shares with its parent.
CHILD_MEMORY_BYTES = 2 * 2**30


def _cap_memory(extra: int) -> None:
    """Limit this (child) process's address space to what it has now plus ``extra`` bytes."""
    if resource is None:  # not POSIX: time bounds it still
        return
    try:
        with open("/proc/self/status") as fh:
            size = next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmSize:"))
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        want = size + extra
        resource.setrlimit(resource.RLIMIT_AS, (want if hard == resource.RLIM_INFINITY else min(want, hard), hard))
    except (OSError, StopIteration, ValueError):  # no /proc (not Linux): time bounds it still
        pass


def _bounded(fn, *args):
    """``fn(*args)`` in a forked child killed after ``ROLEGRAPH_QUERY_TIMEOUT_S``: Oxigraph cannot be
    cancelled in a thread, and a query left running would hold a core after its caller gave up.

    The child shares the parent's memory copy-on-write, so a graph of any size costs
    nothing to hand over; the answer comes back pickled through a pipe. Where ``fork``
    is missing (Windows) the query runs in this process, unbounded.
    """
    seconds = limits().query_timeout_s
    if not hasattr(os, "fork"):
        return fn(*args)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer, write, exit without running any of the parent's exit handlers
        try:
            os.close(read_end)
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, 2)  # an engine that runs out of memory says so on stderr: the parent reports it instead
            faulthandler.disable()  # and its abort is no crash of the parent's to dump
            _cap_memory(CHILD_MEMORY_BYTES)
            try:
                payload = pickle.dumps(("ok", fn(*args)))
            except _QueryFailed as exc:
                payload = pickle.dumps(("failed", str(exc)))
            except BadInputError as exc:
                payload = pickle.dumps(("bad", str(exc)))
            except BaseException as exc:
                payload = pickle.dumps(("failed", f"{type(exc).__name__}: {exc}"))
            with os.fdopen(write_end, "wb") as fh:
                fh.write(payload)
        finally:
            os._exit(0)
    os.close(write_end)
    deadline = time.monotonic() + seconds
    chunks = []
    try:
        with os.fdopen(read_end, "rb", buffering=0) as fh:
            waiting = select.poll()  # not select(): a busy server's descriptors may pass 1024
            waiting.register(fh, select.POLLIN | select.POLLHUP)
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not waiting.poll(left * 1000):
                    raise BadInputError(
                        f"the query ran for more than {seconds:g} s and was stopped; narrow it (patterns that share no "
                        f"variable multiply every match by every other) or set {ENV['query_timeout_s']} to allow longer"
                    )
                chunk = fh.read(1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
    if not chunks:
        raise _QueryFailed(
            f"it needed more than the {CHILD_MEMORY_BYTES // 2**20:,} MB a query may use and was stopped; "
            "narrow it (patterns that share no variable multiply every match by every other)"
        )
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "bad":
        raise BadInputError(value)
    if kind == "failed":
        raise _QueryFailed(value)
    return value


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
