"""Read the delimited tables of a taxonomy distribution by column name, surviving their flaws.

The shared helper of the ESCO and O*NET importers. Each file is read as
UTF-8 (a byte-order mark is dropped; a byte that is not UTF-8 is read as
U+FFFD and its row counted), fields may span lines inside quotes, and rows
shorter than the header are padded and counted as a quirk rather than refused. Progress is the number of bytes read, so one bar can cover
several files.
"""

from __future__ import annotations

import csv
import io
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from ..errors import BadInputError

__all__ = ["Progress", "Quirks", "open_distribution", "read_table", "require_files"]

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # ESCO descriptions run to many kB inside one field


class Quirks(Counter):
    """Flaws met while importing, counted by name (``"short rows in skillsHierarchy_en.csv"``)."""

    def report(self) -> list[str]:
        """One line per quirk, sorted."""
        return [f"{name}: {count:,}" for name, count in sorted(self.items())]


class Progress:
    """A byte-count progress bar on ``stream`` (tqdm), or nothing when ``enabled`` is false."""

    def __init__(self, total: int, *, stream=None, enabled: bool = True, desc: str = "import"):
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(
                total=total, unit="B", unit_scale=True, unit_divisor=1024, desc=desc, file=stream or sys.stderr, mininterval=0.3, leave=True
            )

    def update(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class _Counting(io.RawIOBase):
    """A binary file that tells a :class:`Progress` how many bytes it has handed out."""

    def __init__(self, raw, progress: Progress | None):
        self.raw = raw
        self.progress = progress

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        n = self.raw.readinto(b)
        if n and self.progress is not None:
            self.progress.update(n)
        return n

    def close(self) -> None:
        self.raw.close()
        super().close()


def require_files(root: Path, names: list[str], what: str) -> dict[str, Path]:
    """``name → path`` for each file under ``root``; a clear error naming every missing one."""
    root = Path(root)
    if not root.is_dir():
        raise BadInputError(f"{root}: no such directory; give the folder of the {what} distribution")
    found = {n: root / n for n in names}
    missing = [n for n, p in found.items() if not p.is_file()]
    if missing:
        raise BadInputError(f"{root} is not the {what} distribution: missing {', '.join(missing)}")
    return found


def read_table(
    path: Path,
    columns: list[str],
    *,
    quirks: Quirks,
    delimiter: str = ",",
    progress: Progress | None = None,
) -> Iterator[dict[str, str]]:
    """Rows of ``path`` as ``{column: stripped text}`` for the ``columns`` asked for.

    Columns are found by name in the header; a missing one is an error that names
    it. A row with fewer fields than the header is padded with empty strings and
    counted in ``quirks`` as ``short rows in <file>``; a row with more is counted as
    ``long rows in <file>`` and its extra fields are ignored.

    Raises
    ------
    BadInputError
        The file lacks a column the importer needs.
    """
    path = Path(path)
    quoting = csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE
    with open(path, "rb", buffering=0) as raw:
        # a byte that is not UTF-8 becomes U+FFFD and its row is counted, never fatal
        text = io.TextIOWrapper(io.BufferedReader(_Counting(raw, progress), 1 << 16), encoding="utf-8-sig", errors="replace", newline="")
        reader = csv.reader(text, delimiter=delimiter, quoting=quoting)
        header = next(reader, None)
        if header is None:
            raise BadInputError(f"{path}: empty file; expected a header row with {', '.join(columns)}")
        header = [h.strip() for h in header]
        missing = [c for c in columns if c not in header]
        if missing:
            raise BadInputError(f"{path}: no column {', '.join(map(repr, missing))}; the header has {', '.join(header)}")
        at = [header.index(c) for c in columns]
        width = len(header)
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if "\ufffd" in "".join(row):
                quirks[f"rows with bytes that are not UTF-8 in {path.name} (read as U+FFFD)"] += 1
            if len(row) < width:
                quirks[f"short rows in {path.name}"] += 1
                row = row + [""] * (width - len(row))
            elif len(row) > width:
                quirks[f"long rows in {path.name}"] += 1
            yield {c: row[i].strip() for c, i in zip(columns, at, strict=True)}


def open_distribution(root, files: dict[str, str], what: str, *, desc: str, progress_stream=None, progress: bool = True):
    """``(paths by key, Quirks, Progress)`` for an importer: every file checked first, one bar over their bytes."""
    found = require_files(Path(root), list(files.values()), what)
    paths = {key: found[name] for key, name in files.items()}
    bar = Progress(sum(p.stat().st_size for p in paths.values()), stream=progress_stream, enabled=progress, desc=desc)
    return paths, Quirks(), bar
