"""`import esco` on a distribution with flaws (issue 16, item 12): reported and counted, never fatal.

tests/data/hostile/esco-flaws/ is a tiny ESCO-shaped distribution holding an occupation whose
conceptUri has a space, one whose conceptUri is not absolute, a row with a Latin-1 byte, a
reuse level and a scheme with spaces (which would make IRIs RDF refuses), and relations naming them.
"""

from __future__ import annotations

import io
import json

import pyoxigraph as ox
import pytest
from conftest import DATA
from rolegraph.cli import main
from rolegraph.errors import BadInputError
from rolegraph.importers import import_esco
from rolegraph.importers.write import Triples

FLAWS = DATA / "hostile" / "esco-flaws"
E = "http://data.europa.eu/esco/"


def test_flaws_are_counted_and_the_rest_imported(tmp_path):
    out = tmp_path / "esco.nt"
    res = import_esco(FLAWS, out, progress=False)
    q = res["quirks"]
    assert q["occupations whose conceptUri is not an IRI (skipped)"] == 2
    assert q["rows with bytes that are not UTF-8 in occupations_en.csv (read as U+FFFD)"] == 1
    assert q["triples naming something that is not an IRI (skipped)"] == 2  # the reuse level and the scheme
    assert res["occupations"] == 2 and res["relations"] == 2
    triples = list(ox.parse(path=str(out), format=ox.RdfFormat.N_TRIPLES))  # an independent reader: valid RDF
    labels = {t.object.value for t in triples if t.predicate.value.endswith("prefLabel")}
    assert {"data wrangler", "caf\ufffd manager", "SQL"} <= labels
    assert not any(" " in t.subject.value for t in triples)


def test_the_cli_reports_them_and_exits_0(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    code = main(["import", "esco", str(FLAWS), "--out", str(tmp_path / "e.ttl"), "--json", "--no-progress"], stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    assert "Traceback" not in err.getvalue()
    assert json.loads(out.getvalue())["quirks"]["occupations whose conceptUri is not an IRI (skipped)"] == 2


def test_triples_without_a_counter_refuse_an_invalid_iri_clearly():
    t = Triples()
    with pytest.raises(BadInputError, match=r"'http://x\.example/a b' is not an IRI"):
        t.add("http://x.example/a b", "http://x.example/p", "http://x.example/o")
    assert len(t) == 0
