"""Project the RDF onto a typed networkx graph, once per load.

Only domain nodes (roles, deliverables, skills, tools, zones, signals,
mis-hires, claims) become networkx nodes, and only domain relations become
edges, each keyed by its relation name. Labels, class nodes and schema
triples stay out, so paths never route through ``rdf:type`` or a class.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
import rdflib
from rdflib import DCTERMS, RDF, SKOS, Literal, URIRef

from .namespace import RG, node_id

__all__ = ["RELATIONS", "TRAVERSABLE", "TYPES", "RoleGraph", "project"]

#: rdf:type → node type name, in priority order (a node gets the first that applies).
TYPES: dict[URIRef, str] = {
    RG.Role: "role",
    RG.OverlapZone: "overlap_zone",
    RG.Deliverable: "deliverable",
    RG.Skill: "skill",
    RG.Tool: "tool",
    RG.NeedSignal: "need_signal",
    RG.MisHire: "mis_hire",
    RG.Claim: "claim",
}

#: predicate → relation name for edges between projected nodes.
RELATIONS: dict[URIRef, str] = {
    RG.delivers: "delivers",
    RG.needsSkill: "needsSkill",
    RG.usesTool: "usesTool",
    RG.prerequisiteOf: "prerequisiteOf",
    RG.hasCoreSkill: "hasCoreSkill",
    RG.sharedBy: "sharedBy",
    RG.zoneIncludes: "zoneIncludes",
    RG.indicates: "indicates",
    RG.hiredRole: "hiredRole",
    RG.neededRole: "neededRole",
    RG.notResponsibleFor: "notResponsibleFor",
    RG.distinctFrom: "distinctFrom",
    RG.about: "about",
    SKOS.broader: "broader",
}

#: Relations a path may follow: what a role does and needs, never what it is not.
TRAVERSABLE = frozenset(
    {
        "delivers",
        "needsSkill",
        "usesTool",
        "prerequisiteOf",
        "hasCoreSkill",
        "sharedBy",
        "zoneIncludes",
        "sideCovers",
    }
)


@dataclass
class RoleGraph:
    """A loaded graph: the RDF, its networkx projection and lookup tables.

    Treat it as read-only once built; the app caches one and shares it.
    """

    rdf: rdflib.Graph
    G: nx.MultiDiGraph
    #: public id → IRI
    ids: dict[str, str] = field(default_factory=dict)
    #: zone IRI → {"roles": [role IRI], "split": [{"role", "responsibility", "covers"}]}
    zones: dict[str, dict] = field(default_factory=dict)
    #: source IRI → {"id", "label", "curated", "order"}
    sources: dict[str, dict] = field(default_factory=dict)
    #: derived lookup tables (label index ...), built on first use by their module
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    def node(self, iri: str) -> dict:
        return self.G.nodes[iri]

    def ref(self, iri: str) -> dict:
        """``{"id", "label", "type"}`` of a node, the shape every answer uses."""
        n = self.G.nodes[iri]
        return {"id": n["id"], "label": n["label"], "type": n["type"]}

    def of_type(self, kind: str) -> list[str]:
        """IRIs of every node of a type, sorted by label then id."""
        found = [n for n, d in self.G.nodes(data=True) if d["type"] == kind]
        return sorted(found, key=lambda n: (self.G.nodes[n]["label"].casefold(), self.G.nodes[n]["id"]))

    def out(self, iri: str, relation: str) -> list[str]:
        """Targets of ``relation`` edges leaving ``iri``."""
        return [v for _, v, k in self.G.out_edges(iri, keys=True) if k == relation]

    def into(self, iri: str, relation: str) -> list[str]:
        """Sources of ``relation`` edges arriving at ``iri``."""
        return [u for u, _, k in self.G.in_edges(iri, keys=True) if k == relation]


def _text(values) -> str | None:
    """The English (or untagged, or else any) literal of a set, deterministically."""
    lits = sorted((v for v in values if isinstance(v, Literal)), key=lambda v: (str(v.language or ""), str(v)))
    for want in ("en", None):
        for v in lits:
            if (v.language or None) == want or (want == "en" and (v.language or "").startswith("en")):
                return str(v)
    return str(lits[0]) if lits else None


def _label_of(g: rdflib.Graph, s) -> str:
    return _text(g.objects(s, SKOS.prefLabel)) or _text(g.objects(s, rdflib.RDFS.label)) or node_id(s)


def project(g: rdflib.Graph) -> RoleGraph:
    """Build the :class:`RoleGraph` of an RDF graph."""
    G = nx.MultiDiGraph()
    sources = _sources(g)
    for cls, kind in TYPES.items():
        for s in sorted(set(g.subjects(RDF.type, cls)), key=str):  # sorted: same order whatever the store
            if not isinstance(s, URIRef) or s in G:
                continue
            srcs = sorted({str(o) for o in g.objects(s, DCTERMS.source)}, key=lambda x: (sources.get(x, {}).get("order", 999), x))
            G.add_node(
                str(s),
                id=node_id(s),
                iri=str(s),
                type=kind,
                label=_label_of(g, s),
                alt=sorted({str(o) for o in g.objects(s, SKOS.altLabel)}),
                hidden=sorted({str(o) for o in g.objects(s, SKOS.hiddenLabel)}),
                definition=_text(g.objects(s, SKOS.definition)) or "",
                sources=srcs,
                curated=bool(srcs) and all(sources.get(x, {}).get("curated") for x in srcs),
                matches=sorted(str(o) for o in g.objects(s, SKOS.closeMatch) if isinstance(o, URIRef)),
                primary_output=_text(g.objects(s, RG.primaryOutput)),
                spectrum=next((int(o) for o in g.objects(s, RG.spectrumPosition) if isinstance(o, Literal)), None),
                order=next((int(o) for o in g.objects(s, RG.displayOrder) if isinstance(o, Literal)), None),
                advice=sorted(str(o) for o in g.objects(s, RG.advice)),
                consequence=sorted(str(o) for o in g.objects(s, RG.consequence)),
                scale_note=_text(g.objects(s, RG.scaleNote)),
                claim_kind=_text(g.objects(s, RG.claimKind)),
            )
    for pred, rel in RELATIONS.items():
        for s, o in sorted({(str(s), str(o)) for s, o in g.subject_objects(pred)}):
            if s in G and o in G and not G.has_edge(s, o, key=rel):
                G.add_edge(s, o, key=rel)
    zones = _zones(g, G)
    for z, info in zones.items():
        for side in info["split"]:
            for item in side["covers"]:
                if not G.has_edge(side["role"], item, key="sideCovers"):
                    G.add_edge(side["role"], item, key="sideCovers", zone=z)
    ids = {d["id"]: n for n, d in G.nodes(data=True)}
    return RoleGraph(rdf=g, G=G, ids=ids, zones=zones, sources=sources)


def _sources(g: rdflib.Graph) -> dict[str, dict]:
    out = {}
    for cls in (RG.SourceSection, RG.Curation, RG.Source):
        for s in sorted(set(g.subjects(RDF.type, cls)), key=str):
            if str(s) in out:
                continue
            order = next((int(o) for o in g.objects(s, RG.sectionOrder)), 999)
            out[str(s)] = {
                "id": node_id(s),
                "label": _label_of(g, s),
                "curated": cls == RG.Curation,
                "order": order,
                "anchor": _text(g.objects(s, RG.anchorText)),
            }
    return out


def _zones(g: rdflib.Graph, G: nx.MultiDiGraph) -> dict[str, dict]:
    zones = {}
    # zones in label order, so answers listing several zones do not depend on the store's order
    for z in sorted(
        set(g.subjects(RDF.type, RG.OverlapZone)),
        key=lambda z: (G.nodes[str(z)]["label"].casefold(), str(z)) if str(z) in G else ("", str(z)),
    ):
        if str(z) not in G:
            continue
        roles = sorted(
            (str(r) for r in g.objects(z, RG.sharedBy) if str(r) in G), key=lambda r: (G.nodes[r]["spectrum"] or 99, G.nodes[r]["label"])
        )
        split = []
        for side in sorted(set(g.objects(z, RG.hasSide)), key=str):
            role = next((r for r in sorted(str(r) for r in g.objects(side, RG.sideRole)) if r in G), None)
            if role is None:
                continue
            split.append(
                {
                    "role": role,
                    "responsibility": _text(g.objects(side, RG.responsibility)) or "",
                    "covers": sorted(str(i) for i in g.objects(side, RG.sideCovers) if str(i) in G),
                    "sources": sorted(str(o) for o in g.objects(side, DCTERMS.source)),
                }
            )
        split.sort(key=lambda s: (G.nodes[s["role"]]["spectrum"] or 99, G.nodes[s["role"]]["label"]))
        zones[str(z)] = {"roles": roles, "split": split}
    return zones
