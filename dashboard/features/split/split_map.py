"""The Déclinaison page's map: its heading, the choropleth of the split objectives and the caption that says
what it shows (``v``: the page's view, ``p``: its parameters, dashboard/pages/split.py)."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard.components.colour_legend import colour_legend
from dashboard.features.split.tables import UNITS, scope_label, sort_totals
from dashboard.figures.charts import plain
from dashboard.figures.colour_scales import ColourScale, quantile_scale
from dashboard.figures.maps import Apart, choropleth_map, region_outlines
from dashboard.store import memo_imported
from domain import formats
from domain.regions import of_region
from domain.split import OUTSIDE_CODE
from domain.vocabulary import LEVELS, outside_name


def heading(p) -> str:
    return f"Carte des objectifs 2030 par {LEVELS[p['level']].singular}"


def _valued(v) -> pd.DataFrame:
    """The territories' totals with the ``value`` the map colours (per inhabitant or in ktCO₂e)."""
    return v["totals"].assign(value=v["totals"]["per_inhabitant" if v["p"]["unit"] == "habitant" else "obj_kt"])


def _placed(v) -> pd.DataFrame:
    """The territories of the level, not the communes outside them."""
    frame = _valued(v)
    return frame[frame["code"] != OUTSIDE_CODE]


def colour_scale(v) -> ColourScale | None:
    """The map's classes: what colours its territories, its legend and its caption."""
    return quantile_scale(_placed(v)["value"])


def _unit(p) -> str:
    return "tCO₂e/hab." if p["unit"] == "habitant" else "ktCO₂e"


def legend(v) -> html.Div | None:
    """The colour classes under the map, in the page (``components.colour_legend``)."""
    return colour_legend(colour_scale(v), _unit(v["p"]))


def figure(v) -> dict:
    p, per_inhabitant = v["p"], v["p"]["unit"] == "habitant"
    frame = _valued(v)
    frame["hover"] = [_hover(row, v["keys"]) for row in frame.itertuples()]
    overlay = memo_imported(region_outlines, p["region"], "departement") if p["level"] != "departement" else None
    shapes = memo_imported(region_outlines, p["region"], p["level"])
    placed, outside = frame[frame["code"] != OUTSIDE_CODE], frame[frame["code"] == OUTSIDE_CODE]
    apart = None
    if len(outside) and OUTSIDE_CODE in shapes:
        apart = Apart(shapes[OUTSIDE_CODE], outside_name(p["level"]), outside["hover"].iloc[0], OUTSIDE_CODE)
    scale = colour_scale(v)
    return choropleth_map(placed, _unit(p), shapes, overlay, selected=p["code"], scale=scale,
                          note=None if scale else _equal_text(placed, per_inhabitant), apart=apart, colour_bar=False)


def _equal_text(placed: pd.DataFrame, per_inhabitant: bool) -> str:
    """« Toutes les valeurs sont égales : 2,76 tCO₂e par habitant » (the map and its caption say it)."""
    row = next(placed.itertuples())
    return f"Toutes les valeurs sont égales : {_value_text(row, per_inhabitant)}"


def caption(v) -> str:
    p, per_inhabitant, totals = v["p"], v["p"]["unit"] == "habitant", v["totals"]
    placed = totals[totals["code"] != OUTSIDE_CODE]
    scale = colour_scale(v)
    if scale is None and len(placed):
        figures = _equal_text(placed, per_inhabitant) + " : la carte n'a pas de couleurs à comparer"
    else:
        ranked = sort_totals(placed, "habitant" if per_inhabitant else "objectif")
        figures = "plus forts objectifs : " + "; ".join(
            f"{r.name} : {_value_text(r, per_inhabitant)}" for r in ranked.head(5).itertuples())
        if scale is not None:
            figures += f". Couleurs : {scale.describe()}"
    outside = totals[totals["code"] == OUTSIDE_CODE]
    apart = (f" En pointillés : les {formats.count(int(outside['communes'].iloc[0]))} communes hors "
             f"{LEVELS[p['level']].singular}, comptées à part." if len(outside) else "")
    return (f"Carte {of_region(p['region_name'])} par {LEVELS[p['level']].singular}, "
            f"{scope_label(v['objectives'], p['scope'])}, en {UNITS[p['unit']]} — {figures}.{apart} "
            f"{formats.noun(len(v['keys']), 'Clé')} : {', '.join(v['keys'])}. Cliquez sur un territoire pour le "
            "sélectionner ; le tableau ci-dessous donne chaque territoire. Source : objectifs régionaux "
            f"({', '.join(sorted(set(v['objectives']['source'])))}), répartition calculée.")


def _value_text(row, per_inhabitant: bool) -> str:
    if per_inhabitant:
        return f"{formats.number(row.per_inhabitant, 2)}\u00a0tCO₂e par habitant"
    return formats.kt(row.obj_shown)


def _hover(row, keys: list[str]) -> str:
    return (f"<b>{plain(row.name)}</b><br>{formats.kt(row.obj_shown)} ({formats.percent(row.share, 1)} de "
            f"l'objectif régional)<br>{formats.number(row.per_inhabitant, 2)} tCO₂e par habitant<br>"
            f"{formats.number(row.population, 0)} habitants dans la région<br>"
            f"{formats.noun(len(keys), 'Clé')} : {plain(', '.join(keys))}")
