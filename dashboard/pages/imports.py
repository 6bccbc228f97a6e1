"""Données et méthode: what was loaded, from which file, and how the figures are computed; the team imports
files here (preview first, then confirm) and undoes an import."""

from __future__ import annotations

import dash
from dash import ALL, ClientsideFunction, Input, Output, State, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import sent
from dashboard.access import auth, gate
from dashboard.components.controls import dropdown, region_options
from dashboard.components.read_only import read_only_note
from dashboard.components.table import data_table
from dashboard.features.imports import (
    exports,  # noqa: F401  (registers the journal's download)
    flows,
    jobs,
)
from dashboard.features.imports.method import METHOD, STATUSES
from dashboard.features.imports.reports import import_report, preview_report, undo_plan
from dashboard.features.imports.tables import imports_table
from dashboard.importing import kinds, uploads
from dashboard.importing.kinds import KINDS, Slot
from dashboard.page_states import ImportsState
from dashboard.store import fetch, fetch_imported, queries
from domain import formats
from domain.errors import UserError
from domain.permissions import Write

dash.register_page(__name__, path="/donnees", name="Données et méthode", title="Données et méthode — COP territoriale",
                   order=9)

MESSAGE, UNDO_MESSAGE = "imports-message", "imports-undo-message"
POLL_MS = 500
TEAM_ONLY = "Les imports sont réservés à l'équipe régionale et aux administrateurs. "
CHOOSE_IMPORT = "Choisissez l'import à annuler."


def layout(**params):
    """``?type=sgpe`` (a key of ``KINDS``, anything else ignored): the import panel opens with that type chosen, as
    the pages with nothing to show link to it (components/import_hints.py)."""
    chosen = ImportsState.from_query(params).kind
    return html.Div([
        html.H1("Données et méthode"),
        html.H2("Statut des chiffres"),
        html.Dl([item for name, text in STATUSES for item in (html.Dt(name), html.Dd(text))], className="statuses"),
        html.H2("Méthode de calcul"),
        dcc.Markdown(METHOD),
        html.H2("Importer des données"),
        import_panel(chosen) if gate.may(Write.IMPORT) else html.P([TEAM_ONLY,
                                                                    read_only_note("/donnees", Write.IMPORT)]),
        html.H2("Imports"),
        html.P("Chaque chargement est journalisé, qu'il ait réussi ou échoué ; un échec ne modifie aucune donnée."),
        html.Div(journal(), id="imports-journal"),
        undo_panel() if gate.may(Write.IMPORT) else None,
    ])


def kind_fields(kind: str | None) -> dict:
    """What the panel shows for a type of file: its help, the region choice if it needs one, its upload fields."""
    if kind is None:
        return {"help": None, "region_hidden": True, "slots": None}
    return {"help": KINDS[kind].help, "region_hidden": not KINDS[kind].region,
            "slots": [upload_field(slot) for slot in KINDS[kind].slots]}


def import_panel(chosen: str | None = None) -> html.Section:
    fields = kind_fields(chosen)
    return html.Section(id="imports-import", children=[
        html.P("Choisissez le type de fichier et déposez-le : l'aperçu montre ce que l'import ajouterait, "
               "modifierait ou retirerait, et les lignes refusées, avant que rien ne soit écrit."),
        html.Label("Type de fichier", htmlFor="imports-kind"),
        dropdown("imports-kind", [{"label": kind.label, "value": key} for key, kind in KINDS.items()], chosen),
        html.P(fields["help"], id="imports-kind-help"),
        html.Div(id="imports-region-choice", hidden=fields["region_hidden"], className="control", children=[
            html.Label("Région concernée (feuille de route, registre des parties)", htmlFor="imports-region"),
            dropdown("imports-region", region_options(fetch_imported(queries.regions)), None),
        ]),
        html.Div(fields["slots"], id="imports-slots"),
        html.P(f"Taille maximale : {uploads.limit_text()} ; au-delà, importez en ligne de commande "
               "(python -m loaders)."),
        html.Ul(id="imports-received"),
        html.Button("Vérifier le fichier", id="imports-preview", className="fr-btn"),
        html.P(id=MESSAGE, role="alert"),
        html.Div(id="imports-progress", role="status", **{"aria-live": "polite"}),
        html.Div(id="imports-report"),
        html.Div(id="imports-decision", hidden=True, className="fr-btns-group", children=[
            html.Button("Confirmer l'import", id="imports-confirm", className="fr-btn"),
            html.Button("Annuler", id="imports-cancel", className="fr-btn fr-btn--secondary"),
        ]),
        dcc.Store(id="imports-token"), dcc.Store(id="imports-previewed"), dcc.Store(id="imports-job"),
        dcc.Store(id="imports-upload-pending"), dcc.Store(id="imports-upload-limit", data=uploads.browser_limit()),
        dcc.Interval(id="imports-poll", interval=POLL_MS, disabled=True),
    ])


def undo_panel() -> html.Section:
    return html.Section(id="imports-undo", children=[
        html.H3("Annuler un import"),
        html.P("L'annulation retire ce que l'import avait écrit et rétablit à l'identique ce qu'il avait remplacé ; "
               "elle est journalisée. Un import dont des lignes ont été modifiées depuis par un autre import ne "
               "peut être annulé qu'après l'annulation de ce dernier."),
        html.Label("Import à annuler", htmlFor="imports-undo-choice"),
        dropdown("imports-undo-choice", undo_options(), None),
        html.Button("Préparer l'annulation", id="imports-undo-prepare", className="fr-btn fr-btn--secondary"),
        html.P(id=UNDO_MESSAGE, role="alert"),
        html.Div(id="imports-undo-plan"),
        html.Div(id="imports-undo-decision", hidden=True, children=[
            html.Button("Confirmer l'annulation", id="imports-undo-confirm", className="fr-btn"),
        ]),
        html.Div(id="imports-undo-result"),
    ])


def upload_field(slot: Slot) -> dcc.Upload:
    optional = "" if slot.required else " (facultatif)"
    return dcc.Upload(id={"type": "imports-upload", "slot": slot.name}, accept=slot.accept, className="upload",
                      children=html.Div([f"{slot.label}{optional} : déposez le fichier ici ou ",
                                         html.A("choisissez-le", href="#")]))


def created_by_callbacks() -> list:
    """The components that the page's callbacks add (the validation layout, tests/validation_layout.py)."""
    return [upload_field(slot) for kind in KINDS.values() for slot in kind.slots]


def journal() -> html.Div:
    """The journal, each report cut to its first line: the whole one is a link away, and in the downloads."""
    return data_table(imports_table(fetch(queries.imports), first_lines=True), "imports", {})


def undo_options() -> list[dict]:
    return [{"label": f"n° {n} — {kind} — {name} ({formats.short_moment(started)})", "value": int(n)}
            for n, kind, name, started in fetch(flows.undoable).itertuples(index=False)]


def received_list(kind: str, token: str) -> list[html.Li]:
    return [html.Li(f"Reçu : {path.name} ({formats.size(path.stat().st_size)})")
            for path in uploads.received(token, kinds.kind(kind)).values()]


def register(app: dash.Dash) -> None:
    @app.callback(
        output=dict(help=Output("imports-kind-help", "children"),
                    region_hidden=Output("imports-region-choice", "hidden"), slots=Output("imports-slots", "children"),
                    token=Output("imports-token", "data", allow_duplicate=True),
                    received=Output("imports-received", "children", allow_duplicate=True),
                    report=Output("imports-report", "children", allow_duplicate=True),
                    decide=Output("imports-decision", "hidden", allow_duplicate=True)),
        inputs=[Input("imports-kind", "value")], state=[State("imports-token", "data")], prevent_initial_call=True)
    def _choose_kind(kind, token):
        """Another kind of file: its own upload fields, and the files received for the previous kind go."""
        gate.require(Write.IMPORT, show_at=MESSAGE)
        kind = sent.one_of(kind, KINDS)
        uploads.discard(token)
        return {**kind_fields(kind), "token": None, "received": [], "report": None, "decide": True}

    app.clientside_callback(
        ClientsideFunction(namespace="uploads", function_name="pending"),
        Output(MESSAGE, "children", allow_duplicate=True), Output("imports-upload-pending", "data"),
        Output({"type": "imports-upload", "slot": ALL}, "contents"),
        Input({"type": "imports-upload", "slot": ALL}, "contents"),
        State({"type": "imports-upload", "slot": ALL}, "filename"), State("imports-upload-limit", "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        output=dict(token=Output("imports-token", "data"), received=Output("imports-received", "children"),
                    message=Output(MESSAGE, "children"),
                    pending=Output("imports-upload-pending", "data", allow_duplicate=True)),
        inputs=[Input("imports-upload-pending", "data")],
        state=[State("imports-kind", "value"), State("imports-token", "data")], prevent_initial_call=True)
    def _receive(pending, kind, token):
        """Keep the file dropped in a slot of the chosen kind. The browser sends it alone (assets/upload_limit.js:
        ``pending``, the upload fields emptied), after checking its size; the server checks everything again."""
        gate.require(Write.IMPORT, show_at=MESSAGE)
        if not sent.record(pending).get("contents"):
            raise PreventUpdate
        try:
            slot = kinds.kind(kind).slot(pending.get("slot"))
            token = token or uploads.new_token()
            uploads.save(token, slot, pending.get("filename"), pending["contents"])
        except UserError as error:
            return {"token": no_update, "received": no_update, "message": error.message, "pending": None}
        return {"token": token, "received": received_list(kind, token), "message": "", "pending": None}

    @app.callback(
        output=dict(job=Output("imports-job", "data"), stopped=Output("imports-poll", "disabled"),
                    report=Output("imports-report", "children"), decide=Output("imports-decision", "hidden"),
                    message=Output(MESSAGE, "children", allow_duplicate=True)),
        inputs=[Input("imports-preview", "n_clicks")],
        state=[State("imports-kind", "value"), State("imports-token", "data"), State("imports-region", "value")],
        prevent_initial_call=True)
    def _preview(_, kind, token, region):
        region = sent.text(region)
        gate.require(Write.IMPORT, show_at=MESSAGE)
        job = jobs.start(auth.editor(), "apercu", lambda say: gate.write(
            flows.preview, kind, token, region, say, kind=Write.IMPORT, own_transaction=True, dry_run=True))
        return {"job": job, "stopped": False, "report": None, "decide": True, "message": ""}

    @app.callback(Output("imports-job", "data", allow_duplicate=True),
                  Output("imports-poll", "disabled", allow_duplicate=True),
                  Output("imports-decision", "hidden", allow_duplicate=True),
                  Input("imports-confirm", "n_clicks"), State("imports-previewed", "data"), prevent_initial_call=True)
    def _confirm(_, previewed):
        gate.require(Write.IMPORT, show_at=MESSAGE)
        if not previewed:
            raise UserError(uploads.NOT_PREVIEWED, MESSAGE)
        job = jobs.start(auth.editor(), "import", lambda say: gate.write(
            flows.confirm, previewed, say, kind=Write.IMPORT, own_transaction=True))
        return job, False, True

    @app.callback(
        output=dict(report=Output("imports-report", "children", allow_duplicate=True),
                    token=Output("imports-token", "data", allow_duplicate=True),
                    received=Output("imports-received", "children", allow_duplicate=True),
                    decide=Output("imports-decision", "hidden", allow_duplicate=True)),
        inputs=[Input("imports-cancel", "n_clicks")], state=[State("imports-token", "data")],
        prevent_initial_call=True)
    def _cancel(_, token):
        gate.require(Write.IMPORT, show_at=MESSAGE)
        uploads.discard(token)
        return {"report": html.P("Import abandonné : aucune donnée n'a été modifiée."), "token": None, "received": [],
                "decide": True}

    @app.callback(Output("imports-undo-plan", "children"), Output("imports-undo-decision", "hidden"),
                  Output(UNDO_MESSAGE, "children"),
                  Input("imports-undo-prepare", "n_clicks"), State("imports-undo-choice", "value"),
                  prevent_initial_call=True)
    def _prepare_undo(_, import_id):
        import_id = sent.optional_number(import_id)
        gate.require(Write.IMPORT, show_at=UNDO_MESSAGE)
        if import_id is None:
            raise UserError(CHOOSE_IMPORT, UNDO_MESSAGE)
        try:
            plan = fetch(flows.plan, import_id)
        except UserError as error:
            raise error.at(UNDO_MESSAGE) from None
        return undo_plan(plan), False, ""

    @app.callback(Output("imports-job", "data", allow_duplicate=True),
                  Output("imports-poll", "disabled", allow_duplicate=True),
                  Output("imports-undo-decision", "hidden", allow_duplicate=True),
                  Input("imports-undo-confirm", "n_clicks"), State("imports-undo-choice", "value"),
                  prevent_initial_call=True)
    def _undo(_, import_id):
        import_id = sent.optional_number(import_id)
        gate.require(Write.IMPORT, show_at=UNDO_MESSAGE)
        if import_id is None:
            raise UserError(CHOOSE_IMPORT, UNDO_MESSAGE)
        job = jobs.start(auth.editor(), "annulation", lambda say: gate.write(
            flows.undo, import_id, say, kind=Write.IMPORT, own_transaction=True))
        return job, False, True

    @app.callback(output=dict(progress=Output("imports-progress", "children"),
                              stopped=Output("imports-poll", "disabled", allow_duplicate=True),
                              report=Output("imports-report", "children", allow_duplicate=True),
                              decide=Output("imports-decision", "hidden", allow_duplicate=True),
                              previewed=Output("imports-previewed", "data"),
                              journal=Output("imports-journal", "children"),
                              undone=Output("imports-undo-result", "children"),
                              undoable=Output("imports-undo-choice", "options")),
                  inputs=dict(_=Input("imports-poll", "n_intervals"), job_id=State("imports-job", "data")),
                  prevent_initial_call=True)
    def _poll(_, job_id):
        """The running job's steps; once it is over, its report (and the journal, after a write)."""
        job = jobs.get(sent.text(job_id), auth.editor())
        unchanged = dict.fromkeys(("report", "decide", "previewed", "journal", "undone", "undoable"), no_update)
        if job is None:
            return {**unchanged, "progress": "", "stopped": True}
        if not job.done:
            return {**unchanged, "stopped": False, "progress": html.Div([
                html.Progress(**{"aria-label": "Travail en cours"}),
                html.Ul([html.Li(step) for step in job.steps] or [html.Li("Démarrage…")])])}
        failed = html.P(job.error, className="fr-alert", role="alert") if job.error else None
        done = {**unchanged, "progress": "", "stopped": True}
        if job.purpose == "apercu":
            if failed:
                return {**done, "report": failed, "decide": True}
            preview = job.result
            return {**done, "report": preview_report(preview.kind, preview.outcome), "decide": False,
                    "previewed": preview.token}
        written = {**done, "journal": journal(), "undoable": undo_options()}
        if job.purpose == "import":
            return {**written, "report": failed or import_report(job.result, "Import"), "previewed": None}
        return {**written, "undone": failed or import_report(job.result, "Annulation")}
