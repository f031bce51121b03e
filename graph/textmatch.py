"""Read job-description text: words with their character spans, phrase matches
against the graph's labels, negation scopes, sections and stated shares.

Everything here is general language handling; nothing knows a particular text.

- :func:`tokenize` splits text into words, each with its stem (a light English
  suffix stripper, so "pipelines", "orchestrating"/"orchestration" and
  "quantised"/"quantization" meet) and its ``(start, end)`` span.
- :func:`find_phrases` finds labels, synonyms and hidden labels of nodes in the
  words: longest match first, label words in order, with at most ``MAX_GAP``
  other words between two of them inside one clause ("training and evaluation
  pipelines" matches "training pipelines").
- :func:`negation_scopes` finds the parts of the text that deny the work ("no
  model training involved", "you won't own ingestion", "owned by the data
  platform team", "... is not required").
- :func:`segments` cuts the text into sentences, paragraphs and sections, tags
  sections that are about the company, the benefits or nice-to-haves, and reads
  stated shares of the job ("most of the role", "about 60%", "a third").

>>> [t.stem for t in tokenize("Orchestrating fine-tuned LLMs")]
['orchestr', 'fine', 'tun', 'llm']
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "GAP_COST",
    "MAX_GAP",
    "Segment",
    "Token",
    "find_phrases",
    "negation_scopes",
    "pair_index",
    "pattern",
    "segments",
    "stem",
    "tokenize",
]

#: Most words (not counting stopwords) allowed between two words of one label when matching it.
MAX_GAP = 2
#: A skipped word costs this much of a matched word when choosing between overlapping matches.
GAP_COST = 0.75

_WORD = re.compile(r"[^\W_]+(?:[+#]+|(?<=[a-z])'(?:s|t)\b)?", re.UNICODE | re.IGNORECASE)
#: Words that carry no meaning in a label ("Fine-tuning pipelines *for* foundation models").
STOPWORDS = frozenset("a an and the of for to in on with by at from as or our your their its into over via per e g i".split())
_EXCEPTIONS = {"kubernetes": "kubernetes", "llms": "llm", "this": "this", "was": "was", "has": "has", "is": "is", "its": "its"}


def stem(word: str) -> str:
    """A light, deterministic English stemmer for matching (not linguistics).

    >>> [stem(w) for w in ["pipelines", "modelling", "modeling", "quantisation", "quantized", "reliability", "reliable"]]
    ['pipelin', 'model', 'model', 'quantis', 'quantis', 'reliabl', 'reliabl']
    >>> [stem(w) for w in ["deployment", "deploying", "queries", "evals", "engineering"]]
    ['deploy', 'deploy', 'query', 'eval', 'engineer']
    """
    w = word.casefold().replace("'", "")
    if w in _EXCEPTIONS:
        return _EXCEPTIONS[w]
    if len(w) <= 3 or not w.isalpha():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "shes", "ches", "xes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suf in ("ing", "ed"):
        if w.endswith(suf) and len(w) - len(suf) >= 3 and re.search(r"[aeiouy]", w[: -len(suf)]):
            w = w[: -len(suf)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouslz":
                w = w[:-1]
            elif len(w) > 4 and w.endswith("ll"):
                w = w[:-1]
            break
    for suf, repl in (("ility", "l"), ("ation", ""), ("ment", ""), ("er", "er")):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            w = w[: -len(suf)] + repl
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    if w.endswith("at") and len(w) > 6:
        w = w[:-2]
    if w.endswith("iz"):
        w = w[:-2] + "is"
    if w.endswith("y") and len(w) > 4 and w[-2] not in "aeiou" and not w.endswith("ly"):
        w = w[:-1] + "y"
    return w


@dataclass(frozen=True)
class Token:
    """One word of the text: its surface form, stem and character span."""

    text: str
    stem: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """The words of ``text`` with spans into the original string."""
    out = []
    for m in _WORD.finditer(text):
        surface = m.group(0)
        word = unicodedata.normalize("NFKC", surface)
        out.append(Token(surface, stem(word), m.start(), m.end()))
    return out


def pattern(label: str) -> tuple[str, ...]:
    """The stems a label is matched by: its words without stopwords.

    >>> pattern("Fine-tuning pipelines for foundation models")
    ('fine', 'tun', 'pipelin', 'found', 'model')
    """
    stems = [t.stem for t in tokenize(label)]
    content = tuple(s for s in stems if s not in STOPWORDS)
    return content if len(content) >= min(2, len(stems)) else tuple(stems)


# ----------------------------------------------------------------- segments

# every alternative that starts with whitespace starts only where a whitespace run starts (scanning stays linear)
_SENT_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+|;\s*|\n+|(?<!\s)\s+[•→✅👉]\s*|(?<=\S)\s+—\s+(?=[A-Z])")
_HEADING_MAX_WORDS = 8
_ABOUT = re.compile(
    r"^\s*(about\s+(?!the\s+(role|team|job|position|work)\b|you\b|this\s+role\b)[\w .&'-]+|who\s+we\s+are|why\s+\w+|"
    r"our\s+(story|mission|company)|the\s+company|life\s+at\b.*)\s*:?\s*$",
    re.IGNORECASE,
)
_BENEFITS = re.compile(
    r"^\s*(what\s+we\s+offer|we\s+offer|what\s+you\s+get|benefits|perks|compensation(\s+and\s+benefits)?|salary\b.*|"
    r"rewards|why\s+join\s+us)\s*:?\s*$",
    re.IGNORECASE,
)
_LEGAL = re.compile(r"^\s*(equal\s+opportunit.*|our\s+commitment.*|diversity.*|eeo.*|legal.*)\s*:?\s*$", re.IGNORECASE)
_NICE = re.compile(r"^\s*(nice[\s-]+to[\s-]+have|bonus(\s+points)?|preferred(\s+qualifications)?|desirable|pluses)\b", re.IGNORECASE)
_BENEFITS_LINE = re.compile(r"^\s*(benefits|perks|comp(ensation)?|salary|we offer|what we offer|life at)\b\s*:", re.IGNORECASE)
_LEGAL_LINE = re.compile(
    r"equal opportunit|affirmative action|do not discriminate|without regard to|reasonable accommodation|disability confident|"
    r"we value diversity|we welcome applica|all qualified applicants",
    re.IGNORECASE,
)
#: A sentence describing the company (not the job): counts little, wherever it stands.
_BLURB = re.compile(
    r"^\W*(?:(?i:about\s+us|who\s+we\s+are|the\s+company|our\s+company)\s*:\s*)?(we\s+are\s+(a|an|the|one|proud|leader)|we're\s+(a|an|the)|founded\s+in|"
    r"(?i:we(?:\s+are|'re)?\s+(?:build|building|make|making|develop|developing|sell|selling|provide|providing)\b[^.]*\bfor\s+)|for\s+(over|more\s+than)\s+\w+|"
    r"our\s+(company|mission|customers|clients|research\s+lab)\b|"
    r"[A-Z][\w&.'-]*(\s+[A-Z][\w&.'-]*){0,3}\s+(is|has|was)\s+(a|an|the|one|proud|trusted|recogni[sz]ed|building|leader))",
)
_JOB_WORDS = re.compile(r"\b(you|your|looking\s+for|hiring|seeking|join|need\s+(a|an|someone)|role|position)\b", re.IGNORECASE)
_PLUS = re.compile(
    r"\b(is|are|would be)\s+(a\s+)?(big\s+|strong\s+|definite\s+)?(plus|bonus|nice[\s-]to[\s-]have)\b|\bnice[\s-]to[\s-]have\b|\bbonus\s*:",
    re.I,
)


@dataclass
class Segment:
    """A sentence (or bullet) of the text, with where it sits and how much it counts.

    ``factor`` multiplies the weight of evidence inside it: 1 for the work
    itself, less for company blurbs, benefits and nice-to-haves, more or less
    where the text states a share of the job ("most of your time", "35%").
    """

    start: int
    end: int
    paragraph: int
    section: int
    heading: bool
    kind: str  # work | about | nice | benefits | legal
    factor: float = 1.0
    shares: list | None = None  # [(start, end, factor, phrase)] stated shares found here


def _is_heading(line: str, next_line: str | None) -> bool:
    s = line.strip()
    if not s or next_line is None:
        return False
    words = s.split()
    if len(words) > _HEADING_MAX_WORDS or s[-1] in ".,;!?":
        return False
    if s.startswith(("-", "*", "•", "→", "✅", "👉")) or (re.match(r"^\d+\.\s+\S", s) and len(words) > 5):
        return False
    return True


def segments(text: str) -> list[Segment]:
    """Cut ``text`` into sentences, each tagged with its paragraph, section and kind."""
    lines = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        lines.append((pos, raw.rstrip("\r\n")))
        pos += len(raw)
    segs: list[Segment] = []
    paragraph = section = 0
    kind = "work"
    prev_blank = True
    # the next non-blank line of each line, found in one backward pass (a slice per line is quadratic)
    following: list[str | None] = [None] * len(lines)
    nxt = None
    for i in range(len(lines) - 1, -1, -1):
        following[i] = nxt
        if lines[i][1].strip():
            nxt = lines[i][1]
    for i, (start, line) in enumerate(lines):
        if not line.strip():
            paragraph += 1
            prev_blank = True
            continue
        heading = i > 0 and _is_heading(line, following[i]) and (prev_blank or len(line.split()) <= 4 or line.rstrip().endswith(":"))
        if heading:
            section += 1
            paragraph += 1
            squeezed = " ".join(line.split())  # runs of spaces would make the heading patterns backtrack
            if _BENEFITS.match(squeezed):
                kind = "benefits"
            elif _LEGAL.match(squeezed):
                kind = "legal"
            elif _ABOUT.match(squeezed):
                kind = "about"
            elif _NICE.match(squeezed):
                kind = "nice"
            else:
                kind = "work"
        prev_blank = False
        line_kind = kind
        if _LEGAL_LINE.search(line):
            line_kind = "legal"
        elif _BENEFITS_LINE.search(line):
            line_kind = "benefits"
        elif not heading and _NICE.match(line):
            line_kind = "nice"
        # sentences within the line
        cut = 0
        pieces = []
        for m in _SENT_END.finditer(line):
            if m.start() > cut:
                pieces.append((cut, m.start()))
            cut = m.end()
        if cut < len(line):
            pieces.append((cut, len(line)))
        prev_kind, prev_end = None, 0
        for a, b in pieces:
            piece = line[a:b]
            if not piece.strip():
                continue
            k = line_kind
            if k == "work" and _PLUS.search(piece):
                k = "nice"
            if k == "work" and _LEGAL_LINE.search(piece):
                k = "legal"
            # "Acme is a fraud company; our models score 40M transactions a day": the sentence goes on about the company
            blurb_goes_on = prev_kind == "about" and ";" in line[prev_end:a]
            if k == "work" and (_BLURB.match(piece) or blurb_goes_on) and not _JOB_WORDS.search(piece):
                k = "about"
            prev_kind, prev_end = k, b
            segs.append(Segment(start + a, start + b, paragraph, section, heading, k, KIND_FACTOR[k], []))
    _read_shares(text, segs)
    return segs


#: How much evidence counts by the kind of passage it sits in.
KIND_FACTOR = {"work": 1.0, "nice": 0.5, "about": 0.2, "benefits": 0.0, "legal": 0.0}

# ----------------------------------------------------------------- stated shares

_MAJOR = re.compile(
    r"\b(most\s+of\s+(the|this|your|my)\s+(job|role|time|work|week|day)|most\s+of\s+the\s+job|the\s+(bulk|core|centre|center|heart)\s+of\s+(it|the\s+job|the\s+role|the\s+work)|"
    r"(primary|main|principal)\s+focus|top\s+priority|(the\s+)?majority\s+of\s+(the|your)\s+(time|role|job|work)|most\s+of\s+your\s+(time|week|work)\s+(will\s+)?go|"
    r"most\s+of\s+(the|this)\s+(role|job)|core\s+of\s+the\s+job)\b",
    re.I,
)
_HALF = re.compile(r"\b(?:(about|around|roughly|approximately)\s+)?(half)\s+(of\s+)?(the|your|this)?\s*(job|role|time|work)?", re.I)
_MINOR = re.compile(
    r"\b((about|around|roughly|approximately)\s+)?(a|one)\s+third\b|\bsecondary\s+focus\b|\bthe\s+(rest|remainder)(\s+of\s+(the|your)\s+(time|role|job|week))?\b|\bsmaller\s+part\b",
    re.I,
)
_PERCENT = re.compile(r"(\d{1,3})\s?%\+?")


def _share_factor(kind: str, value: float | None = None) -> float:
    if kind == "percent":
        return max(0.5, min(2.0, value / 40.0))
    return {"major": 1.5, "half": 1.25, "third": 0.85, "minor": 0.75}[kind]


def _markers(text: str, seg: Segment) -> list[tuple[int, int, float, str]]:
    piece = text[seg.start : seg.end]
    found = []
    for m in _PERCENT.finditer(piece):
        p = float(m.group(1))
        tail = piece[m.end() : m.end() + 40].lower()
        head = piece[max(0, m.start() - 30) : m.start()].lower()
        if p > 100 or re.match(r"\s*(of\s+(traffic|applicants|customers|users|employer|the\s+company))", tail) or "match" in head:
            continue
        if re.search(r"(pension|contribution|discount|equity|bonus|up to)\s*$", head) or re.match(
            r"\s*(of\s+)?(employer|staff|pension)", tail
        ):
            continue
        found.append((seg.start + m.start(), seg.start + m.end(), _share_factor("percent", p), m.group(0)))
    if found:
        return found
    for rx, kind in ((_MAJOR, "major"), (_MINOR, "minor")):
        for m in rx.finditer(piece):
            k = "third" if "third" in m.group(0).lower() else kind
            found.append((seg.start + m.start(), seg.start + m.end(), _share_factor(k), m.group(0)))
    for m in _HALF.finditer(piece):
        if m.group(1) or m.group(5):
            found.append((seg.start + m.start(), seg.start + m.end(), _share_factor("half"), m.group(0).strip()))
    return sorted(found)


def _read_shares(text: str, segs: list[Segment]) -> None:
    """Record stated shares on the segments they cover (their factor is set later, see need)."""
    for seg in segs:
        seg.shares = _markers(text, seg) if seg.kind == "work" else []


# ----------------------------------------------------------------- negation

#: A cue followed by a hyphen is part of a word ("no-show", "no-code"), not a negation.
_FORWARD_CUES = re.compile(
    r"\b(no|not|never|without|nor|neither|none\s+of|won'?t|wont|don'?t|doesn'?t|isn'?t|aren'?t|cannot|can'?t|"
    r"no\s+longer|rather\s+than|instead\s+of|(?:decided|chose|opted)\s+against|chose\s+not\s+to|ruled\s+out|moved\s+away\s+from)\b(?!-\w)",
    re.I,
)
_NOT_NEGATION = re.compile(r"\b(not\s+(just|only|merely)|no\s+(matter|doubt)|whether\s+or\s+not|if\s+not|not\s+to\s+mention)\b", re.I)
#: ", and evaluate it on ...", ", and you build ...": a new duty, not the next item of a ruled-out list
#: ("won't train, tune, and deploy models").
_STOP_SCOPE = re.compile(
    r"[;:.!?—–]|\s-\s|\b(but|however|instead|while|whereas|so|although|yet)\b"
    r"|,\s+and\s+(?=(?:you|we|then|also)\b|[a-z]+\s+(?:it|them|the|a|an|our|its|their)\b)",
    re.I,
)
_BACKWARD_CUES = re.compile(
    r"\b(is|are)\s+not\s+(required|needed|necessary|expected|part\s+of\s+(the|this)\s+(role|job))\b|\bnot\s+(required|needed|necessary)\b|"
    r"\b(isn'?t|is\s+not)\s+(the|this)\s+(role|job)\b|\bnot\s+(the|this)\s+role\b|\bis\s+not\s+part\s+of\s+(the|this)\s+(role|job)\b|"
    r"\b(?:is|are)\s+(?:out\s+of|not\s+in)\s+scope\b",
    re.I,
)
#: "the connectors exist", "the pipelines are already in place": work that is done, not the job's.
_ALREADY_DONE = re.compile(
    r"\b(?:already\s+exists?|exists?|are\s+(?:already\s+)?in\s+place|is\s+(?:already\s+)?in\s+place|(?:is|are)\s+already\s+built)(?=\s*(?:[.;,!)]|$))",
    re.I,
)
#: "We prefer prompting and retrieval over fine-tuning", "we'd rather use hosted models than train our own": what is passed over.
_PASSED_OVER = re.compile(
    r"\bprefer(?:s|red)?\b[^.;:!?,]{1,80}?\b(?:over|to)\s+|\b(?:would|'d)\s+rather\b[^.;:!?,]{1,80}?\bthan\s+",
    re.I,
)
#: "We evaluated fine-tuning and decided against it": what was evaluated is ruled out.
_TRIED_AND_DROPPED = re.compile(
    r"\b(?:evaluated|considered|looked\s+at|tried|explored|tested|assessed|prototyped)\b([^.;:!?]{1,160}?)"
    r"\b(?:and|but)\s+(?:then\s+)?(?:decided|chose|opted)\s+against\s+(?:it|them|that|this)\b",
    re.I,
)
_TEAM_NOUN = r"(?:team|teams|squad|group|department|scientists?|analysts?|researchers?|engineers?)"
_TEAM = (
    r"(?:(?:the|our|their|another|a\s+separate)\s+(?:[\w&/-]+\s+){0,3}?"
    + _TEAM_NOUN
    + r"(?:\s+(?:and|&)\s+(?:[\w&/-]+\s+){0,2}?"
    + _TEAM_NOUN
    + r")?"  # "our data scientists and ML engineers"
    r"|(?:data|ml|ai|platform|analytics|research)\s+(?:engineering|science|platform)(?:\s+team)?)"
)
_OTHER_VERBS = (
    r"(?:own|owns|handle|handles|maintain|maintains|run|runs|do|does|deliver|delivers|train|trains|build|builds|make|makes|"
    r"deploy|deploys|host|hosts|manage|manages|take\s+care|takes\s+care|is\s+responsible|are\s+responsible|look\s+after|looks\s+after|"
    r"fine-tune|fine-tunes|ingest|ingests|label|labels|serve|serves|operate|operates|provide|provides|supply|supplies)"
)
_PASSIVE_OTHER = re.compile(
    r"\b(?:owned|handled|run|done|maintained|managed|covered|built|cleaned|modell?ed|produced|provided|developed|trained|deployed|"
    r"hosted|served|looked\s+after|ingested|loaded|collected|curated|prepared|labell?ed|fine-tuned|operated|supplied)"
    r"(?:\s+(?:and|&)\s+\w+)?(?:\s+(?:into|onto|in|on|to|from|for)(?:\s+[\w']+){1,3}?)?\s+by\s+" + _TEAM + r"\b",
    re.I,
)
_ACTIVE_OTHER = re.compile(
    _TEAM
    + r"(?:'s)?,?\s+(?:(?:who|which|that)\s+)?(?:also\s+)?(?:will\s+(?:continue\s+to\s+)?|already\s+|still\s+|continue\s+to\s+)?"
    + _OTHER_VERBS
    + r"\b",
    re.I,
)
#: "the ML team uses PyTorch and MLflow": the tools another team works with are its own, not the job's.
_TEAM_USES = re.compile(
    r"\b(?:the|our|their|another|a\s+separate)\s+(?:[\w&/-]+\s+){0,3}?teams?\s+(?:already\s+)?(?:use|uses|works?\s+with|relies\s+on|rely\s+on)\b",
    re.I,
)
_TEAM_RX = re.compile(_TEAM, re.I)
_THEY_OWN = re.compile(r"\bthey\s+(?:will\s+)?(?:own|owns|handle|do|run|build|train|maintain)\b", re.I)
#: "Training the model is the ML team's.", "Ingestion stays with the platform team": the work named before is another team's.
_OTHERS_PREDICATE = re.compile(
    r"\b(?:is|are|remains?|stays?)\s+(?:(?:the|our)\s+(?:[\w&/-]+\s+){0,3}?teams?'s?|theirs|with\s+them|(?:with|on)\s+"
    + _TEAM
    + r")(?=\s*(?:[.;,!)]|$))",
    re.I,
)
#: "Data arrives already cleaned in our warehouse from the data team": what another team hands over.
_FROM_OTHER = re.compile(
    r"\b(?:arrives?|arriving|comes?|coming|delivered|provided|supplied|handed\s+over|prepared|cleaned)\b[^.;:!?]{0,80}?\bfrom\s+"
    + _TEAM
    + r"\b",
    re.I,
)
_POSSESSIVE_OTHER = re.compile(r"(?<![\w-])[\w-]+\s+team'?s\s+(?:sync|job|jobs|pipelines?|work|platform|models?)\b", re.I)
#: "... before our analysts do", "... than the analysts do": time or comparison, not who owns the work.
_TEMPORAL_BEFORE = re.compile(r"\b(before|after|until|than|as|when|once|whenever|so\s+that)\s*$", re.I)


_THE_HIRE = re.compile(r"\b(we\s+hire|we\s+are\s+hiring|the\s+hire|new\s+hire|the\s+candidate|the\s+engineer\s+we|this\s+person)\b", re.I)


def _they_is_another_team(before: str) -> bool:
    """Whether "they" refers to another team: one is named just before, and the hire is not named after it."""
    teams = [m.end() for m in _TEAM_RX.finditer(before)]
    return bool(teams) and _THE_HIRE.search(before, teams[-1]) is None


def _first_at_or_after(positions: list[int], pos: int, default: int) -> int:
    """The first of the sorted ``positions`` at or after ``pos``, else ``default`` (a bisection, not a scan)."""
    k = bisect.bisect_left(positions, pos)
    return positions[k] if k < len(positions) else default


def _last_before(positions: list[int], pos: int, default: int) -> int:
    k = bisect.bisect_left(positions, pos)
    return positions[k - 1] if k > 0 else default


def negation_scopes(text: str, segs: list[Segment] | None = None) -> list[dict]:
    """Character ranges of ``text`` that are not the job's own work, each with its ``cue`` (the words that decide it)
    and its ``kind``: ``negation`` (the text rules the work out) or ``context`` (another team's or person's work).

    >>> t = "We use hosted APIs; no model training involved. You will build evals."
    >>> [(t[s['start']:s['end']], s['cue'], s['kind']) for s in negation_scopes(t)]
    [('no model training involved', 'no', 'negation')]
    >>> t = "Alerts must catch problems before our analysts do. The ML engineers train the models."
    >>> [(t[s['start']:s['end']], s['kind']) for s in negation_scopes(t)]
    [('The ML engineers train the models', 'context')]
    """
    segs = segs if segs is not None else segments(text)
    scopes = []
    for seg in segs:
        piece = text[seg.start : seg.end]
        skip = [(m.start(), m.end()) for m in _NOT_NEGATION.finditer(piece)]
        stops = [m.start() for m in _STOP_SCOPE.finditer(piece)]  # found once per sentence, not once per cue
        stop_ends = [m.end() for m in _STOP_SCOPE.finditer(piece)]
        commas = [k for k, c in enumerate(piece) if c == ","]

        def add(lo: int, hi: int, cue: str, kind: str, seg=seg) -> None:
            if hi > lo:
                scopes.append({"start": seg.start + lo, "end": seg.start + hi, "cue": cue, "kind": kind})

        skip_at = 0
        for m in _FORWARD_CUES.finditer(piece):
            while skip_at < len(skip) and skip[skip_at][1] <= m.start():
                skip_at += 1
            if skip_at < len(skip) and skip[skip_at][0] <= m.start():
                continue
            end = _first_at_or_after(stops, m.end(), len(piece))
            if m.group(1).lower() in ("rather than", "instead of"):
                end = min(end, _first_at_or_after(commas, m.end(), end))
            add(m.start(), end, m.group(0), "negation")
        for m in _PASSED_OVER.finditer(piece):
            end = min(_first_at_or_after(stops, m.end(), len(piece)), _first_at_or_after(commas, m.end(), len(piece)))
            add(m.end(), end, m.group(0).strip(), "negation")
        for m in _BACKWARD_CUES.finditer(piece):
            add(_last_before(stop_ends, m.start(), 0), m.end(), m.group(0), "negation")
        for m in _ALREADY_DONE.finditer(piece):
            add(_last_before(stop_ends, m.start(), 0), m.end(), m.group(0), "context")
        for m in _TRIED_AND_DROPPED.finditer(piece):
            add(m.start(), m.end(1), m.group(0).strip(), "negation")  # the trial and what was tried
        for rx in (_PASSIVE_OTHER, _OTHERS_PREDICATE, _FROM_OTHER):
            for m in rx.finditer(piece):
                add(_last_before(stop_ends, m.start(), 0), m.end(), m.group(0), "context")
        for rx in (_ACTIVE_OTHER, _THEY_OWN, _POSSESSIVE_OTHER, _TEAM_USES):
            for m in rx.finditer(piece):
                if _TEMPORAL_BEFORE.search(piece[max(0, m.start() - 20) : m.start()]):
                    continue
                if rx is _THEY_OWN and not _they_is_another_team(text[max(0, seg.start + m.start() - 240) : seg.start + m.start()]):
                    continue
                add(m.start(), _first_at_or_after(stops, m.end(), len(piece)), m.group(0), "context")
    scopes.sort(key=lambda s: (s["start"], s["end"]))
    return scopes


# ----------------------------------------------------------------- phrase matching


def _clause_breaks(text: str, tokens: list[Token]) -> list[int]:
    """For each token, the number of the clause it is in (gaps never cross clauses)."""
    out, clause = [], 0
    for i, t in enumerate(tokens):
        if i:
            between = text[tokens[i - 1].end : t.start]
            if re.search(r"[.;:!?()\n\[\]•→—–]|,", between):
                clause += 1
        out.append(clause)
    return out


def pair_index(index: dict[str, list[tuple[tuple[str, ...], object]]]) -> dict[str, dict]:
    """``index`` filed again by second stem (None for one-word patterns), each entry with its place in ``index[first]``.

    With it, :func:`find_phrases` tries only the patterns whose second word is near:
    a taxonomy files thousands of labels under "manage" or "use".
    """
    out: dict[str, dict] = {}
    for first, entries in index.items():
        by_second = out[first] = {}
        for k, (pat, payload) in enumerate(entries):
            by_second.setdefault(pat[1] if len(pat) > 1 else None, []).append((k, pat, payload))
    return out


def _tries(stems: list[str], clauses: list[int], i: int, index, pairs) -> list:
    """The ``(pattern, payload)`` worth trying at token ``i``, in ``index`` order."""
    if pairs is None:
        return index.get(stems[i], ())
    by_second = pairs.get(stems[i])
    if not by_second:
        return ()
    # a second word can only be found within MAX_GAP + 4 tokens, in the same clause
    near = {stems[j] for j in range(i + 1, min(len(stems), i + MAX_GAP + 5)) if clauses[j] == clauses[i]}
    got = [e for w in (None, *near) for e in by_second.get(w, ())]
    got.sort(key=lambda e: e[0])
    return [(pat, payload) for _, pat, payload in got]


def find_phrases(text: str, tokens: list[Token], index: dict[str, list[tuple[tuple[str, ...], object]]], pairs=None) -> list[dict]:
    """Every label occurrence, longest first, without overlaps.

    ``index`` maps a first stem to ``[(pattern, payload)]``; ``pairs``, if given, is
    ``pair_index(index)`` (same answer, faster on a big index). Returns
    ``{"start", "end", "tokens": (i, j), "pattern", "payload", "gaps"}`` sorted by position.
    """
    clauses = _clause_breaks(text, tokens)
    stems = [t.stem for t in tokens]
    n = len(tokens)
    candidates = []
    for i in range(n):
        for pat, payload in _tries(stems, clauses, i, index, pairs):
            pos, gaps, ok = i, 0, True
            used = [i]
            for want in pat[1:]:
                nxt, skipped = None, 0
                for j in range(pos + 1, n):
                    if clauses[j] != clauses[pos]:
                        break
                    if stems[j] == want:
                        nxt = j
                        break
                    if stems[j] not in STOPWORDS:
                        skipped += 1
                    if skipped > MAX_GAP or j - pos > MAX_GAP + 3:
                        break
                if nxt is None:
                    ok = False
                    break
                gaps += skipped
                pos = nxt
                used.append(nxt)
            if ok:
                candidates.append((i, pos, gaps, pat, payload, used))
    # most label words, less GAP_COST for each word skipped; then earliest
    candidates.sort(key=lambda c: (-(len(c[3]) - GAP_COST * c[2]), c[2], c[0], c[1]))
    taken = [False] * n
    chosen = []
    for i, j, gaps, pat, payload, used in candidates:
        if any(taken[k] for k in used):
            continue
        if any(taken[k] for k in range(i, j + 1)) and gaps:
            continue
        for k in used:
            taken[k] = True
        chosen.append({"start": tokens[i].start, "end": tokens[j].end, "tokens": (i, j), "pattern": pat, "payload": payload, "gaps": gaps})
    chosen.sort(key=lambda c: (c["start"], c["end"]))
    return chosen
