"""The sections of the « Écarts » page that show where a territory stands: key figures, panorama,
gaps by sector or theme, trajectory, orders of magnitude. Plain functions of the page's data."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from dashboard.components.after_main_chart import after_main_chart
from dashboard.components.cards import key_figure, notice
from dashboard.components.controls import dropdown
from dashboard.components.figure_table import figure_table
from dashboard.features.gaps import ids
from dashboard.features.gaps.charts import group_gaps_bars, progress_treemap, trajectory_chart
from dashboard.features.gaps.tables import groups_table, trajectory_table
from dashboard.figures.charts import GROUPINGS
from dashboard.tables import objective_notes
from domain import formats
from domain.gaps import BEHIND, NO_DATA, TOLERANCE, acquired, excess, group_gaps, trajectory
from domain.magnitudes import sentences
from domain.vocabulary import RECEDING, STABLE

GRAPH_CONFIG = {"displayModeBar": False, "responsive": True}


def key_figures(gaps: pd.DataFrame) -> html.Section:
    observed = gaps[gaps["status_gap"] != NO_DATA]
    behind = int((gaps["status_gap"] == BEHIND).sum())
    receding = gaps.loc[gaps["trend"] == RECEDING, "lever"]
    summary = acquired(gaps)
    cards = [
        key_figure("Objectif 2030", formats.kt(gaps["obj_co2_kt"].sum()), "gaps-total",
              f"{len(gaps)} leviers, émissions évitées par rapport à 2019"),
        key_figure("Acquis observé", formats.kt(summary.kt) if summary.observed else "n.d.", "gaps-acquired",
              [f"{summary.scope}", "somme de la dernière progression observée de chaque levier, à son année ; "
               f"{formats.kt(observed['obj_co2_kt'].sum(), 0)} d'objectif couverts"]),
        key_figure("Écart des leviers observés", formats.kt(observed["gap_kt"].sum()) if len(observed) else "n.d.",
              "gaps-gap", f"attendu {formats.kt(observed['expected_kt'].sum(), 0)}, acquis "
              f"{formats.kt(summary.kt, 0)} (positif : en retard, négatif : en avance)"),
        key_figure("Leviers en retard", str(behind), "gaps-behind",
              [f"au-delà de {formats.percent(TOLERANCE)} de leur objectif sous la trajectoire",
               f"dont {len(receding)} {RECEDING} : {', '.join(receding)}" if len(receding) else ""]),
    ]
    warning = excess(gaps)
    return html.Section([
        html.Div(cards, className="cards"),
        notice(warning, id="gaps-excess") if warning else None,
        html.P(" ".join([*objective_notes(gaps, "Objectifs : "), "Valeurs observées : fichier d'observations importé.",
                         "Progression et écarts : calculés."]), className="provenance"),
    ])


def lever_trend(row) -> str:
    """« 12 % de l'objectif réalisé en 2022 », « stable (1,6 kha en 2021 comme en 2019) », « en recul de … »."""
    if row.trend == STABLE:
        return f"{STABLE} ({row.trend_said})"
    if row.trend == RECEDING:
        return f"{RECEDING} de {formats.kt(-row.progress_kt)} ({row.trend_said})"
    return f"{formats.percent(row.achieved_share)} de l'objectif réalisé en {row.observed_year}"


def panorama(gaps: pd.DataFrame, vue: str, name: str) -> html.Section:
    _, label = GROUPINGS[vue]
    observed = gaps[gaps["status_gap"] != NO_DATA].sort_values("achieved_share", ascending=False)
    summary = "; ".join(f"{row.lever} : {lever_trend(row)}" for row in observed.itertuples())
    return html.Section(id=ids.PANORAMA, children=[
        html.H2(f"Panorama des leviers par {label.lower()}"),
        html.Figure([
            dcc.Graph(id=ids.PANORAMA_CHART, figure=progress_treemap(gaps, vue), config=GRAPH_CONFIG),
            html.Figcaption(
                f"{name} : chaque bloc est un levier, sa surface son objectif 2030 ; la part réalisée (progression "
                f"observée) y est en vert, le reste à faire en bleu clair, les leviers sans observation en gris. "
                f"{summary or 'Aucun levier observé.'}. Le détail figure dans le tableau « Écarts par levier ». "
                "Sources : SGPE (objectifs indicatifs), observations importées ; parts calculées.",
                className="caption"),
        ], role="group", **{"aria-label": f"Panorama des leviers par {label.lower()}, part réalisée"}),
    ])


def group_gaps_section(gaps: pd.DataFrame, column: str, label: str, name: str) -> html.Section:
    groups = group_gaps(gaps, column)
    observed = groups[groups["gap_kt"].notna()]
    summary = "; ".join(f"{row.group} : {formats.kt(row.gap_kt)} ({row.status_gap})" for row in observed.itertuples())
    warnings = groups[groups["excess"].notna()]
    return html.Section(id=ids.GROUPS, children=[
        html.H2(f"Écarts par {label.lower()}"),
        html.Figure([
            dcc.Graph(id="gaps-groups", figure=group_gaps_bars(groups, label), config=GRAPH_CONFIG),
            html.Figcaption(f"{name}, écart à la trajectoire linéaire des leviers observés, du plus en retard au "
                            f"plus en avance : {summary or 'aucun levier observé'}. Source : calcul sur les "
                            "objectifs SGPE et les valeurs observées.", className="caption"),
        ]),
        notice(html.Ul([html.Li([html.Strong(f"{row.group} : "), row.excess]) for row in warnings.itertuples()]),
               id="gaps-groups-excess") if len(warnings) else None,
        figure_table(groups_table(name, groups, label), "table-ecarts-groupes"),
    ])


def trajectory_options(gaps: pd.DataFrame, column: str) -> list[dict]:
    groups = [{"label": f"{group} (tous ses leviers)", "value": f"groupe:{group}"}
              for group in gaps[column].drop_duplicates()]
    levers = [{"label": f"{row.lever} ({getattr(row, column)})", "value": f"levier:{row.lever_id}"}
              for row in gaps.itertuples()]
    return groups + levers


def trajectory_section(progress: pd.DataFrame, gaps, column, chosen: str | None, levers, name: str) -> html.Section:
    options = trajectory_options(gaps, column)
    if chosen not in {o["value"] for o in options}:
        chosen = "groupe:" + group_gaps(gaps, column).iloc[0]["group"]
    kind, key = chosen.split(":", 1)
    lever_ids = list(gaps.loc[gaps[column] == key, "lever_id"]) if kind == "groupe" else [key]
    title = next(o["label"] for o in options if o["value"] == chosen)
    path = trajectory(gaps, progress, lever_ids)
    scenario_kt = (float(levers.loc[levers["lever_id"].isin(lever_ids), "scenario_kt"].sum())
                   if levers is not None else None)
    table = trajectory_table(f"Trajectoire — {title} — {name}", path, scenario_kt)
    caption = (f"{title} : objectif 2030 de {formats.kt(path['objective_kt'])}, trajectoire linéaire depuis 0 en "
               f"2019 ; {observed_sentence(path)}"
               + (f" ; scénario : {formats.kt(scenario_kt)} en 2030" if scenario_kt is not None else "") + ".")
    return html.Section(id=ids.TRAJECTORY, children=[
        html.H2("Trajectoire 2019 → 2030"),
        html.Div(className="controls", children=html.Div(className="control control--wide", children=[
            html.Label("Levier ou regroupement", htmlFor="gaps-trajectory"),
            dropdown("gaps-trajectory", options, chosen),
        ])),
        after_main_chart("gaps-trajectory", [
            html.Figure([
                dcc.Graph(id="gaps-trajectory-chart", figure=trajectory_chart(path, scenario_kt), config=GRAPH_CONFIG),
                html.Figcaption(caption, className="caption", id="gaps-trajectory-caption"),
            ]),
            figure_table(table, "table-trajectoire"),
        ], main=ids.PANORAMA_CHART),
    ])


def observed_sentence(path: dict) -> str:
    """« acquis observé −120,3 ktCO₂e (10 leviers sur 30, observés entre 2021 et 2022) ; par année, … »."""
    summary = path["acquired"]
    if not summary.observed:
        return f"aucune progression observée ({summary.scope})"
    years = "; ".join(f"{int(r.year)} : {formats.kt(r.progress_kt)} ({int(r.observed_levers)} levier"
                      f"{'s' if r.observed_levers > 1 else ''})" for r in path["observed"].itertuples())
    drawn = ("" if not path["curve"].empty else
             " — courbe non tracée : les leviers observés diffèrent d'une année à l'autre")
    return (f"acquis observé {formats.kt(summary.kt)} ({summary.scope}) ; par année, leviers observés cette "
            f"année-là : {years}{drawn}")


def magnitudes(gaps: pd.DataFrame, observations: pd.DataFrame, column: str) -> html.Section:
    said = sentences(gaps, observations).merge(gaps[["lever_id", "explanation"]], on="lever_id")
    blocks = [html.Div([html.H3(group), html.Ul([html.Li([html.Strong(f"{row.lever} : "), row.sentence,
                                                          explanation(row.explanation)])
                                                  for row in rows.itertuples()])])
              for group, rows in said.groupby(column, sort=False)]
    return html.Section(id=ids.MAGNITUDES, children=[
        html.H2("Ordres de grandeur"),
        html.P("Chaque objectif traduit en grandeur physique avec le facteur de conversion et le point de départ 2019 "
               "du SGPE (à titre illustratif), comparé à la dernière valeur observée.", className="provenance"),
        html.Div(blocks, className="magnitudes"),
    ])


def explanation(markdown: str | None) -> html.Details | None:
    """The SGPE's text on the lever (what it covers, its order of magnitude and sources), opened on demand."""
    if not isinstance(markdown, str) or not markdown.strip():
        return None
    return html.Details(className="lever-explanation", children=[
        html.Summary("Explication du levier et ordre de grandeur (SGPE)"),
        dcc.Markdown(markdown, className="lever-explanation__text"),
    ])
