"""The app's uploaded graphs share one byte budget (issue 16, item 10): idle graphs are set aside to make
room, an upload that finds none is refused, and a session that ended lets go of its graph."""

from __future__ import annotations

import gc
import weakref

import pytest
from conftest import DATA
from rolegraph import budget, session
from rolegraph.errors import BadInputError, LoadError
from rolegraph.load import builtin_files

SMALL = (DATA / "hostile" / "hostile-labels.ttl").read_bytes()
MB = 1024 * 1024


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def fresh(monkeypatch, clock):
    """A budget of its own (other tests' sessions do not count) on a clock the test moves."""
    b = budget.Budget(clock=clock)
    monkeypatch.setattr(session, "SESSIONS", b)
    return b


def cost() -> int:
    return budget.estimate(len(SMALL), builtin_files())


def owner(path) -> str:
    return str(path.resolve())


def test_an_upload_is_refused_while_the_other_sessions_are_in_use(fresh, tmp_path, monkeypatch):
    monkeypatch.setenv("ROLEGRAPH_MAX_SESSION_BYTES", str(int(cost() * 1.5)))
    session.load_upload("a.ttl", SMALL, (), tmp_path / "s1")
    assert fresh.used() == cost()
    with pytest.raises(
        BadInputError, match=r"b\.ttl: the app's uploaded graphs would take about .* \(ROLEGRAPH_MAX_SESSION_BYTES.*rolegraph --data"
    ):
        session.load_upload("b.ttl", SMALL, (), tmp_path / "s2")
    assert list(fresh.holders()) == [owner(tmp_path / "s1")]
    assert not (tmp_path / "s2").exists(), "a refused upload is not even written"
    assert session.session_graph(tmp_path / "s1") is not None


def test_the_graph_of_a_session_idle_longest_is_set_aside_to_make_room(fresh, clock, tmp_path, monkeypatch):
    monkeypatch.setenv("ROLEGRAPH_MAX_SESSION_BYTES", str(int(cost() * 2.5)))
    first = weakref.ref(session.load_upload("a.ttl", SMALL, (), tmp_path / "s1"))
    clock.now += 10
    session.load_upload("b.ttl", SMALL, (), tmp_path / "s2")
    clock.now += budget.MIN_IDLE_S + 1
    assert session.session_graph(tmp_path / "s2") is not None  # s2 in use, s1 idle
    session.load_upload("c.ttl", SMALL, (), tmp_path / "s3")
    assert set(fresh.holders()) == {owner(tmp_path / "s2"), owner(tmp_path / "s3")}
    assert session.session_graph(tmp_path / "s1") is None, "s1 must load its upload again"
    gc.collect()
    assert first() is None, "the graph set aside is still in memory"


def test_an_ended_session_lets_go_after_the_idle_limit(fresh, clock, tmp_path, monkeypatch):
    monkeypatch.setenv("ROLEGRAPH_SESSION_IDLE_S", "300")
    gone = weakref.ref(session.load_upload("a.ttl", SMALL, (), tmp_path / "s1"))
    clock.now += 200
    assert session.session_graph(tmp_path / "s2") is None  # another session's look-up sweeps
    assert fresh.used() == cost()
    clock.now += 101
    assert session.session_graph(tmp_path / "s2") is None
    assert fresh.used() == 0
    gc.collect()
    assert gone() is None


def test_removing_the_upload_frees_it(fresh, tmp_path):
    gone = weakref.ref(session.load_upload("a.ttl", SMALL, (), tmp_path / "s1"))
    session.drop_upload(tmp_path / "s1")
    gc.collect()
    assert fresh.used() == 0 and gone() is None


def test_a_session_uploading_again_replaces_what_it_held(fresh, tmp_path, monkeypatch):
    monkeypatch.setenv("ROLEGRAPH_MAX_SESSION_BYTES", str(int(cost() * 1.5)))
    session.load_upload("a.ttl", SMALL, (), tmp_path / "s1")
    second = session.load_upload("a2.ttl", SMALL, (), tmp_path / "s1")
    assert fresh.used() == cost() and session.session_graph(tmp_path / "s1") is second


def test_a_failed_load_gives_its_reservation_back(fresh, tmp_path):
    with pytest.raises(LoadError):
        session.load_upload("bad.ttl", b"<a> <b> .", (), tmp_path / "s1")
    assert fresh.used() == 0


def test_a_file_bigger_than_the_whole_budget_says_so(fresh, tmp_path, monkeypatch):
    monkeypatch.setenv("ROLEGRAPH_MAX_SESSION_BYTES", str(cost() - 1))
    with pytest.raises(BadInputError, match=r"more than the app's budget of .* for uploaded graphs"):
        session.load_upload("a.ttl", SMALL, (), tmp_path / "s1")
    assert fresh.used() == 0


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


def test_the_app_shows_a_refusal(monkeypatch):
    from streamlit.testing.v1 import AppTest
    from test_app import APP

    monkeypatch.setattr(session, "SESSIONS", budget.Budget(limit=1))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.sidebar.file_uploader[0].set_value(("a.ttl", SMALL, "text/plain"))
    at.run()
    assert not at.exception
    assert at.error and "budget" in at.error[0].value


def test_the_app_loads_an_upload_again_after_it_was_set_aside(monkeypatch):
    from streamlit.testing.v1 import AppTest
    from test_app import APP

    b = budget.Budget()
    monkeypatch.setattr(session, "SESSIONS", b)
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.sidebar.file_uploader[0].set_value(("a.ttl", SMALL, "text/plain"))
    at.run()
    assert not at.exception and not at.error and len(b.holders()) == 1
    (held,) = b.holders()
    b.release(held)  # set aside, as the budget does for an idle session
    at.run()
    assert not at.exception and not at.error
    assert list(b.holders()) == [held], "the session did not load its upload again"
    at.sidebar.file_uploader[0].set_value(None)
    at.run()
    assert b.used() == 0, "removing the upload did not free it"


def test_a_graph_set_aside_is_emptied_even_where_something_still_refers_to_it(fresh, clock, tmp_path, monkeypatch):
    """A closed session Streamlit keeps for reconnecting, or a download button's callback, may still refer
    to the graph: it is emptied in place, so what they hold is an empty shell, not the memory."""
    monkeypatch.setenv("ROLEGRAPH_SESSION_IDLE_S", "300")
    kept = session.load_upload("a.ttl", SMALL, (), tmp_path / "s1")  # as a closed session's callback would
    assert kept.G.number_of_nodes() > 100 and len(kept.rdf) > 100
    clock.now += 301
    assert session.session_graph(tmp_path / "s2") is None  # any session's look-up sweeps
    assert fresh.used() == 0
    assert kept.G.number_of_nodes() == 0 and len(kept.rdf) == 0 and kept.ids == {}
    assert kept.ids.get("data-engineer") is None  # a shell every question answers as "no such node"
