"""The command line, run in-process: JSON contract, text output, exit codes, errors."""

from __future__ import annotations

import io
import json

import pytest
from conftest import DATA
from rolegraph.cli import COMMANDS, build_parser, main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def run_json(*argv: str) -> dict:
    code, out, err = run(*argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_roles_json_contract():
    res = run_json("roles")
    assert {"id", "label", "primary_output"} <= set(res["roles"][0])
    assert [r["id"] for r in res["roles"]][:3] == ["data-engineer", "ml-engineer", "ai-engineer"]


def test_stats_json_keys():
    res = run_json("stats")
    for key in ("roles", "deliverables", "skills", "tools", "overlap_zones", "need_signals", "mis_hires", "triples"):
        assert isinstance(res[key], int) and res[key] > 0, key


def test_owner_json_contract():
    res = run_json("owner", "rag pipeline design")
    assert set(res) >= {"query", "match", "owners", "zone", "sources", "alternatives"}
    assert res["query"] == "rag pipeline design"
    assert set(res["match"]) == {"id", "label", "type"}
    top = res["owners"][0]
    assert {k: top[k] for k in ("id", "label", "level")} == {"id": "ai-engineer", "label": "AI engineer", "level": "primary"}
    assert top["edges"][0]["relation"] == "delivers" and top["edges"][0]["sources"][0]["id"] == "src-ai-engineer"


def test_owner_zone_json():
    res = run_json("owner", "feature engineering")
    z = res["zone"]
    assert set(z) >= {"id", "label", "roles", "split"}
    assert sorted(z["roles"]) == ["data-engineer", "ml-engineer"]


def test_path_json_contract():
    res = run_json("path", "data-engineer", "ml-engineer")
    assert res["from"] == {"id": "data-engineer", "label": "Data engineer"}
    assert res["to"]["id"] == "ml-engineer"
    assert all(set(x) == {"id", "label", "type"} for x in res["learn"])
    assert res["hops"][0] == "data-engineer" and res["hops"][-1] == "ml-engineer"
    assert "zone-feature-engineering" in [b["id"] for b in res["bridges"]]


def test_compare_json_contract():
    res = run_json("compare", "ml-engineer", "ai-engineer")
    assert set(res) >= {"shared", "only_a", "only_b", "zones"}
    assert all(set(x) >= {"id", "label"} for key in ("shared", "only_a", "only_b") for x in res[key])


def test_need_json_contract():
    res = run_json("need", "We need someone to build our data pipelines, train our custom models and integrate AI into our product.")
    assert set(res) >= {"ranking", "flags", "advice"}
    assert set(res["ranking"][0]) >= {"id", "label", "score", "evidence"}
    assert res["ranking"] == sorted(res["ranking"], key=lambda r: -r["score"])


def test_need_reads_a_file(tmp_path):
    jd = tmp_path / "jd.txt"
    jd.write_text("Senior Data Engineer\nBuild ingestion pipelines with Kafka and dbt, orchestrate with Airflow.", encoding="utf-8")
    res = run_json("need", "--file", str(jd))
    assert res["ranking"][0]["id"] == "data-engineer"


def test_text_output_is_a_table():
    code, out, _ = run("roles")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["id", "label", "primary"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert lines[2].startswith("data-engineer")


def test_unknown_role_exits_2_with_suggestion():
    code, out, err = run("path", "data enginere manager", "ml-engineer")
    assert code == 2 and out == ""
    assert "'data enginere manager' names no role exactly; did you mean: Data engineer (data-engineer)" in err


def test_unknown_name_names_the_plausible_nodes_on_stderr_only():
    """The CLI contract: an error goes to stderr, with or without --json; the plausible nodes are in its message."""
    code, out, err = run("--json", "owner", "serving infra")
    assert code == 2 and out == ""
    assert "'serving infra' names no node exactly; did you mean: Model serving infrastructure (model-serving-infrastructure)" in err
    code, out, err = run("owner", "qwzx", "--json")
    assert code == 2 and out == "" and "no node matches 'qwzx'" in err and "did you mean" not in err


def test_bad_option_exits_2():
    code, _, err = run("neighbours", "ml-engineer", "--radius", "lots")
    assert code == 2
    assert "invalid int value" in err


def test_empty_query_exits_2():
    code, _, err = run("owner", "   ")
    assert code == 2 and "empty name" in err


def test_need_without_text_exits_2():
    code, _, err = run("need")
    assert code == 2 and "--file" in err


def test_bad_data_file_exits_2(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle")
    code, out, err = run("--data", str(bad), "roles")
    assert code == 2 and out == ""
    assert f"cannot load {bad}" in err


def test_no_builtin_with_fixture():
    res = run_json("--no-builtin", "--data", str(DATA / "fixture.ttl"), "roles")
    assert [r["id"] for r in res["roles"]] == ["baker", "pastry-chef"]


def test_validate_builtin_conforms():
    code, out, err = run("validate")
    assert code == 0, out + err
    assert out.strip() == "conforms"


def test_terminal_output_escapes_control_characters(tmp_path):
    f = tmp_path / "evil.ttl"
    f.write_text(
        "@prefix rg: <https://rolegraph.dev/vocab#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<https://rolegraph.dev/id/evil> a rg:Role ; skos:prefLabel "Evil\\u001b[31m role"@en ; rg:primaryOutput "x"@en .\n'
    )
    code, out, _ = run("--no-builtin", "--data", str(f), "roles")
    assert code == 0
    assert "\x1b" not in out and "\\u001b" in out


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_with_an_example(name):
    spec = COMMANDS[name]
    assert spec["help"] and spec["example"].startswith("rolegraph ")
    sub = build_parser()._subparsers._group_actions[0].choices[name]
    assert "example: rolegraph" in sub.format_help()
    if name not in {"export", "import", "load"}:
        assert "--json" in sub.format_help()


def test_no_command_prints_help():
    code, out, _ = run()
    assert code == 2 and "COMMAND" in out


# ---------------------------------------------------------------- global --json, --out -, the question registry


@pytest.mark.parametrize(
    "argv", [["roles"], ["owner", "feature store"], ["path", "data engineer", "MLE"], ["neighbours", "python", "--radius", "2"]]
)
def test_json_before_the_command_gives_the_same_object(argv):
    code_a, out_a, err_a = run(*argv, "--json")
    code_b, out_b, err_b = run("--json", *argv)
    assert (code_b, err_b) == (code_a, err_a) and json.loads(out_b) == json.loads(out_a)


@pytest.mark.parametrize("fmt", ["mermaid", "ttl", "handout-md"])
def test_out_dash_writes_the_file_bytes_to_stdout(tmp_path, fmt):
    target = tmp_path / "x"
    code, _, err = run("export", "--format", fmt, "--out", str(target), "--role", "ml-engineer")
    assert code == 0, err
    code, out, err = run("export", "--format", fmt, "--out", "-", "--role", "ml-engineer")
    assert (code, err) == (0, "")
    assert out == target.read_text(encoding="utf-8")
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "--format", "pptx", "--out", "-"], "binary data"),
        (["export", "--format", "csv", "--out", "-"], "writes a folder"),
        (["--json", "export", "--format", "ttl", "--out", "-"], "drop --json"),
    ],
)
def test_out_dash_refuses_what_is_not_one_text_file(argv, message):
    code, out, err = run(*argv)
    assert code == 2 and out == "" and message in err


def test_every_question_in_the_registry_is_a_command_with_help_and_example():
    from rolegraph.questions import QUESTIONS

    listed = {q.command or q.name for q in QUESTIONS.values() if q.command != ""}
    assert listed == {"roles", "stats", "show", "owner", "path", "compare", "neighbours"}
    for name in listed:
        assert COMMANDS[name]["help"] and COMMANDS[name]["example"].startswith("rolegraph ")


def test_every_taxonomy_profile_has_an_importer_and_a_command_choice():
    from rolegraph.domain import PROFILES
    from rolegraph.importers import IMPORTERS

    assert set(IMPORTERS) == set(PROFILES) - {"rolegraph"}
    code, _, err = run("import", "nowhere", "x", "--out", "y.ttl")
    assert code == 2 and "esco" in err and "onet" in err
