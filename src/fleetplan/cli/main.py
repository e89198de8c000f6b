"""The Typer application every command module registers on."""

from __future__ import annotations

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
def _root() -> None:
    """Fleetplan command line."""
