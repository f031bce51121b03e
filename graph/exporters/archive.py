"""Zip archives with fixed entry dates, so PPTX and .apkg files are byte-for-byte repeatable."""

from __future__ import annotations

import io
import zipfile

from . import EPOCH

__all__ = ["fixed_zip"]


def fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip archive with every entry dated :data:`EPOCH`, same order, deflated."""
    stamp = (EPOCH.year, EPOCH.month, EPOCH.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
