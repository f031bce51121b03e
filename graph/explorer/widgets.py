"""Small pieces of the explorer page: tables that wrap their text, ESCO matches by name, the need headline."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import streamlit as st

from ..domain import source_name
from ..need_display import flag_text, verdict_text

__all__ = ["esco_matches", "need_headline", "page_style", "table", "table_html"]

_STYLE = """
<style>
div.block-container { padding-top: 3.8rem; }
h1#rolegraph-explorer { font-size: 1.9rem; padding: 0 0 0.4rem; }
.rg-table { border-collapse: collapse; width: 100%; font-size: 0.9rem; margin: 2px 0 10px; }
.rg-table th { text-align: left; font-weight: 600; border-bottom: 1px solid #d1d5db; padding: 3px 6px; }
.rg-table td { vertical-align: top; border-bottom: 1px solid #f3f4f6; padding: 3px 6px; white-space: normal;
               overflow-wrap: anywhere; }
@media (max-width: 640px) {
  div[data-baseweb="tab-list"] { overflow-x: auto; }
}
</style>
"""


def page_style() -> None:
    """The page's own CSS: wrapping tables; on a narrow window the tabs scroll."""
    st.html(_STYLE)


def table_html(rows: Sequence[Mapping], head: Mapping[str, str] | None = None) -> str:
    """Rows as an HTML table whose cells wrap (every value escaped); ``head`` renames columns."""
    if not rows:
        return ""
    cols = list(rows[0])
    names = [(head or {}).get(c, c) for c in cols]
    out = ['<table class="rg-table">']
    if any(names):
        out.append("<tr>" + "".join(f"<th>{html.escape(str(n))}</th>" for n in names) + "</tr>")
    for r in rows:
        out.append("<tr>" + "".join(f"<td>{html.escape(str(r.get(c, '')))}</td>" for c in cols) + "</tr>")
    out.append("</table>")
    return "".join(out)


def table(rows: Sequence[Mapping], head: Mapping[str, str] | None = None) -> None:
    """Show ``rows`` as a table whose cells wrap, so no text is cut."""
    if rows:
        st.html(table_html(rows, head))


def esco_matches(matches: Sequence[str], rg) -> None:
    """The node's matches in other taxonomies, by name when the loaded graph has them, each linked."""
    if not matches:
        st.markdown("Matches in other taxonomies: none known")
        return
    parts = []
    for iri in matches:
        kind, _, code = iri.rstrip("/").rpartition("/")
        name = rg.G.nodes[iri]["label"] if iri in rg.G else f"{kind.rpartition('/')[2]} {code[:8]} (not loaded here)"
        parts.append(
            f'<a href="{html.escape(iri, quote=True)}" target="_blank" rel="noopener">{html.escape(name)}</a> ({source_name(iri)})'
        )
    st.html("Matches in other taxonomies: " + ", ".join(parts))


def need_headline(ans: Mapping) -> str:
    """One line that agrees with the answer's flags: three jobs, two jobs, else the analyser's verdict."""
    flags = set(ans.get("flags", ()))
    ranking = [r for r in ans.get("ranking", []) if r["score"] > 0]
    if not ranking:
        return verdict_text(ans)
    if "spans-all-three" in flags:
        return "Three jobs in one posting: " + flag_text("spans-all-three").split(": ", 1)[-1]
    if "two-roles" in flags:
        deep = [r["label"] for r in ranking if r.get("deep")][:2] or [r["label"] for r in ranking[:2]]
        return f"Two jobs in one posting: {' and '.join(deep)}."
    return verdict_text(ans)
