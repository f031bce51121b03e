"""CSV export: a folder with ``nodes.csv``, ``edges.csv`` and ``load.cypher``.

Ready for a spreadsheet and for Neo4j's ``LOAD CSV WITH HEADERS``: UTF-8, a
header row, every field quoted, lists joined with ``; ``. A cell that starts
with a formula character (``= + - @``) gets a leading ``'`` so a spreadsheet
shows it instead of running it.
"""

from __future__ import annotations

import csv
import io

from ..escape import csv_cell
from ..project import RoleGraph
from ..subgraph import Selection
from .graphs import EDGE_FIELDS, NODE_FIELDS, edge_rows, node_rows

__all__ = ["csv_dir"]

_CYPHER = """// Load rolegraph's CSV export into Neo4j: copy nodes.csv and edges.csv into the import folder, then run this.
CREATE CONSTRAINT rolegraph_node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE;

LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row
MERGE (n:Node {id: row.id})
SET n.label = row.label, n.type = row.type, n.definition = row.definition,
    n.alt_labels = row.alt_labels, n.sources = row.sources, n.curated = (row.curated = 'true'), n.iri = row.iri;

LOAD CSV WITH HEADERS FROM 'file:///edges.csv' AS row
MATCH (a:Node {id: row.source}), (b:Node {id: row.target})
MERGE (a)-[r:REL {relation: row.relation}]->(b)
SET r.zone = row.zone;
"""


def _table(fields, rows) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(fields)
    for r in rows:
        w.writerow([("true" if r[f] else "false") if isinstance(r[f], bool) else csv_cell(r[f]) for f in fields])
    return buf.getvalue().encode("utf-8")


def csv_dir(rg: RoleGraph, sel: Selection) -> dict[str, bytes]:
    """``nodes.csv`` (one row per node), ``edges.csv`` (one row per edge) and ``load.cypher``."""
    return {
        "nodes.csv": _table(NODE_FIELDS, node_rows(rg, sel)),
        "edges.csv": _table(EDGE_FIELDS, edge_rows(rg, sel)),
        "load.cypher": _CYPHER.encode("utf-8"),
    }
