"""Graph-file exports: GraphML (yEd, Cytoscape) and GEXF 1.3 (Gephi), both written with lxml.

Both carry the selected nodes with their id, label, type, definition, synonyms,
sources and curated flag, and the typed edges between them. Node and edge order
is sorted, and no writer adds a date, so the bytes repeat.
"""

from __future__ import annotations

from lxml import etree

from ..escape import xml_text
from ..project import RoleGraph
from ..subgraph import Selection

__all__ = ["TYPE_COLOURS", "edge_rows", "gexf", "graphml", "node_rows"]

#: node type → RGB colour, used by GEXF (viz:color) and kept as a hint in GraphML.
TYPE_COLOURS = {
    "role": (214, 39, 40),
    "overlap_zone": (148, 103, 189),
    "deliverable": (31, 119, 180),
    "skill": (44, 160, 44),
    "tool": (255, 127, 14),
    "need_signal": (140, 86, 75),
    "mis_hire": (227, 119, 194),
    "claim": (127, 127, 127),
}

NODE_FIELDS = ("id", "label", "type", "definition", "alt_labels", "sources", "curated", "iri")
EDGE_FIELDS = ("source", "target", "relation", "zone")


def node_rows(rg: RoleGraph, sel: Selection) -> list[dict]:
    """One plain dict per selected node, sorted by id; lists joined with ``; ``."""
    rows = []
    for n in sel.nodes:
        d = rg.G.nodes[n]
        rows.append(
            {
                "id": d["id"],
                "label": d["label"],
                "type": d["type"],
                "definition": d["definition"],
                "alt_labels": "; ".join(d["alt"]),
                "sources": "; ".join(rg.sources[s]["id"] if s in rg.sources else s for s in d["sources"]),
                "curated": bool(d["curated"]),
                "iri": n,
            }
        )
    return sorted(rows, key=lambda r: r["id"])


def edge_rows(rg: RoleGraph, sel: Selection) -> list[dict]:
    """One plain dict per edge between selected nodes, sorted by (source, relation, target)."""
    keep = set(sel.nodes)
    rows = []
    for u, v, k, data in rg.G.edges(sel.nodes, keys=True, data=True):
        if v in keep:
            zone = data.get("zone")
            rows.append(
                {
                    "source": rg.G.nodes[u]["id"],
                    "target": rg.G.nodes[v]["id"],
                    "relation": k,
                    "zone": rg.G.nodes[zone]["id"] if zone else "",
                }
            )
    return sorted(rows, key=lambda e: (e["source"], e["relation"], e["target"]))


GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_GRAPHML_NODE_KEYS = (("label", "string"), ("type", "string"), ("definition", "string"), ("alt_labels", "string"))
_GRAPHML_NODE_KEYS += (("sources", "string"), ("curated", "boolean"), ("iri", "string"))


def graphml(rg: RoleGraph, sel: Selection) -> dict[str, bytes]:
    """GraphML written with lxml (which escapes a carriage return, so every label reads back exactly)."""
    E = f"{{{GRAPHML_NS}}}"
    root = etree.Element(E + "graphml", nsmap={None: GRAPHML_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd")
    for name, kind in _GRAPHML_NODE_KEYS:
        etree.SubElement(root, E + "key", {"id": name, "for": "node", "attr.name": name, "attr.type": kind})
    for name in ("relation", "zone"):
        etree.SubElement(root, E + "key", {"id": name, "for": "edge", "attr.name": name, "attr.type": "string"})
    graph = etree.SubElement(root, E + "graph", id="rolegraph", edgedefault="directed")
    for r in node_rows(rg, sel):
        node = etree.SubElement(graph, E + "node", id=xml_text(r["id"]))
        for name, _ in _GRAPHML_NODE_KEYS:
            v = r[name]
            etree.SubElement(node, E + "data", key=name).text = ("true" if v else "false") if isinstance(v, bool) else xml_text(v)
    for i, e in enumerate(edge_rows(rg, sel)):
        edge = etree.SubElement(graph, E + "edge", id=f"e{i}", source=xml_text(e["source"]), target=xml_text(e["target"]))
        etree.SubElement(edge, E + "data", key="relation").text = e["relation"]
        if e["zone"]:
            etree.SubElement(edge, E + "data", key="zone").text = xml_text(e["zone"])
    return {"": etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)}


GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
_GEXF_ATTRS = (("0", "type", "string"), ("1", "definition", "string"), ("2", "alt_labels", "string"), ("3", "sources", "string"))
_GEXF_ATTRS += (("4", "curated", "boolean"), ("5", "iri", "anyURI"))


def gexf(rg: RoleGraph, sel: Selection) -> dict[str, bytes]:
    """GEXF 1.3, written with lxml: ``<meta>`` without a date, typed node attributes, viz colours."""
    E = f"{{{GEXF_NS}}}"
    root = etree.Element(E + "gexf", nsmap={None: GEXF_NS, "viz": VIZ_NS, "xsi": XSI_NS}, version="1.3")
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{GEXF_NS} {GEXF_NS}/gexf.xsd")
    meta = etree.SubElement(root, E + "meta")
    etree.SubElement(meta, E + "creator").text = "rolegraph"
    etree.SubElement(meta, E + "description").text = xml_text(sel.title(rg))
    graph = etree.SubElement(root, E + "graph", defaultedgetype="directed", mode="static")
    attrs = etree.SubElement(graph, E + "attributes", **{"class": "node", "mode": "static"})
    for aid, title, kind in _GEXF_ATTRS:
        etree.SubElement(attrs, E + "attribute", id=aid, title=title, type=kind)
    eattrs = etree.SubElement(graph, E + "attributes", **{"class": "edge", "mode": "static"})
    etree.SubElement(eattrs, E + "attribute", id="0", title="zone", type="string")
    nodes = etree.SubElement(graph, E + "nodes", count=str(len(sel.nodes)))
    for r in node_rows(rg, sel):
        node = etree.SubElement(nodes, E + "node", id=xml_text(r["id"]), label=xml_text(r["label"]))
        values = etree.SubElement(node, E + "attvalues")
        for aid, title, _ in _GEXF_ATTRS:
            v = r[title]
            etree.SubElement(
                values, E + "attvalue", **{"for": aid, "value": ("true" if v else "false") if isinstance(v, bool) else xml_text(v)}
            )
        red, green, blue = TYPE_COLOURS.get(r["type"], (0, 0, 0))
        etree.SubElement(node, f"{{{VIZ_NS}}}color", r=str(red), g=str(green), b=str(blue))
    rows = edge_rows(rg, sel)
    edges = etree.SubElement(graph, E + "edges", count=str(len(rows)))
    for i, e in enumerate(rows):
        edge = etree.SubElement(
            edges,
            E + "edge",
            id=str(i),
            source=xml_text(e["source"]),
            target=xml_text(e["target"]),
            label=e["relation"],
            kind=e["relation"],
        )
        if e["zone"]:
            values = etree.SubElement(edge, E + "attvalues")
            etree.SubElement(values, E + "attvalue", **{"for": "0", "value": xml_text(e["zone"])})
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return {"": data}
