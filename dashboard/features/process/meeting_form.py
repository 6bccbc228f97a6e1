"""The forms of a meeting page: the meeting itself (new or changed), its preparation, its minutes and its decisions.
Shown to the roles that may record meetings; the gate still checks each write, and a contributor's territory."""

from __future__ import annotations

from dash import dcc, html

from dashboard.components.controls import DROPDOWN_LABELS, day_hint, day_input, dropdown
from dashboard.features.process import ids
from dashboard.features.process.territory_sections import control, radio
from dashboard.importing import documents, uploads
from domain import formats, texts
from domain.meeting_decisions import EFFECTS, NO_EFFECT
from domain.meetings import Context, sectors
from domain.process import INSTANCES
from domain.vocabulary import LEVELS


def _local(record: dict | None, key: str, pattern: str) -> str:
    return "" if record is None else formats.local(record[key]).strftime(pattern)


def territory_options(known: Context) -> list[dict]:
    order = list(LEVELS)
    return [{"label": f"{name} ({LEVELS[level].title})", "value": f"{level}:{code}"} for (level, code), name in
            sorted(known.territories.items(), key=lambda item: (order.index(item[0][0]), item[1]))]


def meeting_form(known: Context, record: dict | None, territory: str | None) -> html.Div:
    """The meeting's fields, filled from ``record`` (a new meeting of ``territory`` when None)."""
    party_options = [{"label": name, "value": code} for code, name in known.parties.items()]
    field = ids.MEETING_FIELDS

    def multi(key: str, options, value) -> dcc.Dropdown:
        # Not clearable: its clearing link, inside the button, would name it otherwise than it reads (axe-core).
        return dcc.Dropdown(id=field[key], options=options, value=value, multi=True, labels=DROPDOWN_LABELS,
                            placeholder="Choisir…", clearable=False)

    def text(key: str, value, longest: int) -> dcc.Input:
        return dcc.Input(id=field[key], value=value, type="text", className="fr-input", maxLength=longest)

    return html.Div(className="process-form", children=[
        html.Div(className="controls", children=[
            control("Instance", field["instance"], dropdown(field["instance"], list(INSTANCES),
                                                            record["instance"] if record else INSTANCES[1])),
            control("Territoire", field["territory"], dropdown(
                field["territory"], territory_options(known),
                f"{record['territory_level']}:{record['territory_code']}" if record else territory)),
            control(["Date", day_hint()], field["day"],
                    day_input(field["day"], _local(record, "starts_at", "%d/%m/%Y"))),
            control("Début", field["start"], text("start", _local(record, "starts_at", "%H:%M") or "14:00", 5)),
            control("Fin", field["end"], text("end", _local(record, "ends_at", "%H:%M") or "16:00", 5)),
        ]),
        control("Intitulé (facultatif : « instance — territoire »)", field["title"],
                text("title", record["title"] if record else "", texts.MEETING_TITLE.longest)),
        control("Lieu", field["place"], text("place", (record or {}).get("place") or "", texts.PLACE.longest)),
        control("Parties invitées", field["invited"], multi("invited", party_options,
                                                            record["invited"] if record else [])),
        control("Parties présentes", field["present"], multi("present", party_options,
                                                             record["present"] if record else [])),
        control("Ordre du jour (un point par ligne)", field["agenda"], dcc.Textarea(
            id=field["agenda"], value="\n".join(record["agenda"]) if record else "", rows=4, className="fr-input")),
        control("Secteurs à l'ordre du jour (écrans de la projection)", field["sectors"],
                multi("sectors", known.sectors, sectors(record) if record else [])),
        control("Compte rendu (texte)", field["minutes"], dcc.Textarea(
            id=field["minutes"], value=(record or {}).get("minutes") or "", rows=5, className="fr-input",
            maxLength=texts.MINUTES.longest)),
        html.Button("Enregistrer la réunion", id=ids.MEETING_SAVE, className="fr-btn"),
        html.P(id=ids.MEETING_MESSAGE, role="status", className="message"),
    ])


def preparation(prepared: bool) -> html.Div:
    return html.Div([
        html.P("Préparer la réunion : la projection est réduite aux écrans de son ordre du jour, et la feuille de "
               "route, si elle a des engagements, est figée sous le nom de la réunion (la version présentée)."),
        html.Button("Préparer à nouveau" if prepared else "Préparer la projection", id=ids.PREPARE,
                    className="fr-btn fr-btn--secondary"),
        html.P(id=ids.PREPARE_MESSAGE, role="status", className="message"),
    ])


def minutes_upload() -> html.Div:
    return html.Div([
        dcc.Upload(id=ids.MINUTES_UPLOAD, accept=documents.MINUTES.accept, className="upload", children=html.Div([
            f"{documents.MINUTES.label} : déposez le fichier ici ou ", html.A("choisissez-le", href="#")])),
        html.P(f"Taille maximale : {uploads.limit_text(documents.MINUTES_LIMIT)}. Le fichier est gardé tel quel, "
               "avec son empreinte SHA-256."),
        dcc.Store(id=ids.MINUTES_LIMIT, data=uploads.browser_limit(documents.MINUTES_LIMIT)),
        html.P(id=ids.MINUTES_MESSAGE, role="alert", className="message"),
    ])


def decision_form(commitments: list[dict]) -> html.Div:
    return html.Div(className="process-form", children=[
        control("Décision", ids.DECISION_TEXT, dcc.Textarea(id=ids.DECISION_TEXT, value="", rows=2,
                                                           className="fr-input", maxLength=texts.DECISION.longest)),
        control("Engagement concerné (facultatif)", ids.DECISION_COMMITMENT, dcc.Dropdown(
            id=ids.DECISION_COMMITMENT, options=commitments, value=None, labels=DROPDOWN_LABELS,
            placeholder="Aucun")),
        control("Effet sur l'engagement", ids.DECISION_EFFECT, radio(
            ids.DECISION_EFFECT, [{"label": label, "value": key} for key, label in EFFECTS.items()], NO_EFFECT)),
        html.Button("Enregistrer la décision", id=ids.DECISION_SAVE, className="fr-btn"),
        html.P(id=ids.DECISION_MESSAGE, role="status", className="message"),
    ])
