"""The repeated lines of the commitment form — its territories, objectives, financing lines — and of its follow-up:
one line of labelled fields each, added and removed in the page.

Every field of a line has the id ``{"type": "roadmap-row", "group": <group>, "field": <field>, "row": <n>}``, ``n``
unique in the group (not its position: a line removed leaves the others' ids as they were); the lines of a group
sit in ``{"type": "roadmap-rows", "group": <group>}``, their problems in ``{"type": "roadmap-rows-error",
"group": <group>}``. A follow-up line has a field per objective of the commitment, ``achieved:<objective id>``.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard.components.controls import DROPDOWN_LABELS
from domain import commitment_territories, contributions, financing, follow_up, formats
from domain.commitments import Context
from domain.vocabulary import FINANCING_STATUSES, sector_rank

ROW, ROWS, ERROR, ADD, REMOVE = "roadmap-row", "roadmap-rows", "roadmap-rows-error", "roadmap-add", "roadmap-remove"
FOLLOW_UP = follow_up.GROUP
# Each group's fields: (field, kind, label); « territory » carries the level and the code (« crte:… »).
FIELDS = {
    commitment_territories.GROUP: [("territory", "dropdown", "Territoire"),
                                   ("share", "text", "Part (%) — vide : parts égales")],
    contributions.GROUP: [("objective_id", "dropdown", "Objectif (levier ou objectif régional)"),
                          ("quantity", "text", "Quantité, dans l'unité de l'objectif (variation)"),
                          ("quantity_kt", "text", "ktCO₂e évitées (leviers)")],
    financing.GROUP: [("source", "dropdown", "Source"), ("amount", "text", "Montant (€)"),
                      ("year", "text", "Année"), ("status", "dropdown", "Statut du financement")],
    FOLLOW_UP: [("year", "text", "Année"), ("spent", "text", "Dépensé cette année (€)"),
                ("comment", "text", "Commentaire")],
}
ADD_LABELS = {commitment_territories.GROUP: "Ajouter un territoire", contributions.GROUP: "Ajouter un objectif",
              financing.GROUP: "Ajouter un financement", FOLLOW_UP: "Ajouter une année"}


def field_id(group: str, field: str, row: int) -> dict:
    return {"type": ROW, "group": group, "field": field, "row": row}


def options(context: Context, territory_labels: dict[tuple[str, str], str]) -> dict[str, list[dict]]:
    """The choices of each dropdown field of the commitment's groups."""
    levels = list(commitment_territories.LEVELS)
    territories = [{"label": territory_labels.get(key, name), "value": f"{key[0]}:{key[1]}"}
                   for key, name in sorted(context.territories.items(), key=lambda item: (
                       levels.index(item[0][0]), item[1]))]
    levers = [{"label": f"{lever.sector} — {lever.label}" + (f" ({lever.unit_phys})" if lever.unit_phys else ""),
               "value": lever.lever_id}
              for lever in sorted(context.levers.values(), key=lambda one: (sector_rank(one.sector), one.label))]
    regional = [{"label": f"Objectif régional — {objective.name} ({objective.unit})", "value": objective.indicator_id}
                for objective in context.objectives.values()]
    return {"territory": territories, "objective_id": regional + levers,
            "source": [{"label": s, "value": s} for s in context.sources],
            "status": [{"label": s, "value": s} for s in FINANCING_STATUSES]}


def row(group: str, number: int, values: dict, choices: dict[str, list[dict]],
        objectives: list[tuple[str, str]] = ()) -> html.Div:
    """One line of ``group`` (its ``values`` by field), numbered ``number``; a follow-up line has one field per
    ``objectives`` (objective id, label with its unit)."""
    fields = list(FIELDS[group]) + [(f"achieved:{objective}", "text", f"Réalisé cette année — {label}")
                                    for objective, label in (objectives if group == FOLLOW_UP else ())]
    cells = []
    for field, kind, label in fields:
        element = field_id(group, field, number)
        key = f"{group}-{field}-{number}".replace(":", "-")
        if kind == "dropdown":
            widget = dcc.Dropdown(id=element, options=choices.get(field, []), value=values.get(field),
                                  labels=DROPDOWN_LABELS, placeholder="Choisir…", clearable=True)
        else:
            widget = dcc.Input(id=element, value=_shown(values.get(field)), type="text", className="fr-input",
                               debounce=True, **{"aria-labelledby": f"roadmap-label-{key}"})
        cells.append(html.Div(className=f"form-field form-field--{field.partition(':')[0]}", children=[
            html.Span(label, id=f"roadmap-label-{key}", className="row-label"), widget]))
    cells.append(html.Button("Retirer", id={"type": REMOVE, "group": group, "row": number},
                             className="fr-btn fr-btn--tertiary fr-btn--sm", title="Retirer cette ligne"))
    return html.Div(cells, className="group-row", role="group", **{"aria-label": f"Ligne {number}"})


def _shown(value) -> str:
    if value is None:
        return ""
    return formats.editable(value) if isinstance(value, float) else str(value)


def block(group: str, title: str, lines: list[html.Div], enabled: bool, hint: str | None = None) -> html.Fieldset:
    """A group's lines under its title, with the button that adds one and the place of its problems."""
    return html.Fieldset(className="form-group", children=[
        html.Legend(title),
        html.P(hint, className="hint") if hint else None,
        html.Div(lines, id={"type": ROWS, "group": group}),
        html.Button(ADD_LABELS[group], id={"type": ADD, "group": group}, className="fr-btn fr-btn--secondary fr-btn--sm",
                    disabled=not enabled),
        html.Div(id={"type": ERROR, "group": group}, className="field-error", role="alert"),
    ])


def values_of(stored: dict) -> dict[str, list[dict]]:
    """A stored commitment's groups as the lines' values (a territory as « level:code »)."""
    return {
        commitment_territories.GROUP: [{"territory": f"{t['territory_level']}:{t['territory_code']}",
                                        "share": t["share"]} for t in stored.get(commitment_territories.GROUP, [])],
        contributions.GROUP: [dict(c) for c in stored.get(contributions.GROUP, [])],
        financing.GROUP: [dict(line) for line in stored.get(financing.GROUP, [])],
    }


def follow_values(rows: list[dict]) -> list[dict]:
    """A stored follow-up as the lines' values."""
    return [{"year": row["year"], "spent": row["spent"], "comment": row["comment"],
             **{f"achieved:{k}": v for k, v in row["achieved"].items()}} for row in rows]


def read(values: list, ids: list[dict], group: str) -> list[tuple[int, dict]]:
    """(row number, {field: value}) of each line of ``group`` in the page's order, from the values and ids of every
    line field (``State({"type": ROW, …: ALL}, "value")`` and ``"id"``)."""
    lines: dict[int, dict] = {}
    for value, element in zip(values, ids):
        if element["group"] == group:
            lines.setdefault(element["row"], {})[element["field"]] = value
    return list(lines.items())


def raw_group(group: str, lines: list[tuple[int, dict]]) -> list[dict]:
    """A group's lines as ``domain.commitments.validate`` reads them."""
    if group == commitment_territories.GROUP:
        return [{"territory_level": (line.get("territory") or "").partition(":")[0] or None,
                 "territory_code": (line.get("territory") or "").partition(":")[2] or None,
                 "share": line.get("share")} for _, line in lines]
    return [dict(line) for _, line in lines]


def raw_follow_up(lines: list[tuple[int, dict]]) -> list[dict]:
    """The follow-up lines as ``domain.follow_up.validate`` reads them."""
    return [{"year": line.get("year"), "spent": line.get("spent"), "comment": line.get("comment"),
             "achieved": {field.partition(":")[2]: value for field, value in line.items()
                          if field.startswith("achieved:") and value not in (None, "")}} for _, line in lines]
