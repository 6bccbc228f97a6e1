"""The demonstration territories: communes with their population, grouped into EPCI, CRTE and
départements, as rows of ``territories`` and ``territory_links``."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

from data.demo.geometry import (
    PRECISION,
    adjacency,
    city_centres,
    grow,
    region_outline,
    seed_points,
    voronoi_cells,
)
from data.demo.names import commune_names, epci_name, of_name, sort_key
from data.demo.region import (
    CITY_POPULATIONS,
    CLUSTERED,
    DEPARTEMENTS,
    EPCI_PER_CRTE,
    EPCI_PER_DEPARTEMENT,
    MIN_COMMUNES_PER_EPCI,
    REGION_CODE,
    REGION_NAME,
    SMALL_TOWNS,
    SOURCE,
)

GEOD = Geod(ellps="WGS84")


def territories(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    outline = region_outline(rng)
    cities = city_centres(rng, outline)
    points = seed_points(rng, outline, cities)
    cells = voronoi_cells(points, outline)
    neighbours = adjacency(cells)
    prefectures = list(range(len(DEPARTEMENTS)))  # the first seed points are the cities
    departement = grow(points, neighbours, prefectures, range(len(points)))
    population = _populations(rng, len(points), len(cities))
    epci = _epcis(rng, points, neighbours, departement, len(cities), population)
    epci_departement = np.array([departement[epci == e][0] for e in range(epci.max() + 1)])
    crtes = _crtes(_group_neighbours(neighbours, epci), epci_departement)
    crte_codes = _crte_codes(crtes, epci_departement)
    communes = pd.DataFrame({
        "cell": cells, "departement": departement, "epci": epci, "population": population,
        "name": commune_names(rng, len(points)),
    })
    communes["crte"] = communes["epci"].map({e: c for c, group in enumerate(crtes) for e in group})
    communes["code"] = _commune_codes(communes)
    return _territory_frame(communes, crte_codes), _links(communes, crte_codes)



def _populations(rng: np.random.Generator, count: int, cities: int) -> np.ndarray:
    """Mostly villages of a few hundred people, suburbs of a few thousand, some small towns and the cities.

    Follows the order of ``_seed_points``: cities, then suburbs, then the countryside.
    """
    population = np.clip(rng.lognormal(np.log(650), 0.85, count), 120, 4500)
    population[cities: cities + CLUSTERED] = rng.uniform(3000, 18000, CLUSTERED)
    towns = rng.choice(np.arange(cities + CLUSTERED, count), SMALL_TOWNS, replace=False)
    population[towns] = rng.uniform(4000, 15000, SMALL_TOWNS)
    population[:cities] = CITY_POPULATIONS
    return np.round(population).astype(np.int64)



def _epcis(rng: np.random.Generator, points: np.ndarray, neighbours: list[set[int]], departement: np.ndarray,
           cities: int, population: np.ndarray) -> np.ndarray:
    """EPCI number of each commune, numbered by département then from the most populous main commune.

    Within a département, EPCI grow from a few seeds (its cities, then communes drawn at
    random); a seed gathering fewer than three communes is replaced by the next drawn commune.
    """
    epci = np.empty(len(points), dtype=np.int64)
    first = 0
    for d in range(len(DEPARTEMENTS)):
        members = np.flatnonzero(departement == d)
        own_cities = [c for c in range(cities) if departement[c] == d]
        drawn = iter(int(c) for c in rng.permutation(np.setdiff1d(members, own_cities)))
        seeds = own_cities + [next(drawn) for _ in range(EPCI_PER_DEPARTEMENT - len(own_cities))]
        while True:
            label = grow(points, neighbours, seeds, members)[members]
            sizes = np.bincount(label, minlength=len(seeds))
            if sizes.min() >= MIN_COMMUNES_PER_EPCI:
                break
            seeds[int(np.argmin(sizes))] = next(drawn)
        main = [-population[members[label == k]].max() for k in range(len(seeds))]
        epci[members] = first + np.argsort(np.argsort(main, kind="stable"))[label]
        first += len(seeds)
    return epci


def _group_neighbours(neighbours: list[set[int]], group: np.ndarray) -> list[set[int]]:
    """Neighbouring groups of each group, from the neighbouring communes."""
    found: list[set[int]] = [set() for _ in range(group.max() + 1)]
    for commune, others in enumerate(neighbours):
        found[group[commune]].update(int(group[o]) for o in others if group[o] != group[commune])
    return found


def _crtes(neighbours: list[set[int]], epci_departement: np.ndarray) -> list[list[int]]:
    """Groups of two to four neighbouring EPCI, each within one département but the first.

    The first straddles the first two neighbouring départements, so that the dashboard meets
    a CRTE belonging to two départements.
    """
    straddling = min((epci_departement[a], epci_departement[b], a, b)
                     for a in range(len(neighbours)) for b in neighbours[a]
                     if epci_departement[a] < epci_departement[b])[2:]
    groups = [list(straddling)]
    for d in range(len(DEPARTEMENTS)):
        members = {e for e in np.flatnonzero(epci_departement == d) if e not in straddling}
        groups += _grow_groups(members, neighbours)
    for alone in [g for g in groups if len(g) == 1]:
        groups.remove(alone)
        hosts = [g for g in groups if neighbours[alone[0]] & set(g)
                 and epci_departement[alone[0]] in set(epci_departement[g])]
        min(hosts, key=lambda g: (len(g), min(g))).append(alone[0])
    return [sorted(int(e) for e in group) for group in groups]


def _grow_groups(members: set[int], neighbours: list[set[int]]) -> list[list[int]]:
    """Connected groups of up to ``EPCI_PER_CRTE`` members, starting from the outskirts."""
    free = set(members)
    groups: list[list[int]] = []

    def free_neighbours(e: int) -> int:
        return len(neighbours[e] & free)

    while free:
        group = [min(free, key=lambda e: (free_neighbours(e), e))]
        free.discard(group[0])
        while len(group) < EPCI_PER_CRTE:
            candidates = {n for e in group for n in neighbours[e] & free}
            if not candidates:
                break
            chosen = min(candidates, key=lambda e: (free_neighbours(e), e))
            group.append(chosen)
            free.discard(chosen)
        groups.append(group)
    return groups



def _commune_codes(communes: pd.DataFrame) -> pd.Series:
    """``D1001``…: the département's number, then the commune's rank by name within it."""
    codes = pd.Series("", index=communes.index)
    for d, group in communes.groupby("departement"):
        ranked = sorted(group.index, key=lambda i: sort_key(communes.at[i, "name"]))
        for rank, i in enumerate(ranked, start=1):
            codes[i] = f"D{d + 1}{rank:03d}"
    return codes



def _territory_frame(communes: pd.DataFrame, crte_codes: list[str]) -> pd.DataFrame:
    largest_town = communes.loc[communes["population"].idxmax(), "name"]
    rows = [_row("region", REGION_CODE, REGION_NAME, communes)]
    for d, name in enumerate(DEPARTEMENTS):
        rows.append(_row("departement", _departement_code(d), name, communes[communes["departement"] == d]))
    for c, code in enumerate(crte_codes):
        members = communes[communes["crte"] == c]
        main = members.loc[members["population"].idxmax(), "name"]
        rows.append(_row("crte", code, f"CRTE du Pays {of_name(main)}", members))
    for e in range(communes["epci"].max() + 1):
        members = communes[communes["epci"] == e]
        rows.append(_row("epci", _epci_code(e), epci_name(members, largest_town), members))
    for i in communes.sort_values("code").index:
        rows.append(_row("commune", communes.at[i, "code"], communes.at[i, "name"], communes.loc[[i]]))
    return pd.DataFrame(rows)


def _row(level: str, code: str, name: str, communes: pd.DataFrame) -> dict:
    geom = shapely.union_all(communes["cell"].to_numpy(), grid_size=PRECISION)
    wkb = shapely.to_wkb(geom)
    return {
        "level": level, "code": code, "name": name, "population": int(communes["population"].sum()),
        "area_km2": round(abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6, 3),
        "geom": wkb, "geom_simplified": wkb, "fictional": True, "source": SOURCE,
    }


def _departement_code(d: int) -> str:
    return f"D{d + 1:02d}"


def _epci_code(e: int) -> str:
    return f"999{e + 1:06d}"


def _crte_codes(crtes: list[list[int]], epci_departement: np.ndarray) -> list[str]:
    """``crte-00-D01-1``…, numbered within the département of their first EPCI."""
    numbers: dict[int, int] = {}
    codes = []
    for group in crtes:
        d = int(epci_departement[group[0]])
        numbers[d] = numbers.get(d, 0) + 1
        codes.append(f"crte-{REGION_CODE}-{_departement_code(d)}-{numbers[d]}")
    return codes


def _links(communes: pd.DataFrame, crte_codes: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame({
        "commune": communes["code"],
        "departement": communes["departement"].map(_departement_code),
        "epci": communes["epci"].map(_epci_code),
        "crte": communes["crte"].map(lambda c: crte_codes[c]),
        "region": REGION_CODE,
    })
    pairs = [("region", "departement"), ("region", "crte"), ("region", "epci"), ("region", "commune"),
             ("departement", "crte"), ("departement", "epci"), ("departement", "commune"),
             ("crte", "epci"), ("crte", "commune"), ("epci", "commune")]
    parts = [
        frame[[parent, child]].drop_duplicates()
        .set_axis(["parent_code", "child_code"], axis=1)
        .assign(parent_level=parent, child_level=child)
        for parent, child in pairs
    ]
    links = pd.concat(parts, ignore_index=True)
    return (links[["parent_level", "parent_code", "child_level", "child_code"]]
            .sort_values(["parent_level", "parent_code", "child_level", "child_code"], ignore_index=True))
