"""The SGPE regional panorama of levers (the simulateur territorial's file).

Accepts the JSON as published (a list of records) or the same records as CSV/XLSX rows
with the same column names. Each record is one lever of one region.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd

from domain import formats, texts
from domain.headers import normalize_header
from domain.numbers import NumberError
from domain.ranges import OBJECTIVE_KT, RATIO, START_POINT, Range
from domain.regions import REGIONS, is_example_region, region_code
from loaders.errors import LoadError, checked_text
from loaders.journal import Outcome, replace_rows, run_import
from loaders.tables import read_table

SOURCE = "SGPE – simulateur territorial, panorama des leviers régionaux"
DEFAULT_VINTAGE = "2024"

REQUIRED = ["regionName", "id", "leverName", "sector", "group", "objCO2", "ratioCO2toPhys", "relative"]
FLAGS = {  # field → (column, default)
    "regionEnabled": ("enabled", True),
    "regionHidden": ("hidden", False),
    "regionLimited": ("limited", False),
    "editionDisabled": ("edition_disabled", False),
    "showTarget": ("show_target", True),
    "noTranslation": ("no_translation", False),
}
TEXTS = {  # field → (column, what it may hold)
    "unitPhys": ("unit_phys", texts.UNIT),
    "unitCO2": ("unit_co2", texts.UNIT),
    "comment": ("explanation", texts.NOTE),
    "disabledComment": ("disabled_reason", texts.NOTE),
    "regionComment": ("territory_comment", texts.NOTE),
}
NAMES = ["regionName", "id", "leverName", "sector", "group"]  # one line each, ``texts.NAME``
DEFAULT_UNIT_CO2 = "ktCO₂e d'émissions évitées (en 2030 par rapport à 2019)"
TRUE_WORDS = {"true", "vrai", "oui", "1"}
FALSE_WORDS = {"false", "faux", "non", "0"}


def load_sgpe(con: duckdb.DuckDBPyConnection, path: Path, vintage: str = DEFAULT_VINTAGE) -> Outcome:
    path = Path(path)
    return run_import(con, "sgpe", [path], lambda con, import_id: _write(con, path, vintage, import_id))


def read_records(path: Path) -> list[tuple[str, dict]]:
    """(where, record) pairs; ``where`` says how to find the record in the file."""
    if path.suffix.lower() == ".json":
        return _read_json(path)
    table = read_table(path, [normalize_header(c) for c in REQUIRED])
    by_normalized = {normalize_header(c): c for c in REQUIRED + list(FLAGS) + list(TEXTS) + ["startPoint2019"]}
    return [
        (f"ligne {line}", {by_normalized.get(k, k): v for k, v in row.items()})
        for line, row in zip(table.lines, table.rows)
    ]


def _read_json(path: Path) -> list[tuple[str, dict]]:
    if not path.exists():
        raise LoadError(path, "le fichier n'existe pas.")
    text = path.read_bytes()
    if not text.strip():
        raise LoadError(path, "le fichier est vide.")
    try:
        data = json.loads(text.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise LoadError(path, "le fichier n'est pas encodé en UTF-8.", hint="Réenregistrez-le en UTF-8.") from None
    except json.JSONDecodeError as error:
        raise LoadError(path, f"JSON invalide ({error.msg}, colonne {error.colno}).", line=error.lineno) from None
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise LoadError(path, "le JSON doit être une liste d'enregistrements (un par levier et par région).")
    if not data:
        raise LoadError(path, "la liste d'enregistrements est vide.")
    return [(f"enregistrement n° {n}", record) for n, record in enumerate(data, start=1)]


def _fail(path: Path, where: str, record: dict, problem: str) -> LoadError:
    region, lever = (_shown(record.get(field)) for field in ("regionName", "id"))
    return LoadError(path, f"{where} (région « {region} », levier « {lever} ») : {problem}")


def _shown(value) -> str:
    """A record's name as a message may repeat it: « ? » when missing, or too long or strange to repeat."""
    return "?" if value is None or texts.NAME.problem(str(value)) else str(value)


def _number(path, where, record, field, plausible: Range, required=True) -> float | None:
    value = record.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _fail(path, where, record, f"le champ « {field} » est vide.")
        return None
    try:
        return plausible.read(value)
    except NumberError as error:
        raise _fail(path, where, record, f"« {field} » : {error}.") from None


def _flag(path, where, record, field, default) -> bool:
    value = record.get(field)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise _fail(path, where, record, f"« {field} » doit valoir true ou false, pas « {value} ».")


def _text(path, where, record, field, text_field: texts.TextField) -> str | None:
    value = record.get(field)
    if value is None:
        return None
    text = str(value).strip()
    if problem := text_field.problem(text):
        raise _fail(path, where, record, f"« {field} » : {problem}.")
    return text or None


def parse(path: Path, vintage: str) -> tuple[pd.DataFrame, pd.DataFrame, list[str], int]:
    """Validate every record; return (levers, objectives, notices, records read)."""
    records = read_records(path)
    notices: list[str] = []
    unknown_regions: dict[str, str] = {}
    seen: dict[tuple[str, str], str] = {}
    levers: dict[str, dict] = {}
    objectives = []
    for where, record in records:
        missing = [f for f in REQUIRED if record.get(f) is None or str(record.get(f)).strip() == ""]
        if missing:
            missing_fields = formats.noun(len(missing), "champ manquant ou vide", "champs manquants ou vides")
            raise _fail(path, where, record, f"{missing_fields} : {', '.join(missing)}.")
        for field in NAMES:
            _text(path, where, record, field, texts.NAME)
        region_name = str(record["regionName"]).strip()
        if is_example_region(region_name):
            continue
        code = region_code(region_name)
        if code is None:
            unknown_regions.setdefault(region_name, where)
            continue
        lever_id = str(record["id"]).strip()
        if (code, lever_id) in seen:
            raise _fail(path, where, record,
                        f"doublon : ce levier est déjà donné pour cette région ({seen[code, lever_id]}).")
        seen[code, lever_id] = where
        flags = {column: _flag(path, where, record, field, default) for field, (column, default) in FLAGS.items()}
        notes = {column: _text(path, where, record, field, text_field) for field, (column, text_field) in TEXTS.items()}
        relative = _flag(path, where, record, "relative", False)
        levers.setdefault(lever_id, {
            "lever_id": lever_id,
            "name": str(record["leverName"]).strip(),
            "sector": str(record["sector"]).strip(),
            "thematic_group": str(record["group"]).strip(),
            "unit_phys": _one_line(notes["unit_phys"]),
            "unit_co2": _one_line(notes["unit_co2"]) or DEFAULT_UNIT_CO2,
            "relative": relative,
            "no_translation": flags["no_translation"],
        })
        objectives.append({
            "territory_level": "region",
            "territory_code": code,
            "lever_id": lever_id,
            "lever_label": str(record["leverName"]).strip(),
            "obj_co2_kt": _number(path, where, record, "objCO2", OBJECTIVE_KT),
            "ratio_co2_to_phys": _number(path, where, record, "ratioCO2toPhys", RATIO),
            "start_point_2019": _number(path, where, record, "startPoint2019", START_POINT, required=False),
            **{c: v for c, v in flags.items() if c != "no_translation"},
            "explanation": notes["explanation"],
            "disabled_reason": notes["disabled_reason"],
            "territory_comment": notes["territory_comment"],
            "status": "indicatif",
            "source": SOURCE,
            "vintage": vintage,
        })
    if unknown_regions:
        listed = "; ".join(f"« {name} » ({where})" for name, where in unknown_regions.items())
        raise LoadError(
            path,
            f"{formats.noun(len(unknown_regions), 'région inconnue', 'régions inconnues')} : {listed}.",
            hint="Utilisez le nom officiel de la région ou son code INSEE (ex. « Bretagne » ou « 53 »).",
        )
    skipped = sum(1 for _, r in records if is_example_region(str(r.get("regionName", ""))))
    if skipped:
        notices.append(f"{formats.counted(skipped, 'enregistrement')} de la « Région exemple » "
                       f"{formats.noun(skipped, 'ignoré')} : ce n'est pas une région réelle.")
    if not objectives:
        raise LoadError(path, "aucun objectif régional à charger.")
    return pd.DataFrame(list(levers.values())), pd.DataFrame(objectives), notices, len(records)


def _one_line(text: str | None) -> str | None:
    return " ".join(text.split()) if text else text


def _write(con, path: Path, vintage: str, import_id: int) -> Outcome:
    vintage = checked_text(path, texts.SOURCE, vintage, option="--millesime") or DEFAULT_VINTAGE
    levers, objectives, notices, read = parse(path, vintage)
    objectives["import_id"] = import_id
    regions = sorted(objectives["territory_code"].unique())
    known = {code for (code,) in con.execute("SELECT code FROM territories WHERE level = 'region'").fetchall()}
    missing_regions = pd.DataFrame(
        [{"level": "region", "code": code, "name": REGIONS[code], "source": "Code officiel géographique (INSEE)",
          "import_id": import_id} for code in regions if code not in known],
        columns=["level", "code", "name", "source", "import_id"],
    )
    if len(missing_regions):
        replace_rows(con, "territories", missing_regions, ["level", "code"])
    lever_counts = replace_rows(con, "levers", levers, ["lever_id"])
    placeholders = ", ".join("?" for _ in regions)
    objective_counts = replace_rows(
        con, "objective_vintages", objectives, ["territory_level", "territory_code", "lever_id", "vintage"],
        scope=f"territory_level = 'region' AND territory_code IN ({placeholders}) AND vintage = ?",
        scope_params=[*regions, vintage],
    )
    summary = [
        f"Panorama SGPE chargé depuis « {path.name} » (millésime {vintage}) : "
        f"{formats.counted(len(regions), 'région')}.",
        lever_counts.describe("levier"),
        objective_counts.describe("objectif régional", "objectifs régionaux"),
    ]
    return Outcome(read, summary, notices + vintage_notices(con, regions, vintage),
                   rows_written=objective_counts.written + lever_counts.written)


def vintage_notices(con: duckdb.DuckDBPyConnection, regions: list[str], vintage: str) -> list[str]:
    """What the other vintages of these regions' objectives become: kept, and which one the pages show."""
    placeholders = ", ".join("?" for _ in regions)
    others = con.execute(
        f"SELECT vintage, count(DISTINCT territory_code) FROM objective_vintages WHERE territory_level = 'region'"
        f" AND territory_code IN ({placeholders}) AND vintage <> ? GROUP BY vintage ORDER BY vintage",
        [*regions, vintage]).fetchall()
    notices = []
    for other, count in others:
        shown = vintage if vintage > other else other
        notices.append(f"Le millésime {other} des objectifs reste chargé pour "
                       f"{formats.counted(count, 'région')} : les pages montrent "
                       f"le plus récent, {shown} ; une version figée garde celui qu'elle a utilisé.")
    return notices
