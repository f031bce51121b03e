"""The layering STYLE.md asks for: graph/ never imports streamlit; app.py stays thin."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    mods = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            mods.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            mods.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in {"import_module", "__import__"}:
            if node.args and isinstance(node.args[0], ast.Constant):
                mods.add(str(node.args[0].value).split(".")[0])
    return mods


def test_graph_package_never_imports_streamlit():
    files = sorted((ROOT / "graph").rglob("*.py"))
    assert len(files) >= 8
    offenders = [str(f.relative_to(ROOT)) for f in files if "streamlit" in imported_modules(f)]
    assert offenders == []


def test_the_check_would_catch_an_import(tmp_path):
    f = tmp_path / "x.py"
    f.write_text("def f():\n    import streamlit as st\n    return st\n")
    assert "streamlit" in imported_modules(f)


def test_no_utils_modules():
    assert not list((ROOT / "graph").rglob("utils.py")) and not list((ROOT / "graph").rglob("common.py"))
