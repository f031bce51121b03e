"""Importers of standard taxonomies into RDF: ESCO (CSV) and O*NET (tab-separated text).

Each reads the official distribution folder by column name, counts the data's
flaws instead of failing on them, and writes one RDF file whose format follows
its extension. Load the result with ``rolegraph --data FILE`` to query it
beside the built-in graph.
"""

from __future__ import annotations

from .esco import import_esco
from .onet import import_onet

__all__ = ["IMPORTERS", "import_esco", "import_onet"]

#: source name → importer ``f(dir, out, *, progress_stream, progress) -> summary``
IMPORTERS = {"esco": import_esco, "onet": import_onet}
