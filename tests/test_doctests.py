"""Every module's docstring examples run as doctests, imported under the installed name `rolegraph`."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest
import rolegraph

SKIP = {"rolegraph.__main__"}
MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(rolegraph.__path__, "rolegraph.")
    if m.name not in SKIP and not m.name.startswith("rolegraph.ontology")
)


def test_modules_found():
    assert len(MODULES) >= 30, MODULES


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} doctest examples failed in {name}"
