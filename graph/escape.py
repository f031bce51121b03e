"""Escaping, in one place: labels are data, never markup, whether they reach a terminal, the explorer or an export.

A label may hold HTML, script, quotes, newlines or bidirectional controls.
:func:`safe` is how terminal output is escaped (control, invisible and bidi
characters shown as ``\\uXXXX``, so a label can never move the cursor or
reorder a line); :func:`md_escape` is how the explorer's Markdown widgets show
text. Exported text goes through :func:`plain` first (one line, invisible
controls shown as ``\\uXXXX``), then through the escaper of its format.

>>> safe("a\\u202eb")
'a\\\\u202eb'
"""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = ["csv_cell", "html_text", "md_escape", "md_text", "mermaid_text", "plain", "safe", "xml_text"]

#: Joiners that some scripts need; every other format/control character is shown escaped.
_KEEP = {"\u200c", "\u200d"}


def safe(text) -> str:
    """Text fit for a terminal: control and invisible characters shown escaped."""
    s = str(text)
    return "".join(c if unicodedata.category(c)[0] != "C" or c == " " else f"\\u{ord(c):04x}" for c in s)


def md_escape(text: str) -> str:
    r"""Text made safe for Markdown: every character Markdown or HTML could read is backslash-escaped.

    >>> md_escape("</script><img src=x onerror=alert(1)> *bold* [a](b)")
    '\\<\\/script\\>\\<img src\\=x onerror\\=alert\\(1\\)\\> \\*bold\\* \\[a\\]\\(b\\)'
    """
    out = []
    for ch in str(text):
        if ch in "\\`*_{}[]()<>#+-.!|~=/:&\"'$^":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("  \n")
        else:
            out.append(ch)
    return "".join(out)


def plain(text) -> str:
    """One line of visible text: NFC, whitespace runs collapsed, controls shown as ``\\uXXXX``.

    >>> plain("a\\n<b>\\u202e")
    'a <b>\\\\u202e'
    """
    s = unicodedata.normalize("NFC", str(text))
    s = re.sub(r"[\t\n\r\x0b\x0c\x85\u2028\u2029]+", " ", s)
    out = []
    for c in s:
        if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") and c not in _KEEP:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return " ".join("".join(out).split())


def html_text(text) -> str:
    """Text for HTML element content or a quoted attribute.

    >>> html_text('<script>"x"</script>')
    '&lt;script&gt;&quot;x&quot;&lt;/script&gt;'
    """
    return html.escape(plain(text), quote=True)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~])")
_MD_LEADING = re.compile(r"^(\d+)([.)])|^([+\-=>])")


def md_text(text) -> str:
    """Text for Markdown: markup characters backslash-escaped, HTML made inert.

    >>> md_text("*bold* <b>")
    '\\\\*bold\\\\* &lt;b&gt;'
    >>> md_text("1. not a list")
    '1\\\\. not a list'
    """
    s = _MD_SPECIAL.sub(r"\\\1", html.escape(plain(text), quote=False))
    return _MD_LEADING.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", s)


_MERMAID_SAFE = re.compile(r"[A-Za-z0-9 ,.:/'?=()_-]")


def mermaid_text(text) -> str:
    """Text for a quoted Mermaid label: anything but letters, digits and a few marks as ``#N;``.

    >>> mermaid_text('a "b" <c>')
    'a #34;b#34; #60;c#62;'
    """
    return "".join(c if _MERMAID_SAFE.fullmatch(c) else f"#{ord(c)};" for c in plain(text))


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text) -> str:
    """Text XML 1.0 can hold: the characters it forbids become ``\\uXXXX``; the rest stays exact."""
    return _XML_ILLEGAL.sub(lambda m: f"\\u{ord(m.group()):04x}", str(text))


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text) -> str:
    """A spreadsheet-safe cell: a leading formula character gets a ``'`` so it is not run.

    >>> csv_cell("=HYPERLINK(1)")
    "'=HYPERLINK(1)"
    """
    s = str(text)
    return "'" + s if s.startswith(_FORMULA) else s
