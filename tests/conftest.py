"""Shared fixtures: the built-in graph (loaded once) and a small hand-made graph."""

from __future__ import annotations

from pathlib import Path

import pytest

import graph

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def rg():
    """The built-in graph. Shared by many tests: never mutate it."""
    return graph.load()


@pytest.fixture(scope="session")
def small():
    """A tiny graph written by hand (tests/data/fixture.ttl), without the built-in data."""
    return graph.load([DATA / "fixture.ttl"], builtin=False)
