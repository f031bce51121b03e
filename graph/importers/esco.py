"""Import the official ESCO CSV distribution (v1.1.1, English) into RDF.

ESCO's own URIs and SKOS model are kept: occupations are ``esco:Occupation``,
skills and knowledge ``esco:Skill``, skill groups ``esco:SkillGroup`` and ISCO
groups ``esco:ISCOGroup`` (all ``skos:Concept``), with ``skos:prefLabel``,
``skos:altLabel``, ``skos:hiddenLabel`` and ``skos:definition`` in English;
occupations link to skills with ``esco:hasEssentialSkill`` /
``esco:hasOptionalSkill``; both hierarchies use ``skos:broader``. Every concept
cites one source node, "ESCO vX, European Commission" (the reuse policy asks
for that credit).

The data's flaws (rows short of trailing columns, relations naming a concept
the classification lacks, a ``conceptUri`` that is not an IRI, bytes that are
not UTF-8) are counted and reported, never fatal: such a row is padded, read
with U+FFFD, or skipped.

Examples
--------
>>> from rolegraph.importers.esco import FILES
>>> FILES["occupations"]
'classification_en/occupations_en.csv'
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import DCTERMS, RDF, SKOS

from ..namespace import ESCO, ESCO_MODEL, RG, RGI
from .table import Progress, Quirks, open_distribution, read_table
from .write import Triples, lit, out_format, source_node, write_rdf

__all__ = ["FILES", "PREFIXES", "import_esco"]

FILES = {
    "occupations": "classification_en/occupations_en.csv",
    "skills": "classification_en/skills_en.csv",
    "skill_groups": "classification_en/skillGroups_en.csv",
    "isco_groups": "classification_en/ISCOGroups_en.csv",
    "hierarchy": "classification_en/skillsHierarchy_en.csv",
    "occupation_skill": "relations/occupationSkillRelations.csv",
    "broader_skill": "relations/broaderRelationsSkillPillar.csv",
    "broader_occupation": "relations/broaderRelationsOccPillar.csv",
    "skill_skill": "relations/skillSkillRelations.csv",
}

PREFIXES = {
    "esco": str(ESCO_MODEL),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "rdf": str(RDF),
    "rg": str(RG),
    "rgi": str(RGI),
    "occupation": str(ESCO) + "occupation/",
    "skill": str(ESCO) + "skill/",
    "isco": str(ESCO) + "isco/",
}

_TYPE, _CONCEPT = str(RDF.type), str(SKOS.Concept)
_PREF, _ALT, _HIDDEN = str(SKOS.prefLabel), str(SKOS.altLabel), str(SKOS.hiddenLabel)
_DEF, _SCOPE, _NOTATION = str(SKOS.definition), str(SKOS.scopeNote), str(SKOS.notation)
_IN_SCHEME, _BROADER, _SOURCE = str(SKOS.inScheme), str(SKOS.broader), str(DCTERMS.source)
_LEVEL = {"essential": str(ESCO_MODEL.hasEssentialSkill), "optional": str(ESCO_MODEL.hasOptionalSkill)}
_SKILL_TYPE = {"knowledge": "knowledge", "skill/competence": "skill"}
_SPLIT = re.compile(r"\s*[\n,|]\s*")


def _many(text: str, *, commas: bool = False) -> list[str]:
    """The values of a multi-valued field (newline-separated; IRIs also by commas)."""
    parts = _SPLIT.split(text) if commas else text.split("\n")
    return [p.strip() for p in parts if p.strip()]


def _concept(t: Triples, uri: str, cls: str, row: dict, source: str) -> None:
    t.add(uri, _TYPE, cls)
    t.add(uri, _TYPE, _CONCEPT)
    if row.get("preferredLabel"):
        t.add(uri, _PREF, lit(row["preferredLabel"]))
    for label in _many(row.get("altLabels", "")):
        if label != row.get("preferredLabel"):
            t.add(uri, _ALT, lit(label))
    for label in _many(row.get("hiddenLabels", "")):
        t.add(uri, _HIDDEN, lit(label))
    definition = row.get("definition") or row.get("description")
    if definition:
        t.add(uri, _DEF, lit(definition))
    if row.get("scopeNote"):
        t.add(uri, _SCOPE, lit(row["scopeNote"]))
    if row.get("code"):
        t.add(uri, _NOTATION, lit(row["code"], "string"))
    for scheme in _many(row.get("inScheme", ""), commas=True):
        t.add(uri, _IN_SCHEME, scheme)
    t.add(uri, _SOURCE, source)


def import_esco(root, out, *, progress_stream=None, progress: bool = True) -> dict:
    """Read the ESCO CSVs under ``root`` and write RDF to ``out`` (format by extension).

    Returns ``{"out", "triples", "occupations", "skills", "skill_groups",
    "isco_groups", "relations", "quirks": {name: count}}``.

    Raises
    ------
    BadInputError
        ``root`` is not an ESCO distribution (a file or column is missing), or
        ``out`` has an unknown extension or no folder.
    """
    out = Path(out)
    out_format(out)  # refuse a bad --out before reading 40 MB
    paths, quirks, bar = open_distribution(root, FILES, "ESCO CSV", desc="ESCO", progress_stream=progress_stream, progress=progress)
    t = Triples(quirks)
    source = source_node(t, root, "esco", "ESCO v", "European Commission", "https://commission.europa.eu/legal-notice_en")
    counts = {"occupations": 0, "skills": 0, "skill_groups": 0, "isco_groups": 0, "relations": 0}

    def concepts(key: str, cols: list[str], cls, what: str, more=None) -> set[str]:
        found: set[str] = set()
        for row in read_table(paths[key], cols, quirks=quirks, progress=bar):
            uri = row["conceptUri"]
            if not uri:
                quirks[f"{what} without a conceptUri"] += 1
                continue
            if not t.valid(uri):
                quirks[f"{what} whose conceptUri is not an IRI (skipped)"] += 1
                continue
            _concept(t, uri, str(cls), row, source)
            if more:
                more(uri, row)
            found.add(uri)
        return found

    def skill_facets(uri: str, row: dict) -> None:
        kind = _SKILL_TYPE.get(row["skillType"])
        if kind:
            t.add(uri, str(ESCO_MODEL.skillType), f"{ESCO}skill-type/{kind}")
        if row["reuseLevel"]:
            t.add(uri, str(ESCO_MODEL.skillReuseLevel), f"{ESCO}skill-reuse-level/{row['reuseLevel']}")

    try:
        occupations = concepts("occupations", _OCC_COLS, ESCO_MODEL.Occupation, "occupations")
        skills = concepts("skills", _SKILL_COLS, ESCO_MODEL.Skill, "skills", skill_facets)
        groups = concepts("skill_groups", _GROUP_COLS, ESCO_MODEL.SkillGroup, "skill groups")
        isco = concepts("isco_groups", _ISCO_COLS, ESCO_MODEL.ISCOGroup, "ISCO groups")
        _hierarchy(t, paths["hierarchy"], groups | skills, quirks, bar)
        for row in read_table(paths["occupation_skill"], _REL_COLS, quirks=quirks, progress=bar):
            pred = _LEVEL.get(row["relationType"])
            if pred is None:
                quirks["occupation-skill relations of an unknown type"] += 1
            elif row["occupationUri"] not in occupations:
                quirks["occupation-skill relations naming an occupation missing from occupations_en.csv"] += 1
            elif row["skillUri"] not in skills:
                quirks["occupation-skill relations naming a skill missing from skills_en.csv"] += 1
            else:
                t.add(row["occupationUri"], pred, row["skillUri"])
                counts["relations"] += 1
        concepts = {"skill": skills | groups, "occupation": occupations | isco}
        for pillar in ("skill", "occupation"):
            for row in read_table(paths[f"broader_{pillar}"], ["conceptUri", "broaderUri"], quirks=quirks, progress=bar):
                if row["conceptUri"] in concepts[pillar] and row["broaderUri"] in concepts[pillar]:
                    t.add(row["conceptUri"], _BROADER, row["broaderUri"])
                else:
                    quirks[f"{pillar} broader relations naming a concept the classification lacks"] += 1
        for row in read_table(paths["skill_skill"], _SKILL_REL_COLS, quirks=quirks, progress=bar):
            pred = _LEVEL.get(row["relationType"])
            if pred is None:
                quirks["skill-skill relations of an unknown type"] += 1
            elif row["originalSkillUri"] in skills and row["relatedSkillUri"] in skills:
                t.add(row["originalSkillUri"], pred, row["relatedSkillUri"])
            else:
                quirks["skill-skill relations naming a skill missing from skills_en.csv"] += 1
    finally:
        bar.close()
    counts.update(occupations=len(occupations), skills=len(skills), skill_groups=len(groups), isco_groups=len(isco))
    n = write_rdf(t, out, PREFIXES)
    return {"out": str(out), "triples": n, **counts, "quirks": dict(sorted(quirks.items()))}


def _hierarchy(t: Triples, path: Path, known: set[str], quirks: Quirks, bar: Progress) -> None:
    """Codes and broader links of the skills hierarchy table (levels 0 to 3)."""
    cols = [c for i in range(4) for c in (f"Level {i} URI", f"Level {i} code")]
    for row in read_table(path, cols, quirks=quirks, progress=bar):
        parent = None
        for i in range(4):
            uri = row[f"Level {i} URI"]
            if not uri:
                break
            if uri not in known:
                quirks["skills hierarchy rows naming a concept missing from skillGroups_en.csv"] += 1
                break
            if row[f"Level {i} code"]:
                t.add(uri, _NOTATION, lit(row[f"Level {i} code"], "string"))
            if parent:
                t.add(uri, _BROADER, parent)
            parent = uri


_OCC_COLS = ["conceptUri", "preferredLabel", "altLabels", "hiddenLabels", "definition", "description", "scopeNote", "code", "inScheme"]
_SKILL_COLS = [
    "conceptUri",
    "skillType",
    "reuseLevel",
    "preferredLabel",
    "altLabels",
    "hiddenLabels",
    "definition",
    "description",
    "scopeNote",
    "inScheme",
]
_GROUP_COLS = ["conceptUri", "preferredLabel", "altLabels", "hiddenLabels", "description", "scopeNote", "code", "inScheme"]
_ISCO_COLS = ["conceptUri", "code", "preferredLabel", "altLabels", "inScheme", "description"]
_REL_COLS = ["occupationUri", "relationType", "skillUri"]
_SKILL_REL_COLS = ["originalSkillUri", "relationType", "relatedSkillUri"]
