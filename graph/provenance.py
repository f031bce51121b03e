"""Statement-level provenance: every built-in statement sits in the named graph of its source.

The built-in data is TriG: a statement the article makes sits in the named graph
of the article section it comes from (``rgi:src-...``), a statement of ours in
``rgi:curated``; a statement two sections make sits in both. ``GRAPH ?source
{ ... }`` asks for it in SPARQL.

Flattening a dataset (the default graph every query reads, Turtle, JSON-LD,
SHACL validation) keeps each triple once and states each subject's sources with
``dcterms:source``: a subject with a statement in the named graph of a declared
source (an ``rg:Source``) cites that source.

Python answers ask :func:`sources_of` for the graphs of one statement.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import rdflib
from rdflib import DCTERMS, RDF, RDFS, SKOS

from .namespace import RG, RGI

__all__ = [
    "CURATED",
    "FILE_GRAPHS",
    "LABEL_PREDICATES",
    "add_derived_sources",
    "in_graph",
    "named_graphs",
    "quads",
    "sources_of",
    "store_of",
]

#: The curated source: statements the rolegraph maintainers add beyond the article.
CURATED = str(RGI.curated)

#: Built-in Turtle files loaded whole into one named graph (the analyser's job-ad vocabulary is curated).
FILE_GRAPHS = {"jd-vocabulary.ttl": CURATED}

#: Label predicates and the projection's name for the per-label sources they feed.
LABEL_PREDICATES = {str(SKOS.prefLabel): "label", str(SKOS.altLabel): "alt", str(SKOS.hiddenLabel): "hidden", str(RDFS.label): "label"}

_SOURCE_CLASSES = " ".join(f"<{c}>" for c in (RG.Source, RG.SourceSection, RG.Curation))
_DERIVE = f"""INSERT {{ ?s <{DCTERMS.source}> ?g }} WHERE {{
  {{ SELECT DISTINCT ?s ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(isIRI(?s)) }} }}
  ?g <{RDF.type}> ?c . VALUES ?c {{ {_SOURCE_CLASSES} }}
}}"""
_PREFIX_LINE = re.compile(rb"^\s*(?:@prefix|@base|PREFIX|BASE)\b[^\n]*\n?", re.MULTILINE | re.IGNORECASE)


def in_graph(data: bytes, graph: str) -> bytes:
    """A Turtle document as TriG whose statements all sit in ``graph`` (prefix lines stay outside).

    >>> in_graph(b"@prefix a: <http://x/> .\\na:s a:p a:o .\\n", "http://g").decode()
    '@prefix a: <http://x/> .\\n<http://g> {\\na:s a:p a:o .\\n\\n}\\n'
    """
    head = b"".join(m.group() for m in _PREFIX_LINE.finditer(data))
    body = _PREFIX_LINE.sub(b"", data)
    return head + f"<{graph}> {{\n".encode() + body + b"\n}\n"


def add_derived_sources(store: ox.Store) -> None:
    """State in the default graph, for each subject of a declared source's named graph, ``dcterms:source`` that source."""
    store.update(_DERIVE)


def store_of(g: rdflib.Graph) -> ox.Store | None:
    """The pyoxigraph store behind a loaded graph (``None`` for a plain rdflib graph)."""
    inner = getattr(g.store, "_inner", None)
    return inner if isinstance(inner, ox.Store) else None


def _ox(term):
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    return term


def _py(term):
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return rdflib.Literal(term.value, datatype=None if dt == str(rdflib.XSD.string) else rdflib.URIRef(dt))
    return None


def quads(g: rdflib.Graph, s=None, p=None, o=None):
    """``(s, p, o, graph IRI)`` of every statement in a named graph of the store behind ``g``, as rdflib terms."""
    store = store_of(g)
    if store is None:
        return
    pattern = [None if t is None else _ox(t) for t in (s, p, o)]
    for q in store.quads_for_pattern(*pattern, None):
        if isinstance(q.graph_name, ox.NamedNode):
            yield _py(q.subject), _py(q.predicate), _py(q.object), q.graph_name.value


def named_graphs(g: rdflib.Graph) -> dict[str, rdflib.Graph]:
    """Each named graph behind ``g``, as its own rdflib graph, by IRI (sorted)."""
    out: dict[str, rdflib.Graph] = {}
    for s, p, o, name in quads(g):
        out.setdefault(name, rdflib.Graph()).add((s, p, o))
    return dict(sorted(out.items()))


def _graph_of_label(rg, subject: str, predicate: str, text: str) -> list[str] | None:
    kind = LABEL_PREDICATES.get(predicate)
    d = rg.G.nodes.get(subject) if kind else None
    if d is None:
        return None
    by_text = d.get("label_sources", {}).get(kind)
    return None if by_text is None else list(by_text.get(text, ()))


def sources_of(rg, subject: str, predicate: str, obj) -> list[str]:
    """The source IRIs of one statement ``(subject, predicate, obj)``, article sections first then curated.

    ``obj`` is an IRI (a node) or a literal's text. Labels and relations are
    answered from the projection; other statements from the RDF's named graphs.
    A statement in no named graph (a user's Turtle file) falls back to its
    subject's ``dcterms:source``.

    Examples
    --------
    >>> import rolegraph
    >>> rg = rolegraph.load()
    >>> from rolegraph.provenance import sources_of
    >>> sources_of(rg, rg.ids["ml-engineer"], str(SKOS.altLabel), "MLE")
    ['https://rolegraph.dev/id/curated']
    """
    subject, predicate = str(subject), str(predicate)
    found = None
    if isinstance(obj, str) and obj in rg.G and subject in rg.G:
        rel = next((r for r, p in _relation_names().items() if p == predicate), None)
        data = rg.G.get_edge_data(subject, obj, key=rel) if rel else None
        found = None if data is None else data.get("sources")
    if found is None and not (isinstance(obj, str) and obj in rg.G):
        found = _graph_of_label(rg, subject, predicate, str(obj))
    if found is None:
        o = rdflib.URIRef(obj) if isinstance(obj, str) and re.match(r"^[a-z][a-z0-9+.-]*:", obj) else obj
        if isinstance(o, str) and not isinstance(o, rdflib.URIRef):
            o = None
        found = sorted(
            {
                name
                for s, p, oo, name in quads(rg.rdf, rdflib.URIRef(subject), rdflib.URIRef(predicate), o)
                if o is not None or str(oo) == str(obj)
            }
        )
    if not found and subject in rg.G:
        found = rg.G.nodes[subject]["sources"]
    return order(rg, found)


def order(rg, sources) -> list[str]:
    """Source IRIs in article order, curated last, each once."""
    info = rg.sources
    return sorted(set(sources), key=lambda s: (info.get(s, {}).get("curated", False), info.get(s, {}).get("order", 999), s))


def _relation_names() -> dict[str, str]:
    from .project import RELATIONS

    return {rel: str(p) for p, rel in RELATIONS.items()}
