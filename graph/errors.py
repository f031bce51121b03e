"""One exception hierarchy for rolegraph.

Every error carries the exit code the CLI gives it, so the command line turns
exceptions into exit codes in one place (``graph.cli``) and the Streamlit app
into ``st.error`` in one place (``app.py``).

Exit codes: 0 answered, 1 no result / does not conform, 2 bad input.
"""

from __future__ import annotations

__all__ = [
    "BadInputError",
    "EndpointError",
    "LoadError",
    "NoResultError",
    "RolegraphError",
    "UnknownNameError",
]


class RolegraphError(Exception):
    """Base class of every error rolegraph raises on purpose."""

    exit_code = 2


class BadInputError(RolegraphError, ValueError):
    """The input (an argument, option, text or file) is not acceptable."""

    exit_code = 2


class UnknownNameError(BadInputError, LookupError):
    """A name matched no node; ``suggestions`` holds the closest plausible nodes.

    With suggestions the message asks "did you mean ..."; only without any does it
    say that nothing matches.

    Parameters
    ----------
    query : str
        What the user typed.
    suggestions : list of dict
        ``{"id", "label", "type"}`` of the closest plausible matches, best first.
    expected : str, optional
        What kind of node was wanted ("role", "skill" ...), for the message.
    """

    def __init__(self, query: str, suggestions=(), expected: str | None = None):
        self.query = query
        self.suggestions = list(suggestions)
        self.expected = expected
        what = expected or "node"
        if self.suggestions:
            close = ", ".join(f"{s['label']} ({s['id']})" for s in self.suggestions[:5])
            msg = f"{query!r} names no {what} exactly; did you mean: {close}?"
        else:
            msg = f"no {what} matches {query!r}, nor anything close; try `rolegraph roles` or a skill, deliverable or tool name"
        super().__init__(msg)

    def as_dict(self) -> dict:
        """The error as JSON-ready data: ``error`` (the message), ``query``, ``expected`` and ``suggestions``."""
        return {"error": str(self), "query": self.query, "expected": self.expected or "node", "suggestions": self.suggestions}


class LoadError(BadInputError):
    """An RDF file could not be read; names the file and, when known, the line."""

    def __init__(self, path, reason: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = self.path if line is None else f"{self.path}, line {line}"
        super().__init__(f"cannot load {where}: {reason}")


class NoResultError(RolegraphError):
    """The query was valid but found nothing (exit code 1)."""

    exit_code = 1


class EndpointError(RolegraphError):
    """A SPARQL endpoint could not be reached or answered with an error."""

    exit_code = 2
