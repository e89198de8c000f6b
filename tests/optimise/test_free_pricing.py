"""``free``: an added vehicle of a current model copies today's typical one."""

from __future__ import annotations

from fleetplan.economics import get_builtin_factor_set
from fleetplan.optimise import CurrentMode, OptimiseParams, build_instance
from fleetplan.optimise.models import typical
from fleetplan.optimise.verify import fleet_entries
from tests.optimise.helpers import TRIPS, car, dataset, ev, make, trip

FACTORS = get_builtin_factor_set("dk-2025")
# the tiny town plus r7 at 9:45-9:55: four trips overlap at 9:45, so free may hold 4
FOUR = (*TRIPS, trip("r7", 9.75, 9.9, 3.0, "c1"))
YARIS = (car("c1", 20_000.0), car("c2", 26_000.0), car("c3", 34_000.0))


def test_typical_is_nearest_the_mean_ties_to_the_dearer() -> None:
    """Renault Zoe of synth_50v_60d at 36,100 / 37,700 / 39,400: mean 37,733, so
    37,700. 20,000 / 30,000: mean 25,000 lies 5,000 from both; the dearer wins."""
    zoes = [car("z1", 36_100.0), car("z2", 37_700.0), car("z3", 39_400.0)]
    assert typical(zoes, FACTORS).vehicle_id == "z2"
    two = [car("c1", 20_000.0), car("c2", 30_000.0)]
    assert typical(two, FACTORS).vehicle_id == "c2"


def test_free_prices_the_added_instance_at_the_typical_vehicle() -> None:
    """Yaris at 20,000 / 26,000 / 34,000 today (mean 26,667: typical 26,000); peak
    overlap 4, so free may add one, at 26,000 and not the dearest 34,000. Reduce
    adds none."""
    ds = dataset(current=YARIS, candidates=(ev(),), trips=FOUR)
    free = build_instance(make(ds), OptimiseParams(current=CurrentMode.FREE))
    yaris = free.classes[0]
    assert yaris.fixed_dkk == (20_000.0, 26_000.0, 34_000.0, 26_000.0)
    assert yaris.added_template is not None
    assert yaris.added_template.vehicle_id == "c2"
    reduce = build_instance(make(ds), OptimiseParams())
    assert reduce.classes[0].fixed_dkk == (20_000.0, 26_000.0, 34_000.0)


def test_the_verified_fleet_copies_the_typical_vehicle() -> None:
    """Four Yaris: today's three and one copy of c2, 106,000 kr fixed, as the MILP
    priced them (20,000 + 26,000 + 34,000 + 26,000)."""
    ds = dataset(current=YARIS, candidates=(ev(),), trips=FOUR)
    inst = build_instance(make(ds), OptimiseParams(current=CurrentMode.FREE))
    entries = fleet_entries(inst, (4, 0))
    assert [(e.vehicle.vehicle_id, e.count) for e in entries] == [
        ("c1", 1),
        ("c2", 1),
        ("c3", 1),
        ("c2", 1),
    ]
    fixed = sum((e.vehicle.annual_cost_dkk or 0.0) * e.count for e in entries)
    assert fixed == sum(inst.classes[0].fixed_dkk) == 106_000.0
