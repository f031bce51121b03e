"""The README: its Python examples run, it opens with the two set-up commands, and documents every command."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
from rolegraph.cli import COMMANDS

README = Path(__file__).parent.parent / "README.md"


def test_readme_opens_with_setup_commands():
    head = README.read_text().splitlines()[:8]
    assert any(line.startswith("make run") for line in head)
    assert any(line.startswith("make test") for line in head)


def test_readme_python_examples_run():
    result = doctest.testfile(str(README), module_relative=False, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 8
    assert result.failed == 0


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_in_the_readme(name):
    assert f"rolegraph {name}" in README.read_text()
