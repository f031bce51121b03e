"""--out: a replaced file keeps its mode, a new one honours the umask, special files are refused (issue 16, item 11)."""

from __future__ import annotations

import io
import os
import stat

import pytest
from rolegraph.cli import main
from rolegraph.errors import BadInputError
from rolegraph.export import atomic_write


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def mode(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_a_replaced_file_keeps_its_mode(tmp_path):
    target = tmp_path / "secret.ttl"
    target.write_bytes(b"old")
    target.chmod(0o600)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new" and mode(target) == 0o600


def test_a_new_file_honours_the_umask(tmp_path):
    for name, umask, want in (("new.ttl", 0o077, 0o600), ("open.ttl", 0o022, 0o644)):
        old = os.umask(umask)
        try:
            atomic_write(tmp_path / name, b"x")
        finally:
            os.umask(old)
        assert mode(tmp_path / name) == want


def test_cli_export_keeps_the_mode_of_the_file_it_replaces(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old")
    target.chmod(0o640)
    code, _, err = run(["export", "--format", "ttl", "--out", str(target)])
    assert code == 0, err
    assert mode(target) == 0o640 and target.stat().st_size > 1000


def test_a_symlink_at_out_is_refused_and_left_alone(tmp_path):
    real = tmp_path / "real.ttl"
    real.write_bytes(b"keep me")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    code, out, err = run(["export", "--format", "ttl", "--out", str(link)])
    assert code == 2 and out == ""
    assert "is a symbolic link" in err and "regular files only" in err
    assert link.is_symlink() and real.read_bytes() == b"keep me"
    with pytest.raises(BadInputError, match="symbolic link"):
        atomic_write(link, b"x")
    assert link.is_symlink() and real.read_bytes() == b"keep me"


def test_a_fifo_at_out_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.ttl"
    os.mkfifo(fifo)
    code, _, err = run(["export", "--format", "ttl", "--out", str(fifo)])
    assert code == 2 and "FIFO" in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced"
    assert [p.name for p in tmp_path.iterdir()] == ["pipe.ttl"], "a temporary file was left behind"


def test_a_device_at_out_is_refused(tmp_path):
    """A device node of the test's own (never /dev/null itself: a regression would replace the machine's)."""
    dev = tmp_path / "null"
    try:
        os.mknod(dev, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("cannot create a device node here (needs CAP_MKNOD)")
    with pytest.raises(BadInputError, match="character device"):
        atomic_write(dev, b"x")
    code, _, err = run(["export", "--format", "ttl", "--out", str(dev)])
    assert code == 2 and "character device" in err
    assert stat.S_ISCHR(os.lstat(dev).st_mode)


def test_import_out_refuses_a_symlink_too(tmp_path):
    from rolegraph.importers.write import Triples, write_rdf

    real = tmp_path / "real.ttl"
    real.write_bytes(b"keep")
    link = tmp_path / "out.ttl"
    link.symlink_to(real)
    t = Triples()
    t.add("https://x.example/a", "https://x.example/b", "https://x.example/c")
    with pytest.raises(BadInputError, match="symbolic link"):
        write_rdf(t, link, {})
    assert real.read_bytes() == b"keep"
    plain = tmp_path / "plain.ttl"
    plain.write_bytes(b"")
    plain.chmod(0o600)
    assert write_rdf(t, plain, {}) == 1 and mode(plain) == 0o600


def test_a_symlink_as_an_export_folder_is_refused(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "out"
    link.symlink_to(real, target_is_directory=True)
    code, _, err = run(["export", "--format", "csv", "--out", str(link)])
    assert code == 2 and "symbolic link" in err
    assert list(real.iterdir()) == []
