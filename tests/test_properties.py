"""Property-based tests: any text into resolve, owner, path, neighbours and need; fuzzed files into the loaders.

Each call either answers with well-formed data or raises one of rolegraph's own
errors; nothing else escapes, and the shared built-in graph is never changed.
"""

from __future__ import annotations

import json

import pytest
import rolegraph
from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rolegraph.errors import BadInputError, LoadError, RolegraphError

HOSTILE_STRINGS = json.loads((DATA / "hostile" / "strings.json").read_text())
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# text that looks like what people type, mixed with anything at all
words = st.sampled_from(
    [
        "data",
        "engineer",
        "ML",
        "MLE",
        "RAG",
        "pipeline",
        "feature",
        "engineering",
        "k8s",
        "SQL",
        "no",
        "not",
        "AI",
        "-",
        "</script>",
        "SERVICE",
        "{",
        "'",
        '"',
    ]
)
names = st.one_of(st.text(max_size=60), st.lists(words, min_size=1, max_size=6).map(" ".join), st.sampled_from(HOSTILE_STRINGS))


def fingerprint(rg):
    return rg.G.number_of_nodes(), rg.G.number_of_edges(), len(rg.ids), sorted(rg.ids)[:5]


@pytest.fixture(scope="module")
def shared(rg):
    before = fingerprint(rg)
    yield rg
    assert fingerprint(rg) == before, "a query changed the shared graph"


@SETTINGS
@given(text=names)
def test_resolve_answers_or_refuses(shared, text):
    try:
        m = rolegraph.resolve(shared, text)
    except BadInputError as exc:
        assert str(exc)
        return
    assert m["iri"] in shared.G and shared.ref(m["iri"]) == {"id": m["id"], "label": m["label"], "type": m["type"]}
    assert 0.8 <= m["score"] <= 1.0


@SETTINGS
@given(text=names)
def test_owner_answers_or_refuses(shared, text):
    try:
        res = rolegraph.owner(shared, text)
    except BadInputError:
        return
    roles = set(shared.of_type("role"))
    assert all(shared.ids[o["id"]] in roles for o in res["owners"])
    assert len({o["id"] for o in res["owners"]}) == len(res["owners"])


role_names = st.sampled_from(["data-engineer", "ML engineer", "AIE", "ai engineer", "data scientist", "Data Engineer"])


@SETTINGS
@given(a=st.one_of(role_names, names), b=st.one_of(role_names, names))
def test_path_answers_or_refuses(shared, a, b):
    try:
        res = rolegraph.path(shared, a, b)
    except BadInputError:
        return
    learned = [x["id"] for x in res["learn"]]
    assert len(learned) == len(set(learned))
    assert res["hops"][:1] == [res["from"]["id"]] and res["hops"][-1:] == [res["to"]["id"]]


@SETTINGS
@given(text=names, radius=st.integers(min_value=-3, max_value=9))
def test_neighbours_answers_or_refuses(shared, text, radius):
    try:
        res = rolegraph.neighbours(shared, text, radius=radius)
    except BadInputError:
        return
    assert 0 <= radius <= 6
    assert all(n["distance"] <= radius for n in res["nodes"])


jd_text = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(words, st.text(max_size=8)), max_size=80).map(" ".join),
    st.sampled_from(HOSTILE_STRINGS),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=jd_text)
def test_need_answers_or_refuses(shared, text):
    try:
        res = rolegraph.need(shared, text)
    except BadInputError:
        return
    scores = [r["score"] for r in res["ranking"]]
    assert scores == sorted(scores, reverse=True)
    assert all(s >= 0 for s in scores)
    for r in res["ranking"]:
        for ev in r["evidence"]:
            start, end = ev["span"]
            assert 0 <= start < end <= len(text)


# ---------------------------------------------------------------- loader fuzz

SEEDS = {
    ".ttl": (DATA / "fixture.ttl").read_bytes(),
    ".jsonld": json.dumps({"@context": {"s": "http://www.w3.org/2004/02/skos/core#"}, "@id": "http://x/a", "s:prefLabel": "A"}).encode(),
    ".rdf": (
        b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns:s="http://www.w3.org/2004/02/skos/core#"><rdf:Description rdf:about="http://x/a">'
        b"<s:prefLabel>A</s:prefLabel></rdf:Description></rdf:RDF>"
    ),
    ".nt": b'<http://x/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "A" .\n',
}


@st.composite
def mutated(draw):
    suffix = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(SEEDS[suffix])
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        pos = draw(st.integers(min_value=0, max_value=len(data)))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = draw(
            st.binary(min_size=1, max_size=8)
            | st.sampled_from([b"[", b"]", b"{", b"<", b'"', b"\\", b"\n", b"@prefix", b"\xff", b"<!ENTITY"])
        )
        if op == "insert":
            data[pos:pos] = chunk
        elif op == "delete":
            del data[pos : pos + len(chunk)]
        else:
            data[pos : pos + len(chunk)] = chunk
    return suffix, bytes(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=mutated())
def test_fuzzed_files_load_or_give_a_load_error(tmp_path_factory, case):
    suffix, data = case
    f = tmp_path_factory.mktemp("fuzz") / f"fuzz{suffix}"
    f.write_bytes(data)
    try:
        rg = rolegraph.load([f], builtin=False, cache=False)
    except LoadError as exc:
        assert str(f) in str(exc)
        return
    except RolegraphError as exc:  # e.g. nothing to load
        pytest.fail(f"unexpected {type(exc).__name__}: {exc}")
    rolegraph.stats(rg)
    rolegraph.roles(rg)
