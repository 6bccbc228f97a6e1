"""Mode projection: the region's screens for the debate, full screen, drawn and recomputed in the browser.

``/projection?region=…&ecran=N`` opens screen N (1-based); ``lecture=1`` is the read-only view that the
short link and QR code used to give participants (phones now follow the presenter on the light page of
dashboard/features/projection/follow.py); ``depuis`` is the page Escape returns to. Changing screen and
the what-if run in assets/projection.js (clientside callbacks); only keeping a proposal (key S), the QR
image and the presenter's position (published for the phones that follow) reach the server.
"""

from __future__ import annotations

import dash
from dash import (
    ClientsideFunction,
    Input,
    Output,
    State,
    dcc,
    html,
    no_update,
)

from dashboard import sent
from dashboard.access import gate
from dashboard.components import frozen_version
from dashboard.features.projection import follow
from dashboard.features.projection.agenda import Presented, presented
from dashboard.features.projection.ids import PARAMS
from dashboard.features.projection.screens import cut, keep_proposals, payload, screen_proposals
from dashboard.page_states import GapsState, ProjectionState, VersionedState
from dashboard.serving import deployment
from dashboard.state import nav_pages
from dashboard.store import fetch, fetch_imported, queries
from domain import clock, formats
from domain.permissions import Write

dash.register_page(__name__, path="/projection", name="Mode projection", title="Mode projection — COP territoriale",
                   order=90, nav=False)

READ_ONLY_WORDS = {"1", "oui", "true"}
HELP = "← → écran · ↑ ↓ proposition · 0 annuler · S enregistrer · F plein écran · Échap quitter"


def layout(**query):
    regions = fetch_imported(queries.regions)
    if regions.empty:
        return html.Div(id="projection", className="projection projection--empty", children=[
            html.H1("Mode projection"),
            html.P("Aucun objectif n'est chargé : chargez le panorama SGPE ou les données de démonstration."),
            html.A("Quitter", href="/", id="projection-exit")])
    opened = frozen_version.opening("Mode projection", ProjectionState.from_query(query), regions)
    if not isinstance(opened, tuple):
        return opened
    state, frozen = opened
    meeting = presented(state.region, state.meeting)
    with frozen_version.reading(frozen):
        data = cut(fetch(payload, state.region), meeting and meeting.sequence)
    return _page(state, data, meeting, frozen)


def _page(state: ProjectionState, data: dict, meeting: Presented | None, frozen) -> html.Div:
    """The screens of the current state; a frozen version's (``frozen``) read-only, neither kept nor followed: the
    phones follow the current state."""
    region = state.region
    read_only = frozen is not None or str(state.read_only).lower() in READ_ONLY_WORDS
    refused = follow.presenting_refusal()
    return html.Div(id="projection", className="projection" + (" projection--lecture" if read_only else ""),
                    lang="fr", children=[
        dcc.Store(id="projection-data", data=data),
        dcc.Store(id="projection-view", data={"region": region, "read_only": read_only,
                                              "presenter": not read_only and refused is None and frozen is None,
                                              "not_followed": refused, "meeting": meeting and meeting.meeting_id,
                                              "public_url": deployment.public_base_url()}),
        dcc.Store(id=PARAMS, data=ProjectionState(region=region, read_only="1" if read_only else None,
                                                  meeting=meeting and meeting.meeting_id).stored()),
        dcc.Store(id="projection-index", data=_screen_index(state.screen, len(data["screens"]))),
        dcc.Store(id="projection-proposals", data={}),
        dcc.Store(id="projection-command"),
        dcc.Store(id="projection-save-request"),
        dcc.Store(id="projection-scenario"),
        html.Div(id="projection-screen", className="projection-screen", role="region", **{"aria-live": "polite"}),
        html.Aside(className="projection-share", hidden=frozen is not None, children=[
            html.Img(id="projection-qr", alt="QR code du lien court vers cet écran, en lecture seule"),
            html.A(id="projection-short", className="projection-short"),
            html.P(id="projection-follow", className="projection-follow", role="status"),
        ]),
        html.Div(className="projection-visuals", children=[
            html.Div(id="projection-visual", className="projection-visual"),
            html.Figure(id="projection-chart", className="projection-chart", children=[
                dcc.Graph(id="projection-graph", config={"displayModeBar": False, "staticPlot": True,
                                                         "responsive": True}),
                html.Figcaption(id="projection-chart-caption", className="fr-sr-only"),
            ]),
        ]),
        html.Div(id="projection-whatif", className="projection-whatif", style={"display": "none"}, children=[
            html.Label("Et si on s'engageait sur", htmlFor="projection-slider"),
            dcc.Input(id="projection-slider", type="range", min=0, max=1, step=1, value=0, debounce=False,
                      className="projection-slider"),
            html.Output(id="projection-whatif-value", className="projection-whatif-value", htmlFor="projection-slider"),
        ]),
        html.P(id="projection-saved", className="projection-saved", role="status"),
        html.Div(className="projection-footer", children=[
            html.Span(id="projection-position", className="projection-position",
                      **{"aria-label": "Position dans la séquence"}),
            html.Button("‹ Précédent", id="projection-previous", className="projection-nav"),
            html.Button("Suivant ›", id="projection-next", className="projection-nav"),
            html.Span(HELP, className="projection-help"),
            _agenda_said(state.meeting, meeting),
            html.A("Quitter", id="projection-exit", href=_exit_url(state), className="projection-nav"),
            html.P(data["provenance"], className="projection-provenance"),
            frozen and html.P(frozen.banner() + ".", className="projection-provenance", id=frozen_version.BANNER),
        ]),
    ])


def _agenda_said(asked: int | None, meeting: Presented | None) -> html.Span | None:
    """What the sequence is when a meeting is presented: its agenda's screens, or the whole sequence when the
    meeting asked for is not one of the region's."""
    if asked is None:
        return None
    said = (f"Réunion « {meeting.title} » : les {len(meeting.sequence)} écrans de son ordre du jour" if meeting
            else f"Réunion n° {asked} introuvable dans cette région : toute la séquence est présentée")
    return html.Span(said, id="projection-agenda", className="projection-help")


def _screen_index(screen: int | None, count: int) -> int:
    """The 0-based screen of the URL's 1-based ``ecran``; the first one when it names none."""
    return 0 if screen is None else min(max(screen - 1, 0), count - 1)


def _exit_url(state: ProjectionState) -> str:
    """The page the projection was opened from (a page of the menu), in the same region."""
    pages = {page["relative_path"] for page in nav_pages()}
    return VersionedState(region=state.region, version=state.version).href(
        state.came_from if state.came_from in pages else "/")


def register(app: dash.Dash) -> None:
    app.clientside_callback(
        ClientsideFunction(namespace="projection", function_name="update"),
        Output("projection-index", "data"),
        Output("projection-proposals", "data"),
        Output("projection-screen", "children"),
        Output("projection-visual", "children"),
        Output("projection-graph", "figure"),
        Output("projection-chart", "style"),
        Output("projection-chart-caption", "children"),
        Output("projection-whatif", "style"),
        Output("projection-slider", "max"),
        Output("projection-slider", "step"),
        Output("projection-slider", "value"),
        Output("projection-whatif-value", "children"),
        Output("projection-position", "children"),
        Output("projection-qr", "src"),
        Output("projection-short", "children"),
        Output("projection-short", "href"),
        Input("projection-command", "data"),
        Input("projection-slider", "value"),
        Input("projection-previous", "n_clicks"),
        Input("projection-next", "n_clicks"),
        State("projection-data", "data"),
        State("projection-view", "data"),
        State("projection-index", "data"),
        State("projection-proposals", "data"),
    )

    @app.callback(
        Output("projection-saved", "children"),
        Output("projection-scenario", "data"),
        Input("projection-save-request", "data"),
        State("projection-index", "data"),
        State("projection-proposals", "data"),
        State(PARAMS, "data"),
        State("projection-scenario", "data"),
        prevent_initial_call=True,
    )
    def _keep(_request, index, proposals, params, scenario_id):
        """Key S: keep the screen's proposal in the session's scenario (the Écarts page's scenarios)."""
        state = ProjectionState.from_store(params)
        if state.read_only:
            return no_update, no_update
        meeting = presented(state.region, state.meeting)
        data = cut(fetch(payload, state.region), meeting and meeting.sequence)
        scenario_id = sent.optional_number(scenario_id)
        chosen = screen_proposals(data, sent.optional_number(index) or 0, None if proposals is None else
                                  sent.record(proposals))
        if not chosen:
            return ("Aucune proposition à enregistrer sur cet écran : ajustez d'abord la quantité "
                    "(flèches ↑ ↓ ou curseur)."), no_update
        scenario_id, name = gate.write(keep_proposals, state.region, scenario_id, formats.day(clock.now()), chosen,
                                       kind=Write.SCENARIO, show_at="projection-saved")
        levers = ", ".join(data["levers"][lever_id]["name"] for lever_id in chosen)
        opened = GapsState(region=state.region, scenario=scenario_id).href()
        return [f"Proposition enregistrée dans le scénario « {name} » : {levers}, "
                f"{formats.kt(sum(chosen.values()))} proposées. ",
                html.A("Ouvrir le scénario", href=opened)], scenario_id
