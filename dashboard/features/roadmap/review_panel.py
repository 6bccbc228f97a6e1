"""The « Relecture » part of a commitment's form: where the commitment stands in the regional team's review
(every decision, its comment, who and when) for everyone, and the team's three decisions on a proposed one."""

from __future__ import annotations

import time

import dash
from dash import Input, Output, State, ctx, dcc, html

from dashboard import sent, store
from dashboard.access import auth, gate, reading
from dashboard.features.roadmap import form as cf
from domain import commitment_store, formats, reviews
from domain.permissions import Write, may
from domain.texts import REVIEW_COMMENT
from domain.vocabulary import PROPOSED

TEAM = "l'équipe régionale"  # who decided, for a visitor who does not read account identifiers
BUTTONS = {"roadmap-review-accept": reviews.ACCEPTED, "roadmap-review-changes": reviews.CHANGES,
           "roadmap-review-decline": reviews.DECLINED}
STATE_TEXT = {
    reviews.TO_REVIEW: "À relire : en attente de la décision de l'équipe régionale.",
    reviews.TO_REVISE: "À revoir : l'équipe régionale demande des modifications ; enregistrer l'engagement "
                       "modifié le renvoie en relecture.",
    reviews.ACCEPTED: "Accepté : retenu en COP.",
    reviews.DECLINED: "Refusé.",
}
DONE = {reviews.ACCEPTED: "accepté : il est désormais « retenu en COP »",
        reviews.CHANGES: "renvoyé à son contributeur avec les modifications demandées",
        reviews.DECLINED: "refusé : il est désormais « abandonné »"}


def review_section() -> html.Div:
    """Always in the layout (callbacks listen to its buttons); the decisions show for the team only."""
    return html.Div(id="roadmap-review", className="review", children=[
        html.H3("Relecture par l'équipe régionale"),
        html.Div(id="roadmap-review-state"),
        html.Div(id="roadmap-review-actions", hidden=True, children=[
            html.Label("Commentaire (obligatoire pour demander des modifications ou refuser)",
                       htmlFor="roadmap-review-comment"),
            dcc.Textarea(id="roadmap-review-comment", value="", rows=2, className="fr-input",
                         maxLength=REVIEW_COMMENT.longest),
            html.Div(className="form-actions", children=[
                html.Button("Accepter (retenu en COP)", id="roadmap-review-accept", className="fr-btn fr-btn--primary"),
                html.Button("Demander des modifications", id="roadmap-review-changes",
                            className="fr-btn fr-btn--secondary"),
                html.Button("Refuser", id="roadmap-review-decline", className="fr-btn fr-btn--secondary"),
            ]),
        ]),
        html.P(id="roadmap-review-message", role="status", className="message"),
    ])


def review_state(record: dict) -> list:
    """The commitment's review state, then every decision on it, newest first."""
    states = store.fetch(reviews.states, record["region"])
    state = states.loc[states["commitment_id"] == record["commitment_id"], "review_state"]
    state = state.iloc[0] if len(state) and isinstance(state.iloc[0], str) else None
    decisions = store.fetch(reviews.history, record["commitment_id"])
    text = STATE_TEXT.get(state, f"Pas de relecture : engagement saisi avec le statut « {record['status']} ».")
    items = [html.Li(f"{formats.moment(at)}, {reading.person(who, TEAM)} : {decision} (version {version})"
                     + (f" — « {comment} »" if isinstance(comment, str) else ""))
             for version, decision, comment, who, at in decisions.itertuples(index=False)]
    return [html.P(text, id="roadmap-review-status"), html.Ul(items, id="roadmap-review-history") if items else None]


def register(app: dash.Dash) -> None:
    @app.callback(Output("roadmap-review-state", "children"), Output("roadmap-review-actions", "hidden"),
                  Input("roadmap-form-base", "data"), prevent_initial_call=True)
    def _show(base):
        """The review of the commitment opened in the form (its number: all this reads of the form's base)."""
        number = None if base is None else sent.record(base, {"id": sent.number})["id"]
        record = None if number is None else store.fetch(commitment_store.get, number)
        if record is None:
            return None, True
        return review_state(record), not (may(auth.editor_role(), Write.REVIEW) and record["status"] == PROPOSED)

    @app.callback(
        output=dict(message=Output("roadmap-review-message", "children"),
                    comment=Output("roadmap-review-comment", "value"),
                    base=Output("roadmap-form-base", "data", allow_duplicate=True),
                    status=Output(cf.input_id("status"), "value", allow_duplicate=True),
                    title=Output("roadmap-form-title", "children", allow_duplicate=True),
                    saved=Output("roadmap-saved", "data", allow_duplicate=True)),
        inputs=[Input(button, "n_clicks") for button in BUTTONS],
        state=[State("roadmap-review-comment", "value"), State("roadmap-form-base", "data")],
        prevent_initial_call=True,
    )
    def _review(_accept, _changes, _decline, comment, base):
        """The team's decision on the version in the form; the form follows the commitment's new status."""
        decision, base = BUTTONS[sent.one_of(ctx.triggered_id, BUTTONS)], sent.record(base, cf.BASE)
        version = gate.write(reviews.review, base["id"], base["version"], decision, sent.text(comment),
                             kind=Write.REVIEW, show_at="roadmap-review-message")
        status = reviews.STATUS_AFTER.get(decision, PROPOSED)
        base = {**base, "version": version, "inputs": {**base["inputs"], "status": status}}
        return {"message": f"Engagement n° {base['id']} {DONE[decision]} (version {version}).", "comment": "",
                "base": base, "status": status, "title": cf.title(base["id"], version), "saved": time.time_ns()}
