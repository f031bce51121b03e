// Load rolegraph's CSV export into Neo4j: copy nodes.csv and edges.csv into the import folder, then run this.
CREATE CONSTRAINT rolegraph_node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE;

LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row
MERGE (n:Node {id: row.id})
SET n.label = row.label, n.type = row.type, n.definition = row.definition,
    n.alt_labels = row.alt_labels, n.sources = row.sources, n.curated = (row.curated = 'true'), n.iri = row.iri;

LOAD CSV WITH HEADERS FROM 'file:///edges.csv' AS row
MATCH (a:Node {id: row.source}), (b:Node {id: row.target})
MERGE (a)-[r:REL {relation: row.relation}]->(b)
SET r.zone = row.zone;
