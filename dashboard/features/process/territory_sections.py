"""The sections of a territory's process page, each rebuilt alone after a save: its steps, meetings, needs and
programmes, and the forms that change them (shown to the roles that may; the gate still checks every write)."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from dashboard.components.controls import DROPDOWN_LABELS, day_hint, day_input, dropdown
from dashboard.components.read_only import read_only_note
from dashboard.components.table import data_table, scrolling_table
from dashboard.features.process import ids
from dashboard.features.process.tables import needs_table, programmes_table
from dashboard.page_states import MeetingState
from dashboard.store import fetch
from dashboard.tables import Table
from domain import formats, needs, programmes
from domain.permissions import Write
from domain.process import NEED_STATES, NEED_THEMES, PRIORITIES, RESPONDERS, STEP_STATES, STEPS, reached_label
from domain.steps import LABELS as STEP_LABELS
from domain.steps import reached_steps


def _day(value) -> str:
    return "" if value is None or pd.isna(value) else formats.day(pd.Timestamp(value).date())


def steps_block(recorded: pd.DataFrame, level: str, code: str, name: str, table_id: str = ids.STEPS_TABLE,
                reached_id: str = "process-reached") -> html.Div:
    """The territory's four steps (a blank row for a step not recorded) and the step it has reached."""
    mine = recorded[(recorded["territory_level"] == level) & (recorded["territory_code"] == code)].set_index("step")
    rows = [(step.label, *(mine.loc[number, key] if number in mine.index else None for key in STEP_LABELS))
            for number, step in STEPS.items()]
    frame = pd.DataFrame(rows, columns=["Étape", *STEP_LABELS.values()])
    for key in list(STEP_LABELS)[1:]:
        frame[STEP_LABELS[key]] = frame[STEP_LABELS[key]].map(_day)
    frame[STEP_LABELS["state"]] = frame[STEP_LABELS["state"]].fillna("non renseigné")
    reached = reached_steps(mine.reset_index()).get((level, code), 0) if len(mine) else 0
    return html.Div([
        html.P(f"Étape atteinte : {reached_label(reached)}.", id=reached_id),
        scrolling_table(Table(f"Étapes de la COP — {name}", frame), table_id),
    ])


def step_form(page_here: str, enabled: bool) -> html.Div:
    if not enabled:
        return html.P(read_only_note(page_here, Write.STEP))
    dates = [control([STEP_LABELS[key], day_hint()], element, day_input(element))
             for key, element in ids.STEP_DATES.items()]
    choices = [{"label": step.label, "value": number} for number, step in STEPS.items()]
    return html.Div(className="process-form", children=[
        html.H3("Mettre à jour une étape"),
        html.Div(className="controls", children=[
            control("Étape", ids.STEP_CHOICE, dropdown(ids.STEP_CHOICE, choices, 1)),
            control("État", ids.STEP_STATE, radio(ids.STEP_STATE, STEP_STATES, STEP_STATES[0])), *dates]),
        html.Button("Enregistrer l'étape", id=ids.STEP_SAVE, className="fr-btn"),
        html.P(id=ids.STEP_MESSAGE, role="status", className="message"),
    ])


def meetings_block(found: pd.DataFrame, level: str, code: str, new_meeting: str | None) -> html.Div:
    mine = found[(found["territory_level"] == level) & (found["territory_code"] == code)]
    items = [html.Li([dcc.Link(row.title, href=MeetingState(meeting=int(row.meeting_id)).href()),
                      f" — {formats.span(row.starts_at, row.ends_at)}"]) for row in mine.itertuples()]
    return html.Div([
        html.Ul(items, id="process-territory-meetings") if items else html.P("Aucune réunion enregistrée."),
        dcc.Link("Nouvelle réunion", href=new_meeting, className="fr-btn fr-btn--secondary",
                 id="process-new-meeting") if new_meeting else None,
    ])


def territory_needs(region: str, level: str, code: str) -> pd.DataFrame:
    found = fetch(needs.region_needs, region)
    return found[(found["territory_level"] == level) & (found["territory_code"] == code)]


def needs_block(region: str, region_name: str, level: str, code: str) -> html.Div:
    mine = territory_needs(region, level, code)
    if mine.empty:
        return html.P("Aucun besoin d'ingénierie déclaré.", id="process-needs-empty")
    return data_table(needs_table(region_name, mine), "besoins", {"region": region})


def control(label: str | list, element_id: str, widget) -> html.Div:
    return html.Div(className="control", children=[html.Label(label, htmlFor=element_id), widget])


def radio(element_id: str, options, value) -> dcc.RadioItems:
    return dcc.RadioItems(id=element_id, options=list(options), value=value, inline=True, className="fr-radio")


def need_choices(mine: pd.DataFrame) -> list[dict]:
    """« Nouveau besoin », then each of the territory's needs."""
    return [{"label": "Nouveau besoin", "value": 0}] + [
        {"label": f"n° {row.need_id} — {row.theme} ({row.state})", "value": int(row.need_id)}
        for row in mine.itertuples()]


def need_form(mine: pd.DataFrame, page_here: str, enabled: bool) -> html.Div:
    if not enabled:
        return html.P(read_only_note(page_here, Write.NEED))
    return html.Div(className="process-form", children=[
        html.H3("Déclarer ou mettre à jour un besoin"),
        html.Div(className="controls", children=[
            control("Besoin", ids.NEED_CHOICE, dropdown(ids.NEED_CHOICE, need_choices(mine), 0)),
            control("Thème", ids.NEED_THEME, dropdown(ids.NEED_THEME, list(NEED_THEMES), NEED_THEMES[0])),
            control("Priorité", ids.NEED_PRIORITY, radio(ids.NEED_PRIORITY, PRIORITIES, PRIORITIES[1])),
            control("État", ids.NEED_STATE, radio(ids.NEED_STATE, NEED_STATES, NEED_STATES[0])),
        ]),
        html.Label(needs.LABELS["responders"], htmlFor=ids.NEED_RESPONDERS),
        dcc.Dropdown(id=ids.NEED_RESPONDERS, options=list(RESPONDERS), value=[], multi=True, labels=DROPDOWN_LABELS,
                     placeholder="Choisir…"),
        html.Label("Description", htmlFor=ids.NEED_DESCRIPTION),
        dcc.Textarea(id=ids.NEED_DESCRIPTION, className="fr-input", rows=3, value=""),
        html.Button("Enregistrer le besoin", id=ids.NEED_SAVE, className="fr-btn"),
        html.P(id=ids.NEED_MESSAGE, role="status", className="message"),
    ])


def programmes_block(level: str, code: str, name: str) -> html.Div:
    found = fetch(programmes.territory_programmes, level, code)
    if found.empty:
        return html.P("Aucun programme chargé pour ce territoire (import « Programmes des territoires » de la page "
                      "Données et méthode).")
    return scrolling_table(programmes_table(name, found), "process-programmes")
