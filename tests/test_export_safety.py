"""Exports repeat byte for byte, write atomically, and refuse bad options before any work."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import rolegraph.export as export_module
from rolegraph import BadInputError
from rolegraph.cli import main
from rolegraph.export import FORMATS, atomic_write, export, export_files

ROOT = Path(__file__).parent.parent
ALL_FORMATS = list(FORMATS)
SELECTION = {"roles": ["data-engineer", "ai-engineer"]}


def digest(files: dict) -> str:
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode() + b"\0" + files[name] + b"\0")
    return h.hexdigest()


def _kw(fmt):
    return {} if FORMATS[fmt].get("whole") else SELECTION


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_same_graph_same_bytes(rg, fmt):
    assert digest(export_files(rg, fmt, **_kw(fmt))) == digest(export_files(rg, fmt, **_kw(fmt)))


_CHILD = """
import hashlib, json, sys
import rolegraph
from rolegraph.export import export_files, FORMATS
sys.path.insert(0, {tests!r})
from test_export_safety import digest, _kw, ALL_FORMATS
rg = rolegraph.load()
print(json.dumps({{f: digest(export_files(rg, f, **_kw(f))) for f in ALL_FORMATS}}))
"""


@pytest.mark.slow
def test_same_bytes_in_another_process_with_another_hash_seed(rg):
    """Set iteration order changes with PYTHONHASHSEED; the bytes must not."""
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    code = _CHILD.format(tests=str(ROOT / "tests"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300, check=True)
    theirs = json.loads(out.stdout.strip().splitlines()[-1])
    ours = {f: digest(export_files(rg, f, **_kw(f))) for f in ALL_FORMATS}
    assert theirs == ours


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "roles.ttl"
    target.write_bytes(b"old content\n")

    def chunks():
        yield b"new first half "
        raise OSError("disk full, say")

    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, chunks())
    assert target.read_bytes() == b"old content\n"
    assert _leftovers(tmp_path) == []
    assert atomic_write(target, [b"a", b"b"]) == 2 and target.read_bytes() == b"ab"


def test_export_failing_midway_leaves_no_partial_file(rg, tmp_path, monkeypatch):
    target = tmp_path / "roles.ttl"
    export(rg, "ttl", target, roles=["ml-engineer"])
    before = target.read_bytes()
    real = export_module.renderer

    def broken(fmt):
        fn = real(fmt)

        def render_then_fail(rg, sel):
            data = fn(rg, sel)[""]

            def chunks():
                yield data[: len(data) // 2]
                raise RuntimeError("renderer crashed halfway")

            return {"": chunks()}

        return render_then_fail

    monkeypatch.setattr(export_module, "renderer", broken)
    with pytest.raises(RuntimeError, match="halfway"):
        export(rg, "ttl", target, roles=["ai-engineer"])
    assert target.read_bytes() == before
    with pytest.raises(RuntimeError):
        export(rg, "ttl", tmp_path / "new.ttl", roles=["ai-engineer"])
    assert not (tmp_path / "new.ttl").exists()
    assert _leftovers(tmp_path) == []


def test_bad_out_paths_are_refused_before_any_work(rg, tmp_path):
    with pytest.raises(BadInputError, match="is a folder"):
        export(rg, "ttl", tmp_path)
    with pytest.raises(BadInputError, match="does not exist"):
        export(rg, "ttl", tmp_path / "missing" / "x.ttl")
    (tmp_path / "file").write_text("x")
    with pytest.raises(BadInputError, match="writes a folder"):
        export(rg, "csv", tmp_path / "file")
    with pytest.raises(BadInputError, match="unknown export format 'png'; use one of ttl"):
        export(rg, "png", tmp_path / "x.png")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]
    with pytest.raises(BadInputError, match="cannot write there"):
        export(rg, "ttl", Path("/proc/rolegraph-export.ttl"))  # a folder nothing can be written to


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_export_writes_and_reports(tmp_path):
    target = tmp_path / "mle.ttl"
    code, out, err = run("export", "--format", "ttl", "--out", str(target), "--role", "MLE", "--json")
    assert (code, err) == (0, "")
    res = json.loads(out)
    assert res["files"] == [str(target)] and res["format"] == "ttl" and res["bytes"] == target.stat().st_size
    code, out, _ = run("export", "--format", "mermaid", "--out", str(tmp_path / "z.mmd"), "--zone", "inference serving")
    assert code == 0 and out.startswith("wrote mermaid: ")


def test_cli_export_errors_exit_2_and_change_nothing(tmp_path):
    target = tmp_path / "keep.ttl"
    target.write_text("keep me")
    code, out, err = run("export", "--format", "pdf", "--out", str(target))
    assert code == 2 and out == "" and "use one of ttl, jsonld" in err
    code, _, err = run("export", "--format", "ttl", "--out", str(target), "--role", "quantum plumber")
    assert code == 2 and "no role matches 'quantum plumber'" in err
    code, _, err = run("export", "--format", "ttl", "--out", str(target), "--types", "gizmo")
    assert code == 2 and "unknown node type gizmo" in err
    code, _, err = run("export", "--out", str(target))
    assert code == 2 and "--format" in err
    assert target.read_text() == "keep me"
