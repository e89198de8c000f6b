"""Failures of a job the user can fix: a message key, its parameters and English.

The job's ``error`` column is one string, so a failure with parameters is stored
as the JSON ``{"code", "params", "message"}`` (``encode_error``); a plain key
(``job.failed``, ``job.interrupted``) or an older plain message stays as it was.
``decode_error`` reads either, for the pages (which translate ``code``) and the
API (which returns all three).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the runner imports this module; keep it light
    from fleetplan.domain import Dataset
    from fleetplan.simulate import FleetEntry


class JobFailure(ValueError):
    """A failure the user can fix; ``code`` is a catalogue key."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        self.code = code
        self.params = {k: str(v) for k, v in params.items()}
        self.user_message = message.format(**self.params)
        super().__init__(self.user_message)


@dataclass(frozen=True, slots=True)
class JobError:
    code: str
    params: dict[str, str] = field(default_factory=dict)
    message: str = ""


def error_of(exc: BaseException) -> str | None:
    """The stored error of ``exc``, or None when it is not the user's to fix.

    An exception with a catalogue ``code`` (a dotted key) and ``params`` is
    stored as JSON; one with only a ``user_message`` as that message.
    """
    code, params = getattr(exc, "code", None), getattr(exc, "params", None)
    message = getattr(exc, "user_message", None)
    if isinstance(code, str) and "." in code and isinstance(params, dict):
        return encode_error(JobError(code, params, str(message or exc)))
    return str(message) if message else None


def encode_error(error: JobError) -> str:
    return json.dumps(
        {"code": error.code, "params": error.params, "message": error.message},
        ensure_ascii=False,
    )


def decode_error(text: str) -> JobError:
    """The stored error as code, params and message (a plain string is all of
    the code and the message)."""
    if text.startswith("{"):
        try:
            raw = json.loads(text)
            return JobError(
                str(raw["code"]),
                {str(k): str(v) for k, v in dict(raw["params"]).items()},
                str(raw.get("message", "")),
            )
        except (ValueError, KeyError, TypeError):
            pass
    return JobError(text, {}, text)


def check_homes(
    entries: Iterable[FleetEntry], dataset: Dataset, locations: Sequence[str] | None
) -> None:
    """Every vehicle of the fleet has a home, or ``job.no_home`` names those that
    have none (rows of older databases; the register now refuses them).

    As in the engine, a vehicle without a home lives at the run's only location
    when there is one; with several, the engine could only fail without a name.
    """
    pool = locations or [loc.location_id for loc in dataset.locations]
    if len(pool) <= 1:
        return
    homeless = sorted(
        {
            e.vehicle.vehicle_id
            for e in entries
            if e.count
            and e.location_id is None
            and e.vehicle.location_id is None
            and not e.vehicle.is_candidate
        }
    )
    if homeless:
        raise JobFailure(
            "job.no_home",
            "vehicles {vehicles} have no home location; give each one in the "
            "vehicle register (or leave them out of the run).",
            vehicles=", ".join(homeless),
            count=len(homeless),
        )
