"""Shifts (vagtlag): per-location working periods that lock a vehicle."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time


@dataclass(frozen=True, slots=True)
class Shift:
    """A daily shift; ``end <= start`` means it runs past midnight (23:00-07:00)."""

    start: time
    end: time
    break_at: time | None = None

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start


@dataclass(frozen=True, slots=True)
class ShiftSet:
    """The shifts of one location; ``location_id=None`` applies to every location."""

    shifts: tuple[Shift, ...] = field(default_factory=tuple)
    location_id: str | None = None
