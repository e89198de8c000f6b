"""The Simulering setup as plain data: defaults, the fleet table, and job parameters.

No UI here, so the form's rules (which vehicles the table shows, what a count of
0 means, which parameters a run gets) are tested without a browser. The job kind
(``fleetplan.jobs.kinds.simulation_kind``) checks the parameters again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from fleetplan.domain import Dataset, Vehicle, category_of
from fleetplan.simulate.from_dataset import default_period
from fleetplan.store.vehicle_edit import deactivations

DEFAULT_TIME_LIMIT_S = 60.0


def vehicle_name(vehicle: Vehicle) -> str:
    """ "Make Model", else the plate, else the id."""
    name = " ".join(p for p in (vehicle.make, vehicle.model) if p)
    return name or vehicle.plate or vehicle.vehicle_id


@dataclass(frozen=True, slots=True)
class FleetRow:
    """One line of the fleet table: a current vehicle or an added model.

    ``home`` is where an added model is stationed (current vehicles keep their
    own). Added rows (``candidate``) are catalogue models, or copies of a current
    model that an optimised fleet adds at a location.
    """

    vehicle_id: str
    name: str
    vehicle_type: str
    fuel: str
    location_id: str | None
    candidate: bool
    count: int = 1
    home: str | None = None
    category: str = ""  # VehicleCategory value, for the editor's filter

    @property
    def key(self) -> str:
        """The row's fleet key in job parameters: the vehicle id, or
        ``"<vehicle id>@<home>"`` for an added model with a home."""
        if self.candidate and self.home:
            return f"{self.vehicle_id}@{self.home}"
        return self.vehicle_id


def fleet_row(vehicle: Vehicle, count: int = 1, home: str | None = None) -> FleetRow:
    return FleetRow(
        vehicle_id=vehicle.vehicle_id,
        name=vehicle_name(vehicle),
        vehicle_type=str(vehicle.vehicle_type),
        fuel=str(vehicle.fuel),
        location_id=vehicle.location_id,
        candidate=vehicle.is_candidate,
        count=count,
        home=home if vehicle.is_candidate else None,
        category=category_of(vehicle).value,
    )


@dataclass(frozen=True, slots=True)
class SimulationSetup:
    """What the form holds. ``end`` is inclusive (the whole day is simulated);
    ``transfer_minutes`` None means each location keeps its own vehicles."""

    start: date
    end: date
    locations: tuple[str, ...]
    rows: tuple[FleetRow, ...]
    shifts: bool = True
    transfer_minutes: float | None = None
    limit_km: bool = False
    time_limit_s: float = DEFAULT_TIME_LIMIT_S
    # "" = not chosen: the dataset's meta.json values over dk-2025's; a named set's
    # values win over meta.json's (ingest.provenance)
    factors: str = ""
    ignore_meta: bool = False
    require_range: bool = False


def last_day(moment: datetime) -> date:
    """The last simulated day of a period ending at ``moment`` (midnight ends the
    previous day)."""
    if moment.time() == datetime.min.time():
        return (moment - timedelta(days=1)).date()
    return moment.date()


def current_rows(
    dataset: Dataset, locations: Iterable[str], counts: Mapping[str, int] | None = None
) -> list[FleetRow]:
    """The current vehicles of ``locations`` in id order, each with its count from
    ``counts`` (when not given: 1, or 0 for a vehicle deactivated by today, which
    stays listed because it drove some of the period's trips)."""
    chosen = set(locations)
    counts = counts or {}
    today = date.today()
    gone = {vid for vid, d in deactivations(dataset.meta).items() if d.on <= today}
    vehicles = [v for v in dataset.current_vehicles if v.location_id in chosen]
    vehicles.sort(key=lambda v: (len(v.vehicle_id), v.vehicle_id))
    return [
        fleet_row(v, counts.get(v.vehicle_id, 0 if v.vehicle_id in gone else 1))
        for v in vehicles
    ]


def default_setup(dataset: Dataset) -> SimulationSetup:
    """The dataset's period, every location, each current vehicle once."""
    period = default_period(dataset)
    locations = tuple(loc.location_id for loc in dataset.locations)
    return SimulationSetup(
        start=period.start.date(),
        end=last_day(period.end),
        locations=locations,
        rows=tuple(current_rows(dataset, locations)),
    )


def with_locations(
    setup: SimulationSetup, dataset: Dataset, locations: Iterable[str]
) -> SimulationSetup:
    """The setup for other locations: their current vehicles (counts kept for
    vehicles already in the table) and every added candidate."""
    chosen = tuple(locations)
    counts = {r.vehicle_id: r.count for r in setup.rows if not r.candidate}
    candidates = [r for r in setup.rows if r.candidate]
    rows = [*current_rows(dataset, chosen, counts), *candidates]
    return replace(setup, locations=chosen, rows=tuple(rows))


def with_count(setup: SimulationSetup, key: str, count: int) -> SimulationSetup:
    """Change the count of the row with ``key`` (``FleetRow.key``); an added
    model set to 0 leaves the table."""
    if count < 0:
        raise ValueError(f"count must be >= 0, got {count}.")
    rows = []
    for row in setup.rows:
        if row.key == key:
            if row.candidate and count == 0:
                continue
            row = replace(row, count=count)
        rows.append(row)
    return replace(setup, rows=tuple(rows))


def with_candidate(
    setup: SimulationSetup, vehicle: Vehicle, count: int, home: str | None
) -> SimulationSetup:
    """Add a catalogue model at ``home``, or raise the count of its row there
    (no ``home``: of its first row). The same model at another home is a row of
    its own."""
    if count <= 0:
        return setup
    rows = list(setup.rows)
    for index, row in enumerate(rows):
        same_home = home is None or row.home == home
        if row.candidate and row.vehicle_id == vehicle.vehicle_id and same_home:
            rows[index] = replace(row, count=row.count + count)
            return replace(setup, rows=tuple(rows))
    rows.append(fleet_row(vehicle, count, home))
    return replace(setup, rows=tuple(rows))


def setup_to_params(setup: SimulationSetup) -> dict[str, Any]:
    """The job parameters of the form (``simulation_kind``'s names).

    Current vehicles keep their row even at count 0 (the job leaves them out and a
    reopened scenario shows the 0); an added model's home is in its key.
    """
    params: dict[str, Any] = {
        "start": setup.start.isoformat(),
        "end": setup.end.isoformat(),
        "locations": list(setup.locations),
        "fleet": {r.key: r.count for r in setup.rows},
        "shifts": setup.shifts,
        "limit_km": setup.limit_km,
        "time_limit_s": float(setup.time_limit_s),
    }
    if setup.factors:
        params["factors"] = setup.factors
    if setup.ignore_meta:
        params["ignore_meta"] = True
    if setup.require_range:
        params["require_range"] = True
    if setup.transfer_minutes is not None:
        params["transfer_minutes"] = float(setup.transfer_minutes)
    return params


def setup_from_params(dataset: Dataset, params: Mapping[str, Any]) -> SimulationSetup:
    """The form of a stored run or scenario (``setup_to_params``'s inverse);
    missing values take the defaults, unknown vehicles are left out. Older
    parameters with ``homes`` {vehicle id: location id} are read too."""
    base = default_setup(dataset)
    known_locations = {loc.location_id for loc in dataset.locations}
    locations = tuple(
        x for x in params.get("locations") or base.locations if x in known_locations
    )
    fleet = params.get("fleet")
    homes = params.get("homes") or {}
    if isinstance(fleet, Mapping):
        rows = []
        for key, count in fleet.items():
            vehicle_id, _, home = str(key).partition("@")
            try:
                vehicle = dataset.vehicle(vehicle_id)
            except KeyError:
                continue
            row = fleet_row(vehicle, int(count), home or homes.get(vehicle_id))
            if home and not vehicle.is_candidate:  # copies of a current model
                row = replace(row, candidate=True, home=home)
            rows.append(row)
        rows.sort(key=lambda r: (r.candidate, len(r.vehicle_id), r.vehicle_id))
    else:
        rows = current_rows(dataset, locations)
    transfer = params.get("transfer_minutes")
    return SimulationSetup(
        start=date.fromisoformat(str(params.get("start") or base.start)[:10]),
        end=date.fromisoformat(str(params.get("end") or base.end)[:10]),
        locations=locations,
        rows=tuple(rows),
        shifts=bool(params.get("shifts", True)),
        transfer_minutes=None if transfer is None else float(transfer),
        limit_km=bool(params.get("limit_km", False)),
        time_limit_s=float(params.get("time_limit_s", DEFAULT_TIME_LIMIT_S)),
        factors=str(params.get("factors") or ""),
        ignore_meta=bool(params.get("ignore_meta", False)),
        require_range=bool(params.get("require_range", False)),
    )


def fleet_size(setup: SimulationSetup) -> tuple[int, int]:
    """(current vehicles in the table, vehicles in the simulated fleet)."""
    current = sum(1 for r in setup.rows if not r.candidate)
    return current, sum(r.count for r in setup.rows)
