"""Options that ``fleetplan simulate`` and ``fleetplan optimise`` share: the factor
set, meta.json, EVs without a range, external options and km budgets."""

from __future__ import annotations

import typer

from fleetplan.cli.external_options import OPTION_HELP as EXTERNAL_OPTIONS_HELP
from fleetplan.economics import DEFAULT_FACTOR_SET_NAME

FACTORS = typer.Option(
    None,
    help=f"Factor set name (default {DEFAULT_FACTOR_SET_NAME}); a named set's "
    "values win over meta.json's.",
)
IGNORE_META = typer.Option(
    False, "--ignore-meta", help="Ignore the dataset's meta.json settings."
)
REQUIRE_RANGE = typer.Option(
    False, "--require-range", help="Refuse EVs without a range (no assumption)."
)
EXTERNAL_OPTIONS = typer.Option(None, "--external-options", help=EXTERNAL_OPTIONS_HELP)
LIMIT_KM = typer.Option(False, "--limit-km", help="Enforce allowed km/yr.")
