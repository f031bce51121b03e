"""Import O*NET (29.2, tab-separated text files) into RDF.

O*NET publishes no RDF, so the model is SKOS plus a few ``onet:`` terms of
rolegraph's (:data:`graph.namespace.ONET`): occupations are ``onet:Occupation``
concepts named by their O*NET OnLine page
(``https://www.onetonline.org/link/summary/15-2051.00``), with alternate
titles as ``skos:altLabel``; each technology example is an ``onet:Technology``
narrower than its UNSPSC commodity (``onet:TechnologyCategory``); occupations
link to technologies with ``onet:usesTechnology``, and also
``onet:hotTechnology`` / ``onet:inDemandTechnology`` when O*NET marks them so.
Every concept cites "O*NET vX, US Department of Labor" (CC BY 4.0).

Rows naming an occupation missing from ``Occupation Data.txt``, or lacking a
name, are counted and skipped.

Examples
--------
>>> from rolegraph.importers.onet import occupation_iri
>>> occupation_iri("15-2051.00")
'https://www.onetonline.org/link/summary/15-2051.00'
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from rdflib import DCTERMS, RDF, SKOS

from ..namespace import ONET, RG, RGI
from .table import open_distribution, read_table
from .write import Triples, lit, out_format, source_node, write_rdf

__all__ = ["FILES", "PREFIXES", "import_onet", "occupation_iri", "technology_iri"]

FILES = {
    "occupations": "Occupation Data.txt",
    "titles": "Alternate Titles.txt",
    "technology": "Technology Skills.txt",
}

PREFIXES = {
    "onet": str(ONET),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "rdf": str(RDF),
    "rg": str(RG),
    "rgi": str(RGI),
    "soc": "https://www.onetonline.org/link/summary/",
    "tech": "https://rolegraph.dev/onet/technology/",
    "unspsc": "https://rolegraph.dev/onet/commodity/",
}

_CODE = "O*NET-SOC Code"
_TYPE, _CONCEPT = str(RDF.type), str(SKOS.Concept)
_PREF, _ALT, _DEF, _NOTATION = str(SKOS.prefLabel), str(SKOS.altLabel), str(SKOS.definition), str(SKOS.notation)
_BROADER, _SOURCE = str(SKOS.broader), str(DCTERMS.source)


def occupation_iri(code: str) -> str:
    return PREFIXES["soc"] + code


def technology_iri(example: str) -> str:
    """One IRI per distinct example name (percent-encoded, so "C" and "C++" stay apart)."""
    return PREFIXES["tech"] + quote(example, safe="")


def import_onet(root, out, *, progress_stream=None, progress: bool = True) -> dict:
    """Read the O*NET text files under ``root`` and write RDF to ``out`` (format by extension).

    Returns ``{"out", "triples", "occupations", "alternate_titles", "technologies",
    "hot_technologies", "quirks": {name: count}}``.

    Raises
    ------
    BadInputError
        ``root`` lacks a file or column, or ``out`` has an unknown extension.
    """
    out = Path(out)
    out_format(out)
    paths, quirks, bar = open_distribution(root, FILES, "O*NET text", desc="O*NET", progress_stream=progress_stream, progress=progress)
    t = Triples(quirks)
    source = source_node(t, root, "onet", "O*NET ", "US Department of Labor", "https://creativecommons.org/licenses/by/4.0/")
    counts = {"occupations": 0, "alternate_titles": 0, "technologies": 0, "hot_technologies": 0}
    try:
        codes: set[str] = set()
        for row in read_table(paths["occupations"], [_CODE, "Title", "Description"], quirks=quirks, delimiter="\t", progress=bar):
            if not row[_CODE] or not row["Title"]:
                quirks["occupations without a code or title"] += 1
                continue
            occ = occupation_iri(row[_CODE])
            t.add(occ, _TYPE, str(ONET.Occupation))
            t.add(occ, _TYPE, _CONCEPT)
            t.add(occ, _PREF, lit(row["Title"]))
            if row["Description"]:
                t.add(occ, _DEF, lit(row["Description"]))
            t.add(occ, _NOTATION, lit(row[_CODE], "string"))
            t.add(occ, _SOURCE, source)
            codes.add(row[_CODE])
        cols = [_CODE, "Alternate Title", "Short Title"]
        for row in read_table(paths["titles"], cols, quirks=quirks, delimiter="\t", progress=bar):
            if row[_CODE] not in codes:
                quirks["alternate titles of an occupation missing from Occupation Data.txt"] += 1
                continue
            for title in (row["Alternate Title"], row["Short Title"]):
                if title:
                    t.add(occupation_iri(row[_CODE]), _ALT, lit(title))
                    counts["alternate_titles"] += 1
        cols = [_CODE, "Example", "Commodity Code", "Commodity Title", "Hot Technology", "In Demand"]
        techs: set[str] = set()
        for row in read_table(paths["technology"], cols, quirks=quirks, delimiter="\t", progress=bar):
            if row[_CODE] not in codes:
                quirks["technology rows of an occupation missing from Occupation Data.txt"] += 1
                continue
            if not row["Example"]:
                quirks["technology rows without an example name"] += 1
                continue
            tech, occ = technology_iri(row["Example"]), occupation_iri(row[_CODE])
            if tech not in techs:
                techs.add(tech)
                t.add(tech, _TYPE, str(ONET.Technology))
                t.add(tech, _TYPE, _CONCEPT)
                t.add(tech, _PREF, lit(row["Example"]))
                t.add(tech, _SOURCE, source)
            if row["Commodity Code"]:
                group = PREFIXES["unspsc"] + row["Commodity Code"]
                t.add(tech, _BROADER, group)
                if not t.has(group):
                    t.add(group, _TYPE, str(ONET.TechnologyCategory))
                    t.add(group, _TYPE, _CONCEPT)
                    t.add(group, _PREF, lit(row["Commodity Title"] or row["Commodity Code"]))
                    t.add(group, _NOTATION, lit(row["Commodity Code"], "string"))
                    t.add(group, _SOURCE, source)
            t.add(occ, str(ONET.usesTechnology), tech)
            if row["Hot Technology"] == "Y":
                t.add(occ, str(ONET.hotTechnology), tech)
                counts["hot_technologies"] += 1
            if row["In Demand"] == "Y":
                t.add(occ, str(ONET.inDemandTechnology), tech)
    finally:
        bar.close()
    counts.update(occupations=len(codes), technologies=len(techs))
    n = write_rdf(t, out, PREFIXES)
    return {"out": str(out), "triples": n, **counts, "quirks": dict(sorted(quirks.items()))}
