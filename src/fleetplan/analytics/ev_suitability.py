"""Which catalogue EVs can do a fossil vehicle's work, day by day, and why not.

For each fossil vehicle and each EV candidate (``is_candidate``, type EV):

- *body and outfitting*: the candidate's category must serve the vehicle's
  (``domain.category.body_fits``, cargo volume included), and it must have the lift
  and at least the seats the vehicle has (``transition.outfitting_fits``);
- *range, each day the vehicle drove*: the km the EV can drive that day are
  ``E × 1000 ÷ Wh/km × f(month)`` with E = min(kW × hours parked at home, battery
  kWh) the energy charged (``home_dwell``: the night before plus the gaps between
  the day's roundtrips; the first day in the data starts full), kW = min(the
  location's charger, the EV's own ``charge_kw``), battery = WLTP range × Wh/km
  (the full range, as the simulation's ``capacity_km``) and f the month's winter
  range factor (``economics.winter``). The EV is assumed to come home empty, so a
  day is judged on that day's charging alone (conservative for light days);
- a day *fails* when its km exceed what the EV can drive; the candidate suits when
  no day fails and the body fits. An EV of unknown range never suits.

Why not is data (``Reason``: a catalogue key and its parameters); failing days are
summed per month as "3 days in January above 180 km with 5 h at home", where 180 is
the least the EV could drive on any of those days (each drove more than its own
limit, so more than 180) and 5 the fewest hours parked among them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fleetplan.analytics.home_dwell import HomeDay, home_days
from fleetplan.analytics.transition import outfitting_fits, wltp_range_km
from fleetplan.domain import Roundtrip, Vehicle, VehicleType
from fleetplan.domain.category import body_fits, category_of

DEFAULT_CHARGER_KW = 11.0  # a 3-phase 16 A AC point, as the simulation's default


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a candidate does not fit: catalogue key ``suit.why.<code>`` + params."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"suit.why.{self.code}"

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "key": self.key, "params": dict(self.params)}


@dataclass(frozen=True, slots=True)
class ShortDay:
    """A day the candidate could not have driven: km driven vs km it had."""

    day: date
    km: float
    available_km: float
    parked_h: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "km": round(self.km, 1),
            "available_km": round(self.available_km, 1),
            "parked_h": None if self.parked_h is None else round(self.parked_h, 1),
        }


@dataclass(frozen=True, slots=True)
class CandidateFit:
    candidate_id: str
    name: str
    fits: bool
    reasons: tuple[Reason, ...]
    short_days: tuple[ShortDay, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "candidate_id": self.candidate_id,
            "name": self.name,
            "fits": self.fits,
            "reasons": [r.to_dict() for r in self.reasons],
            "short_days": [d.to_dict() for d in self.short_days],
        }


@dataclass(frozen=True, slots=True)
class VehicleSuitability:
    vehicle_id: str
    location_id: str | None
    days_driven: int
    charger_kw: float
    candidates: tuple[CandidateFit, ...]

    @property
    def suitable(self) -> tuple[str, ...]:
        return tuple(c.candidate_id for c in self.candidates if c.fits)

    def to_dict(self) -> dict[str, Any]:
        return {
            "vehicle_id": self.vehicle_id,
            "location_id": self.location_id,
            "days_driven": self.days_driven,
            "charger_kw": self.charger_kw,
            "suitable": list(self.suitable),
            "candidates": [c.to_dict() for c in self.candidates],
        }


def available_km(
    candidate: Vehicle, parked_h: float | None, charger_kw: float, factor: float
) -> float:
    """Km the EV can drive on a day after ``parked_h`` hours at home (see module);
    0 when its range or consumption is unknown."""
    wltp = wltp_range_km(candidate)
    if not wltp or not candidate.wltp_wh_per_km:
        return 0.0
    battery_kwh = wltp * candidate.wltp_wh_per_km / 1000.0
    kw = min(charger_kw, candidate.charge_kw or charger_kw)
    energy = battery_kwh if parked_h is None else min(kw * parked_h, battery_kwh)
    return energy * 1000.0 / candidate.wltp_wh_per_km * factor


def _outfitting_reasons(candidate: Vehicle, vehicle: Vehicle) -> list[Reason]:
    reasons = []
    if not body_fits(vehicle, candidate):
        reasons.append(
            Reason(
                "body",
                {
                    "need": str(category_of(vehicle)),
                    "have": str(category_of(candidate)),
                },
            )
        )
    if not outfitting_fits(candidate, vehicle):
        if vehicle.wheelchair_lift and not candidate.wheelchair_lift:
            reasons.append(Reason("lift"))
        if vehicle.seats and (candidate.seats or 0) < vehicle.seats:
            reasons.append(
                Reason("seats", {"need": vehicle.seats, "have": candidate.seats or 0})
            )
        if not reasons:  # the remaining rule: cargo below the tolerance
            reasons.append(
                Reason(
                    "cargo",
                    {"need": vehicle.cargo_m3, "have": candidate.cargo_m3 or 0.0},
                )
            )
    return reasons


def _range_reasons(short: Sequence[ShortDay]) -> list[Reason]:
    by_month: dict[tuple[int, int], list[ShortDay]] = defaultdict(list)
    for d in short:
        by_month[(d.day.year, d.day.month)].append(d)
    reasons = []
    for (_, month), days in sorted(by_month.items()):
        hours = [d.parked_h for d in days if d.parked_h is not None]
        reasons.append(
            Reason(
                "short_days",
                {
                    "count": len(days),
                    "month": month,
                    "km": int(min(d.available_km for d in days)),
                    "hours": round(min(hours), 1) if hours else None,
                },
            )
        )
    return reasons


def candidate_fit(
    vehicle: Vehicle,
    days: Sequence[HomeDay],
    candidate: Vehicle,
    *,
    charger_kw: float = DEFAULT_CHARGER_KW,
    range_factor_by_month: Sequence[float] | None = None,
) -> CandidateFit:
    """One candidate against one vehicle's driving days (see module)."""
    reasons = _outfitting_reasons(candidate, vehicle)
    short: list[ShortDay] = []
    if not wltp_range_km(candidate) or not candidate.wltp_wh_per_km:
        reasons.append(Reason("range_unknown"))
    else:
        for d in days:
            factor = (
                range_factor_by_month[d.day.month - 1] if range_factor_by_month else 1.0
            )
            have = available_km(candidate, d.parked_h, charger_kw, factor)
            if d.km > have + 1e-9:
                short.append(ShortDay(d.day, d.km, have, d.parked_h))
        reasons.extend(_range_reasons(short))
    return CandidateFit(
        candidate.vehicle_id, candidate.name, not reasons, tuple(reasons), tuple(short)
    )


def ev_suitability(
    vehicles: Sequence[Vehicle],
    roundtrips: Sequence[Roundtrip],
    candidates: Sequence[Vehicle],
    *,
    range_factor_by_month: Sequence[float] | None = None,
    charger_kw: float = DEFAULT_CHARGER_KW,
    charger_kw_by_location: Mapping[str, float] | None = None,
) -> tuple[VehicleSuitability, ...]:
    """Every fossil vehicle in the register against every EV candidate.

    ``charger_kw_by_location`` gives a location's charge-point power where it
    differs from ``charger_kw``; ``range_factor_by_month`` (January first) is the
    factor set's winter table (``economics.monthly_range_factors``).
    """
    if charger_kw <= 0:
        raise ValueError(f"charger_kw must be > 0, got {charger_kw}.")
    evs = [c for c in candidates if c.is_candidate and c.vehicle_type is VehicleType.EV]
    days = home_days(roundtrips)
    by_location = charger_kw_by_location or {}
    out = []
    for v in sorted(vehicles, key=lambda v: v.vehicle_id):
        if v.is_candidate or not v.is_fossil:
            continue
        kw = by_location.get(v.location_id or "", charger_kw)
        own = days.get(v.vehicle_id, [])
        fits = [
            candidate_fit(
                v, own, c, charger_kw=kw, range_factor_by_month=range_factor_by_month
            )
            for c in evs
        ]
        fits.sort(key=lambda f: (not f.fits, len(f.short_days), f.candidate_id))
        out.append(
            VehicleSuitability(v.vehicle_id, v.location_id, len(own), kw, tuple(fits))
        )
    return tuple(out)
