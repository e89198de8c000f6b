"""The Lokationer map's names do not overlap (issue 16): each label is placed
beside its pin, clear of the other labels and pins, at the map's first zoom."""

from __future__ import annotations

import pytest

from fleetplan.demo.places import DEMO_LOCATIONS, synthetic_locations
from fleetplan.web.map_labels import (
    ARROW_PX,
    LABEL_H_PX,
    PIN_H_PX,
    PIN_W_PX,
    Box,
    label_width,
    place_labels,
    to_pixels,
)
from fleetplan.web.pages.locations import MAP_ZOOM


def _pins(points: list[tuple[float, float]]) -> list[Box]:
    return [Box(x - PIN_W_PX / 2, y - PIN_H_PX, x + PIN_W_PX / 2, y) for x, y in points]


def _collisions(points: list[tuple[float, float]], boxes: list[Box]) -> list[str]:
    pins = _pins(points)
    found = []
    for i, box in enumerate(boxes):
        found += [f"label {i} on label {j}" for j in range(i) if box.overlaps(boxes[j])]
        found += [
            f"label {i} on pin {j}"
            for j, pin in enumerate(pins)
            if j != i and box.overlaps(pin)
        ]
    return found


def _right_of_pin(points: list[tuple[float, float]], names: list[str]) -> list[Box]:
    """The old placement: every label straight to the right of its point."""
    return [
        Box(x, y - LABEL_H_PX / 2, x + label_width(n), y + LABEL_H_PX / 2)
        for (x, y), n in zip(points, names, strict=True)
    ]


@pytest.mark.parametrize("count", [0, 3, 12])
def test_demo_and_synthetic_labels_do_not_overlap(count: int) -> None:
    locations = DEMO_LOCATIONS if count == 0 else synthetic_locations(count)
    names = [loc.name or loc.location_id for loc in locations]
    points = [to_pixels(loc.lat or 0, loc.lon or 0, MAP_ZOOM) for loc in locations]
    places = place_labels(points, names)
    assert _collisions(points, [p.box for p in places]) == []
    for (x, y), place in zip(points, places, strict=True):
        near = place.box.left - x if place.direction == "right" else x - place.box.right
        assert 0 < near <= 20 + ARROW_PX and abs(
            place.box.top + LABEL_H_PX / 2 - y
        ) <= 7 * (LABEL_H_PX + 2)


def test_the_old_placement_overlapped_in_the_demo() -> None:
    """Ballerup Rådhus and Hjemmeplejen Telegrafvej are 54 px apart at zoom 12."""
    names = [loc.name or "" for loc in DEMO_LOCATIONS]
    points = [to_pixels(loc.lat or 0, loc.lon or 0, MAP_ZOOM) for loc in DEMO_LOCATIONS]
    assert _collisions(points, _right_of_pin(points, names)) != []


def test_the_offset_is_what_leaflet_draws() -> None:
    """Leaflet puts a "right" tooltip's left edge at point + offset.x (and its
    CSS arrow's 6 px) and a "left" one's right edge there, both centred on
    point + offset.y."""
    points = [(1000.0, 1000.0), (1010.0, 1000.0)]
    places = place_labels(points, ["Rådhus", "Depot"])
    for (x, y), place in zip(points, places, strict=True):
        if place.direction == "right":
            assert place.box.left == x + place.offset[0] + ARROW_PX
        else:
            assert place.box.right == x + place.offset[0] - ARROW_PX
        assert place.box.top + LABEL_H_PX / 2 == y + place.offset[1]


def test_web_mercator_pixels_match_leaflet() -> None:
    """At zoom 0 the world is 256 px wide; (0, 0) is its centre."""
    assert to_pixels(0.0, 0.0, 0) == pytest.approx((128.0, 128.0))
    assert to_pixels(0.0, 180.0, 1) == pytest.approx((512.0, 256.0))
