"""The explorer's library side: the page itself is the top-level ``app.py`` (the only code that imports
Streamlit, installed with ``pip install 'rolegraph[app]'``, where the wheel carries it as ``rolegraph/_app/app.py``).

``state`` is the URL form of a view, ``markup`` the page's HTML/CSS/JS pieces, ``taxonomy`` the import of a
taxonomy from the page; all plain Python. Start the page with ``rolegraph app`` or :func:`run`.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from ..errors import BadInputError

__all__ = ["command", "page", "run"]


def page() -> Path:
    """The page script ``streamlit run`` is given: ``app.py``, carried by the wheel as ``rolegraph/_app/app.py``, or at
    the top of a source checkout (beside ``graph/``)."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_app" / "app.py", package.parent / "app.py"):
        if candidate.is_file():
            return candidate
    raise BadInputError("the explorer's page (app.py) is not installed with rolegraph; reinstall it: pip install 'rolegraph[app]'")


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
    cmd = [sys.executable, "-m", "streamlit", "run", str(page()), "--server.port", str(port), "--server.address", address]
    cmd += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    return cmd + list(extra or [])


def run(port: int = 8501, address: str = "127.0.0.1") -> int:
    """Run the explorer until it is stopped; returns Streamlit's exit code."""
    return subprocess.call(command(port, address))
