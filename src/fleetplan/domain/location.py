"""Home locations, their extra parking points, and the organisation tree."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ParkingPoint:
    """An extra place at a location where its vehicles park (counts as home)."""

    lat: float
    lon: float
    name: str | None = None

    def __post_init__(self) -> None:
        _check_lat_lon(self.lat, self.lon)


@dataclass(frozen=True, slots=True)
class Location:
    """A home base: address and WGS84 position (may be unknown) plus parking points."""

    location_id: str
    name: str | None = None
    address: str | None = None
    lat: float | None = None
    lon: float | None = None
    parking_points: tuple[ParkingPoint, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not self.location_id:
            raise ValueError("location_id must not be empty.")
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon must both be given or both be empty.")
        if self.lat is not None and self.lon is not None:
            _check_lat_lon(self.lat, self.lon)


@dataclass(frozen=True, slots=True)
class Department:
    """An afdeling inside a forvaltning (administration)."""

    name: str
    administration: str


def _check_lat_lon(lat: float, lon: float) -> None:
    if not -90.0 <= lat <= 90.0:
        raise ValueError(f"lat must be in [-90, 90], got {lat}.")
    if not -180.0 <= lon <= 180.0:
        raise ValueError(f"lon must be in [-180, 180], got {lon}.")
