"""The ``fleetplan`` group loads a command's module only when that command runs.

The command modules import polars, SQLAlchemy, the optimiser and openpyxl (over
two seconds together); ``fleetplan --help`` lists the commands from ``INDEX``
without importing any of them, and ``fleetplan ingest`` imports only
``gps_commands``. A test keeps ``INDEX`` equal to what the modules register.
"""

from __future__ import annotations

import importlib
from typing import Any

import click
from typer.core import TyperGroup

# command -> (module that registers it, first paragraph of its help)
INDEX: dict[str, tuple[str, str]] = {
    "analyse": ("analyse_command", "Run one analysis with optional filters."),
    "connector": (
        "connector_commands",
        "Fleet-system connectors (GPS and trips): add, list, run, and run those due.",
    ),
    "dataset-info": (
        "dataset_info",
        "Print counts of a dataset folder as JSON (no database involved).",
    ),
    "demo": (
        "web_commands",
        "Start Fleetplan on the demo municipality (built on the first run).",
    ),
    "export": (
        "store_commands",
        "Export the stored dataset in the neutral format (CSV folder or xlsx).",
    ),
    "factors": (
        "economics_commands",
        "List the built-in factor sets, or show one: value, unit, year and source.",
    ),
    "gps-precision": (
        "gps_commands",
        "Dry run: precision per location, and optionally a candidate parking point.",
    ),
    "import": (
        "store_commands",
        "Validate and import a dataset; on any error nothing is written.",
    ),
    "ingest": (
        "gps_commands",
        "Ingest one GPS file into roundtrips, continuing from the last file run, "
        "and print the run's summary (also stored with the sync status).",
    ),
    "init-demo": (
        "store_commands",
        "Build the demo municipality and store it, replacing the stored dataset.",
    ),
    "org": ("org_commands", "Organisations (tenants): add and list."),
    "optimise": (
        "optimise_command",
        "Choose the fleet mix minimising weighted yearly cost and CO2e.",
    ),
    "plan": (
        "plan_command",
        "Plan the fossil vehicles' replacement or phase-out year by year (exact).",
    ),
    "report": (
        "report_commands",
        "Write a council report (PDF or xlsx, Danish or English).",
    ),
    "retention": (
        "gps_commands",
        "Delete stored roundtrips that ended more than the retention period ago.",
    ),
    "serve": ("web_commands", "Run the web app on a configured database."),
    "simulate": (
        "simulate_command",
        "Allocate the period's trips to a fleet (exact) and compare with today.",
    ),
    "status": ("store_commands", "Rows per table and vehicles per status."),
    "suitability": (
        "suitability_command",
        "Catalogue EVs per fossil vehicle, why not, and the charge points needed.",
    ),
    "sync": (
        "gps_commands",
        "Run every configured connector once; exit 1 when any of them failed. Runs "
        "take each connector's lock, so they never overlap a scheduled run.",
    ),
    "tco": (
        "economics_commands",
        "Per-vehicle yearly km, fixed, energy, CO2e cost, total, TCO/km and LCA/km.",
    ),
    "user": ("web_commands", "User accounts."),
    "worker": (
        "worker_command",
        "Run simulations, optimisations and periodic tasks for the web apps on the "
        "same PostgreSQL database (stop with Ctrl+C: running jobs finish first).",
    ),
}


def load(name: str) -> None:
    """Import the module that registers command ``name`` on the app."""
    importlib.import_module(f"fleetplan.cli.{INDEX[name][0]}")


class LazyGroup(TyperGroup):
    """A Typer group whose commands come from ``INDEX`` until they are used."""

    _listing = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(INDEX) | set(self.commands))

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LookupError as exc:
            from fleetplan.store.scoped import OrganisationRequired

            if not isinstance(exc, OrganisationRequired):
                raise
            click.echo(f"Error: {exc}", err=True)  # several organisations, no --org
            ctx.exit(2)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in INDEX:
            if self._listing:  # help: the name and a line, no import
                return click.Command(cmd_name, help=INDEX[cmd_name][1])
            load(cmd_name)
            self._build(cmd_name)
        return super().get_command(ctx, cmd_name)

    def _build(self, cmd_name: str) -> None:
        from typer import main as typer_main

        from fleetplan.cli.main import app

        for info in app.registered_commands:
            name = info.name or typer_main.get_command_name(info.callback.__name__)  # type: ignore[union-attr]
            if name == cmd_name:
                self.commands[name] = typer_main.get_command_from_info(
                    info,
                    pretty_exceptions_short=app.pretty_exceptions_short,
                    rich_markup_mode=app.rich_markup_mode,
                )
        for group in app.registered_groups:
            if group.name == cmd_name:
                self.commands[cmd_name] = typer_main.get_group_from_info(
                    group,
                    pretty_exceptions_short=app.pretty_exceptions_short,
                    suggest_commands=True,
                    rich_markup_mode=app.rich_markup_mode,
                )

    def format_help(self, ctx: click.Context, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False
