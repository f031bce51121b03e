"""Helpers for the explorer's AppTest tests: start the app on a URL, read its drawing and its tables."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).parent.parent
APP = ROOT / "app.py"


def start(params: dict | None = None, timeout: int = 120) -> AppTest:
    """The app run once on a URL with these query parameters."""
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def qp(at: AppTest) -> dict[str, str]:
    """The app's URL query parameters, one string each."""
    return {k: v if isinstance(v, str) else v[-1] for k, v in at.query_params.items()}


def drawings(at) -> dict[str, dict]:
    """Drawing key ("graph", "roadmap") → the data the drawing component was given."""
    out = {}
    for el in at.get("bidi_component"):
        key = el.proto.id.rsplit("-", 1)[-1]
        out[key] = json.loads(el.proto.json)
    return out


def drawn(at, key: str = "graph") -> dict:
    """The nodes, edges and options of one drawing."""
    return drawings(at)[key]["drawing"]


def drawn_ids(at, key: str = "graph") -> set[str]:
    return {n["id"] for n in drawn(at, key)["nodes"]}


def tables(where) -> list[list[dict]]:
    """Every wrapping table (``rg-table``) shown, as rows of {column: text}."""
    out = []
    for el in where.get("html"):
        for body in re.findall(r'<table class="rg-table">(.*?)</table>', el.proto.body, re.S):
            rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
            head = [html.unescape(h) for h in re.findall(r"<th>(.*?)</th>", rows[0], re.S)] if "<th>" in rows[0] else []
            data = rows[1:] if head else rows
            out.append([dict(zip(head, [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", r, re.S)], strict=False)) for r in data])
    return out


def tab(at: AppTest, label: str):
    """The (nested) tab with this label."""
    return next(t for t in at.tabs if t.label == label)


def open_tab(at: AppTest, key: str) -> AppTest:
    """Switch the app to one of its tabs (only the open tab's content is built)."""
    from rolegraph.explorer.state import TABS

    at.session_state["w_tab"] = TABS[key]
    return at.run()
