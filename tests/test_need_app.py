"""The "Which role do you need?" tab, run in-process with AppTest: the ruled-out count, the 'Not counted'
table with the deciding words, and the toggle that ranks taxonomy occupations."""

from __future__ import annotations

from pathlib import Path

from rolegraph import need_display as nd
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parent.parent / "app.py"


def run_jd(jd: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["tab"] = "need"
    at.run()
    at.text_area(key="w_jd").input(jd).run()
    assert not at.exception
    return at


def shown(at: AppTest) -> str:
    return " ".join(m.value.replace("\\", "") for m in at.markdown)


def test_only_ruled_out_work_says_how_many_phrases_instead_of_names_no_work():
    at = run_jd("No model training, no data pipelines.")
    text = shown(at)
    assert "2 phrases read as ruled out" in text
    assert "names no work" not in text
    table = next(d for d in at.dataframe if "because of" in d.value.columns)
    assert set(table.value["read as"]) == {"ruled out"}
    assert [c.lower() for c in table.value["because of"]] == ["no", "no"]


def test_the_occupations_toggle_is_off_by_default_and_reruns_the_answer():
    at = run_jd("Build the RAG pipeline and write evals; the ML engineers train the models.")
    toggle = at.toggle(key="w_need_occupations")
    assert toggle.label == nd.OCCUPATIONS_TOGGLE and toggle.value is False
    assert "Best match: AI engineer" in shown(at)
    toggle.set_value(True).run()
    assert not at.exception and "Best match: AI engineer" in shown(at)
    reasons = next(d for d in at.dataframe if "because of" in d.value.columns)
    assert "another team's work" in set(reasons.value["read as"])
