"""The queries of :mod:`rolegraph.queries` and :mod:`rolegraph.need`, answered by a SPARQL endpoint.

The work happens on the endpoint. A name is resolved with SPARQL (exact label,
synonym and id look-ups, then a bounded fuzzy candidate query); then one
CONSTRUCT fetches just the neighbourhood the question needs (the nodes it
inspects, their neighbours, the overlap zones they sit in, and the labels,
definitions and sources of all of those). That small graph is projected with
:func:`graph.project.project` and the very same query function runs on it, so
an answer is the in-memory answer by construction. The whole graph is never
downloaded; ``stats`` is counted with SPARQL ``COUNT``.

Every neighbourhood is a superset of what the in-memory function reads: all
nodes it inspects, with every edge between them, so traversals (shortest paths,
ego graphs, prerequisite closures) see the same structure they would see in
the whole graph.
"""

from __future__ import annotations

import re

import rdflib
from rdflib import DCTERMS, RDF, RDFS, SKOS, Literal, URIRef

from . import queries
from .endpoint import Endpoint
from .errors import BadInputError
from .namespace import INSTANCE_BASE, RG
from .need import WEIGHTS, _check_text, need_from_signals, signal_checklist
from .need import need as need_in
from .project import MATCHES, RELATIONS, TRAVERSABLE, TYPES, RoleGraph, project
from .resolve import _check, _stem, _trigrams, candidates, normalize
from .resolve import resolve as resolve_in
from .textmatch import STOPWORDS, pattern, tokenize

__all__ = ["FUZZY_LIMIT", "Remote"]

#: How many labels the fuzzy candidate query brings back (best trigram overlap first).
FUZZY_LIMIT = 500

_TYPES = " ".join(t.n3() for t in TYPES)
_RELS = " ".join(p.n3() for p in RELATIONS)
_REL_NAMES = " ".join(f'({p.n3()} "{name}")' for p, name in RELATIONS.items())  # two predicates may make one relation
_RELS_LIST = ", ".join(p.n3() for p in RELATIONS)
_WALK_LIST = ", ".join(p.n3() for p, name in RELATIONS.items() if name in TRAVERSABLE)
_LABELS = " ".join(p.n3() for p in (SKOS.prefLabel, RDFS.label, SKOS.altLabel, SKOS.hiddenLabel))
_LABELS_LIST = ", ".join(_LABELS.split())
_LABEL_PREDS_LIST = ", ".join(p.n3() for p in (RDF.type, SKOS.prefLabel, RDFS.label, SKOS.altLabel, SKOS.hiddenLabel))
_ZONE = RG.OverlapZone.n3()
_SIDE_ROLE, _SIDE_COVERS, _HAS_SIDE = RG.sideRole.n3(), RG.sideCovers.n3(), RG.hasSide.n3()
#: A character that separates words for :func:`graph.resolve.normalize` (anything but letters, digits, + and #).
_SEP = r"[^\p{L}\p{N}+#]"
_SLUG = f'REPLACE(STR(?y), {Literal("^" + re.escape(INSTANCE_BASE)).n3()}, "")'
_SAFE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
_REGEX_SPECIAL = set(r"\.^$|?*+()[]{}-")


def _is_typed(var: str) -> str:
    """Filter: ``?var`` (bound elsewhere) is an IRI of one of the projected node classes.

    A filter, not a pattern: joined as a pattern after a UNION, a server may first list
    every typed node of the store.
    """
    return f"FILTER(isIRI(?{var}) && EXISTS {{ ?{var} a ?_t_{var} . VALUES ?_t_{var} {{ {_TYPES} }} }})"


def _typed(var: str) -> str:
    """Pattern: ``?var`` is an IRI of one of the projected node classes."""
    return f"?{var} a ?_t_{var} . VALUES ?_t_{var} {{ {_TYPES} }} FILTER(isIRI(?{var}))"


def _values(nodes) -> str:
    return " ".join(f"<{n}>" for n in sorted(nodes))


def _lit(text: str) -> str:
    return Literal(text).n3()


def _rx(word: str) -> str:
    return "".join("\\" + c if c in _REGEX_SPECIAL else c for c in word)


def _forms(stem: str) -> list[str]:
    """Regex alternatives for every word whose singular (see ``resolve._singular``) is ``stem``, and the stem itself."""
    forms = [_rx(stem) + "(?:e?s)?"]
    if stem.endswith("y"):
        forms.append(_rx(stem[:-1]) + "ies")
    return forms


def _words_pattern(stems, count: int | None = None) -> str:
    """A regex matching a label made only of words from ``stems`` (``count`` of them, if given)."""
    word = "(?:" + "|".join(f for s in sorted(set(stems)) for f in _forms(s)) + ")"
    more = f"{{{count - 1}}}" if count else "*"
    return f"^{_SEP}*{word}(?:{_SEP}+{word}){more}{_SEP}*$"


def _stems_pattern(stems) -> str:
    """A regex matching a label every word of which could have one of ``stems`` as its stem, or is a stopword.

    ``textmatch.stem`` only strips endings and changes at most the last two letters, so
    each word starts with its stem less two letters (less one for short stems).
    """
    starts = set()
    for s in stems:
        base = re.sub(r"[^\w]|_", "", s)
        starts.add(base[:-2] if len(base) >= 5 else base[:-1] if len(base) >= 3 else base)
    starts = sorted(x for x in starts if x)
    kept = [x for x in starts if not any(x != y and x.startswith(y) for y in starts)]
    whole = sorted(set(STOPWORDS) | {"s", "t"})  # whole words; "s" and "t" after an apostrophe
    word = "(?:" + "|".join(_rx(x) for x in whole) + "|(?:" + "|".join(_rx(x) for x in kept or ["\\p{L}"]) + r")[\p{L}\p{N}]*)"
    return rf"^[^\p{{L}}\p{{N}}]*(?:{word}[^\p{{L}}\p{{N}}]+)*(?:{word})?$"


class Remote:
    """Query functions over a SPARQL endpoint; each returns what its in-memory twin returns."""

    def __init__(self, endpoint: Endpoint):
        self.ep = endpoint

    def __repr__(self) -> str:
        return f"Remote({self.ep!r})"

    # ------------------------------------------------------------------ building blocks

    def _nodes(self, query: str, var: str = "y") -> set[str]:
        return {str(row[var]) for row in self.ep.select(query) if var in row}

    def adjacent(self, nodes, *, side_zones: bool = True) -> set[str]:
        """Projected nodes one edge away from ``nodes`` (either direction, zone sides included)."""
        if not nodes:
            return set()
        x = f"VALUES ?x {{ {_values(nodes)} }}"  # repeated in each branch: see fetch()
        zones = (
            f"UNION {{ {x} ?sd {_SIDE_ROLE}|{_SIDE_COVERS} ?x . ?y {_HAS_SIDE} ?sd ; a {_ZONE} }}"  # zones giving x a side edge
            if side_zones
            else ""
        )
        return self._nodes(f"""SELECT DISTINCT ?y WHERE {{
  {{ {x} ?x ?p ?y . FILTER(?p IN ({_RELS_LIST})) }} UNION {{ {x} ?y ?p ?x . FILTER(?p IN ({_RELS_LIST})) }}
  UNION {{ {x} ?sd {_SIDE_ROLE} ?x ; {_SIDE_COVERS} ?y . ?z {_HAS_SIDE} ?sd ; a {_ZONE} . FILTER(isIRI(?z)) }}
  UNION {{ {x} ?sd {_SIDE_COVERS} ?x ; {_SIDE_ROLE} ?y . ?z {_HAS_SIDE} ?sd ; a {_ZONE} . FILTER(isIRI(?z)) }}
  {zones}
  {_is_typed("y")}
}}""")

    def _zone_closure(self, nodes: set[str]) -> set[str]:
        """``nodes`` plus every zone touching them and every member of those zones."""
        if not nodes:
            return set()
        zones = self._nodes(
            f"""SELECT DISTINCT ?y WHERE {{
  {{ VALUES ?x {{ {_values(nodes)} }} ?y {RG.zoneIncludes.n3()} ?x }}
  UNION {{ VALUES ?x {{ {_values(nodes)} }} ?sd {_SIDE_ROLE}|{_SIDE_COVERS} ?x . ?y {_HAS_SIDE} ?sd }}
  UNION {{ VALUES ?y {{ {_values(nodes)} }} }}
  ?y a {_ZONE} . FILTER(isIRI(?y))
}}"""
        )
        members = set()
        if zones:
            members = self._nodes(f"""SELECT DISTINCT ?y WHERE {{
  VALUES ?z {{ {_values(zones)} }}
  {{ ?z {RG.sharedBy.n3()} ?y }} UNION {{ ?z {_HAS_SIDE} ?sd . ?sd {_SIDE_ROLE}|{_SIDE_COVERS} ?y }}
  {_is_typed("y")}
}}""")
        return nodes | zones | members

    def fetch(self, nodes, *, labels_only: bool = False) -> rdflib.Graph:
        """One CONSTRUCT: what project() needs to know of ``nodes``, and the edges among them.

        Every triple about a node is fetched except relations to nodes outside ``nodes``
        (so an attribute project() starts reading later is there too), with the zone
        sides of zones and the sources the nodes cite.
        """
        if not nodes:
            return rdflib.Graph()
        vals = _values(nodes)
        listed = ", ".join(f"<{n}>" for n in sorted(nodes))
        if labels_only:
            # FILTER IN, not VALUES ?p: a server may join two VALUES blocks as a cross product first
            return self.ep.construct(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {vals} }} ?s ?p ?o . FILTER(?p IN ({_LABEL_PREDS_LIST})) }}"
            )
        src = DCTERMS.source.n3()
        return self.ep.construct(f"""CONSTRUCT {{ ?s ?p ?o . ?s {_HAS_SIDE} ?sd . ?sd ?sp ?so . ?s {src} ?src . ?src ?cp ?co }}
WHERE {{
  {{ VALUES ?s {{ {vals} }} ?s ?p ?o . FILTER(?p NOT IN ({_RELS_LIST})) }}
  UNION {{ VALUES ?s {{ {vals} }} ?s ?p ?o . FILTER(?p IN ({_RELS_LIST}) && ?o IN ({listed})) }}
  UNION {{ VALUES ?s {{ {vals} }} ?s a {_ZONE} ; {_HAS_SIDE} ?sd . ?sd ?sp ?so }}
  UNION {{ VALUES ?s {{ {vals} }} ?s {src} ?src . ?src ?cp ?co }}
}}""")  # VALUES inside each branch: joined outside the UNION, a server may run every branch on the whole store

    def view(self, inspected=(), extra=()) -> RoleGraph:
        """The projected neighbourhood: ``inspected`` with all their neighbours, ``extra``, and their zones."""
        inspected = set(inspected)
        nodes = inspected | self.adjacent(inspected) | set(extra)
        g = self.fetch(self._zone_closure(nodes))
        return project(g, quads=self.provenance(g))

    def provenance(self, g: rdflib.Graph) -> list[tuple]:
        """``(s, p, o, source)`` of the fetched statements that sit in a source's named graph (statement-level sources)."""
        sources = sorted({str(o) for o in g.objects(None, DCTERMS.source) if isinstance(o, URIRef)})
        subjects = sorted({str(s) for s in g.subjects() if isinstance(s, URIRef)})
        if not sources or not subjects:
            return []
        rows = self.ep.select(
            f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?s {{ {_values(subjects)} }} GRAPH ?g {{ ?s ?p ?o }} }}",
            named=sources,
        )
        return [(r["s"], r["p"], r["o"], r["g"]) for r in rows if (r["s"], r["p"], r["o"]) in g]

    def _owner_footprint(self, nodes) -> tuple[set[str], set[str]]:
        """What ``queries._owners`` reads for ``nodes``: (nodes it inspects, roles of the deliverables they feed)."""
        if not nodes:
            return set(), set()
        inspected = self._nodes(
            f"""SELECT DISTINCT ?y WHERE {{
  VALUES ?n {{ {_values(nodes)} }}
  ?n (^{RG.usesTool.n3()}|^{SKOS.broader.n3()})* ?y .
  {_is_typed("y")}
}}"""
        )
        roles = self._nodes(
            f"""SELECT DISTINCT ?y WHERE {{
  VALUES ?x {{ {_values(inspected)} }}
  ?d {RG.needsSkill.n3()} ?x . ?y {RG.delivers.n3()} ?d .
  {_is_typed("y")}
}}"""
        )
        return inspected, roles

    def _all_of(self, kind: str) -> set[str]:
        """Every node of one type, whichever class it has (a role is an rg:Role or an ESCO or O*NET occupation)."""
        classes = ", ".join(c.n3() for c, k in TYPES.items() if k == kind)
        return self._nodes(f"SELECT DISTINCT ?y WHERE {{ ?y a ?c . FILTER(?c IN ({classes}) && isIRI(?y)) }}")

    # ------------------------------------------------------------------ names

    def _label_candidates(self, key: str) -> set[str]:
        """Nodes one of whose labels or ids could normalize to ``key`` or its stem (a superset)."""
        words = key.split()
        stems = set(words) | set(_stem(key).split())
        pattern = _lit(_words_pattern(stems, len(words)))
        # two queries: as one UNION, a server may take three times as long
        # untyped nodes are left out later by project(); a type filter here costs more than it saves
        by_label = self._nodes(f"""SELECT DISTINCT ?y WHERE {{
  VALUES ?p {{ {_LABELS} }} ?y ?p ?l . FILTER(isLiteral(?l) && REGEX(STR(?l), {pattern}, "i"))
}}""")
        by_id = self._nodes(f"""SELECT DISTINCT ?y WHERE {{
  ?y a ?c . VALUES ?c {{ {_TYPES} }} FILTER(isIRI(?y) && REGEX({_SLUG}, {pattern}, "i"))
}}""")
        return by_label | by_id

    def _fuzzy_candidates(self, key: str) -> set[str]:
        """The labels sharing most three-letter pieces with ``key`` (at most FUZZY_LIMIT).

        Labels are normalized on the server as :func:`graph.resolve.normalize` does (lower
        case, one space between words, padded) and scored on the same trigrams as the
        in-memory fuzzy match, ties in label order; plural endings are dropped too.
        """
        grams = sorted(_trigrams(key))
        score = " + ".join(f"IF(CONTAINS(?lc, {_lit(g)}) || CONTAINS(?ls, {_lit(g)}), 1, 0)" for g in grams[:60])
        words = f'REPLACE(REPLACE(LCASE(STR(?l)), {_lit(_SEP + "+")}, " "), "^ +| +$", "")'
        ies, s = _lit(r"(\S\S)ies( |$)"), _lit(r"(\S\S[^s ])s( |$)")
        plural = f'REPLACE(REPLACE(?n, {ies}, "$1y$2"), {s}, "$1$2")'
        return self._nodes(f"""SELECT ?y (MAX(?score) AS ?best) (MIN(?n) AS ?first) WHERE {{
  {{ ?y a ?c . VALUES ?c {{ {_TYPES} }} ?y ?p ?l . FILTER(?p IN ({_LABELS_LIST}) && isLiteral(?l) && isIRI(?y)) }}
  UNION {{ ?y a ?c . VALUES ?c {{ {_TYPES} }} FILTER(isIRI(?y)) BIND({_SLUG} AS ?l) }}
  FILTER(STRLEN(STR(?l)) <= 200)
  BIND({words} AS ?n)
  BIND(CONCAT("  ", ?n, " ") AS ?lc)
  BIND(CONCAT("  ", {plural}, " ") AS ?ls)
  BIND(({score}) AS ?score)
  FILTER(?score > 0)
}} GROUP BY ?y ORDER BY DESC(?best) ?first STR(?y) LIMIT {FUZZY_LIMIT}""")

    def _direct(self, text: str) -> set[str]:
        iris = [t for t in (text, INSTANCE_BASE + text) if _SAFE_IRI.match(t)]
        if not iris:
            return set()
        return self._nodes(f"SELECT DISTINCT ?y WHERE {{ VALUES ?y {{ {_values(iris)} }} {_typed('y')} }}")

    def resolve(self, text: str, *, types=None, expected: str | None = None) -> dict:
        """:func:`graph.resolve.resolve` over the endpoint: same match, alternatives and suggestions."""
        text = _check(text)
        key = normalize(text)
        nodes = self._direct(text) | self._label_candidates(key)
        small = project(self.fetch(nodes, labels_only=True))
        found = [c for c in candidates(small, text, types=types) if c["score"] >= 1.0]
        if not found:  # no exact match: memory then tries fuzzy matches too, so fetch the likely ones
            nodes |= self._fuzzy_candidates(key)
            small = project(self.fetch(nodes, labels_only=True))
        return resolve_in(small, text, types=types, expected=expected)

    # ------------------------------------------------------------------ the queries

    def roles(self) -> dict:
        return queries.roles(project(self.fetch(self._all_of("role"))))

    def describe(self, name: str) -> dict:
        m = self.resolve(name)
        inspected, roles = self._match_footprint(m["iri"])
        return _as_asked(queries.describe(self.view({m["iri"]} | inspected, roles), m["iri"]), name, m)

    def owner(self, text: str) -> dict:
        m = self.resolve(text)
        inspected, roles = self._owner_footprint({m["iri"]})
        more, more_roles = self._match_footprint(m["iri"])
        return _as_asked(queries.owner(self.view(inspected | more, roles | more_roles), m["iri"]), text, m)

    def _match_footprint(self, n: str) -> tuple[set[str], set[str]]:
        """What ``queries.esco_match`` reads: the node's ``skos:closeMatch`` targets (ESCO ...) and their owners."""
        mapping = "|".join(p.n3() for p in MATCHES)  # closeMatch, broadMatch, relatedMatch ...
        matches = self._nodes(f"SELECT DISTINCT ?y WHERE {{ <{n}> {mapping} ?y . {_is_typed('y')} }}")
        if not matches:
            return set(), set()
        inspected, roles = self._owner_footprint(matches)
        delivered = self._nodes(f"SELECT DISTINCT ?y WHERE {{ <{n}> {RG.delivers.n3()} ?y . {_is_typed('y')} }}")  # role_skills(n)
        return inspected | delivered, roles

    def compare(self, first: str, second: str) -> dict:
        a, b = (self.resolve(x, types={"role"}, expected="role")["iri"] for x in (first, second))
        if a == b:
            return queries.compare(project(self.fetch({a}, labels_only=True)), a, b)  # raises the same error
        delivered = self._nodes(
            f"SELECT DISTINCT ?y WHERE {{ VALUES ?r {{ {_values({a, b})} }} ?r {RG.delivers.n3()}|(^{_SIDE_ROLE}/{_SIDE_COVERS}) ?y . "
            f"{_is_typed('y')} }}"
        )
        return queries.compare(self.view({a, b} | delivered), a, b)

    def path(self, start: str, goal: str) -> dict:
        a, b = (self.resolve(x, types={"role"}, expected="role")["iri"] for x in (start, goal))
        if a == b:
            return queries.path(project(self.fetch({a}, labels_only=True)), a, b)  # raises the same error
        skills = self._nodes(f"""SELECT DISTINCT ?y WHERE {{
  VALUES ?r {{ {_values({a, b})} }}
  {{ ?r {RG.delivers.n3()} ?y }}
  UNION {{ ?r {RG.hasCoreSkill.n3()}|({RG.delivers.n3()}/{RG.needsSkill.n3()})|(^{_SIDE_ROLE}/{_SIDE_COVERS}) ?s .
          ?s ^{RG.prerequisiteOf.n3()}* ?y }}
  {_is_typed("y")}
}}""")  # role_skills: core skills, deliverables' skills, what the role's side of a zone covers
        return queries.path(self.view({a, b} | skills, self._walk_balls(a, b)), a, b)

    def _walk_balls(self, a: str, b: str, max_rounds: int = 64) -> set[str]:
        """Every node on a shortest walk from ``a`` to ``b`` (and more), found by a two-sided Dijkstra.

        Weights are counted in half steps (``sharedBy`` 1, other walkable relations 2),
        as in ``queries._walk_graph``. Both sides grow until their radius reaches half
        the best known walk; every node of every shortest walk is then within that
        radius of one end.
        """
        dist = {a: {a: 0}, b: {b: 0}}
        best = None
        for t in range(max_rounds):
            for end in (a, b):
                frontier = [n for n, d in dist[end].items() if d == t]
                for n, m, w in self._walk_step(frontier):
                    d = dist[end][n] + w
                    if d < dist[end].get(m, d + 1):
                        dist[end][m] = d
            common = dist[a].keys() & dist[b].keys()
            if common:
                best = min(dist[a][x] + dist[b][x] for x in common)
            done_a, done_b = (all(d <= t for d in dist[e].values()) for e in (a, b))
            if (best is not None and 2 * t >= best) or (done_a and done_b):
                return {n for e in (a, b) for n, d in dist[e].items() if d <= t}
        raise BadInputError(f"no walk found within {max_rounds} steps between {a} and {b}")

    def _walk_step(self, frontier) -> list[tuple[str, str, int]]:
        if not frontier:
            return []
        x = f"VALUES ?x {{ {_values(frontier)} }}"
        rows = self.ep.select(f"""SELECT ?x ?y (MIN(?w) AS ?wt) WHERE {{
  {{ {x} ?x ?p ?y . FILTER(?p IN ({_WALK_LIST})) BIND(IF(?p = {RG.sharedBy.n3()}, 1, 2) AS ?w) }}
  UNION {{ {x} ?y ?p ?x . FILTER(?p IN ({_WALK_LIST})) BIND(IF(?p = {RG.sharedBy.n3()}, 1, 2) AS ?w) }}
  UNION {{ {x} ?sd {_SIDE_ROLE} ?x ; {_SIDE_COVERS} ?y . ?z {_HAS_SIDE} ?sd ; a {_ZONE} . FILTER(isIRI(?z)) BIND(2 AS ?w) }}
  UNION {{ {x} ?sd {_SIDE_COVERS} ?x ; {_SIDE_ROLE} ?y . ?z {_HAS_SIDE} ?sd ; a {_ZONE} . FILTER(isIRI(?z)) BIND(2 AS ?w) }}
  {_is_typed("y")}
}} GROUP BY ?x ?y""")
        return [(str(r["x"]), str(r["y"]), int(r["wt"])) for r in rows if str(r["x"]) != str(r["y"])]

    def neighbours(self, name: str, *, radius: int = 1, types=None, limit: int | None = None) -> dict:
        queries.check_radius(radius)
        queries._check_types(types)
        m = self.resolve(name)
        view = self.view(extra=self.ball(m["iri"], radius))
        return _as_asked(queries.neighbours(view, m["iri"], radius=radius, types=types, limit=limit), name, m)

    def ball(self, centre: str, radius: int) -> set[str]:
        """IRIs of the nodes within ``radius`` edges of ``centre``, either direction (breadth first on the endpoint)."""
        ball, frontier = {centre}, {centre}
        for _ in range(radius):
            frontier = self.adjacent(frontier, side_zones=False) - ball
            ball |= frontier
        return ball

    def need(self, text: str, meaning: bool | None = None, occupations: bool = False) -> dict:
        """:func:`graph.need.need` on the endpoint: the labels the text could match, their owners, every role and mis-hire."""
        _check_text(text)
        stems = {t.stem for t in tokenize(text)}
        return need_in(self._need_view(self._phrase_candidates(stems)), text, meaning=meaning, occupations=occupations)

    def signal_checklist(self) -> list[dict]:
        return signal_checklist(self._need_view(self._all_of("need_signal")))

    def need_from_signals(self, signal_ids) -> dict:
        return need_from_signals(self._need_view(self._all_of("need_signal")), signal_ids)

    def _phrase_candidates(self, stems: set[str]) -> set[str]:
        """Need signals, deliverables, skills and tools with a label whose every word stem is in ``stems`` (a superset)."""
        if not stems:
            return set()
        names = ", ".join(p.n3() for p in (SKOS.prefLabel, RDFS.label, SKOS.altLabel, SKOS.hiddenLabel))
        kinds = " ".join(c.n3() for c, k in TYPES.items() if k in WEIGHTS)
        rows = self.ep.select(f"""SELECT DISTINCT ?y ?l WHERE {{
  {{ ?y a ?k . VALUES ?k {{ {kinds} }} ?y ?p ?l . FILTER(?p IN ({names}) && isLiteral(?l)) }}
  UNION {{ ?y a ?k . VALUES ?k {{ {kinds} }} BIND({_SLUG} AS ?l) }}
  FILTER(isIRI(?y))
  FILTER(REGEX(STR(?l), {_lit(_stems_pattern(stems))}, "i"))
}}""")
        return {str(r["y"]) for r in rows if (pat := pattern(str(r["l"]))) and set(pat) <= stems}

    def _need_view(self, nodes: set[str]) -> RoleGraph:
        """What need() reads of ``nodes``: their owners (and fallback owners), every role and every mis-hire."""
        parents = set()
        if nodes:
            parents = self._nodes(
                f"SELECT DISTINCT ?y WHERE {{ VALUES ?x {{ {_values(nodes)} }} ?x {SKOS.broader.n3()} ?y . {_is_typed('y')} }}"
            )
        inspected, roles = self._owner_footprint(nodes | parents)
        fallback = set()
        if nodes:
            fallback = self._nodes(f"""SELECT DISTINCT ?y WHERE {{
  VALUES ?x {{ {_values(nodes)} }} ?x {RG.needsSkill.n3()} ?s . ?y {RG.hasCoreSkill.n3()} ?s . {_is_typed("y")}
}}""")
        return self.view(inspected | self._all_of("mis_hire"), roles | fallback | self._all_of("role"))

    def stats(self) -> dict:
        """:func:`graph.queries.stats`, counted on the endpoint."""
        ranked = list(TYPES.items())
        pairs = " ".join(f"({c.n3()} {i})" for i, (c, _) in enumerate(ranked))
        rows = self.ep.select(f"""SELECT ?rank (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  VALUES (?c ?rank) {{ {pairs} }}
  ?s a ?c . FILTER(isIRI(?s))
  FILTER NOT EXISTS {{ VALUES (?c2 ?r2) {{ {pairs} }} ?s a ?c2 . FILTER(?r2 < ?rank) }}
}} GROUP BY ?rank""")
        counts = {f"{kind}s": 0 for kind in queries.NODE_TYPES}
        for row in rows:
            counts[f"{ranked[int(row['rank'])][1]}s"] += int(row["n"])
        sources = " ".join(c.n3() for c in (RG.SourceSection, RG.Curation, RG.Source))
        one = self.ep.select(f"""SELECT ?sources ?curated ?edges ?covers ?triples WHERE {{
  {{ SELECT (COUNT(DISTINCT ?x) AS ?sources) WHERE {{ VALUES ?c {{ {sources} }} ?x a ?c }} }}
  {{ SELECT (COUNT(DISTINCT ?s) AS ?curated) WHERE {{
      {_typed("s")}
      FILTER EXISTS {{ ?s {DCTERMS.source.n3()} ?any }}
      FILTER NOT EXISTS {{ ?s {DCTERMS.source.n3()} ?x .
                           FILTER(NOT EXISTS {{ ?x a {RG.Curation.n3()} }} || EXISTS {{ ?x a {RG.SourceSection.n3()} }}) }}
  }} }}
  {{ SELECT (COUNT(*) AS ?edges) WHERE {{ SELECT DISTINCT ?s ?rel ?o WHERE {{
      VALUES (?p ?rel) {{ {_REL_NAMES} }} ?s ?p ?o .
      FILTER EXISTS {{ {_typed("s")} }} FILTER EXISTS {{ {_typed("o")} }}
  }} }} }}
  {{ SELECT (COUNT(*) AS ?covers) WHERE {{ SELECT DISTINCT ?r ?i WHERE {{
      ?z a {_ZONE} ; {_HAS_SIDE} ?sd . ?sd {_SIDE_ROLE} ?r ; {_SIDE_COVERS} ?i . FILTER(isIRI(?z))
      FILTER EXISTS {{ {_typed("r")} }} FILTER EXISTS {{ {_typed("i")} }}
  }} }} }}
  {{ SELECT (COUNT(*) AS ?triples) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o }} }} }}  # a triple in two graphs counts once
}}""")[0]
        return {
            **{k: counts[k] for k in ("roles", "deliverables", "skills", "tools", "overlap_zones", "need_signals", "mis_hires", "claims")},
            "sources": int(one["sources"]),
            "curated_nodes": int(one["curated"]),
            "edges": int(one["edges"]) + int(one["covers"]),
            "triples": int(one["triples"]),
        }


def _as_asked(answer: dict, text: str, match: dict) -> dict:
    """The answer as if asked with ``text``: the query as typed and the alternatives found on the endpoint."""
    if "query" in answer:
        answer["query"] = text
    answer["alternatives"] = match["alternatives"]
    return answer
