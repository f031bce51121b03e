"""Mermaid: a large selection splits into one diagram per role and zone, with plain-language edge labels;
the Markdown holding them is read with markdown-it-py, and every diagram is drawn by Mermaid itself in Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from rolegraph.export import export_files
from rolegraph.exporters.mermaid import MERMAID_MAX_EDGES, RELATION_NAMES

ROOT = Path(__file__).parent.parent
EDGE = re.compile(r'^  (n\d+) -(?:->|\.->)\|"([^"]*)"\| (n\d+)$')
NODE = re.compile(r'^  (n\d+)\W+"(.*)"\W+:::(\w+)$')


def blocks(md: str) -> list[tuple[str, str]]:
    """(heading, diagram) of every ```mermaid fence, as a CommonMark parser sees them."""
    out, heading = [], None
    tokens = MarkdownIt("commonmark").parse(md)
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            heading = tokens[i + 1].content
        if tok.type == "fence" and tok.info.strip() == "mermaid":
            out.append((heading, tok.content))
    return out


@pytest.fixture(scope="module")
def whole(rg):
    return export_files(rg, "mermaid")[""].decode("utf-8")


def test_the_whole_graph_is_split_per_role_and_zone(rg, whole):
    found = blocks(whole)
    heads = [h for h, _ in found]
    for r in rg.of_type("role"):
        assert rg.G.nodes[r]["label"] in heads
    for z in rg.of_type("overlap_zone"):
        assert rg.G.nodes[z]["label"] in heads
    for _, diagram in found:
        edges = [line for line in diagram.splitlines() if EDGE.match(line)]
        assert 0 < len(edges) <= min(MERMAID_MAX_EDGES, 120)
        assert diagram.startswith("flowchart LR\n")


def test_edge_labels_are_plain_language(whole):
    labels = {EDGE.match(line).group(2) for _, d in blocks(whole) for line in d.splitlines() if EDGE.match(line)}
    assert {"delivers", "has as a core skill", "is shared by", "points to the role", "is not responsible for"} <= labels
    assert not any(re.search(r"[a-z][A-Z]", label) for label in labels), labels  # no hasCoreSkill, sharedBy ...
    assert labels <= {name.rstrip(",") for name in RELATION_NAMES.values()}


def test_a_role_diagram_shows_every_deliverable_and_core_skill(rg, whole):
    ml = rg.ids["ml-engineer"]
    [diagram] = [d for h, d in blocks(whole) if h == "ML engineer"]
    names = {m.group(1): m.group(2) for line in diagram.splitlines() if (m := NODE.match(line))}
    centre = next(k for k, v in names.items() if v == "ML engineer")
    targets = {names[m.group(3)] for line in diagram.splitlines() if (m := EDGE.match(line)) and m.group(1) == centre}
    for rel in ("delivers", "hasCoreSkill"):
        for n in rg.out(ml, rel):
            assert rg.G.nodes[n]["label"] in targets


def test_a_small_selection_stays_one_flowchart(rg):
    text = export_files(rg, "mermaid", zone="inference serving")[""].decode("utf-8")
    assert text.splitlines()[1] == "flowchart LR" and "```" not in text


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.browser
def test_mermaid_draws_every_diagram(rg, whole):
    found = sorted((ROOT / ".cache").glob("mermaid-*.min.js"))
    if not found or not CHROMIUM.exists():
        pytest.skip("needs Mermaid's script in .cache/ (make test fetches it) and /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    diagrams = [d for _, d in blocks(whole)]
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        page = browser.new_page()
        page.route("**/*", lambda route: route.abort())
        page.set_content("<!DOCTYPE html><html><body><div id=out></div></body></html>")
        page.add_script_tag(content=found[-1].read_text(encoding="utf-8"))
        drawn = page.evaluate(
            """async (sources) => {
            mermaid.initialize({startOnLoad: false, securityLevel: 'strict'});
            const counts = [];
            for (const [i, src] of sources.entries()) {
                try {
                    const r = await mermaid.render('d' + i, src);
                    document.getElementById('out').innerHTML = r.svg;
                    counts.push(document.querySelectorAll('#out g.node').length);
                } catch (e) { counts.push(String(e)); }
            }
            return counts;
        }""",
            diagrams,
        )
        browser.close()
    want = [sum(1 for line in d.splitlines() if NODE.match(line)) for d in diagrams]
    assert drawn == want
