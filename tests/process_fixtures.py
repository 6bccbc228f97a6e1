"""Bretagne's COP as a process, on a copy of the real data: a register of parties (with one contact), steps recorded
for two départements and three CRTE, a CRTE's COPIL with its parties, agenda, minutes (text and a PDF) and two
decisions, and an open engineering need of another CRTE that has no commitment."""

from __future__ import annotations

import shutil
from pathlib import Path

from data.commitment_samples import sample_template
from data.db import connect, migrate
from domain import commitment_store, meeting_decisions, meetings, minutes, needs, parties, reviews, steps
from domain.users import save_user
from loaders.commitments import load_commitments

REGION = "53"
TEAM, TEAM_PASSWORD = "equipe-bretagne", "mot-de-passe-equipe"
CONTACT_NAME, CONTACT_EMAIL = "Jeanne Kerjean", "jeanne.kerjean@example.fr"  # a person: hidden from the public
MINUTES_TEXT = "Relevé rédigé par Yann Le Goff, chargé de mission."  # names a person too
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PARTIES = [
    {"code": "CD29", "kind": "collectivité", "name": "Conseil départemental du Finistère",
     "territory_level": "departement", "territory_code": "29", "siren": "222900016"},
    {"code": "AMF29", "kind": "association de maires", "name": "Association des maires du Finistère"},
    {"code": "ADEME", "kind": "opérateur", "name": "ADEME Bretagne"},
]


def crtes(con) -> list[tuple[str, str]]:
    """(code, name) of Bretagne's CRTE, by name."""
    return sorted(((code, name) for (level, code), name in meetings.territories(con, REGION).items()
                   if level == "crte"), key=lambda item: item[1])


def meeting_form(where: str, **changes) -> dict:
    """A valid meeting of the territory ``where`` (``level:code``), as the form sends it."""
    return {"instance": "COPIL", "territory": where, "day": "2026-03-12", "start": "14:00", "end": "16:30",
            "place": "Salle du conseil", "invited": ["CD29", "AMF29", "ADEME"], "present": ["CD29", "ADEME"],
            "agenda": "Diagnostic du CRTE\nEngagements proposés", "sectors": [], "minutes": MINUTES_TEXT,
            **changes}


def agenda_meeting(con, region: str, sectors: list[str]) -> int:
    """A plenary meeting of ``region`` with ``sectors`` on its agenda (its projection shows their screens)."""
    return meetings.create(con, region, {"instance": "COP plénière", "territory": f"region:{region}",
                                         "day": "2026-03-12", "start": "09:30", "end": "12:00",
                                         "agenda": "Débat sur les secteurs", "sectors": sectors}, TEAM)


def build(real_db: Path, folder: Path) -> dict:
    """The database described above, at ``folder/cop.duckdb``; what the tests need to name in it."""
    path = folder / "cop.duckdb"
    shutil.copy(real_db, path)
    with connect(path) as con:
        migrate(con)
        save_user(con, TEAM, TEAM_PASSWORD, "Équipe Bretagne")
        for party in PARTIES:
            people = [{"name": CONTACT_NAME, "role": "Directrice", "email": CONTACT_EMAIL}] \
                if party["code"] == "CD29" else []
            parties.save_party(con, REGION, party, people, True, TEAM)
        (copil_crte, copil_name), (silent_crte, silent_name), third = crtes(con)[:3]
        for level, code in [("departement", "29"), ("departement", "35"), ("crte", copil_crte),
                            ("crte", silent_crte), ("crte", third[0])]:
            steps.save_step(con, REGION, level, code, 1, {"state": "fait", "actual_start": "2025-10-01",
                                                          "actual_end": "2025-12-15"}, TEAM)
            steps.save_step(con, REGION, level, code, 3, {"state": "en cours", "actual_start": "2026-01-10",
                                                          "planned_end": "2026-06-30"}, TEAM)
        sample = sample_template(commitment_store.context(con, REGION), 4, seed=5)
        sample[["Niveau", "Code territoire", "Territoire", "Statut"]] = ["crte", copil_crte, copil_name, "proposé"]
        sample.to_csv(folder / "e.csv", sep=";", index=False)
        load_commitments(con, folder / "e.csv", REGION, TEAM)
        proposed = con.execute("SELECT min(commitment_id) FROM commitments WHERE region = ?", [REGION]).fetchone()[0]
        meeting = meetings.create(con, REGION, meeting_form(f"crte:{copil_crte}"), TEAM)
        minutes.save(con, meeting, "releve.pdf", "application/pdf", PDF, TEAM)
        meeting_decisions.record(con, meeting, "Le diagnostic du CRTE est validé.", None, None, TEAM)
        meeting_decisions.record(con, meeting, "Engagement retenu pour la feuille de route.", proposed,
                                 reviews.ACCEPTED, TEAM)
        need = needs.save(con, REGION, None, {
            "territory": f"crte:{silent_crte}", "theme": "Mobilités", "priority": "haute", "state": "exprimé",
            "responders": ["ANCT", "Cerema"], "description": "Étude d'un plan de mobilité rurale"}, TEAM)
    return {"path": path, "meeting": meeting, "copil_crte": copil_crte, "copil_name": copil_name,
            "silent_crte": silent_crte, "silent_name": silent_name, "need": need, "commitment": proposed}
