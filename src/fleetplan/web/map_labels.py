"""Where the Lokationer map puts each location's name so that nearby names do not
overlap (issue 16: the town hall's and the depot's labels covered each other).

Leaflet draws a permanent tooltip beside its point; we choose its side and a
pixel offset on the server. Positions are Web Mercator pixels at the map's first
zoom, the label's size is estimated from its length, and each label takes the
first candidate place that overlaps neither an earlier label nor a marker pin.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

TILE_PX = 256
# Measured in Chromium on the demo's labels (Leaflet's 12 px tooltip font): about
# 5.2 px per character + 25 px and 32 px high; estimated a little larger here.
CHAR_PX = 6.0
LABEL_PAD_PX = 26  # tooltip padding and border, both sides
LABEL_H_PX = 32
GAP_PX = 14  # the offset from the point, so the label clears its own pin
ARROW_PX = 6  # Leaflet's CSS moves a side tooltip this much further out
PIN_W_PX, PIN_H_PX = 25, 41  # Leaflet's default marker, anchored at its tip
STEP_PX = LABEL_H_PX + 2  # a label moved up or down moves by one label height


@dataclass(frozen=True, slots=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )


@dataclass(frozen=True, slots=True)
class LabelPlace:
    """A tooltip's Leaflet ``direction`` and ``offset`` (pixels) and its box."""

    direction: str  # "right" or "left"
    offset: tuple[int, int]
    box: Box


def to_pixels(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Web Mercator pixel position (x right, y down) at ``zoom``, as Leaflet's."""
    scale = TILE_PX * 2**zoom
    x = (lon + 180.0) / 360.0 * scale
    sin = math.sin(math.radians(max(min(lat, 85.0511), -85.0511)))
    y = (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * scale
    return x, y


def label_width(text: str) -> float:
    return len(text) * CHAR_PX + LABEL_PAD_PX


def _box(x: float, y: float, width: float, direction: str, dy: int) -> Box:
    top = y + dy - LABEL_H_PX / 2
    near = GAP_PX + ARROW_PX
    if direction == "right":
        return Box(x + near, top, x + near + width, top + LABEL_H_PX)
    return Box(x - near - width, top, x - near, top + LABEL_H_PX)


def _candidates() -> list[tuple[str, int]]:
    """Beside the point first, then ever further up or down on either side."""
    out = [("right", 0), ("left", 0)]
    for step in range(1, 8):
        for dy in (-step * STEP_PX, step * STEP_PX):
            out += [("right", dy), ("left", dy)]
    return out


def place_labels(
    points: list[tuple[float, float]], texts: list[str]
) -> list[LabelPlace]:
    """One place per point (pixels) for its label, in the given order; when no
    candidate is free the least crowded one is taken."""
    pins = [Box(x - PIN_W_PX / 2, y - PIN_H_PX, x + PIN_W_PX / 2, y) for x, y in points]
    placed: list[LabelPlace] = []
    for index, ((x, y), text) in enumerate(zip(points, texts, strict=True)):
        width = label_width(text)
        others = [p for i, p in enumerate(pins) if i != index]
        best: tuple[int, LabelPlace] | None = None
        for direction, dy in _candidates():
            box = _box(x, y, width, direction, dy)
            hits = sum(box.overlaps(p.box) for p in placed)
            hits += sum(box.overlaps(pin) for pin in others)
            offset = (GAP_PX if direction == "right" else -GAP_PX, dy)
            if best is None or hits < best[0]:
                best = (hits, LabelPlace(direction, offset, box))
            if hits == 0:
                break
        assert best is not None
        placed.append(best[1])
    return placed
