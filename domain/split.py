"""The infra-regional split ("déclinaison territoriale") of the regional lever objectives.

Every lever objective is first shared among the region's communes in proportion to the lever's
allocation key (clé de répartition), then each département, CRTE or EPCI adds up its communes.
A CRTE or EPCI crossing a boundary therefore counts only its communes inside the region, and the
parts of a level always add up to the regional objective:

- a commune that belongs to no territory of the level (no CRTE, no EPCI) is gathered in a
  « hors CRTE » / « hors EPCI » line, shown with the others;
- a commune listed in several territories of the level shares its part equally among them;
- a key that is zero over the whole region cannot split anything: the levers using it are split
  by population instead (or in equal parts if the population is unknown), and the page says so;
- a territory whose communes all have a zero key gets a zero part, as proportionality wants.

Population and area are built-in keys (from the territories); other keys are loaded by
``python -m loaders cles``, at commune or EPCI level. An EPCI value reaches its communes in
proportion to their population, out of the EPCI's whole population when the file gives it (so
that an EPCI straddling two regions only brings its communes' share into the region).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from domain import formats
from domain.split_boundaries import boundary_notices
from domain.unplaced import unplaced, unplaced_notices
from domain.vocabulary import LEVELS, OUTSIDE_CODE, outside_name

FALLBACK_KEY = "population"
BUILTIN_KEYS = {
    "population": ("Population", "habitants", "IGN ADMIN EXPRESS, population des communes"),
    "superficie": ("Superficie", "km²", "Calculée : superficie géodésique des communes (IGN ADMIN EXPRESS)"),
}
BUILTIN_COLUMNS = {"population": "population", "superficie": "area_km2"}
SPLIT_LEVELS = ("departement", "crte", "epci")
EQUAL_PARTS = "parts égales"
# A frozen version's database (domain/snapshots.py) holds the split as it was computed when the version was frozen,
# per méthode and level, in these tables; ``region_split`` reads it there instead of computing it again.
FROZEN = {"parts": "frozen_split_parts", "territories": "frozen_split_territories", "notices": "frozen_split_notices"}


# Pure computation ----------------------------------------------------------------------------


def key_shares(values: pd.DataFrame, population: pd.Series) -> tuple[pd.DataFrame, dict[str, str]]:
    """Each commune's share of each key (columns add up to 1), and the keys that had to fall back.

    ``values``: communes × keys (missing values count as zero); ``population``: per commune, same
    index. A key whose regional total is not positive falls back to population, then to equal parts.
    """
    values = values.reindex(population.index).fillna(0.0)
    shares, fallbacks = {}, {}
    for key in values.columns:
        column = values[key].astype(float)
        if column.sum() > 0:
            shares[key] = column / column.sum()
        elif population.fillna(0).sum() > 0:
            shares[key] = population.fillna(0).astype(float) / population.fillna(0).sum()
            fallbacks[key] = FALLBACK_KEY
        else:
            shares[key] = pd.Series(1.0 / len(population), index=population.index)
            fallbacks[key] = EQUAL_PARTS
    return pd.DataFrame(shares, index=population.index, columns=values.columns), fallbacks


def membership_weights(communes: pd.Index, membership: pd.DataFrame) -> pd.DataFrame:
    """(commune, code, weight): a commune's weight is split equally among its territories of the level;
    communes in none go to ``OUTSIDE_CODE``. Every commune's weights add up to 1."""
    found = membership[membership["commune"].isin(communes)][["commune", "code"]].drop_duplicates()
    outside = communes.difference(found["commune"])
    found = pd.concat([found, pd.DataFrame({"commune": outside, "code": OUTSIDE_CODE})], ignore_index=True)
    found["weight"] = 1.0 / found.groupby("commune")["code"].transform("count")
    return found


def territory_shares(shares: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    """Territories × keys: the share of each key held by each territory's communes."""
    weighted = shares.reindex(weights["commune"]).mul(weights["weight"].to_numpy(), axis=0)
    weighted.index = weights["code"].to_numpy()
    return weighted.groupby(level=0).sum()


def split_levers(objectives: pd.DataFrame, shares: pd.DataFrame) -> pd.DataFrame:
    """(territory_code, lever_id, obj_co2_kt, key_id): each objective times its key's territory shares.

    ``objectives``: lever_id, obj_co2_kt, key_id (the key actually used).
    """
    if objectives.empty or shares.empty:
        return pd.DataFrame(columns=["territory_code", "lever_id", "obj_co2_kt", "key_id"])
    matrix = shares[objectives["key_id"]].to_numpy() * objectives["obj_co2_kt"].to_numpy()
    return pd.DataFrame({
        "territory_code": np.repeat(shares.index.to_numpy(), len(objectives)),
        "lever_id": np.tile(objectives["lever_id"].to_numpy(), len(shares)),
        "obj_co2_kt": matrix.ravel(),
        "key_id": np.tile(objectives["key_id"].to_numpy(), len(shares)),
    })


def allocate(objectives: pd.DataFrame, values: pd.DataFrame, population: pd.Series,
             membership: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """The whole split for one level: objectives (lever_id, obj_co2_kt, key_id), commune key values
    (communes × keys), commune population, membership (commune, code). Returns the parts
    (territory_code, lever_id, obj_co2_kt, key_id = the key requested, used_key_id = the key used)
    and the keys that fell back."""
    keys = list(dict.fromkeys(objectives["key_id"]))
    shares, fallbacks = key_shares(values.reindex(columns=keys), population)
    by_territory = territory_shares(shares, membership_weights(population.index, membership))
    parts = split_levers(objectives[["lever_id", "obj_co2_kt", "key_id"]], by_territory)
    parts["used_key_id"] = parts["key_id"].map(lambda k: fallbacks.get(k, k))
    return parts, fallbacks


# Reading the database ------------------------------------------------------------------------


def regions_with_communes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Codes of the regions whose communes are loaded (the split needs them)."""
    return [code for (code,) in con.execute(
        "SELECT DISTINCT parent_code FROM territory_links WHERE parent_level = 'region' AND child_level = 'commune'"
        " ORDER BY 1").fetchall()]


def region_communes(con: duckdb.DuckDBPyConnection, region: str) -> pd.DataFrame:
    """code, name, population, area_km2 of the communes linked to the region."""
    return con.execute(
        """
        SELECT c.code, c.name, coalesce(c.population, 0) AS population, coalesce(c.area_km2, 0) AS area_km2
        FROM territory_links l JOIN territories c ON c.level = 'commune' AND c.code = l.child_code
        WHERE l.parent_level = 'region' AND l.parent_code = ? AND l.child_level = 'commune'
        ORDER BY c.code
        """,
        [region],
    ).df()


def memberships(con: duckdb.DuckDBPyConnection, region: str, level: str) -> pd.DataFrame:
    """(commune, code) of the region's communes in the territories of ``level``."""
    return con.execute(
        """
        SELECT k.child_code AS commune, k.parent_code AS code
        FROM territory_links k
        JOIN territory_links r ON r.child_level = 'commune' AND r.child_code = k.child_code
             AND r.parent_level = 'region' AND r.parent_code = ?
        WHERE k.parent_level = ? AND k.child_level = 'commune'
        """,
        [region, level],
    ).df()


def region_objectives(con: duckdb.DuckDBPyConnection, region: str) -> pd.DataFrame:
    return con.execute(
        """
        SELECT o.lever_id, o.lever_label AS lever, l.sector, o.obj_co2_kt, o.ratio_co2_to_phys,
               l.unit_phys, l.no_translation, o.status, o.source, o.vintage
        FROM lever_objectives o JOIN levers l USING (lever_id)
        WHERE o.territory_level = 'region' AND o.territory_code = ?
        ORDER BY l.sector, o.obj_co2_kt DESC
        """,
        [region],
    ).df()


def available_keys(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """key_id, label, unit, source, vintage, level of every key: built-in first, then loaded ones."""
    builtin = pd.DataFrame([{"key_id": k, "label": label, "unit": unit, "source": source, "vintage": None,
                             "level": "commune"} for k, (label, unit, source) in BUILTIN_KEYS.items()])
    loaded = con.execute(
        """
        SELECT k.key_id, k.label, k.unit, k.source, k.vintage, min(v.territory_level) AS level
        FROM allocation_keys k LEFT JOIN allocation_key_values v USING (key_id)
        GROUP BY ALL ORDER BY k.label
        """
    ).df()
    return pd.concat([builtin, loaded], ignore_index=True)


def commune_key_values(con: duckdb.DuckDBPyConnection, communes: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Communes × keys. Loaded EPCI values reach their communes in proportion to population."""
    frame = pd.DataFrame(index=communes["code"])
    for key in keys:
        if key in BUILTIN_COLUMNS:
            frame[key] = communes.set_index("code")[BUILTIN_COLUMNS[key]].astype(float)
    loaded = [k for k in keys if k not in BUILTIN_COLUMNS]
    if loaded:
        con.register("split_communes", communes[["code"]])
        rows = con.execute(
            f"""
            WITH epci_communes AS (
                SELECT l.parent_code AS epci, c.code AS commune, coalesce(c.population, 0) AS population,
                       sum(coalesce(c.population, 0)) OVER (PARTITION BY l.parent_code) AS loaded_population,
                       count(*) OVER (PARTITION BY l.parent_code) AS loaded_communes
                FROM territory_links l JOIN territories c ON c.level = 'commune' AND c.code = l.child_code
                WHERE l.parent_level = 'epci' AND l.child_level = 'commune'
            )
            SELECT key_id, territory_code AS commune, value FROM allocation_key_values
            WHERE territory_level = 'commune' AND key_id IN ({', '.join('?' * len(loaded))})
            UNION ALL
            SELECT v.key_id, e.commune, v.value * CASE
                WHEN v.whole_population > 0 THEN e.population / v.whole_population
                WHEN e.loaded_population > 0 THEN e.population / e.loaded_population
                ELSE 1.0 / e.loaded_communes END
            FROM allocation_key_values v JOIN epci_communes e ON e.epci = v.territory_code
            WHERE v.territory_level = 'epci' AND v.key_id IN ({', '.join('?' * len(loaded))})
            """,
            loaded + loaded,
        ).df()
        con.unregister("split_communes")
        values = rows[rows["commune"].isin(frame.index)].pivot_table(
            index="commune", columns="key_id", values="value", aggfunc="sum")
        for key in loaded:
            frame[key] = values[key] if key in values.columns else np.nan
    return frame


def lever_keys(con: duckdb.DuckDBPyConnection, method_id: int, lever_ids: list[str]) -> pd.Series:
    """The key of each lever under the method (its default key for levers it does not name)."""
    method = con.execute("SELECT default_key_id FROM split_methods WHERE method_id = ?", [method_id]).fetchone()
    default = method[0] if method else FALLBACK_KEY
    named = dict(con.execute("SELECT lever_id, key_id FROM split_method_keys WHERE method_id = ?",
                             [method_id]).fetchall())
    return pd.Series([named.get(lever, default) for lever in lever_ids], index=lever_ids, dtype=object)


def split_objectives(con: duckdb.DuckDBPyConnection, method_id: int, level: str,
                     region: str | None = None) -> pd.DataFrame:
    """Every regional lever objective split to the territories of ``level`` under a method.

    Columns: region, territory_level, territory_code, lever_id, obj_co2_kt (exact, ktCO2e),
    key_id (the key that produced the number). ``region`` None: every region with objectives and
    communes; a region without communes has no split (empty). The « hors CRTE/EPCI » remainder has
    territory_code ``hors``.
    """
    regions = [code for (code,) in con.execute(
        "SELECT DISTINCT territory_code FROM lever_objectives WHERE territory_level = 'region'"
        " AND territory_code IN (SELECT parent_code FROM territory_links"
        " WHERE parent_level = 'region' AND child_level = 'commune')"
        " AND (? IS NULL OR territory_code = ?) ORDER BY 1", [region, region]).fetchall()]
    frames = [region_parts(con, code, method_id, level).assign(region=code) for code in regions]
    columns = ["region", "territory_level", "territory_code", "lever_id", "obj_co2_kt", "key_id"]
    if not frames:
        return pd.DataFrame(columns=columns)
    parts = pd.concat(frames, ignore_index=True)
    parts["territory_level"] = level
    return parts.drop(columns="key_id").rename(columns={"used_key_id": "key_id"})[columns]


# One region's split, with what the page must say about it ---------------------------------------


@dataclass
class RegionSplit:
    """Parts (territory_code, lever_id, obj_co2_kt, key_id requested, used_key_id), the territories
    (code, name, population and communes inside the region) and the notices to show."""

    parts: pd.DataFrame
    territories: pd.DataFrame
    notices: list[str] = field(default_factory=list)


def region_split(con: duckdb.DuckDBPyConnection, region: str, method_id: int, level: str) -> RegionSplit:
    if _frozen(con, level):
        return frozen_split(con, method_id, level)
    communes, objectives, values, membership = _inputs(con, region, method_id, level)
    keys = available_keys(con)
    unknown = sorted(set(objectives["key_id"]) - set(keys["key_id"]))
    parts, fallbacks = allocate(objectives, values, communes.set_index("code")["population"], membership)
    weights = membership_weights(pd.Index(communes["code"]), membership)
    territories = _territories(con, level, communes, weights)
    labels = dict(zip(keys["key_id"], keys["label"]))
    notices = _key_notices(objectives, values, fallbacks, unknown, labels, len(communes))
    notices += unplaced_notices(unplaced(con, region, level), level)
    notices += boundary_notices(con, region, level, territories)
    shared = weights.loc[weights["weight"] < 1, "commune"].nunique()
    if shared:
        notices.append(f"{formats.counted(shared, 'commune')} {formats.noun(shared, 'appartient', 'appartiennent')} à "
                       f"plusieurs {LEVELS[level].plural} : leur part est divisée à parts égales entre eux.")
    return RegionSplit(parts, territories, notices)


def region_parts(con: duckdb.DuckDBPyConnection, region: str, method_id: int, level: str) -> pd.DataFrame:
    """``region_split(...).parts`` alone, the same numbers: what a map or a territory's objectives show, without the
    territories and notices of the Déclinaison page (a third of its cost)."""
    if _frozen(con, level):
        return _frozen_table(con, "parts", "territory_code, lever_id, obj_co2_kt, key_id, used_key_id", method_id,
                             level)
    communes, objectives, values, membership = _inputs(con, region, method_id, level)
    return allocate(objectives, values, communes.set_index("code")["population"], membership)[0]


def _inputs(con: duckdb.DuckDBPyConnection, region: str, method_id: int,
            level: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """What a region's split is computed from: its communes, its objectives with the method's key of each lever,
    the communes' values of those keys and their membership of the territories of ``level``."""
    communes = region_communes(con, region)
    objectives = region_objectives(con, region)
    objectives["key_id"] = lever_keys(con, method_id, list(objectives["lever_id"])).to_numpy()
    values = commune_key_values(con, communes, list(dict.fromkeys(objectives["key_id"])))
    return communes, objectives, values, memberships(con, region, level)


def _frozen(con: duckdb.DuckDBPyConnection, level: str) -> bool:
    """Whether ``con`` is a frozen version's database (``level`` checked first: an unknown one is an error)."""
    if level not in SPLIT_LEVELS:
        raise ValueError(f"niveau inconnu : « {level} ».")
    return con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [FROZEN["parts"]]).fetchone()[0] > 0


def frozen_split(con: duckdb.DuckDBPyConnection, method_id: int, level: str) -> RegionSplit:
    """The split a frozen version kept for this méthode and level."""
    parts = _frozen_table(con, "parts", "territory_code, lever_id, obj_co2_kt, key_id, used_key_id", method_id, level)
    territories = _frozen_table(con, "territories", "code, name, population, communes", method_id, level)
    notices = _frozen_table(con, "notices", "notice", method_id, level)["notice"].tolist()
    return RegionSplit(parts, territories, notices)


def _frozen_table(con: duckdb.DuckDBPyConnection, name: str, columns: str, method_id: int, level: str) -> pd.DataFrame:
    return con.execute(f"SELECT {columns} FROM {FROZEN[name]} WHERE method_id = ? AND level = ? ORDER BY position",
                       [method_id, level]).df()


def _territories(con, level: str, communes: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    weights = weights.copy()
    population = communes.set_index("code")["population"].reindex(weights["commune"]).to_numpy()
    weights["population"] = population * weights["weight"]
    summary = weights.groupby("code").agg(population=("population", "sum"), communes=("commune", "count"))
    names = dict(con.execute("SELECT code, name FROM territories WHERE level = ?", [level]).fetchall())
    names[OUTSIDE_CODE] = outside_name(level)
    summary["name"] = [names.get(code, code) for code in summary.index]
    return summary.reset_index()[["code", "name", "population", "communes"]]


def _key_notices(objectives, values, fallbacks, unknown, labels, commune_count) -> list[str]:
    notices = []
    for key in unknown:
        notices.append(f"La clé « {key} » de cette méthode n'existe pas dans la base : ses leviers sont "
                       "répartis à la population.")
    for key, used in fallbacks.items():
        if key in unknown:
            continue
        levers = objectives.loc[objectives["key_id"] == key, "lever"]
        instead = "à la population" if used == FALLBACK_KEY else "en parts égales entre communes"
        notices.append(f"La clé « {labels.get(key, key)} » est nulle sur toute la région : "
                       f"{formats.counted(len(levers), 'levier')} ({', '.join(levers)}) "
                       f"{formats.noun(len(levers), 'est réparti', 'sont répartis')} {instead}.")
    for key in values.columns:
        missing = int(values[key].isna().sum())
        if key not in BUILTIN_COLUMNS and key not in fallbacks and missing:
            notices.append(f"{formats.counted(missing, 'commune')} sur {formats.count(commune_count)} sans valeur "
                           f"pour la clé « {labels.get(key, key)} » : "
                           f"{formats.noun(missing, 'elle compte', 'elles comptent')} pour zéro.")
    return notices


def per_inhabitant(obj_kt: float, population: float) -> float | None:
    """tCO₂e per inhabitant from ktCO₂e."""
    return obj_kt * 1000 / population if population else None
