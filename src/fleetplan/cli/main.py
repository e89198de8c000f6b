"""The Typer application every command module registers on."""

from __future__ import annotations

import sys

import typer

from fleetplan.cli.lazy_group import LazyGroup

# LazyGroup: a command's module is imported when the command runs (fast --help)
app = typer.Typer(
    cls=LazyGroup,
    name="fleetplan",
    help="Fleetplan: right-size a municipal vehicle fleet by TCO and life-cycle CO2e.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def _root(
    org: str | None = typer.Option(
        None,
        "--org",
        envvar="FLEETPLAN_ORG",
        help="The organisation a data command works on (its slug; default: the "
        "database's only one). Comes before the command: fleetplan --org x import.",
    ),
) -> None:
    """Fleetplan command line."""
    # (no import for a command without --org: store pulls in SQLAlchemy; a
    # process that ran an earlier command is told to forget its --org)
    if org is not None or "fleetplan.store.scoped" in sys.modules:
        from fleetplan.store.scoped import set_organisation_slug

        set_organisation_slug(org)
