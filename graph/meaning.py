"""Matching by meaning, offline: a duty statement that names no known term, compared with the graph's nodes.

The embeddings come from ``wordllama`` (an optional dependency: ``pip install
'rolegraph[meaning]'``), whose wheel ships 256-dimension static token
embeddings and its tokenizer; they are loaded from the installed package folder
with downloads disabled, so nothing is fetched at run time. Without the package
:func:`available` is False and :func:`rolegraph.need.need` matches by words only.

Each match names the statement, the node it reached, the cosine similarity and
(through ``need``) the node's sources.
"""

from __future__ import annotations

import functools
from pathlib import Path

__all__ = ["MIN_SIMILARITY", "available", "model", "nearest", "node_table"]

#: A statement reaches a node only at this cosine similarity or above.
MIN_SIMILARITY = 0.62


@functools.cache
def available() -> bool:
    """Whether the embedding model can be loaded (the ``wordllama`` package is installed)."""
    try:
        model()
    except (ImportError, OSError, ValueError):
        return False
    return True


@functools.cache
def model():
    """The wordllama model, loaded from the files inside its wheel; downloading is disabled."""
    import wordllama
    from wordllama import WordLlama

    return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)


def node_table(rg, types: tuple[str, ...] = ("deliverable", "skill")) -> tuple[list[str], object]:
    """The nodes a statement may reach and their embeddings (label and definition), kept in the load cache."""

    def build():
        import numpy as np

        nodes = sorted(n for n, d in rg.G.nodes(data=True) if d["type"] in types and not d["id"].startswith("skills-") and d["label"])
        texts = [_describe(rg.G.nodes[n]) for n in nodes]
        vecs = model().embed(texts) if texts else np.zeros((0, 256), dtype="float32")
        return nodes, _normalise(vecs)

    return rg.derived("meaning-table:" + ",".join(types), build)


def _describe(d: dict) -> str:
    words = [d["label"], *d["alt"][:3]]
    return "; ".join(words)


def _normalise(v):
    import numpy as np

    norms = np.linalg.norm(v, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return v / norms


def nearest(rg, statements: list[str], *, min_similarity: float | None = None) -> list[tuple[str, float] | None]:
    """For each statement, the node it is closest to in meaning and the similarity, or None below ``min_similarity``
    (``MIN_SIMILARITY`` when not given)."""
    min_similarity = MIN_SIMILARITY if min_similarity is None else min_similarity
    if not statements:
        return []
    nodes, table = node_table(rg)
    if not nodes:
        return [None] * len(statements)
    sims = _normalise(model().embed(statements)) @ table.T
    out = []
    for row in sims:
        k = int(row.argmax())
        out.append((nodes[k], float(row[k])) if row[k] >= min_similarity else None)
    return out
