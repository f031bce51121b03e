"""The domain model, in one place: kinds of node, relations, ownership levels, the article's roles.

Everything that knows what a role, a skill or an overlap zone *is* reads it here:
the projection (which classes and predicates become nodes and edges), the
questions (levels and their ranks, what a role has), the CLI and the explorer
(kind order, names and colours) and the exports (a role's part).

A new taxonomy is an importer plus a :class:`Profile` added to :data:`PROFILES`.

>>> NODE_TYPES[:3]
('role', 'overlap_zone', 'deliverable')
>>> LEVEL_RANK["core"] < LEVEL_RANK["shared"]
True
>>> relation_text("prerequisiteOf")
'is learned before'
>>> source_name("http://data.europa.eu/esco/occupation/258e46f9")
'ESCO'
>>> len({colour for _, colour, _, _ in KIND_STYLES.values()}) == len(KIND_STYLES)
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from rdflib import SKOS, URIRef

from .namespace import ESCO_MODEL, ONET, RG

__all__ = [
    "ARTICLE_ROLES",
    "KIND_STYLES",
    "LEVELS",
    "LEVEL_RANK",
    "MAP_KINDS",
    "NAME_RANK",
    "NODE_TYPES",
    "PROFILES",
    "RELATIONS",
    "RELATION_TEXT",
    "TRAVERSABLE",
    "TYPES",
    "UNKNOWN_STYLE",
    "Profile",
    "check_types",
    "level_text",
    "relation_text",
    "role_order",
    "role_part",
    "role_skills",
    "source_name",
    "spectrum_key",
    "zone_part",
]


#: node kind → (legend name, fill colour, vis-network shape, legend symbol), in display order (legends,
#: ``--types``, exports); every colour distinct, and none of them the red of a highlighted path.
KIND_STYLES: dict[str, tuple[str, str, str, str]] = {
    "role": ("Role", "#1d4ed8", "box", "▬"),
    "overlap_zone": ("Overlap zone (shared)", "#b91c1c", "hexagon", "⬢"),
    "deliverable": ("Deliverable", "#d97706", "diamond", "◆"),
    "skill": ("Skill", "#059669", "dot", "●"),
    "tool": ("Tool", "#7c3aed", "triangle", "▲"),
    "need_signal": ("Need signal", "#0891b2", "square", "■"),
    "mis_hire": ("Mis-hire", "#4b5563", "triangleDown", "▼"),
    "claim": ("Claim", "#a8a29e", "star", "★"),
}
UNKNOWN_STYLE = ("Other", "#9ca3af", "dot", "●")
#: Node kinds, as used in answers and ``--types`` filters, in display order.
NODE_TYPES: tuple[str, ...] = tuple(KIND_STYLES)
#: The kinds the landing map draws: the article's map, with skills and tools folded away.
MAP_KINDS = ("role", "overlap_zone", "deliverable")
#: When a name matches nodes of several kinds equally well, the kind it most likely means comes first.
NAME_RANK: dict[str, int] = {
    k: i for i, k in enumerate(("role", "skill", "deliverable", "tool", "overlap_zone", "need_signal", "mis_hire", "claim"))
}

#: relation → what it says, read from the source node to the target node (edge keys of the projection).
RELATION_TEXT: dict[str, str] = {
    "delivers": "delivers",
    "needsSkill": "needs the skill",
    "usesTool": "uses the tool",
    "prerequisiteOf": "is learned before",
    "hasCoreSkill": "has as a core skill",
    "sharedBy": "is shared by",
    "zoneIncludes": "includes",
    "sideCovers": "covers, on its side of the zone",
    "indicates": "points to the role",
    "hiredRole": "hired",
    "neededRole": "needed",
    "notResponsibleFor": "is not responsible for",
    "distinctFrom": "is not the same job as",
    "about": "is about",
    "broader": "is part of",
    "essential": "needs (essential, ESCO)",
    "optional": "may use (optional, ESCO)",
    "hotTechnology": "uses the in-demand technology",
}

#: Relations a learning path may follow: what a role does and needs, never what it is not.
TRAVERSABLE = frozenset(
    {"delivers", "needsSkill", "usesTool", "prerequisiteOf", "hasCoreSkill", "sharedBy", "zoneIncludes", "sideCovers"}
    | {"essential", "optional"}
)

#: ownership level → what it means, in the order owners are listed.
LEVELS: dict[str, str] = {
    "primary": "the role's main output",
    "core": "a core skill of the role",
    "essential": "ESCO lists it as essential for the occupation",
    "deliverable": "needed for something the role delivers",
    "zone-side": "the role's side of an overlap zone it shares",
    "shared": "in an overlap zone the role shares with another",
    "optional": "ESCO lists it as optional for the occupation",
    "uses": "a tool the role uses",
    "indicated": "a need that points to the role",
}
#: ownership level → rank (``owner`` lists a role at its strongest, lowest-ranked level; core and essential tie).
LEVEL_RANK: dict[str, int] = {"primary": 0, "core": 1, "essential": 1, "deliverable": 2, "zone-side": 3, "shared": 4}
LEVEL_RANK |= {"optional": 5, "uses": 6, "indicated": 7}

#: node kind → (relation to its roles, level) for the kinds owned through one relation
OWNED_BY_RELATION: dict[str, tuple[str, str]] = {
    "overlap_zone": ("sharedBy", "shared"),
    "need_signal": ("indicates", "indicated"),
    "mis_hire": ("neededRole", "primary"),
    "claim": ("about", "primary"),
}

#: The article's three roles, in spectrum order: the mix the ``need`` flags describe.
ARTICLE_ROLES = ("data-engineer", "ml-engineer", "ai-engineer")


@dataclass(frozen=True)
class Profile:
    """How one vocabulary maps onto the model: class → kind, predicate → relation, how its matches show."""

    name: str
    classes: dict[URIRef, str] = field(default_factory=dict)
    relations: dict[URIRef, str] = field(default_factory=dict)
    #: how a ``skos:closeMatch`` into this vocabulary is shown ("ESCO match")
    match_label: str = ""


#: One profile per vocabulary the projection reads, in priority order (a node gets the first kind that applies).
PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile(
            "rolegraph",
            {
                RG.Role: "role",
                RG.OverlapZone: "overlap_zone",
                RG.Deliverable: "deliverable",
                RG.Skill: "skill",
                RG.Tool: "tool",
                RG.NeedSignal: "need_signal",
                RG.MisHire: "mis_hire",
                RG.Claim: "claim",
            },
            {
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
            },
        ),
        Profile(
            "esco",
            {ESCO_MODEL.Occupation: "role", ESCO_MODEL.Skill: "skill", ESCO_MODEL.SkillGroup: "skill"},
            {ESCO_MODEL.hasEssentialSkill: "essential", ESCO_MODEL.hasOptionalSkill: "optional"},
            "ESCO match",
        ),
        Profile(
            "onet",
            {ONET.Occupation: "role", ONET.Technology: "tool"},
            {ONET.usesTechnology: "usesTool", ONET.hotTechnology: "hotTechnology"},
            "O*NET match",
        ),
    )
}

#: rdf:type → node kind, every profile's classes in priority order.
TYPES: dict[URIRef, str] = {c: k for p in PROFILES.values() for c, k in p.classes.items()}
#: predicate → relation name for edges between projected nodes (two predicates may make one relation).
RELATIONS: dict[URIRef, str] = {r: n for p in PROFILES.values() for r, n in p.relations.items()}


def check_types(types) -> set[str]:
    """The node kinds ``types`` names (a comma-separated string or a list; plurals and dashes accepted).

    >>> sorted(check_types("skills,overlap-zone"))
    ['overlap_zone', 'skill']

    Raises
    ------
    BadInputError
        A name that is not a node kind (the message lists the kinds).
    """
    from .errors import BadInputError

    if not types:
        return set()
    if isinstance(types, str):
        types = [t for t in types.split(",") if t.strip()]
    wanted = {t.strip().lower().replace("-", "_") for t in types}
    wanted = {t[:-1] if t.endswith("s") and t[:-1] in KIND_STYLES else t for t in wanted}
    bad = sorted(wanted - set(KIND_STYLES))
    if bad:
        raise BadInputError(f"unknown node type {', '.join(bad)}; use any of {', '.join(NODE_TYPES)}")
    return wanted


def relation_text(relation: str) -> str:
    """The plain words for a relation name (the name itself when it has none)."""
    return RELATION_TEXT.get(relation, relation)


def level_text(level: str) -> str:
    """What an ownership level means (the level itself when unknown)."""
    return LEVELS.get(level, level)


_SOURCES = {"rolegraph.dev": "rolegraph", "data.europa.eu": "ESCO", "www.onetcenter.org": "O*NET", "onetcenter.org": "O*NET"}


def source_name(iri: str) -> str:
    """The taxonomy a node's IRI belongs to: "rolegraph", "ESCO", "O*NET", else the IRI's host."""
    host = urlsplit(str(iri)).hostname or ""
    return _SOURCES.get(host, host or "local")


def spectrum_key(data: dict) -> tuple:
    """Sort key of a role on the article's spectrum (data, then ML, then AI); roles off it come after."""
    place = data.get("spectrum")
    return (place if place is not None else 99, data.get("id", ""))


def role_order(rg, iri: str) -> tuple:
    """Sort key of roles in answers: spectrum, then label, then id."""
    d = rg.G.nodes[iri]
    return (spectrum_key(d)[0], d["label"].casefold(), d["id"])


def role_skills(rg, role: str) -> set[str]:
    """Skills a role has: its core (or essential) skills, the skills its deliverables need, and those its side of a zone covers."""
    skills = set(rg.out(role, "hasCoreSkill")) | set(rg.out(role, "essential")) | set(rg.out(role, "sideCovers"))
    for dl in rg.out(role, "delivers"):
        skills.update(rg.out(dl, "needsSkill"))
    return {s for s in skills if rg.G.nodes[s]["type"] == "skill"}


def role_part(rg, role: str) -> set[str]:
    """IRIs of a role's part of the graph: the one definition the explorer's role filter and ``export --role`` share.

    The role, its deliverables, its skills (core, and those its deliverables
    need), the tools of those, the overlap zones it shares, and the need
    signals, mis-hires and claims that name it.
    """
    part = {role}
    deliverables = set(rg.out(role, "delivers"))
    skills = role_skills(rg, role)
    part |= deliverables | skills
    for n in deliverables | skills:
        part.update(rg.out(n, "usesTool"))
    for relation in ("sharedBy", "indicates", "hiredRole", "neededRole", "about"):
        part.update(rg.into(role, relation))
    return part


def zone_part(rg, zone: str) -> set[str]:
    """IRIs of a zone's part: the zone, its roles, what it includes and what each side covers."""
    info = rg.zones.get(zone, {"roles": [], "split": []})
    part = {zone, *info["roles"], *rg.out(zone, "zoneIncludes")}
    for side in info["split"]:
        part.update(side["covers"])
    return part
