"""The body the work needs binds the mix: a van's trips stay on a van even when
a small car is far cheaper (domain.category.body_fits in the problem's
feasibility, which the optimiser's classes inherit)."""

from __future__ import annotations

import pytest

from fleetplan.domain import Dataset, Fuel, Location, Vehicle, VehicleType
from fleetplan.optimise import OptimiseParams, optimise_fleet
from tests.optimise.helpers import make, trip


def _van() -> Vehicle:
    return Vehicle(
        "v1",
        VehicleType.ICE,
        Fuel.DIESEL,
        make="VW",
        model="Caddy Cargo",
        wltp_km_per_l=18.0,
        annual_cost_dkk=46_000.0,
        location_id="L1",
        cargo_m3=3.1,
    )


def _candidate(vid: str, model: str, annual: float, cargo: float | None) -> Vehicle:
    return Vehicle(
        vid,
        VehicleType.EV,
        Fuel.ELECTRIC,
        make="Renault",
        model=model,
        wltp_wh_per_km=150.0,
        range_km=300.0,
        annual_cost_dkk=annual,
        cargo_m3=cargo,
        is_candidate=True,
    )


@pytest.mark.parametrize("weight", [0.0, 5.0, 10.0])
def test_a_vans_work_stays_on_a_van(weight: float) -> None:
    """A Caddy (3.1 m³) drives two trips; a Renault 5 (car) costs 20,000 kr/yr,
    a Kangoo Van (3.3 m³) 44,000. With no trip left undriven every fleet found
    holds one van (the Caddy or the Kangoo) and no Renault 5."""
    trips = (trip("a", 8.0, 10.0, 30.0, "v1"), trip("b", 11.0, 13.0, 25.0, "v1"))
    ds = Dataset(
        (Location("L1"),),
        (
            _van(),
            _candidate("r5", "5 E-Tech", 20_000.0, None),
            _candidate("kangoo", "Kangoo Van E-Tech", 44_000.0, 3.3),
        ),
        trips,
    )
    res = optimise_fleet(
        make(ds),
        OptimiseParams(
            weight=weight,
            max_unallocated=0,
            num_solutions=2,
            pareto_weights=(0.0, 10.0),
            min_pareto_points=1,
        ),
    )
    fleets = [s.counts for s in res.solutions] + [p.solution.counts for p in res.pareto]
    assert fleets
    for counts in fleets:
        assert "Renault 5 E-Tech" not in counts
        vans = counts.get("VW Caddy Cargo", 0) + counts.get(
            "Renault Kangoo Van E-Tech", 0
        )
        assert vans >= 1
