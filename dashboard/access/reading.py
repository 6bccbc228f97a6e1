"""The reading policy, applied: what pages and exports show of people to the visitor asking.

Who reads what is one table, ``domain.permissions.READABLE``; pages and exports do not decide it, they pass what
they show through here. A table loses the columns its reader may not read, with a note naming who sees them
(``restricted``); commitments lose their contact and the accounts that created, changed or reviewed them
(``commitments``, ``commitment``); a history line keeps that a contact or a meeting's minutes changed, not
their values (``changes``); a meeting's minutes, which may name people, are theirs too (``minutes``);
a reviewer is « l'équipe régionale » (``person``).

What is built from these for every visitor alike and kept (a cached export) is kept per ``readable()``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import pandas as pd

from dashboard.access import auth
from domain.permissions import READABLE, ROLE_NAMES, Read, Role, may_read

if TYPE_CHECKING:
    from dashboard.tables import Table

COMMITMENT_PEOPLE = ("contact", "created_by", "updated_by", "reviewer")  # the columns of a commitment naming people
PERSONAL_FIELDS = {"contact", "minutes"}  # the fields whose values may name people: a contact, a meeting's minutes
HIDDEN = "(non affiché)"
WHO_SEES = {Read.PEOPLE: "Identifiants des comptes et contacts", Read.IMPORTS: "Auteurs et comptes rendus des imports",
            Read.CONTACTS: "Contacts du registre des parties"}


def may(what: Read) -> bool:
    """Whether the visitor asking (its role as it is now; anonymous: None) reads ``what``."""
    return may_read(auth.editor_role(), what)


def readable() -> tuple[str, ...]:
    """What the visitor reads beyond the public: part of the key of anything kept that depends on it."""
    return tuple(sorted(what for what in Read if may(what)))


def who_reads(what: Read) -> str:
    """« comptes connectés de rôle administrateur, équipe régionale ou contributeur territorial »."""
    names = [ROLE_NAMES[role] for role in Role if what in READABLE[role]]
    return "comptes connectés de rôle " + " ou ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def restricted(table: Table, columns: dict[str, Read]) -> Table:
    """``table`` without the ``columns`` (header → what it shows) that the visitor may not read; a note says
    what was left out and who sees it."""
    hidden = {header: what for header, what in columns.items() if header in table.frame and not may(what)}
    if not hidden:
        return table
    notes = [f"{WHO_SEES[what]} ({', '.join(f'« {h} »' for h, w in hidden.items() if w == what)}) : visibles "
             f"des seuls {who_reads(what)}." for what in dict.fromkeys(hidden.values())]
    return replace(table, frame=table.frame.drop(columns=list(hidden)), kinds={
        header: kind for header, kind in table.kinds.items() if header not in hidden}, notes=[*table.notes, *notes])


def commitments(frame: pd.DataFrame) -> pd.DataFrame:
    """Commitments as the visitor reads them: without contact, authors and reviewer unless it reads people."""
    return frame if may(Read.PEOPLE) else public_commitments(frame)


def public_commitments(frame: pd.DataFrame) -> pd.DataFrame:
    """Commitments as the public reads them, whoever asks: for what is built once and shown to every visitor."""
    return frame.assign(**{column: None for column in COMMITMENT_PEOPLE if column in frame})


def commitment(record: dict | None) -> dict | None:
    """One stored commitment as the visitor reads it (``commitments`` for a record)."""
    if record is None or may(Read.PEOPLE):
        return record
    return {**record, **{column: None for column in COMMITMENT_PEOPLE if column in record}}


def changes(changed: dict) -> dict:
    """A history line's changes ``{field: [before, after]}``: a contact's values hidden unless it reads people."""
    if may(Read.PEOPLE):
        return changed
    return {field: [HIDDEN, HIDDEN] if field in PERSONAL_FIELDS else values for field, values in changed.items()}


def minutes(text: str | None) -> str | None:
    """A meeting's written minutes, for a visitor who reads people (they may name some); None otherwise."""
    return text if may(Read.PEOPLE) else None


def person(username: str | None, otherwise: str) -> str:
    """The account's identifier, or ``otherwise`` (« l'équipe régionale »…) for a visitor who may not read it."""
    return username if username and may(Read.PEOPLE) else otherwise
