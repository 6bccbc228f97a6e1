"""The roadmap's tables, shown on the page and downloaded: one definition for both."""

from __future__ import annotations

import pandas as pd

from dashboard.access import reading
from dashboard.components.history import history_table
from dashboard.tables import Table
from domain import financing_lines
from domain.commitment_template import GroupSheet, template_frame
from domain.commitments import FORMER_LABELS, LABELS, readable
from domain.permissions import Read

COUNTING_NOTE = ("Engagements comptés : « retenu en COP », « engagé » et « réalisé » ; les « proposés » sont "
                 "montrés à part, les « abandonnés » ne comptent pas (ils restent dans l'historique).")
OBJECTIVE_NOTE = ("Objectifs : déclinaison régionale indicative du SGPE (données de travail, qui n'engagent pas "
                  "l'État) ; pour un département ou un CRTE, sa part calculée selon la méthode par défaut de la "
                  "page « Déclinaison territoriale » (au prorata de la population).")
COMPUTED_NOTE = "Engagé, écart et couverture : calculés à partir des engagements saisis dans cet outil."


def sector_table(territory_name: str, coverage: pd.DataFrame) -> Table:
    """``roadmap.sector_coverage`` as a table."""
    frame = pd.DataFrame({
        "Secteur": coverage["sector"],
        "Objectif 2030 (ktCO₂e)": coverage["objective_kt"],
        "Engagé (ktCO₂e)": coverage["committed_kt"],
        "Proposé, non retenu (ktCO₂e)": coverage["proposed_kt"],
        "Écart (ktCO₂e)": coverage["gap_kt"],
        "Écart (% de l'objectif)": coverage["gap_share"],
        "Couverture de l'objectif": coverage["coverage"],
    })
    kinds = {c: "kt" for c in frame.columns if "ktCO₂e" in c} | {"Écart (% de l'objectif)": "percent",
                                                                   "Couverture de l'objectif": "percent"}
    return Table(f"Feuille de route 2030 par secteur — {territory_name}", frame, kinds,
                 [OBJECTIVE_NOTE, COMPUTED_NOTE, COUNTING_NOTE])


def maturity_table(territory_name: str, counts: pd.DataFrame) -> Table:
    """``roadmap.maturity_counts`` as a table."""
    frame = pd.DataFrame({
        LABELS["maturity"]: counts["maturity"],
        "Engagements": counts["commitments"],
        "dont comptés": counts["counted"],
        "Engagé (ktCO₂e)": counts["counted_kt"],
    })
    return Table(f"Engagements par maturité — {territory_name}", frame,
                 {"Engagements": "integer", "dont comptés": "integer", "Engagé (ktCO₂e)": "kt"},
                 ["Maturité : où en est le projet (idée, fiche projet, fiche action prête à démarrer, en cours, "
                  "terminée), distincte du statut, qui dit la décision de la COP. Les engagements abandonnés ne sont "
                  "pas comptés.", COUNTING_NOTE])


def objective_coverage_table(territory_name: str, coverage: pd.DataFrame) -> Table:
    """``roadmap.objective_coverage`` as a table."""
    frame = pd.DataFrame({
        "Objectif régional": coverage["name"],
        "Unité": coverage["unit"],
        "Changement visé d'ici 2030 (région)": coverage["needed"].abs(),
        "Engagé": coverage["committed"],
        "Proposé, non retenu": coverage["proposed"],
        "Engagements comptés": coverage["counted"],
        "Couverture de l'objectif": coverage["coverage"],
    })
    return Table(f"Contributions aux objectifs régionaux au-delà des gaz à effet de serre — {territory_name}", frame,
                 {"Changement visé d'ici 2030 (région)": "measure", "Engagé": "measure", "Proposé, non retenu":
                  "measure", "Engagements comptés": "integer", "Couverture de l'objectif": "percent"},
                 ["Objectifs : ceux que l'équipe régionale a fixés (page « Écarts ») ; changement visé : de la valeur "
                  "de référence à la cible 2030. Engagé : ce que les engagements comptés apportent à l'objectif, dans "
                  "l'unité de son indicateur ; un engagement compte une fois par objectif, et aussi pour son levier. "
                  "Couverture : pour la région entière seulement (l'objectif n'est pas décliné aux territoires).",
                  COUNTING_NOTE])


def parts_table(region_name: str, level_label: str, coverage: pd.DataFrame) -> Table:
    """``roadmap.parts_coverage`` as a table."""
    frame = pd.DataFrame({
        level_label: coverage["name"],
        "Code": coverage["code"],
        "Objectif 2030 (ktCO₂e)": coverage["objective_kt"],
        "Engagé (ktCO₂e)": coverage["committed_kt"],
        "Couverture de l'objectif": coverage["coverage"],
    })
    notes = [COMPUTED_NOTE + " Un engagement compte pour son territoire et pour ceux qui le contiennent.",
             "Objectif « n.d. » : la déclinaison de l'objectif régional à ce territoire n'est pas encore disponible."]
    level_name = level_label if level_label.isupper() else level_label.lower()
    return Table(f"Couverture par {level_name} — {region_name}", frame,
                 {"Objectif 2030 (ktCO₂e)": "kt", "Engagé (ktCO₂e)": "kt", "Couverture de l'objectif": "percent"},
                 notes)


def commitments_table(region_name: str, commitments: pd.DataFrame) -> Table:
    """Every commitment in the template's columns: a download of it can be filled in and re-imported."""
    kinds = {"Quantité physique": "exact", "ktCO₂e": "kt_loaded", "Coût total (€)": "exact", "Identifiant": "integer",
             "Version": "integer"}  # exported as stored: a re-imported download changes nothing
    table = Table(f"Engagements de la feuille de route 2030 — {region_name}", template_frame(commitments), kinds,
                  ["Saisis dans cet outil ou importés du modèle d'engagements ; ktCO₂e et quantité physique se "
                   "convertissent l'une en l'autre par le facteur du levier (panorama SGPE).", COUNTING_NOTE])
    return reading.restricted(table, {LABELS["contact"]: Read.PEOPLE})


def group_table(group: GroupSheet, region_name: str, commitments: pd.DataFrame) -> Table:
    """The entries of one repeated group of ``commitments`` (contributions, territories, financing lines), one row
    per entry keyed by the commitment's number (the workbook's sheet of the group): re-imported with the commitments,
    it changes nothing."""
    frame = group.frame(commitments)
    kinds = {column: "year" if column == financing_lines.COLUMNS["year"] else "exact" for column in frame.columns[2:]
             if pd.api.types.is_numeric_dtype(frame[column])}
    return Table(f"{group.name} des engagements — {region_name}", frame, {"Identifiant": "integer", **kinds},
                 ["Une ligne par entrée d'un engagement, repéré par son identifiant (pour un engagement nouveau, sans "
                  "identifiant : son intitulé)."])


def comparison_table(version_name: str, comparison: pd.DataFrame) -> Table:
    frame = pd.DataFrame({"N°": comparison["commitment_id"], "Intitulé": comparison["title"],
                          "Changement": comparison["change"], "Détail": comparison["details"]})
    return Table(f"Changements depuis la version « {version_name} »", frame, {"N°": "integer"},
                 ["Comparaison de la version figée avec l'état actuel des engagements."])



def commitment_history(commitment_id: int, history: pd.DataFrame) -> Table:
    labels = {**FORMER_LABELS, **LABELS}  # its history names the fields it had before its financing lines too
    return history_table(f"Historique de l'engagement n° {commitment_id}", history, lambda key: labels.get(key, key),
                         readable)
