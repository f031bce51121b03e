"""A static HTML reference of the vocabulary, in the spirit of pyLODE.

``index.html`` lists the classes, object and datatype properties (with
definitions, domains, ranges and the shapes that check them) and every SHACL
node shape with its property constraints and messages. ``vocab.ttl`` and
``shapes.ttl`` sit beside it. The page has no script and loads nothing.
"""

from __future__ import annotations

import html

import rdflib
from rdflib import DCTERMS, OWL, RDF, RDFS, SH, SKOS, URIRef
from rdflib.collection import Collection

from ..escape import html_text
from ..load import builtin_files, parse_file, shapes_file
from ..project import RoleGraph
from ..subgraph import Selection

__all__ = ["docs", "vocabulary"]


def _text(g: rdflib.Graph, s, *preds) -> str:
    for p in preds:
        vals = sorted(g.objects(s, p), key=lambda v: (getattr(v, "language", None) not in ("en", None), str(v)))
        if vals:
            return str(vals[0])
    return ""


def _local(iri) -> str:
    s = str(iri)
    return s.rsplit("#", 1)[-1] if "#" in s else s.rstrip("/").rsplit("/", 1)[-1]


def _curie(g: rdflib.Graph, iri) -> str:
    try:
        return g.namespace_manager.curie(URIRef(iri), generate=False)
    except (ValueError, KeyError):
        return str(iri)


def vocabulary(rg: RoleGraph, shapes: rdflib.Graph | None = None) -> dict:
    """Plain data of the vocabulary: ``classes``, ``object_properties``, ``datatype_properties``, ``shapes``."""
    g = rg.rdf
    if shapes is None:
        path = shapes_file()
        shapes = parse_file(path) if path.is_file() else rdflib.Graph()

    def term(s, kind: str) -> dict:
        return {
            "iri": str(s),
            "curie": _curie(g, s),
            "anchor": _local(s),
            "kind": kind,
            "label": _text(g, s, RDFS.label, SKOS.prefLabel) or _local(s),
            "definition": _text(g, s, SKOS.definition, RDFS.comment),
            "domain": sorted(_curie(g, o) for o in g.objects(s, RDFS.domain)),
            "range": sorted(_curie(g, o) for o in g.objects(s, RDFS.range)),
            "parents": sorted(_curie(g, o) for o in g.objects(s, RDFS.subClassOf)),
            "symmetric": (s, RDF.type, OWL.SymmetricProperty) in g,
            "instances": sum(1 for x in g.subjects(RDF.type, s) if isinstance(x, URIRef)),
        }

    def of(cls, kind):
        found = {s for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef)}
        return [term(s, kind) for s in sorted(found, key=lambda s: _local(s).casefold())]

    return {
        "title": _text(g, URIRef("https://rolegraph.dev/vocab"), DCTERMS.title, RDFS.label) or "rolegraph vocabulary",
        "definition": _text(g, URIRef("https://rolegraph.dev/vocab"), SKOS.definition),
        "classes": of(OWL.Class, "class"),
        "object_properties": of(OWL.ObjectProperty, "object property"),
        "datatype_properties": of(OWL.DatatypeProperty, "datatype property"),
        "shapes": _shapes(shapes),
    }


_CONSTRAINTS = (
    ("minCount", SH.minCount),
    ("maxCount", SH.maxCount),
    ("datatype", SH.datatype),
    ("class", SH["class"]),
    ("nodeKind", SH.nodeKind),
    ("hasValue", SH.hasValue),
    ("pattern", SH.pattern),
    ("minInclusive", SH.minInclusive),
    ("maxInclusive", SH.maxInclusive),
)


def _shapes(sg: rdflib.Graph) -> list[dict]:
    out = []
    for s in sorted({s for s in sg.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}, key=str):
        props = []
        for p in sorted(sg.objects(s, SH.property), key=str):
            path = sg.value(p, SH.path)
            rules = []
            for name, pred in _CONSTRAINTS:
                for v in sorted(sg.objects(p, pred), key=str):
                    rules.append(f"{name} {_curie(sg, v) if isinstance(v, URIRef) else v}")
            for lst in sg.objects(p, SH["in"]):
                rules.append("in (" + " ".join(_curie(sg, v) for v in Collection(sg, lst)) + ")")
            if (p, SH["not"], None) in sg:
                rules.append("not (a rule set, see shapes.ttl)")
            shown = _curie(sg, path) if isinstance(path, URIRef) else "(path expression)"
            props.append({"name": _local(p), "path": shown, "rules": rules, "message": _text(sg, p, SH.message)})
        checks = [{"name": _local(c), "message": _text(sg, c, SH.message)} for c in sorted(sg.objects(s, SH.sparql), key=str)]
        out.append(
            {
                "iri": str(s),
                "anchor": _local(s),
                "targets": sorted(_curie(sg, t) for t in sg.objects(s, SH.targetClass)),
                "comment": _text(sg, s, RDFS.comment, SKOS.definition),
                "properties": props,
                "checks": checks,
            }
        )
    return out


_CSS = """
body { font-family: system-ui, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; line-height: 1.45; color: #1a1a1a; }
nav ul { columns: 3; } code { background: #f3f3f3; padding: 0 .2em; } .iri { color: #555; font-size: .9em; }
section.term { border-top: 1px solid #ddd; padding: .4em 0; } table { border-collapse: collapse; width: 100%; font-size: .92em; }
td, th { border: 1px solid #ccc; padding: .25em .4em; vertical-align: top; text-align: left; } .kind { color: #8b1a1a; font-size: .85em; }
"""


def _link(curie_or_iri: str, anchors: set[str]) -> str:
    local = curie_or_iri.rsplit(":", 1)[-1].rsplit("#", 1)[-1]
    text = html_text(curie_or_iri)
    if curie_or_iri.startswith("rg:") and local in anchors:
        return f'<a href="#{html.escape(local)}"><code>{text}</code></a>'
    return f"<code>{text}</code>"


def _page(v: dict) -> str:
    anchors = {t["anchor"] for k in ("classes", "object_properties", "datatype_properties") for t in v[k]}
    shape_for: dict[str, list[str]] = {}
    for s in v["shapes"]:
        for t in s["targets"]:
            shape_for.setdefault(t, []).append(s["anchor"])
    title = html_text(v["title"])
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{title}</title><style>{_CSS}</style></head><body>",
        f"<h1>{title}</h1>",
        f"<p>{html_text(v['definition'])}</p>",
        '<p>Files: <a href="vocab.ttl">vocab.ttl</a> (the vocabulary), <a href="shapes.ttl">shapes.ttl</a> (SHACL shapes).</p>',
        "<nav><h2>Contents</h2>",
    ]
    groups = [("classes", "Classes"), ("object_properties", "Object properties"), ("datatype_properties", "Datatype properties")]
    for key, name in groups:
        out.append(
            f"<h3>{name}</h3><ul>"
            + "".join(f'<li><a href="#{html.escape(t["anchor"])}">{html_text(t["label"])}</a></li>' for t in v[key])
            + "</ul>"
        )
    out.append(
        "<h3>Shapes</h3><ul>"
        + "".join(f'<li><a href="#{html.escape(s["anchor"])}">{html_text(s["anchor"])}</a></li>' for s in v["shapes"])
        + "</ul>"
    )
    out.append("</nav>")
    for key, name in groups:
        out.append(f'<h2 id="{key}">{name}</h2>')
        for t in v[key]:
            out.append(f'<section class="term" id="{html.escape(t["anchor"])}">')
            out.append(f'<h3>{html_text(t["label"])} <span class="kind">{html_text(t["kind"])}</span></h3>')
            out.append(f'<p class="iri"><code>{html_text(t["curie"])}</code> = {html_text(t["iri"])}</p>')
            if t["definition"]:
                out.append(f"<p>{html_text(t['definition'])}</p>")
            facts = []
            if t["parents"]:
                facts.append("subclass of " + ", ".join(_link(p, anchors) for p in t["parents"]))
            if t["domain"]:
                facts.append("domain " + ", ".join(_link(p, anchors) for p in t["domain"]))
            if t["range"]:
                facts.append("range " + ", ".join(_link(p, anchors) for p in t["range"]))
            if t["symmetric"]:
                facts.append("symmetric")
            if t["kind"] == "class":
                facts.append(f"{t['instances']} instances in the graph")
                shapes = shape_for.get(t["curie"], [])
                if shapes:
                    facts.append("checked by " + ", ".join(f'<a href="#{html.escape(s)}">{html_text(s)}</a>' for s in shapes))
            if facts:
                out.append("<ul>" + "".join(f"<li>{f}</li>" for f in facts) + "</ul>")
            out.append("</section>")
    out.append('<h2 id="shapes">Shapes</h2>')
    for s in v["shapes"]:
        out.append(
            f'<section class="term" id="{html.escape(s["anchor"])}"><h3>{html_text(s["anchor"])} <span class="kind">node shape</span></h3>'
        )
        out.append("<p>Targets " + ", ".join(_link(t, anchors) for t in s["targets"]) + f". {html_text(s['comment'])}</p>")
        if s["properties"]:
            out.append("<table><tr><th>path</th><th>constraints</th><th>message</th></tr>")
            for p in s["properties"]:
                rules = "<br>".join(html_text(r) for r in p["rules"])
                out.append(f"<tr><td>{_link(p['path'], anchors)}</td><td>{rules}</td><td>{html_text(p['message'])}</td></tr>")
            out.append("</table>")
        if s["checks"]:
            out.append(
                "<p>SPARQL checks:</p><ul>"
                + "".join(f"<li><code>{html_text(c['name'])}</code>: {html_text(c['message'])}</li>" for c in s["checks"])
                + "</ul>"
            )
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def docs(rg: RoleGraph, sel: Selection) -> dict[str, bytes]:
    """``index.html``, ``vocab.ttl`` and ``shapes.ttl`` for the vocabulary of the loaded graph."""
    path = shapes_file()
    return {
        "index.html": _page(vocabulary(rg)).encode("utf-8"),
        "vocab.ttl": builtin_files()[0].read_bytes(),
        "shapes.ttl": path.read_bytes() if path.is_file() else b"",
    }
