"""The ``rolegraph`` command line: a thin client of the ``graph`` package.

Every query command takes ``--json`` and then prints one JSON object on
stdout; without it, a readable table. Errors go to stderr.

Exit codes: 0 answered, 1 no result or does not conform, 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from pathlib import Path

from . import __version__, queries, sparql
from .backend import open_backend
from .endpoint import DEFAULT_GRAPH, ENV_ENDPOINT, ENV_GRAPH, Endpoint, store_url_for, upload
from .errors import BadInputError, NoResultError, RolegraphError
from .export import check_format, export
from .exporters import FORMATS as EXPORT_FORMATS
from .load import load_rdf
from .project import RoleGraph
from .validate import validate

__all__ = ["COMMANDS", "build_parser", "main"]

COMMANDS: dict[str, dict] = {}


def command(name: str, help: str, example: str):
    """Register a subcommand: ``fn(args, out) -> int``; its help ends with an example."""

    def deco(fn):
        COMMANDS[name] = {"fn": fn, "help": help, "example": example, "args": getattr(fn, "_args", [])}
        return fn

    return deco


def arg(*names, **kw):
    """Declare an argument; arguments are added in the order they are written."""

    def deco(fn):
        fn.__dict__.setdefault("_args", []).insert(0, (names, kw))
        return fn

    return deco


# ----------------------------------------------------------------- output helpers


def safe(text) -> str:
    """Text fit for a terminal: control and invisible characters shown escaped."""
    s = str(text)
    return "".join(c if unicodedata.category(c)[0] != "C" or c == " " else f"\\u{ord(c):04x}" for c in s)


def table(rows: list[list], headers: list[str]) -> str:
    cells = [[safe(h) for h in headers]] + [[safe(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


class Out:
    """Where a command writes: JSON object or readable text."""

    def __init__(self, as_json: bool, stream=None):
        self.as_json = as_json
        self.stream = stream or sys.stdout

    def emit(self, obj: dict, text_fn) -> None:
        if self.as_json:
            self.stream.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")
        else:
            self.stream.write(text_fn(obj).rstrip("\n") + "\n")


def _ref(d: dict) -> str:
    return f"{d['label']} ({d['id']})"


def _esco_lines(block) -> list[str]:
    """The ``esco`` block of show/owner as text: each match and ESCO's skills beside the article's."""
    if not block:
        return []
    lines = []
    if block["article_skills"]:
        lines.append("article's skills: " + ", ".join(s["label"] for s in block["article_skills"]))
    for m in block["matches"]:
        kind = "" if m.get("match", "close") == "close" else f" ({m['match']}Match: covers part of the role or is wider)"
        lines.append(f"ESCO match: {m['label']} ({m['id']}){kind}")
        if "essential" in m:
            lines.append(
                f"  ESCO essential skills ({len(m['essential'])}, +{m['optional_count']} optional): "
                + ", ".join(s["label"] for s in m["essential"])
            )
        for o in m.get("owners", []):
            lines.append(f"  {o['level']} for {o['label']}")
    return lines


# ----------------------------------------------------------------- commands


def _backend(args):
    """The backend the global options choose (memory, or --endpoint / ROLEGRAPH_ENDPOINT), opened once."""
    if getattr(args, "_backend", None) is None:
        args._backend = open_backend(args.endpoint, args.data or (), builtin=not args.no_builtin, timeout=args.timeout)
    return args._backend


def _graph(args) -> RoleGraph:
    """The whole graph in memory, for commands that need all of it; refused when an endpoint is in use."""
    return _backend(args).graph()


@command("roles", "List the roles with their primary output.", "rolegraph roles --json")
def cmd_roles(args, out: Out) -> int:
    res = _backend(args).roles()
    out.emit(res, lambda r: table([[x["id"], x["label"], x["primary_output"]] for x in r["roles"]], ["id", "label", "primary output"]))
    return 0 if res["roles"] else 1


@command("stats", "Count the nodes of each class and the triples.", "rolegraph stats")
def cmd_stats(args, out: Out) -> int:
    res = _backend(args).stats()
    out.emit(res, lambda r: table([[k, f"{v:,}"] for k, v in r.items()], ["count", "value"]))
    return 0


@command("show", "Describe one node: definition, synonyms, sources, relations.", "rolegraph show 'feature engineering'")
@arg("name", help="id, IRI, label or synonym of any node")
def cmd_show(args, out: Out) -> int:
    res = _backend(args).describe(args.name)

    def text(r):
        m = r["match"]
        lines = [f"{m['label']} ({m['id']}), a {m['type'].replace('_', ' ')}"]
        if r["definition"]:
            lines.append(r["definition"])
        by_source: dict[str, list[str]] = {}  # each synonym with where its statement comes from
        for syn in r.get("synonyms") or [{"label": a, "sources": []} for a in r["alt_labels"]]:
            by_source.setdefault(_cited([syn]), []).append(syn["label"])
        lines += [f"also: {'; '.join(names)}" + (f"  [{src}]" if src else "") for src, names in by_source.items()]
        if r["primary_output"]:
            lines.append(f"primary output: {r['primary_output']}")
        lines.append("source: " + ("; ".join(s["label"] for s in r["sources"]) or "none"))
        for rel, nodes in r["out"].items():
            lines.append(f"{rel} → " + ", ".join(_ref(n) for n in nodes) + f"  [{_cited(nodes)}]")
        for rel, nodes in r["in"].items():
            lines.append(f"← {rel}: " + ", ".join(_ref(n) for n in nodes) + f"  [{_cited(nodes)}]")
        if r["matches"]:
            lines.append("matches: " + ", ".join(r["matches"]))
        lines += _esco_lines(r["esco"])
        return "\n".join(safe(x) for x in lines)

    out.emit(res, text)
    return 0


@command("owner", "Who owns a skill, deliverable, tool or zone, with the zone's split.", "rolegraph owner 'RAG pipeline design'")
@arg("text", help="a skill, deliverable, tool or zone: id, label or synonym")
def cmd_owner(args, out: Out) -> int:
    res = _backend(args).owner(args.text)

    def text(r):
        m = r["match"]
        lines = [safe(f"{m['label']} ({m['id']}, {m['type'].replace('_', ' ')})"), ""]
        lines.append(
            table(
                [[o["id"], o["label"], o["level"], _cited(o.get("edges", []))] for o in r["owners"]], ["owner", "label", "level", "cited"]
            )
            if r["owners"]
            else "no role owns it"
        )
        if r["not_responsible"]:
            lines.append(safe("not the job of: " + ", ".join(_ref(x) for x in r["not_responsible"])))
        if r["zone"]:
            z = r["zone"]
            lines += ["", safe(f"overlap zone: {z['label']} ({', '.join(z['roles'])})")]
            lines += [safe(f"  {s['label']}: {s['responsibility']}") for s in z["split"]]
        lines += ["", "source: " + safe("; ".join(s["label"] for s in r["sources"]) or "none")]
        if r["alternatives"]:
            lines.append("see also: " + safe(", ".join(_ref(a) for a in r["alternatives"])))
        lines += [safe(x) for x in _esco_lines(r["esco"])]
        return "\n".join(lines)

    out.emit(res, text)
    return 0 if res["owners"] else 1


def _cited(statements: list[dict]) -> str:
    """The sources of some statements (edges, relations, synonyms), each once: article sections first, then curated."""
    cited = sorted((s for e in statements for s in e.get("sources", [])), key=lambda s: s["curated"])  # stable: article order kept
    return "; ".join(dict.fromkeys(s["label"] for s in cited))


@command("path", "What someone in role FROM must learn to work as role TO, in order.", "rolegraph path data-engineer ml-engineer")
@arg("start", metavar="FROM", help="starting role")
@arg("to", metavar="TO", help="target role")
def cmd_path(args, out: Out) -> int:
    res = _backend(args).path(args.start, args.to)

    def text(r):
        lines = [safe(f"From {_ref(r['from'])} to {_ref(r['to'])}, learn in this order:")]
        lines += [safe(f"{i:3}. {x['label']} ({x['id']})") for i, x in enumerate(r["learn"], 1)] or [
            "  nothing: the skills are already there"
        ]
        if r["tools"]:
            lines.append(safe("tools: " + ", ".join(t["label"] for t in r["tools"])))
        if r["bridges"]:
            lines.append(safe("bridges: " + ", ".join(b["label"] for b in r["bridges"])))
        lines.append(safe("hops: " + " → ".join(r["hops"])))
        return "\n".join(lines)

    out.emit(res, text)
    return 0 if res["hops"] else 1


@command("compare", "Skills and deliverables two roles share, and what only one has.", "rolegraph compare data-engineer ml-engineer")
@arg("a", metavar="A", help="first role")
@arg("b", metavar="B", help="second role")
def cmd_compare(args, out: Out) -> int:
    res = _backend(args).compare(args.a, args.b)

    def text(r):
        lines = []
        for key, title in (("shared", "shared"), ("only_a", f"only {r['a']['label']}"), ("only_b", f"only {r['b']['label']}")):
            lines.append(safe(f"{title} ({len(r[key])}):"))
            lines += [safe(f"  {x['type']:<12} {x['label']}" + (f"  [in {x['zone']}]" if x.get("zone") else "")) for x in r[key]] or ["  -"]
        lines.append(safe("zones: " + (", ".join(z["label"] for z in r["zones"]) or "none")))
        for z in r["zones"]:  # each side's part of a shared zone
            lines += [safe(f"  {z['label']}, {s['label']}: {s['responsibility']}") for s in z["split"]]
        return "\n".join(lines)

    out.emit(res, text)
    return 0


@command("neighbours", "The nodes within RADIUS hops of a node.", "rolegraph neighbours ml-engineer --radius 1 --types deliverable,skill")
@arg("name", help="id, label or synonym of the centre node")
@arg("--radius", type=int, default=1, help="hops from the node (0-6, default 1)")
@arg("--types", default=None, help="comma-separated node types to keep: " + ",".join(queries.NODE_TYPES))
@arg("--limit", type=int, default=None, help="at most this many nodes")
def cmd_neighbours(args, out: Out) -> int:
    res = _backend(args).neighbours(args.name, radius=args.radius, types=args.types, limit=args.limit)

    def text(r):
        rows = [[n["distance"], n["type"], n["id"], n["label"]] for n in r["nodes"]]
        s = table(rows, ["hops", "type", "id", "label"]) + f"\n{len(r['edges'])} edges"
        if r["omitted"]:
            s += f"; {r['omitted']} nodes left out (--limit)"
        return s

    out.emit(res, text)
    return 0


@command(
    "need",
    "Which role a job description calls for: ranking with evidence, flags (spans-all-three, two-roles, mis-hire-risk) and advice.",
    "rolegraph need --file jd.txt",
)
@arg("text", nargs="?", default=None, help="the job description text")
@arg("--file", dest="file", default=None, help="read the job description from this file ('-' for stdin)")
@arg("--signals", default=None, help="instead of text, a comma-separated checklist of need-signal ids (--list-signals shows them)")
@arg("--list-signals", action="store_true", help="list the need signals a checklist can tick, and stop")
@arg(
    "--occupations",
    action="store_true",
    help="also rank taxonomy occupations (ESCO, O*NET), each only with enough matched essential skills",
)
@arg("--meaning", action="store_true", help="also match statements that name no known term by meaning (needs the wordllama package)")
def cmd_need(args, out: Out) -> int:
    given = [x is not None for x in (args.text, args.file, args.signals)] + [args.list_signals]
    if sum(given) != 1:
        raise BadInputError(
            "give the job description as TEXT, with --file PATH, a checklist with --signals ID,ID, or --list-signals (exactly one of them)"
        )
    if args.list_signals:
        res = {"signals": _backend(args).signal_checklist()}
        out.emit(res, lambda r: table([[x["id"], ", ".join(x["roles"]), x["label"]] for x in r["signals"]], ["id", "points at", "need"]))
        return 0
    if args.signals is not None:
        res = _backend(args).need_from_signals([x.strip() for x in args.signals.split(",") if x.strip()])
    else:
        text = args.text if args.file is None else _read_text(args.file)
        res = _backend(args).need(text, meaning=True if args.meaning else None, occupations=args.occupations)
    out.emit(res, _need_text)
    return 0 if res["ranking"] and res["ranking"][0]["score"] > 0 else 1


def _need_text(r: dict) -> str:
    rows = [[x["id"], x["label"], f"{x['score']:.1f}", "yes" if x["deep"] else "", len(x["evidence"])] for x in r["ranking"]]
    lines = [table(rows, ["role", "label", "score", "deep", "evidence"])]
    lines.append("flags: " + (", ".join(r["flags"]) or "none"))
    if r["title"]["role"]:
        lines.append(safe(f"title names: {r['title']['role']}"))
    lines.append(safe("advice: " + r["advice"]))
    top = r["ranking"][0] if r["ranking"] else None
    if top and top["evidence"]:
        lines.append(safe(f"evidence for {top['label']} (phrase → node, weight, source):"))
        for e in top["evidence"][:15]:
            src = ", ".join(s["label"] for s in e["sources"][:2]) or "-"
            lines.append(safe(f"  '{e['phrase']}' → {e['node']['label']} ({e['node']['type']}) +{e['weight']}  [{src}]"))
        if len(top["evidence"]) > 15:
            lines.append(f"  ... {len(top['evidence']) - 15} more (--json lists all)")
    if r["negated"]:
        ruled = sorted({f"'{e['phrase']}' (by '{e['negated_by']['cue']}')" for e in r["negated"]})
        lines.append("not counted, ruled out by the text: " + safe(", ".join(ruled)))
    if r.get("context"):
        ctx = sorted({f"'{e['phrase']}' (by '{e['context']['cue']}')" for e in r["context"]})
        lines.append("not counted, another team's work (context): " + safe(", ".join(ctx)))
    for sh in r["shares"]:
        if sh.get("role"):
            lines.append(safe(f"stated share '{sh['phrase']}' → {sh['role']} ×{sh['factor']:.2f}"))
    return "\n".join(lines)


def _read_text(name: str, limit: int = 2_000_000) -> str:
    if name == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        p = Path(name)
        if not p.is_file():
            raise BadInputError(f"--file {name}: no such file")
        if p.stat().st_size > limit:
            raise BadInputError(f"--file {name}: {p.stat().st_size:,} bytes, over the {limit:,}-byte limit for a job description")
        data = p.read_bytes()
    if len(data) > limit:
        raise BadInputError(f"input is over the {limit:,}-byte limit for a job description")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInputError(f"--file {name}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None


@command("validate", "Check RDF against the SHACL shapes.", "rolegraph validate my-roles.ttl")
@arg("paths", nargs="*", metavar="PATH", help="RDF files to check (default: the loaded graph)")
def cmd_validate(args, out: Out) -> int:
    if not args.paths and (args.endpoint or os.environ.get(ENV_ENDPOINT)):
        raise BadInputError("validate checks RDF files or the in-memory graph, not an endpoint; give PATH ... or drop --endpoint")
    if args.paths:
        found = validate([*(args.data or ()), *args.paths], builtin=False)
    else:
        found = validate(args.data or (), builtin=not args.no_builtin)
    res = {"conforms": not found, "violations": found}

    def text(r):
        if r["conforms"]:
            return "conforms"
        rows = [[v["node"], v["shape"].rsplit("#", 1)[-1].rsplit("/", 1)[-1], v["message"]] for v in r["violations"]]
        return table(rows, ["node", "shape", "message"]) + f"\n{len(rows)} violations"

    out.emit(res, text)
    return 0 if not found else 1


@command(
    "load",
    "Upload the built-in graph and RDF files to a triple store (SPARQL 1.1 Graph Store Protocol).",
    "rolegraph load --endpoint http://127.0.0.1:7878/query --store http://127.0.0.1:7878/store my-roles.ttl",
)
@arg("paths", nargs="*", metavar="PATH", help="RDF files to upload with the built-in graph")
@arg("--endpoint", dest="load_endpoint", metavar="URL", default=None, help="query URL, to count what arrived (or the global --endpoint)")
@arg("--store", metavar="URL", default=None, help="Graph Store Protocol URL (default: next to the query URL, e.g. /store for Oxigraph)")
@arg(
    "--graph", dest="graph_iri", metavar="IRI", default=None, help=f"named graph to write (default: ROLEGRAPH_GRAPH, else {DEFAULT_GRAPH})"
)
@arg("--append", action="store_true", help="add to the named graph instead of replacing it")
def cmd_load(args, out: Out) -> int:
    url = args.load_endpoint or args.endpoint or os.environ.get(ENV_ENDPOINT)
    if not url:
        raise BadInputError("load needs --endpoint URL (the query URL) and --store URL (the Graph Store URL)")
    ep = Endpoint(url, timeout=args.timeout)
    store = args.store or store_url_for(ep.url)
    if not store:
        raise BadInputError(f"give --store URL: the Graph Store URL of {ep!r} cannot be guessed")
    g = load_rdf([*(args.data or ()), *args.paths], builtin=not args.no_builtin)
    named = args.graph_iri or next(iter(os.environ.get(ENV_GRAPH, "").split()), DEFAULT_GRAPH)
    res = upload(ep, store, g, named, replace=not args.append)
    out.emit(
        res,
        lambda r: (
            f"{r['uploaded']:,} triples sent to {r['graph']} at {r['store']}; the graph now holds {r['in_graph']:,}"
            + (f"; each statement also in its source's named graph ({len(r['source_graphs'])} graphs)" if r.get("source_graphs") else "")
        ),
    )
    return 0


@command(
    "sparql",
    "Run a read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on the graph in use.",
    "rolegraph sparql 'SELECT ?r ?label WHERE { ?r a rg:Role ; skos:prefLabel ?label } ORDER BY ?label'",
)
@arg("query", nargs="?", default=None, metavar="QUERY", help="the query; prefixes rg, rgi, skos, rdfs, dcterms ... are declared")
@arg("--file", dest="file", default=None, help="read the query from this file ('-' for stdin)")
def cmd_sparql(args, out: Out) -> int:
    if (args.query is None) == (args.file is None):
        raise BadInputError("give the query as QUERY or with --file PATH (one of them)")
    query = args.query if args.file is None else _read_text(args.file)
    sparql.check(query)  # refuse updates and SERVICE before opening anything
    res = _backend(args).sparql(query)

    def text(r):
        headers, rows = sparql.as_rows(r)
        return table(rows, headers) + ("" if "boolean" in r else f"\n{len(rows)} rows")

    out.emit(res, text)
    return 0 if res.get("boolean", True) and ("boolean" in res or res["results"]["bindings"]) else 1


@command(
    "export",
    "Write the graph, or part of it, as data (RDF, GraphML, GEXF, CSV, Mermaid, HTML) or training material "
    "(handouts, slides, quiz, Anki), or the vocabulary reference (docs).",
    "rolegraph export --format pptx --out roles.pptx --role data-engineer --role ml-engineer",
)
@arg("--format", dest="fmt", required=True, metavar="F", help="one of: " + ", ".join(EXPORT_FORMATS))
@arg("--out", required=True, metavar="PATH", help="file to write (a folder for csv and docs); written atomically")
@arg("--role", action="append", default=[], metavar="R", help="keep this role's part (repeatable)")
@arg("--zone", default=None, metavar="Z", help="keep this overlap zone's part")
@arg("--types", default=None, metavar="T,...", help="keep only these node types: " + ",".join(queries.NODE_TYPES))
def cmd_export(args, out: Out) -> int:
    check_format(args.fmt)
    res = export(_graph(args), args.fmt, args.out, roles=args.role, zone=args.zone, types=args.types)
    out.emit(res, lambda r: safe(f"wrote {r['format']}: {', '.join(r['files'])} ({r['bytes']:,} bytes, {r['nodes']} nodes)"))
    return 0


@command(
    "import",
    "Convert a taxonomy distribution (ESCO CSV, O*NET text files) to one RDF file.",
    "rolegraph import esco ../shared/data/esco-1.1.1 --out esco.ttl",
)
@arg("source", choices=["esco", "onet"], help="which taxonomy DIR holds")
@arg("dir", metavar="DIR", help="the folder of the official distribution")
@arg("--out", required=True, metavar="PATH", help="RDF file to write; the extension picks the format (.ttl .nt .nq .trig .rdf .n3 .jsonld)")
@arg("--no-progress", action="store_true", help="no progress bar on stderr")
def cmd_import(args, out: Out) -> int:
    from .importers import IMPORTERS

    res = IMPORTERS[args.source](args.dir, args.out, progress_stream=args.stderr, progress=not args.no_progress)

    def text(r):
        counts = {k: v for k, v in r.items() if isinstance(v, int)}
        lines = [safe(f"wrote {r['out']}: " + ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in counts.items()))]
        lines += [safe(f"quirk: {name}: {n:,}") for name, n in r["quirks"].items()] or ["no quirks"]
        return "\n".join(lines)

    out.emit(res, text)
    return 0


# ----------------------------------------------------------------- parser and entry point


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits 2 itself; we raise instead, so main() decides
        raise BadInputError(f"{message} (see `{self.prog} --help`)")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="rolegraph",
        description="Explore the knowledge graph of tech roles: who owns a skill, how to move between roles, which role a job needs.",
        epilog="Exit codes: 0 answered, 1 no result or does not conform, 2 bad input.",
    )
    p.add_argument("--version", action="version", version=f"rolegraph {__version__}")
    p.add_argument("--data", action="append", metavar="PATH", help="add an RDF file to the graph (repeatable; any format rdflib reads)")
    p.add_argument("--no-builtin", action="store_true", help="leave the built-in graph out")
    p.add_argument(
        "--endpoint",
        metavar="URL",
        default=None,
        help="query this SPARQL 1.1 endpoint instead of the in-memory graph (or ROLEGRAPH_ENDPOINT)",
    )
    p.add_argument("--timeout", metavar="SECONDS", default=None, help="seconds to wait for the endpoint (default ROLEGRAPH_TIMEOUT or 30)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, spec in COMMANDS.items():
        sp = sub.add_parser(name, help=spec["help"], description=spec["help"], epilog=f"example: {spec['example']}")
        for names, kw in spec["args"]:
            sp.add_argument(*names, **kw)
        sp.add_argument("--json", action="store_true", help="print one JSON object")
    return p


def main(argv=None, *, stdout=None, stderr=None) -> int:
    """Run the CLI; return the exit code instead of calling ``sys.exit``."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not args.command:
            parser.print_help(stdout)
            return 2
        args.stderr = stderr
        return COMMANDS[args.command]["fn"](args, Out(args.json, stdout))
    except NoResultError as exc:
        stderr.write(f"rolegraph: {safe(exc)}\n")
        return exc.exit_code
    except RolegraphError as exc:
        stderr.write(f"rolegraph: error: {safe(exc)}\n")
        return exc.exit_code
    except SystemExit as exc:  # --help / --version
        return int(exc.code or 0)


def main_entry() -> None:
    """Console-script entry point."""
    sys.exit(main())
