"""The rolegraph vocabulary (``rg:``) and the instance namespace (``rgi:``).

Terms are declared in a :class:`rdflib.namespace.DefinedNamespace` with
``_fail = True``, so a misspelt term raises ``AttributeError`` instead of
silently minting a new IRI.
"""

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

__all__ = ["ESCO", "ESCO_MODEL", "INSTANCE_BASE", "ONET", "RG", "RGI", "VOCAB_IRI", "node_id"]

VOCAB_IRI = "https://rolegraph.dev/vocab"
INSTANCE_BASE = "https://rolegraph.dev/id/"


class RG(DefinedNamespace):
    """rolegraph vocabulary, ``https://rolegraph.dev/vocab#``."""

    _fail = True
    _NS = Namespace(VOCAB_IRI + "#")

    # classes
    Role: URIRef
    Deliverable: URIRef
    Skill: URIRef
    Tool: URIRef
    OverlapZone: URIRef
    ZoneSide: URIRef
    NeedSignal: URIRef
    MisHire: URIRef
    Claim: URIRef
    Source: URIRef
    SourceSection: URIRef
    Curation: URIRef
    # object properties
    delivers: URIRef
    needsSkill: URIRef
    usesTool: URIRef
    prerequisiteOf: URIRef
    hasCoreSkill: URIRef
    sharedBy: URIRef
    zoneIncludes: URIRef
    hasSide: URIRef
    sideRole: URIRef
    sideCovers: URIRef
    indicates: URIRef
    hiredRole: URIRef
    neededRole: URIRef
    notResponsibleFor: URIRef
    distinctFrom: URIRef
    about: URIRef
    # datatype properties
    primaryOutput: URIRef
    spectrumPosition: URIRef
    responsibility: URIRef
    scaleNote: URIRef
    consequence: URIRef
    advice: URIRef
    claimKind: URIRef
    anchorText: URIRef
    sectionOrder: URIRef
    displayOrder: URIRef


RGI = Namespace(INSTANCE_BASE)
ESCO = Namespace("http://data.europa.eu/esco/")
#: ESCO's own ontology (classes Occupation, Skill ...; hasEssentialSkill, hasOptionalSkill).
ESCO_MODEL = Namespace("http://data.europa.eu/esco/model#")
#: Terms rolegraph uses for imported O*NET data (O*NET publishes no RDF vocabulary).
ONET = Namespace(VOCAB_IRI + "/onet#")


def node_id(iri: str) -> str:
    """The public id of a node: its slug for rolegraph instances, else the IRI.

    >>> node_id("https://rolegraph.dev/id/data-engineer")
    'data-engineer'
    >>> node_id("http://data.europa.eu/esco/skill/abc")
    'http://data.europa.eu/esco/skill/abc'
    """
    s = str(iri)
    if s.startswith(INSTANCE_BASE):
        return s[len(INSTANCE_BASE) :]
    return s
