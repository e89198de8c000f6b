"""Names the user reads: a model at its location's name, never a location id, and
where a location's vehicles may go."""

from __future__ import annotations

from collections import Counter

from fleetplan.optimise.instance import MixInstance, locations_of
from fleetplan.optimise.messages import Note


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
