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
from pathlib import Path

from . import __version__, sparql, sparql_run
from .backend import open_backend
from .cache import load_graph
from .domain import NODE_TYPES, PROFILES
from .endpoint import DEFAULT_GRAPH, ENV_ENDPOINT, ENV_GRAPH, Endpoint, store_url_for, upload
from .errors import BadInputError, NoResultError, RolegraphError
from .escape import safe
from .export import check_format, export, export_files
from .exporters import FORMATS as EXPORT_FORMATS
from .label_index import write_label_index
from .limits import limits
from .load import load_rdf
from .present import table
from .project import RoleGraph
from .questions import QUESTIONS
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


# ----------------------------------------------------------------- output


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


# ----------------------------------------------------------------- commands


def _backend(args):
    """The backend the global options choose (memory, or --endpoint / ROLEGRAPH_ENDPOINT), opened once."""
    if getattr(args, "_backend", None) is None:
        args._backend = open_backend(args.endpoint, args.data or (), builtin=not args.no_builtin, timeout=args.timeout)
    return args._backend


def _graph(args) -> RoleGraph:
    """The whole graph in memory, for commands that need all of it; refused when an endpoint is in use."""
    return _backend(args).graph()


def _question_command(q):
    """A subcommand that asks question ``q`` of the backend (names resolved there) and prints its answer."""

    def run(args, out: Out) -> int:
        texts = [getattr(args, n.dest) for n in q.names]
        res = _backend(args).ask(q.name, *texts, **{o.dest: getattr(args, o.dest) for o in q.options})
        out.emit(res, q.text)
        return q.exit_code(res)

    run._args = [((n.dest,), {"help": n.help, **({"metavar": n.metavar} if n.metavar else {})}) for n in q.names]
    run._args += [(o.flags, dict(o.kwargs)) for o in q.options]
    return command(q.command or q.name, q.help, q.example)(run)


for _q in QUESTIONS.values():
    if _q.command != "":  # the need family shares one hand-written command (text, --file, --signals)
        _question_command(_q)


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
        name, options = "signal_checklist", {}
    elif args.signals is not None:
        name, options = "need_from_signals", {"signals": [x.strip() for x in args.signals.split(",") if x.strip()]}
    else:
        text = args.text if args.file is None else _read_text(args.file, limits().max_text_chars)
        name, options = "need", {"text": text, "meaning": True if args.meaning else None, "occupations": args.occupations}
    q = QUESTIONS[name]
    res = _backend(args).ask(name, **options)
    out.emit(res, q.text)
    return q.exit_code(res)


def _read_text(name: str, most_chars: int) -> str:
    """The text of file ``name`` ('-': stdin), read no further than ``most_chars`` characters of UTF-8 can take."""
    limit = 4 * most_chars + 3  # a byte order mark, and four bytes a character at most: longer text is refused later, by name
    if name == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        p = Path(name)
        if not p.is_file():
            raise BadInputError(f"--file {name}: no such file")
        if p.stat().st_size > limit:
            raise BadInputError(f"--file {name}: {p.stat().st_size:,} bytes, more than {most_chars:,} characters can take")
        data = p.read_bytes()
    if len(data) > limit:
        raise BadInputError(f"input is {len(data):,} bytes or more, more than {most_chars:,} characters can take")
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
    files = [*(args.data or ()), *args.paths]
    g = load_rdf(files, builtin=not args.no_builtin)
    named = args.graph_iri or next(iter(os.environ.get(ENV_GRAPH, "").split()), DEFAULT_GRAPH)
    res = upload(ep, store, g, named, replace=not args.append)
    res["label_index"] = write_label_index(ep, store, named, load_graph(files, builtin=not args.no_builtin), replace=not args.append)

    def text(r):
        return (
            f"{r['uploaded']:,} triples sent to {r['graph']} at {r['store']}; the graph now holds {r['in_graph']:,}"
            + (f"; each statement also in its source's named graph ({len(r['source_graphs'])} graphs)" if r.get("source_graphs") else "")
            + f"\nlabel index of {r['label_index']:,} nodes written to {r['graph']}#labels"
        )

    out.emit(res, text)
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
    query = args.query if args.file is None else _read_text(args.file, limits().max_query_chars)
    sparql.check(query)  # refuse updates and SERVICE before opening anything
    res = _backend(args).sparql(query)

    def text(r):
        headers, rows = sparql_run.as_rows(r)
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
@arg(
    "--out",
    required=True,
    metavar="PATH",
    help="file (a folder for csv and docs), written atomically; '-' for stdout (text formats)",
)
@arg("--role", action="append", default=[], metavar="R", help="keep this role's part (repeatable)")
@arg("--zone", default=None, metavar="Z", help="keep this overlap zone's part")
@arg("--types", default=None, metavar="T,...", help="keep only these node types: " + ",".join(NODE_TYPES))
@arg("--template", default=None, metavar="DECK.pptx", help="pptx only: a deck whose master slides and layouts to use")
def cmd_export(args, out: Out) -> int:
    check_format(args.fmt)
    if args.out == "-":
        return _export_to_stdout(args, out)
    res = export(_graph(args), args.fmt, args.out, roles=args.role, zone=args.zone, types=args.types, template=args.template)
    out.emit(res, lambda r: safe(f"wrote {r['format']}: {', '.join(r['files'])} ({r['bytes']:,} bytes, {r['nodes']} nodes)"))
    return 0


def _export_to_stdout(args, out: Out) -> int:
    """``--out -``: a one-file text format written to stdout (nothing else is printed there)."""
    spec = EXPORT_FORMATS[args.fmt]
    instead = f"give a path, e.g. --out export{spec['suffix']}"
    if spec["dir"]:
        raise BadInputError(f"--out -: format {args.fmt} writes a folder, not text; {instead}")
    if out.as_json:
        raise BadInputError("--out - writes the export itself to stdout; drop --json, or give a file path")
    data = export_files(_graph(args), args.fmt, roles=args.role, zone=args.zone, types=args.types)[""]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInputError(f"--out -: format {args.fmt} writes binary data, not text; {instead}") from None
    out.stream.write(text)
    return 0


@command(
    "import",
    "Convert a taxonomy distribution (ESCO CSV, O*NET text files) to one RDF file.",
    "rolegraph import esco ../shared/data/esco-1.1.1 --out esco.ttl",
)
@arg("source", choices=[p for p in PROFILES if p != "rolegraph"], help="which taxonomy DIR holds")
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


@command(
    "app",
    "Start the explorer in a browser (needs the app extra: pip install 'rolegraph[app]').",
    "rolegraph app --port 8501",
)
@arg("--port", type=int, default=8501, help="port to serve on (default 8501)")
@arg("--address", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
def cmd_app(args, out: Out) -> int:
    from .explorer import run

    return run(args.port, args.address)


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
    p.add_argument("--json", dest="json_first", action="store_true", help="print one JSON object (also accepted after the command)")
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
    out = None
    try:
        args = parser.parse_args(argv)
        if not args.command:
            parser.print_help(stdout)
            return 2
        args.stderr = stderr
        out = Out(args.json or args.json_first, stdout)
        return COMMANDS[args.command]["fn"](args, out)
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
