"""The optimiser's messages to the user: a catalogue key, its parameters and the
English text.

A ``Note`` is the English text (a ``str``, so the CLI prints it and older code
compares it as before) that also carries its key and parameters, so the web shows
it in the user's language: the keys are the ``optimiser.*`` entries of
``web/i18n/{da,en}-optimiser-messages.toml`` (a test checks the English there is
``ENGLISH`` here). Parameters are plain numbers and strings (JSON).
"""

from __future__ import annotations

from typing import Any

ENGLISH: dict[str, str] = {
    "optimiser.cancelled_before_fleet": "cancelled before a fleet was found.",
    "optimiser.time_before_fleet": "the time limit came before a fleet was found.",
    "optimiser.cancelled": "cancelled: the results so far are reported.",
    "optimiser.time_limit": "time limit reached: the results so far are reported.",
    "optimiser.fewer_fleets": (
        "only {count} distinct fleets meet the constraints within the search limits."
    ),
    "optimiser.long_trips_no_model": (
        "{count} trips longer than {km} km can be driven by no vehicle model: "
        "{trips}; allow longer undriven trips or offer a model that can drive them."
    ),
    "optimiser.long_trips_no_fossil_free": (
        "100 % fossil-free: {count} trips longer than {km} km can be driven by no "
        "fossil-free model: {trips}; allow longer undriven trips or offer a model "
        "that can drive them."
    ),
    "optimiser.too_many_no_model": (
        "{count} trips can be driven by no vehicle model, more than the {cap} "
        "allowed unallocated: {trips}."
    ),
    "optimiser.too_many_no_fossil_free": (
        "100 % fossil-free: {count} trips can be driven by no fossil-free model, "
        "more than the {cap} allowed unallocated: {trips}."
    ),
    "optimiser.no_fossil_free_model": (
        "100 % fossil-free: no fossil-free model may be held; offer electric "
        "candidates."
    ),
    "optimiser.reduce_without_candidates": (
        "current mode 'reduce' with no candidates: no vehicles can be added."
    ),
    "optimiser.all_fleets_break_service": (
        "{count} fleets were proposed but the exact allocation showed each breaks "
        "the service level (EV charge or allowed km)."
    ),
    "optimiser.constraints_together": (
        "no fleet meets all constraints together (service level, kept vehicles, "
        "max new vehicles, budget, fossil-free share); relax one of them."
    ),
    "optimiser.pooling": (
        "shared between locations: the vehicles of {locations} may drive each "
        "other's trips ({minutes} min transfer each way)."
    ),
    "optimiser.no_pooling": (
        "not shared between locations: each location's vehicles drive only its "
        "own trips ({locations})."
    ),
    "optimiser.leases_kept": (
        "{count} leased vehicles stay until their lease ends (early return not "
        "allowed): {vehicles}."
    ),
    "optimiser.early_returns": (
        "{count} leased vehicles returned early, early-termination cost "
        "{cost_dkk} kr/yr included: {vehicles}."
    ),
}


class Note(str):
    """An English message that knows its catalogue key and parameters."""

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, **params: Any) -> Note:
        note = super().__new__(cls, ENGLISH[code].format(**params))
        note.code = code
        note.params = dict(params)
        return note

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}


def note_dicts(messages: tuple[str, ...]) -> list[dict[str, Any] | None]:
    """Each message's key and parameters (None: a plain string, shown as it is)."""
    return [m.to_dict() if isinstance(m, Note) else None for m in messages]
