"""The explorer: a Streamlit page over the library, installed with ``pip install 'rolegraph[app]'``.

This package is the only part of rolegraph that imports Streamlit (its modules
``page``, ``graph_view``, ``widgets`` and ``taxonomy``); ``state`` (the URL form of
a view) is plain Python. Start it with ``rolegraph app`` or :func:`run`.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from ..errors import BadInputError

__all__ = ["PAGE", "command", "run"]

#: The page script ``streamlit run`` is given.
PAGE = Path(__file__).with_name("run_page.py")


def command(port: int = 8501, address: str = "127.0.0.1", extra: list[str] | None = None) -> list[str]:
    """The ``streamlit run`` command line for the explorer page.

    Raises
    ------
    BadInputError
        Streamlit is not installed (the explorer is the ``app`` extra).
    """
    if importlib.util.find_spec("streamlit") is None:
        raise BadInputError("the explorer needs Streamlit, which is not installed: pip install 'rolegraph[app]'")
    if not 0 < int(port) < 65536:
        raise BadInputError(f"port must be a whole number from 1 to 65535, not {port!r}")
    cmd = [sys.executable, "-m", "streamlit", "run", str(PAGE), "--server.port", str(port), "--server.address", address]
    cmd += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    return cmd + list(extra or [])


def run(port: int = 8501, address: str = "127.0.0.1") -> int:
    """Run the explorer until it is stopped; returns Streamlit's exit code."""
    return subprocess.call(command(port, address))
