"""The domain model, in one place: kinds of node, relations, ownership levels, the article's roles.

Everything that knows what a role, a skill or an overlap zone *is* reads it here:
the projection (which classes and predicates become nodes and edges), the
questions (levels and their ranks, what a role has), the CLI and the explorer
(kind order, names and colours) and the exports (a role's part).

A new taxonomy is an importer plus a :class:`Profile` added to :data:`PROFILES`.

>>> NODE_TYPES[:3]
('role', 'overlap_zone', 'deliverable')
>>> LEVELS["core"] < LEVELS["shared"]
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import SKOS, URIRef

from .namespace import ESCO_MODEL, ONET, RG

__all__ = [
    "ARTICLE_ROLES",
    "KINDS",
    "LEVELS",
    "NODE_TYPES",
    "PROFILES",
    "RELATIONS",
    "RELATION_NAMES",
    "TRAVERSABLE",
    "TYPES",
    "Kind",
    "Profile",
    "check_types",
    "role_order",
    "role_part",
    "role_skills",
    "spectrum",
    "zone_part",
]


@dataclass(frozen=True)
class Kind:
    """A kind of node: its name in answers, its legend name, colour and shape when drawn."""

    name: str
    legend: str
    colour: str
    shape: str
    symbol: str
    #: on a tie between two nodes a name matches equally well, the lower rank wins
    name_rank: int


#: Node kinds in display order (legends, ``--types``, exports), with how each is drawn.
KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("role", "Role", "#2563eb", "box", "▬", 0),
        Kind("overlap_zone", "Overlap zone (shared)", "#dc2626", "hexagon", "⬢", 4),
        Kind("deliverable", "Deliverable", "#f59e0b", "diamond", "◆", 2),
        Kind("skill", "Skill", "#10b981", "dot", "●", 1),
        Kind("tool", "Tool", "#8b5cf6", "triangle", "▲", 3),
        Kind("need_signal", "Need signal", "#0ea5e9", "square", "■", 5),
        Kind("mis_hire", "Mis-hire", "#6b7280", "triangleDown", "▼", 6),
        Kind("claim", "Claim", "#a3a3a3", "star", "★", 7),
    )
}
#: Node types, as used in answers and ``--types`` filters, in display order.
NODE_TYPES: tuple[str, ...] = tuple(KINDS)

#: Relation name → plain-language name (edge keys of the projection).
RELATION_NAMES: dict[str, str] = {
    "delivers": "delivers",
    "needsSkill": "needs the skill",
    "usesTool": "uses the tool",
    "prerequisiteOf": "is learned before",
    "hasCoreSkill": "has the core skill",
    "sharedBy": "is shared by",
    "zoneIncludes": "includes",
    "sideCovers": "covers, on its side of the zone,",
    "indicates": "points to",
    "hiredRole": "hires",
    "neededRole": "when you needed",
    "notResponsibleFor": "is not responsible for",
    "distinctFrom": "is distinct from",
    "about": "is about",
    "broader": "is narrower than",
    "essential": "has the essential skill",
    "optional": "has the optional skill",
    "hotTechnology": "uses the in-demand technology",
}

#: Relations a learning path may follow: what a role does and needs, never what it is not.
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
        "essential",
        "optional",
    }
)

#: Ownership levels, strongest first (``owner`` lists a role at its strongest level).
LEVELS: dict[str, int] = {
    "primary": 0,
    "core": 1,
    "essential": 1,
    "deliverable": 2,
    "zone-side": 3,
    "shared": 4,
    "optional": 5,
    "uses": 6,
    "indicated": 7,
}

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
    wanted = {t[:-1] if t.endswith("s") and t[:-1] in KINDS else t for t in wanted}
    bad = sorted(wanted - set(KINDS))
    if bad:
        raise BadInputError(f"unknown node type {', '.join(bad)}; use any of {', '.join(NODE_TYPES)}")
    return wanted


def spectrum(node: dict) -> int:
    """A role's place on the article's spectrum (data → ML → AI); roles off the spectrum come after."""
    return node["spectrum"] if node.get("spectrum") is not None else 99


def role_order(rg, iri: str) -> tuple:
    """Sort key of roles: spectrum, then label, then id."""
    d = rg.G.nodes[iri]
    return (spectrum(d), d["label"].casefold(), d["id"])


def role_skills(rg, role: str) -> set[str]:
    """Skills a role has: its core (or essential) skills and the skills its deliverables need."""
    skills = set(rg.out(role, "hasCoreSkill")) | set(rg.out(role, "essential"))
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
