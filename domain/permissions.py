"""Who may write what, and read what is not public: the tables of roles, the kinds of write each may make
(``ALLOWED``) and what each may read beyond organisations and territories (``READABLE``).

The write gate (``dashboard.access.gate``) asks ``refusal`` before every write; the README's table of roles
is checked against ``ALLOWED`` cell by cell (tests/test_permissions.py). A contributor's commitment, follow-up,
meeting and need writes (``SCOPED_WRITES``) also need every territory the write touches to be one of the
contributor's own (exact match: a contributor scoped to a département does not reach the CRTE or EPCI inside
it); its commitment writes leave the commitment « proposé »: only the regional team retains it in the COP, or
moves it further (``status_refusal``), mostly by reviewing it (``Write.REVIEW``, domain/reviews.py).

Reading is public (unless ``COP_LECTURE_PUBLIQUE`` is false) but for people: the accounts that wrote, reviewed
or contributed, commitments' contacts, and the imports' authors (an account or an OS user) and reports. An
anonymous visitor and a reader see neither (a reader's account stands for the public when reading is closed);
a contributor, who writes its territories' commitments with their contact and reads its reviewers, sees the
people but not the imports; the regional team and administrators see both. The README's reading table is
checked against ``READABLE`` (tests/test_reading.py); dashboard/access/reading.py applies it. The register's
contacts (the parties' people: name, role, e-mail) are read by the regional team and administrators only.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import NamedTuple

from domain.vocabulary import COMMITMENT_STATUSES, PROPOSED


class Role(StrEnum):
    ADMIN = "administrateur"
    TEAM = "equipe"
    CONTRIBUTOR = "contributeur"
    READER = "lecteur"


class Write(StrEnum):
    """The kinds of write the gate tells apart."""
    COMMITMENT = "engagement"
    SCENARIO = "scenario"
    METHOD = "methode"
    VERSION = "version"
    IMPORT = "import"
    ACCOUNT = "compte"
    REVIEW = "relecture"
    PRESENTATION = "projection"  # moving the screen that participants' phones follow
    STEP = "etape"  # the COP's steps of a territory (domain/steps.py)
    MEETING = "reunion"  # a meeting, its parties, agenda, minutes and decisions (domain/meetings.py)
    REGISTER = "registre"  # the register of parties and their contacts (domain/parties.py)
    NEED = "besoin"  # a territory's engineering needs (domain/needs.py)
    OBJECTIVE = "objectif"  # the region's objectives beyond greenhouse gases (page Écarts)
    FOLLOW_UP = "suivi"  # what a commitment achieved, year by year (domain/follow_up.py)


class Read(StrEnum):
    """What only some may read."""
    PEOPLE = "personnes"  # accounts named as authors, reviewers or contributors; commitments' contacts
    IMPORTS = "imports"  # who ran each import (an account or the command line's OS user), its reports
    CONTACTS = "contacts"  # the register's contacts: name, role and e-mail of the parties' people


class Territory(NamedTuple):
    level: str
    code: str

    @classmethod
    def of(cls, commitment: dict) -> Territory:
        """The territory a commitment (its fields as validated or stored) belongs to."""
        return cls(commitment["territory_level"], commitment["territory_code"])

    def __str__(self) -> str:
        return f"{self.level}:{self.code}"


ROLE_NAMES = {Role.ADMIN: "administrateur", Role.TEAM: "équipe régionale",
              Role.CONTRIBUTOR: "contributeur territorial", Role.READER: "lecteur"}
# What the refusal says the role may not do: « le rôle … ne permet pas <what> ».
FORBIDDEN = {Write.COMMITMENT: "de modifier les engagements", Write.SCENARIO: "de modifier les scénarios",
             Write.METHOD: "de modifier les méthodes de déclinaison",
             Write.VERSION: "de figer des versions de la feuille de route", Write.IMPORT: "d'importer des données",
             Write.ACCOUNT: "de gérer les comptes", Write.REVIEW: "de relire les engagements proposés",
             Write.PRESENTATION: "de déplacer l'écran que suivent les participants",
             Write.STEP: "de modifier les étapes de la COP", Write.MEETING: "de modifier les réunions",
             Write.REGISTER: "de modifier le registre des parties",
             Write.NEED: "de modifier les besoins d'ingénierie",
             Write.OBJECTIVE: "de modifier les objectifs régionaux",
             Write.FOLLOW_UP: "de saisir le suivi des engagements"}
ALLOWED: dict[Role, frozenset[Write]] = {
    Role.ADMIN: frozenset(Write),
    Role.TEAM: frozenset(Write) - {Write.ACCOUNT},
    Role.CONTRIBUTOR: frozenset({Write.COMMITMENT, Write.MEETING, Write.NEED, Write.FOLLOW_UP}),
    Role.READER: frozenset(),
}
# The writes a contributor makes for its own territories only (exact match), every other territory refused.
SCOPED_WRITES = frozenset({Write.COMMITMENT, Write.MEETING, Write.NEED, Write.FOLLOW_UP})
READABLE: dict[Role | None, frozenset[Read]] = {
    None: frozenset(),  # an anonymous visitor
    Role.ADMIN: frozenset(Read),
    Role.TEAM: frozenset(Read),
    Role.CONTRIBUTOR: frozenset({Read.PEOPLE}),
    Role.READER: frozenset(),
}
SCOPED_LEVELS = ("departement", "crte", "epci")
# The new accounts' role, and the role migration 010 gave to the accounts that existed before roles.
DEFAULT_ROLE = Role.TEAM


def may(role: Role | None, kind: Write) -> bool:
    """Whether ``role`` (None: not signed in) may make this kind of write at all: what a page offers."""
    return role is not None and kind in ALLOWED[role]


def may_read(role: Role | None, what: Read) -> bool:
    """Whether ``role`` (None: not signed in) reads ``what``."""
    return what in READABLE[role]


def refusal(role: Role, kind: Write, touched: Iterable[Territory] = (), scopes: Iterable[Territory] = ()) -> str | None:
    """None when ``role`` may make this write, else the one French message saying what it may not do.

    ``touched``: the territories a commitment, meeting or need write reads or changes; ``scopes``: the
    contributor's own.
    """
    if kind not in ALLOWED[role]:
        return f"Modification refusée : {forbidden(role, kind)}."
    if role == Role.CONTRIBUTOR and kind in SCOPED_WRITES:
        own = set(scopes)
        outside = sorted({Territory(*t) for t in touched} - own)
        if outside:
            return (f"Modification refusée : le rôle « {ROLE_NAMES[role]} » ne permet pas {FORBIDDEN[kind]} "
                    f"de {', '.join(map(str, outside))} (vos territoires : "
                    f"{', '.join(map(str, sorted(own))) or 'aucun'}).")
    return None


def forbidden(role: Role, kind: Write) -> str:
    """« le rôle « lecteur » ne permet pas de modifier les scénarios »: what a refusal, or a disabled button,
    says."""
    return f"le rôle « {ROLE_NAMES[role]} » ne permet pas {FORBIDDEN[kind]}"


def settable_statuses(role: Role | None) -> list[str]:
    """The statuses ``role`` may give a commitment: a contributor proposes, the regional team decides the rest."""
    return [PROPOSED] if role == Role.CONTRIBUTOR else list(COMMITMENT_STATUSES)


def status_refusal(role: Role, before: str | None, after: str) -> str | None:
    """None when ``role`` may take a commitment from status ``before`` (None: a new one) to ``after``, else why not.

    A contributor's commitment stays « proposé »: once the team has decided on it, only the team changes it."""
    allowed = settable_statuses(role)
    if after not in allowed:
        return (f"Modification refusée : le rôle « {ROLE_NAMES[role]} » ne permet pas de donner le statut "
                f"« {after} » : un engagement reste « {PROPOSED} » jusqu'à sa relecture par l'équipe régionale.")
    if before is not None and before not in allowed:
        return (f"Modification refusée : cet engagement est « {before} » ; le rôle « {ROLE_NAMES[role]} » ne "
                f"permet de modifier que des engagements « {PROPOSED} » (adressez-vous à l'équipe régionale).")
    return None
