"""The COP's timeline: each territory's steps, planned (light) and actual (solid), as a plain figure; its table.

A step under way runs to today; a step planned but without dates is not drawn (the table says it). The figure's
text alternative is the table of steps (``steps_table``), downloadable.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from dashboard.figures.charts import base_layout, plain
from dashboard.figures.template import PALETTE
from dashboard.tables import Table
from domain import formats
from domain.process import STEPS, UNDER_WAY
from domain.steps import LABELS
from domain.vocabulary import LEVELS, territory_label

STEP_COLOURS = {number: PALETTE[number - 1] for number in STEPS}
ROW_HEIGHT = 26
DAY_MS = 86_400_000


def _day(value) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _bars(steps: pd.DataFrame, kind: str, today: date) -> dict[int, list[tuple[str, date, date, str]]]:
    """step → (row label, start, end, hover) of each drawn bar: planned dates, or actual ones (to today when under
    way)."""
    drawn: dict[int, list] = {number: [] for number in STEPS}
    for row in steps.itertuples():
        start = _day(getattr(row, f"{kind}_start"))
        end = _day(getattr(row, f"{kind}_end")) or (today if kind == "actual" and row.state == UNDER_WAY else None)
        if start is None or end is None:
            continue
        said = "prévue" if kind == "planned" else ("en cours" if row.state == UNDER_WAY else "réalisée")
        hover = (f"<b>{plain(row.name)}</b><br>{plain(STEPS[row.step].label)} — {said}<br>"
                 f"du {formats.day(start)} au {formats.day(end)}")
        drawn[row.step].append((territory_label(row.territory_level, row.name), start, end, hover))
    return drawn


def timeline_figure(steps: pd.DataFrame, today: date) -> dict:
    """``steps`` (``domain.steps.region_steps``): one row per territory, its steps as bars of their colour."""
    rows = list(dict.fromkeys(territory_label(level, name) for level, name in
                              zip(steps["territory_level"], steps["name"])))
    traces = []
    for kind, opacity, width in (("planned", 0.35, 0.8), ("actual", 1.0, 0.4)):
        for number, bars in _bars(steps, kind, today).items():
            if not bars:
                continue
            traces.append({
                "type": "bar", "y": [plain(label) for label, *_ in bars],
                "base": [start.isoformat() for _, start, _, _ in bars],
                "x": [((end - start) + timedelta(days=1)).days * DAY_MS for _, start, end, _ in bars],
                "orientation": "h", "marker": {"color": STEP_COLOURS[number], "opacity": opacity}, "width": width,
                "name": f"{STEPS[number].label} ({'prévue' if kind == 'planned' else 'réelle'})",
                "hovertext": [hover for *_, hover in bars], "hoverinfo": "text"})
    today_line = {"type": "line", "x0": today.isoformat(), "x1": today.isoformat(), "xref": "x", "y0": 0, "y1": 1,
                  "yref": "y domain", "line": {"color": "#E1000F", "width": 1, "dash": "dot"}}
    return {"data": traces, "layout": base_layout(140 + ROW_HEIGHT * max(len(rows), 1), {
        "shapes": [today_line], "barmode": "overlay",
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        "xaxis": {"type": "date", "tickformat": "%m/%Y"},
        "yaxis": {"categoryorder": "array", "categoryarray": [plain(r) for r in rows][::-1], "automargin": True}})}


def steps_table(region_name: str, steps: pd.DataFrame) -> Table:
    """The steps recorded, a row each: the timeline's numbers."""
    frame = pd.DataFrame({
        "Niveau": steps["territory_level"].map(lambda level: LEVELS[level].title),
        "Territoire": steps["name"],
        "Étape": steps["step"].map(lambda number: STEPS[number].label),
        LABELS["state"]: steps["state"],
        **{LABELS[key]: steps[key].map(lambda v: formats.day(_day(v)) if _day(v) else "")
           for key in ("planned_start", "planned_end", "actual_start", "actual_end")},
    })
    return Table(f"Étapes de la COP — {region_name}", frame, notes=[
        "Étapes enregistrées par l'équipe régionale (circulaire du 29 septembre 2023 : diagnostic partagé, débat, "
        "déclinaison infra-régionale, feuille de route 2030)."])
