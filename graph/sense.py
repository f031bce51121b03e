"""Word sense from neighbours: one word, several meanings, told apart by the words around it.

A job posting's "modelling layer" is data modelling, not model training; its
"streaming responses" are an LLM product's, not stream processing; "orchestrates
LLM calls" is agent work, not pipeline orchestration; "feature retrieval" is a
feature store's, not retrieval-augmented generation; "batch and streaming pipelines" are batch
processing, not inference batching; a clinic's "scheduling system" is no pipeline scheduling; "train and evaluate the ranking
models" is model evaluation, not evaluating an LLM's output; "permission drift" is not
model drift, and "schema drift" is the warehouse's. Each rule below names the nodes a phrase may have matched, the
neighbouring words (stems, within ``WINDOW`` words on either side, same
sentence) that give it the other sense, and what the phrase then means: another
node, or nothing the graph knows (the match is dropped).

Rules are data, not code paths: adding a sense is adding a row.

>>> from rolegraph.textmatch import tokenize
>>> [r.name for r in RULES][:2]
['data modelling, not model training', 'data models, not ML models']
"""

from __future__ import annotations

from dataclasses import dataclass

from .textmatch import Token, stem

__all__ = ["RULES", "WINDOW", "SenseRule", "resolve"]

#: How many words on either side of a phrase its neighbours are looked for.
WINDOW = 4


@dataclass(frozen=True)
class SenseRule:
    """When a phrase matched one of ``nodes`` and a neighbour is one of ``cues``, it means ``to`` (None: nothing known)."""

    name: str
    nodes: frozenset[str]  # node ids the phrase may have matched
    words: frozenset[str]  # the phrase must contain one of these stems
    cues: frozenset[str]  # stems of the neighbouring words that give the other sense
    to: str | None
    unless: frozenset[str] = frozenset()  # stems of neighbours that keep the first sense


def _stems(words: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words.split())


_ML_MODEL_NODES = frozenset({"need-mle-custom-models", "model-training", "training-pipelines", "predictive-models", "predictive-modelling"})
_TRAINING = _stems("train trains training trained retrain retraining")
_DATA_CUES = _stems("dbt layer dimensional semantic warehouse mart marts staging schema schemas tables table sql metrics analytics star")

RULES: tuple[SenseRule, ...] = (
    SenseRule(
        "data modelling, not model training",
        _ML_MODEL_NODES,
        _stems("modelling modeling"),
        _DATA_CUES,
        "data-modelling",
        _TRAINING,  # "model training" means training, whatever stands near it
    ),
    SenseRule(
        "data models, not ML models",
        _ML_MODEL_NODES,
        _stems("model models"),
        _stems("dbt staging mart marts dimensional semantic"),
        "transformation-layers",
        _TRAINING,
    ),
    SenseRule(
        "streaming responses, not stream processing",
        frozenset({"stream-processing"}),
        _stems("streaming stream streamed"),
        _stems("response responses token tokens answer answers client clients sse server-sent websocket websockets chat reply"),
        None,
    ),
    SenseRule(
        "orchestrating LLM calls, not pipeline orchestration",
        frozenset({"orchestration-setup", "pipeline-orchestration"}),
        _stems("orchestrate orchestrates orchestrating orchestration orchestrator"),
        _stems("llm llms call calls agent agents tool tools prompt prompts model-provider providers conversation"),
        "agent-tooling",
    ),
    SenseRule(
        "feature retrieval, not retrieval-augmented generation",
        frozenset({"retrieval-augmented-generation", "rag-pipelines"}),
        _stems("retrieval retrieve retrieving"),
        _stems("feature features store"),
        "feature-engineering-at-scale",
    ),
    SenseRule(
        "curating training data for others, not training models",
        frozenset({"model-training", "training-pipelines", "evaluation-design"}),
        _stems("training evaluation"),
        _stems("curate curates curated curating request requests requested"),
        None,
    ),
    SenseRule(
        "self-hosted models, not calling hosted APIs",
        frozenset({"llm-api-integration"}),
        _stems("hosted host hosting"),
        _stems("self self-hosted self-host"),
        "model-serving-infrastructure",
    ),
    SenseRule(
        "features from a stream, not stream processing",
        frozenset({"stream-processing"}),
        _stems("stream streams streaming"),
        _stems("feature features"),
        "feature-engineering-at-scale",
    ),
    SenseRule(
        "a retraining pipeline's monitoring, not data observability",
        frozenset({"data-observability"}),
        _stems("pipeline pipelines monitoring"),
        _stems("retrain retraining training model models"),
        "model-monitoring",
    ),
    SenseRule(
        "serving data to an app, not serving models",
        frozenset({"model-serving", "model-serving-infrastructure"}),
        _stems("serve serves served serving"),
        _stems("data aggregates aggregate table tables key-value cache"),
        None,
        _stems("model models prediction predictions inference scoring score scores llm llms"),
    ),
    SenseRule(
        "training people, not models",
        frozenset({"model-training", "training-pipelines"}),
        _stems("train trains training"),
        _stems("analyst analysts colleague colleagues staff people user users junior juniors newcomer newcomers hire hires mentor"),
        None,
        _stems("model models classifier classifiers network networks"),
    ),
    SenseRule(
        "a warehouse an assistant reads, not one to build",
        frozenset({"need-de-warehouse-lakehouse", "warehouse-lakehouse-design", "data-lineage"}),
        _stems("warehouse warehouses lake lakehouse catalogue catalog"),
        _stems("retrieval question questions answer answers ask asks against documentation docs"),
        None,
        _stems("build building own design designing maintain migrate model modelling scale"),
    ),
    SenseRule(
        "data scientists' models, not data modelling",
        frozenset({"data-modelling"}),
        _stems("data model models"),
        _stems("scientist scientists science"),
        None,
    ),
    SenseRule(
        "an alert on a model's drift, not a pipeline alert",
        frozenset({"data-observability"}),
        _stems("alert alerts alerting"),
        _stems("drift accuracy prediction predictions model models"),
        "model-monitoring",
        _stems(
            "pipeline pipelines table tables freshness load loads schema schemas configuration config permission permissions environment"
        ),
    ),
    SenseRule(
        "service observability, not data observability",
        frozenset({"data-observability"}),
        _stems("observability"),
        _stems("prometheus grafana datadog infrastructure logs traces tracing"),
        None,
        _stems("data pipeline pipelines table tables freshness"),
    ),
    SenseRule(
        "a trained extraction model, not LLM extraction",
        frozenset({"information-extraction"}),
        _stems("extraction extract extracting"),
        _stems("layout detection segmentation ocr train trained training model models classifier"),
        None,
        _stems("llm llms prompt prompts gpt structured json schema"),
    ),
    SenseRule(
        "the cost of serving a model, not of an LLM app",
        frozenset({"cost-latency-optimisation"}),
        _stems("cost costs"),
        _stems("gpu gpus fleet throughput second quantise quantize vllm kernel kernels"),
        "inference-optimisation",
    ),
    SenseRule(
        "evaluating trained models, not evaluating LLM output",
        frozenset({"evaluation-design", "prompt-engineering-evaluation"}),
        _stems("evaluate evaluates evaluating evaluated evaluation eval evals"),
        _stems("train trains training trained retrain retraining classifier classifiers ranking forecast forecasting regression")
        | _stems("checkpoint checkpoints ablation ablations"),
        "training-pipelines",
        _stems("llm llms prompt prompts answer answers agent agents rag retrieval response responses output outputs judge"),
    ),
    SenseRule(
        "batch pipelines, not inference batching",
        frozenset({"inference-optimisation"}),
        _stems("batch batching"),
        _stems("pipeline pipelines etl elt job jobs load loads ingestion ingest streaming stream warehouse lakehouse processing"),
        "batch-processing",
        _stems("inference request requests gpu gpus token tokens latency throughput serving continuous dynamic"),
    ),
    SenseRule(
        "a retraining schedule, not pipeline scheduling",
        frozenset({"orchestration-setup", "pipeline-orchestration"}),
        _stems("schedule schedules scheduling"),
        _stems("retrain retraining training model models"),
        None,
        _stems("dag dags airflow dagster etl elt"),
    ),
    SenseRule(
        "LLM pipelines, not data pipelines",
        frozenset({"general-data-pipelines"}),
        _stems("pipeline pipelines"),
        _stems("llm llms prompt prompts agent agents"),
        None,
        _stems("data etl elt ingestion warehouse lakehouse"),
    ),
    SenseRule(
        "a scheduling system, not pipeline scheduling",
        frozenset({"orchestration-setup", "pipeline-orchestration"}),
        _stems("scheduling scheduler schedules"),
        _stems("appointment appointments booking bookings system systems service software app clinic clinics shift shifts calendar rota"),
        None,
        _stems("pipeline pipelines job jobs dag dags airflow dagster prefect etl elt cron workflow workflows"),
    ),
    SenseRule(
        "schema drift, not model drift",
        frozenset({"model-monitoring"}),
        _stems("drift drifts"),
        _stems("schema schemas"),
        "warehouse-schema-design",
    ),
    SenseRule(
        "permission drift, not model drift",
        frozenset({"model-monitoring"}),
        _stems("drift drifts"),
        _stems("permission permissions access config configuration environment environments role roles policy policies"),
        None,
    ),
)


def resolve(node_id: str, tokens: list[Token], i: int, j: int, sentence: tuple[int, int]) -> tuple[bool, str | None, str | None]:
    """The sense of the phrase ``tokens[i..j]``, which matched ``node_id``.

    ``sentence`` is the token range ``[lo, hi)`` of its sentence. Returns
    ``(changed, node_id or None, rule name)``: unchanged, a different node, or dropped.
    """
    phrase = {t.stem for t in tokens[i : j + 1]}
    lo, hi = max(sentence[0], i - WINDOW), min(sentence[1], j + 1 + WINDOW)
    near = {t.stem for t in tokens[lo:hi]} - phrase
    for rule in RULES:
        if node_id in rule.nodes and phrase & rule.words and (near | phrase) & rule.cues and not (near | phrase) & rule.unless:
            return True, rule.to, rule.name
    return False, node_id, None
