"""Form controls with their French wording."""

from __future__ import annotations

from dash import dcc

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
