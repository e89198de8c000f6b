"""Results name a model at its location's name, never its id, and say by name
where a location's vehicles may go."""

from __future__ import annotations

from dataclasses import replace

from fleetplan.domain import Dataset, Location
from fleetplan.jobs.optimise_kind import solution_fleets
from fleetplan.optimise import OptimiseParams, build_instance, optimise_fleet
from fleetplan.simulate import ProblemParams, SimulationInput
from tests.optimise.helpers import car, ev, make, trip

PARAMS = OptimiseParams(
    weight=0.0,
    max_unallocated=0,
    num_solutions=1,
    pareto_weights=(0.0,),
    min_pareto_points=1,
)


def _two_named_locations() -> SimulationInput:
    c2 = replace(car("c2"), location_id="2")
    trips = (
        replace(trip("a", 8.0, 9.0, 10.0, "c1"), location_id="1"),
        replace(trip("b", 10.0, 11.0, 10.0, "c2"), location_id="2"),
    )
    locations = (Location("1", "Ballerup Rådhus"), Location("2", "Driftsgården"))
    c1 = replace(car("c1"), location_id="1")
    return make(Dataset(locations, (c1, c2, ev()), trips))


def test_models_are_named_at_the_location_name_not_its_id() -> None:
    """Today's, each solution's and the front's model names carry the location's
    name ('Toyota Yaris @ Ballerup Rådhus'), never '@ 1'."""
    inp = _two_named_locations()
    res = optimise_fleet(inp, PARAMS)
    names = [*res.today_counts, *res.solutions[0].counts, *res.solutions[0].changes]
    assert "Toyota Yaris @ Ballerup Rådhus" in res.today_counts
    assert "Renault Zoe @ Driftsgården" in res.today_counts
    assert not [n for n in names if n.endswith(("@ 1", "@ 2"))]
    inst = build_instance(inp, PARAMS)
    fleets = solution_fleets(inst, [s.counts for s in res.solutions])
    assert sum(fleets[0].values()) == sum(res.solutions[0].counts.values())


def test_pooling_is_stated_by_location_name() -> None:
    """Without pooling each location keeps to its own trips; with it the note
    names the locations that share and the transfer time."""
    inp = _two_named_locations()
    alone = optimise_fleet(inp, PARAMS)
    pooled = optimise_fleet(inp, PARAMS, ProblemParams(transfer_min=15.0))
    assert any(
        getattr(m, "code", "") == "optimiser.no_pooling"
        and "Ballerup Rådhus, Driftsgården" in m
        for m in alone.messages
    )
    note = next(
        m for m in pooled.messages if getattr(m, "code", "") == "optimiser.pooling"
    )
    assert note.params == {
        "locations": "Ballerup Rådhus, Driftsgården",
        "minutes": "15",
    }
