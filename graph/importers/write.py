"""Write imported triples to an RDF file, the format chosen by the file's extension."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import DCTERMS, RDF, SKOS

from ..errors import BadInputError
from ..load import FORMATS, OX_FORMATS
from ..namespace import RG, RGI

__all__ = ["Triples", "lit", "out_format", "source_node", "write_rdf"]

_XSD = "http://www.w3.org/2001/XMLSchema#"


def lit(text: str, datatype: str | None = None) -> ox.Literal:
    """An English literal, or a typed one when ``datatype`` (an XSD local name) is given."""
    if datatype:
        return ox.Literal(text, datatype=ox.NamedNode(_XSD + datatype))
    return ox.Literal(text, language="en")


class Triples:
    """Triples grouped by subject, each subject's triples kept once and in insertion order.

    ``sorted()`` yields them subject by subject in IRI order, so a file written from
    the same input is byte-for-byte the same.
    """

    def __init__(self, quirks=None):
        self._by_subject: dict[str, dict[tuple, None]] = {}
        self._nodes: dict[str, ox.NamedNode] = {}
        #: a :class:`~graph.importers.table.Quirks` that counts triples skipped for an invalid IRI
        self.quirks = quirks

    def node(self, iri: str) -> ox.NamedNode:
        n = self._nodes.get(iri)
        if n is None:
            n = self._nodes[iri] = ox.NamedNode(iri)
        return n

    def valid(self, iri: str) -> bool:
        """Whether ``iri`` is an IRI RDF accepts (no space, no ``<>"{}|^`\\``, a scheme ...)."""
        try:
            self.node(iri)
        except ValueError:
            return False
        return True

    def add(self, s: str, p: str, o) -> None:
        """Add ``s p o``; ``o`` is an IRI string or a pyoxigraph literal.

        A triple naming something that is not an IRI is skipped and counted in
        ``quirks`` (an error when there is none to count it in), so the file written
        is always valid RDF.
        """
        nodes = self._nodes  # IRIs met before were valid: one look-up each
        if (s not in nodes or (o.__class__ is str and o not in nodes)) and not (
            self.valid(s) and (not isinstance(o, str) or self.valid(o))
        ):
            if self.quirks is None:
                bad = s if not self.valid(s) else o
                raise BadInputError(f"{bad!r} is not an IRI; fix or percent-encode it")
            self.quirks["triples naming something that is not an IRI (skipped)"] += 1
            return
        self._by_subject.setdefault(s, {})[(p, o)] = None

    def has(self, s: str) -> bool:
        return s in self._by_subject

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_subject.values())

    def sorted(self) -> Iterable[ox.Triple]:
        node = self.node
        for s in sorted(self._by_subject):
            sn = node(s)
            for p, o in self._by_subject[s]:
                yield ox.Triple(sn, node(p), node(o) if isinstance(o, str) else o)


def source_node(t: Triples, root, slug: str, name: str, publisher: str, license_iri: str) -> str:
    """Add the source every imported concept cites, named with the version in ``root``'s folder name; return its IRI.

    >>> t = Triples()
    >>> source_node(t, "/data/esco-1.1.1", "esco", "ESCO v", "European Commission", "https://example.org/licence")
    'https://rolegraph.dev/id/source-esco-1.1.1'
    """
    version = re.search(r"(\d+(?:\.\d+)+)", Path(root).resolve().name)
    iri = f"{RGI}source-{slug}" + (f"-{version.group(1)}" if version else "")
    label = f"{name}{version.group(1)}, {publisher}" if version else f"{name.rstrip(' v')}, {publisher}"
    t.add(iri, str(RDF.type), str(RG.Source))
    t.add(iri, str(SKOS.prefLabel), lit(label))
    t.add(iri, str(DCTERMS.license), license_iri)
    return iri


def out_format(path: Path) -> ox.RdfFormat:
    """The pyoxigraph format for ``path``'s extension, or a clear error listing the known ones."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None or fmt not in OX_FORMATS:
        known = ", ".join(sorted(k for k, v in FORMATS.items() if v in OX_FORMATS))
        raise BadInputError(f"--out {path}: unknown RDF file type {Path(path).suffix!r}; use one of {known}")
    return OX_FORMATS[fmt]


def write_rdf(triples: Triples, path, prefixes: dict[str, str]) -> int:
    """Write ``triples`` to ``path`` (format by extension) atomically; return the triple count.

    The file appears only once it is complete: a failed write leaves no partial file.
    """
    path = Path(path)
    fmt = out_format(path)
    if not path.parent.is_dir():
        raise BadInputError(f"--out {path}: the folder {path.parent} does not exist")
    from ..export import atomic_write, check_target

    check_target(path)  # a symlink, FIFO or device is refused before the work
    atomic_write(path, ox.serialize(triples.sorted(), format=fmt, prefixes=prefixes))
    return len(triples)
