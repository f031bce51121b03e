"""The label table of a graph, as ``rolegraph load`` writes it beside the data on an endpoint and reads it back.

``rolegraph load`` puts a graph's label index, one JSON literal of every projected node's IRI, kind, label,
synonyms and hidden labels (:func:`label_index`), in the graph ``<G#labels>`` with its digest
(:func:`write_label_index`); :meth:`rolegraph.remote.Remote.labels` reads it back as a :class:`RoleGraph`
of labels (:func:`index_triples`), or gathers the same table with a query where there is no index
(:func:`label_triples`). Names resolve against that table on an endpoint.
"""

from __future__ import annotations

import hashlib
import json

import pyoxigraph as ox
import rdflib
from rdflib import RDF, SKOS, BNode, Literal, URIRef

from .domain import TYPES
from .endpoint import Endpoint
from .project import RoleGraph

__all__ = ["INDEX_DIGEST", "LABEL_INDEX", "index_triples", "label_index", "label_triples", "write_label_index"]

#: The predicate of the label index ``rolegraph load`` writes: ``<G> LABEL_INDEX "json"`` in the graph ``<G#labels>``.
LABEL_INDEX = "https://rolegraph.dev/index#labels"
#: ... and of its digest, ``<G> INDEX_DIGEST "hex"``: a backend that has the index cached reads only this.
INDEX_DIGEST = "https://rolegraph.dev/index#digest"


def _ox(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    return ox.Literal(str(term), language=term.language or None)


def label_index(rg: RoleGraph) -> str:
    """The label index of a graph: each projected node's IRI, kind, label, synonyms and hidden labels, as JSON."""
    nodes = [[n, d["type"], d["label"], d["alt"], d["hidden"]] for n, d in sorted(rg.G.nodes(data=True))]
    return json.dumps({"version": 1, "nodes": nodes}, ensure_ascii=False, separators=(",", ":"))


def write_label_index(ep: Endpoint, store_url: str, graph_iri: str, rg: RoleGraph, *, replace: bool = True) -> int:
    """Put the label index of ``rg`` beside the named graph ``graph_iri`` (in ``<graph_iri#labels>``); its node count.

    ``replace=False`` adds it to the indexes already there (their nodes are read together).
    """
    g = rdflib.Graph()
    text = label_index(rg)
    g.add((URIRef(graph_iri), URIRef(LABEL_INDEX), Literal(text)))
    g.add((URIRef(graph_iri), URIRef(INDEX_DIGEST), Literal(hashlib.blake2b(text.encode(), digest_size=20).hexdigest())))
    ep.put_graph(store_url, f"{graph_iri}#labels", g.serialize(format="nt", encoding="utf-8"), replace=replace)
    return rg.G.number_of_nodes()


#: node kind → a class that projects to it (the label table's nodes need only their kind)
_KIND_CLASS = {kind: ox.NamedNode(str(c)) for c, kind in reversed(list(TYPES.items()))}


def index_triples(indexes):
    """pyoxigraph triples of label indexes: a type and the labels of each node (kept as they were projected)."""
    rdf_type, pref, alt, hidden = (ox.NamedNode(str(p)) for p in (RDF.type, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel))
    for index in indexes:
        for iri, kind, label, alts, hiddens in index["nodes"]:
            s = ox.NamedNode(iri)
            yield ox.Triple(s, rdf_type, _KIND_CLASS[kind])
            yield ox.Triple(s, pref, ox.Literal(label))
            yield from (ox.Triple(s, alt, ox.Literal(a)) for a in alts)
            yield from (ox.Triple(s, hidden, ox.Literal(h)) for h in hiddens)


def label_triples(rows):
    """pyoxigraph triples of the label table's rows (type and label of each node; blank nodes left out)."""
    rdf_type = ox.NamedNode(str(RDF.type))
    seen = set()
    for row in rows:
        y = row.get("y")
        if not isinstance(y, URIRef):
            continue
        s = ox.NamedNode(str(y))
        t = (s, rdf_type, ox.NamedNode(str(row["c"])))
        if t not in seen:
            seen.add(t)
            yield ox.Triple(*t)
        if "p" in row and isinstance(row.get("l"), Literal):
            t = (s, ox.NamedNode(str(row["p"])), _ox(row["l"]))
            if t not in seen:
                seen.add(t)
                yield ox.Triple(*t)
