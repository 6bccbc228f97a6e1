"""The process pages' parameters, declared once per page and written back to the address by ``state.href`` (a
dataclass cannot live in a page module: Dash runs the module before registering it)."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.state import PageState, href
from domain.ranges import IDENTIFIER

PROCESS_PATH = "/deroulement"
TERRITORY_PATH = f"{PROCESS_PATH}/territoire"
MEETING_PATH = f"{PROCESS_PATH}/reunion"
DOCUMENT_PATH = f"{MEETING_PATH}/document"
REGISTER_PATH = "/registre"
MAP_LEVELS = ("departement", "crte")


@dataclass(frozen=True)
class ProcessPage:
    """/deroulement: the region, and the level of the map (``niveau``)."""
    region: str
    level: str = "crte"

    @classmethod
    def read(cls, region: str, niveau: str | None) -> ProcessPage:
        return cls(region, niveau if niveau in MAP_LEVELS else "crte")

    def href(self, level: str | None = None) -> str:
        return href(PROCESS_PATH, PageState(region=self.region), niveau=level or self.level)


@dataclass(frozen=True)
class TerritoryPage:
    """/deroulement/territoire: the region, the territory's level (``niveau``) and code."""
    region: str
    level: str
    code: str

    def href(self) -> str:
        return href(TERRITORY_PATH, PageState(region=self.region), niveau=self.level, code=self.code)


@dataclass(frozen=True)
class MeetingPage:
    """/deroulement/reunion: a meeting (``reunion``), or a new one of a region's territory (``territoire``)."""
    meeting: int | None = None
    region: str | None = None
    territory: str | None = None

    def href(self) -> str:
        if self.meeting is not None:
            return href(MEETING_PATH, PageState(), reunion=self.meeting)
        return href(MEETING_PATH, PageState(region=self.region), territoire=self.territory)


@dataclass(frozen=True)
class RegisterPage:
    """/registre: the region."""
    region: str

    def href(self) -> str:
        return href(REGISTER_PATH, PageState(region=self.region))


def meeting_number(text: str | None) -> int | None:
    """The meeting an address names (``reunion``), None when it names none or something else."""
    try:
        return int(IDENTIFIER.read(text)) if text else None
    except ValueError:
        return None


def meeting_href(meeting_id: int) -> str:
    return MeetingPage(int(meeting_id)).href()


def document_href(meeting_id: int, document: str) -> str:
    return href(DOCUMENT_PATH, PageState(), reunion=int(meeting_id), document=document)
