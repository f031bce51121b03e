"""ESCO and O*NET importers on small slices of the real files, cut here at run time.

The slices keep the real data's flaws (short hierarchy rows, relations naming a
missing occupation) so the quirk counts are checked on real rows. The RDF the
importers write is read back by pyoxigraph and rdflib, not by our own loader
alone.
"""

from __future__ import annotations

import csv
import io
import json
import sys

import pyoxigraph as ox
import pytest
import rdflib
import rolegraph
from conftest import SHARED
from rdflib import SKOS
from rolegraph.cli import main
from rolegraph.errors import BadInputError
from rolegraph.importers import import_esco, import_onet
from rolegraph.importers.esco import FILES as ESCO_FILES
from rolegraph.importers.onet import FILES as ONET_FILES
from rolegraph.importers.onet import occupation_iri
from rolegraph.namespace import ESCO_MODEL, ONET

ESCO = SHARED / "data" / "esco-1.1.1"
ONET_DIR = SHARED / "data" / "onet-29.2"
needs_esco = pytest.mark.skipif(not ESCO.is_dir(), reason=f"{ESCO} is not here (the shared taxonomy data)")
needs_onet = pytest.mark.skipif(not ONET_DIR.is_dir(), reason=f"{ONET_DIR} is not here (the shared taxonomy data)")
csv.field_size_limit(sys.maxsize)

DATA_SCIENTIST = "http://data.europa.eu/esco/occupation/258e46f9-0075-4a2e-adae-1ff0477e0f30"
WAREHOUSE_DESIGNER = "http://data.europa.eu/esco/occupation/1562c7a3-c7d9-419d-b9b6-db26610bcf84"
INTELLIGENT_SYSTEMS = "http://data.europa.eu/esco/occupation/35553663-deab-4d9a-bf22-15c1625d28e8"


def _rows(path, delimiter=","):
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE)
        return next(reader), list(reader)


def _write(path, header, rows, delimiter=","):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


@pytest.fixture(scope="module")
def esco_slice(tmp_path_factory):
    """Three occupations, their skills and relations, 5 relation rows naming a missing occupation,
    and the first 40 rows of the skills hierarchy (some of them short)."""
    if not ESCO.is_dir():
        pytest.skip(f"{ESCO} is not here")
    root = tmp_path_factory.mktemp("esco-slice") / "esco-1.1.1"
    keep = {DATA_SCIENTIST, WAREHOUSE_DESIGNER, INTELLIGENT_SYSTEMS}
    h_occ, occ = _rows(ESCO / ESCO_FILES["occupations"])
    known = {r[1] for r in occ}
    _write(root / ESCO_FILES["occupations"], h_occ, [r for r in occ if r[1] in keep])
    h_rel, rel = _rows(ESCO / ESCO_FILES["occupation_skill"])
    missing = [r for r in rel if r[0] not in known][:5]
    chosen = [r for r in rel if r[0] in keep]
    _write(root / ESCO_FILES["occupation_skill"], h_rel, chosen + missing)
    skills = {r[3] for r in chosen + missing}
    h_sk, sk = _rows(ESCO / ESCO_FILES["skills"])
    _write(root / ESCO_FILES["skills"], h_sk, [r for r in sk if r[1] in skills])
    h_b, b = _rows(ESCO / ESCO_FILES["broader_skill"])
    broader = [r for r in b if r[1] in skills]
    groups = {r[3] for r in broader}
    _write(root / ESCO_FILES["broader_skill"], h_b, broader)
    h_g, g = _rows(ESCO / ESCO_FILES["skill_groups"])
    _write(root / ESCO_FILES["skill_groups"], h_g, [r for r in g if r[1] in groups])
    h_hi, hi = _rows(ESCO / ESCO_FILES["hierarchy"])
    _write(root / ESCO_FILES["hierarchy"], h_hi, hi[:40])
    h_ss, ss = _rows(ESCO / ESCO_FILES["skill_skill"])
    _write(root / ESCO_FILES["skill_skill"], h_ss, [r for r in ss if r[0] in skills and r[4] in skills])
    h_bo, bo = _rows(ESCO / ESCO_FILES["broader_occupation"])
    occ_broader = [r for r in bo if r[1] in keep]
    _write(root / ESCO_FILES["broader_occupation"], h_bo, occ_broader)
    h_i, i = _rows(ESCO / ESCO_FILES["isco_groups"])
    _write(root / ESCO_FILES["isco_groups"], h_i, [r for r in i if r[1] in {x[3] for x in occ_broader}])
    expected = {
        "short": sum(1 for r in hi[:40] if len(r) < len(h_hi)),
        "missing": len(missing),
        "relations": len(chosen),
        "skills": len(skills),
    }
    return root, expected


@needs_esco
def test_esco_slice_keeps_uris_and_skos(esco_slice, tmp_path):
    root, expected = esco_slice
    out = tmp_path / "esco.ttl"
    res = import_esco(root, out, progress=False)
    assert res["occupations"] == 3 and res["skills"] == expected["skills"]
    assert res["relations"] == expected["relations"]
    assert expected["short"] > 0 and res["quirks"]["short rows in skillsHierarchy_en.csv"] == expected["short"]
    assert res["quirks"]["occupation-skill relations naming an occupation missing from occupations_en.csv"] == expected["missing"] == 5
    g = rdflib.Graph().parse(out)  # an independent reader
    assert len(g) == res["triples"]
    ds = rdflib.URIRef(DATA_SCIENTIST)
    assert (ds, rdflib.RDF.type, ESCO_MODEL.Occupation) in g
    assert g.value(ds, SKOS.prefLabel) == rdflib.Literal("data scientist", lang="en")
    assert rdflib.Literal("data engineer", lang="en") in set(g.objects(ds, SKOS.altLabel))
    essential = set(g.objects(ds, ESCO_MODEL.hasEssentialSkill))
    optional = set(g.objects(ds, ESCO_MODEL.hasOptionalSkill))
    assert essential and optional and not essential & optional
    assert all(str(s).startswith("http://data.europa.eu/esco/skill/") for s in essential)
    assert all(lit.language == "en" for lit in g.objects(None, SKOS.prefLabel))


@needs_esco
@pytest.mark.parametrize("suffix", [".nt", ".jsonld", ".rdf", ".trig"])
def test_format_follows_the_extension(esco_slice, tmp_path, suffix):
    root, _ = esco_slice
    out = tmp_path / f"esco{suffix}"
    res = import_esco(root, out, progress=False)
    store = ox.Store()
    store.load(path=str(out), format=ox.RdfFormat.from_extension(suffix[1:]), to_graph=ox.DefaultGraph())
    assert len(store) == res["triples"]


@needs_esco
def test_import_output_is_deterministic(esco_slice, tmp_path):
    root, _ = esco_slice
    import_esco(root, tmp_path / "a.nt", progress=False)
    import_esco(root, tmp_path / "b.nt", progress=False)
    assert (tmp_path / "a.nt").read_bytes() == (tmp_path / "b.nt").read_bytes()


@needs_esco
def test_cli_import_reports_quirks_and_shows_progress(esco_slice, tmp_path):
    root, expected = esco_slice
    out, err = io.StringIO(), io.StringIO()
    code = main(["import", "esco", str(root), "--out", str(tmp_path / "e.ttl"), "--json"], stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    res = json.loads(out.getvalue())
    assert res["quirks"]["short rows in skillsHierarchy_en.csv"] == expected["short"]
    assert "ESCO" in err.getvalue() and "100%" in err.getvalue()  # the progress bar, on stderr only
    out, err = io.StringIO(), io.StringIO()
    assert main(["import", "esco", str(root), "--out", str(tmp_path / "e.nt"), "--no-progress"], stdout=out, stderr=err) == 0
    assert err.getvalue() == ""
    assert "quirk: short rows in skillsHierarchy_en.csv" in out.getvalue()


def test_import_refuses_bad_input_before_writing(tmp_path):
    err = io.StringIO()
    assert main(["import", "esco", str(tmp_path / "nope"), "--out", str(tmp_path / "e.ttl")], stdout=io.StringIO(), stderr=err) == 2
    assert "no such directory" in err.getvalue()
    err = io.StringIO()
    assert main(["import", "esco", str(tmp_path), "--out", str(tmp_path / "e.xlsx")], stdout=io.StringIO(), stderr=err) == 2
    assert "unknown RDF file type '.xlsx'" in err.getvalue()
    with pytest.raises(BadInputError, match=r"not the ESCO CSV distribution: missing classification_en/occupations_en\.csv"):
        import_esco(tmp_path, tmp_path / "e.ttl", progress=False)
    assert not (tmp_path / "e.ttl").exists()


@needs_esco
def test_a_missing_column_is_named(esco_slice, tmp_path):
    root, _ = esco_slice
    broken = tmp_path / "esco"
    for name in ESCO_FILES.values():
        (broken / name).parent.mkdir(parents=True, exist_ok=True)
        (broken / name).write_bytes((root / name).read_bytes())
    text = (broken / ESCO_FILES["occupations"]).read_text().replace("preferredLabel", "prefLabel", 1)
    (broken / ESCO_FILES["occupations"]).write_text(text)
    with pytest.raises(BadInputError, match=r"occupations_en.csv: no column 'preferredLabel'"):
        import_esco(broken, tmp_path / "e.ttl", progress=False)


@needs_esco
def test_slice_merges_with_the_builtin_graph(esco_slice, tmp_path):
    root, _ = esco_slice
    out = tmp_path / "esco.ttl"
    import_esco(root, out, progress=False)
    rg = rolegraph.load([out], cache=False)
    d = rolegraph.describe(rg, "data-engineer")
    matches = {m["id"]: m for m in d["esco"]["matches"]}
    assert DATA_SCIENTIST not in matches, "ESCO's data scientist is another job (issue 12)"
    assert matches[WAREHOUSE_DESIGNER]["label"] == "data warehouse designer" and matches[WAREHOUSE_DESIGNER]["match"] == "related"
    assert {"id": "sql-querying", "label": "SQL querying"} in d["esco"]["article_skills"]
    assert len(matches[WAREHOUSE_DESIGNER]["essential"]) > 5
    scientist = {m["id"]: m for m in rolegraph.describe(rg, "data-scientist")["esco"]["matches"]}
    assert scientist[DATA_SCIENTIST]["match"] == "close" and len(scientist[DATA_SCIENTIST]["essential"]) > 10
    assert rolegraph.describe(rolegraph.load(cache=False), "data-engineer")["esco"] is None  # no ESCO loaded: no block
    assert rolegraph.resolve(rg, "data scientist", types={"role"})["id"] == "data-scientist"  # ours first on a tie


@pytest.fixture(scope="module")
def onet_slice(tmp_path_factory):
    if not ONET_DIR.is_dir():
        pytest.skip(f"{ONET_DIR} is not here")
    root = tmp_path_factory.mktemp("onet-slice") / "onet-29.2"
    keep = {"15-2051.00", "15-1243.00"}
    for name in ONET_FILES.values():
        header, rows = _rows(ONET_DIR / name, "\t")
        rows = [r for r in rows if r[0] in keep]
        if name == ONET_FILES["technology"]:
            rows.append(["99-9999.00", "Nobody", "Ghost tool", "1", "x", "N", "N"])
        _write(root / name, header, rows, "\t")
    return root


@needs_onet
def test_onet_slice(onet_slice, tmp_path):
    out = tmp_path / "onet.ttl"
    res = import_onet(onet_slice, out, progress=False)
    assert res["occupations"] == 2 and res["technologies"] > 20 and res["hot_technologies"] > 5
    assert res["quirks"] == {"technology rows of an occupation missing from Occupation Data.txt": 1}
    g = rdflib.Graph().parse(out)
    ds = rdflib.URIRef(occupation_iri("15-2051.00"))
    assert g.value(ds, SKOS.prefLabel) == rdflib.Literal("Data Scientists", lang="en")
    assert (ds, rdflib.RDF.type, ONET.Occupation) in g
    hot = set(g.objects(ds, ONET.hotTechnology))
    assert hot and hot <= set(g.objects(ds, ONET.usesTechnology))
    rg = rolegraph.load([out], cache=False)
    owners = {o["id"] for o in rolegraph.owner(rg, "https://rolegraph.dev/onet/technology/Python")["owners"]}
    assert str(ds) in owners
