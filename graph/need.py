"""Which role does a job description call for? First version: phrase evidence.

Phrases of the text are matched against the labels and synonyms of need
signals, deliverables, skills and tools; each match adds weight to the roles
that own the matched node. See the README for the scoring rule.
"""

from __future__ import annotations

import re

from .errors import BadInputError
from .project import RoleGraph
from .queries import _owners, source_refs
from .resolve import _stem, normalize

__all__ = ["MAX_TEXT_CHARS", "WEIGHTS", "need"]

#: Weight a match of each node type gives its owning roles.
WEIGHTS = {"need_signal": 3.0, "deliverable": 2.0, "skill": 1.0, "tool": 0.5}
#: How much of that weight each ownership level passes on.
LEVEL_SHARE = {
    "primary": 1.0,
    "core": 1.0,
    "essential": 1.0,
    "indicated": 1.0,
    "deliverable": 0.8,
    "zone-side": 0.6,
    "uses": 1.0,
    "shared": 0.4,
    "optional": 0.4,
}
MAX_TEXT_CHARS = 200_000
_NEGATORS = {"no", "not", "without", "never", "dont", "don't", "doesnt", "won't", "wont", "isn't", "isnt", "aren't", "nor"}
_SENTENCE = re.compile(r"[.!?;\n•]+")


def _phrases(rg: RoleGraph) -> dict[tuple[str, ...], list[str]]:
    def build():
        idx: dict[tuple[str, ...], list[str]] = {}
        for n, d in rg.G.nodes(data=True):
            if d["type"] not in WEIGHTS:
                continue
            for text in [d["label"], *d["alt"]]:
                key = tuple(_stem(normalize(text)).split())
                if key and (len(key) > 1 or len(key[0]) > 1):
                    idx.setdefault(key, [])
                    if n not in idx[key]:
                        idx[key].append(n)
        return idx

    return rg.derived("need-phrases", build)


def need(rg: RoleGraph, text: str) -> dict:
    """Rank the roles a job description calls for, with evidence, flags and advice."""
    if not isinstance(text, str) or not text.strip():
        raise BadInputError("empty job description: paste the text, or give --file PATH")
    if len(text) > MAX_TEXT_CHARS:
        raise BadInputError(f"text is {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}")
    idx = _phrases(rg)
    longest = rg.derived("need-longest", lambda: max((len(k) for k in idx), default=1))
    roles = [r for r in rg.of_type("role")]
    scores = {r: 0.0 for r in roles}
    evidence: dict[str, list] = {r: [] for r in roles}
    negated = []
    seen: set[tuple[str, str]] = set()
    for sentence in _SENTENCE.split(text):
        raw = normalize(sentence).split()
        words = [_stem(w) for w in raw]
        i = 0
        while i < len(words):
            for size in range(min(longest, len(words) - i), 0, -1):
                key = tuple(words[i : i + size])
                if key not in idx:
                    continue
                phrase = " ".join(raw[i : i + size])
                is_neg = any(w in _NEGATORS for w in raw[max(0, i - 4) : i])
                for n in idx[key]:
                    d = rg.G.nodes[n]
                    if is_neg:
                        negated.append({"phrase": phrase, "node": rg.ref(n)})
                        continue
                    if (phrase, n) in seen:
                        continue
                    seen.add((phrase, n))
                    for r, level in _owners(rg, n).items():
                        if r not in scores:
                            continue
                        w = WEIGHTS[d["type"]] * LEVEL_SHARE.get(level, 0.5)
                        scores[r] += w
                        evidence[r].append(
                            {
                                "phrase": phrase,
                                "node": rg.ref(n),
                                "level": level,
                                "weight": round(w, 2),
                                "sources": source_refs(rg, d["sources"]),
                            }
                        )
                i += size - 1
                break
            i += 1
    # the roles with evidence by score, then the rest in label order (thousands, once ESCO is loaded)
    by_label = rg.derived("need-roles-by-label", lambda: sorted(roles, key=lambda r: rg.G.nodes[r]["label"]))
    nodes = rg.G.nodes
    ranking = sorted((r for r in roles if scores[r]), key=lambda r: (-scores[r], nodes[r]["label"]))
    ranking += [r for r in by_label if not scores[r]]
    top = scores[ranking[0]] if ranking else 0.0
    deep = [r for r in ranking if scores[r] >= max(3.0, 0.4 * top)]
    main3 = {rg.ids.get(x) for x in ("data-engineer", "ml-engineer", "ai-engineer")} - {None}
    flags = []
    deep3 = [r for r in deep if r in main3]
    if main3 and len(main3) == 3 and len(deep3) == 3:
        flags.append("spans-all-three")
    elif len(deep3) == 2:
        flags.append("two-roles")
    title_role = _title_role(rg, text)
    if title_role and top > 0 and title_role != ranking[0] and scores[title_role] < 0.6 * top:
        flags.append("mis-hire-risk")
    return {
        "ranking": [
            {"id": nodes[r]["id"], "label": nodes[r]["label"], "score": round(scores[r], 2) if scores[r] else 0.0, "evidence": evidence[r]}
            for r in ranking
        ],
        "flags": flags,
        "title_role": rg.G.nodes[title_role]["id"] if title_role else None,
        "negated": negated,
        "advice": _advice(rg, ranking, scores, flags, title_role),
    }


def _title_role(rg: RoleGraph, text: str) -> str | None:
    first = normalize(text.strip().splitlines()[0])[:200]
    best = None
    for key, r in _role_names(rg):
        if key in first and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", first):
            if best is None or len(key) > best[0]:
                best = (len(key), r)
    return best[1] if best else None


def _role_names(rg: RoleGraph) -> list[tuple[str, str]]:
    """``(normalized name, role)`` for every label and synonym of every role, in role order."""

    def build():
        names = []
        for r in rg.of_type("role"):
            d = rg.G.nodes[r]
            names += [(key, r) for key in (normalize(name) for name in [d["label"], *d["alt"]]) if key]
        return names

    return rg.derived("need-role-names", build)


def _advice(rg, ranking, scores, flags, title_role) -> str:
    if not ranking or scores[ranking[0]] == 0:
        return "The text names no deliverable, skill or tool rolegraph knows; describe the work to be done."
    top = rg.G.nodes[ranking[0]]
    if "spans-all-three" in flags:
        return (
            "This describes three separate senior roles (data, ML and AI engineering). Split it: solve the data layer "
            "first, hire an AI engineer for the product work, and an ML engineer only for custom model training or serving."
        )
    parts = [f"Hire a {top['label'].lower()}."]
    if "two-roles" in flags:
        second = rg.G.nodes[ranking[1]]
        parts = [
            f"This spans two roles: {top['label'].lower()} first, then {second['label'].lower()}; one person can sometimes cover both."
        ]
    if "mis-hire-risk" in flags and title_role:
        parts.append(
            f"The title says {rg.G.nodes[title_role]['label'].lower()}, but the work belongs to a {top['label'].lower()}: retitle it."
        )
    parts.extend(top["advice"][:1])
    return " ".join(parts)
