"""The Typer application every command module registers on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="fleetplan",
    help="Fleetplan: right-size a municipal vehicle fleet by TCO and life-cycle CO2e.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def _root() -> None:
    """Fleetplan command line."""
