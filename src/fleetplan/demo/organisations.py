"""A national demo: several municipalities of different shapes in one deployment
(issue 19 item 2), each cut from a demo municipality of its own seed.

The shapes differ in size and in the work their fleets do: the whole
Ballerup-shaped fleet, one run by home care, one of minibuses, a small
town-hall fleet and one that rides bikes. Ids carry the organisation's slug,
so a reader tells the fleets apart (each organisation's ids are its own:
revision 0013).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from fleetplan.demo.municipality import build_demo_dataset
from fleetplan.domain import Dataset, Vehicle, VehicleType

_POOL = "Rådhusets bilpulje"
_BIKES = (VehicleType.BIKE, VehicleType.EBIKE)


@dataclass(frozen=True, slots=True)
class Shape:
    slug: str
    name: str
    keeps: Callable[[Vehicle], bool]  # which of the demo's vehicles it has


def _departments(*names: str) -> Callable[[Vehicle], bool]:
    return lambda v: v.department in names


SHAPES: tuple[Shape, ...] = (
    Shape("ballerup", "Ballerup Kommune (demo)", lambda v: True),
    Shape(
        "hjemmepleje",
        "Hjemmeplejekommune (demo)",
        _departments("Hjemmeplejen", "Hjemmesygeplejen", "Visitation og Hjælpemidler"),
    ),
    Shape(
        "minibus",
        "Minibuskommune (demo)",
        _departments("Botilbud og plejecentre", "Dagtilbud", "Ungdomsklubber", _POOL),
    ),
    Shape(
        "lille",
        "Lille Kommune (demo)",
        _departments(_POOL, "Visitation og Hjælpemidler"),
    ),
    Shape(
        "cykel",
        "Cykelkommune (demo)",
        lambda v: v.vehicle_type in _BIKES or v.department == _POOL,
    ),
)


def with_id_prefix(dataset: Dataset, prefix: str) -> Dataset:
    """``dataset`` with ``prefix`` before every location, vehicle and trip id."""

    def loc(ident: str | None) -> str | None:
        return None if ident is None else prefix + ident

    return Dataset(
        tuple(
            replace(x, location_id=prefix + x.location_id) for x in dataset.locations
        ),
        tuple(
            replace(v, vehicle_id=prefix + v.vehicle_id, location_id=loc(v.location_id))
            for v in dataset.vehicles
        ),
        tuple(
            replace(
                r,
                roundtrip_id=prefix + r.roundtrip_id,
                vehicle_id=prefix + r.vehicle_id,
                location_id=prefix + r.location_id,
            )
            for r in dataset.roundtrips
        ),
        {k: v for k, v in dataset.meta.items() if k == "settings"},
    )


def cut(dataset: Dataset, keeps: Callable[[Vehicle], bool]) -> Dataset:
    """The vehicles ``keeps`` accepts (and every candidate model), their trips
    and the locations they use."""
    vehicles = tuple(v for v in dataset.vehicles if v.is_candidate or keeps(v))
    ids = {v.vehicle_id for v in vehicles}
    trips = tuple(r for r in dataset.roundtrips if r.vehicle_id in ids)
    used = {v.location_id for v in vehicles} | {r.location_id for r in trips}
    locations = tuple(x for x in dataset.locations if x.location_id in used)
    return Dataset(locations, vehicles, trips, dataset.meta)


def national_demo(count: int, seed: int = 2750) -> list[tuple[Shape, Dataset]]:
    """``count`` municipalities (the shapes in turn, then again with other
    seeds), each with its own dataset."""
    if count < 1:
        raise ValueError(f"count must be >= 1, got {count}.")
    out = []
    for i in range(count):
        shape = SHAPES[i % len(SHAPES)]
        if i >= len(SHAPES):
            round_ = i // len(SHAPES) + 1
            shape = replace(
                shape, slug=f"{shape.slug}-{round_}", name=f"{shape.name} {round_}"
            )
        data = cut(build_demo_dataset(seed + i), shape.keeps)
        out.append((shape, with_id_prefix(data, f"{shape.slug}-")))
    return out
