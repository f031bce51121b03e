"""Importing a taxonomy from the explorer: the server offers the ESCO folders under ROLEGRAPH_TAXONOMY_DIR;
the import runs the same importer as ``rolegraph import esco``, shows its progress, and the new graph joins the
sidebar's "Graph" choices without a restart."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

import streamlit as st

from ..errors import RolegraphError
from ..importers.esco import FILES as ESCO_FILES
from ..importers.esco import import_esco

__all__ = ["environ", "folders", "import_panel", "imports_dir"]

_PERCENT = re.compile(r"(\d{1,3})%")


def imports_dir(env: Mapping[str, str] = os.environ) -> Path:
    """Where imported taxonomies are written: ROLEGRAPH_IMPORTS_DIR, else a folder of this machine's temp dir."""
    given = env.get("ROLEGRAPH_IMPORTS_DIR", "").strip()
    return Path(given) if given else Path(tempfile.gettempdir()) / "rolegraph-imports"


def environ(env: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The environment with ROLEGRAPH_IMPORTS_DIR set, so the graph choices include what the app imported."""
    return {**env, "ROLEGRAPH_IMPORTS_DIR": str(imports_dir(env))}


def folders(env: Mapping[str, str] = os.environ) -> dict[str, Path]:
    """Name → folder of each ESCO distribution directly under ROLEGRAPH_TAXONOMY_DIR (the folder itself counts)."""
    root = env.get("ROLEGRAPH_TAXONOMY_DIR", "").strip()
    if not root or not Path(root).is_dir():
        return {}
    found = {}
    for d in [Path(root), *sorted(p for p in Path(root).iterdir() if p.is_dir())]:
        if (d / ESCO_FILES["occupations"]).is_file():
            found[d.name] = d
    return found


class _Progress:
    """A stream for the importer's progress bar that moves a Streamlit progress bar instead."""

    def __init__(self, bar):
        self.bar = bar
        self.last = -1

    def write(self, text: str) -> int:
        found = _PERCENT.findall(text)
        if found:
            pct = min(100, int(found[-1]))
            if pct != self.last:
                self.last = pct
                self.bar.progress(pct / 100, text=f"Importing ... {pct}%")
        return len(text)

    def flush(self) -> None:
        pass


def import_panel(graphs: Mapping[str, tuple[str, ...]]) -> None:
    """The sidebar's "Import a taxonomy" part: a folder picker and a button (shown only when folders are offered)."""
    offered = folders()
    if not offered:
        st.caption("To import ESCO here, start the app with ROLEGRAPH_TAXONOMY_DIR naming a folder that holds it.")
        return
    name = st.selectbox("Import a taxonomy (ESCO)", list(offered), key="w_taxonomy")
    if not st.button("Import", key="w_import"):
        return
    safe = re.sub(r"[^\w.-]", "_", name)
    out = imports_dir() / f"{safe}.ttl"
    out.parent.mkdir(parents=True, exist_ok=True)
    bar = st.progress(0.0, text="Importing ...")
    try:
        summary = import_esco(offered[name], out, progress_stream=_Progress(bar), progress=True)
    except RolegraphError as err:
        st.error(str(err))
        return
    bar.progress(1.0, text=f"Imported {summary['occupations']:,} occupations and {summary['skills']:,} skills")
    st.session_state["w_graph_next"] = f"Built-in + {out.name}"
    st.rerun()
