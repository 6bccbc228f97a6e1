"""The Déclinaison page's method editor: a key of distribution for each lever, saved as a named method.

Folded under its summary, its table of levers is built when it is first opened (dashboard/pages/split.py,
``_open_method_editor``): its 30 dropdowns, each indexing its keys for search, lengthened the page's first draw.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard.access import gate
from dashboard.components.controls import dropdown
from dashboard.components.import_hints import import_link
from dashboard.components.read_only import read_only_note
from dashboard.page_states import SplitState
from dashboard.store import fetch_changed_by, fetch_imported
from dashboard.store.data_versions import METHODS
from domain.permissions import Write
from domain.split import available_keys, region_objectives
from domain.split_methods import method_keys, methods
from domain.texts import METHOD_NAME

# The editor's summary (a click opens it) and its table's body, filled when it first opens.
SUMMARY, ROWS = "split-method-summary", "split-method-rows"
LEVER_KEY = "split-lever-key"


def editor(p, labels: dict[str, str], url_params: dict) -> html.Details:
    """The method editor, folded: its table of levers is built when it is first opened (``rows``). Its
    30 dropdowns, each indexing its keys for search, lengthened the first draw of the page by a tenth."""
    editing = gate.may(Write.METHOD)
    return html.Details(id="split-method-editor", children=[
        html.Summary("Modifier la méthode de déclinaison (clé de chaque levier)", id=SUMMARY, n_clicks=0),
        html.P([f"Clés disponibles : {', '.join(labels.values())}. D'autres clés (parc de véhicules, logements "
                "chauffés au fioul, surface agricole…) : ", import_link("cles"),
                " (ou en ligne de commande : python -m loaders cles FICHIER)."]),
        html.Div(className="fr-table", children=html.Table([
            html.Thead(html.Tr([html.Th("Secteur", scope="col"), html.Th("Levier", scope="col"),
                                html.Th("Clé de répartition", scope="col")])),
            html.Tbody(id=ROWS)])),
        html.Div(className="controls", children=[
            html.Div([html.Label("Nom de la méthode", htmlFor="split-method-name"),
                      dcc.Input(id="split-method-name", type="text", maxLength=METHOD_NAME.longest,
                                className="fr-input", value="" if p["method"] == 1 else p["method_name"])],
                     className="control"),
            html.Button("Enregistrer la méthode", id="split-method-save", className="fr-btn", n_clicks=0,
                        disabled=not editing),
        ]),
        html.P(id="split-method-message", role="status",
               children=None if editing else read_only_note(SplitState.from_query(url_params).href(), Write.METHOD)),
    ])


def rows(region: str, method: int) -> list[html.Tr]:
    """A row per lever of ``region``: its sector, its name and the key ``method`` splits it by, to choose."""
    objectives = fetch_imported(region_objectives, region)
    keys = fetch_imported(available_keys)
    options = [{"label": f"{label} ({unit})" if unit else label, "value": key}
               for key, label, unit in zip(keys["key_id"], keys["label"], keys["unit"])]
    current = fetch_changed_by(METHODS, method_keys, method)
    default = fetch_changed_by(METHODS, methods).set_index("method_id").at[method, "default_key_id"]
    return [html.Tr([
        html.Td(sector), html.Td(lever),
        html.Td(lever_key(lever_id, options, current.get(lever_id, default))),
    ]) for lever_id, lever, sector in zip(objectives["lever_id"], objectives["lever"], objectives["sector"])]


def lever_key(lever_id: str, options: list[dict], key: str | None):
    """The key chosen for a lever (``_save_method`` reads them all by their ``LEVER_KEY`` type)."""
    return dropdown({"type": LEVER_KEY, "lever": lever_id}, options, key)
