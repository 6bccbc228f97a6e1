"""The history of a méthode de déclinaison: who chose which key for which lever (or as the default key),
and when. Shown under the method editor of the Déclinaison page and downloaded at
``/export/historique-methode.<csv|xlsx>?region=53&methode=2`` (the region names the levers)."""

from __future__ import annotations

from dashboard import sent
from dashboard.components.history import history_disclosure, history_table
from dashboard.exports import UnknownExport, export_view, region_of
from dashboard.features.split.tables import key_label_map
from dashboard.store import fetch_changed_by, fetch_imported, queries
from dashboard.store.data_versions import METHODS
from dashboard.tables import Table
from domain import history
from domain.split_methods import methods

VIEW = "historique-methode"
FIELD_NAMES = {"name": "Nom", "default_key_id": "Clé par défaut (leviers sans clé propre)"}


def method_history_table(method_id: int, region: str) -> Table:
    known = fetch_changed_by(METHODS, methods).set_index("method_id")
    if method_id not in known.index:
        raise UnknownExport(f"méthode de déclinaison inconnue : « {method_id} ».")
    levers, keys = fetch_imported(queries.lever_names, "region", region), key_label_map()
    return history_table(f"Historique de la méthode « {known.at[method_id, 'name']} »",
                         fetch_changed_by(METHODS, history.read, history.METHODS, method_id),
                         lambda field: FIELD_NAMES.get(field) or f"Clé de « {levers.get(field, field)} »",
                         lambda key: keys.get(key, key))


def method_history(method_id: int, region: str):
    """The « Historique » disclosure of the chosen method."""
    return history_disclosure("split-method-history", "Historique de la méthode (qui a choisi quelle clé, et quand)",
                              method_history_table(method_id, region), VIEW, {"region": region, "methode": method_id})


@export_view(VIEW)
def _export(params: dict) -> Table:
    region, _ = region_of(params)
    method_id = sent.whole_number(params.get("methode"))
    if method_id is None:
        raise UnknownExport("paramètre « methode » manquant ou illisible (un numéro de méthode).")
    return method_history_table(method_id, region)
