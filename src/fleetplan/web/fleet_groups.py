"""Simulering's fleet editor by model × location instead of one row per vehicle.

A group is the setup's rows of one model (its name and category) at one location:
today's vehicles by their own location, added models by their home. A group's
count is the sum of its rows' counts; + and − change it by one and a typed total
is spread over the rows (no UI here, so the rules are tested without a page).
"""

from __future__ import annotations

from dataclasses import dataclass

from fleetplan.web.simulation_setup import FleetRow, SimulationSetup, with_count


@dataclass(frozen=True, slots=True)
class FleetGroup:
    key: str  # an added model's row key ("124@1"), else "cur:<first vehicle id>"
    name: str
    category: str
    where: str | None  # location id
    candidate: bool
    rows: tuple[FleetRow, ...]  # in vehicle-id order

    @property
    def count(self) -> int:
        return sum(r.count for r in self.rows)

    @property
    def vehicle_ids(self) -> tuple[str, ...]:
        return tuple(r.vehicle_id for r in self.rows)


def _order(row: FleetRow) -> tuple[int, str]:
    return len(row.vehicle_id), row.vehicle_id


def fleet_groups(setup: SimulationSetup) -> list[FleetGroup]:
    """Added models first (one just added is on the first page), then by model
    name and location."""
    grouped: dict[tuple[bool, str, str, str | None], list[FleetRow]] = {}
    for row in setup.rows:
        where = row.home if row.candidate else row.location_id
        key = (
            row.candidate,
            row.vehicle_id if row.candidate else row.name,
            row.category,
            where,
        )
        grouped.setdefault(key, []).append(row)
    groups = []
    for (candidate, _, category, where), rows in grouped.items():
        rows.sort(key=_order)
        groups.append(
            FleetGroup(
                key=rows[0].key if candidate else f"cur:{rows[0].vehicle_id}",
                name=rows[0].name,
                category=category,
                where=where,
                candidate=candidate,
                rows=tuple(rows),
            )
        )
    groups.sort(key=lambda g: (not g.candidate, g.name.lower(), g.where or ""))
    return groups


def with_group_count(
    setup: SimulationSetup, group: FleetGroup, total: int
) -> SimulationSetup:
    """The setup with ``group``'s count set to ``total``: today's vehicles stay in
    the fleet in id order (one each), a total above them adds copies to the
    first; an added model's row takes the total (0 removes it)."""
    if total < 0:
        raise ValueError(f"total must be >= 0, got {total}.")
    if group.candidate:
        return with_count(setup, group.rows[0].key, total)
    rows = group.rows
    counts = [1 if i < total else 0 for i in range(len(rows))]
    counts[0] += max(0, total - len(rows))
    for row, count in zip(rows, counts, strict=True):
        setup = with_count(setup, row.key, count)
    return setup


def matches(group: FleetGroup, text: str, location_names: dict[str, str]) -> bool:
    """Does the search ``text`` occur in the model, its location or a vehicle id?"""
    needle = text.strip().lower()
    if not needle:
        return True
    where = location_names.get(group.where or "", group.where or "")
    haystack = " ".join((group.name, where, *group.vehicle_ids)).lower()
    return needle in haystack
