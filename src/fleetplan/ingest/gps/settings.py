"""Thresholds of GPS ingestion: cleaning, trip splitting and roundtrip building."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True, slots=True)
class GpsSettings:
    """All distances in metres, times in seconds or hours, speeds in km/h.

    - ``max_speed_kmh``: a jump between two points implying more is a bad point.
    - ``stop_min_s``: standing still (or no reports) at least this long is a stop
      and splits trips; shorter halts (traffic lights) stay inside the trip.
    - ``window_s``: half-width of the time window that decides whether a point is
      moving (displacement over the window at ``moving_kmh`` or more). The window
      smooths GPS drift at rest.
    - ``stop_radius_m``: a report gap ending within this distance of where it began
      is a stop; a trip whose points all stay within it is drift, not driving.
    - ``gap_moving_kmh``: a report gap longer than ``stop_min_s`` that covers
      distance at least this fast is driving without signal (a tunnel).
    - ``home_radius_m``: a trip starting or ending this close to a location point
      or one of its parking points starts or ends at home.
    - ``max_roundtrip_h``: an open roundtrip older than this is cut (abandoned).
    - ``relocate_stay_h``: a stay this long at another registered location moves
      the vehicle's home there.
    - ``location_radius_m``: the home radius saved per location id (the
      location's own setting); locations not in it use ``home_radius_m``.
      ``home_radius_override`` (a one-run CLI flag) makes ``home_radius_m`` count
      everywhere and the saved radii unused.
    - ``min_roundtrip_min`` and ``min_roundtrip_km``: a roundtrip shorter in time
      or distance is a move inside the yard, not counted (its km are reported).
    - ``max_gap_h``: a stop longer than this inside a roundtrip (hours without a
      trip, typically no reports between work days) splits the roundtrip there
      (``gap_action="split"``) or only flags it in the summary (``"flag"``).
    """

    max_speed_kmh: float = 200.0
    stop_min_s: float = 180.0
    window_s: float = 60.0
    moving_kmh: float = 3.0
    stop_radius_m: float = 100.0
    gap_moving_kmh: float = 10.0
    home_radius_m: float = 150.0
    max_roundtrip_h: float = 72.0
    relocate_stay_h: float = 8.0
    location_radius_m: Mapping[str, float] = field(default_factory=dict)
    min_roundtrip_min: float = 5.0
    min_roundtrip_km: float = 1.0
    max_gap_h: float = 6.0
    gap_action: Literal["split", "flag"] = "split"
    home_radius_override: bool = False

    def radius_m(self, location_id: str | None) -> float:
        """The home radius of ``location_id`` (its own, else the default)."""
        if location_id is None or self.home_radius_override:
            return self.home_radius_m
        return float(self.location_radius_m.get(location_id, self.home_radius_m))

    def __post_init__(self) -> None:
        for name in (
            "max_speed_kmh",
            "stop_min_s",
            "window_s",
            "moving_kmh",
            "stop_radius_m",
            "gap_moving_kmh",
            "home_radius_m",
            "max_roundtrip_h",
            "relocate_stay_h",
            "max_gap_h",
        ):
            value = getattr(self, name)
            if not value > 0:
                raise ValueError(f"GpsSettings.{name} must be > 0, got {value}.")
        for name in ("min_roundtrip_min", "min_roundtrip_km"):
            if getattr(self, name) < 0:
                raise ValueError(f"GpsSettings.{name} must be >= 0.")
        if self.gap_action not in ("split", "flag"):
            raise ValueError(
                f"gap_action must be split or flag, got {self.gap_action}."
            )
        for loc, radius in self.location_radius_m.items():
            if not radius > 0:
                raise ValueError(f"home radius of {loc} must be > 0, got {radius}.")
