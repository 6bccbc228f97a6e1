"""The fictional « Région de démonstration »: territories, levers, objectives and observations.

Everything is generated from fixed seeds, so the dashboard can be shown and tested without
any real file, and two runs give the same rows (the loader then reports them unchanged).
Communes are Voronoi cells clipped to an invented outline and snapped to a 1e-5° grid
before any union, so the départements, EPCI and CRTE dissolved from them share their
borders exactly.
"""

from __future__ import annotations

import heapq
import unicodedata

import numpy as np
import pandas as pd
import shapely
from babel.numbers import format_decimal
from pyproj import Geod
from shapely import affinity
from shapely.geometry import MultiPoint, Point, Polygon

SEED = 20240101
SOURCE = "Données fictives générées (démonstration)"
VINTAGE = "2024"
UNIT_CO2 = "ktCO₂e d'émissions évitées (en 2030 par rapport à 2019)"
REGION_CODE = "00"
REGION_NAME = "Région de démonstration"
OBSERVED_YEARS = [2019, 2021, 2022, 2023]

CENTRE = (1.0, 47.0)  # lon, lat
HALF_WIDTH, HALF_HEIGHT = 1.95, 1.12  # degrees: about 300 km × 250 km at this latitude
X_SCALE = float(np.cos(np.radians(CENTRE[1])))  # a degree of longitude is shorter than one of latitude
PRECISION = 1e-5
COMMUNES = 600
CLUSTERED = 80  # of the communes, packed around the cities as their suburbs
EPCI_PER_DEPARTEMENT = 15
MIN_COMMUNES_PER_EPCI = 3
EPCI_PER_CRTE = 3

DEPARTEMENTS = ["Val-de-Brume", "Hautes-Bruyères", "Monts-d'Ardoise", "Rives-de-l'Aurelle"]
# The first four are the préfectures, one near the middle of each département.
CITY_POPULATIONS = [186_000, 94_000, 71_000, 57_000, 33_000, 24_000]
SMALL_TOWNS = 25

STARTS = ["Bel", "Mont", "Ver", "Char", "Lan", "Bour", "Vil", "Font", "Mar", "Clair", "Cour", "Gran",
          "Lour", "Mir", "Bras", "Cham", "Pey", "Ger", "Nan", "Ros", "Tor", "Val", "Sal", "Bor", "Mer",
          "Ber", "Cas", "Lor", "Sar", "Mal"]
ENDS = ["ville", "court", "mont", "lac", "igny", "ac", "ay", "ières", "eux", "ange", "oux", "bourg",
        "fort", "champ", "ais", "erre", "ignac", "ans", "agne", "elle", "ouze", "ard", "eil", "euil"]
SAINTS = ["Saint-Aubin", "Saint-Martin", "Saint-Hilaire", "Saint-Georges", "Saint-Julien", "Saint-Denis",
          "Saint-Germain", "Saint-Rémy", "Saint-Léger", "Saint-Cyr", "Saint-Florent", "Saint-Laurent",
          "Sainte-Colombe", "Sainte-Marie", "Sainte-Hélène"]
PLACES = ["La Chapelle", "Le Plessis", "Les Essarts", "La Ferté", "Le Mesnil", "La Roche", "Les Granges",
          "Le Vernet", "La Bâtie", "Les Ormes"]
SUFFIXES = ["-sur-Brume", "-sur-Aurelle", "-sur-Lirette", "-sur-Vessonne", "-le-Château", "-les-Bois",
            "-la-Forêt", "-en-Val", "-le-Vieux", "-le-Haut"]

# id, name, sector, thematic group, physical unit (None: no translation), relative,
# objective (ktCO₂e), physical units per ktCO₂e, 2019 level, share of the linear path
# reached in 2023 (observations; negative: going the wrong way), description.
LEVERS = [
    ("augm_voitelec", "Électrification des voitures particulières", "Transport de voyageurs", "Mieux se déplacer",
     "milliers de voitures électriques dans le parc régional (en 2030)", True, 900, 0.3, 5.0, 1.3,
     "Remplacer les voitures thermiques par des voitures électriques, au rythme du renouvellement du parc."),
    ("reduc_vkm", "Baisse du trafic automobile", "Transport de voyageurs", "Mieux se déplacer",
     "% de baisse des voyageurs-km en voiture (en 2030 par rapport à 2019)", False, 550, 0.012, None, None,
     "Réduire les distances parcourues en voiture : télétravail, proximité des services, aménagement."),
    ("augm_velo", "Développement du vélo", "Transport de voyageurs", "Mieux se déplacer",
     "km d'aménagements cyclables sécurisés (en 2030)", True, 140, 14, 1300, 0.8,
     "Reporter les trajets courts de la voiture vers le vélo grâce à des itinéraires continus et sûrs."),
    ("augm_tc", "Report vers les transports en commun", "Transport de voyageurs", "Mieux se déplacer",
     "millions de voyages en transports en commun par an (en 2030)", True, 260, 0.4, 190, -0.5,
     "Renforcer l'offre de trains régionaux, de cars et de bus pour attirer les automobilistes."),
    ("reduc_avion", "Sobriété dans le transport aérien", "Transport de voyageurs", "Mieux se déplacer",
     None, False, 60, 0, None, None,
     "Limiter les vols intérieurs lorsqu'une alternative ferroviaire existe."),
    ("augm_pl_elec", "Poids lourds électriques et au bioGNV", "Transport de marchandises", "Mieux se déplacer",
     "milliers de poids lourds à faibles émissions (en 2030)", True, 420, 0.03, 0.3, 0.4,
     "Convertir les flottes de poids lourds à l'électricité et au bioGNV."),
    ("augm_fret_ferro", "Report modal vers le rail et le fluvial", "Transport de marchandises", "Mieux se déplacer",
     "% de part modale du ferroviaire et du fluvial dans le fret (en 2030)", True, 180, 0.04, 8.5, 0.15,
     "Transférer une partie du transport routier de marchandises vers le rail et la voie d'eau."),
    ("augm_vulelec", "Électrification des véhicules utilitaires légers", "Transport de marchandises",
     "Mieux se déplacer", "milliers de véhicules utilitaires légers électriques (en 2030)", True, 230, 0.3, 3.0,
     0.9,
     "Électrifier les camionnettes des artisans, des livreurs et des collectivités."),
    ("logistique_urbaine", "Optimisation de la logistique urbaine", "Transport de marchandises", "Mieux se déplacer",
     None, False, 90, 0, None, None,
     "Mutualiser les livraisons et mieux remplir les véhicules en ville."),
    ("reduc_rfioul", "Sortie du fioul dans les logements", "Résidentiel", "Mieux se loger",
     "milliers de logements chauffés au fioul (en 2030)", True, 620, -0.28, 210, 1.2,
     "Remplacer les chaudières au fioul par des pompes à chaleur, des chaudières biomasse ou un réseau "
     "de chaleur."),
    ("reduc_rgaz", "Sortie des chaudières au gaz dans les logements", "Résidentiel", "Mieux se loger",
     "milliers de logements chauffés au gaz (en 2030)", True, 540, -0.22, 430, 0.5,
     "Remplacer progressivement les chaudières au gaz par des équipements décarbonés."),
    ("reno_logements", "Rénovation d'ampleur des logements", "Résidentiel", "Mieux se loger",
     "milliers de rénovations d'ampleur de logements (cumul 2020-2030)", False, 480, 0.3, None, None,
     "Isoler les logements les plus énergivores en traitant toute l'enveloppe à la fois."),
    ("sobriete_res", "Sobriété énergétique dans les logements", "Résidentiel", "Mieux se loger",
     None, False, 300, 0, None, None,
     "Chauffer à 19 °C, réguler et piloter les équipements."),
    ("reduc_tfioul", "Sortie du fioul dans les bâtiments tertiaires", "Tertiaire", "Mieux se loger",
     "millions de m² tertiaires chauffés au fioul (en 2030)", True, 210, -0.012, 3.9, 0.9,
     "Remplacer les chaudières au fioul des bureaux, commerces, écoles et hôpitaux."),
    ("reno_tertiaire", "Rénovation énergétique des bâtiments tertiaires", "Tertiaire", "Mieux se loger",
     "millions de m² tertiaires rénovés (cumul 2020-2030)", False, 260, 0.045, None, None,
     "Rénover le parc tertiaire public et privé, conformément au décret tertiaire."),
    ("sobriete_tert", "Sobriété dans les bâtiments tertiaires", "Tertiaire", "Mieux se loger",
     None, False, 170, 0, None, None,
     "Baisser les consignes de chauffage, éteindre les bâtiments inoccupés."),
    ("reduc_enfouissement", "Réduction de l'enfouissement des déchets", "Déchet", "Mieux produire",
     "milliers de tonnes de déchets enfouies par an (en 2030)", True, 190, -2.2, 880, 0.7,
     "Prévenir, trier et valoriser les déchets pour moins en enfouir."),
    ("augm_biodechets", "Collecte et valorisation des biodéchets", "Déchet", "Mieux produire",
     "milliers de tonnes de biodéchets collectées séparément par an (en 2030)", True, 70, 2.6, 35, 1.1,
     "Collecter séparément les biodéchets pour les composter ou les méthaniser."),
    ("augm_haies", "Plantation de haies", "Agriculture, Forêts et Sols", "Mieux préserver",
     "milliers de km de haies (en 2030)", True, 120, 0.04, 58, 0.35,
     "Replanter des haies qui stockent du carbone et protègent sols et biodiversité."),
    ("reduc_engrais", "Réduction des engrais azotés minéraux", "Agriculture, Forêts et Sols", "Mieux se nourrir",
     "milliers de tonnes d'azote minéral épandues par an (en 2030)", True, 600, -0.11, 240, 0.6,
     "Ajuster la fertilisation et développer les légumineuses pour réduire le protoxyde d'azote."),
    ("augm_bio", "Développement de l'agriculture biologique", "Agriculture, Forêts et Sols", "Mieux se nourrir",
     "% de la surface agricole en agriculture biologique (en 2030)", True, 150, 0.06, 6.5, 0.5,
     "Accompagner les conversions et structurer les débouchés locaux."),
    ("reduc_gnr", "Décarbonation des engins agricoles", "Agriculture, Forêts et Sols", "Mieux se nourrir",
     "milliers de m³ de gazole non routier consommés par an (en 2030)", True, 240, -0.3, 270, 0.2,
     "Réduire la consommation de carburant des tracteurs et passer aux biocarburants."),
    ("augm_boisement", "Boisement et gestion forestière durable", "Agriculture, Forêts et Sols", "Mieux préserver",
     "milliers d'hectares boisés ou reboisés (cumul 2020-2030)", False, 320, 0.09, None, None,
     "Boiser des terres délaissées et adapter les forêts pour préserver le puits de carbone."),
    ("reduc_artif", "Sobriété foncière", "Agriculture, Forêts et Sols", "Mieux préserver",
     "hectares d'espaces naturels, agricoles et forestiers artificialisés par an (en 2030)", True, 80, -11, 1750,
     0.7, "Diviser par deux le rythme d'artificialisation, sur la trajectoire du zéro artificialisation nette."),
    ("stockage_sols", "Stockage de carbone dans les sols agricoles", "Agriculture, Forêts et Sols",
     "Mieux préserver", None, False, 280, 0, None, None,
     "Couvrir les sols en hiver, développer l'agroforesterie et maintenir les prairies."),
    ("decarb_industrie", "Efficacité et électrification de l'industrie", "Industrie", "Mieux produire",
     None, False, 1600, 0, None, None,
     "Améliorer l'efficacité des procédés et électrifier les usages des sites industriels."),
    ("augm_chaleur_indus", "Chaleur renouvelable et de récupération dans l'industrie", "Industrie",
     "Mieux produire", "GWh de chaleur renouvelable et de récupération par an (en 2030)", True, 380, 2.8, 850, 0.9,
     "Remplacer le gaz des chaudières industrielles par de la biomasse et de la chaleur fatale."),
    ("augm_pv", "Développement du solaire photovoltaïque", "Énergie", "Mieux produire",
     "MW de puissance photovoltaïque installée (en 2030)", True, 160, 19, 650, 1.5,
     "Équiper toitures, parkings et friches de panneaux photovoltaïques."),
    ("augm_eolien", "Développement de l'éolien terrestre", "Énergie", "Mieux produire",
     "MW de puissance éolienne installée (en 2030)", True, 130, 14, 1050, 0.7,
     "Installer de nouveaux parcs et renouveler les plus anciens avec des machines plus puissantes."),
    ("augm_biomethane", "Production de biométhane", "Énergie", "Mieux produire",
     "GWh de biométhane injecté dans les réseaux par an (en 2030)", True, 360, 5.5, 140, 1.6,
     "Méthaniser effluents d'élevage et résidus de cultures, et injecter le gaz produit."),
    ("augm_rcu", "Développement des réseaux de chaleur renouvelable", "Énergie", "Mieux produire",
     "GWh livrés par les réseaux de chaleur par an (en 2030)", True, 210, 3.6, 780, 1.0,
     "Étendre et verdir les réseaux de chaleur des villes moyennes et des agglomérations."),
]
LEVER_COLUMNS = ["lever_id", "name", "sector", "thematic_group", "unit_phys", "relative", "obj_co2_kt",
                 "ratio_co2_to_phys", "start_point_2019", "progress_2023", "description"]
DISABLED = {
    "reduc_avion": "Levier relevant de la réglementation nationale et européenne : "
                   "l'objectif n'est pas modifiable à l'échelle régionale.",
    "decarb_industrie": "Objectif porté par les feuilles de route de décarbonation des grands sites industriels, "
                        "fixé au niveau national.",
    "augm_eolien": "Objectif issu de la programmation pluriannuelle de l'énergie, non modifiable dans cet outil.",
}

GEOD = Geod(ellps="WGS84")


def demo_frames() -> dict[str, pd.DataFrame]:
    """Rows for ``territories``, ``territory_links``, ``levers``, ``lever_objectives``, ``observations``."""
    territories, links = _territories(np.random.default_rng([SEED, 1]))
    levers = pd.DataFrame(LEVERS, columns=LEVER_COLUMNS)
    return {
        "territories": territories,
        "territory_links": links,
        "levers": _levers(levers),
        "lever_objectives": _objectives(levers),
        "observations": _observations(levers, np.random.default_rng([SEED, 2])),
    }


# Geography ---------------------------------------------------------------------------------


def _territories(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    outline = _outline(rng)
    cities = _city_centres(rng, outline)
    points = _seed_points(rng, outline, cities)
    cells = _cells(points, outline)
    neighbours = _adjacency(cells)
    prefectures = list(range(len(DEPARTEMENTS)))  # the first seed points are the cities
    departement = _grow(points, neighbours, prefectures, range(len(points)))
    population = _populations(rng, len(points), len(cities))
    epci = _epcis(rng, points, neighbours, departement, len(cities), population)
    epci_departement = np.array([departement[epci == e][0] for e in range(epci.max() + 1)])
    crtes = _crtes(_group_neighbours(neighbours, epci), epci_departement)
    crte_codes = _crte_codes(crtes, epci_departement)
    communes = pd.DataFrame({
        "cell": cells, "departement": departement, "epci": epci, "population": population,
        "name": _commune_names(rng, len(points)),
    })
    communes["crte"] = communes["epci"].map({e: c for c, group in enumerate(crtes) for e in group})
    communes["code"] = _commune_codes(communes)
    return _territory_frame(communes, crte_codes), _links(communes, crte_codes)


def _outline(rng: np.random.Generator) -> Polygon:
    """An irregular, nearly convex outline: an ellipse whose radius wobbles with a few harmonics."""
    angles = np.linspace(0, 2 * np.pi, 72, endpoint=False)
    wobble = 1 + sum(amplitude * np.sin(k * angles + rng.uniform(0, 2 * np.pi))
                     for k, amplitude in [(2, 0.07), (3, 0.05), (5, 0.03)])
    wobble += rng.normal(0, 0.012, len(angles))
    lon = CENTRE[0] + HALF_WIDTH * wobble * np.cos(angles)
    lat = CENTRE[1] + HALF_HEIGHT * wobble * np.sin(angles)
    return shapely.set_precision(Polygon(np.column_stack([lon, lat])), PRECISION)


def _city_centres(rng: np.random.Generator, outline: Polygon) -> np.ndarray:
    """One préfecture in each quarter of the region, then the other cities anywhere inside."""
    quarters = np.pi / 4 + np.pi / 2 * np.arange(len(DEPARTEMENTS)) + rng.uniform(-0.3, 0.3, len(DEPARTEMENTS))
    reach = rng.uniform(0.4, 0.55, len(DEPARTEMENTS))
    prefectures = np.column_stack([CENTRE[0] + HALF_WIDTH * reach * np.cos(quarters),
                                   CENTRE[1] + HALF_HEIGHT * reach * np.sin(quarters)])
    others = _inside(rng, outline, len(CITY_POPULATIONS) - len(DEPARTEMENTS), shrink=0.7)
    return np.vstack([prefectures, others])


def _inside(rng: np.random.Generator, outline: Polygon, count: int, shrink: float = 1.0) -> np.ndarray:
    """``count`` uniform points inside ``outline`` (scaled by ``shrink`` around the centre)."""
    area = affinity.scale(outline, shrink, shrink, origin=CENTRE) if shrink != 1.0 else outline
    xmin, ymin, xmax, ymax = area.bounds
    found: list[tuple[float, float]] = []
    while len(found) < count:
        x, y = rng.uniform(xmin, xmax), rng.uniform(ymin, ymax)
        if area.contains(Point(x, y)):
            found.append((x, y))
    return np.array(found)


def _seed_points(rng: np.random.Generator, outline: Polygon, cities: np.ndarray) -> np.ndarray:
    """The communes' seeds: most spread uniformly, some packed around the cities as suburbs."""
    suburbs: list[np.ndarray] = []
    while len(suburbs) < CLUSTERED:
        city = cities[len(suburbs) % len(cities)]
        point = city + rng.normal(0, 0.06, 2) * [1 / X_SCALE, 1]
        if outline.contains(Point(point)):
            suburbs.append(point)
    return np.vstack([cities, suburbs, _inside(rng, outline, COMMUNES - len(cities) - CLUSTERED)])


def _cells(points: np.ndarray, outline: Polygon) -> np.ndarray:
    """Voronoi cells of ``points`` (same order) clipped to ``outline`` and snapped to the grid."""
    diagram = shapely.voronoi_polygons(MultiPoint(points), extend_to=outline.buffer(1), ordered=True)
    cells = shapely.intersection(np.array(diagram.geoms), outline)
    return shapely.set_precision(cells, PRECISION)


def _adjacency(cells: np.ndarray) -> list[set[int]]:
    """For each cell, the cells it shares a stretch of border with (a corner is not enough)."""
    first, second = shapely.STRtree(cells).query(cells, predicate="intersects")
    keep = (first != second) & shapely.relate_pattern(cells[first], cells[second], "****1****")
    neighbours: list[set[int]] = [set() for _ in cells]
    for a, b in zip(first[keep], second[keep]):
        neighbours[a].add(int(b))
    return neighbours


def _grow(points: np.ndarray, neighbours: list[set[int]], seeds: list[int], allowed) -> np.ndarray:
    """For each allowed commune, the index in ``seeds`` of the seed nearest along neighbouring communes.

    A commune takes the label of the neighbour it was reached from, so every group is
    contiguous, which assigning communes to the nearest seed as the crow flies does not ensure.
    Communes outside ``allowed`` get -1.
    """
    xy = points * [X_SCALE, 1.0]
    allowed = set(allowed)
    label = np.full(len(points), -1)
    queue = [(0.0, seed, k) for k, seed in enumerate(seeds)]
    while queue:
        distance, commune, k = heapq.heappop(queue)
        if label[commune] >= 0:
            continue
        label[commune] = k
        for n in sorted(neighbours[commune]):
            if label[n] < 0 and n in allowed:
                heapq.heappush(queue, (distance + float(np.hypot(*(xy[n] - xy[commune]))), n, k))
    return label


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


def _commune_names(rng: np.random.Generator, count: int) -> list[str]:
    """Unique French-sounding names built from syllables, a few with a saint, an article or a river."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        draw = rng.uniform()
        if draw < 0.12:
            name = SAINTS[rng.integers(len(SAINTS))]
        elif draw < 0.2:
            name = PLACES[rng.integers(len(PLACES))]
        else:
            name = STARTS[rng.integers(len(STARTS))] + ENDS[rng.integers(len(ENDS))]
        if draw < 0.2 or rng.uniform() < 0.15:
            name += SUFFIXES[rng.integers(len(SUFFIXES))]
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


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
            label = _grow(points, neighbours, seeds, members)[members]
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


def _sort_key(name: str) -> str:
    """Alphabetical order ignoring accents and case, independent of the system locale."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def _commune_codes(communes: pd.DataFrame) -> pd.Series:
    """``D1001``…: the département's number, then the commune's rank by name within it."""
    codes = pd.Series("", index=communes.index)
    for d, group in communes.groupby("departement"):
        ranked = sorted(group.index, key=lambda i: _sort_key(communes.at[i, "name"]))
        for rank, i in enumerate(ranked, start=1):
            codes[i] = f"D{d + 1}{rank:03d}"
    return codes


def _of(name: str) -> str:
    """``de Montclair``, ``d'Orville``, ``du Mesnil``, ``de la Roche``, ``des Essarts``."""
    for article, contracted in [("Le ", "du "), ("Les ", "des "), ("La ", "de la ")]:
        if name.startswith(article):
            return contracted + name[len(article):]
    return ("d'" if _sort_key(name[0]) in "aeiouy" else "de ") + name


def _epci_name(members: pd.DataFrame, largest_town: str) -> str:
    main = members.loc[members["population"].idxmax(), "name"]
    if main == largest_town:
        return f"{main} Métropole"
    if members["population"].sum() >= 50_000 and members["population"].max() >= 15_000:
        return f"Communauté d'agglomération {_of(main)}"
    return f"Communauté de communes du Pays {_of(main)}"


def _territory_frame(communes: pd.DataFrame, crte_codes: list[str]) -> pd.DataFrame:
    largest_town = communes.loc[communes["population"].idxmax(), "name"]
    rows = [_row("region", REGION_CODE, REGION_NAME, communes)]
    for d, name in enumerate(DEPARTEMENTS):
        rows.append(_row("departement", _departement_code(d), name, communes[communes["departement"] == d]))
    for c, code in enumerate(crte_codes):
        members = communes[communes["crte"] == c]
        main = members.loc[members["population"].idxmax(), "name"]
        rows.append(_row("crte", code, f"CRTE du Pays {_of(main)}", members))
    for e in range(communes["epci"].max() + 1):
        members = communes[communes["epci"] == e]
        rows.append(_row("epci", _epci_code(e), _epci_name(members, largest_town), members))
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


# Levers, objectives, observations ------------------------------------------------------------


def _levers(levers: pd.DataFrame) -> pd.DataFrame:
    frame = levers[["lever_id", "name", "sector", "thematic_group", "unit_phys", "relative"]].copy()
    frame["unit_co2"] = UNIT_CO2
    frame["no_translation"] = levers["unit_phys"].isna()
    return frame


def _objectives(levers: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "territory_level": "region",
        "territory_code": REGION_CODE,
        "lever_id": levers["lever_id"],
        "lever_label": levers["name"],
        "obj_co2_kt": levers["obj_co2_kt"].astype(float),
        "ratio_co2_to_phys": levers["ratio_co2_to_phys"].astype(float),
        "start_point_2019": levers["start_point_2019"].astype(float),
        "enabled": True,
        "hidden": False,
        "limited": False,
        "edition_disabled": levers["lever_id"].isin(list(DISABLED)),
        "show_target": True,
        "explanation": [_explanation(lever) for lever in levers.itertuples()],
        "disabled_reason": levers["lever_id"].map(DISABLED),
        "territory_comment": None,
        "status": "illustratif",
        "source": SOURCE,
        "vintage": VINTAGE,
    })


def _fr(value: float) -> str:
    return format_decimal(float(f"{value:.3g}"), format="#,##0.###", locale="fr_FR")


def _explanation(lever) -> str:
    objective = f"**{_fr(lever.obj_co2_kt)} ktCO₂e**"
    if pd.isna(lever.unit_phys):
        magnitude = (f"Ce levier n'a pas de traduction physique simple : l'objectif s'exprime en émissions "
                     f"évitées, soit {objective} en 2030.")
    elif lever.relative:
        target = lever.start_point_2019 + lever.obj_co2_kt * lever.ratio_co2_to_phys
        magnitude = (f"Éviter {objective} en 2030 revient à passer de **{_fr(lever.start_point_2019)}** en 2019 "
                     f"à **{_fr(target)}** en 2030, en {lever.unit_phys}.")
    else:
        magnitude = (f"Éviter {objective} en 2030 correspond à **{_fr(lever.obj_co2_kt * lever.ratio_co2_to_phys)}**"
                     f" {lever.unit_phys}.")
    return f"#### Levier\n\n{lever.description}\n\n#### Ordre de grandeur\n\n{magnitude}"


def _observations(levers: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Values from 2019 to 2023 along ``progress_2023`` times the linear path to the 2030 target."""
    rows = []
    for lever in levers[levers["relative"] & levers["unit_phys"].notna()].itertuples():
        change_2030 = lever.obj_co2_kt * lever.ratio_co2_to_phys
        for year in OBSERVED_YEARS:
            share = lever.progress_2023 * (year - 2019) / (2030 - 2019)
            if year != OBSERVED_YEARS[0]:
                share *= 1 + rng.normal(0, 0.05)
            rows.append({
                "territory_level": "region", "territory_code": REGION_CODE, "subject_kind": "levier",
                "subject_id": lever.lever_id, "year": year,
                "value": float(f"{lever.start_point_2019 + share * change_2030:.4g}"),
                "unit": lever.unit_phys, "source": SOURCE,
            })
    return pd.DataFrame(rows)
