"""Limits on what rolegraph accepts, each configurable by an environment variable.

Every limit, when hit, gives an error that names the limit, the value met and
the variable that raises it. Values are read when used, so a test or a server
can change them without restarting.

>>> limits().max_nesting
100
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

from .errors import BadInputError

__all__ = ["ENV", "Limits", "limits"]


@dataclass(frozen=True)
class Limits:
    #: bytes of one RDF file (CLI --data, Python API, app upload)
    max_file_bytes: int = 512 * 1024 * 1024
    #: triples one RDF file may add
    max_triples_per_file: int = 20_000_000
    #: depth of nested blank nodes / JSON objects / XML elements in one file
    max_nesting: int = 100
    #: characters of a job description or free text
    max_text_chars: int = 200_000
    #: characters of a SPARQL query (``sparql`` command, the app's SPARQL tab)
    max_query_chars: int = 100_000
    #: bytes of one file uploaded in the app
    max_upload_bytes: int = 50 * 1024 * 1024
    #: seconds an in-memory SPARQL query may take (``sparql`` command, the app's SPARQL tab)
    query_timeout_s: float = 30.0
    #: bytes an in-memory SPARQL query's child process may allocate beyond what it shares with its parent
    query_memory_bytes: int = 2 * 1024 * 1024 * 1024
    #: characters of a name (a role, skill ... as typed): a name, not a document
    max_name_chars: int = 300
    #: nodes a learning path's search on an endpoint may reach before it gives up
    max_path_nodes: int = 20_000
    #: rows (or triples) a SPARQL answer may hold
    max_result_rows: int = 100_000
    #: prefixes one RDF file may declare (``@prefix``, ``PREFIX``, ``xmlns:``, JSON-LD terms ending in ``/`` or ``#``)
    max_prefixes: int = 1_000
    #: bytes all the app's uploaded session graphs may take together (estimated)
    max_session_bytes: int = 4 * 1024 * 1024 * 1024
    #: seconds an uploaded session graph is kept unused before it is set aside
    session_idle_s: float = 900.0


#: field → environment variable
ENV = {f.name: "ROLEGRAPH_" + f.name.upper() for f in fields(Limits)}


def limits() -> Limits:
    """The limits in force: defaults, overridden by ``ROLEGRAPH_MAX_...`` variables.

    Raises
    ------
    BadInputError
        A variable is set to something that is not a positive number.
    """
    values = {}
    for f in fields(Limits):
        raw = os.environ.get(ENV[f.name])
        if raw is None or raw.strip() == "":
            continue
        try:
            value = float(raw) if f.type == "float" else int(raw.replace("_", ""))
        except ValueError:
            value = None
        if value is None or value <= 0:
            raise BadInputError(f"{ENV[f.name]}={raw!r} is not a positive {'number' if f.type == 'float' else 'whole number'}")
        values[f.name] = value
    return Limits(**values)
