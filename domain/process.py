"""The COP as a process: the words of its steps, instances, parties, needs and programmes, declared once.

The circular of 29 September 2023 organises each regional COP in four steps (``STEPS``), over several meetings
(``INSTANCES``: the COP's plenaries, each CRTE's COPIL and COTECH, workshops, the ANCT's comités locaux de
cohésion territoriale). Each step of a territory is « à venir », « en cours » or « fait » (``STEP_STATES``); the
step a territory has reached is the last one under way or done (``reached``), what the process map colours.
The parties (``PARTY_KINDS``) are organisations: collectivités by their territory, associations of mayors,
chambres consulaires, businesses, associations, the State's services and operators. An engineering need
(``NEED_THEMES``, ``PRIORITIES``, ``RESPONDERS``) is « exprimé », « en cours » or « satisfait »; a territory
belongs to national programmes (``PROGRAMMES``, by their code in files).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    number: int
    name: str  # « Diagnostic partagé »

    @property
    def label(self) -> str:
        """« 1 — Diagnostic partagé »."""
        return f"{self.number} — {self.name}"


STEPS = {step.number: step for step in (
    Step(1, "Diagnostic partagé"),
    Step(2, "Débat"),
    Step(3, "Déclinaison infra-régionale"),
    Step(4, "Feuille de route 2030"),
)}
UPCOMING, UNDER_WAY, DONE = "à venir", "en cours", "fait"
STEP_STATES = (UPCOMING, UNDER_WAY, DONE)
STEP_LEVELS = ("region", "departement", "crte")  # the territories whose steps are recorded
NOT_STARTED = "aucune étape engagée"  # a territory whose steps are all to come, or unrecorded

INSTANCES = ("COP plénière", "COPIL", "COTECH", "atelier", "comité local de cohésion territoriale")
MEETING_LEVELS = STEP_LEVELS + ("epci",)

PARTY_KINDS = ("collectivité", "association de maires", "chambre consulaire", "entreprise", "association",
               "service de l'État", "opérateur")

EXPRESSED, IN_PROGRESS, SATISFIED = "exprimé", "en cours", "satisfait"
NEED_STATES = (EXPRESSED, IN_PROGRESS, SATISFIED)
OPEN_NEEDS = (EXPRESSED, IN_PROGRESS)
PRIORITIES = ("haute", "moyenne", "basse")
NEED_THEMES = ("Mobilités", "Bâtiments et rénovation", "Énergies renouvelables", "Eau et milieux aquatiques",
               "Biodiversité", "Sobriété foncière et urbanisme", "Agriculture et alimentation",
               "Déchets et économie circulaire", "Adaptation au changement climatique", "Ingénierie financière",
               "Autre")
RESPONDERS = ("ANCT", "CAUE", "ALEC", "Agence d'urbanisme", "VTA (volontaire territorial en administration)",
              "Cerema", "ADEME", "Banque des territoires", "Agence de l'eau", "Services de l'État", "Autre")

# National programmes a territory belongs to: code in files → name.
PROGRAMMES = {
    "ACV": "Action cœur de ville",
    "PVD": "Petites villes de demain",
    "TI": "Territoires d'industrie",
    "CR": "Contrat de réciprocité",
    "VA": "Villages d'avenir",
    "FS": "France services",
}


def reached(states: dict[int, str]) -> int:
    """The step a territory has reached: the last one under way or done (0: none), ``states`` step → state."""
    return max((number for number, state in states.items() if state in (UNDER_WAY, DONE)), default=0)


def reached_label(number: int) -> str:
    """« 3 — Déclinaison infra-régionale », or « aucune étape engagée » for 0."""
    return STEPS[number].label if number in STEPS else NOT_STARTED
