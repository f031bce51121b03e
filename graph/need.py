"""Which role does a job description call for? Evidence, flags and advice.

The text is read by :mod:`rolegraph.textmatch`; every phrase that names a need
signal, deliverable, skill or tool of the graph becomes a piece of evidence.
Each piece hands its weight to the roles that own the node it names; the
roles are ranked by the sum. the README's "How the score is computed" states the rule exactly; in short::

    weight   = TYPE_WEIGHT[node type]        (need signal 3, deliverable 2, skill 1, tool 0.5;
                                             a one-word match counts at most 1)
             x passage factor                (work 1, nice-to-have 0.5, about the company 0.25, benefits 0)
    raw[r]  += weight x share of role r in the node's ownership
               (each node counts once, at its best occurrence; denied work counts 0)
    score[r] = raw[r] x stated-share factor  ("most of the role" 1.5, "a third" 0.85, "60%" 60/40 ...,
                                             given to the role whose evidence fills that passage)
    deep     = raw >= 2, raw >= 25% of the top raw, own evidence >= 2  → flags

Every answer is plain data: the app renders it, the CLI prints it.

>>> from rolegraph import load
>>> r = need(load(), "Build our RAG pipeline and LLM evals; no model training involved.")
>>> r["ranking"][0]["id"], r["flags"]
('ai-engineer', [])
"""

from __future__ import annotations

from collections.abc import Iterable

from .errors import BadInputError, UnknownNameError
from .project import RoleGraph
from .provenance import label_sources
from .queries import _owners, source_refs
from .textmatch import KIND_FACTOR, Segment, find_phrases, negation_scopes, pair_index, pattern, segments, tokenize

__all__ = [
    "DEPTH_ABS",
    "DEPTH_OWN",
    "DEPTH_REL",
    "LEVEL_SHARE",
    "MAIN_ROLES",
    "MAX_TEXT_CHARS",
    "ONE_WORD_CAP",
    "WEIGHTS",
    "highlight",
    "need",
    "need_from_signals",
    "signal_checklist",
]

#: Weight a match of each node type gives out.
WEIGHTS = {"need_signal": 3.0, "deliverable": 2.0, "skill": 1.0, "tool": 0.5}
#: A match of a single word ("agent", "lakehouse") counts at most this much.
ONE_WORD_CAP = 1.0
#: How strongly each level of ownership ties a node to a role (shares are normalised per node).
LEVEL_SHARE = {
    "primary": 1.0,
    "core": 1.0,
    "essential": 1.0,
    "indicated": 1.0,
    "deliverable": 0.8,
    "uses": 1.0,
    "zone-side": 0.6,
    "by-skills": 0.8,
    "shared": 0.3,
    "optional": 0.3,
}
#: The three roles whose mix the flags describe (the article's spectrum).
MAIN_ROLES = ("data-engineer", "ml-engineer", "ai-engineer")
#: A role needs at least this score ...
DEPTH_ABS = 2.0
#: ... and this fraction of the top role's score to count as work "at real depth".
DEPTH_REL = 0.25
#: ... and its own evidence (nodes more than half its own, at their type weight) must reach this.
DEPTH_OWN = 2.0
MAX_TEXT_CHARS = 200_000
NODE_TYPES = tuple(WEIGHTS)


# ----------------------------------------------------------------- graph-side tables


def _role_shares(rg: RoleGraph, n: str) -> dict[str, float]:
    """role IRI → fraction of node ``n``'s weight that role receives (sums to 1, or empty).

    Made for every node a text can match at once and kept in the load cache:
    with ESCO loaded, working out a skill's owners on first sight was most of a
    job description's time.
    """
    table = rg.derived("need-shares", lambda: {m: _shares(rg, m) for m, d in rg.G.nodes(data=True) if d["type"] in WEIGHTS})
    found = table.get(n)
    return found if found is not None else _shares(rg, n)


def _shares(rg: RoleGraph, n: str) -> dict[str, float]:
    levels = {r: lvl for r, lvl in _owners(rg, n).items() if rg.G.nodes[r]["type"] == "role"}
    if not levels:
        levels = _fallback_owners(rg, n)
    raw = {r: LEVEL_SHARE.get(lvl, 0.3) for r, lvl in levels.items()}
    total = sum(raw.values())
    return {r: v / total for r, v in sorted(raw.items())} if total else {}


def _fallback_owners(rg: RoleGraph, n: str) -> dict[str, str]:
    """A node no role owns: the roles whose core skills it needs, else its skill group's core owners."""
    levels: dict[str, str] = {}
    for s in rg.out(n, "needsSkill"):
        for r in rg.into(s, "hasCoreSkill"):
            levels[r] = "by-skills"
    if not levels:
        for group in rg.out(n, "broader"):
            for r, lvl in _owners(rg, group).items():
                if lvl == "core" and rg.G.nodes[r]["type"] == "role":
                    levels[r] = "by-skills"
    return levels


def _index(rg: RoleGraph) -> dict[str, list]:
    """first stem → [(pattern, [(node, label, how)])], longest patterns first (kept in the load cache)."""

    def build():
        by_pattern: dict[tuple, list] = {}
        for n, d in rg.G.nodes(data=True):
            if d["type"] not in WEIGHTS or d["id"].startswith("skills-"):
                continue
            for text, how in [(d["label"], "label")] + [(a, "altLabel") for a in d["alt"]] + [(h, "hiddenLabel") for h in d["hidden"]]:
                pat = pattern(text)
                if not pat or (len(pat) == 1 and len(pat[0]) < 2):
                    continue
                entries = by_pattern.setdefault(pat, [])
                if all(e[0] != n for e in entries):
                    entries.append((n, text, how))
        idx: dict[str, list] = {}
        for pat, entries in sorted(by_pattern.items()):
            idx.setdefault(pat[0], []).append((pat, entries))
        for first in idx:
            idx[first].sort(key=lambda pe: (-len(pe[0]), pe[0]))
        return idx

    return rg.derived("need-index", build)


def _pick(rg: RoleGraph, entries: list) -> tuple[str, str, str]:
    """Of the nodes one phrase names, the one that is the strongest evidence."""
    return min(
        entries,
        key=lambda e: (not _role_shares(rg, e[0]), -WEIGHTS[rg.G.nodes[e[0]]["type"]], {"label": 0, "altLabel": 1}.get(e[2], 2), e[0]),
    )


def _main(rg: RoleGraph) -> list[str]:
    return [rg.ids[i] for i in MAIN_ROLES if i in rg.ids]


# ----------------------------------------------------------------- the analysis


def _check_text(text) -> str:
    if not isinstance(text, str):
        raise BadInputError(f"a job description must be text, not {type(text).__name__}")
    if not text.strip():
        raise BadInputError("empty job description: paste the text, or give --file PATH")
    if len(text) > MAX_TEXT_CHARS:
        raise BadInputError(f"text is {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,} (a job description, not a document)")
    return text


def _is_abbreviation_miss(label: str, surface: str) -> bool:
    """Short all-capital labels ("DL", "HF", "BQ") match only capitalised text."""
    letters = label.replace("&", "")
    return len(letters) <= 3 and letters.isupper() and surface == surface.lower()


def _share_ranges(text: str, segs: list[Segment], matched_at: set[int]) -> list[dict]:
    """Where each stated share applies: its section, its part of a sentence, its sentence, line or paragraph."""
    ranges = []
    for k, seg in enumerate(segs):
        if not seg.shares:
            continue
        percents = [sh for sh in seg.shares if sh[3].rstrip("+").endswith("%")]
        if seg.heading:
            end = next((s.start for s in segs[k + 1 :] if s.section != seg.section), len(text))
            _a, _b, f, phrase = seg.shares[0]
            ranges.append({"start": seg.start, "end": end, "factor": f, "phrase": phrase, "applies_to": "section"})
        elif len(percents) >= 2:
            for i, (a, _b, f, phrase) in enumerate(percents):
                end = percents[i + 1][0] if i + 1 < len(percents) else seg.end
                ranges.append({"start": a, "end": end, "factor": f, "phrase": phrase, "applies_to": "clause"})
        else:
            _a, _b, f, phrase = seg.shares[0]
            line_start = text.rfind("\n", 0, seg.start) + 1
            line_end = text.find("\n", seg.end)
            line_end = len(text) if line_end < 0 else line_end
            para = [s for s in segs if s.paragraph == seg.paragraph and s.section == seg.section]
            for lo, hi, what in (
                (seg.start, seg.end, "sentence"),
                (line_start, line_end, "line"),
                (para[0].start, para[-1].end, "paragraph"),
            ):
                if any(lo <= p < hi for p in matched_at) or what == "paragraph":
                    ranges.append({"start": lo, "end": hi, "factor": f, "phrase": phrase, "applies_to": what})
                    break
    return ranges


def need(rg: RoleGraph, text: str) -> dict:
    """Rank the roles a job description calls for, with evidence, flags and advice.

    Returns
    -------
    dict
        ``ranking`` [{``id``, ``label``, ``score``, ``share``, ``deep``, ``evidence``}] best first;
        ``flags``; ``advice`` (text) and ``advice_items`` (each with its node and sources);
        ``title`` {``text``, ``role``}; ``evidence`` (every match, in text order, with its
        character ``span``, ``node``, ``weight`` per role, ``sources``); ``negated``; ``shares``.

    Raises
    ------
    BadInputError
        The text is empty, not text, or longer than ``MAX_TEXT_CHARS``.
    """
    text = _check_text(text)
    segs = segments(text)
    tokens = tokenize(text)
    idx = _index(rg)
    matches = find_phrases(text, tokens, idx, rg.derived("need-pairs", lambda: pair_index(idx)))
    scopes = negation_scopes(text, segs)
    matched_at = set()
    items = []
    for m in matches:
        node, label, how = _pick(rg, m["payload"])
        surface = text[m["start"] : m["end"]]
        if len(m["pattern"]) == 1 and _is_abbreviation_miss(label, surface):
            continue
        seg = next((s for s in segs if s.start <= m["start"] < s.end), None)
        scope = next((s for s in scopes if s["start"] <= m["start"] < s["end"]), None)
        items.append({"m": m, "node": node, "label": label, "how": how, "seg": seg, "scope": scope, "surface": surface})
        if scope is None and seg is not None and seg.kind == "work":
            matched_at.add(m["start"])
    ranges = _share_ranges(text, segs, matched_at)
    return _answer(rg, text, items, ranges)


def _answer(rg: RoleGraph, text: str, items: list[dict], ranges: list[dict]) -> dict:
    roles = rg.of_type("role")
    best: dict[str, tuple[float, int]] = {}  # node → (weight, item index) of its strongest occurrence
    evidence = []
    negated = []
    for k, it in enumerate(items):
        n, m, seg = it["node"], it["m"], it["seg"]
        d = rg.G.nodes[n]
        base = WEIGHTS[d["type"]]
        if len(m["pattern"]) == 1:
            base = min(base, ONE_WORD_CAP)
        kind = seg.kind if seg else "work"
        factor = KIND_FACTOR[kind]
        w = 0.0 if it["scope"] else base * factor
        item = {
            "phrase": it["surface"],
            "span": [m["start"], m["end"]],
            "node": rg.ref(n),
            "matched": {"label": it["label"], "how": it["how"]},
            "passage": kind,
            "base": base,
            "factor": factor,
            "weight": round(w, 3),
            "counted": False,
            "roles": {rg.G.nodes[r]["id"]: round(s, 3) for r, s in _role_shares(rg, n).items()},
            "sources": source_refs(rg, label_sources(rg, n, it["label"])),  # the statement naming the node so
        }
        if it["scope"]:
            item["negated_by"] = {"cue": it["scope"]["cue"], "span": [it["scope"]["start"], it["scope"]["end"]]}
            negated.append(item)
        evidence.append(item)
        if w > 0 and (n not in best or w > best[n][0]):
            best[n] = (w, k)
    raw = {r: 0.0 for r in roles}
    per_role: dict[str, list] = {r: [] for r in roles}
    own: dict[str, float] = {r: 0.0 for r in roles}  # base weight of counted nodes mostly the role's
    for n, (w, k) in best.items():
        evidence[k]["counted"] = True
        for r, s in _role_shares(rg, n).items():
            if r not in raw:
                continue
            raw[r] += w * s
            if s > 0.5:
                own[r] += evidence[k]["base"]
            per_role[r].append({**_slim(evidence[k]), "weight": round(w * s, 3)})
    factors = _role_factors(rg, evidence, ranges)
    scores = {r: raw[r] * factors.get(r, 1.0) for r in roles}
    deep = _deep_roles(rg, raw, own)
    return _verdict(rg, _title(rg, text), scores, raw, factors, per_role, deep, evidence, negated, ranges)


def _role_factors(rg: RoleGraph, evidence: list[dict], ranges: list[dict]) -> dict[str, float]:
    """Give each stated share to the role whose evidence dominates the passage it covers.

    A role named by several shares gets their average. Sets ``ranges[i]["role"]``.
    """
    main = _main(rg)
    got: dict[str, list[float]] = {}
    for rng in ranges:
        weight = {r: 0.0 for r in main}
        for e in evidence:
            if e["weight"] > 0 and rng["start"] <= e["span"][0] < rng["end"]:
                for rid, s in e["roles"].items():
                    iri = rg.ids.get(rid)
                    if iri in weight:
                        weight[iri] += e["weight"] * s
        top = max(main, key=lambda r: (weight[r], -main.index(r))) if main else None
        if top is None or weight[top] <= 0:
            rng["role"] = None
            continue
        rng["role"] = rg.G.nodes[top]["id"]
        got.setdefault(top, []).append(rng["factor"])
    return {r: sum(fs) / len(fs) for r, fs in got.items()}


def _slim(e: dict) -> dict:
    return {key: e[key] for key in ("phrase", "span", "node", "weight", "sources", "passage", "factor")}


def _deep_roles(rg: RoleGraph, scores: dict[str, float], own: dict[str, float]) -> list[str]:
    main = _main(rg)
    top = max((scores[r] for r in main), default=0.0)
    return [r for r in main if top > 0 and scores[r] >= DEPTH_ABS and scores[r] >= DEPTH_REL * top and own[r] >= DEPTH_OWN]


def _ranked(rg: RoleGraph, r: str, scores, raw, factors, total, deep, per_role) -> dict:
    d = rg.G._node[r]
    if not per_role[r] and not raw[r] and r not in factors:  # most roles once ESCO is loaded: no evidence at all
        return {"id": d["id"], "label": d["label"], "score": 0.0, "raw_score": 0.0, "stated_share_factor": 1.0, "share": 0.0,
                "deep": r in deep, "evidence": []}  # fmt: skip
    return {
        "id": d["id"],
        "label": d["label"],
        "score": round(scores[r], 2),
        "raw_score": round(raw[r], 2),
        "stated_share_factor": round(factors.get(r, 1.0), 3),
        "share": round(scores[r] / total, 3) if total else 0.0,
        "deep": r in deep,
        "evidence": sorted(per_role[r], key=lambda e: (-e["weight"], e["span"][0] if e["span"] else 0)),
    }


def _verdict(rg, title, scores, raw, factors, per_role, deep, evidence, negated, ranges) -> dict:
    nodes = rg.G.nodes
    # by score, then spectrum and id; the roles scoring nothing (thousands once ESCO is loaded) in an order made once
    rounded = {r: v for r, v in ((r, round(x, 6)) for r, x in scores.items() if x) if v}
    ranking = sorted(rounded, key=lambda r: (-rounded[r], nodes[r]["spectrum"] or 99, nodes[r]["id"]))
    rest = rg.derived("need-role-order", lambda: sorted(rg.of_type("role"), key=lambda r: (nodes[r]["spectrum"] or 99, nodes[r]["id"])))
    ranking += [r for r in rest if r in scores and r not in rounded]
    total = sum(scores.values())
    flags = []
    if len(deep) == 3:
        flags.append("spans-all-three")
    elif len(deep) == 2:
        flags.append("two-roles")
    title_text, title_role = title
    top = ranking[0] if ranking and scores[ranking[0]] > 0 else None
    if title_role in _main(rg) and top and title_role != top:
        flags.append("mis-hire-risk")
    advice_items = _advice(rg, ranking, scores, deep, flags, title_role)
    return {
        "ranking": [_ranked(rg, r, scores, raw, factors, total, deep, per_role) for r in ranking],
        "flags": flags,
        "advice": " ".join(a["text"] for a in advice_items),
        "advice_items": advice_items,
        "title": {"text": title_text, "role": rg.G.nodes[title_role]["id"] if title_role else None},
        "evidence": evidence,
        "negated": negated,
        "shares": ranges,
    }


# ----------------------------------------------------------------- for display


def highlight(text: str, answer: dict) -> list[dict]:
    """The text cut into pieces for display: plain runs and matched phrases, in order.

    Each piece: ``{"text", "kind"}`` with kind ``plain``, ``evidence`` (counted),
    ``repeat`` (a node already counted elsewhere) or ``negated``; matched pieces add
    ``node`` {id, label, type}, ``role`` (the role that gets most of it, or None) and
    ``weight``. Joining the pieces' text gives back ``text``.

    >>> from rolegraph import load
    >>> t = "Build dbt models; no model training."
    >>> [(p["text"], p["kind"]) for p in highlight(t, need(load(), t))]
    [('Build ', 'plain'), ('dbt models', 'evidence'), ('; no ', 'plain'), ('model training', 'negated'), ('.', 'plain')]
    """
    pieces, pos = [], 0
    for e in sorted((e for e in answer["evidence"] if e.get("span")), key=lambda e: e["span"][0]):
        start, end = e["span"]
        if start < pos:
            continue
        if start > pos:
            pieces.append({"text": text[pos:start], "kind": "plain"})
        kind = "negated" if "negated_by" in e else "evidence" if e["counted"] else "repeat"
        role = max(e["roles"], key=lambda r: (e["roles"][r], r)) if e["roles"] else None
        pieces.append({"text": text[start:end], "kind": kind, "node": e["node"], "role": role, "weight": e["weight"]})
        pos = end
    if pos < len(text):
        pieces.append({"text": text[pos:], "kind": "plain"})
    return pieces


# ----------------------------------------------------------------- the title


def _title(rg: RoleGraph, text: str) -> tuple[str, str | None]:
    """The title line (first line, up to its first sentence end) and the one role it names, if exactly one."""
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    for stop in (". ", " — ", " – ", " - "):
        if stop in first[:120]:
            first = first[: first.index(stop)] if stop == ". " or len(first) > 80 else first
    first = first[:120]
    toks = [t.stem for t in tokenize(first)]
    found = set()
    patterns = _title_patterns(rg)
    for word in set(toks):
        for r, pat in patterns.get(word, ()):
            if pat[-1] == "engineer" and len(pat) > 1:
                # "AI/ML Engineer", "Applied ML Engineer": the role's words within three words before "engineer"
                prefix = pat[:-1]
                for k, s in enumerate(toks):
                    if s == "engineer":
                        window = toks[max(0, k - 3 - len(prefix) + 1) : k]
                        if _contains(window, prefix):
                            found.add(r)
            elif _contains(toks, pat):
                found.add(r)
    return first, (next(iter(found)) if len(found) == 1 else None)


def _title_patterns(rg: RoleGraph) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """Every role name's stems, filed under the word a title must contain for it to match
    ("engineer" for "... engineer" names, else the first word): with ESCO loaded that is
    33,000 names, too many to tokenize for every job description."""

    def build():
        table: dict[str, list] = {}
        for r in rg.of_type("role"):
            d = rg.G.nodes[r]
            for name in [d["label"], *d["alt"]]:
                pat = tuple(t.stem for t in tokenize(name))
                if pat:
                    key = "engineer" if pat[-1] == "engineer" and len(pat) > 1 else pat[0]
                    table.setdefault(key, []).append((r, pat))
        return table

    return rg.derived("need-title-patterns", build)


def _contains(seq: list[str], pat: tuple[str, ...]) -> bool:
    return any(tuple(seq[i : i + len(pat)]) == pat for i in range(len(seq) - len(pat) + 1))


# ----------------------------------------------------------------- advice


def _advice_item(rg: RoleGraph, text: str, node: str | None) -> dict:
    if node is None:
        return {"text": text, "node": None, "sources": []}
    return {"text": text, "node": rg.ref(node), "sources": source_refs(rg, rg.G.nodes[node]["sources"])}


def _mishire(rg: RoleGraph, hired: str | None, needed: set[str]) -> str | None:
    for m in rg.of_type("mis_hire"):
        h = set(rg.out(m, "hiredRole"))
        nr = set(rg.out(m, "neededRole"))
        if (hired in h if hired else not h) and nr == needed:
            return m
    return None


def _name(label: str) -> str:
    """A label inside a sentence: "Data engineer" → "data engineer", "ML engineer" stays."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def _article(name: str) -> str:
    """'a' or 'an' by sound: an AI engineer, an ML engineer, a data engineer."""
    if name[:2].isupper():
        return "an" if name[0] in "AEFHILMNORSX" else "a"
    return "an" if name[:1].lower() in "aeiou" else "a"


def _advice(rg, ranking, scores, deep, flags, title_role) -> list[dict]:
    if not ranking or scores[ranking[0]] == 0:
        return [_advice_item(rg, "The text names no work rolegraph knows; describe the deliverables, skills or tools the job needs.", None)]
    top = ranking[0]
    out = []

    def label(r: str) -> str:
        return _name(rg.G.nodes[r]["label"])

    if "spans-all-three" in flags:
        m = _mishire(rg, None, set(_main(rg)))
        second = scores[ranking[1]] if len(ranking) > 1 else 0.0
        lead = f"Most of the work here is {label(top)} work, so start there. " if scores[top] >= 1.25 * second else ""
        out.append(
            _advice_item(
                rg,
                "This asks for three separate senior roles (data, ML and AI engineering) in one person. Split it into "
                f"three postings. {lead}Solve the data layer before building AI on it; most product companies need an "
                "AI engineer first for the product work; hire an ML engineer only for custom model training, "
                "fine-tuning or GPU-level serving.",
                m,
            )
        )
        if m:
            out.append(_advice_item(rg, rg.G.nodes[m]["consequence"][0] if rg.G.nodes[m]["consequence"] else "", m))
    elif "two-roles" in flags:
        second = next(r for r in deep if r != top)
        out.append(
            _advice_item(
                rg,
                f"This spans two roles: mostly {label(top)} work, with real {label(second)} work beside it. "
                "One person can cover both at a small company; at scale, split it into two postings.",
                None,
            )
        )
    else:
        out.append(_advice_item(rg, f"Hire {_article(label(top))} {label(top)}.", top))
    if "mis-hire-risk" in flags and title_role:
        m = _mishire(rg, title_role, {top})
        out.append(
            _advice_item(
                rg,
                f"The title says {label(title_role)}, but the work is mostly {label(top)} work: retitle the posting.",
                m,
            )
        )
        if m and rg.G.nodes[m]["consequence"]:
            out.append(_advice_item(rg, rg.G.nodes[m]["consequence"][0], m))
    if "spans-all-three" not in flags:  # one role's advice would read as picking a side of the split
        for a in rg.G.nodes[top]["advice"][:1]:
            out.append(_advice_item(rg, a, top))
    return [a for a in out if a["text"]]


# ----------------------------------------------------------------- a checklist of needs


def signal_checklist(rg: RoleGraph) -> list[dict]:
    """The need signals to offer as a checklist, in the article's order, grouped by the roles they point at.

    Each: ``{"id", "label", "definition", "roles": [role ids], "sources"}``.

    >>> from rolegraph import load
    >>> signal_checklist(load())[0]["roles"]
    ['data-engineer']
    """

    def order(s: str):
        d = rg.G.nodes[s]
        roles = sorted(rg.G.nodes[r]["spectrum"] or 99 for r in rg.out(s, "indicates"))
        return (len(roles) > 1, roles, d["order"] if d["order"] is not None else 999, d["label"].casefold(), d["id"])

    out = []
    for s in sorted(rg.of_type("need_signal"), key=order):
        d = rg.G.nodes[s]
        roles = sorted(rg.out(s, "indicates"), key=lambda r: (rg.G.nodes[r]["spectrum"] or 99, rg.G.nodes[r]["id"]))
        out.append(
            {
                "id": d["id"],
                "label": d["label"],
                "definition": d["definition"],
                "roles": [rg.G.nodes[r]["id"] for r in roles],
                "sources": source_refs(rg, d["sources"]),
            }
        )
    return out


def need_from_signals(rg: RoleGraph, signal_ids: Iterable[str]) -> dict:
    """The same answer as :func:`need`, from a checklist of need signals instead of text.

    Each ticked signal gives its weight (3) to the roles it indicates.

    >>> from rolegraph import load
    >>> r = need_from_signals(load(), ["need-aie-rigorous-evaluation", "need-aie-agent-system"])
    >>> r["ranking"][0]["id"], r["flags"]
    ('ai-engineer', [])

    Raises
    ------
    BadInputError
        No signal given.
    UnknownNameError
        An id names no need signal; the error lists the closest.
    """
    ids = list(signal_ids) if not isinstance(signal_ids, str) else [signal_ids]
    if not ids:
        some = ", ".join(x["id"] for x in signal_checklist(rg)[:3])
        raise BadInputError(f"tick at least one need signal, by id (e.g. {some})")
    signals = {rg.G.nodes[s]["id"]: s for s in rg.of_type("need_signal")}
    chosen = []
    for sid in ids:
        iri = signals.get(sid) or (sid if sid in rg.G and rg.G.nodes[sid]["type"] == "need_signal" else None)
        if iri is None:
            from .resolve import candidates

            close = [c for c in candidates(rg, sid, types={"need_signal"}, limit=5)] if str(sid).strip() else []
            raise UnknownNameError(str(sid), [{"id": c["id"], "label": c["label"], "type": c["type"]} for c in close], "need signal")
        if iri not in chosen:
            chosen.append(iri)
    roles = rg.of_type("role")
    scores = {r: 0.0 for r in roles}
    per_role: dict[str, list] = {r: [] for r in roles}
    evidence = []
    for s in chosen:
        d = rg.G.nodes[s]
        shares = _role_shares(rg, s)
        w = WEIGHTS["need_signal"]
        item = {
            "phrase": d["label"],
            "span": None,
            "node": rg.ref(s),
            "matched": {"label": d["label"], "how": "checklist"},
            "passage": "checklist",
            "base": w,
            "factor": 1.0,
            "weight": w,
            "counted": True,
            "roles": {rg.G.nodes[r]["id"]: round(v, 3) for r, v in shares.items()},
            "sources": source_refs(rg, d["sources"]),
        }
        evidence.append(item)
        for r, v in shares.items():
            scores[r] += w * v
            per_role[r].append({**_slim(item), "weight": round(w * v, 3)})
    # a ticked signal is a deliberate statement: any role a ticked signal points at, near enough the top, is needed
    main = _main(rg)
    top = max((scores[r] for r in main), default=0.0)
    deep = [r for r in main if scores[r] > 0 and scores[r] >= DEPTH_REL * top]
    return _verdict(rg, ("", None), scores, dict(scores), {}, per_role, deep, evidence, [], [])
