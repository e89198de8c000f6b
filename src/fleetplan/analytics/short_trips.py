"""Short trips and bike potential.

A roundtrip is *short* when it is under ``max_km`` (default 6 km, the strategy's
figure). It is *bike potential* when it is short, lasts at most ``max_duration_h``
and lies inside one of the bike time windows (``BikeRules.slots``) on one day. The
energy cost and CO2e that would move to a bike are the car's per-km rates minus the
bike's, times the km of the bike-potential trips.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import time
from typing import Any

from fleetplan.analytics.rates import ZERO_RATES, KmRates
from fleetplan.domain import BikeRules, Roundtrip

ALL_LOCATIONS = "*"


@dataclass(frozen=True, slots=True)
class ShortTripRow:
    location_id: str
    trips: int
    distance_km: float
    short_trips: int
    short_km: float
    bike_trips: int
    bike_km: float
    energy_cost_moved_dkk: float
    co2e_wtw_moved_kg: float

    @property
    def share_of_trips(self) -> float:
        return self.short_trips / self.trips if self.trips else 0.0

    @property
    def share_of_km(self) -> float:
        return self.short_km / self.distance_km if self.distance_km else 0.0

    @property
    def bike_share_of_trips(self) -> float:
        return self.bike_trips / self.trips if self.trips else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "location_id": self.location_id,
            "trips": self.trips,
            "distance_km": round(self.distance_km, 3),
            "short_trips": self.short_trips,
            "short_km": round(self.short_km, 3),
            "share_of_trips": round(self.share_of_trips, 4),
            "share_of_km": round(self.share_of_km, 4),
            "bike_trips": self.bike_trips,
            "bike_km": round(self.bike_km, 3),
            "bike_share_of_trips": round(self.bike_share_of_trips, 4),
            "energy_cost_moved_dkk": round(self.energy_cost_moved_dkk, 2),
            "co2e_wtw_moved_kg": round(self.co2e_wtw_moved_kg, 3),
        }


@dataclass(frozen=True, slots=True)
class ShortTripReport:
    max_km: float
    max_duration_h: float
    locations: tuple[ShortTripRow, ...]
    overall: ShortTripRow
    bike_roundtrip_ids: tuple[str, ...]
    bike_vehicle_id: str | None = None  # the bike whose rates were subtracted
    yearly_factor: float = 1.0  # 365 / days of the period

    @property
    def share_of_trips(self) -> float:
        return self.overall.share_of_trips

    @property
    def share_of_km(self) -> float:
        return self.overall.share_of_km

    def to_dict(self) -> dict[str, Any]:
        return {
            "max_km": self.max_km,
            "max_duration_h": self.max_duration_h,
            "share_of_trips": round(self.share_of_trips, 4),
            "share_of_km": round(self.share_of_km, 4),
            "bike_vehicle_id": self.bike_vehicle_id,
            "energy_cost_moved_dkk_per_year": round(
                self.overall.energy_cost_moved_dkk * self.yearly_factor, 2
            ),
            "co2e_wtw_moved_kg_per_year": round(
                self.overall.co2e_wtw_moved_kg * self.yearly_factor, 3
            ),
            "overall": self.overall.to_dict(),
            "locations": [row.to_dict() for row in self.locations],
        }

    def to_rows(self) -> dict[str, list[dict[str, Any]]]:
        return {"short_trips": [r.to_dict() for r in (*self.locations, self.overall)]}


def in_slots(trip: Roundtrip, slots: Sequence[tuple[time, time]]) -> bool:
    """The trip starts and ends on one day inside one time window."""
    if trip.start_time.date() != trip.end_time.date():
        return False
    begin, end = trip.start_time.time(), trip.end_time.time()
    return any(a <= begin and end <= b for a, b in slots)


def _row(
    location_id: str,
    trips: Sequence[Roundtrip],
    is_short: Sequence[bool],
    is_bike: Sequence[bool],
    rates: Mapping[str, KmRates],
    bike_rates: KmRates,
) -> ShortTripRow:
    cost = co2e = 0.0
    for trip, bike in zip(trips, is_bike, strict=True):
        if bike:
            car = rates.get(trip.vehicle_id, ZERO_RATES)
            cost += trip.distance_km * (
                car.energy_cost_dkk_per_km - bike_rates.energy_cost_dkk_per_km
            )
            co2e += trip.distance_km * (
                car.co2e_wtw_kg_per_km - bike_rates.co2e_wtw_kg_per_km
            )
    return ShortTripRow(
        location_id=location_id,
        trips=len(trips),
        distance_km=sum(t.distance_km for t in trips),
        short_trips=sum(is_short),
        short_km=sum(t.distance_km for t, s in zip(trips, is_short, strict=True) if s),
        bike_trips=sum(is_bike),
        bike_km=sum(t.distance_km for t, b in zip(trips, is_bike, strict=True) if b),
        energy_cost_moved_dkk=cost,
        co2e_wtw_moved_kg=co2e,
    )


def short_trips(
    roundtrips: Sequence[Roundtrip],
    *,
    max_km: float = 6.0,
    max_duration_h: float = 2.0,
    bike: BikeRules | None = None,
    rates: Mapping[str, KmRates] | None = None,
    bike_rates: KmRates = ZERO_RATES,
    bike_vehicle_id: str | None = None,
    yearly_factor: float = 1.0,
) -> ShortTripReport:
    """Share of roundtrips (and km) under ``max_km``, and the bike potential.

    ``rates`` gives each car's per-km rates by vehicle id (missing: zero, so cost and
    CO2e moved are then lower bounds); ``bike_rates`` those of the e-bike or cargo
    bike that would take the trips (``bike_vehicle_id`` names it in the report).
    Yearly figures are the period's × ``yearly_factor`` (365 / days).
    """
    slots = (bike or BikeRules()).slots
    rates = rates or {}
    short = [t.distance_km < max_km for t in roundtrips]
    bikeable = [
        s and t.duration_h <= max_duration_h and in_slots(t, slots)
        for t, s in zip(roundtrips, short, strict=True)
    ]
    by_location: dict[str, list[int]] = {}
    for i, trip in enumerate(roundtrips):
        by_location.setdefault(trip.location_id, []).append(i)
    rows = tuple(
        _row(
            loc,
            [roundtrips[i] for i in idx],
            [short[i] for i in idx],
            [bikeable[i] for i in idx],
            rates,
            bike_rates,
        )
        for loc, idx in sorted(by_location.items())
    )
    overall = _row(ALL_LOCATIONS, roundtrips, short, bikeable, rates, bike_rates)
    return ShortTripReport(
        max_km=max_km,
        max_duration_h=max_duration_h,
        locations=rows,
        overall=overall,
        bike_roundtrip_ids=tuple(
            t.roundtrip_id for t, b in zip(roundtrips, bikeable, strict=True) if b
        ),
        bike_vehicle_id=bike_vehicle_id,
        yearly_factor=yearly_factor,
    )
