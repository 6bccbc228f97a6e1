"""The register of parties of a regional COP: organisations and their contacts, one check for the file and the form.

A party is an organisation (``process.PARTY_KINDS``) under a code the register gives it, stable once given; a
collectivité names its territory (a commune, an EPCI, a CRTE, a département, the region) and may give its SIREN.
Its contacts are people: their name, role and e-mail only, read by the regional team alone
(``permissions.Read.CONTACTS``). The history of a party (``party_history``) says that its contacts changed, never
who they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb
import pandas as pd

from domain import commitments, texts
from domain import history as trail
from domain.errors import UserError
from domain.headers import normalize_header
from domain.process import PARTY_KINDS
from domain.vocabulary import LEVELS

PARTIES_TRAIL = trail.Trail("party_history", "party")
LABELS = {"code": "Code", "kind": "Type", "name": "Nom", "territory_level": "Niveau du territoire",
          "territory_code": "Code du territoire", "siren": "SIREN"}
CONTACT_LABELS = {"name": "Nom du contact", "role": "Fonction", "email": "Courriel"}
CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
SIREN = re.compile(r"[0-9]{9}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
COLLECTIVITY = PARTY_KINDS[0]
_KINDS = {normalize_header(kind): kind for kind in PARTY_KINDS}
_LEVELS = {normalize_header(level.title): key for key, level in LEVELS.items()} | {key: key for key in LEVELS}


@dataclass
class Checked(commitments.Checked):
    """A party's or a contact's fields checked, as a commitment's are, and said in one sentence."""

    def message(self, labels: dict[str, str] = LABELS) -> str:
        """« Code : obligatoire. ; Type : « mairie » inconnu… »."""
        return " ; ".join(f"{labels[key]} : {problem}" for key, problem in self.errors.items())


def _text(value) -> str | None:
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()
    return text or None


def validate(raw: dict, territories: set[tuple[str, str]]) -> Checked:
    """A party's fields as typed or read (``LABELS``); ``territories``: the (level, code) of the region's."""
    checked = Checked()
    for key, text_field, required in (("code", texts.PARTY_CODE, True), ("name", texts.PARTY_NAME, True)):
        value = checked.values[key] = _text(raw.get(key))
        if value is None and required:
            checked.errors[key] = "obligatoire."
        elif value is not None and (problem := text_field.problem(value)):
            checked.errors[key] = f"{problem}."
    if "code" not in checked.errors and not CODE.fullmatch(checked.values["code"]):
        checked.errors["code"] = "lettres sans accent, chiffres, « . », « _ » ou « - » seulement."
    kind = _text(raw.get("kind"))
    checked.values["kind"] = _KINDS.get(normalize_header(kind)) if kind else None
    if checked.values["kind"] is None:
        checked.errors["kind"] = (f"« {kind} » inconnu : " if kind else "obligatoire : ") + ", ".join(PARTY_KINDS) + "."
    _territory(raw, territories, checked)
    siren = checked.values["siren"] = _text(raw.get("siren"))
    if siren is not None and not SIREN.fullmatch(siren):
        checked.errors["siren"] = f"« {siren[:20]} » : neuf chiffres attendus."
    return checked


def _territory(raw: dict, territories: set[tuple[str, str]], checked: Checked) -> None:
    level_text, code = _text(raw.get("territory_level")), _text(raw.get("territory_code"))
    level = _LEVELS.get(normalize_header(level_text)) if level_text else None
    checked.values["territory_level"], checked.values["territory_code"] = level, code
    if level_text and level is None:
        known = ", ".join(level.title for level in LEVELS.values())
        checked.errors["territory_level"] = f"« {level_text} » inconnu ({known})."
    elif bool(level) != bool(code):
        checked.errors["territory_code" if level else "territory_level"] = "le niveau et le code vont ensemble."
    elif level and (level, code) not in territories:
        checked.errors["territory_code"] = f"{LEVELS[level].title} « {code} » introuvable dans la région."
    elif checked.values.get("kind") == COLLECTIVITY and not level:
        checked.errors["territory_level"] = "obligatoire pour une collectivité (son territoire)."


def validate_contact(raw: dict) -> Checked:
    """A contact's name (required), role and e-mail (``CONTACT_LABELS``)."""
    checked = Checked()
    for key, text_field in (("name", texts.PERSON_NAME), ("role", texts.PERSON_ROLE), ("email", texts.EMAIL)):
        value = checked.values[key] = _text(raw.get(key))
        if value is not None and (problem := text_field.problem(value)):
            checked.errors[key] = f"{problem}."
    if checked.values["name"] is None:
        checked.errors["name"] = "obligatoire."
    email = checked.values["email"]
    if email and "email" not in checked.errors and not EMAIL.fullmatch(email):
        checked.errors["email"] = f"« {email} » n'est pas une adresse électronique."
    return checked


MOST_CONTACTS = 50  # contacts of one party typed in the form


def read_contacts(text: str | None) -> list[dict]:
    """The contacts typed in the register's form, one a line: « Nom ; fonction ; courriel » (the last two
    optional); UserError beyond ``MOST_CONTACTS`` lines. Each is checked by ``save_party``."""
    lines = [line for line in str(text or "").splitlines() if line.strip()]
    if len(lines) > MOST_CONTACTS:
        raise UserError(f"Partie non enregistrée : {len(lines)} contacts, {MOST_CONTACTS} au plus.")
    return [dict(zip(CONTACT_LABELS, [part.strip() for part in line.split(";", 2)])) for line in lines]


def contacts_text(contacts: pd.DataFrame) -> str:
    """A party's contacts (``region_contacts``' rows) as the form shows them: « Nom ; fonction ; courriel »."""
    return "\n".join(" ; ".join(str(value) if isinstance(value, str) else "" for value in row).rstrip(" ;")
                     for row in contacts[["name", "role", "email"]].itertuples(index=False))


def region_territories(con: duckdb.DuckDBPyConnection, region: str) -> set[tuple[str, str]]:
    """The (level, code) a party of ``region`` may name: the region and every territory linked to it."""
    return {(level, code) for level, code in con.execute(
        "SELECT 'region', ? UNION SELECT child_level, child_code FROM territory_links WHERE parent_level = 'region' "
        "AND parent_code = ?", [region, region]).fetchall()}


def region_parties(con: duckdb.DuckDBPyConnection, region: str) -> pd.DataFrame:
    """The register: code, kind, name, territory_level, territory_code, territory_name, siren; by name."""
    return con.execute(
        "SELECT p.code, p.kind, p.name, p.territory_level, p.territory_code, t.name AS territory_name, p.siren "
        "FROM parties p LEFT JOIN territories t ON t.level = p.territory_level AND t.code = p.territory_code "
        "WHERE p.region = ? ORDER BY p.name, p.code", [region]).df()


def region_contacts(con: duckdb.DuckDBPyConnection, region: str) -> pd.DataFrame:
    """party_code, name, role, email of every contact of the register (personal data: ``Read.CONTACTS``)."""
    return con.execute("SELECT party_code, name, role, email FROM party_contacts WHERE region = ? "
                       "ORDER BY party_code, name", [region]).df()


def names(con: duckdb.DuckDBPyConnection, region: str) -> dict[str, str]:
    """code → name of the register's parties."""
    return dict(con.execute("SELECT code, name FROM parties WHERE region = ? ORDER BY name", [region]).fetchall())


def save_party(con: duckdb.DuckDBPyConnection, region: str, raw: dict, contacts: list[dict], creating: bool,
               author: str) -> str:
    """Create (``creating``) or change a party of the register, its contacts replaced by ``contacts``; its code.

    UserError (nothing written) for a refused field, a code already taken, or a party that does not exist."""
    checked = validate(raw, region_territories(con, region))
    people = [validate_contact(contact) for contact in contacts]
    problems = [checked.message()] if not checked.ok else []
    problems += [f"contact n° {n} : {c.message(CONTACT_LABELS)}" for n, c in enumerate(people, 1) if not c.ok]
    if problems:
        raise UserError("Partie non enregistrée : " + " ; ".join(problems))
    repeated = {c.values["name"] for c in people if [p.values["name"] for p in people].count(c.values["name"]) > 1}
    if repeated:
        raise UserError(f"Partie non enregistrée : contact donné deux fois ({', '.join(sorted(repeated))}).")
    values, code = checked.values, checked.values["code"]
    stored = con.execute(f"SELECT {', '.join(LABELS)} FROM parties WHERE region = ? AND code = ?",
                         [region, code]).fetchone()
    if creating and stored:
        raise UserError(f"Partie non enregistrée : le code « {code} » est déjà celui de « {stored[2]} ».")
    if not creating and not stored:
        raise UserError(f"Partie non enregistrée : aucune partie de code « {code} » dans le registre.")
    before = dict(zip(LABELS, stored)) if stored else {}
    changes = {key: [before.get(key), values[key]] for key in LABELS if before.get(key) != values[key]}
    old_people = con.execute("SELECT name, role, email FROM party_contacts WHERE region = ? AND party_code = ? "
                             "ORDER BY name", [region, code]).fetchall()
    new_people = sorted((c.values["name"], c.values["role"], c.values["email"]) for c in people)
    if old_people != new_people:
        changes["contacts"] = [len(old_people), len(people)]  # how many, never who: the history names no person
    if not changes:
        return code
    if stored:
        con.execute("UPDATE parties SET kind = ?, name = ?, territory_level = ?, territory_code = ?, siren = ? "
                    "WHERE region = ? AND code = ?", [values["kind"], values["name"], values["territory_level"],
                                                      values["territory_code"], values["siren"], region, code])
    else:
        con.execute("INSERT INTO parties (region, code, kind, name, territory_level, territory_code, siren) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", [region, *(values[key] for key in LABELS)])
    if "contacts" in changes:
        con.execute("DELETE FROM party_contacts WHERE region = ? AND party_code = ?", [region, code])
        for name, role, email in new_people:
            con.execute("INSERT INTO party_contacts (region, party_code, name, role, email) VALUES (?, ?, ?, ?, ?)",
                        [region, code, name, role, email])
    trail.record(con, PARTIES_TRAIL, f"{region}:{code}", author, trail.CHANGED if stored else trail.CREATED, changes)
    return code


def history(con: duckdb.DuckDBPyConnection, region: str, code: str) -> pd.DataFrame:
    return trail.read(con, PARTIES_TRAIL, f"{region}:{code}")
