"""The per-lever inputs of a scenario: done or planned, and a new objective, each in ktCO2e or physical unit.

Inputs have pattern-matching ids ``{"type": "scenario-field", "lever": <id>, "field": <field>}``
(fields of ``dashboard.features.gaps.scenario_input.FIELDS``), their error messages ``scenario-error``, the
lever's remaining effort ``scenario-remaining`` and the version of its values the page started from
``scenario-version`` (optimistic locking), so that one callback serves every row.
"""

from __future__ import annotations

import json

import pandas as pd
from dash import dcc, html

from dashboard.features.gaps.scenario_input import FIELDS, field_text
from domain import formats
from domain.levers import physical_target
from domain.magnitudes import split_unit

DEBOUNCE_SECONDS = 0.4
FIELD_LABELS = {
    "done_kt": "Déjà réalisé ou prévu, en ktCO₂e",
    "done_phys": "Déjà réalisé ou prévu, en unité physique",
    "new_kt": "Nouvel objectif, en ktCO₂e",
    "new_phys": "Nouvel objectif, en unité physique",
}


def component_id(kind: str, lever_id: str, field: str | None = None) -> dict:
    return {"type": kind, "lever": lever_id, **({"field": field} if field else {})}


def dom_id(value: dict) -> str:
    """The DOM id Dash gives a pattern-matching id (keys sorted, JSON values), for ``<label for>``."""
    return "{" + ",".join(f"{json.dumps(k)}:{json.dumps(value[k], ensure_ascii=False)}" for k in sorted(value)) + "}"


def initial_texts(lever: dict) -> dict[str, str]:
    """What each field of the lever shows for the scenario's stored values."""
    texts = {}
    for field, (column, kind) in FIELDS.items():
        kt = lever[column]
        if pd.isna(kt):
            texts[field] = ""
        elif kind == "kt":
            texts[field] = field_text(kt, "kt")
        else:
            texts[field] = field_text(physical_target(kt, lever["ratio_co2_to_phys"], lever["start_point_2019"],
                                                      lever["relative"]), "phys") if lever["translated"] else ""
    return texts


def conflict_message(lever: dict, field: str, typed: str, stored: dict) -> str:
    """Both values of a stale save: what the editor typed (kept in the field) and what someone saved meanwhile."""
    saved = initial_texts({**lever, **{column: stored[column] for column in ("done_kt", "new_objective_kt")}})[field]
    who = stored["updated_by"] or "un autre éditeur"
    when = f" le {formats.moment(stored['updated_at'])}" if stored["updated_at"] is not None else ""
    return (f"Conflit : {who} a enregistré ce levier{when} (version {stored['version']}) pendant votre saisie. "
            f"Valeur enregistrée : {saved or '(vide)'} ; votre saisie : {typed or '(vide)'}, pas encore enregistrée. "
            "Modifiez de nouveau le champ pour que votre valeur remplace la sienne, ou rechargez la page pour "
            "repartir de la valeur enregistrée.")


def _field(lever: dict, field: str, text: str, read_only: bool) -> list:
    kind = FIELDS[field][1]
    input_id = component_id("scenario-field", lever["lever_id"], field)
    untranslated = kind == "phys" and not lever["translated"]
    label = f"{FIELD_LABELS[field]} — {lever['lever']}" + (" (pas de traduction physique)" if untranslated else "")
    return [
        html.Label(label, htmlFor=dom_id(input_id), className="fr-sr-only"),
        dcc.Input(id=input_id, value=text, type="text", debounce=DEBOUNCE_SECONDS,
                  autoComplete="off", readOnly=read_only or bool(lever["edition_disabled"]), disabled=untranslated,
                  className="fr-input",
                  placeholder="ktCO₂e" if kind == "kt" else "sans objet" if untranslated else "unité physique"),
        html.P(id=component_id("scenario-error", lever["lever_id"], field), className="fr-error-text",
               **{"aria-live": "polite"}),
    ]


def _row(lever: dict, read_only: bool) -> html.Tr:
    texts = initial_texts(lever)
    reason = (lever["disabled_reason"] or "").strip("* ") if pd.notna(lever["disabled_reason"]) else ""
    unit = split_unit(lever["unit_phys"])[0] if lever["translated"] else "pas de traduction physique"
    about = [html.Strong(lever["lever"]), html.Br(), html.Span(unit, className="scenario-unit")]
    if lever["edition_disabled"]:
        about += [html.Br(), html.Span(f"Non modifiable : {reason or 'objectif fixé en dehors de la COP'}",
                                       className="scenario-locked")]
    target = (f"{formats.kt(lever['obj_co2_kt'])}" +
              (f" ({formats.number(lever['target_phys'], 1)})" if lever["translated"] else ""))
    return html.Tr(className="scenario-row" + (" scenario-row--locked" if lever["edition_disabled"] else ""),
                   id=f"scenario-row-{lever['lever_id']}", children=[
        html.Th(about, scope="row"),
        html.Td(target, className="num"),
        html.Td(_field(lever, "done_kt", texts["done_kt"], read_only)
                + _field(lever, "done_phys", texts["done_phys"], read_only), className="scenario-fields"),
        html.Td(_field(lever, "new_kt", texts["new_kt"], read_only)
                + _field(lever, "new_phys", texts["new_phys"], read_only), className="scenario-fields"),
        html.Td(formats.kt(lever["remaining_kt"]), id=component_id("scenario-remaining", lever["lever_id"]),
                className="num"),
        dcc.Store(id=component_id("scenario-saved", lever["lever_id"])),
        dcc.Store(id=component_id("scenario-version", lever["lever_id"]), data=int(lever["version"])),
    ])


def scenario_form(levers: pd.DataFrame, group_column: str, read_only: bool = False) -> html.Div:
    """One table per sector (or group), one row per lever; ``read_only`` for a visitor who is not signed in."""
    blocks = []
    for group, rows in levers.groupby(group_column, sort=False):
        records = rows.to_dict("records")
        blocks.append(html.Div(className="fr-table scenario-table", children=html.Table([
            html.Caption(group),
            html.Thead(html.Tr([
                html.Th("Levier", scope="col"),
                html.Th("Objectif SGPE 2030", scope="col", className="num"),
                html.Th(["Déjà réalisé ou prévu", html.Br(), html.Small("ktCO₂e puis unité physique")], scope="col"),
                html.Th(["Nouvel objectif 2030", html.Br(), html.Small("ktCO₂e puis unité physique")], scope="col"),
                html.Th("Reste à faire", scope="col", className="num"),
            ])),
            html.Tbody([_row(lever, read_only) for lever in records]),
        ])))
    return html.Div(blocks, id="scenario-form")
