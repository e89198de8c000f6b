"""EV suitability per vehicle: winter range, real home dwell, charger kW, body."""

from __future__ import annotations

from datetime import datetime

from fleetplan.analytics.ev_suitability import Reason, ev_suitability
from fleetplan.analytics.home_dwell import home_days
from fleetplan.domain import Fuel, Roundtrip
from fleetplan.economics import monthly_range_factors
from tests.analytics.helpers import car

WINTER = monthly_range_factors(None)  # January 0.80, June 1.00


def _day(rid: str, month: int, day: int, km: float, out: str, home: str) -> Roundtrip:
    """A roundtrip of P1 in 2026 leaving at ``out`` and home at ``home`` (HH)."""
    start = datetime(2026, month, day, int(out))
    end = datetime(2026, month, day, int(home))
    return Roundtrip(rid, "P1", "L1", start, end, km)


def _ev(vid: str, range_km: float, **extra: object):  # type: ignore[no-untyped-def]
    return car(
        vid,
        fuel=Fuel.ELECTRIC,
        candidate=True,
        location=None,
        range_km=range_km,
        wltp_wh_per_km=200.0,
        battery_kwh=range_km * 0.2,
        **extra,
    )


def test_fails_only_in_january_on_winter_range() -> None:
    """Candidate: 200 km at 200 Wh/km (40 kWh). P1 parks 16 h each night, so at
    11 kW it charges min(176, 40) = 40 kWh: a full battery. January: 200 × 0.80 =
    160 km < 170 km driven on 12-14 Jan (3 days); March 200 × 0.85 = 170 ≥ 165;
    June 200 × 1.00 = 200 ≥ 190. The first day (5 Jan, 50 km) starts full."""
    trips = [_day("j0", 1, 5, 50, "08", "16")]
    trips += [_day(f"j{d}", 1, d, 170, "08", "16") for d in (12, 13, 14)]
    trips += [_day(f"m{d}", 3, d, 165, "08", "16") for d in (2, 3)]
    trips += [_day(f"s{d}", 6, d, 190, "08", "16") for d in (1, 2, 3)]
    [row] = ev_suitability(
        [car("P1")], trips, [_ev("E200", 200.0)], range_factor_by_month=WINTER
    )
    [fit] = row.candidates
    assert not fit.fits
    assert fit.reasons == (
        Reason("short_days", {"count": 3, "month": 1, "km": 160, "hours": 16.0}),
    )
    assert [d.day.day for d in fit.short_days] == [12, 13, 14]
    assert row.days_driven == 9
    # without the winter table the same EV does all of it
    [plain] = ev_suitability([car("P1")], trips, [_ev("E200", 200.0)])
    assert plain.suitable == ("E200",)


def test_short_dwell_limits_the_charge_and_a_stronger_charger_fixes_it() -> None:
    """Candidate: 300 km, 60 kWh. P1 comes home 03:00 and leaves 08:00: 5 h × 11 kW
    = 55 kWh → 275 km; January × 0.80 = 220 km < 230 driven on 3 days; June: 275 ≥
    230. At a 22 kW point: min(110, 60) = 60 kWh → 300 × 0.80 = 240 ≥ 230, fits.
    The EV's own 7.4 kW on-board charger caps the 22 kW point: 37 kWh → 185 km ×
    0.80 = 148."""
    trips = [
        Roundtrip(
            "j0", "P1", "L1", datetime(2026, 1, 4, 8), datetime(2026, 1, 5, 3), 10
        )
    ]
    for d in (5, 6, 7):
        trips.append(
            Roundtrip(
                f"j{d}",
                "P1",
                "L1",
                datetime(2026, 1, d, 8),
                datetime(2026, 1, d + 1, 3),
                230,
            )
        )
    trips.append(
        Roundtrip(
            "s1", "P1", "L1", datetime(2026, 6, 1, 8), datetime(2026, 6, 2, 3), 230
        )
    )
    trips.append(
        Roundtrip(
            "s2", "P1", "L1", datetime(2026, 6, 2, 8), datetime(2026, 6, 3, 3), 230
        )
    )
    ev = _ev("E300", 300.0)
    [row] = ev_suitability([car("P1")], trips, [ev], range_factor_by_month=WINTER)
    [fit] = row.candidates
    assert fit.reasons == (
        Reason("short_days", {"count": 3, "month": 1, "km": 220, "hours": 5.0}),
    )
    [fast] = ev_suitability(
        [car("P1")],
        trips,
        [ev],
        range_factor_by_month=WINTER,
        charger_kw_by_location={"L1": 22.0},
    )
    assert fast.suitable == ("E300",) and fast.charger_kw == 22.0
    slow_onboard = _ev("E300s", 300.0, charge_kw=7.4)
    [capped] = ev_suitability(
        [car("P1")],
        trips,
        [slow_onboard],
        range_factor_by_month=WINTER,
        charger_kw_by_location={"L1": 22.0},
    )
    assert capped.candidates[0].reasons[0].params["km"] == 148


def test_body_seats_lift_and_unknown_range_are_reasons() -> None:
    """A 9-seat minibus with a lift: a 5-seat EV car fails on body, lift and seats;
    an EV with no range fails on range; a 9-seat EV minibus with a lift fits."""
    bus = car("P1", seats=9, wheelchair_lift=True)
    small = _ev("Ecar", 400.0, seats=5)
    unknown = car(
        "Enone",
        fuel=Fuel.ELECTRIC,
        candidate=True,
        range_km=None,
        battery_kwh=None,
        seats=9,
        wheelchair_lift=True,
    )
    good = _ev("Ebus", 400.0, seats=9, wheelchair_lift=True)
    trips = [_day("a", 6, 1, 80, "08", "16")]
    [row] = ev_suitability([bus], trips, [small, unknown, good])
    by_id = {c.candidate_id: c for c in row.candidates}
    assert [r.code for r in by_id["Ecar"].reasons] == ["body", "lift", "seats"]
    assert by_id["Ecar"].reasons[2].params == {"need": 9, "have": 5}
    assert [r.code for r in by_id["Enone"].reasons] == ["range_unknown"]
    assert row.suitable == ("Ebus",)
    assert row.candidates[0].candidate_id == "Ebus"  # suitable ones first


def test_only_fossil_register_vehicles_and_ev_candidates() -> None:
    """EVs in the register are not assessed; fossil candidates are not offered."""
    vehicles = [car("P1"), car("E1", fuel=Fuel.ELECTRIC)]
    candidates = [_ev("Ec", 300.0), car("Pc", candidate=True)]
    rows = ev_suitability(vehicles, [], candidates)
    assert [r.vehicle_id for r in rows] == ["P1"]
    assert [c.candidate_id for c in rows[0].candidates] == ["Ec"]


def test_home_days_windows() -> None:
    """Two roundtrips on one day 08-10 and 12-15 after a return at 17:00 the day
    before: overnight 15 h, daytime 2 h, parked 17 h, 2 roundtrips' km summed."""
    trips = [
        _day("a", 3, 1, 20, "08", "17"),
        _day("b", 3, 2, 30, "08", "10"),
        _day("c", 3, 2, 40, "12", "15"),
    ]
    first, second = home_days(trips)["P1"]
    assert first.arrive is None and first.parked_h is None
    assert (second.km, second.overnight_h, second.daytime_parked_h) == (70, 15.0, 2.0)
    assert second.parked_h == 17.0
