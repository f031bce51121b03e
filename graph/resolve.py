"""Turn what a user typed into a node: id, full IRI, label or synonym.

Matching is case-insensitive and forgiving of punctuation, plurals and small
typos. When nothing is close enough, :class:`UnknownNameError` carries the
closest plausible nodes so the CLI and the app can say "did you mean ...":
a node is plausible when a word typed is one of its names' words, the start of
one (an abbreviation: "eng", "infra"), a typo away from one, or their initials
("nlp"). Only when nothing is plausible does the error say that nothing matches.

Examples
--------
>>> from rolegraph import load
>>> rg = load()
>>> resolve(rg, "MLE")["id"]
'ml-engineer'
"""

from __future__ import annotations

import difflib
import functools
import heapq
import re
import unicodedata
from array import array
from collections import Counter

from .domain import NAME_RANK
from .errors import BadInputError, UnknownNameError
from .limits import ENV, limits
from .namespace import INSTANCE_BASE
from .project import RoleGraph

__all__ = ["ACCEPT", "candidates", "normalize", "plausible", "resolve"]

_PUNCT = re.compile(r"[^\w+#]+", re.UNICODE)
_INVISIBLE = dict.fromkeys(c for c in range(0x10000) if unicodedata.category(chr(c)) == "Cf")


def normalize(text: str) -> str:
    """Casefold, drop invisible characters and punctuation, collapse spaces.

    >>> normalize("  Data-Engineer ")
    'data engineer'
    >>> normalize("C++ / C#")
    'c++ c#'
    """
    if text.isascii():  # NFKC and the invisible characters only concern non-ASCII text
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).casefold()
    return " ".join(_PUNCT.sub(" ", text).replace("_", " ").split())


@functools.lru_cache(maxsize=1 << 16)
def _singular(word: str) -> str:
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("shes", "sh"), ("ches", "ch"), ("xes", "x"), ("s", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2 and not word.endswith("ss"):
            return word[: -len(suffix)] + repl
    return word


def _stem(text: str) -> str:
    return " ".join(map(_singular, text.split()))


class _Index:
    """Label lookups for one RoleGraph, built on first use (and kept in the load cache)."""

    def __init__(self, rg: RoleGraph):
        exact: dict[str, list[tuple[str, str]]] = {}

        def put(key: str, entry: tuple[str, str]) -> None:
            found = exact.get(key)
            if found is None:
                exact[key] = [entry]
            elif entry not in found:
                found.append(entry)

        for n, d in rg.G.nodes(data=True):
            # a full IRI is found by ``text in rg.G``; only short ids are worth indexing
            entries = [(d["label"], "label")] if "://" in d["id"] else [(d["label"], "label"), (d["id"], "id")]
            entries += [(a, "altLabel") for a in d.get("alt", ())]
            entries += [(h, "hiddenLabel") for h in d.get("hidden", ())]
            for text, how in entries:
                key = normalize(text)
                if not key:
                    continue
                put(key, (n, how))
                stem = _stem(key)
                if stem != key:
                    put(stem, (n, how))
        self.exact = exact
        self.keys = sorted(exact)

    def trigrams(self) -> dict[str, array]:
        """trigram → positions in ``keys`` of the keys holding it (compact int arrays)."""
        grams: dict[str, list[int]] = {}
        for i, key in enumerate(self.keys):
            if len(key) <= 120:
                for g in _trigrams(key):
                    at = grams.get(g)
                    if at is None:
                        grams[g] = [i]
                    else:
                        at.append(i)
        return {g: array("i", at) for g, at in grams.items()}


def _trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _index(rg: RoleGraph) -> _Index:
    return rg.derived("resolve", lambda: _Index(rg))


_HOW_RANK = {"id": 0, "label": 1, "altLabel": 2, "hiddenLabel": 3, "fuzzy": 4}


def _check(text) -> str:
    if not isinstance(text, str):
        raise BadInputError(f"a name must be text, not {type(text).__name__}")
    text = text.strip()
    if not normalize(text):
        raise BadInputError("empty name: give a role, skill, deliverable or tool (e.g. 'ml-engineer', 'SQL')")
    most = limits().max_name_chars
    if len(text) > most:
        raise BadInputError(f"name is {len(text)} characters; names are at most {most} (set {ENV['max_name_chars']} to allow more)")
    return text


def candidates(rg: RoleGraph, text: str, *, types=None, limit: int = 8) -> list[dict]:
    """Every node ``text`` could plausibly mean, best first, each with ``score`` and ``matched_on``.

    ``types`` limits the node types considered (e.g. ``{"role"}``).
    """
    text = _check(text)
    allowed = set(types) if types else None
    idx = _index(rg)
    scored: dict[str, tuple[float, str]] = {}

    def offer(node: str, score: float, how: str) -> None:
        if allowed and rg.G.nodes[node]["type"] not in allowed:
            return
        best = scored.get(node)
        if best is None or (score, -_HOW_RANK[how]) > (best[0], -_HOW_RANK[best[1]]):
            scored[node] = (score, how)

    if text in rg.G:  # a full IRI
        offer(text, 1.0, "id")
    if text in rg.ids:
        offer(rg.ids[text], 1.0, "id")
    key = normalize(text)
    for k in dict.fromkeys((key, _stem(key))):
        for node, how in idx.exact.get(k, ()):
            offer(node, 1.0 if how != "hiddenLabel" else 0.95, how)
    if not scored or max(s for s, _ in scored.values()) < 1.0:
        wanted = None if allowed is None else (lambda node: rg.G.nodes[node]["type"] in allowed)
        _fuzzy(idx, rg.derived("resolve-trigrams", idx.trigrams), key, offer, wanted)
    ranked = sorted(
        scored.items(),
        key=lambda kv: (
            -kv[1][0],
            _HOW_RANK[kv[1][1]],
            not kv[0].startswith(INSTANCE_BASE),  # on a tie, rolegraph's own node before an imported one
            NAME_RANK.get(rg.G.nodes[kv[0]]["type"], 9),
            rg.G.nodes[kv[0]]["label"].casefold(),
            kv[0],
        ),
    )
    out = []
    for node, (score, how) in ranked[:limit]:
        out.append({**rg.ref(node), "iri": node, "score": round(score, 3), "matched_on": how})
    return out


#: Words that alone make no label a plausible reading of what was typed.
_FILLER = frozenset(
    "a an and are as at be by do for from has have how i if in is it its me my no not of on or our so "
    "such that the their this to us was we what when where which who why will with you your".split()
)


def _content_words(key: str) -> list[str]:
    """The words of a normalised name that can make a match plausible (stemmed; no filler, no single letters)."""
    return [w for w in _stem(key).split() if len(w) >= 2 and w not in _FILLER]


@functools.lru_cache(maxsize=1 << 16)
def _near(a: str, b: str) -> bool:
    """Whether two words of four letters or more are a typo apart: one letter dropped, added, changed or two
    swapped (two such slips in words of eight letters or more)."""
    most = 2 if min(len(a), len(b)) >= 8 else 1
    if len(a) < 4 or len(b) < 4 or abs(len(a) - len(b)) > most or a == b:
        return a == b
    if most == 1 and a[0] != b[0] and a[-1] != b[-1]:  # both ends differ: two slips at least
        return False
    # optimal string alignment distance, rows kept short
    before, row = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (ca != cb))
            if before is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        before, row = row, current
        if min(row) > most:
            return False
    return row[-1] <= most


def _fits(word: str, words: list[str], initials: str) -> bool:
    """Whether a typed word is one of ``words``, the start of one, a typo away from one, or their ``initials``."""
    if word == initials:
        return True
    return any(word == w or (len(word) >= 3 and w.startswith(word)) or _near(word, w) for w in words)


@functools.lru_cache(maxsize=1 << 16)
def _name_words(key: str) -> tuple[list[str], str]:
    """The content words of a normalised name and its initials (cached: labels recur from one name typed to the next)."""
    return _content_words(key), "".join(w[0] for w in key.split()) if " " in key else ""


def _fitting(typed: list[str], key: str) -> int:
    """How many of the ``typed`` words fit the name ``key`` (see :func:`_fits`)."""
    words, initials = _name_words(key)
    return sum(1 for w in typed if _fits(w, words, initials))


def plausible(typed: list[str], key: str) -> bool:
    """Whether the name ``key`` (normalised) is a plausible reading of the ``typed`` words (see the module docstring).

    >>> plausible(_content_words("data eng"), "data engineer"), plausible(["nlp"], "natural language processing")
    (True, True)
    >>> plausible(_content_words("banana"), "data lineage")
    False
    """
    return _fitting(typed, key) > 0


def _fuzzy(idx: _Index, grams: dict[str, array], key: str, offer, wanted=None) -> None:
    """Offer the labels sharing most trigrams with ``key`` (only labels of ``wanted`` nodes, if given).

    A label is offered when it is close (a similarity of at least :data:`ACCEPT`) or a
    plausible reading of ``key`` (:func:`plausible`); never a mere jumble of shared letters.
    """
    words = set(_stem(key).split())
    typed = _content_words(key)
    counts: Counter[int] = Counter()
    for g in _trigrams(key):
        for i in grams.get(g, ()):
            counts[i] += 1
    for i in _most_shared(idx, counts, wanted):
        label = idx.keys[i]
        ratio = difflib.SequenceMatcher(None, key, label, autojunk=False).ratio()
        lwords = set(_stem(label).split())
        if words and words <= lwords:  # every typed word is in the label
            ratio = max(ratio, 0.8 + 0.15 * len(words) / len(lwords))
        if ratio < ACCEPT:
            fit = _fitting(typed, label)
            if not fit:
                continue
            if fit == len(typed):  # "ai eng" reads "AI engineer" better than "AI agents": first among the suggestions
                ratio = max(ratio, 0.7 + 0.09 * min(1.0, len(typed) / max(1, len(lwords))))
        for node, how in idx.exact[label]:
            offer(node, ratio * (0.98 if how == "hiddenLabel" else 1.0), "fuzzy")


def _most_shared(idx: _Index, counts: Counter, wanted, limit: int = 60) -> list[int]:
    """The ``limit`` keys sharing most trigrams (of ``wanted`` nodes only, if given), ties by key order.

    (``Counter.most_common`` breaks ties by insertion order, which follows set
    iteration: random per process.) A heap, not a sort: at taxonomy scale
    ``counts`` holds a hundred thousand keys.
    """
    if wanted is None:
        return [i for i, _ in heapq.nsmallest(limit, counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    heap = [(-c, i) for i, c in counts.items()]
    heapq.heapify(heap)
    out: list[int] = []
    while heap and len(out) < limit:
        _, i = heapq.heappop(heap)
        if any(wanted(node) for node, _ in idx.exact[idx.keys[i]]):
            out.append(i)
    return out


#: A fuzzy match at least this good is taken as the answer.
ACCEPT = 0.8


def resolve(rg: RoleGraph, text: str, *, types=None, expected: str | None = None) -> dict:
    """The node ``text`` names, as ``{"id", "label", "type", "iri", "score", "matched_on", "alternatives"}``.

    Raises
    ------
    BadInputError
        ``text`` is empty or too long.
    UnknownNameError
        Nothing matches well enough; ``suggestions`` lists the closest plausible nodes (none: nothing is plausible).
    """
    found = candidates(rg, text, types=types)
    if not found or found[0]["score"] < ACCEPT:
        if expected is None and types and len(set(types)) == 1:
            expected = next(iter(types)).replace("_", " ")
        raise UnknownNameError(text.strip(), [_plain(c) for c in found[:5]], expected)
    best = dict(found[0])
    best["alternatives"] = [_plain(c) for c in found[1:6] if c["score"] >= 0.6]
    return best


def _plain(c: dict) -> dict:
    return {"id": c["id"], "label": c["label"], "type": c["type"]}
