"""The layering STYLE.md asks for: app.py imports streamlit and graph; graph/ never imports streamlit, and the library
and CLI work without it."""

from __future__ import annotations

import ast
import subprocess
import sys
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


def test_only_app_py_imports_streamlit():
    files = sorted((ROOT / "graph").rglob("*.py"))
    assert len(files) >= 8
    offenders = [str(f.relative_to(ROOT)) for f in files if "streamlit" in imported_modules(f)]
    assert offenders == []
    assert "streamlit" in imported_modules(ROOT / "app.py")  # the rule names a real file


def test_the_check_would_catch_an_import(tmp_path):
    f = tmp_path / "x.py"
    f.write_text("def f():\n    import streamlit as st\n    return st\n")
    assert "streamlit" in imported_modules(f)


def test_library_and_cli_run_without_streamlit_or_pyvis():
    # Streamlit and pyvis made unimportable: every library module still imports, the CLI answers,
    # and `rolegraph app` says which extra to install.
    code = (
        "import sys; sys.modules['streamlit'] = None; sys.modules['pyvis'] = None\n"
        "import importlib, pkgutil, rolegraph\n"
        "skip = {'rolegraph.__main__'}\n"
        "for m in pkgutil.walk_packages(rolegraph.__path__, 'rolegraph.'):\n"
        "    if m.name not in skip: importlib.import_module(m.name)\n"
        "from rolegraph.cli import main\n"
        "assert main(['roles']) == 0\n"
        "import io; err = io.StringIO(); code = main(['app'], stderr=err)\n"
        "print(code, err.getvalue().strip())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    last = out.stdout.strip().splitlines()[-1]
    assert last.startswith("2 rolegraph: error:") and "pip install 'rolegraph[app]'" in last


def test_app_py_lays_out_and_the_library_answers():
    """app.py imports only streamlit, rolegraph and the standard library, and asks the library every question:
    no query, parse or scoring code of its own (no rdflib, networkx or pyoxigraph)."""
    stdlib = set(sys.stdlib_module_names)
    assert imported_modules(ROOT / "app.py") - stdlib == {"rolegraph", "streamlit"}


def test_pyproject_keeps_streamlit_in_the_app_extra():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not [d for d in project["dependencies"] if d.startswith(("streamlit", "pyvis"))]
    assert any(d.startswith("streamlit") for d in project["optional-dependencies"]["app"])


def test_no_utils_modules():
    assert not list((ROOT / "graph").rglob("utils.py")) and not list((ROOT / "graph").rglob("common.py"))
