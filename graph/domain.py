"""What the graph's words mean to a reader: node kinds and their colours, relations and ownership levels in
plain language, the article's spectrum of roles, and which taxonomy a node comes from.

One home for these, read by the drawing (:mod:`rolegraph.render`), the layouts
(:mod:`rolegraph.layout`) and the explorer.

>>> relation_text("prerequisiteOf")
'is learned before'
>>> source_name("http://data.europa.eu/esco/occupation/258e46f9")
'ESCO'
>>> len({colour for _, colour, _, _ in KIND_STYLES.values()}) == len(KIND_STYLES)
True
"""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = [
    "KIND_STYLES",
    "LEVELS",
    "MAP_KINDS",
    "RELATION_TEXT",
    "UNKNOWN_STYLE",
    "level_text",
    "relation_text",
    "source_name",
    "spectrum_key",
]

#: node kind → (legend name, fill colour, vis-network shape, legend symbol); every colour distinct, and
#: none of them the red of a highlighted path.
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

#: The kinds the landing map draws: the article's map, with skills and tools folded away.
MAP_KINDS = ("role", "overlap_zone", "deliverable")

#: relation → what it says, read from the source node to the target node.
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

_SOURCES = {"rolegraph.dev": "rolegraph", "data.europa.eu": "ESCO", "www.onetcenter.org": "O*NET", "onetcenter.org": "O*NET"}


def relation_text(relation: str) -> str:
    """The plain words for a relation name (the name itself when it has none)."""
    return RELATION_TEXT.get(relation, relation)


def level_text(level: str) -> str:
    """What an ownership level means (the level itself when unknown)."""
    return LEVELS.get(level, level)


def source_name(iri: str) -> str:
    """The taxonomy a node's IRI belongs to: "rolegraph", "ESCO", "O*NET", else the IRI's host."""
    host = urlsplit(str(iri)).hostname or ""
    return _SOURCES.get(host, host or "local")


def spectrum_key(data: dict) -> tuple:
    """Sort key of a role on the article's spectrum (data, then ML, then AI); roles off it come after."""
    place = data.get("spectrum")
    return (place if place is not None else 99, data.get("id", ""))
