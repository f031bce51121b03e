"""The app's uploaded graphs share one byte budget (issue 16, item 10): refused when full, freed when a session lets go."""

from __future__ import annotations

import gc

import pytest
from conftest import DATA
from rolegraph import budget, session
from rolegraph.errors import BadInputError, LoadError

SMALL = (DATA / "hostile" / "hostile-labels.ttl").read_bytes()
MB = 1024 * 1024


@pytest.fixture
def fresh(monkeypatch):
    """A budget of its own, so other tests' sessions do not count."""
    b = budget.Budget()
    monkeypatch.setattr(session, "SESSIONS", b)
    return b


def cost() -> int:
    return budget.estimate(len(SMALL), session_files())


def session_files():
    from rolegraph.load import builtin_files

    return builtin_files()


def test_a_second_session_is_refused_when_the_budget_is_full(fresh, tmp_path, monkeypatch, rg):
    monkeypatch.setenv("ROLEGRAPH_MAX_SESSION_BYTES", str(int(cost() * 1.5)))
    first = session.load_upload("a.ttl", SMALL, (), tmp_path / "s1")
    assert fresh.used() == cost()
    with pytest.raises(
        BadInputError, match=r"b\.ttl: the app's uploaded graphs would take about .* \(ROLEGRAPH_MAX_SESSION_BYTES.*rolegraph --data"
    ):
        session.load_upload("b.ttl", SMALL, (), tmp_path / "s2")
    assert fresh.used() == cost() and list(fresh.holders()) == [str((tmp_path / "s1").resolve())]
    assert not (tmp_path / "s2").exists(), "a refused upload is not even written"
    del first
    gc.collect()
    assert fresh.used() == 0, "the ended session's graph still counts"
    assert session.load_upload("b.ttl", SMALL, (), tmp_path / "s2") is not None


def test_a_session_uploading_again_replaces_what_it_held(fresh, tmp_path, monkeypatch):
    monkeypatch.setenv("ROLEGRAPH_MAX_SESSION_BYTES", str(int(cost() * 1.5)))
    one = session.load_upload("a.ttl", SMALL, (), tmp_path / "s1")
    two = session.load_upload("a2.ttl", SMALL, (), tmp_path / "s1")
    assert fresh.used() == cost()
    del one
    gc.collect()
    assert fresh.used() == cost(), "collecting the replaced graph must not free its successor's bytes"
    del two
    gc.collect()
    assert fresh.used() == 0


def test_a_failed_load_gives_its_reservation_back(fresh, tmp_path):
    with pytest.raises(LoadError):
        session.load_upload("bad.ttl", b"<a> <b> .", (), tmp_path / "s1")
    assert fresh.used() == 0


def test_a_file_bigger_than_the_whole_budget_says_so(fresh, tmp_path, monkeypatch):
    monkeypatch.setenv("ROLEGRAPH_MAX_SESSION_BYTES", str(cost() - 1))
    with pytest.raises(BadInputError, match=r"more than the app's budget of .* for uploaded graphs"):
        session.load_upload("a.ttl", SMALL, (), tmp_path / "s1")


def test_the_estimate_counts_the_data_files_loaded_beside_the_upload(tmp_path):
    base = tmp_path / "base.ttl"
    base.write_bytes(b"#" * 1000)
    assert budget.estimate(100, [base]) == 1100 * budget.BYTES_PER_FILE_BYTE


def test_the_reviewed_upload_fits_once_but_not_twice():
    """The review: a 49 MB upload took 2.2 GB; two sessions 4.6 GB. By default one fits and a second is refused."""
    b = budget.Budget()
    big = budget.estimate(49 * MB)
    b.admit("one", big, name="big.nt")
    with pytest.raises(BadInputError, match="over its budget of 4,096 MB"):
        b.admit("two", big, name="big.nt")


def test_the_app_shows_the_refusal(monkeypatch):
    from streamlit.testing.v1 import AppTest
    from test_app import APP

    monkeypatch.setattr(session, "SESSIONS", budget.Budget(limit=1))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.sidebar.file_uploader[0].set_value(("a.ttl", SMALL, "text/plain"))
    at.run()
    assert not at.exception
    assert at.error and "budget" in at.error[0].value
