"""The roadmap's figures for one territory and sector: key figures, table by sector, trajectory and coverage map.

Shared by the « Feuille de route » page and its printable document.
"""

from __future__ import annotations

import math

from dash import dcc, html

from dashboard.components import frozen_version
from dashboard.components.cards import key_figure
from dashboard.components.table import data_table
from dashboard.features.roadmap import coverage as roadmap
from dashboard.features.roadmap import data as roadmap_data
from dashboard.features.roadmap.charts import coverage_map, trajectory_caption, trajectory_figure
from dashboard.features.roadmap.follow_up_paths import reference_year
from dashboard.features.roadmap.follow_up_tables import late_table
from dashboard.features.roadmap.tables import (
    maturity_table,
    objective_coverage_table,
    parts_table,
    sector_table,
)
from dashboard.figures.maps import MAP_CLASS, Apart, region_outlines
from dashboard.page_states import MAP_LEVELS as MAP_LEVELS  # the roadmap's map levels, named here by its figures
from dashboard.store import fetch_imported, memo_imported
from domain import formats, versions
from domain.unplaced import unplaced, unplaced_notices
from domain.vocabulary import LEVELS, OUTSIDE_CODE, outside_name

LATE_SHOWN = 20  # the late commitments drawn on the page, most behind first; the downloads hold them all


def params_of(view: roadmap_data.RoadmapView) -> dict:
    """The downloads' parameters: the territory, and the frozen version being read (its downloads are its own)."""
    version = frozen_version.current_version()
    return {"region": view.region, "territoire": f"{view.level}:{view.code}",
            **({"version": version} if version is not None else {})}


def key_figures(view: roadmap_data.RoadmapView) -> html.Div:
    total = view.total
    scope = "tous secteurs" if view.sector == roadmap_data.ALL_SECTORS else view.sector
    gap = total["gap_kt"]
    gap_detail = (f"{formats.percent(total['gap_share'])} de l'objectif restent à couvrir"
                  if not math.isnan(total["gap_share"]) else "objectif non disponible pour ce territoire")
    vintages = ", ".join(fetch_imported(versions.objective_vintages, view.region))
    vintage = f", millésime {vintages}" if vintages else ""
    origin = (f"SGPE (indicatif{vintage})" if view.level == "region"
              else f"part de l'objectif SGPE régional{vintage}, calculée au prorata de la population")
    return html.Div(className="cards", children=[
        key_figure("Objectif 2030", formats.kt(total["objective_kt"]), "roadmap-objective", f"{scope}, {origin}"),
        key_figure("Engagé", formats.kt(total["committed_kt"]), "roadmap-committed",
              f"retenu, engagé ou réalisé ; {formats.kt(total['proposed_kt'])} proposées en plus"),
        key_figure("Écart à l'objectif", formats.kt(gap), "roadmap-gap", gap_detail),
        key_figure("Couverture", formats.percent(total["coverage"]), "roadmap-coverage", "part de l'objectif engagée"),
    ])



def sectors(view: roadmap_data.RoadmapView) -> html.Section:
    return html.Section([
        html.H2("Objectif, engagé et écart par secteur"),
        data_table(sector_table(roadmap_data.territory_label(view.level, view.territory_name), view.coverage),
                   "feuille-de-route", params_of(view)),
    ])


def objectives(view: roadmap_data.RoadmapView) -> html.Section | None:
    """What the territory's commitments bring to the region's objectives beyond greenhouse gases (none: nothing)."""
    if view.objective_coverage.empty:
        return None
    return html.Section(id="roadmap-objectives", children=[
        html.H2("Contributions aux objectifs régionaux au-delà des gaz à effet de serre"),
        data_table(objective_coverage_table(roadmap_data.territory_label(view.level, view.territory_name),
                                            view.objective_coverage), "objectifs-engages", params_of(view)),
    ])


def maturities(view: roadmap_data.RoadmapView) -> html.Section:
    """How ready the territory's commitments are, by maturity (every sector)."""
    return html.Section(id="roadmap-maturities", children=[
        html.H2("Engagements par maturité"),
        data_table(maturity_table(roadmap_data.territory_label(view.level, view.territory_name),
                                  roadmap.maturity_counts(view.commitments)), "maturites", params_of(view)),
    ])


def trajectory(view: roadmap_data.RoadmapView, graph_id: str = "roadmap-trajectory") -> html.Section:
    scope = "" if view.sector == roadmap_data.ALL_SECTORS else f" — {view.sector}"
    return html.Section([
        html.H2(f"Trajectoire 2019 → 2030{scope}"),
        html.Figure([
            dcc.Graph(id=graph_id, figure=trajectory_figure(view.trajectory),
                      config={"displayModeBar": False, "responsive": True}),
            html.Figcaption(trajectory_caption(view.trajectory, view.territory_name), className="caption"),
        ], role="group", **{"aria-label": "Trajectoires prévue, réalisée et observée contre la trajectoire linéaire"}),
    ])


def late(view: roadmap_data.RoadmapView) -> html.Section:
    """The commitments behind their plan at the reference year, by their follow-up (``follow_up_paths.late``)."""
    scope = "" if view.sector == roadmap_data.ALL_SECTORS else f" — {view.sector}"
    year = reference_year()
    late_count = len(view.late["commitment_id"].unique())
    said = (f"{formats.counted(late_count, 'engagement')} en retard sur {'sa' if late_count == 1 else 'leur'} "
            f"prévision fin {year}." if late_count else
            f"Aucun engagement suivi n'est en retard sur sa prévision fin {year}.")
    if len(view.late) > LATE_SHOWN:
        said += f" Les {LATE_SHOWN} retards les plus grands (part du prévu) ; tous dans les téléchargements."
    return html.Section(id="roadmap-late", children=[
        html.H2(f"Engagements en retard{scope}"),
        html.P(said, id="roadmap-late-summary"),
        data_table(late_table(roadmap_data.territory_label(view.level, view.territory_name), view.late, year,
                              view.unfollowed), "retards", params_of(view), shown=slice(0, LATE_SHOWN))
        if len(view.late) else None,
    ])


def unplaced_list(region: str, level: str) -> html.Ul | None:
    """The territories of ``level`` that could not be placed, named with why (``domain.unplaced``)."""
    notices = unplaced_notices(fetch_imported(unplaced, region, level), level)
    if not notices:
        return None
    return html.Ul([html.Li(n) for n in notices], className="fr-notice", id=f"roadmap-unplaced-{level}")


def coverage(view: roadmap_data.RoadmapView, level: str, graph_id: str = "roadmap-map") -> html.Section:
    title = html.H2(f"Couverture de l'objectif par {LEVELS[level].singular}")
    parts = roadmap_data.parts_coverage(view.region, level)
    if parts.empty or parts["geom_simplified"].isna().all():
        return html.Section([title, html.P("Les contours des territoires de cette région ne sont pas chargés "
                                           "(python -m loaders territoires …) : la carte n'est pas disponible.")])
    overlay = memo_imported(region_outlines, view.region, "departement") if level == "crte" else None
    shapes = memo_imported(region_outlines, view.region, level)
    apart = None
    if OUTSIDE_CODE in shapes:
        apart = Apart(shapes[OUTSIDE_CODE], outside_name(level), f"<b>{outside_name(level)}</b><br>leurs engagements "
                      "comptent pour leur département et pour la région", OUTSIDE_CODE)
    figure, scale = coverage_map(parts, shapes, overlay, apart)
    if parts["objective_kt"].notna().any():
        meaning = "couleur : part de l'objectif du territoire couverte par les engagements comptés"
    else:
        meaning = ("l'objectif n'est pas encore décliné à ce niveau : la couleur donne les ktCO₂e engagées "
                   "(engagements du territoire et des territoires qu'il contient)")
    meaning += f", en {scale.describe()}" if scale else ", la même pour tous"
    if apart:
        meaning += f" ; en pointillés, les communes hors {LEVELS[level].singular}"
    best = parts[parts["committed_kt"] > 0].sort_values("committed_kt", ascending=False).head(3)
    engaged = ", ".join(f"{n} ({formats.kt(v)})" for n, v in zip(best["name"], best["committed_kt"]))
    leaders = (f"Les plus engagés : {engaged}" if len(best)
               else "Aucun engagement compté pour l'instant dans ces territoires")
    return html.Section([
        title,
        unplaced_list(view.region, level),
        html.Figure([
            dcc.Graph(id=graph_id, figure=figure, className=MAP_CLASS,
                      config={"displayModeBar": False, "scrollZoom": False}),
            html.Figcaption(f"{view.region_name}, {len(parts)} "
                            f"{LEVELS[level].singular if len(parts) == 1 else LEVELS[level].plural} ; {meaning}. "
                            f"{leaders}. Le détail suit dans le tableau.", className="caption"),
        ]),
        html.Details([
            html.Summary(f"Tableau de la couverture par {LEVELS[level].singular}"),
            data_table(parts_table(view.region_name, LEVELS[level].title, parts), f"couverture-{level}",
                       {"region": view.region}),
        ]),
    ])
