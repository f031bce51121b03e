"""Names typed with typos, odd case and punctuation resolve the same on the endpoint as in memory (Hypothesis)."""

from __future__ import annotations

import pytest
from conftest import BUILTIN_GRAPH
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rolegraph.backend import EndpointBackend, MemoryBackend
from rolegraph.endpoint import Endpoint
from rolegraph.errors import RolegraphError


@pytest.fixture(scope="module")
def pair(rg, sparql_server):
    return MemoryBackend(rg), EndpointBackend(Endpoint(sparql_server["query"], timeout=30, graphs=(BUILTIN_GRAPH,)))


@pytest.fixture(scope="module")
def names(rg):
    out = set()
    for _, d in rg.G.nodes(data=True):
        out.update([d["label"], d["id"], *d["alt"]])
    return sorted(n for n in out if 2 <= len(n) <= 60)


def mutate(name: str, how: int, at: int) -> str:
    i = at % max(1, len(name))
    if how == 0:  # drop a letter
        return name[:i] + name[i + 1 :]
    if how == 1:  # swap two letters
        return name[:i] + name[i + 1 : i + 2] + name[i : i + 1] + name[i + 2 :]
    if how == 2:
        return name.upper()
    if how == 3:
        return f"  {name.replace(' ', '-')}!"
    if how == 4:  # a word too many
        return f"{name} thing"
    return name


def answer(backend, name, types):
    try:
        return backend.resolve(name, types=types)
    except RolegraphError as exc:
        return (type(exc).__name__, str(exc), getattr(exc, "suggestions", None))


@pytest.mark.endpoint
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], derandomize=True)
@given(data=st.data())
def test_resolve_is_identical_on_both_backends(pair, names, data):
    memory, endpoint = pair
    name = mutate(data.draw(st.sampled_from(names)), data.draw(st.integers(0, 5)), data.draw(st.integers(0, 60)))
    types = data.draw(st.sampled_from([None, {"role"}, {"skill", "tool"}]))
    assert answer(endpoint, name, types) == answer(memory, name, types)
