"""Importing a taxonomy from the explorer: the server offers the ESCO folders under ROLEGRAPH_TAXONOMY_DIR;
the import (:func:`import_offered`; its panel is in ``app.py``) runs the same importer as ``rolegraph import esco``,
moves the page's progress bar, and the new graph joins the sidebar's "Graph" choices without a restart."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..importers.esco import FILES as ESCO_FILES
from ..importers.esco import import_esco

__all__ = ["Progress", "environ", "folders", "import_offered", "imports_dir"]

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


class Progress:
    """A stream for the importer's progress bar that moves a page's progress bar (``bar.progress(fraction, text=)``) instead."""

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


def import_offered(folder: Path, bar) -> tuple[dict, Path]:
    """Import the ESCO distribution in ``folder`` (one of :func:`folders`) into :func:`imports_dir`, moving ``bar``;
    returns the importer's summary and the file written.

    Raises
    ------
    RolegraphError
        The folder is not an ESCO distribution the importer reads, or the file cannot be written.
    """
    safe = re.sub(r"[^\w.-]", "_", folder.name)
    out = imports_dir() / f"{safe}.ttl"
    out.parent.mkdir(parents=True, exist_ok=True)
    return import_esco(folder, out, progress_stream=Progress(bar), progress=True), out
