"""Which role does a job description call for? Evidence, flags and advice.

The text is read by :mod:`rolegraph.textmatch` (sections, sentences, negation and
other teams' work) and :mod:`rolegraph.sense` (word sense from neighbours); every phrase
that names a need signal, deliverable, skill or tool of the graph becomes a piece of
evidence (and, if asked, :mod:`rolegraph.meaning` matches statements by meaning).
Each piece hands its weight to the roles that own the node it names; the roles are
ranked by the sum; :mod:`rolegraph.need_advice` words the advice. The README's "How the
score is computed" states the rule exactly; in short::

    weight   = TYPE_WEIGHT[node type]        (need signal 3, deliverable 2, skill 1, tool 0.5;
                                             a one-word match counts at most 1)
             x passage factor                (work 1, nice-to-have 0.5, about the company 0.2,
                                             benefits and legal 0)
    raw[r]  += weight x share of role r in the node's ownership
               (each node counts once, at its best occurrence; ruled-out work and
               other teams' work count 0)
    score[r] = raw[r] x stated-share factor  ("most of the role" 1.5, "a third" 0.85, "60%" 60/40 ...,
                                             given to the role whose evidence fills that passage)
    deep     = enough distinct duty statements for r (2, or a quarter of the text's),
               raw >= 20% of the top raw                  → flags

Every answer is plain data: the app renders it, the CLI prints it.

>>> from rolegraph import load
>>> r = need(load(), "Build our RAG pipeline and LLM evals; no model training involved.")
>>> r["ranking"][0]["id"], r["flags"]
('ai-engineer', [])
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from . import meaning as _meaning
from . import sense
from .answers import owners as _owners
from .answers import source_refs, zone_neighbours
from .domain import ARTICLE_ROLES
from .errors import BadInputError, UnknownNameError
from .limits import ENV, limits
from .namespace import INSTANCE_BASE
from .need_advice import advice
from .project import RoleGraph
from .provenance import label_sources, name_statements
from .textmatch import KIND_FACTOR, Segment, find_phrases, negation_scopes, pair_index, pattern, segments, stem, tokenize

__all__ = [
    "CENTRAL_DUTY",
    "DEPTH_DUTIES",
    "DEPTH_DUTY_SHARE",
    "DEPTH_REL",
    "DUTY_MIN",
    "DUTY_SHARE",
    "LEVEL_SHARE",
    "MAIN_ROLES",
    "MEANING_CAP",
    "MEANING_DEFAULT",
    "MIN_ESSENTIAL",
    "MISHIRE_GAP",
    "ONE_WORD_CAP",
    "OWNED_STACK_MIN",
    "OWNED_STACK_SHARE",
    "SOFT_REQUIREMENT_FACTOR",
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
#: The three roles whose mix the flags describe (the article's spectrum): the domain model's.
MAIN_ROLES = ARTICLE_ROLES
#: A role is called for at depth with this many distinct duty statements ...
DEPTH_DUTIES = 2
#: ... or when its duties are this fraction of all the text's duty statements (a short text) ...
DEPTH_DUTY_SHARE = 0.25
#: ... and its weight is at least this fraction of the top role's.
DEPTH_REL = 0.2
#: A statement is a duty of a role when the role's weight in it (tools aside) reaches this ...
DUTY_MIN = 0.75
#: ... and this fraction of the statement's weight.
DUTY_SHARE = 0.35
#: A statement listing at least this much tool weight of one role (three tools) ...
OWNED_STACK_MIN = 1.5
#: ... that is at least this fraction of its tools, with an ownership cue, is that role's central responsibility.
OWNED_STACK_SHARE = 0.6
#: What "understand", "familiarity with", "knowledge of" put before a phrase leaves of its weight.
SOFT_REQUIREMENT_FACTOR = 0.5
#: The title's role is a mis-hire risk when its score is below this fraction of the top role's.
MISHIRE_GAP = 0.7
#: A duty statement whose weight for one role reaches this is a central responsibility (counts as two duties).
CENTRAL_DUTY = 4.0
#: A match by meaning counts at most this much.
MEANING_CAP = 1.0
#: Whether need() matches by meaning when not told (only where it helped on the held-out postings).
MEANING_DEFAULT = False
#: A taxonomy occupation is ranked (with ``occupations=True``) only with this many matched essential skills.
MIN_ESSENTIAL = 3


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
    # a skill or tool on one side of an overlap zone is that side's role's work, not its zone neighbour's
    # (a deliverable stays shared: the zone is where both roles meet over it, as "fine-tuning pipelines")
    for r in zone_neighbours(rg, n) if rg.G.nodes[n]["type"] in _SIDE_KINDS else ():
        if levels.get(r) == "shared":
            del levels[r]
    if not levels:
        levels = _fallback_owners(rg, n)
    raw = {r: LEVEL_SHARE.get(lvl, 0.3) for r, lvl in levels.items()}
    total = sum(raw.values())
    return {r: v / total for r, v in sorted(raw.items())} if total else {}


#: The node kinds need gives only to the role whose side of an overlap zone covers them (:func:`_shares`).
_SIDE_KINDS = frozenset({"skill", "tool"})


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


class _Cover:
    """Which of some ranges (``{"start", "end", ...}``) covers a position, for positions asked in increasing order.

    One sweep over the ranges sorted by start: the range reaching furthest among those begun so far
    covers the position if any does (linear overall, where a scan per position is quadratic).
    """

    def __init__(self, ranges: list[dict]):
        self.ranges = sorted(ranges, key=lambda r: (r["start"], r["end"]))
        self.k = 0
        self.best: dict | None = None

    def at(self, pos: int) -> dict | None:
        while self.k < len(self.ranges) and self.ranges[self.k]["start"] <= pos:
            r = self.ranges[self.k]
            if self.best is None or r["end"] > self.best["end"]:
                self.best = r
            self.k += 1
        return self.best if self.best is not None and self.best["end"] > pos else None


def _check_text(text) -> str:
    if not isinstance(text, str):
        raise BadInputError(f"a job description must be text, not {type(text).__name__}")
    if not text.strip():
        raise BadInputError("empty job description: paste the text, or give --file PATH")
    most = limits().max_text_chars
    if len(text) > most:
        raise BadInputError(
            f"text is {len(text):,} characters; the limit is {most:,} "
            f"(a job description, not a document; set {ENV['max_text_chars']} to allow more)"
        )
    return text


def _is_abbreviation_miss(label: str, surface: str) -> bool:
    """Short all-capital labels ("DL", "HF", "BQ") match only capitalised text."""
    letters = label.replace("&", "")
    return len(letters) <= 3 and letters.isupper() and surface == surface.lower()


def _share_ranges(text: str, segs: list[Segment], matched_at: set[int]) -> list[dict]:
    """Where each stated share applies: its section, its part of a sentence, its sentence, line or paragraph."""
    ranges = []
    section_end: dict[int, int] = {}  # section → where the next section starts
    para_span: dict[tuple[int, int], tuple[int, int]] = {}
    for k, seg in enumerate(segs):
        if k and segs[k - 1].section != seg.section:
            section_end.setdefault(segs[k - 1].section, seg.start)
        lo, _hi = para_span.get((seg.paragraph, seg.section), (seg.start, seg.end))
        para_span[(seg.paragraph, seg.section)] = (lo, seg.end)
    at = sorted(matched_at)

    def matched_within(lo: int, hi: int) -> bool:
        k = bisect.bisect_left(at, lo)
        return k < len(at) and at[k] < hi

    for seg in segs:
        if not seg.shares:
            continue
        percents = [sh for sh in seg.shares if sh[3].rstrip("+").endswith("%")]
        if seg.heading:
            end = section_end.get(seg.section, len(text))
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
            p_lo, p_hi = para_span[(seg.paragraph, seg.section)]
            for lo, hi, what in (
                (seg.start, seg.end, "sentence"),
                (line_start, line_end, "line"),
                (p_lo, p_hi, "paragraph"),
            ):
                if matched_within(lo, hi) or what == "paragraph":
                    ranges.append({"start": lo, "end": hi, "factor": f, "phrase": phrase, "applies_to": what})
                    break
    return ranges


def need(rg: RoleGraph, text: str, *, meaning: bool | None = None, occupations: bool = False) -> dict:
    """Rank the roles a job description calls for, with evidence, flags and advice.

    Parameters
    ----------
    meaning
        Also match, by meaning (:mod:`rolegraph.meaning`), the duty statements that name no
        known term. ``None`` uses ``MEANING_DEFAULT`` (and only if the model is installed).
    occupations
        Also rank taxonomy occupations (ESCO, O*NET), each only with at least
        ``MIN_ESSENTIAL`` matched essential skills. By default only rolegraph's own roles.

    Returns
    -------
    dict
        ``ranking`` [{``id``, ``label``, ``score``, ``share``, ``deep``, ``duties``, ``evidence``}] best first;
        ``flags``; ``advice`` (text) and ``advice_items`` (each with its node and sources);
        ``title`` {``text``, ``role``}; ``evidence`` (every match, in text order, with its
        character ``span``, ``node``, ``weight`` per role, ``sources``, ``citations``); ``negated``
        (ruled out, each with ``negated_by`` naming the words); ``context`` (other people's work,
        each with ``context`` naming the words); ``shares``.

    Raises
    ------
    BadInputError
        The text is empty, not text, or longer than ``ROLEGRAPH_MAX_TEXT_CHARS`` allows.
    """
    text = _check_text(text)
    if meaning not in (None, True, False) or occupations not in (True, False):
        raise BadInputError(
            f"need(): meaning must be True, False or None and occupations True or False, not {meaning!r} and {occupations!r}"
        )
    if meaning is None:
        meaning = MEANING_DEFAULT
    segs = segments(text)
    tokens = tokenize(text)
    idx = _index(rg)
    matches = find_phrases(text, tokens, idx, rg.derived("need-pairs", lambda: pair_index(idx)))
    scopes = negation_scopes(text, segs)
    seg_starts = [s.start for s in segs]
    tok_starts = [t.start for t in tokens]
    cover = _Cover(scopes)
    by_id = rg.ids
    matched_at = set()
    items = []
    for m in matches:  # in text order
        node, label, how = _pick(rg, m["payload"])
        surface = text[m["start"] : m["end"]]
        if len(m["pattern"]) == 1 and _is_abbreviation_miss(label, surface):
            continue
        k = bisect.bisect_right(seg_starts, m["start"]) - 1
        seg = segs[k] if k >= 0 and m["start"] < segs[k].end else None
        lo = bisect.bisect_left(tok_starts, seg.start) if seg else 0
        hi = bisect.bisect_left(tok_starts, seg.end) if seg else len(tokens)
        changed, new_id, rule = sense.resolve(rg.G.nodes[node]["id"], tokens, *m["tokens"], (lo, hi))
        if changed:
            if new_id is None or new_id not in by_id:
                continue
            node, label, how = by_id[new_id], rg.G.nodes[by_id[new_id]]["label"], "sense"
        scope = cover.at(m["start"])
        items.append({"m": m, "node": node, "label": label, "how": how, "seg": seg, "scope": scope, "surface": surface, "sense": rule})
        if scope is None and seg is not None and seg.kind == "work":
            matched_at.add(m["start"])
    items = _deployed_models(rg, text, tokens, segs, items, scopes, matched_at)
    if meaning and _meaning.available():
        items = _by_meaning(rg, text, segs, items, scopes)
    ranges = _share_ranges(text, segs, matched_at)
    return _answer(rg, text, segs, items, ranges, occupations)


#: Verbs that put a model into production, and the nouns a trained model goes by ("deploy and maintain the attrition-risk model").
_DEPLOY_VERBS = frozenset(stem(w) for w in "deploy deploys deployed deploying serve serves served productionise productionize".split())
_MODEL_NOUNS = frozenset(stem(w) for w in "model models classifier classifiers forecaster forecasters predictor predictors".split())
#: ... unless the model is a language model or a data model ("deploy features built on large language models", "dbt models"),
#: or what is deployed is something else ("deploy the pipelines that feed the models").
_NOT_TRAINED_MODEL = frozenset(
    stem(w)
    for w in "language llm llms foundation gpt dbt data semantic business hosted api apis pipeline pipelines dag dags service services "
    "app apps application applications infrastructure code dashboard dashboards agent agents job jobs cluster clusters".split()
)
#: The node such a statement names, and how far apart (in words) its verb and noun may stand.
DEPLOYED_MODEL_NODE, DEPLOYED_MODEL_SPAN = "model-serving", 6


def _deployed_models(rg, text: str, tokens, segs: list[Segment], items: list[dict], scopes: list[dict], matched_at: set) -> list[dict]:
    """Add model serving where a statement deploys or serves a trained model that no label named.

    Labels match words in order with at most two between them; *"build, deploy and maintain the
    attrition-risk model"* has four. A deploy verb followed, in the same clause and within
    ``DEPLOYED_MODEL_SPAN`` words, by a model noun not qualified as a language or data model
    names ``DEPLOYED_MODEL_NODE``, once per statement, unless a match there already names serving;
    so does a deployment listed after the models it deploys (*"the fraud models, their features,
    training, deployment and monitoring"*).
    """
    node = rg.ids.get(DEPLOYED_MODEL_NODE)
    if node is None:
        return items
    serving = {node, *(rg.ids[i] for i in ("model-serving-infrastructure",) if i in rg.ids)}
    named = [(it["m"]["start"], it["m"]["end"]) for it in items if it["node"] in serving]
    cover, seg_starts = _Cover(scopes), [sg.start for sg in segs]
    extra, done = [], set()
    for i, t in enumerate(tokens):
        if t.stem not in _DEPLOY_VERBS:
            continue
        k = bisect.bisect_right(seg_starts, t.start) - 1
        seg = segs[k] if k >= 0 and t.start < segs[k].end else None
        if seg is None or seg.start in done or any(a < seg.end and b > seg.start for a, b in named):
            continue
        for j in range(i + 1, min(len(tokens), i + 1 + DEPLOYED_MODEL_SPAN)):
            u = tokens[j]
            if u.start >= seg.end or re.search(r"[,;:.!?()]", text[tokens[j - 1].end : u.start]):
                break
            if u.stem in _NOT_TRAINED_MODEL:
                break
            if u.stem in _MODEL_NOUNS:
                break
        else:
            j = None
        if j is None or tokens[j].stem not in _MODEL_NOUNS:
            j = _listed_models_before(text, tokens, i, seg) if t.text.lower().startswith(("deployment", "serving")) else None
        if j is None:
            continue
        done.add(seg.start)
        a, b = sorted((i, j))
        m = {"start": tokens[a].start, "end": tokens[b].end, "tokens": (a, b), "pattern": (t.stem, tokens[j].stem), "payload": []}
        scope = cover.at(m["start"])
        extra.append({"m": m, "node": node, "label": rg.G.nodes[node]["label"], "how": "verb and object", "seg": seg,
                      "scope": scope, "surface": text[m["start"] : m["end"]], "sense": None})  # fmt: skip
        if scope is None and seg.kind == "work":
            matched_at.add(m["start"])
    return sorted(items + extra, key=lambda it: it["m"]["start"]) if extra else items


def _listed_models_before(text: str, tokens, i: int, seg: Segment) -> int | None:
    """The model noun a listed "deployment" belongs to, within ``DEPLOYED_MODEL_SPAN`` words before it in its sentence."""
    for j in range(i - 1, max(-1, i - 1 - DEPLOYED_MODEL_SPAN), -1):
        u = tokens[j]
        if u.end <= seg.start or re.search(r"[;:.!?()]", text[u.end : tokens[j + 1].start]) or u.stem in _NOT_TRAINED_MODEL:
            return None
        if u.stem in _MODEL_NOUNS:
            return j
    return None


#: A statement with these words talks about roles or titles ("We want an ML Engineer to fix that"), not a duty.
_ROLE_WORDS = frozenset(stem(w) for w in ("engineer", "engineering", "scientist", "developer", "architect", "hire", "role"))


def _by_meaning(rg: RoleGraph, text: str, segs: list[Segment], items: list[dict], scopes: list[dict]) -> list[dict]:
    """Add a match by meaning for each duty statement (work, 5+ words) that matched no known term."""
    hit = set()
    for it in items:
        if it["seg"] is not None:
            hit.add(it["seg"].start)
    cover = _Cover(scopes)
    todo = []
    for seg in segs:
        if seg.kind != "work" or seg.heading or seg.start in hit:
            continue
        statement = text[seg.start : seg.end].strip()
        if len(statement.split()) >= 5 and cover.at(seg.start) is None and not _ROLE_WORDS & {t.stem for t in tokenize(statement)}:
            todo.append(seg)
    found = _meaning.nearest(rg, [text[s.start : s.end].strip() for s in todo])
    extra = []
    for seg, got in zip(todo, found, strict=True):
        if got is None:
            continue
        node, sim = got
        m = {"start": seg.start, "end": seg.end, "tokens": (0, 0), "pattern": ("meaning",), "payload": []}
        extra.append({"m": m, "node": node, "label": rg.G.nodes[node]["label"], "how": "meaning", "seg": seg, "scope": None,
                      "surface": text[seg.start : seg.end], "sense": None, "similarity": round(sim, 3)})  # fmt: skip
    return sorted(items + extra, key=lambda it: it["m"]["start"])


def _answer(rg: RoleGraph, text: str, segs: list[Segment], items: list[dict], ranges: list[dict], occupations: bool) -> dict:
    roles = _ranked_roles(rg, occupations)
    splits = [c.start() for c in _CLAUSE_SPLIT.finditer(text)]  # a sentence can hold several duties
    best: dict[str, tuple[float, int]] = {}  # node → (weight, item index) of its strongest occurrence
    evidence = []
    negated = []
    context = []
    for k, it in enumerate(items):
        n, m, seg = it["node"], it["m"], it["seg"]
        d = rg.G.nodes[n]
        base = WEIGHTS[d["type"]]
        if it["how"] == "meaning":
            base = min(base, MEANING_CAP)
        elif len(m["pattern"]) == 1:
            base = min(base, ONE_WORD_CAP)
        kind = seg.kind if seg else "work"
        factor = KIND_FACTOR[kind]
        requirement = None
        if seg is not None and kind == "work":  # "experience with data pipelines": a requirement supports the work, it is no duty
            k_split = bisect.bisect_right(splits, m["start"]) - 1
            lo = max(seg.start, splits[k_split] if k_split >= 0 else 0, text.rfind(";", seg.start, m["start"]) + 1, m["start"] - 40)
            requirement = _REQUIREMENT.search(text, lo, m["start"])
            if requirement is not None and not requirement.group(0).lower().startswith("experience"):
                factor *= SOFT_REQUIREMENT_FACTOR  # "understand", "familiarity with": knowing of it, not doing it
            elif requirement is None and d["type"] != "tool":  # "Requirements: ...": no duty, full weight (its tools still
                requirement = _REQUIREMENT_LABEL.match(text, seg.start, m["start"])  # make one role's tool duty, if mostly its)
            if requirement is None:  # "now and then we may fine-tune ..., but that is rare": occasional work, no duty
                after = min(seg.end, m["end"] + _RARE_REACH)  # bounded: a search to the sentence's end per match is quadratic
                requirement = _OCCASIONAL.search(text, lo, m["start"]) or _RARE_AFTER.search(text, m["end"], after)
                if requirement is not None:
                    factor *= SOFT_REQUIREMENT_FACTOR
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
            # the statements (and their sources) that tie the phrase to the node, where known
            "citations": [{**c, "sources": source_refs(rg, c["sources"])} for c in name_statements(rg, n, it["label"])],
        }
        if it.get("sense"):
            item["sense"] = it["sense"]
        if it["how"] == "meaning":
            item["meaning"] = {"statement": it["surface"].strip(), "similarity": it["similarity"]}
        if it["scope"]:
            sc = it["scope"]
            why = {"cue": sc["cue"], "span": [sc["start"], sc["end"]]}
            if sc.get("kind") == "context":
                item["context"] = why
                context.append(item)
            else:
                item["negated_by"] = why
                negated.append(item)
        item["_seg"] = (seg.start, bisect.bisect_right(splits, m["start"])) if seg is not None and kind == "work" else None
        item["_requirement"] = requirement is not None
        evidence.append(item)
        if w > 0 and (n not in best or w > best[n][0]):
            best[n] = (w, k)
    raw = {r: 0.0 for r in roles}
    per_role: dict[str, list] = {r: [] for r in roles}
    essential: dict[str, int] = {}
    for n, (w, k) in best.items():
        evidence[k]["counted"] = True
        for r, s in _role_shares(rg, n).items():
            if r not in raw:
                continue
            raw[r] += w * s
            per_role[r].append({**_slim(evidence[k]), "weight": round(w * s, 3)})
        if occupations and len(items[k]["m"]["pattern"]) >= 2:  # one common word ("lead", "design") is no evidence
            for r in _essential_for(rg, n, items[k]["m"]["payload"]):
                essential[r] = essential.get(r, 0) + 1
    if occupations:  # a taxonomy occupation is ranked only with real evidence
        for r in list(raw):
            if not _is_own_role(r) and essential.get(r, 0) < MIN_ESSENTIAL:
                raw[r] = 0.0
                per_role[r] = []
    duties = _duties(rg, evidence, segs, text)
    factors = _role_factors(rg, evidence, ranges)
    scores = {r: raw[r] * factors.get(r, 1.0) for r in roles}
    deep = _deep_roles(rg, raw, duties, ranges)
    for e in evidence:
        e.pop("_seg", None)
        e.pop("_requirement", None)
    return _verdict(rg, _title(rg, text), scores, raw, factors, per_role, deep, evidence, negated, ranges, duties, context)


#: Where a sentence holding several duties divides ("..., and build the chatbot", "as well as",
#: "..., which includes retraining the model", "..., whose prompts you would own", fragments set apart by " / ", " | ", " · ",
#: a parenthesised list "from raw data (ingestion, warehouse modelling) to trained models (training, serving)").
#: (?<!\s): a whitespace run is tried once, and a lookahead reads at most 200 characters: linear.
_CLAUSE_SPLIT = re.compile(
    r",\s+(?:and|plus|then|as\s+well\s+as)\s+|(?<!\s)\s+as\s+well\s+as\s+|,\s+(?=you(?:'ll|\s+will)\b)|"
    r",\s+(?=(?:train|retrain|build|deploy|ship|run|own|design|develop|create|maintain|serve|fine-tune|integrate|implement|set\s+up|"
    r"publish|monitor|evaluate|package|get|put|move|roll\s+out|add|write|automate)\b)|"
    r",\s+(?=(?:which|whose|where)\s)|(?<!\s)\s+[/|·•]\s+|(?<!\s)\s+\((?=[^)]{0,200},)|\)\s+(?=to\s)",
    re.I,
)


def _essential_for(rg: RoleGraph, n: str, payload: list) -> set[str]:
    """The occupations a matched phrase is an essential skill of: through the node it counted for, every other
    node of the same name, and their close matches in a taxonomy (skos:closeMatch)."""
    named = {n, *(e[0] for e in payload)}
    named |= {m for x in list(named) for m in rg.G.nodes[x].get("matches", ()) if m in rg.G}
    return {r for x in named for r, lvl in _owners(rg, x).items() if lvl == "essential"}


def _is_own_role(r: str) -> bool:
    """rolegraph's own roles (the article's and any a user adds in its namespace), not a taxonomy's occupations."""
    return r.startswith(INSTANCE_BASE)


def _ranked_roles(rg: RoleGraph, occupations: bool) -> list[str]:
    roles = rg.of_type("role")
    return roles if occupations else [r for r in roles if _is_own_role(r)]


def _duties(rg: RoleGraph, evidence: list[dict], segs: list[Segment], text: str = "") -> dict[str, dict]:
    """Per main role, the duty statements (work sentences or bullets) that give it real work.

    A statement is a duty of a role when the role's weight from the statement's deliverables,
    skills and need signals reaches ``DUTY_MIN`` and is at least ``DUTY_SHARE`` of the statement's
    weight. Tools only support a duty: all the statements a role gets only through tools
    together count as at most one duty (a tool list is not several duties), except a stack
    the job holder is told to own ("Stack you will own: Kafka, dbt, Snowflake", "Modelling
    stack, yours to own: ...", "You'll also own the LLM layer: LangChain, ..."): a statement
    whose tools are mostly (``OWNED_STACK_SHARE``) one role's, at least ``OWNED_STACK_MIN`` of
    them, with an ownership cue (``_OWN_CUE``) is that role's central responsibility (two duties,
    and flagged ``owned_stack``).
    """
    main = _main(rg)
    ids = {rg.G.nodes[r]["id"]: r for r in main}
    title_end = _title_line_end(text)
    per_seg: dict[tuple, dict[str, list[float]]] = {}  # (sentence, clause) → role → [work weight, tool weight]
    stack: dict[int, dict[str, float]] = {}  # sentence → role → tool weight (the whole sentence: a stack line may hold clauses)
    for e in evidence:
        if e["_seg"] is None or e["weight"] <= 0 or e["_seg"][0] < title_end:  # the title names the job, it is no duty
            continue
        if e.get("_requirement"):
            continue
        row = per_seg.setdefault(e["_seg"], {r: [0.0, 0.0] for r in main})
        is_tool = e["node"]["type"] == "tool"
        for rid, share in e["roles"].items():
            r = ids.get(rid)
            if r is not None:
                row[r][1 if is_tool else 0] += e["weight"] * share
                if is_tool:
                    tools = stack.setdefault(e["_seg"][0], {})
                    tools[r] = tools.get(r, 0.0) + e["weight"] * share
    out = {r: {"duties": 0.0, "statements": 0, "owned_stack": False, "sentences": 0, "of_sentences": 0} for r in main}
    tool_only = {r: 0.0 for r in main}
    sentences: dict[str, set[int]] = {r: set() for r in main}  # the sentences (or bullets) holding a duty of each role
    for key, row in per_seg.items():
        total = sum(w for w, _t in row.values())
        total_with_tools = sum(w + t for w, t in row.values())
        tools_most = max((t for _w, t in row.values()), default=0.0)
        for r, (w, t) in row.items():
            if w >= DUTY_MIN and w >= DUTY_SHARE * total:
                out[r]["duties"] += 2 if w >= CENTRAL_DUTY else 1  # one statement heavy with a role's work is central
                sentences[r].add(key[0])
            elif w + t >= DUTY_MIN and t >= DUTY_MIN / 2 and w + t >= DUTY_SHARE * total_with_tools and t >= tools_most:
                tool_only[r] = 1.0  # a tool list supports the role whose tools it mostly names ("Python, SQL, Airflow, MLflow")
    seg_end = {s.start: s.end for s in segs}
    owned = 0
    for start, tools in stack.items():
        total = sum(tools.values())
        r = max(tools, key=lambda x: (tools[x], -main.index(x)))
        dedicated = tools[r] >= OWNED_STACK_MIN and tools[r] >= OWNED_STACK_SHARE * total
        if dedicated and _OWN_CUE.search(text[start : seg_end.get(start, start)]):
            if not out[r]["owned_stack"]:
                out[r]["owned_stack"] = True
                out[r]["duties"] += 2
                tool_only[r] = 0.0
                owned += 1
                sentences[r].add(start)
    for r in main:
        out[r]["duties"] += tool_only[r] if out[r]["duties"] < 2 else 0.0
    duty_statements = sum(1 for row in per_seg.values() if any(w >= DUTY_MIN for w, _t in row.values())) + any(tool_only.values()) + owned
    with_duty = set().union(*sentences.values()) if sentences else set()
    for r in main:
        out[r]["statements"] = duty_statements
        out[r]["sentences"], out[r]["of_sentences"] = len(sentences[r]), len(with_duty)
    return out


def _title_line_end(text: str) -> int:
    """Where the title line ends, if the text opens with one ("Engineer (Data, ML & GenAI)"), else 0.

    A title is a first line, followed by more text, of at most 100 characters, neither a bullet
    nor a sentence (it does not end with a full stop).
    """
    stripped = text.lstrip()
    first, sep, rest = stripped.partition("\n")
    line = first.strip()
    if not sep or not rest.strip() or not line or len(line) > 100 or line.endswith(".") or re.match(r"[-*•·\d]", line):
        return 0
    return len(text) - len(stripped) + len(first)


#: Words that make what follows a requirement of knowledge, not a duty ("experience with", "understand the").
_REQUIREMENT = re.compile(
    r"\b(?:experience\s+(?:with|in|of)|familiar(?:ity)?\s+with|knowledge\s+of|understand(?:ing)?(?:\s+of)?|exposure\s+to|"
    r"comfortable\s+with|background\s+in)\b",
    re.I,
)

#: A statement opening with a requirement label ("Requirements: ...", "You have: Python, SQL, Spark") lists requirements, not duties.
_REQUIREMENT_LABEL = re.compile(
    r"\W*(?:requirements|must[- ]haves?|you\s+have|you\s+bring|what\s+you\s+bring|qualifications|skills)\s*:", re.I
)

#: Words that make what follows occasional work, not a duty ("now and then we may fine-tune", "we sometimes fine-tune").
_OCCASIONAL = re.compile(
    r"\b(?:now\s+and\s+then|occasionally|occasional|sometimes|rarely|from\s+time\s+to\s+time|once\s+in\s+a\s+while|the\s+odd)\b", re.I
)
#: ... or that follow it in its sentence ("..., but that is rare").
_RARE_REACH = 120
_RARE_AFTER = re.compile(r"\b(?:that|this|it)(?:'s|\s+is)\s+(?:rare|occasional|the\s+exception)\b", re.I)

#: The job holder is told to own what a statement lists ("Stack you will own:", "yours to own", "You'll also own the LLM layer:").
_OWN_CUE = re.compile(
    r"\byou(?:'ll|\s+will|\s+would|\s+are\s+going\s+to)?(?:\s+\w+)?\s+(?:own|run|operate|maintain|be\s+responsible\s+for)\b"
    r"|\byours\b|\bowned\s+by\s+you\b|\byou\s+are\s+responsible\s+for\b|^\W*own\b",
    re.I | re.M,
)


def _role_factors(rg: RoleGraph, evidence: list[dict], ranges: list[dict]) -> dict[str, float]:
    """Give each stated share to the role whose evidence dominates the passage it covers.

    A role named by several shares gets their average. Sets ``ranges[i]["role"]``.
    """
    main = _main(rg)
    got: dict[str, list[float]] = {}
    counted = sorted((e for e in evidence if e["weight"] > 0 and e["span"]), key=lambda e: e["span"][0])
    starts = [e["span"][0] for e in counted]
    ids = {r: rg.G.nodes[r]["id"] for r in main}
    prefix = {r: [0.0] for r in main}  # running sums per role: a range's weight in two look-ups, however long the range
    for e in counted:
        for r in main:
            prefix[r].append(prefix[r][-1] + e["weight"] * e["roles"].get(ids[r], 0.0))
    for rng in ranges:
        lo, hi = bisect.bisect_left(starts, rng["start"]), bisect.bisect_left(starts, rng["end"])
        weight = {r: prefix[r][hi] - prefix[r][lo] for r in main}
        top = max(main, key=lambda r: (weight[r], -main.index(r))) if main else None
        if top is None or weight[top] <= 0:
            rng["role"] = None
            continue
        rng["role"] = rg.G.nodes[top]["id"]
        got.setdefault(top, []).append(rng["factor"])
    return {r: sum(fs) / len(fs) for r, fs in got.items()}


def _slim(e: dict) -> dict:
    return {key: e[key] for key in ("phrase", "span", "node", "weight", "sources", "passage", "factor")}


#: A stated share that makes the passage it covers a central responsibility ("a third of the job", "about half", "30%").
_MAJOR_SHARE = re.compile(r"\b(?:third|half|most|primary|main|top\s+priority)\b", re.I)


def _is_major_share(phrase: str) -> bool:
    percent = re.search(r"(\d{1,3})\s*%", phrase)
    return int(percent.group(1)) >= 100 * DEPTH_DUTY_SHARE if percent else _MAJOR_SHARE.search(phrase) is not None


def _deep_roles(rg: RoleGraph, raw: dict[str, float], duties: dict[str, dict], ranges: list[dict] | None = None) -> list[str]:
    """The main roles the text gives real work: several distinct duties, or one that is a fair part of a short text.

    A role is called for at depth when its duty statements reach ``DEPTH_DUTIES``, or
    ``DEPTH_DUTY_SHARE`` of all the text's duty statements, or when the text states that a
    passage holding one of its duties is a fair part of the job (*"a third of the job"*,
    *"about half"*, *"30%"*: one central responsibility); and its weight is at least
    ``DEPTH_REL`` of the top role's (a role mentioned in passing in a long text is not).
    """
    main = _main(rg)
    top = max((raw[r] for r in main), default=0.0)
    stated = {rng["role"] for rng in ranges or () if rng.get("role") and _is_major_share(rng["phrase"])}
    deep = []
    for r in main:
        d = duties[r]["duties"]
        if d >= 1 and rg.G.nodes[r]["id"] in stated:
            d = max(d, DEPTH_DUTIES)  # the text itself says this work is a fair part of the job
        n = max(1, duties[r]["statements"])
        rel = DEPTH_REL / 2 if duties[r].get("owned_stack") else DEPTH_REL  # an owned stack is tools: light, but the job's
        # a sentence split into many clauses ("you'll train it, ship it and retrain it") must not shrink the other roles' share
        sentence_share = duties[r].get("sentences", 0) / max(1, duties[r].get("of_sentences", 0))
        if top > 0 and raw[r] >= rel * top and d >= 1 and (d >= DEPTH_DUTIES or max(d / n, sentence_share) >= DEPTH_DUTY_SHARE):
            deep.append(r)
    return deep


def _ranked(rg: RoleGraph, r: str, scores, raw, factors, total, deep, per_role, duties) -> dict:
    d = rg.G._node[r]
    n_duties = duties[r]["duties"] if r in duties else 0
    if not per_role[r] and not raw[r] and r not in factors:  # most roles once ESCO is loaded: no evidence at all
        return {"id": d["id"], "label": d["label"], "score": 0.0, "raw_score": 0.0, "stated_share_factor": 1.0, "share": 0.0,
                "deep": r in deep, "duties": n_duties, "evidence": []}  # fmt: skip
    return {
        "duties": n_duties,
        "id": d["id"],
        "label": d["label"],
        "score": round(scores[r], 2),
        "raw_score": round(raw[r], 2),
        "stated_share_factor": round(factors.get(r, 1.0), 3),
        "share": round(scores[r] / total, 3) if total else 0.0,
        "deep": r in deep,
        "evidence": sorted(per_role[r], key=lambda e: (-e["weight"], e["span"][0] if e["span"] else 0)),
    }


def _verdict(rg, title, scores, raw, factors, per_role, deep, evidence, negated, ranges, duties=None, context=None) -> dict:
    duties = duties or {}
    nodes = rg.G.nodes
    # by score, then spectrum and id; the roles scoring nothing (thousands once ESCO is loaded) in an order made once
    rounded = {r: v for r, v in ((r, round(x, 6)) for r, x in scores.items() if x) if v}
    ranking = sorted(rounded, key=lambda r: (-rounded[r], nodes[r]["spectrum"] or 99, nodes[r]["id"]))
    # the roles scoring nothing are listed only if they are rolegraph's own (a taxonomy's thousands are left out)
    rest = rg.derived(
        "need-own-role-order",
        lambda: sorted((r for r in rg.of_type("role") if _is_own_role(r)), key=lambda r: (nodes[r]["spectrum"] or 99, nodes[r]["id"])),
    )
    ranking += [r for r in rest if r in scores and r not in rounded]
    total = sum(scores.values())
    flags = []
    if len(deep) == 3:
        flags.append("spans-all-three")
    elif len(deep) == 2:
        flags.append("two-roles")
    title_text, title_role = title
    top = ranking[0] if ranking and scores[ranking[0]] > 0 else None
    # every role's title counts (data scientist too); a three-in-one posting is a split, not a retitle
    if title_role and _is_own_role(title_role) and top and title_role != top and scores.get(title_role, 0.0) < MISHIRE_GAP * scores[top]:
        flags.append("mis-hire-risk")
    advice_items = advice(rg, ranking, scores, deep, flags, title_role, _main(rg), negated, context or [])
    return {
        "ranking": [_ranked(rg, r, scores, raw, factors, total, deep, per_role, duties) for r in ranking],
        "flags": flags,
        "advice": " ".join(a["text"] for a in advice_items),
        "advice_items": advice_items,
        "title": {"text": title_text, "role": rg.G.nodes[title_role]["id"] if title_role else None},
        "evidence": evidence,
        "negated": negated,
        "context": context or [],
        "shares": ranges,
    }


# ----------------------------------------------------------------- for display


def highlight(text: str, answer: dict) -> list[dict]:
    """The text cut into pieces for display: plain runs and matched phrases, in order.

    Each piece: ``{"text", "kind"}`` with kind ``plain``, ``evidence`` (counted),
    ``repeat`` (a node already counted elsewhere), ``negated`` (ruled out) or ``context``
    (another team's work); matched pieces add ``node`` {id, label, type}, ``role`` (the role
    that gets most of it, or None) and ``weight``; ruled-out and context pieces add ``cue``,
    the words that decided it. Joining the pieces' text gives back ``text``.

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
        kind = "negated" if "negated_by" in e else "context" if "context" in e else "evidence" if e["counted"] else "repeat"
        role = max(e["roles"], key=lambda r: (e["roles"][r], r)) if e["roles"] else None
        piece = {"text": text[start:end], "kind": kind, "node": e["node"], "role": role, "weight": e["weight"]}
        if kind in ("negated", "context"):
            piece["cue"] = (e.get("negated_by") or e["context"])["cue"]
        if "meaning" in e:
            piece["similarity"] = e["meaning"]["similarity"]
        pieces.append(piece)
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
