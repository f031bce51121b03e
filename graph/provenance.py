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
    "article_named",
    "edge_sources",
    "in_graph",
    "is_source_graph",
    "label_sources",
    "name_statements",
    "named_graphs",
    "order",
    "quads",
    "sources_of",
    "store_of",
]

#: The curated source: statements the rolegraph maintainers add beyond the article.
CURATED = str(RGI.curated)

#: Built-in Turtle files loaded whole into one named graph (the analyser's job-ad vocabulary is curated).
FILE_GRAPHS = {"jd-vocabulary.ttl": CURATED}

#: Name predicates and the kind the projection files their per-name sources under.
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


def is_source_graph(iri: str) -> bool:
    """True for the named graph of a source: an article section (``rgi:src-...``) or the curated source.

    >>> is_source_graph(CURATED), is_source_graph("https://rolegraph.dev/id/src-faq"), is_source_graph("urn:x")
    (True, True, False)
    """
    return iri == CURATED or iri.startswith(f"{RGI}src-")


def named_graphs(g: rdflib.Graph) -> dict[str, rdflib.Graph]:
    """Each named graph behind ``g``, as its own rdflib graph, by IRI (sorted)."""
    out: dict[str, rdflib.Graph] = {}
    for s, p, o, name in quads(g):
        out.setdefault(name, rdflib.Graph()).add((s, p, o))
    return dict(sorted(out.items()))


def edge_sources(rg, u: str, v: str, relation: str) -> list[str]:
    """Source IRIs of the statement behind the edge ``u --relation--> v``.

    The projection keeps them per edge; an edge read from a plain triples file
    (no named graph) cites what its subject node cites.
    """
    data = rg.G.get_edge_data(u, v, key=relation) or {}
    return list(data.get("sources") or rg.G.nodes[u]["sources"])


def label_sources(rg, node: str, text: str) -> list[str]:
    """Source IRIs of the statement giving ``node`` the name ``text`` (its label, a synonym or a hidden label).

    A curated synonym on an article node cites curated. Compared case-insensitively;
    a name with no recorded statement cites what the node cites.
    """
    d = rg.G.nodes[node]
    want = text.casefold()
    found: set[str] = set()
    for by_text in d.get("label_sources", {}).values():
        for label, cited in by_text.items():
            if label.casefold() == want:
                found.update(cited)
    return order(rg, found) if found else list(d["sources"])


_NAME_PREDICATES = {"label": "skos:prefLabel", "alt": "skos:altLabel", "hidden": "skos:hiddenLabel", "definition": "skos:definition"}


def name_statements(rg, node: str, text: str) -> list[dict]:
    """The statements that give ``node`` the name ``text``: ``{"subject", "predicate", "object", "sources"}`` each.

    ``predicate`` is ``skos:prefLabel``, ``skos:altLabel``, ``skos:hiddenLabel`` (or
    ``skos:definition``); ``sources`` are source IRIs. Compared case-insensitively;
    empty when no statement-level sources are known (a user's Turtle file).

    >>> import rolegraph
    >>> rg = rolegraph.load()
    >>> found = name_statements(rg, rg.ids["ml-engineer"], "mle")
    >>> [(s["predicate"], s["object"], [rg.sources[x]["id"] for x in s["sources"]]) for s in found]
    [('skos:altLabel', 'MLE', ['curated'])]
    """
    d = rg.G.nodes[node]
    want, out = text.casefold(), []
    for kind, by_text in sorted(d.get("label_sources", {}).items()):
        for label, cited in sorted(by_text.items()):
            if label.casefold() == want:
                out.append({"subject": d["id"], "predicate": _NAME_PREDICATES[kind], "object": label, "sources": order(rg, cited)})
    return out


def article_named(rg, node: str) -> bool:
    """Whether the article names ``node``: its label's statement cites an article section (or, without
    statement-level sources, the node cites one)."""
    d = rg.G.nodes[node]
    cited = label_sources(rg, node, d["label"])
    return any(not rg.sources.get(s, {}).get("curated", False) for s in cited) if cited else False


def sources_of(rg, subject: str, predicate: str, obj) -> list[str]:
    """Source IRIs of one statement ``(subject, predicate, obj)``: article sections in article order, then curated.

    ``obj`` is a node IRI or a literal's text. Relations and names (labels,
    synonyms, hidden labels, definitions) are answered from the projection;
    anything else from the RDF's named graphs. A statement in no named graph (a
    user's Turtle file) cites what its subject cites.

    Examples
    --------
    >>> import rolegraph
    >>> rg = rolegraph.load()
    >>> [rg.sources[s]["id"] for s in sources_of(rg, rg.ids["ml-engineer"], SKOS.altLabel, "MLE")]
    ['curated']
    >>> [rg.sources[s]["id"] for s in sources_of(rg, rg.ids["ml-engineer"], RG.delivers, rg.ids["fine-tuning-pipelines"])]
    ['src-ml-engineer']
    """
    subject, predicate, obj = str(subject), str(predicate), str(obj)
    rel = _relation_names().get(predicate)
    if rel and subject in rg.G and obj in rg.G and rg.G.has_edge(subject, obj, key=rel):
        return order(rg, edge_sources(rg, subject, obj, rel))
    kind = _NAME_KINDS.get(predicate)
    if kind and subject in rg.G:
        cited = rg.G.nodes[subject].get("label_sources", {}).get(kind, {}).get(obj)
        if cited:
            return order(rg, cited)
    o = rdflib.URIRef(obj) if obj in rg.G or _IRI.match(obj) else None
    found = {
        name for _, _, oo, name in quads(rg.rdf, rdflib.URIRef(subject), rdflib.URIRef(predicate), o) if o is not None or str(oo) == obj
    }
    if not found and subject in rg.G:
        found = set(rg.G.nodes[subject]["sources"])
    return order(rg, found)


_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$")
_NAME_KINDS = {**LABEL_PREDICATES, str(SKOS.definition): "definition"}


def order(rg, sources) -> list[str]:
    """Source IRIs in article order, curated last, each once."""
    info = rg.sources
    return sorted(set(sources), key=lambda s: (info.get(s, {}).get("curated", False), info.get(s, {}).get("order", 999), s))


def _relation_names() -> dict[str, str]:
    """predicate IRI → relation name of the projection's edges."""
    from .project import RELATIONS

    return {str(p): rel for p, rel in RELATIONS.items()}
