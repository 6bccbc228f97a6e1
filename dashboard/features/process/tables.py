"""The process's tables, each defined once for its page and its CSV/XLSX download: meetings, a meeting, steps,
needs, the register of parties (its contacts for the regional team only)."""

from __future__ import annotations

import pandas as pd

from dashboard.access import reading
from dashboard.components.history import history_table
from dashboard.exports import UnknownExport, export_view, region_view
from dashboard.features.process.timeline import steps_table
from dashboard.page_states import MeetingState
from dashboard.store import fetch
from dashboard.tables import Table
from domain import formats, meeting_decisions, meetings, needs, parties, steps
from domain.permissions import Read
from domain.process import PROGRAMMES
from domain.vocabulary import LEVELS


def meetings_table(region_name: str, frame: pd.DataFrame) -> Table:
    table = pd.DataFrame({
        "N°": frame["meeting_id"], "Date": [formats.span(s, e) for s, e in zip(frame["starts_at"], frame["ends_at"])],
        "Instance": frame["instance"], "Territoire": frame["territory_name"], "Intitulé": frame["title"],
        "Lieu": frame["place"], "Parties invitées": frame["invited"], "Parties présentes": frame["present"],
        "Décisions": frame["decisions"], "Compte rendu déposé": frame["minutes_file"].map({True: "oui", False: ""}),
        "Version présentée": frame["version_id"],
    })
    counts = ("N°", "Parties invitées", "Parties présentes", "Décisions", "Version présentée")
    return Table(f"Réunions de la COP — {region_name}", table, dict.fromkeys(counts, "integer"),
                 ["Heures de Paris. Version présentée : numéro de la version figée de la feuille de route."])


def meeting_rows(record: dict, territory_name: str, party_names: dict[str, str], decisions: pd.DataFrame) -> Table:
    """One meeting as a sheet: its description, parties, agenda and decisions, a row each."""
    rows = [("Instance", record["instance"]), ("Territoire", territory_name),
            ("Date", formats.span(record["starts_at"], record["ends_at"])), ("Lieu", record["place"] or "")]
    rows += [("Partie invitée", f"{party_names.get(code, code)} — "
              f"{'présente' if code in record['present'] else 'absente'}") for code in record["invited"]]
    rows += [("Ordre du jour", f"{n}. {item}") for n, item in enumerate(record["agenda"], 1)]
    rows += [("Décision", " — ".join(filter(None, [row.text, meeting_decisions.effect_said(row)])))
             for row in decisions.itertuples()]
    rows += [("Compte rendu", written)] if (written := reading.minutes(record["minutes"])) else []
    return Table(f"Réunion n° {record['meeting_id']} — {record['title']}",
                 pd.DataFrame(rows, columns=["Rubrique", "Contenu"]), notes=["Heures de Paris."])


def needs_table(region_name: str, frame: pd.DataFrame) -> Table:
    table = pd.DataFrame({
        "N°": frame["need_id"], "Niveau": frame["territory_level"].map(lambda level: LEVELS[level].title),
        "Territoire": frame["territory_name"], "Thème": frame["theme"], "Description": frame["description"],
        "Priorité": frame["priority"], needs.LABELS["responders"]: frame["responders"], "État": frame["state"],
    })
    return Table(f"Besoins d'ingénierie — {region_name}", table, {"N°": "integer"})


def programmes_table(name: str, frame: pd.DataFrame) -> Table:
    table = pd.DataFrame({"Programme": frame["programme_name"], "Code": frame["programme"],
                          "Territoire": frame["territory_name"], "Depuis": frame["since_year"]})
    return Table(f"Programmes — {name}", table, {"Depuis": "year"},
                 [f"Programmes : {', '.join(f'{c} ({n})' for c, n in PROGRAMMES.items())}. Le territoire et ceux "
                  "qu'il contient (communes, EPCI)."])


def register_table(region_name: str, frame: pd.DataFrame, contacts: pd.DataFrame) -> Table:
    """The register: one row per party, its contacts for the readers who may read them (the regional team)."""
    people = contacts.assign(said=[", ".join(filter(None, [n, r, e])) for n, r, e in
                                   zip(contacts["name"], contacts["role"].fillna(""), contacts["email"].fillna(""))])
    listed = people.groupby("party_code")["said"].agg(" ; ".join)
    table = pd.DataFrame({
        "Code": frame["code"], "Type": frame["kind"], "Nom": frame["name"],
        "Territoire": [f"{name} ({LEVELS[level].title})" if isinstance(level, str) else "" for level, name in
                       zip(frame["territory_level"], frame["territory_name"])],
        "SIREN": frame["siren"], "Contacts": [listed.get(code, "") for code in frame["code"]],
    })
    return reading.restricted(Table(f"Registre des parties — {region_name}", table),
                              {"Contacts": Read.CONTACTS})


def _meeting(params: dict) -> dict:
    """The stored meeting that ``reunion`` names; UnknownExport otherwise."""
    meeting_id = MeetingState.from_query(params).meeting
    record = fetch(meetings.get, meeting_id) if meeting_id else None
    if record is None:
        raise UnknownExport(f"réunion inconnue : « {params.get('reunion')} ».")
    return record


region_view("reunions", meetings_table, meetings.region_meetings)


@export_view("reunion")
def _meeting_export(params: dict) -> Table:
    record = _meeting(params)
    known = fetch(meetings.context, record["region"])
    return meeting_rows(record, known.territories.get((record["territory_level"], record["territory_code"]), ""),
                        known.parties, fetch(meeting_decisions.decisions, record["meeting_id"]))


region_view("etapes", steps_table, steps.region_steps)
region_view("besoins", needs_table, needs.region_needs)
region_view("registre", register_table, parties.region_parties, parties.region_contacts)


@export_view("historique-reunion")
def _meeting_history_export(params: dict) -> Table:
    meeting_id = _meeting(params)["meeting_id"]
    return history_table(f"Historique de la réunion n° {meeting_id}", fetch(meetings.history, meeting_id),
                         meetings.LABELS.get)
