"""The demonstration region's map: an outline, the communes' seed points and Voronoi cells, their
neighbours, and contiguous groups grown along neighbouring communes."""

from __future__ import annotations

import heapq

import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import MultiPoint, Point, Polygon

from data.demo.region import CITY_POPULATIONS, CLUSTERED, COMMUNES, DEPARTEMENTS

CENTRE = (1.0, 47.0)  # lon, lat
HALF_WIDTH, HALF_HEIGHT = 1.95, 1.12  # degrees: about 300 km × 250 km at this latitude
X_SCALE = float(np.cos(np.radians(CENTRE[1])))  # a degree of longitude is shorter than one of latitude
PRECISION = 1e-5


def region_outline(rng: np.random.Generator) -> Polygon:
    """An irregular, nearly convex outline: an ellipse whose radius wobbles with a few harmonics."""
    angles = np.linspace(0, 2 * np.pi, 72, endpoint=False)
    wobble = 1 + sum(amplitude * np.sin(k * angles + rng.uniform(0, 2 * np.pi))
                     for k, amplitude in [(2, 0.07), (3, 0.05), (5, 0.03)])
    wobble += rng.normal(0, 0.012, len(angles))
    lon = CENTRE[0] + HALF_WIDTH * wobble * np.cos(angles)
    lat = CENTRE[1] + HALF_HEIGHT * wobble * np.sin(angles)
    return shapely.set_precision(Polygon(np.column_stack([lon, lat])), PRECISION)


def city_centres(rng: np.random.Generator, outline: Polygon) -> np.ndarray:
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


def seed_points(rng: np.random.Generator, outline: Polygon, cities: np.ndarray) -> np.ndarray:
    """The communes' seeds: most spread uniformly, some packed around the cities as suburbs."""
    suburbs: list[np.ndarray] = []
    while len(suburbs) < CLUSTERED:
        city = cities[len(suburbs) % len(cities)]
        point = city + rng.normal(0, 0.06, 2) * [1 / X_SCALE, 1]
        if outline.contains(Point(point)):
            suburbs.append(point)
    return np.vstack([cities, suburbs, _inside(rng, outline, COMMUNES - len(cities) - CLUSTERED)])


def voronoi_cells(points: np.ndarray, outline: Polygon) -> np.ndarray:
    """Voronoi cells of ``points`` (same order) clipped to ``outline`` and snapped to the grid."""
    diagram = shapely.voronoi_polygons(MultiPoint(points), extend_to=outline.buffer(1), ordered=True)
    cells = shapely.intersection(np.array(diagram.geoms), outline)
    return shapely.set_precision(cells, PRECISION)


def adjacency(cells: np.ndarray) -> list[set[int]]:
    """For each cell, the cells it shares a stretch of border with (a corner is not enough)."""
    first, second = shapely.STRtree(cells).query(cells, predicate="intersects")
    keep = (first != second) & shapely.relate_pattern(cells[first], cells[second], "****1****")
    neighbours: list[set[int]] = [set() for _ in cells]
    for a, b in zip(first[keep], second[keep]):
        neighbours[a].add(int(b))
    return neighbours


def grow(points: np.ndarray, neighbours: list[set[int]], seeds: list[int], allowed) -> np.ndarray:
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
