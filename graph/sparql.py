"""Read-only SPARQL for ``rolegraph sparql``: what a query may be (checking); :mod:`rolegraph.sparql_run` runs it.

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

>>> check("select * where { ?s ?p ?o } limit 1")[0]
'SELECT'
>>> check("SELECT * { { ?s ?p ?o } UNION { sErViCe <http://x.example/> { ?s ?p ?o } } }")
Traceback (most recent call last):
...
rolegraph.errors.BadInputError: SERVICE is refused: rolegraph never sends queries to other servers; query the data you loaded
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from pyparsing import ParseException
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from .bounded import Failed, bounded
from .errors import BadInputError
from .limits import ENV, limits

__all__ = ["FORMS", "PREFIXES", "check", "normalise", "with_prefixes"]

#: The query forms ``rolegraph sparql`` runs.
FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}

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
    most = limits().max_query_chars
    if len(query) > most:
        raise BadInputError(f"the query is {len(query):,} characters; the limit is {most:,} (set {ENV['max_query_chars']} to allow more)")
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
        bounded(_oxigraph_parses, probe)
    except Failed:
        raise BadInputError(_NO_SERVICE + " (Oxigraph, which runs the query, reads a SERVICE in it)") from None


def _oxigraph_parses(query: str) -> bool:
    try:
        res = ox.Store().query(query)  # SELECT and CONSTRUCT are lazy: parsed and planned, not run
    except SyntaxError as exc:
        raise Failed(str(exc)) from None
    del res
    return True


def _refuse_update(full: str) -> None:
    try:
        update = parseUpdate(full)
    except Exception:  # not an update either: the caller reports the query syntax error
        return
    kinds = sorted({getattr(r, "name", "update") for r in update.get("request", [])})
    what = "LOAD is" if kinds == ["Load"] else "updates are"
    raise BadInputError(f"{what} refused ({', '.join(kinds)}): {_READ_ONLY}")
