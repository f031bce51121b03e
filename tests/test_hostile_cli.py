"""Every hostile string as every text argument of the CLI: a clear answer or a clear error, never a traceback."""

from __future__ import annotations

import io
import json

import pytest
from conftest import DATA
from rolegraph.cli import main

STRINGS = json.loads((DATA / "hostile" / "strings.json").read_text())
COMMANDS = [
    lambda s: ["owner", s],
    lambda s: ["show", s],
    lambda s: ["path", s, "ml-engineer"],
    lambda s: ["compare", "data-engineer", s],
    lambda s: ["neighbours", s, "--radius", "1"],
    lambda s: ["need", s],
]


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("text", STRINGS, ids=range(len(STRINGS)))
def test_hostile_string_in_every_command(text):
    for make in COMMANDS:
        argv = [*make(text), "--json"]
        code, out, err = run(argv)
        assert code in (0, 1, 2), argv
        if code == 0:
            json.loads(out)
            assert err == ""
        if code == 2:
            assert out == ""
            assert err.startswith("rolegraph: error: ") and len(err.strip().splitlines()) == 1, err
            assert "Traceback" not in err
            assert "\x00" not in err and "\u202e" not in err, "control characters reach the terminal"


def test_control_characters_never_reach_the_terminal():
    code, _, err = run(["owner", "\u202eenigne atad\x1b[31m"])
    assert code == 2
    assert "\x1b" not in err and "\u202e" not in err and "\\u202e" in err


def test_injection_text_is_just_a_name():
    code, _, err = run(["owner", '" } ; DELETE WHERE { ?s ?p ?o } ; SELECT * { "'])
    assert code == 2 and "no node matches" in err
    code, out, _ = run(["roles", "--json"])
    assert code == 0 and len(json.loads(out)["roles"]) >= 4
