"""`need`: which role a job description calls for, read from real job-description language."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from rolegraph import BadInputError, UnknownNameError
from rolegraph.cli import main
from rolegraph.need import MAIN_ROLES, highlight, need, need_from_signals, signal_checklist
from rolegraph.textmatch import negation_scopes, stem

JD = Path(__file__).parent / "data" / "jd"
ARTICLE_AD = "We need someone who can build our data pipelines, train our custom models, and integrate AI into our product."


def top(res: dict) -> str:
    return res["ranking"][0]["id"]


def nodes(res: dict, *, counted_only: bool = True) -> set[str]:
    return {e["node"]["id"] for e in res["evidence"] if e["weight"] > 0 or not counted_only}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


# ----------------------------------------------------------------- language handling


@pytest.mark.parametrize(
    "text, node",
    [
        ("Run our MLOps platform", "ml-platform-engineering"),  # abbreviation (altLabel)
        ("Own CDC from Postgres", "change-data-capture"),
        ("Maintain the ETL", "etl-elt"),
        ("Build a retrieval-augmented generation flow", "rag-pipelines"),  # hidden JD vocabulary
        ("Run SFT and DPO jobs", "fine-tuning-pipelines"),
        ("Writing evals for the assistant", "evaluation-design"),
    ],
)
def test_synonyms_and_abbreviations_are_matched(rg, text, node):
    assert node in nodes(need(rg, text))


@pytest.mark.parametrize(
    "text, node",
    [
        ("orchestrating nightly pipelines", "orchestration-setup"),  # orchestrating meets "orchestration"
        ("experience orchestrating DAGs in Airflow", "orchestration-setup"),
        ("fine-tuned open-weight models", "fine-tuning-pipelines"),  # fine-tune / fine-tuned / fine-tuning
        ("quantized the models for edge devices", "inference-optimisation"),  # quantised / quantization
        ("building training pipelines", "training-pipelines"),  # plural
        ("the training and inference pipelines", "training-pipelines"),  # words between label words
    ],
)
def test_inflections_and_coordination_are_matched(rg, text, node):
    assert node in nodes(need(rg, text))


def test_stems_meet_across_spelling_and_inflection():
    assert stem("quantisation") == stem("quantized") == stem("quantise")
    assert stem("orchestrating") == stem("orchestration") == stem("orchestrate")
    assert stem("modelling") == stem("modeling") == stem("models")


@pytest.mark.parametrize(
    "tool, node, role",
    [
        ("Kafka", "apache-kafka", "data-engineer"),
        ("Snowflake", "snowflake", "data-engineer"),
        ("dbt", "dbt", "data-engineer"),
        ("Airflow", "apache-airflow", "data-engineer"),
        ("PyTorch", "pytorch", "ml-engineer"),
        ("Kubernetes", "kubernetes", "ml-engineer"),
        ("vLLM", "vllm", "ml-engineer"),
        ("Triton", "nvidia-triton", "ml-engineer"),
        ("LangChain", "langchain", "ai-engineer"),
        ("vector databases", "vector-databases", "ai-engineer"),
    ],
)
def test_tool_names_are_matched_and_credit_their_roles(rg, tool, node, role):
    res = need(rg, f"Experience with {tool} is required.")
    item = next(e for e in res["evidence"] if e["node"]["id"] == node)
    assert role in item["roles"] and item["roles"][role] > 0
    assert any(e["node"]["id"] == node for r in res["ranking"] if r["id"] == role for e in r["evidence"])


def test_short_capital_abbreviations_need_capitals(rg):
    # "DL" (deep learning) is an abbreviation; the word "dl" in lower case is not taken for it
    assert "deep-learning" in nodes(need(rg, "Strong DL background"))
    assert "deep-learning" not in nodes(need(rg, "download the dl link"))


# ----------------------------------------------------------------- negation


def test_simple_negation_removes_the_work(rg):
    text = "AI Engineer. Build the RAG pipeline and evals over our documents. No model training involved."
    res = need(rg, text)
    denied = {e["node"]["id"] for e in res["negated"]}
    assert "training-pipelines" in denied
    ml = next(r for r in res["ranking"] if r["id"] == "ml-engineer")
    assert all(e["node"]["id"] != "training-pipelines" for e in ml["evidence"])
    assert top(res) == "ai-engineer"
    neg = next(e for e in res["negated"] if e["node"]["id"] == "training-pipelines")
    assert neg["negated_by"]["cue"].lower() == "no" and neg["weight"] == 0


@pytest.mark.parametrize(
    "text, denied, kept",
    [
        ("You won't own ingestion, but you will build the training pipelines.", "ingestion-pipelines", "training-pipelines"),
        ("Ingestion is owned by the data platform team; you build the training pipelines.", "ingestion-pipelines", "training-pipelines"),
        ("The platform team owns ingestion. You build RAG pipelines.", "ingestion-pipelines", "rag-pipelines"),
        ("Experience with PyTorch is not required. You will write dbt models.", "pytorch", "transformation-layers"),
        ("We don't fine-tune; we call hosted models and write prompts.", "fine-tuning-pipelines", "prompt-design"),
    ],
)
def test_negation_scope_stops_at_the_clause(rg, text, denied, kept):
    res = need(rg, text)  # another team's work is context, a negation rules out: neither counts
    assert denied in {e["node"]["id"] for e in res["negated"] + res["context"]}
    assert kept in nodes(res)


def test_not_just_is_not_a_negation():
    text = "Tests for data, not just for code."
    assert negation_scopes(text) == []


# ----------------------------------------------------------------- passages and stated shares


def test_company_blurb_and_benefits_count_less(rg):
    text = (
        "Data Engineer\n\nAbout Acme AI\nOur generative AI platform runs on large language models and RAG.\n\n"
        "The role\nBuild ingestion pipelines into Snowflake, dbt models and Airflow orchestration.\n\n"
        "Benefits: GPU credits and an annual AI hack-week."
    )
    res = need(rg, text)
    assert top(res) == "data-engineer"
    rag = next(e for e in res["evidence"] if e["node"]["id"] in ("retrieval-augmented-generation", "rag-pipelines"))
    assert rag["passage"] == "about" and rag["factor"] < 1
    assert res["flags"] == []


def test_stated_share_decides_between_two_roles(rg):
    body = (
        "Build the RAG pipeline, prompts and evals for our assistant, with guardrails.\n\n"
        "Train and serve our ranking models with PyTorch on our GPU cluster, with experiment tracking.\n"
    )
    ml_heavy = need(rg, "Engineer\n\nThe AI part is a third of your time. " + body + "Most of the job is the model training.")
    ai_heavy = need(rg, "Engineer\n\nMost of your time goes to the AI features. " + body)
    assert {s["role"] for s in ai_heavy["shares"]} >= {"ai-engineer"}
    assert top(ai_heavy) == "ai-engineer"
    ai_score = {r["id"]: r for r in ai_heavy["ranking"]}["ai-engineer"]
    assert ai_score["stated_share_factor"] > 1 and ai_score["score"] > ai_score["raw_score"]
    assert ml_heavy["ranking"][0]["id"] == "ml-engineer"


# ----------------------------------------------------------------- flags


def test_the_articles_three_roles_ad_spans_all_three(rg):
    res = need(rg, ARTICLE_AD)
    assert res["flags"] == ["spans-all-three"]
    assert {r["id"] for r in res["ranking"] if r["deep"]} == set(MAIN_ROLES)
    assert "three separate senior roles" in res["advice"]
    assert any(a["node"] and a["node"]["type"] == "mis_hire" for a in res["advice_items"])


def test_single_role_text_gets_no_flag(rg):
    res = need(rg, (JD / "02-cdc-streaming.txt").read_text(encoding="utf-8"))
    assert top(res) == "data-engineer"
    assert res["flags"] == []
    assert res["advice"].startswith("Hire a data engineer.")


def test_two_roles(rg):
    res = need(rg, (JD / "20-warehouse-plus-churn-model.txt").read_text(encoding="utf-8"))
    assert res["flags"] == ["two-roles"]
    assert [r["id"] for r in res["ranking"] if r["deep"]] == ["data-engineer", "ml-engineer"]


def test_misleading_title_is_a_mis_hire_risk(rg):
    res = need(rg, "Senior ML Engineer\n\nIntegrate the OpenAI API into our product, build a RAG pipeline and write evals.")
    assert res["title"]["role"] == "ml-engineer"
    assert top(res) == "ai-engineer"
    assert "mis-hire-risk" in res["flags"]
    mis = [a for a in res["advice_items"] if a["node"] and a["node"]["id"] == "mishire-ml-for-ai"]
    assert mis and mis[0]["sources"]


@pytest.mark.parametrize(
    "title, role",
    [
        ("AI/ML Engineer (Generalist)", None),  # names two roles
        ("Applied ML Engineer, Inference", "ml-engineer"),
        ("Senior MLOps Engineer", "ml-engineer"),
        ("Analytics/Data Engineer, 12-person startup", "data-engineer"),
        ("Lead Engineer, Data & AI Platform", None),
        ("Machine Learning Engineer – Perception", "ml-engineer"),
    ],
)
def test_title_role(rg, title, role):
    assert need(rg, title + "\n\nBuild dbt models.")["title"]["role"] == role


# ----------------------------------------------------------------- plain data for the app


def test_evidence_is_plain_data_with_spans_and_citations(rg):
    text = (JD / "13-rag-support-assistant.txt").read_text(encoding="utf-8")
    res = need(rg, text)
    json.dumps(res)  # plain, JSON-ready
    assert res["evidence"]
    for e in res["evidence"]:
        start, end = e["span"]
        assert text[start:end] == e["phrase"]
        assert set(e["node"]) == {"id", "label", "type"}
        assert e["sources"], f"{e['node']['id']} has no citation"
        assert all({"id", "label", "curated"} <= set(s) for s in e["sources"])
    for r in res["ranking"]:
        assert {"id", "label", "score", "evidence"} <= set(r)
        for e in r["evidence"]:
            assert {"phrase", "span", "node", "weight", "sources"} <= set(e)
    scores = [r["score"] for r in res["ranking"]]
    assert scores == sorted(scores, reverse=True)


def test_highlight_pieces_rebuild_the_text(rg):
    text = (JD / "44-neg-no-training.txt").read_text(encoding="utf-8")
    pieces = highlight(text, need(rg, text))
    assert "".join(p["text"] for p in pieces) == text
    kinds = {p["kind"] for p in pieces}
    assert {"plain", "evidence", "negated"} <= kinds
    assert all(p["role"] in MAIN_ROLES or p["role"] == "data-scientist" for p in pieces if p["kind"] == "evidence")


def test_article_facts_are_told_apart_from_curated_ones(rg):
    res = need(rg, "Own RAG pipeline design and implementation with LlamaIndex.")
    by_node = {e["node"]["id"]: e for e in res["evidence"]}
    assert [s["id"] for s in by_node["rag-pipelines"]["sources"]] == ["src-ai-engineer"], "the article's own name cites its section"
    assert all(s["curated"] for s in by_node["llamaindex"]["sources"])
    synonym = {e["node"]["id"]: e for e in need(rg, "Build RAG pipelines with LlamaIndex.")["evidence"]}
    assert [s["id"] for s in synonym["rag-pipelines"]["sources"]] == ["curated"], "a curated synonym cites curated"


def test_same_text_same_answer(rg):
    text = (JD / "31-head-of-data-and-ai.txt").read_text(encoding="utf-8")
    assert json.dumps(need(rg, text)) == json.dumps(need(rg, text))


def test_hostile_text_is_just_text(rg):
    res = need(rg, "<script>alert('x')</script> Build <b>dbt models</b> and Airflow DAGs\x00")
    assert top(res) == "data-engineer"


@pytest.mark.parametrize("bad", ["", "   \n", None, 42, "x" * 200_001])
def test_bad_text_is_refused(rg, bad):
    with pytest.raises(BadInputError):
        need(rg, bad)


def test_text_naming_no_work(rg):
    res = need(rg, "We are a friendly team in a sunny office.")
    assert all(r["score"] == 0 for r in res["ranking"])
    assert res["flags"] == []
    assert "describe" in res["advice"]


# ----------------------------------------------------------------- a checklist of needs


def test_checklist_of_need_signals(rg):
    res = need_from_signals(rg, ["need-aie-rigorous-evaluation", "need-aie-agent-system"])
    assert top(res) == "ai-engineer" and res["flags"] == []
    assert res["evidence"][0]["span"] is None and res["evidence"][0]["sources"]
    both = need_from_signals(rg, ["need-de-warehouse-lakehouse", "need-mle-custom-models"])
    assert both["flags"] == ["two-roles"]
    allthree = need_from_signals(rg, ["need-all-ai-first-product"])
    assert allthree["flags"] == ["spans-all-three"]


def test_checklist_rejects_unknown_ids(rg):
    with pytest.raises(UnknownNameError) as err:
        need_from_signals(rg, ["need-aie-agent-sytem"])
    assert err.value.suggestions[0]["id"] == "need-aie-agent-system"
    with pytest.raises(BadInputError):
        need_from_signals(rg, [])


# ----------------------------------------------------------------- command line


def test_cli_need_text_json_keys():
    code, out, err = run("need", "--json", ARTICLE_AD)
    assert code == 0 and err == ""
    res = json.loads(out)
    assert {"ranking", "flags", "advice"} <= set(res)
    assert {"id", "label", "score", "evidence"} <= set(res["ranking"][0])
    assert res["flags"] == ["spans-all-three"]


def test_cli_need_file_and_text_output():
    code, out, _ = run("need", "--file", str(JD / "36-ml-title-llm-integration.txt"))
    assert code == 0
    assert out.splitlines()[2].startswith("ai-engineer")
    assert "flags: mis-hire-risk" in out
    assert "evidence for AI engineer" in out and "→" in out


def test_cli_need_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Build dbt models and Airflow DAGs.")))
    code, out, _ = run("need", "--json", "--file", "-")
    assert code == 0 and json.loads(out)["ranking"][0]["id"] == "data-engineer"


def test_signal_checklist_lists_every_signal_once(rg):
    items = signal_checklist(rg)
    assert len({x["id"] for x in items}) == len(items) == len(rg.of_type("need_signal"))
    assert all(x["roles"] and x["sources"] for x in items)
    code, out, _ = run("need", "--list-signals", "--json")
    assert code == 0 and json.loads(out)["signals"] == items


def test_cli_need_signals():
    code, out, _ = run("need", "--json", "--signals", "need-mle-custom-models, need-mle-fine-tuning-workloads")
    assert code == 0 and json.loads(out)["ranking"][0]["id"] == "ml-engineer"


@pytest.mark.parametrize(
    "argv, code, words",
    [
        (["need"], 2, "exactly one"),
        (["need", "some text", "--file", "x.txt"], 2, "exactly one"),
        (["need", "--file", "/nonexistent/jd.txt"], 2, "no such file"),
        (["need", "   "], 2, "empty job description"),
        (["need", "--signals", "no-such-signal"], 2, "no need signal matches"),
    ],
)
def test_cli_need_errors(argv, code, words):
    got, out, err = run(*argv)
    assert got == code and out == ""
    assert words in err


def test_cli_need_no_match_exits_1():
    code, out, _ = run("need", "We are a friendly team.")
    assert code == 1 and "flags: none" in out


# ----------------------------------------------------------------- the labelled set


@pytest.mark.parametrize(
    "folder, count",
    [(JD, 242), (JD / "held-out", 60), (JD / "held-out-2", 35), (JD / "held-out-3", 20), (JD / "held-out-4", 20), (JD / "held-out-5", 30)],
)
def test_labelled_set_is_complete(folder, count):
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    files = sorted(p.name for p in folder.glob("*.txt"))
    assert len(labels) == len(files) == count
    assert sorted(lab["file"] for lab in labels) == files


def test_labelled_set_meets_the_targets(rg):
    """Regression guard for the issue's targets on the dev part (figures for both parts: `python bench/eval_need.py`)."""
    labels = json.loads((JD / "labels.json").read_text(encoding="utf-8"))
    results = [(lab, need(rg, (JD / lab["file"]).read_text(encoding="utf-8"))) for lab in labels]
    correct = sum(top(res) in (lab.get("acceptable_top") or [lab["expected_top"]]) for lab, res in results)
    assert correct / len(results) >= 0.97
    three = [res for lab, res in results if "spans-all-three" in lab["flags"]]
    assert sum("spans-all-three" in res["flags"] for res in three) >= 0.9 * len(three)
    assert sum("spans-all-three" in res["flags"] for lab, res in results if "spans-all-three" not in lab["flags"]) <= 1
    single = [res for lab, res in results if len(lab["roles"]) == 1]
    assert not any("spans-all-three" in res["flags"] for res in single)
    assert sum("two-roles" in res["flags"] for res in single) <= 0.03 * len(single)
    mis = [(lab, res) for lab, res in results if "mis-hire-risk" in lab["flags"]]
    assert sum("mis-hire-risk" in res["flags"] for _lab, res in mis) >= 0.9 * len(mis)
    assert not any("mis-hire-risk" in res["flags"] for lab, res in results if "mis-hire-risk" not in lab["flags"])
