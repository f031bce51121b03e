"""rolegraph explorer: browse, search and query the role graph in a browser (`make run`).

A thin front end: every answer comes from ``graph``; this file lays out widgets,
keeps the view in the URL and turns errors into ``st.error``. The sidebar's
"Graph" choice offers the built-in graph with each file of ROLEGRAPH_DATA (paths
separated by the OS path separator) or of ROLEGRAPH_IMPORTS_DIR; a file uploaded
in the sidebar belongs to the session that uploaded it (rolegraph.session). A
"SPARQL endpoint" (default ROLEGRAPH_ENDPOINT) runs the queries there instead.
ROLEGRAPH_NO_BUILTIN=1 leaves the built-in graph out.
"""

from __future__ import annotations

import os
import tempfile
import uuid

import rolegraph
import streamlit as st
from rolegraph import need_display as nd
from rolegraph import render
from rolegraph import session as gs
from rolegraph import sparql as gsparql
from rolegraph import view as gv
from rolegraph.backend import EndpointBackend, MemoryBackend
from rolegraph.endpoint import visitor_endpoint, visitor_endpoints_enabled
from rolegraph.errors import RolegraphError, UnknownNameError
from rolegraph.queries import NODE_TYPES

st.set_page_config(page_title="rolegraph explorer", layout="wide")


@st.cache_resource(show_spinner="Loading the role graph ...", max_entries=4)
def load_graph(paths: tuple[str, ...], builtin: bool) -> rolegraph.RoleGraph:
    """The loaded graph, shared by every session. Never mutate it."""
    return rolegraph.load(paths, builtin=builtin)


@st.cache_resource(show_spinner="Connecting to the SPARQL endpoint ...")
def endpoint_backend(url: str, timeout: float):
    """One backend per endpoint URL and timeout, shared by every session (it holds no data)."""
    return EndpointBackend(visitor_endpoint(url, timeout=timeout))  # credentials go to the operator's endpoint only


def show_error(err: Exception) -> None:
    st.error(gv.md_escape(str(err)))


def ask(method: str, *args):
    """The backend's answer to one question (memory or endpoint), or None after showing its error."""
    try:
        return getattr(backend, method)(*args)
    except RolegraphError as err:
        show_error(err)
        return None


def text(value) -> None:
    """Graph text shown as Markdown, escaped so it stays text."""
    st.markdown(gv.md_escape(value))


BUILTIN = os.environ.get("ROLEGRAPH_NO_BUILTIN", "") != "1"
GRAPHS = gs.graph_choices()
DEFAULT_GRAPH = gs.default_choice(GRAPHS)

# First run of a session: the URL's view becomes the widgets' state.
if "view_loaded" not in st.session_state:
    start, url_problems = gv.decode(st.query_params.to_dict())
    if start.graph and start.graph not in GRAPHS:
        url_problems.append(f"unknown graph {start.graph!r}; use one of {', '.join(GRAPHS)}")
    st.session_state["w_graph"] = start.graph if start.graph in GRAPHS else DEFAULT_GRAPH
    st.session_state["w_endpoint"] = os.environ.get("ROLEGRAPH_ENDPOINT", "")
    st.session_state["w_timeout"] = 30.0
    st.session_state["upload_dir"] = tempfile.mkdtemp(prefix="rolegraph-session-")

with st.sidebar:
    st.header("Data")
    st.selectbox("Graph", list(GRAPHS), key="w_graph")
    upload = st.file_uploader("Add RDF (this session only)", type=list(gs.UPLOAD_TYPES), key="w_upload")
    st.text_input("SPARQL endpoint", key="w_endpoint", placeholder="empty: the in-memory graph", disabled=not visitor_endpoints_enabled())
    st.number_input("Endpoint timeout (s)", min_value=1.0, max_value=600.0, step=5.0, key="w_timeout")

CHOSEN = GRAPHS.get(st.session_state.get("w_graph") or DEFAULT_GRAPH, ())
try:
    rg = load_graph(CHOSEN, BUILTIN)
except RolegraphError as err:
    show_error(err)
    st.stop()

# This session's upload: loaded beside the chosen graph into a graph of its own, held by the sessions' budget.
if upload is None:
    gs.drop_upload(st.session_state["upload_dir"])  # its memory goes back to the budget of all sessions
    for name in ("upload_graph", "upload_key", "upload_error", "upload_token"):
        st.session_state.pop(name, None)
else:
    wanted_key = (upload.file_id, CHOSEN)
    held = gs.session_graph(st.session_state["upload_dir"])  # None once set aside to free memory: loaded again
    if st.session_state.get("upload_key") != wanted_key or (held is None and not st.session_state.get("upload_error")):
        st.session_state["upload_key"] = wanted_key
        try:
            gs.check_upload(upload.name, upload.size)  # before reading the file
            held = gs.load_upload(upload.name, upload.getvalue(), CHOSEN, st.session_state["upload_dir"], builtin=BUILTIN)
            st.session_state["upload_token"] = uuid.uuid4().hex  # names this graph in the export cache
        except RolegraphError as err:
            st.session_state["upload_error"] = str(err)
        else:
            st.session_state.pop("upload_error", None)
    if st.session_state.get("upload_error"):
        show_error(st.session_state["upload_error"])
    rg = held if held is not None else rg
# What the drawn graph is, for the export cache: never id(), which a later session's graph may reuse.
GRAPH_TOKEN = st.session_state.get("upload_token") or f"shared:{BUILTIN}:{CHOSEN}"

backend = MemoryBackend(rg)
ENDPOINT = (st.session_state.get("w_endpoint") or "").strip()
if ENDPOINT:
    try:
        timeout = float(st.session_state.get("w_timeout") or 30.0)
        remote = endpoint_backend(ENDPOINT, timeout)
        pings = st.session_state.setdefault("pings", {})  # once per session and endpoint; a failure is retried
        where = pings.get((ENDPOINT, timeout)) or remote.ping()
        pings[(ENDPOINT, timeout)] = where
    except RolegraphError as err:
        show_error(f"SPARQL endpoint not used: {err}")
    else:
        backend = remote
        with st.sidebar:
            st.caption(gv.md_escape(f"Querying {remote.where()}: {where['triples']:,} triples"))
ON_ENDPOINT = backend.kind == "endpoint"


def focus_iri() -> str | None:
    """The IRI the search box names, if it names one (for the roles picker)."""
    text = (st.session_state.get("w_focus") or "").strip()
    if not text or ON_ENDPOINT:
        return None
    try:
        return backend.resolve(text)["iri"]
    except RolegraphError:
        return None


ROLES = backend.roles()["roles"] if ON_ENDPOINT else gs.role_choices(rg, focus_iri())
ROLE_IDS = [r["id"] for r in ROLES]
ROLE_LABEL = {r["id"]: r["label"] for r in ROLES}
TYPE_NAMES = {t: render.TYPE_STYLES[t][0] for t in NODE_TYPES}
CHECKLIST = nd.group_signals(backend.signal_checklist(), ROLE_LABEL) if ON_ENDPOINT else nd.checklist_groups(rg)
SIGNAL_IDS = [s["id"] for g in CHECKLIST for s in g["signals"]]

if "view_loaded" not in st.session_state:
    start, named_problems = gv.check_names(start, ROLE_IDS, SIGNAL_IDS, lambda n: backend.resolve(n, types={"role"}, expected="role"))
    url_problems += named_problems
    for name in ("focus", "radius", "physics", "owner", "jd", "sparql"):
        st.session_state[f"w_{name}"] = getattr(start, name)
    st.session_state["w_types"] = list(start.types)
    st.session_state["w_roles"] = list(start.roles)
    for name in ("path_from", "path_to", "a", "b"):
        st.session_state[f"w_{name}"] = getattr(start, name) or None
    st.session_state["w_tab"] = gv.TABS[start.tab]
    for sid in SIGNAL_IDS:
        st.session_state[f"w_sig_{sid}"] = sid in start.needs
    st.session_state["url_problems"] = url_problems
    st.session_state["view_loaded"] = True

st.title("rolegraph explorer")
for problem in st.session_state.get("url_problems", []):
    st.warning(gv.md_escape(f"Link: {problem}"))

# A role picked on another graph may be missing from this one: drop it rather than fail.
st.session_state["w_roles"] = [r for r in st.session_state.get("w_roles") or [] if r in ROLE_IDS]
for name in ("w_path_from", "w_path_to", "w_a", "w_b"):
    if st.session_state.get(name) not in ROLE_IDS:
        st.session_state[name] = None

with st.sidebar:
    st.header("View")
    st.text_input("Search (label, id or synonym)", key="w_focus", placeholder="e.g. feature engineering, MLE, RAG")
    st.slider("Neighbourhood radius", 0, gv.MAX_RADIUS, key="w_radius")
    st.multiselect("Node types", list(NODE_TYPES), key="w_types", format_func=TYPE_NAMES.get, placeholder="all types")
    st.multiselect("Roles", ROLE_IDS, key="w_roles", format_func=ROLE_LABEL.get, placeholder="all roles")
    st.toggle("Physics (nodes move)", key="w_physics")

titles = list(gv.TABS.values())
tab_key = {title: key for key, title in gv.TABS.items()}
tabs = dict(zip(gv.TABS, st.tabs(titles, key="w_tab", on_change="rerun"), strict=True))


def current_view() -> gv.View:
    s = st.session_state
    return gv.with_(
        gv.View(),
        focus=(s.get("w_focus") or "").strip(),
        radius=int(s.get("w_radius", 1)),
        types=s.get("w_types") or (),
        roles=s.get("w_roles") or (),
        physics=bool(s.get("w_physics")),
        tab=tab_key.get(s.get("w_tab") or "", "graph"),
        owner=(s.get("w_owner") or "").strip(),
        path_from=s.get("w_path_from") or "",
        path_to=s.get("w_path_to") or "",
        a=s.get("w_a") or "",
        b=s.get("w_b") or "",
        jd=s.get("w_jd") or "",
        needs=[sid for sid in SIGNAL_IDS if s.get(f"w_sig_{sid}")],
        graph="" if s.get("w_graph") == DEFAULT_GRAPH else s.get("w_graph") or "",
        sparql=s.get("w_sparql") or "",
    )


def draw(nodes, *, focus=None, highlight=(), note="", title="rolegraph", height=700, where=None) -> None:
    page = render.html_page(
        where or rg,
        nodes,
        focus=focus,
        highlight=highlight,
        physics=st.session_state.get("w_physics", False),
        title=title,
        note=note,
        click_focus=True,
    )
    st.iframe(page, height=height)


def detail(iri: str) -> None:
    """The detail panel of the focused node."""
    d = backend.describe(iri)
    st.subheader(gv.md_escape(d["match"]["label"]))
    text(f"{TYPE_NAMES.get(d['match']['type'], d['match']['type'])} · id {d['match']['id']}")
    if d["definition"]:
        text(d["definition"])
    if d["alt_labels"]:
        text("Also called: " + ", ".join(d["alt_labels"]))
    if d["primary_output"]:
        text(f"Primary output: {d['primary_output']}")
    srcs = ["curated" if s["curated"] else s["label"] for s in d["sources"]]
    text("Source: " + ("; ".join(srcs) if srcs else "none given"))
    esco = [m for m in d["matches"] if "esco" in m]
    text("ESCO match: " + (", ".join(esco) if esco else "none known"))
    if d["zone"]:
        st.markdown("**Shared by**")
        st.dataframe([{"role": s["label"], "responsibility": s["responsibility"]} for s in d["zone"]["split"]], hide_index=True)
    rows = [
        {"direction": "→", "relation": rel, "node": r["label"], "type": r["type"], "source": nd.cite(r.get("sources", []))}
        for rel, refs in d["out"].items()
        for r in refs
    ]
    rows += [
        {"direction": "←", "relation": rel, "node": r["label"], "type": r["type"], "source": nd.cite(r.get("sources", []))}
        for rel, refs in d["in"].items()
        for r in refs
    ]
    if rows:
        st.markdown("**Relations**")
        st.dataframe(rows, hide_index=True)


@st.cache_data(max_entries=64, show_spinner=False)
def view_file(graph_key: str, view_key: str, fmt: str, _nodes: tuple[str, ...]) -> tuple[str, bytes, str]:
    """One export of one view, computed on first download; cached by the view's URL and the format."""
    return gv.export_file(drawn_rg, _nodes, fmt)


def export_picker(view: gv.View, nodes) -> None:
    """A format picker and one download button; the file is written only when the button is pressed."""
    choices = gv.export_choices(drawn_rg, nodes)
    offered = {c["format"]: c for c in choices if c["available"]}
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    fmt = c1.selectbox("Export this view", list(offered), key="w_export", format_func=lambda f: f"{f}: {offered[f]['what']}", index=0)
    fmt = fmt if fmt in offered else next(iter(offered))
    key = gv.drawing_key(view)
    c2.download_button(
        "Download",
        data=lambda: view_file(GRAPH_TOKEN + (f":endpoint:{ENDPOINT}" if ON_ENDPOINT else ""), key, fmt, tuple(nodes))[1],
        file_name=offered[fmt]["file_name"],
        mime=gv.export_mime(fmt),
        on_click="ignore",
        key="export_download",
    )
    missing = [c for c in choices if not c["available"]]
    if missing:
        st.caption(gv.md_escape(f"Not offered here: {', '.join(c['format'] for c in missing)}; {missing[0]['why']}."))


def around(view: gv.View):
    """The graph a view is drawn from: the loaded graph, or on an endpoint the focus's neighbourhood there."""
    if not ON_ENDPOINT:
        return rg
    start = view.focus.strip() or (ROLE_IDS[0] if ROLE_IDS else "")
    return backend.graph_around(start, radius=view.radius)


with tabs["graph"]:
    view = current_view()
    try:
        drawn_rg = around(view)
        picked = gv.select(drawn_rg, view)
    except UnknownNameError as err:
        show_error(err)
        view = gv.with_(view, focus="")
        drawn_rg = around(view)
        picked = gv.select(drawn_rg, view)
    except RolegraphError as err:
        show_error(err)
        view = gv.View()
        drawn_rg = around(view)
        picked = gv.select(drawn_rg, view)
    left, right = st.columns([5, 2])
    with left:
        if picked["note"]:
            st.info(picked["note"])
        st.caption(f"Drawing {len(picked['nodes'])} of {picked['total']} matching nodes.")
        draw(picked["nodes"], focus=picked["focus"], note=picked["note"], where=drawn_rg)
        export_picker(view, picked["nodes"])
    with right:
        if picked["focus"]:
            detail(picked["focus"])
        else:
            st.caption("Search for a node in the sidebar, or click one in the drawing, to see its details here.")

with tabs["owner"]:
    st.text_input("Skill, deliverable, tool or zone", key="w_owner", placeholder="e.g. feature engineering")
    query = (st.session_state.get("w_owner") or "").strip()
    ans = ask("owner", query) if query else None
    if ans:
        st.subheader(gv.md_escape(f"{ans['match']['label']} ({TYPE_NAMES.get(ans['match']['type'], ans['match']['type'])})"))
        owners = ans["owners"]
        if owners:
            text("Owned by: " + ", ".join(f"{o['label']} ({o['level']})" for o in owners))
            cited = [
                {
                    "id": o["id"],
                    "label": o["label"],
                    "level": o["level"],
                    "cited": nd.cite([s for e in o.get("edges", []) for s in e["sources"]]),
                }
                for o in owners
            ]
            st.dataframe(cited, hide_index=True, key="owner_table")  # each owner with the sources of the edges behind it
        else:
            st.info("No role owns this node.")
        if ans["zone"]:
            z = ans["zone"]
            text(f"In the overlap zone {z['label']}, shared by {', '.join(ROLE_LABEL.get(r, r) for r in z['roles'])}")
            st.dataframe([{"role": s["label"], "responsibility": s["responsibility"]} for s in z["split"]], hide_index=True)
        text("Source: " + ("; ".join("curated" if s["curated"] else s["label"] for s in ans["sources"]) or "none given"))
        if ans["alternatives"]:
            text("Other close matches: " + ", ".join(a["label"] for a in ans["alternatives"]))


def role_pickers(first: str, second: str, labels: tuple[str, str]) -> tuple[str | None, str | None]:
    c1, c2 = st.columns(2)
    c1.selectbox(labels[0], ROLE_IDS, key=first, format_func=ROLE_LABEL.get, index=None, placeholder="choose a role")
    c2.selectbox(labels[1], ROLE_IDS, key=second, format_func=ROLE_LABEL.get, index=None, placeholder="choose a role")
    return st.session_state.get(first), st.session_state.get(second)


with tabs["path"]:
    start, goal = role_pickers("w_path_from", "w_path_to", ("From role", "To role"))
    ans = ask("path", start, goal) if start and goal else None
    if ans:
        steps, picture = st.columns([2, 3])
        with steps:
            text(f"To move from {ans['from']['label']} to {ans['to']['label']}, learn (prerequisites first):")
            st.dataframe([{"step": i, **s} for i, s in enumerate(ans["learn"], 1)], hide_index=True, key="path_table")
            if ans["bridges"]:
                text("Overlap zones on the way: " + ", ".join(b["label"] for b in ans["bridges"]))
            if ans["tools"]:
                text("Tools to pick up: " + ", ".join(t["label"] for t in ans["tools"]))
        with picture:
            # On an endpoint, the drawing comes from the neighbourhood of the goal that holds the path.
            where = backend.graph_around(ans["to"]["id"], radius=max(1, len(ans["hops"]) - 1)) if ON_ENDPOINT else rg
            hops = [where.ids[h] for h in ans["hops"] if h in where.ids]
            nodes = hops + [where.ids[s["id"]] for s in ans["learn"] if s["id"] in where.ids]
            st.caption("The path between the roles is drawn in red; the skills to learn around it.")
            draw(nodes, focus=where.ids[ans["to"]["id"]], highlight=hops, title="learning path", height=700, where=where)

with tabs["compare"]:
    first, second = role_pickers("w_a", "w_b", ("Role A", "Role B"))
    ans = ask("compare", first, second) if first and second else None
    if ans:
        st.image(render.venn_svg(len(ans["only_a"]), len(ans["shared"]), len(ans["only_b"]), ans["a"]["label"], ans["b"]["label"]))
        c1, c2, c3 = st.columns(3)
        for col, key, head in (
            (c1, "only_a", f"Only {ans['a']['label']}"),
            (c2, "shared", "Shared"),
            (c3, "only_b", f"Only {ans['b']['label']}"),
        ):
            with col:
                st.markdown(f"**{gv.md_escape(head)}** ({len(ans[key])})")
                st.dataframe([{"label": x["label"], "type": x["type"]} for x in ans[key]], hide_index=True, key=f"cmp_{key}")
        if ans["zones"]:
            text("Shared overlap zones: " + ", ".join(z["label"] for z in ans["zones"]))


def need_answer(ans: dict, where: str) -> None:
    """A need answer: the verdict, the ranking, flags, advice and the evidence per role, each with its sources."""
    text(nd.verdict_text(ans))
    st.dataframe(nd.ranking_rows(ans), hide_index=True, key=f"{where}_ranking")
    for flag in ans["flags"]:
        st.warning(gv.md_escape(nd.flag_text(flag)))
    if ans["advice_items"]:
        st.markdown("**Advice**")
        for a in nd.advice_rows(ans):
            text(f"{a['text']} (sources: {a['sources'] or 'none given'})")
    for r in ans["ranking"]:
        if r["evidence"]:
            with st.expander(gv.md_escape(f"Evidence for {r['label']} ({len(r['evidence'])})")):
                st.dataframe(nd.evidence_rows(r), hide_index=True, key=f"{where}_evidence_{r['id']}")
    if nd.not_counted_rows(ans):
        with st.expander(gv.md_escape(f"Not counted ({len(nd.not_counted_rows(ans))}): ruled out, or another team's work")):
            st.dataframe(nd.not_counted_rows(ans), hide_index=True, key=f"{where}_not_counted")


with tabs["need"]:
    by_text, by_list = st.tabs(["From a job description", "From a checklist of needs"])
    with by_text:
        st.text_area("Paste a job description", key="w_jd", height=180, placeholder="We need someone to build batch pipelines ...")
        jd = st.session_state.get("w_jd") or ""
        occ = st.toggle(nd.OCCUPATIONS_TOGGLE, key="w_need_occupations", help=nd.OCCUPATIONS_HELP)
        ans = ask("need", jd, None, occ) if jd.strip() else None
        if ans:
            if not ON_ENDPOINT:
                st.html(nd.highlight_html(rg, jd, ans))
            need_answer(ans, "jd")
    with by_list:
        st.caption("Tick what your team needs; each need points at the role the article names for it.")
        cols = st.columns(len(CHECKLIST) or 1)
        for col, group in zip(cols, CHECKLIST, strict=False):
            with col:
                st.markdown(f"**{gv.md_escape(group['title'])}**")
                for s in group["signals"]:
                    st.checkbox(gv.md_escape(s["label"]), key=f"w_sig_{s['id']}", help=gv.md_escape(s["definition"]))
        ticked = [sid for sid in SIGNAL_IDS if st.session_state.get(f"w_sig_{sid}")]
        ans = ask("need_from_signals", ticked) if ticked else None
        if ans:
            need_answer(ans, "sig")

with tabs["sparql"]:
    st.caption(
        gv.md_escape(
            f"Read-only SPARQL (SELECT, ASK, CONSTRUCT, DESCRIBE) on {backend.where()}; "
            f"prefixes {', '.join(gsparql.PREFIXES)} are declared for you."
        )
    )
    st.text_area(
        "SPARQL query", key="w_sparql", height=160, placeholder="SELECT ?role ?label WHERE { ?role a rg:Role ; skos:prefLabel ?label }"
    )
    q = st.session_state.get("w_sparql") or ""
    res = ask("sparql", q) if q.strip() else None
    if res is not None:
        head, rows = gsparql.as_rows(res)
        st.caption(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")
        st.dataframe([dict(zip(head, r, strict=False)) for r in rows], hide_index=True, key="sparql_table")

# Keep the URL in step with what is on screen, so the address can be shared.
wanted = gv.encode(current_view())
if wanted != st.query_params.to_dict():
    st.query_params.from_dict(wanted)
