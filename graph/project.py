"""Project the RDF onto a typed networkx graph, once per load.

Only domain nodes (roles, deliverables, skills, tools, zones, signals,
mis-hires, claims) become networkx nodes, and only domain relations become
edges, each keyed by its relation name. Labels, class nodes and schema
triples stay out, so paths never route through ``rdf:type`` or a class.

Imported taxonomies join the same projection: ESCO occupations are roles and
ESCO skills (and skill groups) skills, linked by ``essential`` and ``optional``
edges; O*NET occupations are roles and their technologies tools.

The projection reads only the triples it needs, collected in a :class:`Facts`
index either straight from pyoxigraph's parser (:func:`project_files`, the
fast path every load takes) or from an rdflib graph (:func:`project`).
"""

from __future__ import annotations

import threading

import networkx as nx
import pyoxigraph as ox
import rdflib
from rdflib import DCTERMS, RDF, RDFS, SKOS

from .domain import RELATIONS, TRAVERSABLE, TYPES
from .limits import limits
from .load import _to_ox, rdflib_triples, read_triples
from .namespace import RG, node_id

__all__ = ["MATCHES", "RELATIONS", "TRAVERSABLE", "TYPES", "Facts", "RoleGraph", "facts_of", "project", "project_files", "project_triples"]

_SOURCE_CLASSES = (RG.SourceSection, RG.Curation, RG.Source)
#: SKOS mapping properties → how close a match to a taxonomy concept is (ESCO ...), closest first
MATCHES = {
    SKOS.exactMatch: "exact",
    SKOS.closeMatch: "close",
    SKOS.broadMatch: "broad",
    SKOS.narrowMatch: "narrow",
    SKOS.relatedMatch: "related",
}
_TYPE = str(RDF.type)
#: the predicates whose values the projection reads (labels, notes, relations ...)
_PREDICATES = tuple(
    str(p)
    for p in (
        SKOS.prefLabel,
        RDFS.label,
        SKOS.altLabel,
        SKOS.hiddenLabel,
        SKOS.definition,
        DCTERMS.source,
        *MATCHES,
        RG.primaryOutput,
        RG.spectrumPosition,
        RG.displayOrder,
        RG.advice,
        RG.consequence,
        RG.scaleNote,
        RG.claimKind,
        RG.sectionOrder,
        RG.anchorText,
        RG.hasSide,
        RG.sideRole,
        RG.responsibility,
        RG.sideCovers,
        *RELATIONS,
    )
)


def _term(t):
    """A pyoxigraph term as the projection keeps it: IRI → str, blank node → ``"_:id"``, literal → (text, lang)."""
    kind = type(t)
    if kind is ox.NamedNode:
        return t.value
    if kind is ox.Literal:
        return (t.value, t.language)
    return "_:" + t.value


class Facts:
    """The triples a projection reads, indexed by predicate then subject, and the count of distinct triples.

    Objects are IRIs (``str``), blank nodes (``"_:id"``) or literals (``(text, lang)``).
    """

    def __init__(self):
        self.types: dict[str, dict[str, None]] = {str(c): {} for c in (*TYPES, *_SOURCE_CLASSES)}
        self.values: dict[str, dict[str, dict]] = {p: {} for p in _PREDICATES}
        self._seen: set[int] = set()
        #: (subject, predicate, object) → {named graph: None}, for the statements of a dataset (provenance)
        self.graphs: dict[tuple, dict[str, None]] = {}
        #: subject → {named graph: None}: the graphs a subject has statements in
        self.subject_graphs: dict[str, dict[str, None]] = {}

    @property
    def triples(self) -> int:
        return len(self._seen)

    def add_all(self, quads, *, dataset: bool = False) -> None:
        """Index pyoxigraph triples or quads (a quad's named graph is kept as the statement's source)."""
        if dataset:
            quads = self._with_graphs(quads)
        seen_add, values_get, types, rdf_type = self._seen.add, self.values.get, self.types, _TYPE
        named, literal = ox.NamedNode, ox.Literal
        for q in quads:  # the hot loop of a load: ~1 µs a triple, keep it lean
            seen_add(hash(q.triple) if dataset else hash(q))
            p = q.predicate.value
            by_subject = values_get(p)
            if by_subject is None:
                if p == rdf_type and type(q.object) is named:
                    members = types.get(q.object.value)
                    if members is not None:
                        members[_term(q.subject)] = None
                continue
            s = q.subject
            s = s.value if type(s) is named else "_:" + s.value
            o = q.object
            kind = type(o)
            o = o.value if kind is named else (o.value, o.language) if kind is literal else "_:" + o.value
            objs = by_subject.get(s)
            if objs is None:
                by_subject[s] = {o: None}
            else:
                objs[o] = None

    def _with_graphs(self, quads):
        """Pass quads through, noting the named graph of each (the statement's source).

        Every subject's graphs are noted (its ``dcterms:source``); a statement's only
        for the predicates the projection reads (labels, relations ...), to keep a
        large N-Quads file's index small.
        """
        graphs, subjects, named, literal, read = self.graphs, self.subject_graphs, ox.NamedNode, ox.Literal, self.values
        for q in quads:
            g = q.graph_name
            if type(g) is named:
                s = q.subject
                s = s.value if type(s) is named else "_:" + s.value
                subjects.setdefault(s, {})[g.value] = None
                p = q.predicate.value
                if p in read:
                    o = q.object
                    kind = type(o)
                    o = o.value if kind is named else (o.value, o.language) if kind is literal else "_:" + o.value
                    graphs.setdefault((s, p, o), {})[g.value] = None
            yield q

    def note_graphs(self, quads) -> None:
        """Note the named graph of each quad's statement, without indexing the statement again."""
        for _ in self._with_graphs(quads):
            pass

    def graphs_of(self, s: str, p, o) -> list[str]:
        """The named graphs a statement sits in (empty when it came from a plain triples file)."""
        return list(self.graphs.get((s, str(p), o), ()))

    def of_type(self, cls) -> list[str]:
        return list(self.types.get(str(cls), ()))

    def objects(self, s: str, p) -> list:
        return list(self.values[str(p)].get(s, ()))

    def pairs(self, p):
        for s, objs in self.values[str(p)].items():
            for o in objs:
                yield s, o


_PREF, _RDFS_LABEL, _ALT, _HIDDEN = str(SKOS.prefLabel), str(RDFS.label), str(SKOS.altLabel), str(SKOS.hiddenLabel)
_DEFINITION, _SOURCE = str(SKOS.definition), str(DCTERMS.source)
_OUTPUT, _SPECTRUM, _ORDER = str(RG.primaryOutput), str(RG.spectrumPosition), str(RG.displayOrder)
_ADVICE, _CONSEQUENCE, _SCALE, _CLAIM = str(RG.advice), str(RG.consequence), str(RG.scaleNote), str(RG.claimKind)


def _text(values) -> str | None:
    """The English (or untagged, or else any) literal of a set, deterministically."""
    lits = [v for v in values if v.__class__ is tuple]
    if len(lits) == 1 and (lits[0][1] or "en").startswith("en"):
        return lits[0][0]
    lits.sort(key=lambda v: (v[1] or "", v[0]))
    for want in ("en", None):
        for v in lits:
            if (v[1] or None) == want or (want == "en" and (v[1] or "").startswith("en")):
                return v[0]
    return lits[0][0] if lits else None


def _str(v) -> str:
    return v[0] if isinstance(v, tuple) else v


def _int(values) -> int | None:
    return next((int(v[0]) for v in values if isinstance(v, tuple)), None)


def _label_of(f: Facts, s: str) -> str:
    return _text(f.objects(s, SKOS.prefLabel)) or _text(f.objects(s, RDFS.label)) or node_id(s)


class RoleGraph:
    """A loaded graph: the RDF, its networkx projection and lookup tables.

    Treat it as read-only once built; the app caches one and shares it. ``rdf``
    (an rdflib graph over a pyoxigraph store) is built on first use, so answering
    queries never waits for it.
    """

    def __init__(self, rdf=None, G=None, ids=None, zones=None, sources=None, cache=None, *, triples=None, rdf_loader=None):
        self._rdf = rdf
        self._rdf_loader = rdf_loader
        self._lock = threading.RLock()
        self.G: nx.MultiDiGraph = G if G is not None else nx.MultiDiGraph()
        #: public id → IRI
        self.ids: dict[str, str] = ids if ids is not None else {}
        #: zone IRI → {"roles": [role IRI], "split": [{"role", "responsibility", "covers"}]}
        self.zones: dict[str, dict] = zones if zones is not None else {}
        #: source IRI → {"id", "label", "curated", "order"}
        self.sources: dict[str, dict] = sources if sources is not None else {}
        #: derived lookup tables (label index ...), built on first use by their module
        self.cache: dict = cache if cache is not None else {}
        self._triples = triples
        #: ``(name, build) -> value``: where derived tables persist between runs (set by the load cache)
        self._derived_store = None

    def __repr__(self) -> str:
        return f"RoleGraph({self.G.number_of_nodes()} nodes, {self.G.number_of_edges()} edges)"

    def attach(self, *, rdf_loader=None, tables=None) -> RoleGraph:
        """Give the graph how to build ``rdf`` on first use and where derived tables persist
        (``tables(name, build) -> value``, e.g. :class:`rolegraph.cache.Tables`); returns the graph."""
        if rdf_loader is not None:
            self._rdf_loader = rdf_loader
        self._derived_store = tables
        return self

    def __getstate__(self) -> dict:
        """The projection only: the RDF, its loader and derived tables are rebuilt after unpickling."""
        state = dict(self.__dict__)
        del state["_lock"]
        state.update(_rdf=None, _rdf_loader=None, cache={}, _derived_store=None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._lock = threading.RLock()

    @property
    def rdf(self) -> rdflib.Graph:
        """The RDF the graph was projected from (read-only by convention)."""
        if self._rdf is None:
            with self._lock:
                if self._rdf is None:
                    self._rdf = self._rdf_loader() if self._rdf_loader else rdflib.Graph()
        return self._rdf

    @property
    def triples(self) -> int:
        """How many distinct triples the RDF holds (known without building ``rdf``)."""
        if self._triples is None:
            self._triples = len(self.rdf)
        return self._triples

    def derived(self, name: str, build, *, keep: bool = True):
        """A table derived from the graph (an index ...), made once by ``build()`` and kept in ``cache``.

        With a load cache and ``keep`` (the default), the table is also kept on disk
        beside the cached projection, so the next run reads it instead of building it.
        Only tables that follow from the graph belong here: the graph may be shared
        between sessions, so nothing about one session is written into it.
        """
        value = self.cache.get(name)
        if value is None:
            with self._lock:
                value = self.cache.get(name)
                if value is None:
                    store = self._derived_store if keep else None
                    value = store(name, build) if store is not None else build()
                    self.cache[name] = value
        return value

    def ref(self, iri: str) -> dict:
        """``{"id", "label", "type"}`` of a node, the shape every answer uses."""
        n = self.G.nodes[iri]
        return {"id": n["id"], "label": n["label"], "type": n["type"]}

    def of_type(self, kind: str) -> list[str]:
        """IRIs of every node of a type, sorted by label then id."""
        by_type = self.cache.get("of_type")
        if by_type is None:
            by_type = {}
            for n, d in self.G.nodes(data=True):
                by_type.setdefault(d["type"], []).append(n)
            for members in by_type.values():
                members.sort(key=lambda n: (self.G.nodes[n]["label"].casefold(), self.G.nodes[n]["id"]))
            self.cache["of_type"] = by_type
        return list(by_type.get(kind, ()))

    def out(self, iri: str, relation: str) -> list[str]:
        """Targets of ``relation`` edges leaving ``iri``."""
        return [v for v, keys in self.G._succ[iri].items() if relation in keys]

    def into(self, iri: str, relation: str) -> list[str]:
        """Sources of ``relation`` edges arriving at ``iri``."""
        return [u for u, keys in self.G._pred[iri].items() if relation in keys]


def project(g: rdflib.Graph, *, quads=()) -> RoleGraph:
    """Build the :class:`RoleGraph` of an RDF graph.

    ``quads``: ``(s, p, o, graph IRI)`` rdflib terms giving the named graph (source)
    of statements of ``g`` (an endpoint's ``GRAPH ?g`` rows), for statement-level sources.
    """
    f = Facts()
    f.add_all(rdflib_triples(g))
    f.note_graphs(ox.Quad(*(_to_ox(t) for t in (s, p, o)), ox.NamedNode(str(name))) for s, p, o, name in quads)
    return _assemble(f, rdf=g, triples=len(g))


def project_triples(triples) -> RoleGraph:
    """Build the :class:`RoleGraph` of pyoxigraph triples (no ``rdf`` view: an endpoint's label table ...)."""
    f = Facts()
    f.add_all(triples)
    return _assemble(f, triples=f.triples)


def facts_of(checked) -> Facts:
    """A :class:`Facts` index of checked files (``(path, format, bytes)``, see ``load.read_checked``), each parsed once."""
    f = Facts()
    cap = limits().max_triples_per_file
    for path, fmt, data in checked:
        f.add_all(read_triples(path, fmt, data, cap), dataset=fmt in ("trig", "nquads"))
    return f


def project_files(checked, *, rdf_loader=None) -> RoleGraph:
    """The :class:`RoleGraph` of checked files, parsed by pyoxigraph; ``rdf`` is built by ``rdf_loader`` on first use."""
    f = facts_of(checked)
    return _assemble(f, triples=f.triples + _derived_count(f), rdf_loader=rdf_loader)


def _derived_count(f: Facts) -> int:
    """How many ``dcterms:source`` triples flattening adds: one per subject and declared source whose graph it is in."""
    declared = {s for cls in _SOURCE_CLASSES for s in f.of_type(cls)}
    cite, n = ox.NamedNode(_SOURCE), 0
    for s, graphs in f.subject_graphs.items():
        if s.startswith("_:"):
            continue
        for g in graphs:
            if g in declared and hash(ox.Triple(ox.NamedNode(s), cite, ox.NamedNode(g))) not in f._seen:
                n += 1
    return n


def _assemble(f: Facts, *, rdf=None, triples=None, rdf_loader=None) -> RoleGraph:
    sources = _sources(f)
    v = f.values
    pref, label, alt, hidden = v[_PREF], v[_RDFS_LABEL], v[_ALT], v[_HIDDEN]
    definition, cites = v[_DEFINITION], v[_SOURCE]
    matches = [(v[str(p)], kind) for p, kind in MATCHES.items()]
    output, spectrum, order = v[_OUTPUT], v[_SPECTRUM], v[_ORDER]
    advice, consequence, scale, claim = v[_ADVICE], v[_CONSEQUENCE], v[_SCALE], v[_CLAIM]
    none = ()
    nodes: dict[str, dict] = {}
    by_order = _source_order(sources)
    for cls, kind in TYPES.items():
        for s in f.of_type(cls):
            if s.startswith("_:") or s in nodes:
                continue
            srcs = by_order({_str(o) for o in cites.get(s, none)} | {g for g in f.subject_graphs.get(s, none) if g in sources})
            nodes[s] = {
                "id": node_id(s),
                "iri": s,
                "type": kind,
                "label": _text(pref.get(s, none)) or _text(label.get(s, none)) or node_id(s),
                "alt": sorted({_str(o) for o in alt.get(s, none)}),
                "hidden": sorted({_str(o) for o in hidden.get(s, none)}),
                "definition": _text(definition.get(s, none)) or "",
                "sources": srcs,
                "curated": bool(srcs) and all(sources.get(x, {}).get("curated") for x in srcs),
                "matches": sorted({o for m, _ in matches for o in m.get(s, none) if o.__class__ is str and not o.startswith("_:")}),
                "primary_output": _text(output.get(s, none)),
                "spectrum": _int(spectrum.get(s, none)),
                "order": _int(order.get(s, none)),
                "advice": sorted(_str(o) for o in advice.get(s, none)),
                "consequence": sorted(_str(o) for o in consequence.get(s, none)),
                "scale_note": _text(scale.get(s, none)),
                "claim_kind": _text(claim.get(s, none)),
            }
            if s in f.subject_graphs:
                nodes[s]["label_sources"] = _label_sources(f, s, by_order)
            kinds = {o: kind for m, kind in reversed(matches) for o in m.get(s, none) if o.__class__ is str}
            if kinds:
                nodes[s]["match_kinds"] = kinds
    G = nx.MultiDiGraph()
    G._node.update(nodes)  # what add_nodes_from does, without copying every attribute dict
    G._succ.update((n, {}) for n in nodes)
    G._pred.update((n, {}) for n in nodes)
    # Edges go straight into networkx's adjacency (succ[u][v] and pred[v][u] share one key dict,
    # as MultiDiGraph.add_edge does): add_edges_from costs ~10 µs an edge, this ~1 µs.
    succ, pred, graphs = G._succ, G._pred, f.graphs
    for p, rel in RELATIONS.items():
        ps = str(p)
        for s, objs in f.values[ps].items():
            if s not in nodes:
                continue
            out = succ[s]
            for o in objs:
                if o.__class__ is not str or o not in nodes:
                    continue
                keys = out.get(o)
                if keys is None:
                    keys = out[o] = pred[o][s] = {}
                if rel not in keys:
                    keys[rel] = {}
                if graphs:
                    cited = graphs.get((s, ps, o))
                    if cited:
                        keys[rel]["sources"] = by_order(set(keys[rel].get("sources", ())) | set(cited))
    zones = _zones(f, G, by_order)
    for z, info in zones.items():
        for side in info["split"]:
            for item in side["covers"]:
                if not G.has_edge(side["role"], item, key="sideCovers"):
                    G.add_edge(side["role"], item, key="sideCovers", zone=z, sources=side["covers_sources"].get(item, side["sources"]))
    ids = {d["id"]: n for n, d in G.nodes(data=True)}
    return RoleGraph(rdf, G, ids, zones, sources, triples=triples, rdf_loader=rdf_loader)


def _source_order(sources: dict[str, dict]):
    """A function sorting source IRIs: article sections in article order, curated last."""

    def by_order(iris) -> list[str]:
        return sorted(iris, key=lambda x: (sources.get(x, {}).get("curated", False), sources.get(x, {}).get("order", 999), x))

    return by_order


_LABELS = (
    (SKOS.prefLabel, "label"),
    (RDFS.label, "label"),
    (SKOS.altLabel, "alt"),
    (SKOS.hiddenLabel, "hidden"),
    (SKOS.definition, "definition"),
)


def _label_sources(f: Facts, s: str, by_order) -> dict[str, dict[str, list[str]]]:
    """``{"label"|"alt"|"hidden"|"definition": {text: [source IRIs]}}``: where each name and definition of ``s`` comes from."""
    out: dict[str, dict[str, list[str]]] = {}
    for p, kind in _LABELS:
        for o in f.objects(s, p):
            cited = f.graphs_of(s, p, o)
            if cited:
                out.setdefault(kind, {})[_str(o)] = by_order(cited)
    return out


def _sources(f: Facts) -> dict[str, dict]:
    out = {}
    for cls in _SOURCE_CLASSES:
        for s in f.of_type(cls):
            if s in out:
                continue
            order = _int(f.objects(s, RG.sectionOrder))
            out[s] = {
                "id": node_id(s),
                "label": _label_of(f, s),
                "curated": cls == RG.Curation,
                "order": 999 if order is None else order,
                "anchor": _text(f.objects(s, RG.anchorText)),
            }
    return out


def _zones(f: Facts, G: nx.MultiDiGraph, by_order) -> dict[str, dict]:
    zones = {}
    # sorted: answers that list several zones (path's bridges) must not follow the order triples arrived in
    for z in sorted(f.of_type(RG.OverlapZone)):
        if z not in G:
            continue
        roles = sorted(
            (r for r in f.objects(z, RG.sharedBy) if isinstance(r, str) and r in G),
            key=lambda r: (G.nodes[r]["spectrum"] or 99, G.nodes[r]["label"]),
        )
        split = []
        for side in sorted(f.objects(z, RG.hasSide), key=str):
            role = next((r for r in f.objects(side, RG.sideRole) if isinstance(r, str) and r in G), None)
            if role is None:
                continue
            split.append(
                {
                    "role": role,
                    "responsibility": _text(f.objects(side, RG.responsibility)) or "",
                    "covers": sorted(i for i in f.objects(side, RG.sideCovers) if isinstance(i, str) and i in G),
                    "sources": by_order({_str(o) for o in f.objects(side, DCTERMS.source)} | set(f.subject_graphs.get(side, ()))),
                    "responsibility_sources": by_order(
                        f.graphs_of(side, RG.responsibility, next(iter(f.objects(side, RG.responsibility)), None))
                    ),
                    "covers_sources": {
                        i: by_order(f.graphs_of(side, RG.sideCovers, i))
                        for i in f.objects(side, RG.sideCovers)
                        if f.graphs_of(side, RG.sideCovers, i)
                    },
                }
            )
        split.sort(key=lambda s: (G.nodes[s["role"]]["spectrum"] or 99, G.nodes[s["role"]]["label"]))
        zones[z] = {"roles": roles, "split": split}
    return zones
