"""Zip archives with fixed entry dates, so PPTX and .apkg files are byte-for-byte repeatable."""

from __future__ import annotations

import io
import zipfile

from . import EPOCH

__all__ = ["fixed_zip", "zip_files"]


def _write(entries) -> bytes:
    """A deflated zip of ``(name, bytes)`` pairs, in the order given, every entry dated :data:`EPOCH`."""
    stamp = (EPOCH.year, EPOCH.month, EPOCH.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, data)
    return out.getvalue()


def fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip archive with every entry dated :data:`EPOCH`, same order, deflated."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return _write([(info.filename, src.read(info.filename)) for info in src.infolist()])


def zip_files(files: dict[str, bytes]) -> bytes:
    """A zip archive of ``{name: bytes}``, entries sorted by name and dated :data:`EPOCH`."""
    return _write(sorted(files.items()))
