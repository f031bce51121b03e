"""RDF exports: Turtle, JSON-LD (inline context, never a remote one) and N-Triples."""

from __future__ import annotations

import json

from ..project import RoleGraph
from ..subgraph import Selection

__all__ = ["context", "jsonld", "ntriples", "turtle"]


def turtle(rg: RoleGraph, sel: Selection) -> dict[str, bytes]:
    """Turtle; rdflib sorts subjects and predicates, so the bytes repeat."""
    return {"": sel.rdf.serialize(format="turtle", encoding="utf-8")}


def ntriples(rg: RoleGraph, sel: Selection) -> dict[str, bytes]:
    """N-Triples, one triple a line, lines sorted."""
    text = sel.rdf.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted({line for line in text.split("\n") if line.strip()})  # not splitlines: \x0c, \x85 ... sit in literals
    return {"": ("\n".join(lines) + "\n").encode("utf-8") if lines else b""}


def context(sel: Selection) -> dict[str, str]:
    """The inline JSON-LD context: the graph's prefixes that the data uses."""
    used = set()
    for triple in sel.rdf:
        used.update(str(t) for t in triple)
    ctx = {}
    for prefix, ns in sorted(sel.rdf.namespaces()):
        if prefix and any(u.startswith(str(ns)) for u in used):
            ctx[prefix] = str(ns)
    return ctx


def _sort_value(v):
    return json.dumps(v, sort_keys=True, ensure_ascii=False)


def jsonld(rg: RoleGraph, sel: Selection) -> dict[str, bytes]:
    """JSON-LD with the context written inline; nodes sorted by ``@id``, values sorted."""
    ctx = context(sel)
    doc = json.loads(sel.rdf.serialize(format="json-ld", context=ctx, auto_compact=True, encoding="utf-8"))
    nodes = doc.get("@graph", [doc] if "@id" in doc else [])
    nodes = [{k: v for k, v in n.items() if k != "@context"} for n in nodes]
    for n in nodes:
        for k, v in n.items():
            if isinstance(v, list):
                n[k] = sorted(v, key=_sort_value)
    nodes.sort(key=lambda n: (str(n.get("@id", "")), _sort_value(n)))
    out = {"@context": ctx, "@graph": nodes}
    return {"": (json.dumps(out, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")}
