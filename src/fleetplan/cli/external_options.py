"""``--external-options`` of ``fleetplan simulate`` and ``optimise``: which
external options may replace a trip, per vehicle category or department.

Each value is ``CATEGORY=KINDS`` or ``department:NAME=KINDS``, KINDS a comma list
of taxi, rental, allowance, or ``none``; e.g. ``--external-options van=taxi,rental
--external-options "department:Vej og Park=none"``. They replace the dataset's
(or database's) rules for what they name; the rest keep theirs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from fleetplan.cli.sources import fail
from fleetplan.domain import ExternalRules, VehicleCategory
from fleetplan.domain.external_rules import parse_kinds
from fleetplan.simulate import SimulationInput

DEPARTMENT_PREFIX = "department:"

OPTION_HELP = (
    "Allowed external options, CATEGORY=taxi,rental,allowance|none or "
    "department:NAME=...; repeat for more (categories: "
    + ", ".join(c.value for c in VehicleCategory)
    + ")."
)


def parse_external_options(values: Sequence[str], base: ExternalRules) -> ExternalRules:
    """``base`` with the given categories' and departments' options replaced."""
    by_category = dict(base.by_category)
    by_department = dict(base.by_department)
    for value in values:
        key, sep, kinds_text = value.partition("=")
        key = key.strip()
        try:
            kinds = parse_kinds(kinds_text)
        except ValueError as exc:
            raise fail(f"--external-options «{value}»: {exc}") from exc
        if not sep or not key:
            raise fail(
                f"--external-options «{value}» must look like van=rental,taxi or "
                "department:NAME=none."
            )
        if key.startswith(DEPARTMENT_PREFIX):
            by_department[key[len(DEPARTMENT_PREFIX) :].strip()] = kinds
            continue
        try:
            by_category[VehicleCategory(key)] = kinds
        except ValueError:
            known = ", ".join(c.value for c in VehicleCategory)
            raise fail(
                f"--external-options: unknown category «{key}»; use one of {known} "
                "or department:NAME."
            ) from None
    return ExternalRules(by_category, by_department)


def with_external_options(
    inp: SimulationInput, values: Sequence[str] | None
) -> SimulationInput:
    """``inp`` with the command line's external-option rules applied."""
    if not values:
        return inp
    rules = parse_external_options(values, inp.settings.external)
    return replace(inp, settings=replace(inp.settings, external=rules))
