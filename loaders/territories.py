"""Territories from the ADMIN EXPRESS commune layer, the EPCI table and the CRTE composition.

Communes are the building block: EPCI, CRTE, département and région outlines are dissolved
from them, so that every level of the map shares the same borders. Optional national
outlines (``--regions``, ``--departements``) add the territories no commune file covers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import geopandas as gpd
import pandas as pd

from domain import formats, vocabulary
from domain.aggregation import refresh_aggregates
from domain.numbers import NumberError, optional_number
from domain.ranges import POPULATION
from domain.regions import REGIONS
from loaders import geo
from loaders.crte import Composition, read_composition, unplaced_reason
from loaders.errors import LoadError
from loaders.journal import Outcome, current_run, replace_rows, run_import
from loaders.tables import read_table

COMMUNE_COLUMNS = ["INSEE_COM", "NOM", "POPULATION", "INSEE_DEP", "INSEE_REG", "SIREN_EPCI"]
NO_EPCI = {"", "NC"}
SOURCE_COMMUNES = "IGN ADMIN EXPRESS (couche COMMUNE)"
SOURCE_DISSOLVED = "Calculé : union des communes (IGN ADMIN EXPRESS)"
SOURCE_CRTE = "ANCT – liste des CRTE et composition"
SOURCE_OUTLINES = "IGN ADMIN EXPRESS (contours nationaux)"


def load_territories(
    con: duckdb.DuckDBPyConnection,
    communes: Path,
    epci: Path,
    crte: Path | None = None,
    regions: Path | None = None,
    departements: Path | None = None,
    say: Callable[[str], None] | None = None,
) -> Outcome:
    """``say``: where the steps go (default: the run's, see ``loaders.journal.running``)."""
    say = say or current_run().say
    files = [Path(p) for p in (communes, epci, crte, regions, departements) if p]
    return run_import(
        con, "territoires", files,
        lambda con, import_id: _write(con, import_id, communes, epci, crte, regions, departements, say),
    )


def read_communes(path: Path, notices: list[str] | None = None) -> gpd.GeoDataFrame:
    """``notices``: where how the file was read goes (a shapefile's encoding)."""
    frame = geo.read_layer(path, preferred_layer="commune", notices=notices)
    missing = [c for c in COMMUNE_COLUMNS if c not in frame.columns]
    if missing:
        raise LoadError(path, f"{formats.noun(len(missing), 'colonne manquante', 'colonnes manquantes')} dans la "
                        f"couche des communes : {', '.join(missing)}.",
                        hint=f"Colonnes trouvées : {', '.join(c for c in frame.columns if c != frame.geometry.name)}.")
    frame = frame.rename(columns={"INSEE_COM": "code", "NOM": "name", "INSEE_DEP": "departement",
                                  "INSEE_REG": "region", "SIREN_EPCI": "epci"})
    for column in ("code", "name", "departement", "region", "epci"):
        frame[column] = frame[column].fillna("").astype(str).str.strip()
    populations = []
    for number, (code, value) in enumerate(zip(frame["code"], frame["POPULATION"]), start=1):
        if len(code) != 5:
            raise LoadError(path, f"objet n° {number} : « {code} » n'est pas un code INSEE de commune (5 caractères).",
                            column="INSEE_COM")
        populations.append(_population(path, number, code, value))
    frame["population"] = populations
    duplicated = frame.loc[frame["code"].duplicated(), "code"].unique()
    if len(duplicated):
        raise LoadError(path, f"{formats.noun(len(duplicated), 'code')} de commune en double : "
                        f"{', '.join(duplicated[:10])}.", column="INSEE_COM")
    frame["epci"] = frame["epci"].where(~frame["epci"].isin(NO_EPCI), None)
    frame = frame.set_geometry(frame.geometry.make_valid())
    return frame[["code", "name", "population", "departement", "region", "epci", frame.geometry.name]]


def _population(path: Path, number: int, code: str, value) -> int | None:
    """A commune's population: blank, or a whole number within ``domain.ranges.POPULATION``."""
    try:
        population = optional_number(None if pd.isna(value) else value)
    except NumberError as error:
        raise LoadError(path, f"objet n° {number} (commune {code}) : population {error}.",
                        column="POPULATION") from None
    problem = None if population is None else POPULATION.problem(population)
    if problem:
        raise LoadError(path, f"objet n° {number} (commune {code}) : {problem}.", column="POPULATION")
    return None if population is None else int(population)


def read_epci(path: Path) -> pd.DataFrame:
    table = read_table(path, ["code_siren", "nom"])
    rows = []
    for line, row in zip(table.lines, table.rows):
        if not (len(row["code_siren"]) == 9 and row["code_siren"].isdigit()):
            raise LoadError(path, f"« {row['code_siren']} » n'est pas un SIREN (9 chiffres).", line=line,
                            column="CODE_SIREN")
        rows.append({"code": row["code_siren"], "name": row["nom"], "nature": row.get("nature", "")})
    frame = pd.DataFrame(rows)
    duplicated = frame.loc[frame["code"].duplicated(), "code"].unique()
    if len(duplicated):
        raise LoadError(path, f"EPCI en double : {', '.join(duplicated)}.", column="CODE_SIREN")
    return frame.set_index("code")


def read_outlines(path: Path, notices: list[str] | None = None) -> gpd.GeoDataFrame:
    frame = geo.read_layer(path, notices=notices)
    if not {"CODE", "NOM"} <= set(frame.columns):
        raise LoadError(path, "propriétés « code » et « nom » attendues pour chaque contour.",
                        hint="Propriétés trouvées : "
                             f"{', '.join(c for c in frame.columns if c != frame.geometry.name)}.")
    frame = frame.rename(columns={"CODE": "code", "NOM": "name"})
    frame["code"] = frame["code"].astype(str).str.strip()
    return frame[["code", "name", frame.geometry.name]]


def _write(con, import_id, communes_path, epci_path, crte_path, regions_path, departements_path, say) -> Outcome:
    say("Lecture des communes…")
    readings: list[str] = []
    communes = read_communes(Path(communes_path), readings)
    say(f"{formats.count(len(communes))} communes lues. Lecture des EPCI…")
    epci = read_epci(Path(epci_path))
    notices = readings + _epci_notices(communes, epci)
    composition = None
    if crte_path:
        say("Lecture de la composition des CRTE…")
        composition = read_composition(Path(crte_path), communes)
        notices += composition.notices + _crte_coverage_notices(communes, composition)
    national = {level: read_outlines(Path(p), notices) for level, p in (("region", regions_path),
                                                                        ("departement", departements_path)) if p}
    say("Simplification topologique des contours…")
    simplified = geo.simplify_topology(communes, "code").geometry.reindex(communes["code"])
    territories, links = _build(communes, epci, composition, national, simplified, say)
    territories["import_id"] = import_id
    links["import_id"] = import_id
    say("Écriture dans la base…")
    territory_counts = replace_rows(con, "territories", territories, ["level", "code"])
    produced = territories[["level", "code"]]
    con.register("produced", produced)
    scope = ("(parent_level, parent_code) IN (SELECT (level, code) FROM produced)"
             " OR (child_level, child_code) IN (SELECT (level, code) FROM produced)")
    link_counts = replace_rows(con, "territory_links", links,
                               ["parent_level", "parent_code", "child_level", "child_code"], scope=scope)
    con.unregister("produced")
    if composition is not None:
        _write_unplaced(con, composition, sorted(set(communes["region"])), import_id)
    refreshed = refresh_aggregates(con, con.execute(
        "SELECT DISTINCT subject_kind, subject_id FROM observations WHERE territory_level IN ('commune', 'departement')"
    ).fetchall(), import_id)
    counts = territories["level"].value_counts()
    summary = [
        "Territoires chargés : " + ", ".join(
            formats.counted(counts.get(level, 0), singular, plural) for level, singular, plural in
            (("region", "région", None), ("departement", "département", None), ("crte", "CRTE", "CRTE"),
             ("epci", "EPCI", "EPCI"), ("commune", "commune", None))) + ".",
        territory_counts.describe("territoire"),
        link_counts.describe("lien d'appartenance", "liens d'appartenance"),
    ] + ([f"{formats.counted(refreshed, 'agrégat')} d'indicateurs {formats.noun(refreshed, 'recalculé')} selon "
          "les nouvelles appartenances."] if refreshed else [])
    return Outcome(len(communes), summary, notices, rows_written=territory_counts.written + link_counts.written)


def _write_unplaced(con, composition: Composition, regions: list[str], import_id: int) -> None:
    """The CRTE of the file that have no commune, with why, in place of those recorded for the same regions."""
    rows = pd.DataFrame([{"level": "crte", "code": crte, "name": composition.names[crte],
                          "region": composition.regions.get(crte), "reason": unplaced_reason(missing),
                          "import_id": import_id} for crte, missing in composition.unplaced.items()],
                        columns=["level", "code", "name", "region", "reason", "import_id"])
    in_regions = f"region IN ({', '.join('?' * len(regions))}) OR " if regions else ""
    scope = f"level = 'crte' AND ({in_regions}code IN (SELECT code FROM incoming))"
    replace_rows(con, "unplaced_territories", rows, ["level", "code"], scope=scope, scope_params=regions)


def _epci_notices(communes: gpd.GeoDataFrame, epci: pd.DataFrame) -> list[str]:
    notices = []
    without = communes[communes["epci"].isna()]
    if len(without):
        notices.append(f"{formats.counted(len(without), 'commune')} sans EPCI (SIREN_EPCI « NC ») : "
                       + ", ".join(f"{n} ({c})" for c, n in zip(without["code"], without["name"])) + ".")
    unknown = communes[communes["epci"].notna() & ~communes["epci"].isin(epci.index)]
    if len(unknown):
        notices.append(f"{formats.counted(len(unknown), 'commune')} dont l'EPCI est absent de la table des EPCI : "
                       + ", ".join(f"{n} ({c}, EPCI {e})" for c, n, e in
                                   zip(unknown["code"], unknown["name"], unknown["epci"])) + ".")
    regions_per_epci = communes.dropna(subset=["epci"]).groupby("epci")["region"].nunique()
    straddling = regions_per_epci[regions_per_epci > 1]
    if len(straddling):
        notices.append(f"{len(straddling)} EPCI à cheval sur plusieurs régions : {', '.join(straddling.index)}.")
    unused = sorted(set(epci.index) - set(communes["epci"].dropna()))
    if unused:
        notices.append(f"{len(unused)} EPCI de la table sans aucune commune dans la couche : {', '.join(unused)}.")
    notices.append("Les contours et populations des EPCI et des CRTE ne comptent que les communes du fichier : "
                   "un EPCI à cheval sur une autre région n'y est décrit que par ses communes présentes.")
    return notices


def _crte_coverage_notices(communes: gpd.GeoDataFrame, composition: Composition) -> list[str]:
    per_commune = pd.Series([c for _, c in composition.members]).value_counts()
    notices = []
    outside = communes[~communes["code"].isin(per_commune.index)]
    if len(outside):
        notices.append(f"{formats.counted(len(outside), 'commune')} dans aucun CRTE : "
                       + ", ".join(f"{n} ({c})" for c, n in zip(outside["code"], outside["name"])) + ".")
    several = per_commune[per_commune > 1]
    if len(several):
        notices.append(f"{formats.counted(len(several), 'commune')} dans plusieurs CRTE : {', '.join(several.index)}.")
    return notices


def _build(communes, epci, composition, national, simplified, say) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All territory rows and parent→child links produced by this import."""
    members = pd.DataFrame(composition.members if composition else [], columns=["crte", "code"])
    groups = {
        "epci": communes[["code", "epci"]].dropna().rename(columns={"epci": "parent"}),
        "crte": members.rename(columns={"crte": "parent"}),
        "departement": communes[["code", "departement"]].rename(columns={"departement": "parent"}),
        "region": communes[["code", "region"]].rename(columns={"region": "parent"}),
    }
    names = {
        "epci": epci["name"].to_dict(),
        "crte": composition.names if composition else {},
        "departement": composition.departement_names if composition else {},
        "region": dict(REGIONS),
    }
    for level, outlines in national.items():
        names[level].update(dict(zip(outlines["code"], outlines["name"])))
    by_code = communes.set_index("code")
    rows = [_row("commune", code, c["name"], c["population"], c.geometry, simplified[code], SOURCE_COMMUNES)
            for code, c in by_code.iterrows()]
    for level, membership in groups.items():
        say(f"Contours des {level}s par union des communes…")
        full = geo.dissolve(by_code.geometry.reindex(membership["code"]), membership["parent"])
        light = geo.dissolve(simplified.reindex(membership["code"]), membership["parent"])
        population = by_code["population"].reindex(membership["code"]).groupby(membership["parent"].values).sum()
        source = SOURCE_CRTE if level == "crte" else SOURCE_DISSOLVED
        for code in full.index:
            name = names[level].get(code, f"{vocabulary.LEVELS[level].title} {code}")
            rows.append(_row(level, code, name, int(population[code]), full[code], light[code], source))
    rows += _national_rows(national, {(r["level"], r["code"]) for r in rows})
    territories = pd.DataFrame(rows)
    links = _links(communes, members, national, territories)
    return territories, links




def _row(level, code, name, population, geometry, simplified, source) -> dict:
    return {
        "level": level, "code": code, "name": name,
        "population": None if population is None or pd.isna(population) else int(population),
        "area_km2": geo.area_km2(geometry), "geom": geo.to_wkb(geometry),
        "geom_simplified": geo.to_wkb(simplified), "fictional": False, "source": source,
    }


def _national_rows(national: dict, built: set) -> list[dict]:
    """Régions and départements that no commune of the file covers, from the national outlines."""
    rows = []
    for level, outlines in national.items():
        simplified = geo.simplify_topology(outlines, "code").geometry
        for code, name, geometry in zip(outlines["code"], outlines["name"], outlines.geometry):
            if (level, code) not in built:
                rows.append(_row(level, code, name, None, geometry, simplified[code], SOURCE_OUTLINES))
    return rows


def _links(communes, members, national, territories) -> pd.DataFrame:
    commune_links = pd.concat([
        pd.DataFrame({"parent_level": level, "parent_code": communes[column], "child_code": communes["code"]})
        for level, column in (("region", "region"), ("departement", "departement"), ("epci", "epci"))
    ] + [pd.DataFrame({"parent_level": "crte", "parent_code": members["crte"], "child_code": members["code"]})])
    commune_links = commune_links.dropna().assign(child_level="commune")
    # Upper links follow from shared communes: a CRTE belongs to every département one of its communes is in.
    upper = []
    for parent, child in (("region", "departement"), ("region", "epci"), ("region", "crte"),
                          ("departement", "epci"), ("departement", "crte"), ("crte", "epci")):
        p = commune_links[commune_links["parent_level"] == parent][["parent_code", "child_code"]]
        c = commune_links[commune_links["parent_level"] == child][["parent_code", "child_code"]]
        pairs = p.merge(c, on="child_code", suffixes=("", "_child"))[["parent_code", "parent_code_child"]]
        upper.append(pairs.drop_duplicates().rename(columns={"parent_code_child": "child_code"})
                     .assign(parent_level=parent, child_level=child))
    upper.append(_departements_in_regions(national, territories))
    links = pd.concat([commune_links] + upper, ignore_index=True)
    columns = ["parent_level", "parent_code", "child_level", "child_code"]
    return links[columns].drop_duplicates().reset_index(drop=True)


def _departements_in_regions(national: dict, territories: pd.DataFrame) -> pd.DataFrame:
    """Région → département links for national outlines: the département's inner point lies in the région."""
    columns = ["parent_level", "parent_code", "child_level", "child_code"]
    if set(national) != {"region", "departement"}:
        return pd.DataFrame(columns=columns)
    departements = national["departement"].copy()
    departements = departements.set_geometry(departements.geometry.representative_point())
    joined = gpd.sjoin(departements, national["region"], predicate="within", how="inner")
    return pd.DataFrame({"parent_level": "region", "parent_code": joined["code_right"],
                         "child_level": "departement", "child_code": joined["code_left"]})[columns]
