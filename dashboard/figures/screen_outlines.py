"""A region's outlines of one level, simplified together to what its map can show.

The stored outlines (``geom_simplified``) keep every bend a commune's border has at a national scale: a
5 000-commune region's CRTE carry 30 000 vertices, and plotly.js spends its time on them when the level
changes. Simplified together as a coverage (``shapely.coverage_simplify``), neighbours keep one shared
border — no gap nor overlap appears between them — with about a pixel of tolerance at the map's size, without
the islets smaller than a pixel.

The stored outlines are unions of communes, and are not quite a coverage: a union leaves a sliver where
two territories overlap along a few hundred metres. ``as_coverage`` first rebuilds them from the faces of
their noded borders, each face given to one territory only.
"""

from __future__ import annotations

import math

import numpy as np
import shapely

# The widest the page draws a map (px: the content's width, the choropleth's height) and the tolerance,
# in pixels of it, that the simplification keeps.
MAP_WIDTH = 1200
MAP_HEIGHT = 620
TOLERANCE_PIXELS = 1.0


def screen_tolerance(shapes: np.ndarray) -> float:
    """Degrees of longitude a pixel stands for on a map framing ``shapes`` (latitudes scaled by 1/cos, as
    ``maps`` draws them), times ``TOLERANCE_PIXELS``."""
    west, south, east, north = shapely.total_bounds(shapes)
    stretch = 1 / math.cos(math.radians((south + north) / 2))
    return TOLERANCE_PIXELS * max((east - west) / MAP_WIDTH, (north - south) * stretch / MAP_HEIGHT)


def as_coverage(shapes: np.ndarray) -> np.ndarray:
    """``shapes`` (polygons, none empty) made a valid coverage. Those whose borders do not match a neighbour's
    are rebuilt from the faces their borders cut, each face given to the first of them that contains it;
    the others are kept as they are."""
    shapes = np.asarray(shapes, dtype=object)
    mismatched = np.flatnonzero(~shapely.is_empty(shapely.coverage_invalid_edges(shapes)))
    if not len(mismatched):
        return shapes
    involved = shapes[mismatched]
    borders = shapely.union_all(shapely.boundary(involved))
    faces = np.asarray(shapely.get_parts(shapely.polygonize(shapely.get_parts(borders))))
    face_index, shape_index = shapely.STRtree(involved).query(shapely.point_on_surface(faces), predicate="within")
    owner = np.full(len(faces), len(involved))
    np.minimum.at(owner, face_index, shape_index)  # a face inside several shapes goes to the first
    repaired = shapes.copy()
    for index, position in enumerate(mismatched):
        rebuilt = shapely.coverage_union_all(faces[owner == index])
        repaired[position] = shapes[position] if rebuilt.is_empty else rebuilt
    return repaired


def screen_outlines(shapes: np.ndarray) -> np.ndarray:
    """``shapes`` simplified together at ``screen_tolerance``: each keeps its place, neighbours their shared
    borders; a shape the simplification would lose is kept as it was. Islets smaller than a pixel go
    (``without_specks``)."""
    if len(shapes) == 0:
        return shapes
    tolerance = screen_tolerance(shapes)
    simplified = shapely.coverage_simplify(as_coverage(shapes), tolerance)
    return without_specks(np.where(shapely.is_empty(simplified), shapes, simplified), tolerance ** 2)


def without_specks(shapes: np.ndarray, smallest: float) -> np.ndarray:
    """Each shape without its polygons of less than ``smallest`` area (but its largest): plotly.js draws and
    styles every ring on its own, and a region's coast has hundreds of islets the screen cannot show."""
    parts, owner = shapely.get_parts(shapes, return_index=True)
    areas = shapely.area(parts)
    largest = np.zeros(len(shapes))
    np.maximum.at(largest, owner, areas)
    kept = (areas >= smallest) | (areas == largest[owner])
    return np.array([shapely.multipolygons(parts[kept & (owner == index)]) if (owner == index).sum() > 1
                     else shape for index, shape in enumerate(shapes)], dtype=object)
