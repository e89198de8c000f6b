"""Names the user reads: a model at its location's name, never a location id,
where a location's vehicles may go, and which leased vehicles stay or go."""

from __future__ import annotations

from collections import Counter

from fleetplan.domain import Vehicle
from fleetplan.optimise.contracts import under_lease
from fleetplan.optimise.instance import MixInstance, locations_of
from fleetplan.optimise.messages import Note

# vehicles a note names before it says "…"
SHOWN_VEHICLES = 5


def location_names(inst: MixInstance) -> dict[str, str]:
    """Each location id's name; a name two locations share gets its id in brackets,
    and a location without a name is its id."""
    named = {
        loc.location_id: loc.name or loc.location_id
        for loc in inst.inp.dataset.locations
    }
    twice = {n for n, k in Counter(named.values()).items() if k > 1}
    return {i: f"{n} ({i})" if n in twice else n for i, n in named.items()}


def class_labels(inst: MixInstance) -> list[str]:
    """Each class's label: the model's name, with ``@ <location name>`` when the
    classes have several homes ("Renault 5 E-Tech 52 kWh @ Ballerup Rådhus")."""
    homes = {c.home for c in inst.classes}
    if len(homes) <= 1:
        return [c.label for c in inst.classes]
    names = location_names(inst)
    return [
        c.label if c.home is None else f"{c.label} @ {names.get(c.home, c.home)}"
        for c in inst.classes
    ]


def pooling_note(inst: MixInstance) -> Note | None:
    """Where a location's vehicles may drive, by name (None: one location)."""
    locations = locations_of(inst.inp)
    if len(locations) <= 1:
        return None
    names = location_names(inst)
    listed = ", ".join(names.get(loc, loc) for loc in locations)
    minutes = inst.problem_params.transfer_min
    if minutes is None:
        return Note("optimiser.no_pooling", locations=listed)
    return Note("optimiser.pooling", locations=listed, minutes=f"{minutes:g}")


def _listed(vehicles: list[Vehicle]) -> str:
    shown = ", ".join(
        f"{v.name} ({v.plate or v.vehicle_id})" for v in vehicles[:SHOWN_VEHICLES]
    )
    return shown + (", …" if len(vehicles) > SHOWN_VEHICLES else "")


def contract_notes(inst: MixInstance, counts: tuple[int, ...] | None) -> list[Note]:
    """Leased vehicles that stay until their lease ends, and those the best fleet
    (``counts``) returns early with the yearly early-termination cost."""
    as_of = inst.contracts.day()
    bound: list[Vehicle] = []
    returned: list[Vehicle] = []
    cost = 0.0
    for k, cls in enumerate(inst.classes):
        bound.extend(
            v
            for v in cls.current[: cls.keep_count]
            if under_lease(v, as_of) and not inst.contracts.allows(v)
        )
        if counts is not None:
            for v, fee in zip(
                cls.current[counts[k] :], cls.removal_dkk[counts[k] :], strict=False
            ):
                if under_lease(v, as_of):
                    returned.append(v)
                    cost += fee
    out = []
    if bound:
        out.append(
            Note("optimiser.leases_kept", count=len(bound), vehicles=_listed(bound))
        )
    if returned:
        out.append(
            Note(
                "optimiser.early_returns",
                count=len(returned),
                cost_dkk=round(cost),
                vehicles=_listed(returned),
            )
        )
    return out
