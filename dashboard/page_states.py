"""Each page's parameters, declared once: what its address holds, by the names the query gives them (French, as
the user reads them in the address bar). A page reads its own with ``from_query`` / ``from_search``; a link to a
page is built from that page's state (``.href()``), so two pages never spell each other's parameters.

Values a page checks against its data (a region it offers, a territory of the region, a method, a frozen
``version``, whose page says in French what is wrong with it) are read here as bounded text and resolved by the
page; values from a fixed list are checked here (``choices``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from dashboard.figures.charts import GROUPINGS
from dashboard.importing.kinds import KINDS
from dashboard.state import PageState, parameter

ALL_SECTORS = "tous"  # the roadmap of every sector (the roadmap page's default)
MAP_LEVELS = ("departement", "crte")  # the levels of a map of a region's parts (roadmap, process page)


@dataclass(frozen=True)
class VersionedState(PageState):
    """A page that can show a frozen version by itself (``?version=N``, its number; the page checks it is one of
    the region's versions, components/frozen_version.py). The pages of one version link to each other keeping it."""

    version: str | None = parameter("version", longest=20)


@dataclass(frozen=True)
class OverviewState(VersionedState):
    PATH: ClassVar[str] = "/"

    view: str = parameter("vue", "secteur", choices=GROUPINGS)


@dataclass(frozen=True)
class GapsState(VersionedState):
    """``scenario``: the scenario open (its territory wins over ``region``); ``deleted``: the one just deleted,
    that the page offers to restore; ``compared``: scenario ids, comma-separated."""

    PATH: ClassVar[str] = "/ecarts"

    view: str = parameter("vue", "secteur", choices=GROUPINGS)
    trajectory: str | None = parameter("trajectoire")
    scenario: int | None = parameter("scenario", number=True)
    compared: str | None = parameter("comparer")
    deleted: int | None = parameter("supprime", number=True)


@dataclass(frozen=True)
class DiagnosticState(PageState):
    PATH: ClassVar[str] = "/diagnostic"

    theme: str | None = parameter("theme")
    indicator: str | None = parameter("indicateur")
    level: str | None = parameter("niveau", longest=40)
    year: int | None = parameter("annee", number=True)
    territory: str | None = parameter("territoire", longest=100)
    compared: str | None = parameter("comparer", longest=40)


@dataclass(frozen=True)
class SplitState(VersionedState):
    """The split of the region's objective; ``code``: the territory selected on the map."""

    PATH: ClassVar[str] = "/declinaison"

    level: str | None = parameter("niveau", longest=40)
    scope: str | None = parameter("perimetre")
    unit: str | None = parameter("unite", longest=40)
    method: str | None = parameter("methode", longest=40)
    compared: str | None = parameter("comparer", longest=40)
    sort: str | None = parameter("tri", longest=40)
    code: str | None = parameter("code", longest=40)


@dataclass(frozen=True)
class SplitSheetState(VersionedState):
    PATH: ClassVar[str] = "/declinaison/fiche"

    level: str | None = parameter("niveau", longest=40)
    code: str | None = parameter("code", longest=40)
    method: str | None = parameter("methode", longest=40)


@dataclass(frozen=True)
class RoadmapState(VersionedState):
    """``territory``: ``level:code`` (``region:53``, ``departement:29``…); ``map``: the level of its map."""

    PATH: ClassVar[str] = "/feuille-de-route"

    territory: str | None = parameter("territoire", longest=100)
    sector: str = parameter("secteur", ALL_SECTORS)
    map: str = parameter("carte", "departement", choices=MAP_LEVELS)

    @property
    def place(self) -> tuple[str, str]:
        """``(level, code)`` of the territory asked for (the region when none is)."""
        level, _, code = (self.territory or f"region:{self.region}").partition(":")
        return level, code


@dataclass(frozen=True)
class RoadmapDocumentState(VersionedState):
    PATH: ClassVar[str] = "/feuille-de-route/document"

    territory: str | None = parameter("territoire", longest=100)


@dataclass(frozen=True)
class MaquetteState(VersionedState):
    """A territory's annual maquette financière, printable on A4: ``territory`` as on the roadmap, ``year`` one its
    commitments' financing lines name."""

    PATH: ClassVar[str] = "/feuille-de-route/maquette"

    territory: str | None = parameter("territoire", longest=100)
    year: int | None = parameter("annee", number=True)


@dataclass(frozen=True)
class RoadmapContributionsState(PageState):
    PATH: ClassVar[str] = "/feuille-de-route/contributions"


@dataclass(frozen=True)
class ProjectionState(VersionedState):
    """``screen``: 1-based; ``read_only``: the participants' view; ``came_from``: the page Escape returns to;
    ``meeting``: the meeting presented, whose agenda's screens make the sequence (features/projection/agenda.py)."""

    PATH: ClassVar[str] = "/projection"

    screen: int | None = parameter("ecran", number=True)
    read_only: str | None = parameter("lecture", longest=10)
    came_from: str | None = parameter("depuis", longest=60)
    meeting: int | None = parameter("reunion", number=True)


@dataclass(frozen=True)
class AccountsState(PageState):
    """``account``: the account being changed (its identifier)."""

    PATH: ClassVar[str] = "/comptes"

    account: str | None = parameter("compte", longest=100)


MEETING_DOCUMENTS = ("convocation", "releve")


@dataclass(frozen=True)
class ProcessState(PageState):
    """Déroulement de la COP; ``level``: the level of its map of steps reached."""

    PATH: ClassVar[str] = "/deroulement"

    level: str = parameter("niveau", "crte", choices=MAP_LEVELS)


@dataclass(frozen=True)
class ProcessTerritoryState(PageState):
    """A territory's course through the COP: its ``level`` and ``code``, checked by the page against the region's."""

    PATH: ClassVar[str] = "/deroulement/territoire"

    level: str | None = parameter("niveau", longest=40)
    code: str | None = parameter("code", longest=40)


@dataclass(frozen=True)
class MeetingState(PageState):
    """A meeting (``meeting``), or the form of a new one of the region's ``territory`` (``level:code``);
    ``version``: the meeting's version just saved, that makes the page render again."""

    PATH: ClassVar[str] = "/deroulement/reunion"

    meeting: int | None = parameter("reunion", number=True)
    territory: str | None = parameter("territoire", longest=100)
    version: int | None = parameter("version", number=True)


@dataclass(frozen=True)
class MeetingDocumentState(PageState):
    """A meeting's printable ``document``."""

    PATH: ClassVar[str] = "/deroulement/reunion/document"

    meeting: int | None = parameter("reunion", number=True)
    document: str | None = parameter("document", choices=MEETING_DOCUMENTS)


@dataclass(frozen=True)
class RegisterState(PageState):
    PATH: ClassVar[str] = "/registre"


@dataclass(frozen=True)
class ImportsState(PageState):
    """``kind``: the type of file the import panel opens with (pages with nothing to show link to it,
    components/import_hints.py)."""

    PATH: ClassVar[str] = "/donnees"

    kind: str | None = parameter("type", choices=KINDS)
