"""The rolegraph explorer (Streamlit): ``make run``, ``rolegraph app``, or ``streamlit run app.py``.

This file is the only code that imports Streamlit: it lays out widgets and calls the
library (``graph/``, imported as ``rolegraph``) for every answer, keeps the view
in the URL (:mod:`rolegraph.explorer.state`) and turns errors into ``st.error``.
The sidebar's "Graph" choice offers the built-in graph with each file of
ROLEGRAPH_DATA (paths separated by the OS path separator) or of
ROLEGRAPH_IMPORTS_DIR; a taxonomy folder under ROLEGRAPH_TAXONOMY_DIR can be
imported from the sidebar; a file uploaded in the sidebar belongs to the session
that uploaded it (rolegraph.session). A "SPARQL endpoint" (default
ROLEGRAPH_ENDPOINT) runs the queries there instead. ROLEGRAPH_NO_BUILTIN=1 leaves
the built-in graph out.
"""

from __future__ import annotations

import os
import tempfile
import uuid

import rolegraph
import streamlit as st
from rolegraph import export as gexport
from rolegraph import need_display as nd
from rolegraph import render, sparql_run
from rolegraph import session as gs
from rolegraph import sparql as gsparql
from rolegraph import view as gv
from rolegraph.backend import EndpointBackend, MemoryBackend
from rolegraph.domain import KIND_STYLES, NODE_TYPES, level_text, relation_text, source_name
from rolegraph.endpoint import visitor_endpoint, visitor_endpoints_enabled
from rolegraph.errors import RolegraphError, UnknownNameError
from rolegraph.escape import md_escape
from rolegraph.explorer import markup, taxonomy
from rolegraph.explorer import state as us
from rolegraph.present import cite, cited, split_rows

TYPE_NAMES = {t: KIND_STYLES[t][0] for t in NODE_TYPES}
GRAPH_HEIGHT = 640


@st.cache_resource(show_spinner="Loading the role graph ...", max_entries=4)
def load_graph(paths: tuple[str, ...], builtin: bool) -> rolegraph.RoleGraph:
    """The loaded graph, shared by every session. Never mutate it."""
    return rolegraph.load(paths, builtin=builtin)


@st.cache_resource(show_spinner="Connecting to the SPARQL endpoint ...")
def endpoint_backend(url: str, timeout: float):
    """One backend per endpoint URL and timeout, shared by every session (it holds no data)."""
    return EndpointBackend(visitor_endpoint(url, timeout=timeout))  # credentials go to the operator's endpoint only


def show_error(err) -> None:
    st.error(md_escape(str(err)))


def did_you_mean(err: UnknownNameError, pick, key: str) -> None:
    """An unknown name's error, and a button for each plausible node it lists: a click runs ``pick(id, label)``."""
    show_error(err)
    if err.suggestions:
        cols = st.columns(len(err.suggestions[:5]))
        for i, (col, s) in enumerate(zip(cols, err.suggestions[:5], strict=False)):
            col.button(md_escape(s["label"]), key=f"{key}_{i}", on_click=pick, args=(s["id"], s["label"]), help=s["id"])


def text(value) -> None:
    """Graph text shown as Markdown, escaped so it stays text."""
    st.markdown(md_escape(value))


# ---------------------------------------------------------------------- small pieces of the page


def page_style() -> None:
    st.html(markup.PAGE_CSS)


def table(rows, head=None) -> None:
    """Show ``rows`` as a table whose cells wrap, so no text is cut."""
    if rows:
        st.html(markup.table_html(rows, head))


@st.cache_resource
def _drawing_component():
    _, css = render.vis_assets()
    return st.components.v2.component("rolegraph.graph", js=markup.component_js(), css=css + markup.COMPONENT_CSS, isolate_styles=False)


def graph_component(drawing: dict, *, caption: str, height: int = 600, key: str = "graph", on_click=None) -> None:
    """Draw ``drawing`` (from :func:`rolegraph.render.drawing`); a click sends the node's id back without reloading
    the page, and ``on_click`` runs before the rerun it starts (put the focus change there). vis-network goes to the
    browser once per session."""
    data = markup.component_data(drawing, caption=caption, height=height, with_lib=not st.session_state.get("rolegraph_lib_sent"))
    st.session_state["rolegraph_lib_sent"] = True
    _drawing_component()(
        key=key, data=data, height=height + 76, on_clicked_change=on_click or (lambda: None), on_missing_lib_change=_resend_lib
    )


def _resend_lib() -> None:
    """The page lost vis-network (a reconnect): send it again on this run."""
    st.session_state["rolegraph_lib_sent"] = False


def import_panel() -> None:
    """The sidebar's "Import a taxonomy" part: a folder picker and a button (shown only when folders are offered)."""
    offered = taxonomy.folders()
    if not offered:
        st.caption("To import ESCO here, start the app with ROLEGRAPH_TAXONOMY_DIR naming a folder that holds it.")
        return
    name = st.selectbox("Import a taxonomy (ESCO)", list(offered), key="w_taxonomy")
    if not st.button("Import", key="w_import"):
        return
    bar = st.progress(0.0, text="Importing ...")
    try:
        summary, out = taxonomy.import_offered(offered[name], bar)
    except RolegraphError as err:
        st.error(str(err))
        return
    bar.progress(1.0, text=f"Imported {summary['occupations']:,} occupations and {summary['skills']:,} skills")
    st.session_state["w_graph_next"] = f"Built-in + {out.name}"
    st.rerun()


class Page:
    """One run of the page: the session's graph, backend and the widgets, laid out top to bottom."""

    def __init__(self):
        self.s = st.session_state
        self.builtin = os.environ.get("ROLEGRAPH_NO_BUILTIN", "") != "1"

    # ------------------------------------------------------------------ data

    def choose_graph(self) -> None:
        self.graphs = gs.graph_choices(taxonomy.environ())
        self.default_graph = gs.default_choice(self.graphs)
        imported = self.s.pop("w_graph_next", None)  # a taxonomy the sidebar just imported
        if imported in self.graphs:
            self.s["w_graph"] = imported
        if self.s.get("w_graph") not in self.graphs:
            self.s["w_graph"] = self.default_graph
        chosen = self.graphs[self.s["w_graph"]]
        try:
            self.rg = load_graph(chosen, self.builtin)
        except RolegraphError as err:
            show_error(err)
            st.stop()
        self.chosen = chosen

    def data_sidebar(self) -> None:
        with st.expander("Data and taxonomies", expanded=False):
            st.selectbox("Graph", list(self.graphs), key="w_graph")
            import_panel()
            self.upload = st.file_uploader("Add RDF (this session only)", type=list(gs.UPLOAD_TYPES), key="w_upload")
            st.text_input(
                "SPARQL endpoint", key="w_endpoint", placeholder="empty: the in-memory graph", disabled=not visitor_endpoints_enabled()
            )
            st.number_input("Endpoint timeout (s)", min_value=1.0, max_value=600.0, step=5.0, key="w_timeout")

    def apply_upload(self) -> None:
        """This session's upload: loaded beside the chosen graph into a graph of its own, held by the sessions' budget."""
        upload = self.upload
        folder = self.s["upload_dir"]
        if upload is None:
            gs.drop_upload(folder)  # its memory goes back to the budget of all sessions
            for name in ("upload_graph", "upload_key", "upload_error", "upload_token"):
                self.s.pop(name, None)
        else:
            wanted_key = (upload.file_id, self.chosen)
            held = gs.session_graph(folder)  # None once set aside to free memory: loaded again
            if self.s.get("upload_key") != wanted_key or (held is None and not self.s.get("upload_error")):
                self.s["upload_key"] = wanted_key
                try:
                    gs.check_upload(upload.name, upload.size)  # before reading the file
                    held = gs.load_upload(upload.name, upload.getvalue(), self.chosen, folder, builtin=self.builtin)
                    self.s["upload_token"] = uuid.uuid4().hex  # names this graph in the export cache
                except RolegraphError as err:
                    self.s["upload_error"] = str(err)
                else:
                    self.s.pop("upload_error", None)
            if self.s.get("upload_error"):
                show_error(self.s["upload_error"])
            self.rg = held if held is not None else self.rg
        # What the drawn graph is, for the export cache: never id(), which a later session's graph may reuse.
        self.graph_token = self.s.get("upload_token") or f"shared:{self.builtin}:{self.chosen}"

    def choose_backend(self) -> None:
        self.backend = MemoryBackend(self.rg)
        endpoint = (self.s.get("w_endpoint") or "").strip()
        if endpoint:
            try:
                timeout = float(self.s.get("w_timeout") or 30.0)
                remote = endpoint_backend(endpoint, timeout)
                pings = self.s.setdefault("pings", {})  # once per session and endpoint; a failure is retried
                where = pings.get((endpoint, timeout)) or remote.ping()
                pings[(endpoint, timeout)] = where
            except RolegraphError as err:
                show_error(f"SPARQL endpoint not used: {err}")
            else:
                self.backend = remote
                st.sidebar.caption(md_escape(f"Querying {remote.where()}: {where['triples']:,} triples"))
        self.endpoint = endpoint if self.backend.kind == "endpoint" else ""
        offered = self.backend.pickers()
        self.roles, self.checklist = offered["roles"], offered["checklist"]
        self.role_ids = [r["id"] for r in self.roles]
        self.role_label = {r["id"]: f"{r['label']} — {r['source']}" if r.get("source") else r["label"] for r in self.roles}
        self.role_name = {r["id"]: r["label"] for r in self.roles}
        home = set(offered["home"])
        self.home_ids = [r for r in self.role_ids if r in home]
        self.signal_ids = [s["id"] for g in self.checklist for s in g["signals"]]

    def ask(self, name: str, *texts, pick=None, **options):
        """The backend's answer to question ``name`` (memory or endpoint), or None after showing its error
        (for an unknown name, with a button per plausible node, running ``pick(id, label)``)."""
        try:
            return self.backend.sparql(*texts) if name == "sparql" else self.backend.ask(name, *texts, **options)
        except UnknownNameError as err:
            did_you_mean(err, pick, f"pick_{name}") if pick else show_error(err)
            return None
        except RolegraphError as err:
            show_error(err)
            return None

    # ------------------------------------------------------------------ URL state

    def url_changed(self) -> bool:
        """Whether the address holds something this session did not write (a first visit, a link, Back)."""
        return self.s.get("url_written") != st.query_params.to_dict()

    def read_url(self) -> tuple[us.View, list[str]]:
        start, problems = us.decode(st.query_params.to_dict())
        if start.graph and start.graph not in self.graphs:
            problems.append(f"unknown graph {start.graph!r}; use one of {', '.join(self.graphs)}")
        self.s["w_graph"] = start.graph if start.graph in self.graphs else self.default_graph
        return start, problems

    def apply_view(self, start: us.View, problems: list[str]) -> None:
        """Every value of the link put into the widgets' state, before any of them is built."""
        start, named = us.check_names(
            start, self.role_ids, self.signal_ids, lambda n: self.backend.resolve(n, types={"role"}, expected="role")
        )
        problems += named
        self.set_focus(start.focus)
        for name in ("radius", "physics", "owner", "jd", "sparql"):
            self.s[f"w_{name}"] = getattr(start, name)
        self.s["w_types"] = list(start.types)
        self.s["w_roles"] = [r for r in start.roles if r in self.role_ids]
        for name in ("path_from", "path_to", "a", "b"):
            self.s[f"w_{name}"] = getattr(start, name) or None
        self.s["w_tab"] = us.TABS[start.tab]
        for sid in self.signal_ids:
            self.s[f"w_sig_{sid}"] = sid in start.needs
        self.s["url_problems"] = problems

    def current_view(self) -> us.View:
        s = self.s
        return us.with_(
            us.View(),
            focus=s.get("focus") or "",
            radius=int(s.get("w_radius", 1)),
            types=s.get("w_types") or (),
            roles=s.get("w_roles") or (),
            physics=bool(s.get("w_physics")),
            tab=self.tab_key.get(s.get("w_tab") or "", "graph"),
            owner=(s.get("w_owner") or "").strip(),
            path_from=s.get("w_path_from") or "",
            path_to=s.get("w_path_to") or "",
            a=s.get("w_a") or "",
            b=s.get("w_b") or "",
            jd=s.get("w_jd") or "",
            needs=[sid for sid in self.signal_ids if s.get(f"w_sig_{sid}")],
            graph="" if s.get("w_graph") == self.default_graph else s.get("w_graph") or "",
            sparql=s.get("w_sparql") or "",
        )

    def write_url(self) -> None:
        """Keep the address in step with what is on screen (each change is a browser history entry)."""
        wanted = us.encode(self.current_view())
        if wanted != st.query_params.to_dict():
            st.query_params.from_dict(wanted)
        self.s["url_written"] = wanted

    # ------------------------------------------------------------------ focus and search

    def label_of(self, name: str) -> str:
        try:
            return self.backend.resolve(name)["label"]
        except RolegraphError:
            return name

    def set_focus(self, name: str, label: str | None = None) -> None:
        """Focus the drawing on ``name`` (an id or what the user typed); the search box shows its label."""
        self.s["focus"] = name
        self.s["w_search"] = (label or self.label_of(name)) if name else ""
        self.s.pop("search_matches", None)

    def on_search(self) -> None:
        typed = (self.s.get("w_search") or "").strip()
        if not typed:
            self.set_focus("")
            return
        try:
            best = self.backend.resolve(typed)
        except RolegraphError:
            self.s["focus"] = typed  # the drawing says what was meant
            return
        self.set_focus(best["id"], best["label"])
        found = {c["id"]: c for c in self.backend.candidates(typed, limit=8)} | {best["id"]: best}
        others = [n for n in found if n != best["id"]]
        if others:
            self.s["search_found"] = {n: {"label": c["label"], "type": c["type"], "iri": c["iri"]} for n, c in found.items()}
            self.s["search_matches"] = [best["id"], *others]
            self.s["w_match"] = best["id"]

    def on_match(self) -> None:
        chosen = self.s.get("w_match")
        matches = self.s.get("search_matches")
        if chosen:
            self.set_focus(chosen)
            self.s["search_matches"] = matches
            self.s["w_match"] = chosen

    def on_click(self) -> None:
        state = self.s.get("graph")
        clicked = getattr(state, "clicked", None) if state is not None else None
        if clicked is None and isinstance(state, dict):
            clicked = state.get("clicked")
        if clicked:
            self.set_focus(str(clicked))

    @staticmethod
    def node_option(node_id: str, found: dict) -> str:
        d = found.get(node_id) or {"label": node_id, "type": "", "iri": node_id}
        return f"{d['label']} — {TYPE_NAMES.get(d['type'], d['type']).lower()}, {source_name(d['iri'])}"

    def view_sidebar(self) -> None:
        """The view settings, first in the sidebar (laid out in its top container, see :meth:`run`)."""
        st.slider("Neighbourhood radius", 0, us.MAX_RADIUS, key="w_radius", help="how many steps out from the focused node")
        st.multiselect(
            "Node types",
            list(NODE_TYPES),
            key="w_types",
            format_func=TYPE_NAMES.get,
            placeholder="the article's map (roles, zones, deliverables)",
        )
        st.multiselect("Roles", self.home_ids, key="w_roles", format_func=self.role_name.get, placeholder="all roles")
        st.toggle("Physics (nodes move)", key="w_physics")

    # ------------------------------------------------------------------ tabs

    def draw(self, where, nodes, *, focus=None, highlight=(), order=(), had=(), caption="", key="graph", clickable=True) -> None:
        physics = self.s.get("w_physics", False)
        data = render.drawing(where, nodes, focus=focus, highlight=highlight, order=order, had=had, physics=physics)
        graph_component(data, caption=caption, height=GRAPH_HEIGHT, key=key, on_click=self.on_click if clickable else None)

    def around(self, view: us.View):
        """The graph a view is drawn from: the loaded graph, or on an endpoint the focus's neighbourhood there."""
        start = view.focus.strip() or (self.home_ids[0] if self.home_ids else "")
        return self.backend.graph_around(start, radius=view.radius) if start else self.rg

    def search_box(self) -> None:
        """The search, above the drawing; with several fitting nodes, a picker of them with their sources."""
        left, right = st.columns([3, 2])
        left.text_input(
            "Search (label, id or synonym)",
            key="w_search",
            on_change=self.on_search,
            placeholder="e.g. feature engineering, MLE, RAG",
        )
        matches = self.s.get("search_matches")
        if matches:
            found = self.s.get("search_found", {})
            right.selectbox("Matches", matches, key="w_match", format_func=lambda n: self.node_option(n, found), on_change=self.on_match)

    @st.fragment
    def graph_tab(self) -> None:
        """Search, drawing, detail panel and export: a click or a search reruns only this part of the page."""
        self.search_box()
        view = self.current_view()
        graph_key = f"{self.graph_token}:endpoint:{self.endpoint}"
        physics = bool(self.s.get("w_physics"))
        try:
            self.drawn_rg = self.around(view)
            picked, data = view_drawing(self.drawn_rg, graph_key, us.drawing_key(view), view, physics)
        except UnknownNameError as err:
            did_you_mean(err, self.set_focus, "pick_focus")
            view = us.with_(view, focus="")
            self.drawn_rg = self.around(view)
            picked, data = view_drawing(self.drawn_rg, graph_key, us.drawing_key(view), view, physics)
        except RolegraphError as err:
            show_error(err)
            view = us.View()
            self.drawn_rg = self.around(view)
            picked, data = view_drawing(self.drawn_rg, graph_key, us.drawing_key(view), view, physics)
        if picked["note"]:
            st.info(picked["note"])
        caption = f"Drawing {len(picked['nodes'])} of {picked['total']} matching nodes."
        if picked["map"]:
            caption += " The article's map: skills and tools are folded (pick node types, or click a node, to open them)."
        caption += " Click a node to focus on it; hover an arrow to read the relation."
        graph_component(data, caption=caption, height=GRAPH_HEIGHT, key="graph", on_click=self.on_click)
        left, right = st.columns([3, 2])
        with left:
            if picked["focus"]:
                self.detail(picked["focus"])
            else:
                st.caption("Search for a node above, or click one in the drawing, to see its details here.")
        with right:
            self.export_picker(view, picked["nodes"])
        self.write_url()

    def detail(self, iri: str) -> None:
        """The detail panel of the focused node."""
        d = self.backend.ask("describe", self.drawn_rg.G.nodes[iri]["id"] if iri in self.drawn_rg.G else iri)
        m = d["match"]
        st.subheader(md_escape(m["label"]))
        text(f"{TYPE_NAMES.get(m['type'], m['type'])} · from {source_name(self.rg.ids.get(m['id'], m['id']))}")
        if d["definition"]:
            text(d["definition"])
        if d["alt_labels"]:
            text("Also called: " + ", ".join(d["alt_labels"]))
        if d["primary_output"]:
            text(f"Primary output: {d['primary_output']}")
        srcs = ["curated" if s["curated"] else s["label"] for s in d["sources"]]
        text("Source: " + ("; ".join(srcs) if srcs else "none given"))
        st.html(markup.matches_html(d["matches"], self.rg))
        if d["zone"]:
            st.markdown("**Shared by** (each role's side of the zone)")
            table(split_rows(d["zone"]))
        rows = [
            {"from": m["label"], "relation": relation_text(rel), "to": r["label"], "source": cite(r.get("sources", []))}
            for rel, refs in d["out"].items()
            for r in refs
        ]
        rows += [
            {"from": r["label"], "relation": relation_text(rel), "to": m["label"], "source": cite(r.get("sources", []))}
            for rel, refs in d["in"].items()
            for r in refs
        ]
        if rows:
            st.markdown("**Relations**")
            table(rows)

    def export_picker(self, view: us.View, nodes) -> None:
        """A format picker and one download button; the file is written only when the button is pressed."""
        drawn = self.drawn_rg
        choices = gexport.offers(drawn, nodes)
        offered = {c["format"]: c for c in choices if c["available"]}
        first = "handout-html" if "handout-html" in offered else next(iter(offered))
        if self.s.get("w_export") not in offered or self.s.get("export_default") != first:
            self.s["w_export"] = first  # the handout when a role is in view, else the first data format
            self.s["export_default"] = first
        fmt = st.selectbox("Export this view", list(offered), key="w_export", format_func=lambda f: f"{f}: {offered[f]['what']}")
        key = us.drawing_key(view)
        token = f"{self.graph_token}:endpoint:{self.endpoint}"
        st.download_button(
            "Download",
            data=lambda: view_file(drawn, token, key, fmt, tuple(nodes))[1],
            file_name=offered[fmt]["file_name"],
            mime=gexport.mime_type(fmt),
            on_click="ignore",
            key="export_download",
        )
        missing = [c for c in choices if not c["available"]]
        if missing:
            st.caption(md_escape(f"Not offered here: {', '.join(c['format'] for c in missing)}; {missing[0]['why']}."))

    def owner_tab(self) -> None:
        st.text_input("Skill, deliverable, tool or zone", key="w_owner", placeholder="e.g. feature engineering")
        query = (self.s.get("w_owner") or "").strip()
        ans = self.ask("owner", query, pick=self.pick_owner) if query else None
        if not ans:
            return
        st.subheader(md_escape(f"{ans['match']['label']} ({TYPE_NAMES.get(ans['match']['type'], ans['match']['type'])})"))
        owners = ans["owners"]
        if owners:
            text("Owned by: " + ", ".join(f"{o['label']} ({o['level']})" for o in owners))
            table(
                [
                    {
                        "role": o["label"],
                        "level": o["level"],
                        "what the level means": level_text(o["level"]),
                        "cited": cited(o.get("edges", [])),  # the edges behind it
                    }
                    for o in owners
                ]
            )
        else:
            st.info("No role owns this node.")
        if ans["zone"]:
            z = ans["zone"]
            names = {r["id"]: r["label"] for r in self.roles}
            text(f"In the overlap zone {z['label']}, shared by {', '.join(names.get(r, r) for r in z['roles'])}")
            table(split_rows(z))
        text("Source: " + ("; ".join("curated" if s["curated"] else s["label"] for s in ans["sources"]) or "none given"))
        if ans["alternatives"]:
            text("Other close matches: " + ", ".join(a["label"] for a in ans["alternatives"]))

    def pick_owner(self, node_id: str, label: str) -> None:
        self.s["w_owner"] = node_id  # the id: a label may name two nodes

    def role_pickers(self, first: str, second: str, labels: tuple[str, str]) -> tuple[str | None, str | None]:
        c1, c2 = st.columns(2)
        fmt = self.role_label.get
        hint = f"type to search {len(self.role_ids):,} roles"
        c1.selectbox(labels[0], self.role_ids, key=first, format_func=fmt, index=None, placeholder=hint)
        c2.selectbox(labels[1], self.role_ids, key=second, format_func=fmt, index=None, placeholder=hint)
        return self.s.get(first), self.s.get(second)

    def path_tab(self) -> None:
        start, goal = self.role_pickers("w_path_from", "w_path_to", ("From role", "To role"))
        ans = self.ask("path", start, goal) if start and goal else None
        if not ans:
            return
        where = self.backend.graph_around(ans["to"]["id"], radius=max(1, len(ans["hops"]) - 1))
        learn = [where.ids[s["id"]] for s in ans["learn"] if s["id"] in where.ids]
        hops = [where.ids[h] for h in ans["hops"] if h in where.ids]
        have = [h for h in hops if h not in set(learn) and where.G.nodes[h]["type"] not in ("role", "overlap_zone")]
        ends = [where.ids[ans["from"]["id"]], where.ids[ans["to"]["id"]]]
        text(f"To move from {ans['from']['label']} to {ans['to']['label']}, learn these {len(learn)} steps, prerequisites first.")
        st.caption(
            "The roadmap reads left to right, row by row; arrows join a prerequisite to what it comes before, "
            "the red line is the shortest way through the graph, and grey boxes are what a "
            f"{ans['from']['label']} already has."
        )
        caption = f"Learning roadmap: {len(learn)} steps from {ans['from']['label']} to {ans['to']['label']}."
        order = [ends[0], *learn, ends[1]]
        self.draw(where, [*ends, *learn, *hops], order=order, had=have, highlight=hops, caption=caption, key="roadmap", clickable=False)
        rows = []
        for i, s in enumerate(ans["learn"], 1):
            node = where.G.nodes.get(where.ids.get(s["id"], ""), {})
            sources = (
                "curated" if node.get("curated") else ", ".join(where.sources.get(x, {}).get("label", "") for x in node.get("sources", []))
            )
            rows.append(
                {
                    "step": str(i),
                    "learn": s["label"],
                    "kind": TYPE_NAMES.get(s["type"], s["type"]),
                    "what it is": node.get("definition") or "",
                }
                | {"source": sources}
            )
        table(rows)
        if have:
            text("Already had on the way: " + ", ".join(where.G.nodes[h]["label"] for h in have))
        if ans["bridges"]:
            text("Overlap zones on the way: " + ", ".join(b["label"] for b in ans["bridges"]))
        if ans["tools"]:
            text("Tools to pick up: " + ", ".join(t["label"] for t in ans["tools"]))

    def compare_tab(self) -> None:
        first, second = self.role_pickers("w_a", "w_b", ("Role A", "Role B"))
        ans = self.ask("compare", first, second) if first and second else None
        if not ans:
            return
        st.image(render.venn_svg(len(ans["only_a"]), len(ans["shared"]), len(ans["only_b"]), ans["a"]["label"], ans["b"]["label"]))
        cols = st.columns(3)
        for col, key, head in (
            (cols[0], "only_a", f"Only {ans['a']['label']}"),
            (cols[1], "shared", "Shared"),
            (cols[2], "only_b", f"Only {ans['b']['label']}"),
        ):
            with col:
                st.markdown(f"**{md_escape(head)}** ({len(ans[key])})")
                table([{"name": x["label"], "kind": TYPE_NAMES.get(x["type"], x["type"])} for x in ans[key]])
        if ans["zones"]:
            text("Shared overlap zones: " + ", ".join(z["label"] for z in ans["zones"]))

    def need_answer(self, ans: dict, where: str) -> None:
        """A need answer: a headline that agrees with the flags, the ranking, advice and the evidence per role."""
        text(markup.need_headline(ans))
        st.caption(
            "score: how much of the text points at the role; share: its part of all the evidence; "
            "at depth: the text asks for enough of this role's own work (not only skills it shares with others), "
            "and nearly as much as for the best match, to count as a job of its own."
        )
        st.dataframe(nd.ranking_rows(ans), hide_index=True, key=f"{where}_ranking")
        for flag in ans["flags"]:
            st.warning(md_escape(nd.flag_text(flag)))
        if ans["advice_items"]:
            st.markdown("**Advice**")
            for a in nd.advice_rows(ans):
                text(f"{a['text']} (sources: {a['sources'] or 'none given'})")
        for r in ans["ranking"]:
            if r["evidence"]:
                with st.expander(md_escape(f"Evidence for {r['label']} ({len(r['evidence'])})")):
                    table(nd.evidence_rows(r))
        not_counted = nd.not_counted_rows(ans)
        if not_counted:
            with st.expander(md_escape(f"Not counted ({len(not_counted)}): ruled out, or another team's work")):
                st.dataframe(not_counted, hide_index=True, key=f"{where}_not_counted")

    def need_tab(self) -> None:
        by_text, by_list = st.tabs(["From a job description", "From a checklist of needs"])
        with by_text:
            st.text_area("Paste a job description", key="w_jd", height=180, placeholder="We need someone to build batch pipelines ...")
            jd = self.s.get("w_jd") or ""
            occupations = st.toggle(nd.OCCUPATIONS_TOGGLE, key="w_need_occupations", help=nd.OCCUPATIONS_HELP)
            ans = self.ask("need", text=jd, occupations=occupations) if jd.strip() else None
            if ans:
                if self.backend.kind == "memory":  # the highlighter reads the whole graph's phrase index
                    st.html(nd.highlight_html(self.rg, jd, ans))
                self.need_answer(ans, "jd")
        with by_list:
            st.caption("Tick what your team needs; each need points at the role the article names for it.")
            cols = st.columns(min(len(self.checklist), 2) or 1)
            for i, group in enumerate(self.checklist):
                with cols[i % len(cols)]:
                    st.markdown(f"**{md_escape(group['title'])}**")
                    for s in group["signals"]:
                        st.checkbox(md_escape(s["label"]), key=f"w_sig_{s['id']}", help=md_escape(s["definition"]))
            ticked = [sid for sid in self.signal_ids if self.s.get(f"w_sig_{sid}")]
            ans = self.ask("need_from_signals", signals=ticked) if ticked else None
            if ans:
                self.need_answer(ans, "sig")

    def sparql_tab(self) -> None:
        st.caption(
            md_escape(
                f"Read-only SPARQL (SELECT, ASK, CONSTRUCT, DESCRIBE) on {self.backend.where()}; "
                f"prefixes {', '.join(gsparql.PREFIXES)} are declared for you."
            )
        )
        st.text_area(
            "SPARQL query", key="w_sparql", height=160, placeholder="SELECT ?role ?label WHERE { ?role a rg:Role ; skos:prefLabel ?label }"
        )
        q = self.s.get("w_sparql") or ""
        res = self.ask("sparql", q) if q.strip() else None
        if res is not None:
            head, rows = sparql_run.as_rows(res)
            st.caption(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")
            st.dataframe([dict(zip(head, r, strict=False)) for r in rows], hide_index=True, key="sparql_table")

    # ------------------------------------------------------------------ the run

    def run(self) -> None:
        st.set_page_config(page_title="rolegraph explorer", layout="wide")
        page_style()
        s = self.s
        if "upload_dir" not in s:
            s["w_endpoint"] = os.environ.get("ROLEGRAPH_ENDPOINT", "")
            s["w_timeout"] = 30.0
            s["upload_dir"] = tempfile.mkdtemp(prefix="rolegraph-session-")
        fresh = self.url_changed()
        self.graphs = gs.graph_choices(taxonomy.environ())
        self.default_graph = gs.default_choice(self.graphs)
        if fresh:
            start, problems = self.read_url()
        self.choose_graph()
        self.tab_key = {title: key for key, title in us.TABS.items()}
        self.view_sidebar_placeholder = st.sidebar.container()
        with st.sidebar.container():
            self.data_sidebar()
        self.apply_upload()
        self.choose_backend()
        if fresh:
            self.apply_view(start, problems)
        st.title("rolegraph explorer")
        for problem in s.get("url_problems", []):
            st.warning(md_escape(f"Link: {problem}"))
        # A role picked on another graph may be missing from this one: drop it rather than fail.
        s["w_roles"] = [r for r in s.get("w_roles") or [] if r in self.role_ids]
        for name in ("w_path_from", "w_path_to", "w_a", "w_b"):
            if s.get(name) not in self.role_ids:
                s[name] = None
        with self.view_sidebar_placeholder:
            self.view_sidebar()
        tabs = dict(zip(us.TABS, st.tabs(list(us.TABS.values()), key="w_tab", on_change="rerun"), strict=True))
        for key, tab in tabs.items():  # the drawing, each question's tab (from the registry), the SPARQL console
            fill = getattr(self, f"{key}_tab")
            if tab.open is not False:  # only the open tab's content runs
                with tab:
                    fill()
        self.write_url()


@st.cache_data(max_entries=256, show_spinner=False)
def view_drawing(_rg, graph_key: str, view_key: str, _view: us.View, physics: bool) -> tuple[dict, dict]:
    """The nodes a view selects and their drawing, computed once per graph, view and physics setting."""
    picked = gv.select(_rg, _view)
    return picked, render.drawing(_rg, picked["nodes"], focus=picked["focus"], physics=physics)


@st.cache_data(max_entries=64, show_spinner=False)
def view_file(_rg, graph_key: str, view_key: str, fmt: str, _nodes: tuple[str, ...]) -> tuple[str, bytes, str]:
    """One export of one view, computed on first download; cached by the graph, the view's URL and the format."""
    return gexport.one_file(_rg, _nodes, fmt)


def main() -> None:
    """Lay out one run of the explorer."""
    Page().run()


if __name__ == "__main__":
    main()
