"""The detail form of a commitment: one input per field, each with its own error message; after a
conflicting save, both versions side by side and the editor's choice between them."""

from __future__ import annotations

from dash import dcc, html

from dashboard import sent
from dashboard.components.controls import DROPDOWN_LABELS, dropdown
from dashboard.components.searched_choice import first_with, searched_dropdown
from dashboard.features.roadmap import financing_form
from domain import formats
from domain.commitments import (
    GROUPS,
    LABELS,
    LEVELS,
    MATURITIES,
    STATUSES,
    TEXTS,
    THEMES,
    Context,
    readable,
)
from domain.texts import CONTRIBUTIONS, SHARED_TERRITORIES
from domain.vocabulary import sector_rank, territory_label

# Form inputs: id suffix → (fields it carries, kind). The territory input carries level and code.
INPUTS = {
    "territory": ("territory", "dropdown"), "territories": ("territories", "text"), "lever": ("lever_id", "dropdown"),
    "objectives": ("objectives", "text"), "theme": ("theme", "dropdown"), "carrier": ("carrier", "text"),
    "carrier-party": ("carrier_party", "dropdown"),
    "title": ("title", "text"), "description": ("description", "textarea"),
    "quantity-kt": ("quantity_kt", "text"), "quantity-phys": ("quantity_phys", "text"),
    "start": ("start_year", "number"), "end": ("end_year", "number"), "status": ("status", "dropdown"),
    "maturity": ("maturity", "dropdown"),
    "cost": ("total_cost", "text"), "contact": ("contact", "text"),
}
FINANCING = "financing"  # the financing lines: rows of their own (features/roadmap/financing_form.py)
# The form's base (``roadmap-form-base``): the commitment opened, its version, its inputs as opened, its financing
# lines among them (``inputs_from``; none: no line) — as the callbacks read it back (``opened_base``).
BASE = {"id": sent.number, "version": sent.number, "inputs": lambda inputs: sent.record(
    inputs, {FINANCING: lambda rows: [] if rows is None else sent.listed(rows, sent.record)})}
ERROR_NAMES = [*INPUTS, FINANCING]  # every field's error, under its input
ERROR_OF = {"territory_level": "territory", "territory_code": "territory", "lever_id": "lever",
            "carrier_party": "carrier-party",
            "quantity_kt": "quantity-kt", "quantity_phys": "quantity-phys", "start_year": "start", "end_year": "end",
            "total_cost": "cost"}
LABEL_OF = {"territory": "Territoire", "territories": LABELS["territories"] + " (facultatif)",
            "lever": "Levier (facultatif)",
            "objectives": LABELS["objectives"] + " (facultatif)",
            "theme": LABELS["theme"] + " (sans levier ni objectif)", "quantity-kt": LABELS["quantity_kt"] + " évitées",
            "quantity-phys": LABELS["quantity_phys"] + " (variation, unité du levier)"}


TERRITORY_HINT = "Choisissez, ou tapez une partie de son nom…"


def input_id(name: str) -> str:
    return f"roadmap-f-{name}"


def error_id(name: str) -> str:
    return f"roadmap-e-{name}"


def error_name(field: str) -> str:
    return ERROR_OF.get(field, field)


def title(number: int, version: int) -> str:
    return f"Fiche engagement n° {number} (version {version})"


def status_options(settable: list[str], record: dict | None = None) -> list[dict]:
    """The statuses the account may give, and the commitment's own (shown, even when it may not give it)."""
    statuses = [s for s in STATUSES if s in settable or (record and s == record["status"])]
    return [{"label": s, "value": s} for s in statuses]


def territory_options(context: Context) -> list[dict]:
    """Every territory of the region a commitment may name (« level:code »), by level then name."""
    return [{"label": territory_label(level, name), "value": f"{level}:{code}"}
            for (level, code), name in sorted(context.territories.items(), key=lambda item: (
                list(LEVELS).index(item[0][0]), item[1]))]


def territory_choice(context: Context, territory: str | None) -> list[dict]:
    """The territory input's options for a commitment of ``territory`` (« level:code »): its own, then the first
    ones, until the person searches (components/searched_choice.py)."""
    return first_with(territory_options(context), territory)


def form(context: Context, enabled: bool, settable: list[str], sources: list[str]) -> html.Div:
    """The form; the status offers only the ``settable`` statuses (a contributor proposes); ``sources``: the
    financing sources the region offers."""
    levers = [{"label": f"{lever.sector} — {lever.label}" + (f" ({lever.unit_phys})" if lever.unit_phys else ""),
               "value": lever.lever_id}
              for lever in sorted(context.levers.values(), key=lambda one: (sector_rank(one.sector), one.label))]
    party_options = [{"label": f"{name} ({code})", "value": code} for code, name in context.parties.items()]
    widgets = {
        "territory": searched_dropdown(input_id("territory"), territory_options(context), TERRITORY_HINT,
                                       clearable=False),
        "lever": dcc.Dropdown(id=input_id("lever"), options=levers, value=None, clearable=True, searchable=True,
                              labels=DROPDOWN_LABELS, placeholder="Aucun levier du SGPE"),
        "objectives": dcc.Input(id=input_id("objectives"), value="", className="fr-input", debounce=True,
                                type="text", maxLength=CONTRIBUTIONS.longest),
        "territories": dcc.Input(id=input_id("territories"), value="", className="fr-input", debounce=True,
                                 type="text", maxLength=SHARED_TERRITORIES.longest),
        "theme": dcc.Dropdown(id=input_id("theme"), options=THEMES, value=None, clearable=True, searchable=True,
                              labels=DROPDOWN_LABELS, placeholder="Aucun"),
        "carrier-party": dcc.Dropdown(id=input_id("carrier-party"), value=None, labels=DROPDOWN_LABELS,
                                      placeholder="Aucun (porteur hors registre)", options=party_options),
        "status": dropdown(input_id("status"), status_options(settable), "proposé"),
        "maturity": dcc.Dropdown(id=input_id("maturity"), options=MATURITIES, value=None, clearable=True,
                                 searchable=True, labels=DROPDOWN_LABELS, placeholder="Non renseignée"),
        "description": dcc.Textarea(id=input_id("description"), value="", rows=3, className="fr-input",
                                    maxLength=TEXTS["description"].longest),
    }
    fields = []
    for name, (field, kind) in INPUTS.items():
        widget = widgets[name] if name in widgets else dcc.Input(
            id=input_id(name), value="", className="fr-input", debounce=True,
            type="text", **({"inputMode": "numeric"} if kind == "number" else {}),
            **({"maxLength": TEXTS[field].longest} if field in TEXTS else {}))
        label = LABEL_OF.get(name, LABELS.get(field, name))
        fields.append(html.Div(className=f"form-field form-field--{name}", children=[
            html.Label([label, *([HINTS[name](context)] if name in HINTS else [])], htmlFor=input_id(name)),
            widget,
            html.P(id=error_id(name), className="field-error", role="alert"),
        ]))
    return html.Div(className="commitment-form", children=[
        html.Div(fields, className="form-grid"),
        financing_form.section(sources, context.parties, enabled),
        html.Div(className="form-actions", children=[
            html.Button("Enregistrer", id="roadmap-save", className="fr-btn fr-btn--primary", disabled=not enabled),
            html.Button("Nouvel engagement", id="roadmap-new", className="fr-btn fr-btn--secondary",
                        disabled=not enabled),
        ]),
    ])


def objectives_hint(context: Context) -> html.Span:
    """The region's objectives beyond greenhouse gases a commitment may contribute to, with their units (in the
    field's label, read with it)."""
    listed = " ; ".join(f"{one.indicator_id} ({one.name}, en {one.unit})" for one in context.objectives.values())
    return html.Span(f"« indicateur : valeur » séparés par des points-virgules, la valeur vers la cible 2030. "
                     f"Objectifs de la région : {listed}." if listed else
                     "La région n'a pas encore d'objectif au-delà des gaz à effet de serre (page « Écarts »).",
                     className="fr-hint-text")


def shares_hint(_context: Context) -> html.Span:
    return html.Span("Pour un engagement porté par plusieurs territoires : chacun avec sa part en %, le territoire "
                     "ci-contre parmi eux, les parts faisant 100 % (« CRTE crte-53-29-2 : 60 ; CRTE crte-53-29-3 : "
                     "40 » ; sans parts : parts égales).", className="fr-hint-text")


HINTS = {"objectives": objectives_hint, "territories": shares_hint}


def opened_base(data) -> dict | None:
    """The form's base as a callback receives it (``BASE``); None for a new commitment. Forged: not answered."""
    return None if data is None else sent.record(data, BASE)


def typed(inputs: dict) -> dict:
    """The form's inputs as the save receives them: a text field's and the territory's choice (« level:code ») a
    text or None. Forged: not answered; what the text says is checked by the validation, in French."""
    return {**inputs, **{name: sent.text(inputs[name]) for name, (_, kind) in INPUTS.items()
                         if kind in ("text", "textarea") or name == "territory"}}


def values_from(inputs: dict) -> dict:
    """Form inputs (name → value) as the raw fields ``commitments.validate`` checks."""
    level, _, code = (inputs.get("territory") or "").partition(":")
    raw = {field: inputs.get(name) for name, (field, _) in INPUTS.items() if name != "territory"}
    return {**raw, "territory_level": level or None, "territory_code": code or None,
            "financing": inputs.get(FINANCING) or []}


def edited(inputs: dict, base: dict | None) -> set[str]:
    """The fields whose input differs from the one the form was opened with (all of a new commitment's)."""
    if not base:
        return {field for field, _ in INPUTS.values()} | {FINANCING}
    changed = {field for name, (field, _) in INPUTS.items()
               if str(inputs.get(name) or "") != str(base["inputs"].get(name) or "")}
    same = financing_form.same_rows(inputs.get(FINANCING) or [], base["inputs"].get(FINANCING) or [])
    return changed if same else changed | {FINANCING}


def inputs_from(record: dict | None) -> dict:
    """A stored commitment as form inputs (blank form when None), its financing lines as rows (``FINANCING``)."""
    if record is None:
        return {**{name: ("proposé" if name == "status" else None if kind == "dropdown" else "")
                   for name, (_, kind) in INPUTS.items()}, FINANCING: []}
    inputs = {FINANCING: financing_form.shown(record.get("financing"))}
    for name, (field, kind) in INPUTS.items():
        if name == "territory":
            inputs[name] = f"{record['territory_level']}:{record['territory_code']}"
        elif name in GROUPS:
            inputs[name] = GROUPS[name].written(record.get(field))
        else:
            value = record.get(field)
            inputs[name] = "" if value is None else (
                formats.editable(value) if isinstance(value, float) and kind == "text" else value)
    return inputs


def conflict_box(mine: dict, stored: dict) -> html.Div:
    """Both versions side by side; the user's input stays in the form until they choose."""
    rows = [html.Tr([html.Th(LABELS[key], scope="row"), html.Td(shown(mine.get(key))), html.Td(shown(stored.get(key)))],
                    className="differs" if shown(mine.get(key)) != shown(stored.get(key)) else None)
            for key in LABELS]
    return html.Div(className="fr-alert conflict", id="roadmap-conflict-box", children=[
        html.P(f"Conflit : {stored['updated_by']} a enregistré cet engagement le "
               f"{formats.moment(stored['updated_at'])} (version {stored['version']}) pendant que vous le modifiiez. "
               "Rien n'est perdu : vos saisies sont toujours dans le formulaire. Choisissez « Garder ma version » "
               "pour que votre version remplace la sienne, ou « Prendre la version enregistrée » pour repartir de "
               "la sienne."),
        html.Div(className="fr-table", children=html.Table([
            html.Caption("Les deux versions (lignes en gras : différentes)"),
            html.Thead(html.Tr([html.Th("Champ", scope="col"), html.Th("Votre version", scope="col"),
                                html.Th(f"Version enregistrée par {stored['updated_by']}", scope="col")])),
            html.Tbody(rows)])),
    ])


def conflict_choice() -> html.Div:
    """The two ways out of a conflict, shown with the conflict box (always in the layout: callbacks listen to them)."""
    return html.Div(id="roadmap-conflict-choice", className="form-actions", hidden=True, children=[
        html.Button("Garder ma version", id="roadmap-keep-mine", className="fr-btn fr-btn--primary"),
        html.Button("Prendre la version enregistrée", id="roadmap-take-stored", className="fr-btn fr-btn--secondary"),
    ])


def shown(value) -> str:
    if isinstance(value, (list, tuple)):  # a repeated group: contributions, territories
        value = readable(value)
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return formats.number(value, 2)
    return str(value)
