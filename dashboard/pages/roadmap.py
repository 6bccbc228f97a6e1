"""Feuille de route régionale 2030: objective, commitments and gap by territory and sector; commitments
edited in a grid and a form (signed-in editors), imported from the template; frozen versions; exports."""

from __future__ import annotations

import functools
import tempfile
import time
from pathlib import Path

import dash
import pandas as pd
from dash import ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import sent, store
from dashboard.access import auth, gate, reading
from dashboard.components import frozen_version
from dashboard.components.controls import dropdown, region_control
from dashboard.components.import_hints import no_objectives
from dashboard.components.page_summary import page_summary
from dashboard.components.read_only import read_only_note
from dashboard.components.searched_choice import matching
from dashboard.components.table import data_table, downloads
from dashboard.features.roadmap import (
    account,
    financing_form,
    follow_up_panel,
    frozen_page,
    frozen_versions_panel,
    grid_layout,
    ids,
    review_panel,
    saving,
    shared_part,
    summary,
)
from dashboard.features.roadmap import data as roadmap_data
from dashboard.features.roadmap import form as cf
from dashboard.features.roadmap.commitment_context import commitment_context
from dashboard.features.roadmap.grid import changed_cell, commitment_grid, row_data
from dashboard.features.roadmap.ids import PARAMS
from dashboard.features.roadmap.tables import commitment_history
from dashboard.importing import uploads
from dashboard.importing.kinds import KINDS
from dashboard.page_states import RoadmapContributionsState, RoadmapDocumentState, RoadmapState
from dashboard.serving.page_answers import Kept
from dashboard.state import PageState
from dashboard.store import queries
from domain import commitment_store, financing_lines, formats, versions
from domain.commitments import LABELS
from domain.errors import UserError
from domain.permissions import Write, settable_statuses
from domain.vocabulary import LEVELS
from loaders.commitments import load_commitments

dash.register_page(__name__, path="/feuille-de-route", name="Feuille de route",
                   title="Feuille de route 2030 — COP territoriale", order=4,
                   kept=Kept(unchanged_by=frozenset(Write) - roadmap_data.CHANGED_BY))  # per role; it shows
# the methods a version may retain (frozen_versions_panel; the scenarios come by their own callback), the split of
# objectives by the default method and the regional objectives' coverage: a method or objective saved builds it again

FORM_INPUTS = list(cf.INPUTS)


def layout(**query):
    regions = fetch_regions()
    if regions.empty:
        return html.Div([html.H1("Feuille de route 2030"), html.P(no_objectives())])
    return frozen_version.page("Feuille de route 2030", RoadmapState.from_query(query), regions,
                               functools.partial(_page, regions))


def _page(regions: pd.DataFrame, state: RoadmapState, frozen: versions.Header | None) -> html.Div:
    """The roadmap of ``state``'s region, or of the frozen version ``frozen`` (read-only)."""
    region = state.region
    names = roadmap_data.territories(region)
    level, code = state.place if roadmap_data.is_place(region, *state.place) else ("region", region)
    view = roadmap_data.build(region, level, code, state.sector)
    if view.sector != roadmap_data.ALL_SECTORS and view.sector not in view.sectors:
        view = roadmap_data.build(region, level, code)
    state = state.replace(territory=f"{level}:{code}", sector=view.sector,
                          version=frozen and str(frozen.version_id))
    carte = state.map
    if frozen:
        return frozen_page.layout(frozen, state.stored(), view, _controls(regions, names, view, carte),
                                  shared_part.shown(view, carte), _exports(view))
    editing, statuses = gate.may(Write.COMMITMENT), settable_statuses(auth.editor_role())
    return html.Div([
        dcc.Location(id="roadmap-url", refresh="callback-nav"),
        dcc.Store(id=PARAMS, data=state.stored()),
        dcc.Store(id="roadmap-saved"),
        dcc.Store(id="roadmap-form-base"),
        html.H1(["Feuille de route 2030 — ", html.Span(view.region_name, id="roadmap-region-name")]),
        account.placeholder(),
        html.P("Projet de feuille de route régionale : les engagements des territoires, secteur par secteur, "
               "face aux objectifs 2030 du SGPE.", className="lead"),
        _controls(regions, names, view, carte),
        page_summary([(ids.SUMMARY, "Objectif, engagé et écart : synthèse, trajectoire, couverture"),
                      (ids.MAQUETTE, "Maquette financière"), (ids.COMMITMENTS, "Engagements"),
                      (ids.FORM_SECTION, "Fiche engagement"), (ids.FOLLOW_UP, "Suivi de réalisation"),
                      (ids.IMPORT, "Importer des engagements"), (ids.VERSIONS, "Versions de la feuille de route"),
                      (ids.EXPORTS, "Exporter")]),
        html.Div(shared_part.shown(view, carte), id=ids.SUMMARY),
        _commitments(view, editing, statuses),
        _form(region, editing, statuses),
        follow_up_panel.section(region, view.commitments, gate.may(Write.FOLLOW_UP)),
        _import(region, gate.may(Write.IMPORT)),
        frozen_versions_panel.versions_section(region, gate.may(Write.VERSION)),
        _exports(view),
    ])


def fetch_regions():
    return store.fetch_imported(queries.regions)


def _controls(regions, names, view, carte: str) -> html.Div:
    territory_options = [{"label": roadmap_data.territory_label(level, name), "value": f"{level}:{code}"}
                         for level, code, name in zip(names["level"], names["code"], names["name"])]
    sector_options = [{"label": "Tous les secteurs", "value": roadmap_data.ALL_SECTORS}] + [
        {"label": s, "value": s} for s in view.sectors]
    return html.Div(className="controls", children=[
        region_control("roadmap-region", regions, view.region),
        html.Div([html.Label("Territoire", htmlFor="roadmap-territory"),
                  dropdown("roadmap-territory", territory_options, f"{view.level}:{view.code}")], className="control"),
        html.Div([html.Label("Secteur", htmlFor="roadmap-sector"),
                  dropdown("roadmap-sector", sector_options, view.sector)], className="control"),
        html.Div([html.Label("Carte par", htmlFor="roadmap-map-level"),
                  dcc.RadioItems(id="roadmap-map-level", value=carte, inline=True, className="fr-radio",
                                 options=[{"label": LEVELS[key].title, "value": key}
                                          for key in summary.MAP_LEVELS])], className="control"),
    ])


def _commitments(view: roadmap_data.RoadmapView, editing: bool, settable: list[str]) -> html.Section:
    hint = ("Double-cliquez une cellule pour la modifier (intitulé, ktCO₂e, statut, et les autres colonnes "
            "modifiables une fois affichées) ; sélectionnez une ligne pour l'ouvrir, avec tous ses champs, dans la "
            "fiche ci-dessous." if editing else
            "Sélectionnez une ligne pour voir sa fiche, avec tous ses champs, et son historique. Connectez-vous pour "
            "modifier.")
    return html.Section(id=ids.COMMITMENTS, children=[
        html.H2(f"Engagements — {roadmap_data.territory_label(view.level, view.territory_name)}"),
        html.P([hint, " La colonne « Relecture » dit où en est chaque engagement proposé ; le ",
                html.A("tableau des contributions", id="roadmap-contributions-link",
                       href=RoadmapContributionsState(region=view.region).href()),
                " les rassemble par territoire."], className="hint"),
        grid_layout.column_choice(),
        commitment_grid(view.commitments, editing, settable),
        html.P(id="roadmap-grid-message", role="status", className="message"),
        downloads("engagements", summary.params_of(view)),
    ])


def _form(region: str, editing: bool, settable: list[str]) -> html.Section:
    context = commitment_context(region)
    return html.Section(id=ids.FORM_SECTION, children=[
        html.H2("Fiche engagement", id="roadmap-form-title"),
        *grid_layout.form_until_opened(cf.form(context, editing, settable,
                                               store.fetch(financing_lines.region_sources, region)), editing),
        html.Div(id="roadmap-form-message", role="status", className="message",
                 children=None if editing else read_only_note(RoadmapState(region=region).href(), Write.COMMITMENT)),
        html.Div(id="roadmap-conflict", role="alert"),
        cf.conflict_choice(),
        review_panel.review_section(),
        html.Div(id="roadmap-history"),
    ])


def _import(region: str, importing: bool) -> html.Section:
    """The upload, for the roles that may import; the others are told why not."""
    template = html.A("Télécharger le modèle d'engagements (XLSX)",
                      href=PageState(region=region).href("/feuille-de-route/modele.xlsx"),
                      className="fr-btn fr-btn--secondary", download="")
    upload = dcc.Upload(id="roadmap-upload", className="upload", accept=KINDS["engagements"].slot("fichier").accept,
                        children=html.Div(["Déposez ici le modèle rempli (XLSX ou CSV), ou ",
                                           html.A("choisissez un fichier", href="#")]))
    return html.Section(id=ids.IMPORT, children=[
        html.H2("Importer des engagements"),
        html.P("Les territoires remplissent le modèle et le renvoient ; l'import ajoute les nouveaux engagements, "
               "met à jour ceux qui ont un identifiant et refuse, avec la ligne et la raison, ceux qui sont "
               "incomplets ou modifiés depuis l'export."),
        html.Div([template], className="downloads"),
        html.Div([upload, dcc.Store(id="roadmap-upload-limit", data=uploads.browser_limit())]) if importing
        else html.P(read_only_note(RoadmapState(region=region).href(), Write.IMPORT), id="roadmap-import-refused"),
        html.Div(id="roadmap-import-report", role="status"),
    ])


def _exports(view: roadmap_data.RoadmapView) -> html.Section:
    document = RoadmapDocumentState(region=view.region, territory=f"{view.level}:{view.code}",
                                    version=frozen_version.current_version())
    return html.Section(id=ids.EXPORTS, children=[
        html.H2("Exporter"),
        html.Div(className="downloads", children=[
            html.A("Classeur XLSX (synthèse et une feuille par secteur)",
                   href=document.href("/feuille-de-route/classeur.xlsx"), className="fr-btn fr-btn--secondary",
                   download="", id="roadmap-workbook"),
            html.A("Document imprimable (A4)", href=document.href(),
                   className="fr-btn fr-btn--secondary", target="_blank", id="roadmap-document"),
        ]),
    ])


def register(app: dash.Dash) -> None:
    @app.callback(
        Output("roadmap-url", "search"),
        Input("roadmap-region", "value"), Input("roadmap-territory", "value"), Input("roadmap-sector", "value"),
        Input("roadmap-map-level", "value"),
        State(PARAMS, "data"),
        prevent_initial_call=True,
    )
    def _remember_in_url(region, territory, sector, carte, params):
        shown = roadmap_data.page_state(params)
        chosen = RoadmapState.from_query({"region": region, "territoire": territory, "secteur": sector, "carte": carte,
                                          "version": shown.version})
        if chosen.region != shown.region:
            chosen = chosen.replace(territory=f"region:{chosen.region}", sector=roadmap_data.ALL_SECTORS, version=None)
        return chosen.search()

    @app.callback(
        Output("roadmap-summary", "children"), Output("roadmap-grid", "rowData"),
        Output("roadmap-versions", "children"),
        Input("roadmap-saved", "data"), State(PARAMS, "data"),
        prevent_initial_call=True,
    )
    def _refresh(_, params):
        state = roadmap_data.page_state(params)
        view = roadmap_data.build(state.region, *state.place, state.sector)
        return (shared_part.shown(view, state.map), row_data(view.commitments),
                frozen_versions_panel.version_list(state.region))

    @app.callback(
        output=dict(inputs={name: Output(cf.input_id(name), "value") for name in FORM_INPUTS},
                    statuses=Output(cf.input_id("status"), "options"),
                    territories=Output(cf.input_id("territory"), "options"), base=Output("roadmap-form-base", "data"),
                    history=Output("roadmap-history", "children"), title=Output("roadmap-form-title", "children"),
                    conflict=Output("roadmap-conflict", "children"),
                    choice_hidden=Output("roadmap-conflict-choice", "hidden"),
                    message=Output("roadmap-form-message", "children"),
                    financing=Output(financing_form.ROWS, "children"),
                    errors={name: Output(cf.error_id(name), "children") for name in cf.ERROR_NAMES}),
        inputs=[Input("roadmap-grid", "selectedRows"), Input("roadmap-new", "n_clicks"),
                Input("roadmap-take-stored", "n_clicks")],
        state=[State("roadmap-form-base", "data")],
        prevent_initial_call=True,
    )
    def _open(selected, _new, _take, base):
        """Load the selected commitment (or a blank form, or the stored version after a conflict) into the form.

        The grid sends its selection again whenever its rows are refreshed (after any save), and an empty one when
        it is first drawn (its code loads as it nears the screen, maybe while the editor types): the commitment
        already in the form is then not reloaded, and an empty selection blanks nothing, so that what the editor
        typed is never overwritten (« Nouvel engagement » blanks the form).
        """
        if ctx.triggered_id == "roadmap-grid" and not selected:
            raise PreventUpdate
        base, number = cf.opened_base(base), None
        if ctx.triggered_id == "roadmap-grid":
            number = sent.record(sent.listed(selected)[0], {"commitment_id": sent.number})["commitment_id"]
            if base and base["id"] == number:
                raise PreventUpdate
        elif ctx.triggered_id == "roadmap-take-stored" and base:
            number = base["id"]
        record = None if number is None else reading.commitment(store.fetch(commitment_store.get, number))
        if number is not None and record is None:  # no commitment has it (forged)
            raise PreventUpdate
        inputs = cf.inputs_from(record)
        context = commitment_context(record["region"]) if record else None
        parties = context.parties if record else {}  # a new one: no row
        opened = {"inputs": {name: inputs[name] for name in FORM_INPUTS},
                  "statuses": cf.status_options(settable_statuses(auth.editor_role()), record),
                  "territories": cf.territory_choice(context, inputs["territory"]) if record else no_update,
                  "conflict": None, "choice_hidden": True, "message": None,
                  "financing": financing_form.rows(inputs[cf.FINANCING], parties, gate.may(Write.COMMITMENT)),
                  "errors": dict.fromkeys(cf.ERROR_NAMES, "")}
        if record is None:
            return {**opened, "base": None, "history": None, "title": "Fiche engagement — nouvel engagement"}
        history = store.fetch(commitment_store.history, record["commitment_id"])
        return {**opened, "base": {"id": record["commitment_id"], "version": record["version"], "inputs": inputs},
                "history": data_table(commitment_history(record["commitment_id"], history), "historique",
                                      {"engagement": record["commitment_id"]}),
                "title": cf.title(record["commitment_id"], record["version"])}

    @app.callback(Output(cf.input_id("territory"), "options", allow_duplicate=True),
                  Input(cf.input_id("territory"), "search_value"), State(cf.input_id("territory"), "value"),
                  State(PARAMS, "data"), prevent_initial_call=True)
    def _search_territory(search, territory, params):
        """The region's territories whose name holds what the person types."""
        return matching(cf.territory_options(commitment_context(roadmap_data.page_state(params).region)), search,
                        territory)

    @app.callback(
        output=dict(errors={name: Output(cf.error_id(name), "children", allow_duplicate=True)
                            for name in cf.ERROR_NAMES},
                    message=Output("roadmap-form-message", "children", allow_duplicate=True),
                    conflict=Output("roadmap-conflict", "children", allow_duplicate=True),
                    choice_hidden=Output("roadmap-conflict-choice", "hidden", allow_duplicate=True),
                    base=Output("roadmap-form-base", "data", allow_duplicate=True),
                    title=Output("roadmap-form-title", "children", allow_duplicate=True),
                    saved=Output("roadmap-saved", "data", allow_duplicate=True)),
        inputs=dict(_clicks=Input("roadmap-save", "n_clicks"), _keep=Input("roadmap-keep-mine", "n_clicks")),
        state=dict(inputs={name: State(cf.input_id(name), "value") for name in FORM_INPUTS},
                   financing=financing_form.states(),
                   base=State("roadmap-form-base", "data"), params=State(PARAMS, "data")),
        prevent_initial_call=True,
    )
    def _save(_clicks, _keep, inputs, financing, base, params):
        """Validate and save the form. A conflict shows both versions and leaves the form as typed; the base
        moves to the stored version, so that « Garder ma version » (or « Enregistrer ») saves over it."""
        region, base = roadmap_data.page_state(params).region, cf.opened_base(base)
        inputs = {**cf.typed(inputs), cf.FINANCING: financing_form.lines_from(financing)}
        saved = saving.save(region, cf.values_from(inputs), cf.edited(inputs, base),
                            None if base is None else (base["id"], base["version"]), "roadmap-form-message")
        errors = dict.fromkeys(cf.ERROR_NAMES, "")
        for field, problem in saved.checked.errors.items():
            errors[cf.error_name(field)] = f"{LABELS[field]} : {problem}"
        unchanged = dict.fromkeys(("conflict", "choice_hidden", "base", "title", "saved"), no_update)
        if not saved.checked.ok:
            return {**unchanged, "errors": errors,
                    "message": "L'engagement n'est pas enregistré : corrigez les champs signalés."}
        if saved.conflict:
            stored = saved.conflict.stored
            return {**unchanged, "errors": errors, "message": None,
                    "conflict": cf.conflict_box(saved.checked.values, stored), "choice_hidden": False,
                    "base": {**base, "version": stored["version"]}, "saved": time.time_ns()}
        done = "créé" if base is None else f"enregistré (version {saved.version})"
        message = " ".join([f"Engagement n° {saved.number} {done}.", *saved.checked.warnings])
        return {"errors": errors, "message": message, "conflict": None,
                "choice_hidden": True, "base": {"id": saved.number, "version": saved.version, "inputs": inputs},
                "title": cf.title(saved.number, saved.version), "saved": time.time_ns()}

    @app.callback(
        Output("roadmap-grid-message", "children"), Output("roadmap-saved", "data", allow_duplicate=True),
        Output("roadmap-grid", "rowTransaction"),
        Input("roadmap-grid", "cellValueChanged"), State(PARAMS, "data"),
        prevent_initial_call=True,
    )
    def _edit_cell(changes, params):
        """Save each changed cell; answer once the write is committed, with the saved rows: their new version is in
        the grid at once (a second edit of the row is not taken for a conflict), the page's figures are built again
        by ``_refresh``, in a request of their own."""
        region, messages, rows = roadmap_data.page_state(params).region, [], []
        for change in sent.listed(changes or [], changed_cell):
            row, column = change["data"], change["colId"]
            number = row["commitment_id"]
            saved = saving.save(region, {key: row.get(key) for key in LABELS}, {column},
                                (number, row["version"]), "roadmap-grid-message")
            if not saved.checked.ok:
                messages.append(f"Engagement n° {number} non modifié : " + " ; ".join(
                    f"{LABELS[k]} : {p}" for k, p in saved.checked.errors.items()))
                continue
            if saved.conflict:
                stored = saved.conflict.stored
                messages.append(f"Conflit sur l'engagement n° {number} : {stored['updated_by']} l'a modifié le "
                                f"{formats.moment(stored['updated_at'])} (version {stored['version']}). Votre saisie "
                                f"({LABELS.get(column, column)} : {cf.shown(change.get('value'))}) n'est pas "
                                "enregistrée ; le tableau montre la version enregistrée, ouvrez la fiche pour "
                                "comparer.")
            else:
                messages += [f"Engagement n° {number} enregistré (version {saved.version}).", *saved.checked.warnings]
                rows.append(saving.saved_row(row, saved))
        return " ".join(messages), time.time_ns(), {"update": rows} if rows else no_update

    @app.callback(
        Output("roadmap-import-report", "children"), Output("roadmap-saved", "data", allow_duplicate=True),
        Input("roadmap-upload", "contents"), State("roadmap-upload", "filename"), State(PARAMS, "data"),
        prevent_initial_call=True,
    )
    def _import_file(contents, filename, params):
        if not contents:
            return no_update, no_update
        region = roadmap_data.page_state(params).region
        gate.require(Write.IMPORT, show_at="roadmap-import-report")
        try:
            name, data = uploads.decode(filename, KINDS["engagements"].slot("fichier"), contents)
        except UserError as error:
            raise error.at("roadmap-import-report") from None
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            path.write_bytes(data)
            # run_import opens its own transaction and journals the import, failed or not
            _, report = gate.write(load_commitments, path, region, kind=Write.IMPORT,
                                   own_transaction=True, show_at="roadmap-import-report")
        refused = html.Ul([html.Li(line) for line in report.problems()]) if report.problems() else None
        return html.Div([html.P(f"{path.name} — {report.summary()}", id="roadmap-import-summary"), refused],
                        className="import-report"), time.time_ns()

    app.clientside_callback(  # a file over the limit: said by the browser, whose request the server refuses unread
        ClientsideFunction(namespace="uploads", function_name="refusal"),
        Output("roadmap-import-report", "children", allow_duplicate=True),
        Input("roadmap-upload", "contents"), State("roadmap-upload", "filename"),
        State("roadmap-upload-limit", "data"),
        prevent_initial_call=True,
    )
