"""The callbacks of a territory's process page: a step or a need chosen fills its form; saving writes it through
the gate (``Write.STEP``, ``Write.NEED`` for the territory) and shows the section again."""

from __future__ import annotations

import dash
import pandas as pd
from dash import Input, Output, State
from dash.exceptions import PreventUpdate

from dashboard import sent
from dashboard.access import gate
from dashboard.features.process import ids
from dashboard.features.process import territory_sections as sections
from dashboard.page_states import ProcessTerritoryState
from dashboard.state import region_name
from dashboard.store import fetch
from domain import dates, meetings, needs, steps
from domain.permissions import Write
from domain.process import NEED_STATES, NEED_THEMES, PRIORITIES, STEP_STATES, STEPS

DATE_KEYS = list(ids.STEP_DATES)


def _day(value) -> str:
    return dates.field_text(None if value is None or pd.isna(value) else pd.Timestamp(value).date())


def page_state(data: object) -> ProcessTerritoryState:
    """The page's parameters as its callbacks receive them (``PageState.from_store``), its territory one of the
    region's: a forged one is not answered (PreventUpdate)."""
    page = ProcessTerritoryState.from_store(data)
    if (page.level, page.code) not in fetch(meetings.territories, page.region):
        raise PreventUpdate
    return page


def _show_step(step, params) -> dict:
    """The stored state and dates of the step chosen (blank for a step not recorded)."""
    page, step = page_state(params), sent.one_of(step, STEPS)
    recorded = fetch(steps.region_steps, page.region)
    row = recorded[(recorded["territory_level"] == page.level) & (recorded["territory_code"] == page.code)
                   & (recorded["step"] == step)]
    if row.empty:
        return {"state": STEP_STATES[0], **dict.fromkeys(DATE_KEYS)}
    found = row.iloc[0]
    return {"state": found["state"], **{key: _day(found[key]) for key in DATE_KEYS}}


def _save_step(_, step, state, *rest):
    *dates, params = rest
    page = page_state(params)
    raw = {"state": state, **dict(zip(DATE_KEYS, dates))}
    gate.write(steps.save_step, page.region, page.level, page.code, sent.one_of(step, STEPS), raw, kind=Write.STEP,
               show_at=ids.STEP_MESSAGE)
    name = dict(fetch(steps.territories, page.region)).get((page.level, page.code), page.code)
    block = sections.steps_block(fetch(steps.region_steps, page.region), page.level, page.code, name)
    return "Étape enregistrée.", block


def _show_need(need_id, params) -> dict:
    page, need_id = page_state(params), sent.optional_number(need_id)
    found = sections.territory_needs(page.region, page.level, page.code)
    row = found[found["need_id"] == need_id] if need_id else found.iloc[0:0]
    if row.empty:
        return {"theme": NEED_THEMES[0], "priority": PRIORITIES[1], "state": NEED_STATES[0], "responders": [],
                "description": ""}
    need = row.iloc[0]
    responders = [r.strip() for r in (need["responders"] or "").split(",") if r.strip()] \
        if isinstance(need["responders"], str) else []
    return {"theme": need["theme"], "priority": need["priority"], "state": need["state"], "responders": responders,
            "description": need["description"]}


def _save_need(_, need_id, theme, priority, state, responders, description, params) -> dict:
    page, need_id = page_state(params), sent.optional_number(need_id)
    raw = {"territory": f"{page.level}:{page.code}", "theme": theme, "priority": priority, "state": state,
           "responders": sent.texts(responders), "description": sent.text(description)}
    saved = gate.write(needs.save, page.region, need_id or None, raw, kind=Write.NEED,
                       territory=(page.level, page.code), record=need_id or None, show_at=ids.NEED_MESSAGE)
    mine = sections.territory_needs(page.region, page.level, page.code)
    return {"message": f"Besoin n° {saved} enregistré.", "chosen": saved, "options": sections.need_choices(mine),
            "block": sections.needs_block(page.region, region_name(page.region), page.level, page.code)}


def register(app: dash.Dash) -> None:
    app.callback(output={"state": Output(ids.STEP_STATE, "value"),
                         **{key: Output(ids.STEP_DATES[key], "value") for key in DATE_KEYS}},
                 inputs=dict(step=Input(ids.STEP_CHOICE, "value"), params=State(ids.PAGE, "data")))(_show_step)
    app.callback(Output(ids.STEP_MESSAGE, "children"), Output("process-steps-block", "children"),
                 Input(ids.STEP_SAVE, "n_clicks"), State(ids.STEP_CHOICE, "value"), State(ids.STEP_STATE, "value"),
                 *[State(ids.STEP_DATES[key], "value") for key in DATE_KEYS], State(ids.PAGE, "data"),
                 prevent_initial_call=True)(_save_step)
    app.callback(output=dict(theme=Output(ids.NEED_THEME, "value"), priority=Output(ids.NEED_PRIORITY, "value"),
                             state=Output(ids.NEED_STATE, "value"), responders=Output(ids.NEED_RESPONDERS, "value"),
                             description=Output(ids.NEED_DESCRIPTION, "value")),
                 inputs=dict(need_id=Input(ids.NEED_CHOICE, "value"), params=State(ids.PAGE, "data")),
                 prevent_initial_call=True)(_show_need)
    app.callback(output=dict(message=Output(ids.NEED_MESSAGE, "children"),
                             block=Output("process-needs-block", "children"),
                             options=Output(ids.NEED_CHOICE, "options"), chosen=Output(ids.NEED_CHOICE, "value")),
                 inputs=dict(_=Input(ids.NEED_SAVE, "n_clicks"), need_id=State(ids.NEED_CHOICE, "value"),
                             theme=State(ids.NEED_THEME, "value"), priority=State(ids.NEED_PRIORITY, "value"),
                             state=State(ids.NEED_STATE, "value"), responders=State(ids.NEED_RESPONDERS, "value"),
                             description=State(ids.NEED_DESCRIPTION, "value"), params=State(ids.PAGE, "data")),
                 prevent_initial_call=True)(_save_need)
