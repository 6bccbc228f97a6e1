"""Outlines simplified together for the maps (dashboard/figures/screen_outlines.py): lighter, every territory
kept, no gap nor overlap between neighbours."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
import shapely
from shapely.geometry import box

from dashboard.figures.screen_outlines import MAP_WIDTH, as_coverage, screen_outlines, screen_tolerance, without_specks
from dashboard.store import queries
from data.db import connect


def wavy_strips(count: int = 6, width: float = 2.0, height: float = 6.0, step: float = 0.001) -> np.ndarray:
    """``count`` strips side by side, split by wavy borders of a vertex every ``step`` degrees: a valid
    coverage, far finer than a screen shows (the same border coordinates on both sides)."""
    ys = np.arange(0.0, height + step / 2, step)
    borders = [np.column_stack([i * width + 0.05 * np.sin(ys * 7 + i), ys]) for i in range(count + 1)]
    borders[0][:, 0], borders[-1][:, 0] = 0.0, count * width
    return np.array([shapely.Polygon(np.vstack([left, right[::-1]])) for left, right in pairwise(borders)],
                    dtype=object)


def mean_shift_in_pixels(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """How far each outline's border moved on average, in pixels of the map: the area between the two
    outlines over the border's length. (Not the largest shift: a sub-pixel-wide estuary kilometres long
    may go, as the screen could not show it.)"""
    return shapely.area(shapely.symmetric_difference(before, after)) / (shapely.length(before)
                                                                        * screen_tolerance(before))


def test_the_tolerance_is_a_pixel_of_the_widest_map():
    shapes = np.array([box(0.0, 0.0, 12.0, 0.1)])
    assert screen_tolerance(shapes) == pytest.approx(12.0 / MAP_WIDTH)


def test_outlines_far_finer_than_the_screen_lose_most_vertices_and_keep_their_shape():
    strips = wavy_strips()
    drawn = screen_outlines(strips)
    assert shapely.get_num_coordinates(drawn).sum() < shapely.get_num_coordinates(strips).sum() / 10
    assert not shapely.is_empty(drawn).any() and shapely.is_valid(drawn).all()
    assert (mean_shift_in_pixels(strips, drawn) < 0.5).all()


def test_neighbours_still_share_their_borders():
    drawn = screen_outlines(wavy_strips())
    assert shapely.coverage_is_valid(drawn)
    for left, right in pairwise(drawn):
        assert shapely.intersection(left, right).area == 0
        assert shapely.intersection(left, right).length > 5.9  # the whole wavy border, not a few points


def test_a_sliver_between_two_territories_goes_to_one_of_them():
    west, east = box(0, 0, 1, 1), shapely.Polygon([(0.99, 0), (2, 0), (2, 1), (0.99, 1), (1.0, 0.5)])
    shapes = np.array([west, east], dtype=object)
    assert not shapely.coverage_is_valid(shapes)
    repaired = as_coverage(shapes)
    assert shapely.coverage_is_valid(repaired)
    assert shapely.union_all(repaired).area == pytest.approx(shapely.union_all(shapes).area)
    assert repaired[0].equals(west)


def test_islets_smaller_than_a_pixel_go_but_never_a_whole_territory():
    coast = shapely.MultiPolygon([box(0, 0, 1, 1), box(2, 0, 2.01, 0.01), box(3, 0, 3.5, 0.5)])
    islet = box(5, 5, 5.01, 5.01)  # a territory of one islet: it stays, however small
    kept = without_specks(np.array([coast, islet], dtype=object), 0.01)
    assert kept[0].equals(shapely.MultiPolygon([box(0, 0, 1, 1), box(3, 0, 3.5, 0.5)]))
    assert kept[1].equals(islet)


def test_a_valid_coverage_is_not_rebuilt():
    strips = wavy_strips(3)
    assert all(a is b for a, b in zip(as_coverage(strips), strips))


@pytest.mark.parametrize("level", ["departement", "crte", "epci"])
def test_bretagne_territories_are_all_drawn_without_gap_nor_overlap(real_db, level):
    """The real CRTE and EPCI, unions of communes, overlap along a few hundred metres: rebuilt, then
    simplified, they are a valid coverage, every one of them drawn and in its place."""
    with connect(real_db, read_only=True) as con:
        parts = queries.region_parts(con, "53", level)
    shapes = shapely.from_wkb([bytes(wkb) for wkb in parts["geom_simplified"]])
    drawn = screen_outlines(shapes)
    assert len(drawn) == len(shapes) and not shapely.is_empty(drawn).any() and shapely.is_valid(drawn).all()
    assert shapely.coverage_is_valid(drawn)
    assert (shapely.area(shapely.get_parts(drawn)) >= screen_tolerance(shapes) ** 2).all(), "no speck left"
    assert shapely.get_num_coordinates(drawn).sum() < shapely.get_num_coordinates(shapes).sum()
    assert (mean_shift_in_pixels(shapes, drawn) < 0.5).all()


@pytest.mark.parametrize("level", ["departement", "crte", "epci"])
def test_each_territory_marker_lies_well_inside_it(real_db, level):
    """The hover and click marker of a territory is a few pixels from any border, so that pointing near it
    never shows a neighbour (a point on the surface was 0.2 pixel from a border for one EPCI)."""
    from dashboard.figures.maps import inside_points

    with connect(real_db, read_only=True) as con:
        parts = queries.region_parts(con, "53", level)
    drawn = screen_outlines(shapely.from_wkb([bytes(wkb) for wkb in parts["geom_simplified"]]))
    markers = shapely.points(inside_points(drawn))
    assert shapely.contains(drawn, markers).all()
    assert (shapely.distance(markers, shapely.boundary(drawn)) >= 3 * screen_tolerance(drawn)).all()
