"""Form controls with their French wording."""

from __future__ import annotations

from dash import dcc

from dashboard.charts import GROUPINGS

DROPDOWN_LABELS = {
    "select_all": "Tout sélectionner",
    "deselect_all": "Tout désélectionner",
    "selected_count": "{num_selected} sélectionné(s)",
    "search": "Rechercher",
    "clear_search": "Effacer la recherche",
    "clear_selection": "Effacer la sélection",
    "no_options_found": "Aucun résultat",
}


def dropdown(component_id: str, options: list[dict], value, **kwargs) -> dcc.Dropdown:
    """A searchable single-choice dropdown, in French."""
    return dcc.Dropdown(id=component_id, options=options, value=value, clearable=False, searchable=True,
                        labels=DROPDOWN_LABELS, placeholder="Choisir…", **kwargs)


def region_options(regions) -> list[dict]:
    """Options of a region dropdown from ``queries.regions``: fictional regions say so."""
    return [{"label": name + (" (données fictives)" if fictional else ""), "value": code}
            for code, name, fictional in zip(regions["code"], regions["name"], regions["fictional"])]


def grouping_radio(component_id: str, value: str) -> dcc.RadioItems:
    """Group levers by sector or by thematic group."""
    return dcc.RadioItems(id=component_id, value=value, inline=True, className="fr-radio",
                          options=[{"label": f"par {label.lower()}", "value": key}
                                   for key, (_, label) in GROUPINGS.items()])
