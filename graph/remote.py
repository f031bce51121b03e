"""The part of a graph a question reads, fetched from a SPARQL endpoint.

A :class:`Remote` knows how to ask an endpoint for pieces of the graph: the
nodes one edge away from some nodes, the closure of one relation, the zones
around them, and, in one CONSTRUCT, everything :func:`rolegraph.project.project`
needs to know of a set of nodes. Each question's ``footprint`` (see
:mod:`rolegraph.questions`) puts these together into the neighbourhood it
reads; the question's own answer function then runs on that small projected
graph, so an answer on the endpoint is the in-memory answer by construction.

Names are resolved against a label table fetched once per endpoint (every
projected node with its type and labels); the need analysis finds its phrase
candidates in the same table. ``rolegraph load`` writes that table beside the
data, as one literal in the graph ``<G#labels>``, so
when every graph queried has its index (:mod:`rolegraph.label_index`), the table is read with one look-up
instead of a scan of the store's labels (and kept in the local cache under the
index's digest); otherwise it is gathered with a query. No query carries a regex, and no IRI is
built from what a user typed: queries only name IRIs that came from the endpoint.

The shapes are kept to what every engine tested runs alike (Oxigraph and
Virtuoso 7): a ``VALUES`` block with plain triple patterns, no property path
with ``*`` or ``+``, no ``FILTER`` beside a ``VALUES`` block. Closures are
walked a step at a time, and what a step finds is filtered here, not on the
server.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading

import rdflib
from rdflib import DCTERMS, RDF, RDFS, SKOS, URIRef

from .cache import remembered
from .domain import RELATIONS, TYPES
from .endpoint import Endpoint
from .label_index import INDEX_DIGEST, LABEL_INDEX, index_triples, label_triples
from .namespace import RG
from .project import MATCHES, RoleGraph, project, project_triples
from .provenance import is_source_graph

__all__ = ["CHUNK", "Remote"]

#: At most this many IRIs in one VALUES block (a longer list is asked in parts).
CHUNK = 400

_LABEL_PREDS = (SKOS.prefLabel, RDFS.label, SKOS.altLabel, SKOS.hiddenLabel)
_CLASSES = ", ".join(c.n3() for c in TYPES)
_LABEL_LIST = ", ".join(p.n3() for p in _LABEL_PREDS)
_LIGHT_LIST = ", ".join(p.n3() for p in (RDF.type, *_LABEL_PREDS, RG.primaryOutput, RG.spectrumPosition, RG.displayOrder))
_REL = {str(p): name for p, name in RELATIONS.items()}
_SIDE_ROLE, _SIDE_COVERS, _HAS_SIDE = RG.sideRole.n3(), RG.sideCovers.n3(), RG.hasSide.n3()


def _values(nodes) -> str:
    return " ".join(f"<{n}>" for n in sorted(nodes))


def _chunks(nodes):
    nodes = sorted(nodes)
    for i in range(0, len(nodes), CHUNK):
        yield nodes[i : i + CHUNK]


class Remote:
    """Pieces of the graph held by one SPARQL endpoint (see the module docstring)."""

    def __init__(self, endpoint: Endpoint):
        self.ep = endpoint
        self._labels: RoleGraph | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Remote({self.ep!r})"

    # ------------------------------------------------------------------ the label table

    def labels(self) -> RoleGraph:
        """Every projected node with its type and labels, read once (names resolve against it).

        From the label index ``rolegraph load`` wrote, when every graph queried has one (kept in the
        local cache under the indexes' digests, so a later run reads only the digests); else gathered
        with a query.
        """
        if self._labels is None:
            with self._lock:
                if self._labels is None:
                    self._labels = self._indexed() or project_triples(
                        label_triples(
                            self.ep.select(f"""SELECT ?y ?c ?p ?l WHERE {{
  ?y a ?c . FILTER(?c IN ({_CLASSES}))
  OPTIONAL {{ ?y ?p ?l . FILTER(?p IN ({_LABEL_LIST})) }}
}}""")
                        )
                    )
        return self._labels

    def _indexed(self) -> RoleGraph | None:
        """The label table from the indexes of the graphs queried, when every one of them has one (else None).

        With named graphs (``ROLEGRAPH_GRAPH``) each must have its index. On a server's default graph
        (the union of its graphs), every named graph there must have one, but for the sources' graphs that
        ``rolegraph load`` puts beside the indexed one (their statements are copies); data in the server's own
        default graph is not seen by this check, and ``rolegraph load`` never writes there.
        """
        graphs = self.ep.graphs
        where = dataclasses.replace(self.ep, graphs=tuple(f"{g}#labels" for g in graphs)) if graphs else self.ep
        digests = {str(r["g"]): str(r["d"]) for r in where.select(f"SELECT ?g ?d WHERE {{ ?g <{INDEX_DIGEST}> ?d }}")}
        if not digests:
            return None
        if not graphs:
            named = {str(r["g"]) for r in self.ep.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }") if "g" in r}
            # a source's named graph (provenance) repeats statements of the graph `rolegraph load` indexed beside it
            graphs = tuple(sorted(g for g in named if not g.endswith("#labels") and not is_source_graph(g)))
        if not graphs or not set(graphs) <= set(digests):
            return None
        key = hashlib.blake2b("\0".join(digests[g] for g in sorted(graphs)).encode(), digest_size=20).hexdigest()

        def build() -> RoleGraph:
            rows = where.select(f"SELECT ?g ?x WHERE {{ ?g <{LABEL_INDEX}> ?x }}")
            return project_triples(index_triples(json.loads(str(r["x"])) for r in rows if str(r["g"]) in graphs))

        return remembered(f"labels-{key}", build)

    def known(self, iri: str) -> bool:
        """True when ``iri`` is a projected node of the endpoint's graph."""
        return iri in self.labels().G

    def all_of(self, kind: str) -> set[str]:
        """Every node of one kind (a role is an ``rg:Role`` or an ESCO or O*NET occupation)."""
        return set(self.labels().of_type(kind))

    # ------------------------------------------------------------------ steps

    def _select(self, nodes, body: str) -> list[dict]:
        """Rows of ``SELECT * WHERE { VALUES ?x {...} body }``, the nodes asked in parts."""
        rows: list[dict] = []
        for part in _chunks(nodes):
            rows += self.ep.select(f"SELECT * WHERE {{ VALUES ?x {{ {_values(part)} }} {body} }}")
        return rows

    def links(self, nodes, relations=None, *, out: bool = True, into: bool = True) -> list[tuple[str, str, str]]:
        """``(x, relation, y)`` for each relation edge between ``nodes`` (the x) and another projected node.

        ``relations`` keeps only those relation names; ``out``/``into`` pick the direction
        (x the subject, x the object).
        """
        known = self.labels().G
        found = []
        for direction, pattern in (("out", "?x ?p ?y"), ("into", "?y ?p ?x")):
            if not (out if direction == "out" else into):
                continue
            for row in self._select(nodes, pattern):
                rel = _REL.get(str(row["p"]))
                y = row.get("y")
                if rel is None or not isinstance(y, URIRef) or str(y) not in known:
                    continue
                if relations is None or rel in relations:
                    found.append((str(row["x"]), rel, str(y)))
        return found

    def side_links(self, nodes) -> list[tuple[str, str, str]]:
        """``(x, y, zone)`` for each zone side that links ``x`` (its role or an item it covers) to ``y``."""
        known = self.labels().G
        found = []
        for here, there in ((_SIDE_ROLE, _SIDE_COVERS), (_SIDE_COVERS, _SIDE_ROLE)):
            for row in self._select(nodes, f"?sd {here} ?x . ?sd {there} ?y . ?z {_HAS_SIDE} ?sd ."):
                y, z = str(row["y"]), str(row["z"])
                if y in known and z in known and known.nodes[z]["type"] == "overlap_zone":
                    found.append((str(row["x"]), y, z))
        return found

    def adjacent(self, nodes, *, side_zones: bool = True) -> set[str]:
        """Projected nodes one edge away from ``nodes`` (either direction, zone sides included)."""
        if not nodes:
            return set()
        found = {y for _, _, y in self.links(nodes)}
        for _, y, z in self.side_links(nodes):
            found.add(y)
            if side_zones:
                found.add(z)
        if side_zones:  # zones whose side names x
            found |= self._side_zones(nodes)
        return found

    def _side_zones(self, nodes) -> set[str]:
        known = self.labels().G
        found = set()
        for prop in (_SIDE_ROLE, _SIDE_COVERS):
            for row in self._select(nodes, f"?sd {prop} ?x . ?z {_HAS_SIDE} ?sd ."):
                z = str(row["z"])
                if z in known and known.nodes[z]["type"] == "overlap_zone":
                    found.add(z)
        return found

    def closure(self, nodes, relations, *, into: bool = True) -> set[str]:
        """``nodes`` and every node reached from them by following ``relations`` edges backwards (or forwards)."""
        seen, frontier = set(nodes), set(nodes)
        while frontier:
            step = {y for _, _, y in self.links(frontier, relations, out=not into, into=into)}
            frontier = step - seen
            seen |= frontier
        return seen

    def zone_closure(self, nodes: set[str]) -> set[str]:
        """``nodes`` plus every zone touching them and every member of those zones."""
        if not nodes:
            return set()
        known = self.labels().G
        zones = {n for n in nodes if known.nodes[n]["type"] == "overlap_zone"}
        zones |= {y for _, _, y in self.links(nodes, {"zoneIncludes"}, out=False) if known.nodes[y]["type"] == "overlap_zone"}
        zones |= self._side_zones(nodes)
        members = set()
        if zones:
            members = {y for _, _, y in self.links(zones, {"sharedBy"}, into=False)}
            for row in self._select(zones, f"?x {_HAS_SIDE} ?sd . ?sd ?p ?y ."):
                if str(row["p"]) in (str(RG.sideRole), str(RG.sideCovers)) and str(row["y"]) in known:
                    members.add(str(row["y"]))
        return nodes | zones | members

    # ------------------------------------------------------------------ the neighbourhood

    def fetch(self, nodes) -> rdflib.Graph:
        """One CONSTRUCT: every triple about ``nodes``, the sides of their zones and the sources they cite.

        Relations to nodes outside ``nodes`` come along, but their targets carry no type
        here, so the projection leaves them out: the view holds the edges among ``nodes``.
        """
        g = rdflib.Graph()
        src = DCTERMS.source.n3()
        for part in _chunks(nodes):
            vals = _values(part)
            g += self.ep.construct(f"""CONSTRUCT {{ ?s ?p ?o . ?s {_HAS_SIDE} ?sd . ?sd ?sp ?so . ?s {src} ?c . ?c ?cp ?co }}
WHERE {{
  {{ VALUES ?s {{ {vals} }} ?s ?p ?o }}
  UNION {{ VALUES ?s {{ {vals} }} ?s {_HAS_SIDE} ?sd . ?sd ?sp ?so }}
  UNION {{ VALUES ?s {{ {vals} }} ?s {src} ?c . ?c ?cp ?co }}
}}""")
        return g

    def fetch_light(self, nodes) -> rdflib.Graph:
        """What a list of ``nodes`` shows (type, labels, primary output, place on the spectrum), not their relations."""
        g = rdflib.Graph()
        for part in _chunks(nodes):
            g += self.ep.construct(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {_values(part)} }} ?s ?p ?o . FILTER(?p IN ({_LIGHT_LIST})) }}"
            )
        return g

    def view(self, inspected=(), extra=(), light=()) -> RoleGraph:
        """The projected neighbourhood: ``inspected`` with all their neighbours, ``extra``, and their zones;
        ``light`` nodes join with what they show only (:meth:`fetch_light`)."""
        inspected = set(inspected)
        nodes = self.zone_closure(inspected | self.adjacent(inspected) | set(extra))
        g = self.fetch(nodes)
        if set(light) - nodes:
            g += self.fetch_light(set(light) - nodes)
        return self.projected(g)

    def projected(self, g: rdflib.Graph) -> RoleGraph:
        """The :class:`RoleGraph` of fetched triples, each statement citing the source whose named graph holds it."""
        return project(g, quads=self.provenance(g))

    def provenance(self, g: rdflib.Graph) -> list[tuple]:
        """``(s, p, o, source)`` of the fetched statements that sit in a source's named graph (statement-level sources)."""
        sources = sorted({str(o) for o in g.objects(None, DCTERMS.source) if isinstance(o, URIRef)})
        subjects = sorted({str(s) for s in g.subjects() if isinstance(s, URIRef)})
        if not sources or not subjects:
            return []
        rows: list[dict] = []
        for part in _chunks(subjects):
            rows += self.ep.select(f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?s {{ {_values(part)} }} GRAPH ?g {{ ?s ?p ?o }} }}", named=sources)
        return [(r["s"], r["p"], r["o"], r["g"]) for r in rows if (r["s"], r["p"], r["o"]) in g]

    def role_reach(self, roles) -> tuple[set[str], set[str]]:
        """What :func:`rolegraph.domain.role_skills` reads of ``roles``: (their deliverables, their skills)."""
        delivered = {y for _, _, y in self.links(roles, {"delivers"}, into=False)}
        skills = {y for _, _, y in self.links(roles, {"hasCoreSkill", "essential"}, into=False)}
        skills |= {y for _, _, y in self.links(delivered, {"needsSkill"}, into=False)}
        known = self.labels().G  # and what each role's side of a zone covers
        skills |= {y for x, y, _ in self.side_links(roles) if x in roles and known.nodes[y]["type"] == "skill"}
        return delivered, skills

    def owner_reach(self, nodes) -> tuple[set[str], set[str]]:
        """What :func:`rolegraph.answers.owners` reads for ``nodes``: (nodes it inspects, roles of the deliverables they feed).

        A tool's owners are the owners of whatever uses it, a skill group's those of its
        narrower skills: both followed to the end.
        """
        if not nodes:
            return set(), set()
        inspected = self.closure(nodes, {"usesTool", "broader"})
        deliverables = {y for _, _, y in self.links(inspected, {"needsSkill"}, out=False)}
        roles = {y for _, _, y in self.links(deliverables, {"delivers"}, out=False)}
        return inspected, roles

    def match_reach(self, n: str) -> tuple[set[str], set[str]]:
        """What :func:`rolegraph.answers.esco_match` reads: the node's ``skos:closeMatch`` (broadMatch ...) targets and their owners."""
        mapping = {str(p) for p in MATCHES}  # closeMatch, broadMatch, relatedMatch ...: filtered here, not on the server
        rows = self._select({n}, "?x ?p ?y .")
        matches = {str(r["y"]) for r in rows if str(r["p"]) in mapping and isinstance(r["y"], URIRef) and self.known(str(r["y"]))}
        if not matches:
            return set(), set()
        inspected, roles = self.owner_reach(matches)
        delivered = {y for _, _, y in self.links({n}, {"delivers"}, into=False)}  # role_skills(n)
        return inspected | delivered, roles

    def ball(self, centre: str, radius: int) -> set[str]:
        """IRIs of the nodes within ``radius`` edges of ``centre``, either direction (breadth first on the endpoint)."""
        ball, frontier = {centre}, {centre}
        for _ in range(radius):
            frontier = self.adjacent(frontier, side_zones=False) - ball
            ball |= frontier
        return ball
