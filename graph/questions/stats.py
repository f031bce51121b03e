"""stats: how many nodes of each kind, edges and triples the graph holds."""

from __future__ import annotations

from rdflib import DCTERMS

from ..domain import NODE_TYPES, RELATIONS, TYPES
from ..label_index import INDEX_DIGEST, LABEL_INDEX
from ..namespace import RG
from ..present import table
from ..project import RoleGraph
from . import question

_KEYS = ("roles", "deliverables", "skills", "tools", "overlap_zones", "need_signals", "mis_hires", "claims")


def answer(rg: RoleGraph) -> dict:
    """Node counts per class, and the number of triples."""
    counts = {f"{kind}s": 0 for kind in NODE_TYPES}
    for _, d in rg.G.nodes(data=True):
        counts[f"{d['type']}s"] += 1
    curated = sum(1 for _, d in rg.G.nodes(data=True) if d["curated"])
    return {
        **{k: counts[k] for k in _KEYS},
        "sources": len(rg.sources),
        "curated_nodes": curated,
        "edges": rg.G.number_of_edges(),
        "triples": rg.triples,
    }


def _typed(var: str) -> str:
    return f"?{var} a ?_t_{var} . FILTER(isIRI(?{var}) && ?_t_{var} IN ({', '.join(t.n3() for t in TYPES)}))"


def count(remote) -> dict:
    """The same counts, made by the endpoint with SPARQL ``COUNT`` (the graph is never fetched)."""
    ep = remote.ep
    counts = {f"{kind}s": 0 for kind in NODE_TYPES}
    labels = remote.labels()
    for _, d in labels.G.nodes(data=True):
        counts[f"{d['type']}s"] += 1
    sources = ", ".join(c.n3() for c in (RG.SourceSection, RG.Curation, RG.Source))
    zone, has_side, side_role, covers = RG.OverlapZone.n3(), RG.hasSide.n3(), RG.sideRole.n3(), RG.sideCovers.n3()
    rel_names = " ".join(f'({p.n3()} "{name}")' for p, name in RELATIONS.items())
    src = DCTERMS.source.n3()
    index = f"<{LABEL_INDEX}>, <{INDEX_DIGEST}>"  # the label index rolegraph load writes is not data
    one = ep.select(f"""SELECT ?sources ?curated ?edges ?covers ?triples WHERE {{
  {{ SELECT (COUNT(DISTINCT ?x) AS ?sources) WHERE {{ ?x a ?c . FILTER(?c IN ({sources})) }} }}
  {{ SELECT (COUNT(DISTINCT ?s) AS ?curated) WHERE {{
      {_typed("s")}
      FILTER EXISTS {{ ?s {src} ?any }}
      FILTER NOT EXISTS {{ ?s {src} ?x .
                           FILTER(NOT EXISTS {{ ?x a {RG.Curation.n3()} }} || EXISTS {{ ?x a {RG.SourceSection.n3()} }}) }}
  }} }}
  {{ SELECT (COUNT(*) AS ?edges) WHERE {{ SELECT DISTINCT ?s ?rel ?o WHERE {{
      VALUES (?p ?rel) {{ {rel_names} }} ?s ?p ?o .
      FILTER EXISTS {{ {_typed("s")} }} FILTER EXISTS {{ {_typed("o")} }}
  }} }} }}
  {{ SELECT (COUNT(*) AS ?covers) WHERE {{ SELECT DISTINCT ?r ?i WHERE {{
      ?z a {zone} ; {has_side} ?sd . ?sd {side_role} ?r ; {covers} ?i . FILTER(isIRI(?z))
      FILTER EXISTS {{ {_typed("r")} }} FILTER EXISTS {{ {_typed("i")} }}
  }} }} }}
  {{ SELECT (COUNT(*) AS ?triples) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o . FILTER(?p NOT IN ({index})) }} }} }}
}}""")[0]  # a triple in two graphs counts once; the label index rolegraph load writes is not data
    return {
        **{k: counts[k] for k in _KEYS},
        "sources": int(one["sources"]),
        "curated_nodes": int(one["curated"]),
        "edges": int(one["edges"]) + int(one["covers"]),
        "triples": int(one["triples"]),
    }


def text(r: dict) -> str:
    return table([[k, f"{v:,}"] for k, v in r.items()], ["count", "value"])


QUESTION = question(
    __name__,
    name="stats",
    help="Count the nodes of each class and the triples.",
    example="rolegraph stats",
    count=count,
)
