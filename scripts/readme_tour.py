"""Print the README's CLI tour: each command and its real output.

Regenerate the tour with:  .venv/bin/python scripts/readme_tour.py
"""

from __future__ import annotations

import io
import shlex

from rolegraph.cli import main

TOUR = [
    "rolegraph roles",
    "rolegraph owner 'RAG pipeline design'",
    "rolegraph owner 'feature engineering'",
    "rolegraph path data-engineer ml-engineer",
    "rolegraph compare ml-engineer ai-engineer",
    "rolegraph need 'ML Engineer. Integrate GPT-4 into our support product, build the RAG pipeline over our help centre and write evals.'",
    "rolegraph owner 'data enginer manager'",
]


def run(cmd: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    code = main(shlex.split(cmd)[1:], stdout=out, stderr=err)
    text = out.getvalue() + err.getvalue()
    return text.rstrip() + ("" if code == 0 else f"\n(exit {code})")


if __name__ == "__main__":
    for cmd in TOUR:
        print("```console")
        print(f"$ {cmd}")
        print(run(cmd))
        print("```\n")
