"""What the contributions board says of a territory that has sent no commitment: the COP step it has reached, its
last meeting and its open engineering needs (« exprimé » or « en cours »), so that the team sees why it is silent
and what it needs. One table per level, on the page and in the export ``territoires-silencieux``."""

from __future__ import annotations

import pandas as pd

from dashboard.exports import UnknownExport, export_view, region_of
from dashboard.features.roadmap import contributions
from dashboard.store import fetch
from dashboard.tables import Table
from domain import clock, meetings, needs, steps
from domain.process import reached_label
from domain.vocabulary import LEVELS

VIEW = "territoires-silencieux"
BOARD_LEVELS = ("departement", "crte")


def silent_table(region: str, region_name: str, level: str, board: pd.DataFrame) -> Table:
    """The territories of ``board`` (``contributions.region_board``) that have sent nothing, with their step, last
    meeting and open needs."""
    quiet = board.loc[~board["sent"], ["code", "name"]]
    reached = steps.reached_steps(fetch(steps.region_steps, region))
    held = meetings.last_held(fetch(meetings.region_meetings, region), level, clock.now())
    wanting = needs.open_needs(fetch(needs.region_needs, region))
    wanting = wanting[wanting["territory_level"] == level]
    said = {code: " ; ".join(map(needs.said, group.itertuples())) for code, group in wanting.groupby("territory_code")}
    last = {code: meetings.said(row) for code, row in held.iterrows()}
    frame = pd.DataFrame({
        LEVELS[level].title: quiet["name"],
        "Étape atteinte": [reached_label(reached.get((level, code), 0)) for code in quiet["code"]],
        "Dernière réunion": [last.get(code, "aucune") for code in quiet["code"]],
        "Besoins d'ingénierie ouverts": [said.get(code, "") for code in quiet["code"]],
    })
    return Table(f"{LEVELS[level].heading} sans engagement : étape, réunion, besoins — {region_name}", frame,
                 notes=["Besoins ouverts : « exprimé » ou « en cours ». Dernière réunion : la plus récente tenue "
                        "(heures de Paris)."])


@export_view(VIEW)
def _silent_export(params: dict) -> Table:
    region, name = region_of(params)
    level = params.get("niveau")
    if level not in BOARD_LEVELS:
        raise UnknownExport(f"niveau inconnu : « {level} » (departement ou crte).")
    return silent_table(region, name, level, contributions.region_board(region, level))
