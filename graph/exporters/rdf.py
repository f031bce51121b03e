"""RDF exports: Turtle, JSON-LD (inline context, never a remote one) and N-Triples, which flatten the
sources' named graphs (each subject citing its sources with ``dcterms:source``), and TriG and N-Quads,
which keep each statement in the named graph of its source."""

from __future__ import annotations

import json

import rdflib
from rdflib import DCTERMS

from ..project import RoleGraph
from ..provenance import quads
from ..subgraph import Selection

__all__ = ["context", "jsonld", "nquads", "ntriples", "trig", "turtle"]


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


def _by_graph(rg: RoleGraph, sel: Selection) -> dict[str | None, rdflib.Graph]:
    """The selection's triples by the named graph they sit in (``None``: the default graph).

    A triple in no named graph (the vocabulary, the sources, a user's Turtle) goes
    to the default graph; a ``dcterms:source`` that flattening derived from a named
    graph is left out, since the graph itself says it.
    """
    where: dict = {}
    for s, p, o, name in quads(rg.rdf):
        where.setdefault((s, p, o), set()).add(name)
    subjects_in = {(s, name) for (s, _, _), names in where.items() for name in names}
    out: dict[str | None, rdflib.Graph] = {}
    for t in sel.rdf:
        names = where.get(t)
        if names:
            for name in names:
                out.setdefault(name, rdflib.Graph()).add(t)
        elif not (t[1] == DCTERMS.source and (t[0], str(t[2])) in subjects_in):
            out.setdefault(None, rdflib.Graph()).add(t)
    return out


def nquads(rg: RoleGraph, sel: Selection) -> dict[str, bytes]:
    """N-Quads, each statement in the named graph of its source, lines sorted."""
    lines = set()
    for name, g in _by_graph(rg, sel).items():
        for line in g.serialize(format="nt", encoding="utf-8").decode("utf-8").split("\n"):
            if line.strip():
                lines.add(line if name is None else f"{line[: line.rstrip().rfind('.')].rstrip()} <{name}> .")
    return {"": ("\n".join(sorted(lines)) + "\n").encode("utf-8") if lines else b""}


def trig(rg: RoleGraph, sel: Selection) -> dict[str, bytes]:
    """TriG: the default graph, then each source's named graph (by IRI), each written as sorted Turtle."""
    prefixes = sorted(context(sel).items())  # the prefixes the data uses
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes)
    parts = [head]
    groups = _by_graph(rg, sel)
    for name in sorted(groups, key=lambda n: (n is not None, n or "")):
        g = rdflib.Graph(bind_namespaces="none")
        for p, ns in prefixes:
            g.bind(p, ns, override=True, replace=True)
        g += groups[name]
        body = "\n".join(
            line for line in g.serialize(format="turtle").splitlines() if not line.startswith(("@prefix", "PREFIX", "@base"))
        ).strip()
        parts.append(("\n" + body + "\n") if name is None else f"\n<{name}> {{\n{body}\n}}\n")
    return {"": "".join(parts).encode("utf-8")}
