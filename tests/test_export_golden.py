"""Text exports of the small graph equal the golden files in tests/data/golden/.

The golden files are written by `make golden` (scripts/regen_golden.py), never by a test.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
GOLDEN = ROOT / "tests" / "data" / "golden"


def _regen():
    spec = importlib.util.spec_from_file_location("regen_golden", ROOT / "scripts" / "regen_golden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REGEN = _regen()


@pytest.fixture(scope="module")
def rendered(small):
    return REGEN.golden_files(small)


def test_every_golden_file_is_rendered(rendered):
    assert sorted(rendered) == sorted(p.name for p in GOLDEN.iterdir())
    assert len(rendered) >= 7


@pytest.mark.parametrize("name", sorted(p.name for p in GOLDEN.iterdir()))
def test_export_equals_golden(rendered, name):
    want = (GOLDEN / name).read_bytes()
    assert rendered[name] == want, f"{name} differs from tests/data/golden/{name}; if the change is intended, run `make golden`"
