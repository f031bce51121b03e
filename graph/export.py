"""Export the graph, or a part of it, as data or as training material.

Every format is written by a function ``(rg, selection) -> {name: bytes}`` in
:mod:`rolegraph.exporters`; this module picks the part (:mod:`rolegraph.subgraph`),
runs that function, and gives the files in memory (:func:`export_files`) or writes
them atomically (:func:`export`): each file goes to a temporary file in the same
folder, then ``os.replace`` puts it in place, so a failure leaves no partial
file and the previous file intact.

Outputs are deterministic: the same graph gives the same bytes; formats that
carry a date (PPTX, PDF, .apkg) get the fixed :data:`graph.exporters.EPOCH`.

>>> from rolegraph import load
>>> sorted(export_files(load(), "csv", roles=["data-engineer"]))
['edges.csv', 'load.cypher', 'nodes.csv']
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import BadInputError
from .exporters import FORMATS, renderer
from .exporters.archive import zip_files
from .project import RoleGraph
from .subgraph import select

__all__ = [
    "FORMATS",
    "TRAINING_FORMATS",
    "atomic_write",
    "check_format",
    "check_target",
    "export",
    "export_files",
    "mime_type",
    "offers",
    "one_file",
]


def atomic_write(path, chunks: bytes | Iterable[bytes]) -> int:
    """Write ``chunks`` to ``path`` all or nothing; return the number of bytes written.

    The data goes to a temporary file beside ``path`` which replaces it only once
    fully written and flushed. If writing fails, the temporary file is removed and
    ``path`` keeps its previous content (or stays absent). A file replaced keeps its
    permission bits; a new file gets ``0o666`` less the umask, as ``open`` would give.

    Raises
    ------
    BadInputError
        ``path`` is a symbolic link, a FIFO, a device or a socket: rolegraph writes
        regular files only and never replaces such a file (see :func:`check_target`).
    """
    path = Path(path)
    mode = check_target(path)
    if isinstance(chunks, bytes | bytearray):
        chunks = [bytes(chunks)]
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    size = 0
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
                size += len(chunk)
            fh.flush()
            os.chmod(tmp, mode)
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return size


def _umask() -> int:
    mask = os.umask(0o022)  # the only portable way to read it is to set it; put it straight back
    os.umask(mask)
    return mask


def check_target(path) -> int:
    """The permission bits a file written at ``path`` gets; refuse anything but a regular file or nothing.

    An existing regular file keeps its mode (a ``0600`` file stays ``0600``); a new
    one gets ``0o666 & ~umask``. A symbolic link, FIFO, device or socket is refused
    rather than replaced (``--out /dev/stdout`` run as root would otherwise replace
    the device node itself).

    Raises
    ------
    BadInputError
        ``path`` exists and is not a regular file.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return 0o666 & ~_umask()
    kind = next((name for test, name in _SPECIAL if test(st.st_mode)), None)
    if kind:
        raise BadInputError(f"--out {path}: is a {kind}; rolegraph writes and replaces regular files only; give a plain file path")
    return stat.S_IMODE(st.st_mode)


_SPECIAL = (
    (stat.S_ISLNK, "symbolic link"),
    (stat.S_ISFIFO, "FIFO (named pipe)"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISDIR, "folder"),
)


def export_files(rg: RoleGraph, fmt: str, *, roles=(), zone: str | None = None, types=None, nodes=None, template=None) -> dict[str, bytes]:
    """The files of an export, in memory: ``{name: bytes}`` (name ``""`` for a one-file format).

    ``nodes`` (IRIs) starts from an explicit node set, e.g. what the app shows.
    ``template`` (``pptx`` only): a .pptx whose master slides the deck uses.
    """
    check_format(fmt)
    fn = _renderer(fmt, template)
    sel = select(rg, roles=roles, zone=zone, types=types, nodes=nodes)
    return fn(rg, sel)


def _renderer(fmt: str, template):
    """The function writing ``fmt``, with ``template`` bound; options a format does not take are refused."""
    fn = renderer(fmt)
    if template is None:
        return fn
    if not FORMATS[fmt].get("template"):
        takes = ", ".join(f for f, spec in FORMATS.items() if spec.get("template"))
        raise BadInputError(f"--template is for the slide deck; format {fmt} takes none (formats with a template: {takes})")
    from .exporters.slides import check_template

    path = check_template(template)
    return lambda rg, sel: fn(rg, sel, template=path)


def check_format(fmt: str) -> None:
    """Raise :class:`BadInputError` naming the formats when ``fmt`` is not one."""
    if fmt not in FORMATS:
        raise BadInputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def _check_out(fmt: str, out: Path) -> None:
    spec = FORMATS[fmt]
    if spec["dir"]:
        if out.is_symlink():
            check_target(out)  # refused: a link is never written through
        if out.exists() and not out.is_dir():
            raise BadInputError(
                f"--out {out}: format {fmt} writes a folder (nodes and files in it), and this is a file; give a folder path"
            )
        if not out.parent.is_dir():
            raise BadInputError(f"--out {out}: the folder {out.parent} does not exist; create it first")
    else:
        if out.is_dir():
            raise BadInputError(f"--out {out}: is a folder; format {fmt} writes one file, e.g. {out / ('export' + spec['suffix'])}")
        if not out.parent.is_dir():
            raise BadInputError(f"--out {out}: the folder {out.parent} does not exist; create it first")
        check_target(out)


def export(rg: RoleGraph, fmt: str, out, *, roles=(), zone: str | None = None, types=None, nodes=None, template=None) -> dict:
    """Write ``fmt`` for the selected part of ``rg`` to ``out`` (a file, or a folder for ``csv`` and ``docs``).

    Returns ``{"format", "out", "files", "nodes", "triples", "bytes"}``.

    Raises
    ------
    BadInputError
        Unknown format, unusable ``out`` path, unknown node type, a ``template`` that is not a usable
        .pptx (or given for another format); checked before any work.
    UnknownNameError
        A role or zone name matches nothing.
    """
    check_format(fmt)
    if FORMATS[fmt].get("whole") and (roles or zone or types or nodes is not None):
        raise BadInputError(f"format {fmt} documents the whole vocabulary; drop --role, --zone and --types")
    out = Path(out)
    _check_out(fmt, out)
    fn = _renderer(fmt, template)
    sel = select(rg, roles=roles, zone=zone, types=types, nodes=nodes)
    files = fn(rg, sel)  # everything is rendered before anything is written
    written, total = [], 0
    try:
        if FORMATS[fmt]["dir"]:
            out.mkdir(exist_ok=True)
            for name in sorted(files):
                target = out / name
                total += atomic_write(target, files[name])
                written.append(str(target))
        else:
            total += atomic_write(out, files[""])
            written.append(str(out))
    except OSError as exc:
        raise BadInputError(f"--out {out}: cannot write there ({exc.strerror or exc}); choose a writable folder") from None
    return {"format": fmt, "out": str(out), "files": written, "nodes": len(sel.nodes), "triples": len(sel.rdf), "bytes": total}


# ----------------------------------------------------------------- what the explorer offers for a view


#: Formats written per role: offered only when the view holds at least one role.
TRAINING_FORMATS = ("handout-md", "handout-html", "handout-pdf", "handout-docx", "pptx", "quiz-md", "anki")


#: File name stems of the training material (data formats are ``rolegraph-view``).
_STEMS = {"handout": "rolegraph-handout", "pptx": "rolegraph-slides", "quiz": "rolegraph-quiz", "anki": "rolegraph-quiz"}


def _suffix(fmt: str) -> str:
    return FORMATS[fmt]["suffix"] or ".zip"  # a folder format arrives as one zip file


def _file_name(fmt: str) -> str:
    stem = _STEMS.get(fmt.split("-")[0], "rolegraph-view")
    return f"{stem}{'-' + fmt if FORMATS[fmt]['dir'] else ''}{_suffix(fmt)}"


def offers(rg: RoleGraph, nodes: Iterable[str]) -> list[dict]:
    """The export formats offered for a drawn node set, in :data:`FORMATS` order.

    Each: ``{"format", "what", "file_name", "available", "why"}``; ``why`` says why an
    unavailable format is not offered. Formats that document the whole vocabulary
    (``docs``) are left out: they do not depend on the view.

    >>> from rolegraph import load
    >>> rg = load()
    >>> [c["format"] for c in offers(rg, [rg.ids["feature-engineering"]]) if not c["available"]][:2]
    ['handout-md', 'handout-html']
    """
    has_role = any(rg.G.nodes[n]["type"] == "role" for n in nodes if n in rg.G)
    out = []
    for fmt, spec in FORMATS.items():
        if spec.get("whole"):
            continue
        why = ""
        if fmt in TRAINING_FORMATS and not has_role:
            why = "training material is written per role, and this view holds no role: focus on a role or add roles to the node types"
        what = spec["what"] + (" (zipped)" if spec["dir"] else "")
        out.append({"format": fmt, "what": what, "file_name": _file_name(fmt), "available": not why, "why": why})
    return out


def mime_type(fmt: str) -> str:
    """The MIME type of the file :func:`one_file` gives for ``fmt``."""
    check_format(fmt)
    return FORMATS[fmt]["mime"]


def one_file(rg: RoleGraph, nodes: Iterable[str], fmt: str) -> tuple[str, bytes, str]:
    """The drawn nodes (IRIs) exported as ``fmt`` by :func:`export_files`: ``(file name, bytes, MIME type)``.

    A folder format (``csv``) comes as one zip file with fixed dates, so the bytes repeat.

    Raises
    ------
    BadInputError
        ``fmt`` is unknown, documents the whole vocabulary, or needs a role the nodes lack.
    """
    check_format(fmt)
    if FORMATS[fmt].get("whole"):
        raise BadInputError(f"format {fmt} documents the whole vocabulary, not a view; use `rolegraph export --format {fmt}`")
    nodes = list(dict.fromkeys(nodes))
    choice = next(c for c in offers(rg, nodes) if c["format"] == fmt)
    if not choice["available"]:
        raise BadInputError(f"format {fmt} is not available here: {choice['why']}")
    files = export_files(rg, fmt, nodes=nodes)
    data = zip_files(files) if FORMATS[fmt]["dir"] else files[""]
    return choice["file_name"], data, mime_type(fmt)
