"""The explorer's state in the address bar: a :class:`View` and its URL query parameters.

A :class:`View` is everything a reader can set in the explorer. :func:`encode`
turns it into URL query parameters and :func:`decode` reads them back, naming
every value it had to drop, so a shared link restores the same view. A link is a
promise: a parameter once published keeps working (a renamed one stays as an
alias in :data:`ALIASES`), and a long text (a pasted job description, a SPARQL
query) travels compressed (``jdz=``, ``sparqlz=``) instead of being cut.

Pure Python (no Streamlit), so it is tested directly.

>>> v = View(focus="data-engineer", radius=2, types=("skill", "role"))
>>> encode(v)
{'focus': 'data-engineer', 'radius': '2', 'types': 'role,skill'}
>>> decode(encode(v))[0] == View(focus="data-engineer", radius=2, types=("role", "skill"))
True
"""

from __future__ import annotations

import base64
import binascii
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from urllib.parse import urlencode

from ..domain import NODE_TYPES
from ..errors import RolegraphError
from ..limits import limits
from ..questions import QUESTIONS

__all__ = [
    "ALIASES",
    "LONG_TEXT",
    "MAX_RADIUS",
    "TABS",
    "View",
    "check_names",
    "decode",
    "drawing_key",
    "encode",
    "with_",
]

MAX_RADIUS = 4
#: Tab key → tab title, in display order: the drawing, each question with a tab (its ``tab`` title, in the
#: registry's order), the SPARQL console.
TABS = {"graph": "Graph", **{q.name: q.tab for q in QUESTIONS.values() if q.tab}, "sparql": "SPARQL"}
#: Old parameter name → the name it now has (none renamed yet; a renamed parameter is added here, never dropped).
ALIASES: dict[str, str] = {}
#: Texts longer than this go into the link compressed (``<name>z=``).
LONG_TEXT = 1500


@dataclass(frozen=True)
class View:
    """Everything the explorer lets a user set; the defaults draw the article's map."""

    focus: str = ""
    radius: int = 1
    types: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    physics: bool = False
    tab: str = "graph"
    owner: str = ""
    path_from: str = ""
    path_to: str = ""
    a: str = ""
    b: str = ""
    jd: str = field(default="", repr=False)
    #: ids of the need signals ticked on the checklist
    needs: tuple[str, ...] = ()
    #: the sidebar's graph choice ("" for the default)
    graph: str = ""
    #: the SPARQL tab's query
    sparql: str = field(default="", repr=False)


_DEFAULT = View()
_TEXT = ("focus", "owner", "path_from", "path_to", "a", "b", "jd", "graph", "sparql")
#: Texts that may be long, so travel compressed when they are.
_PACKABLE = ("jd", "sparql")


def _pack(text: str) -> str:
    return base64.urlsafe_b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii").rstrip("=")


def _unpack(value: str) -> str:
    raw = base64.urlsafe_b64decode(value.strip() + "=" * (-len(value.strip()) % 4))
    out = zlib.decompressobj()
    data = out.decompress(raw, max(map(_most, _PACKABLE)) * 4 + 1)
    if out.unconsumed_tail or not out.eof:
        raise ValueError("not a complete compressed text, or one longer than the limit")
    return data.decode("utf-8")


def encode(view: View) -> dict[str, str]:
    """URL query parameters for a view: only what differs from the default, keys sorted.

    A long job description or query is compressed under ``jdz`` / ``sparqlz``:

    >>> sorted(encode(View(jd="pipelines " * 400)))
    ['jdz']
    """
    out: dict[str, str] = {}
    for f in fields(View):
        value = getattr(view, f.name)
        if value == getattr(_DEFAULT, f.name):
            continue
        if isinstance(value, tuple):
            out[f.name] = ",".join(sorted(value))
        elif isinstance(value, bool):
            out[f.name] = "1" if value else "0"
        elif f.name in _PACKABLE and len(value) > LONG_TEXT:
            out[f.name + "z"] = _pack(value)
        else:
            out[f.name] = str(value)
    return dict(sorted(out.items()))


def _one(value) -> str:
    if isinstance(value, str):
        return value
    values = list(value)
    return str(values[-1]) if values else ""


def _most(key: str) -> int:
    """The longest text a link restores for ``key``: a query's limit for the SPARQL tab, else the job description's."""
    return limits().max_query_chars if key == "sparql" else limits().max_text_chars


def _text(key: str, text: str, problems: list[str]) -> str:
    most = _most(key)
    if len(text) > most:
        problems.append(f"{key} was {len(text):,} characters; only the first {most:,} are used")
        return text[:most]
    return text


def decode(params: Mapping) -> tuple[View, list[str]]:
    """The view a URL's query parameters describe, and a message for each value dropped.

    >>> view, problems = decode({"radius": "9", "types": "skill,planet", "colour": "red"})
    >>> view.radius, view.types
    (1, ('skill',))
    >>> for p in problems: print(p)
    unknown URL parameter 'colour' ignored
    radius must be a whole number from 0 to 4, not '9'
    unknown node type 'planet' in types; use any of role, overlap_zone, deliverable, skill, tool, need_signal, mis_hire, claim
    """
    values: dict = {}
    problems: list[str] = []
    known = {f.name for f in fields(View)}
    for given in sorted(params):
        key = ALIASES.get(given, given)
        text = _one(params[given])
        raw = text.strip()
        if key.endswith("z") and key[:-1] in _PACKABLE:
            try:
                values[key[:-1]] = _text(key[:-1], _unpack(raw), problems)
            except (ValueError, binascii.Error, zlib.error, UnicodeDecodeError):
                problems.append(f"{given} is not a text this app packed (a link cut short?); the {key[:-1]} was left empty")
        elif key not in known:
            problems.append(f"unknown URL parameter {given!r} ignored")
        elif key in _TEXT:
            if key not in values:  # a packed text wins over a plain one
                values[key] = _text(key, text, problems)
        elif key == "radius":
            if raw.isdigit() and 0 <= int(raw) <= MAX_RADIUS:
                values[key] = int(raw)
            else:
                problems.append(f"radius must be a whole number from 0 to {MAX_RADIUS}, not {raw!r}")
        elif key == "physics":
            if raw in ("0", "1"):
                values[key] = raw == "1"
            else:
                problems.append(f"physics must be 0 or 1, not {raw!r}")
        elif key == "tab":
            if raw in TABS:
                values[key] = raw
            else:
                problems.append(f"unknown tab {raw!r}; use one of {', '.join(TABS)}")
        elif key == "types":
            good = []
            for t in (x.strip() for x in raw.split(",")):
                if t in NODE_TYPES:
                    good.append(t)
                elif t:
                    problems.append(f"unknown node type {t!r} in types; use any of {', '.join(NODE_TYPES)}")
            values[key] = tuple(sorted(set(good)))
        elif key in ("roles", "needs"):
            values[key] = tuple(sorted({x.strip() for x in raw.split(",") if x.strip()}))
    return View(**values), problems


#: The fields that decide what the graph tab draws.
DRAWING_FIELDS = ("focus", "radius", "types", "roles")


def check_names(view: View, role_ids, signal_ids, resolve_role) -> tuple[View, list[str]]:
    """``view`` with only the roles and need signals the loaded graph has, and a message for each dropped.

    Role names in the path and compare fields are turned into ids with ``resolve_role(name)``
    (e.g. ``lambda n: backend.resolve(n, types={"role"}, expected="role")``), so any role of the loaded
    graph (an ESCO occupation too) is kept; a name it refuses is dropped with its error message.
    """
    role_ids, signal_ids = list(role_ids), list(signal_ids)
    problems = [f"unknown role {r!r} in roles; use any of {', '.join(role_ids)}" for r in view.roles if r not in role_ids]
    named = {}
    for name in ("path_from", "path_to", "a", "b"):
        value = getattr(view, name)
        if value:
            try:
                value = resolve_role(value)["id"]
            except RolegraphError as err:
                problems.append(str(err))
                value = ""
        named[name] = value
    problems += [f"unknown need signal {n!r} in needs; use any of {', '.join(signal_ids)}" for n in view.needs if n not in signal_ids]
    checked = replace(
        view,
        roles=tuple(r for r in view.roles if r in role_ids),
        needs=tuple(n for n in view.needs if n in signal_ids),
        **named,
    )
    return checked, problems


def drawing_key(view: View) -> str:
    """The URL query of the fields that decide the drawing: a cache key for the view's exports.

    >>> drawing_key(View(focus="data engineer", radius=2, tab="path", jd="ignored"))
    'focus=data+engineer&radius=2'
    """
    return urlencode(encode(View(**{f: getattr(view, f) for f in DRAWING_FIELDS})))


def with_(view: View, **changes) -> View:
    """A copy of ``view`` with some fields changed (tuples sorted)."""
    for k in ("types", "roles", "needs"):
        if k in changes:
            changes[k] = tuple(sorted(set(changes[k])))
    return replace(view, **changes)
