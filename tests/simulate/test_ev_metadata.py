"""An EV without a known range is never unlimited: it is flagged in the register
and in data quality, and a run refuses it (require_range) or gives it the factor
set's assumed range (200 km) and names it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from fleetplan.analytics.data_quality import FindingKind, data_quality
from fleetplan.analytics.transition import range_covers
from fleetplan.domain import Dataset, Fuel, Location, Period, Roundtrip, Vehicle
from fleetplan.domain import VehicleType as VT
from fleetplan.domain.status import VehicleStatus, ev_range_missing, vehicle_status
from fleetplan.economics import get_builtin_factor_set
from fleetplan.jobs.kinds import simulation_kind
from fleetplan.simulate import make_input
from fleetplan.simulate.ev_metadata import MissingEvRangeError
from fleetplan.simulate.from_dataset import problem_from_input
from fleetplan.web.translate import translate

DK = get_builtin_factor_set("dk-2025")
BARE = Vehicle(
    "E9",
    VT.EV,
    Fuel.ELECTRIC,
    wltp_wh_per_km=180,
    annual_cost_dkk=40_000,
    location_id="L",
    lease_type="operational",
    department="Hjemmepleje",
    administration="Social og Sundhed",
)
DERIVED = replace(BARE, vehicle_id="E8", battery_kwh=45.0)  # 45,000 ÷ 180 = 250 km
TRIP = Roundtrip(
    "r1", "E9", "L", datetime(2026, 7, 6, 8), datetime(2026, 7, 6, 12), 260.0
)
DATA = Dataset((Location("L"),), (BARE, DERIVED), (TRIP,))
PERIOD = Period(datetime(2026, 7, 1), datetime(2026, 8, 1))


def test_the_register_and_data_quality_flag_an_ev_without_range() -> None:
    """E9 (no range_km, no battery_kwh) lacks range_km; E8's 45 kWh ÷ 180 Wh/km
    gives 250 km, so it lacks nothing."""
    assert ev_range_missing(BARE) and not ev_range_missing(DERIVED)
    status = vehicle_status(BARE, [TRIP], today=date(2026, 8, 1), data_end=None)
    assert status.has(VehicleStatus.MISSING_METADATA)
    assert status.missing_fields == ("range_km",)
    ok = vehicle_status(DERIVED, [], today=date(2026, 8, 1), data_end=None)
    assert not ok.has(VehicleStatus.MISSING_METADATA)
    report = data_quality([BARE, DERIVED], [TRIP], today=date(2026, 8, 1))
    (finding,) = report.of_kind(FindingKind.MISSING_METADATA)
    assert finding.vehicle_id == "E9" and "range_km" in finding.message


def test_a_run_refuses_or_assumes_and_says_which_vehicles() -> None:
    """require_range: refused, naming E9. Otherwise E9 gets 200 km and its 260 km
    July trip (factor 1.0) is infeasible for it; before, it had no limit."""
    with pytest.raises(MissingEvRangeError) as caught:
        make_input(DATA, None, DK, period=PERIOD, require_range=True)
    assert caught.value.vehicle_ids == ("E9",)
    inp = make_input(DATA, None, DK, period=PERIOD)
    assert inp.missing_range is not None
    assert inp.missing_range.to_dict() == {
        "vehicles": ["E9"],
        "missing": ["range_km"],
        "assumed_range_km": 200.0,
        "assumed_wh_per_km": 170.0,  # only used where the consumption is missing
    }
    problem = problem_from_input(inp)
    capacity = {t.template.vehicle_id: t.capacity_km for t in problem.types}
    assert capacity == {"E9": 200.0, "E8": 250.0}
    e9 = [t.template.vehicle_id for t in problem.types].index("E9")
    assert not problem.feasible[0, e9]


def test_the_job_refuses_before_it_is_queued_and_the_message_is_translated() -> None:
    """The API's simulate job with require_range fails with the ids (a 422); the
    UI shows the Danish and English catalogue text."""
    with pytest.raises(MissingEvRangeError, match="E9"):
        simulation_kind(lambda: DATA)({"require_range": True})
    simulation_kind(lambda: DATA)({})  # accepted: runs with the assumed range
    exc = MissingEvRangeError(["E9"])
    for language, word in (("da", "Elbilerne E9"), ("en", "EVs E9")):
        assert translate(language, exc.code, **exc.params).startswith(word)


def test_the_plan_never_picks_an_ev_candidate_of_unknown_range() -> None:
    """A candidate EV without range (or battery) does not cover any need."""
    candidate = replace(BARE, is_candidate=True, location_id=None)
    assert not range_covers(candidate, 1.0)
    assert range_covers(replace(candidate, range_km=300.0), 240.0)
    assert not range_covers(replace(candidate, range_km=200.0), 240.0)
