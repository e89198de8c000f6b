"""``fleetplan --help`` and one command's run import only what they need."""

from __future__ import annotations

import inspect

from typer.testing import CliRunner

from fleetplan.cli.lazy_group import INDEX
from tests.cli.fresh_process import cli_in_fresh_process


def _first_paragraph(text: str | None) -> str:
    return " ".join((text or "").split("\n\n")[0].split())


def test_index_lists_every_command_with_its_module_and_help() -> None:
    """INDEX must name each registered command, its module and its help's first
    paragraph (update INDEX when a command or its docstring changes)."""
    import fleetplan.cli.commands  # noqa: F401  (registers every command)
    from fleetplan.cli.main import app

    found: dict[str, tuple[str, str]] = {}
    for info in app.registered_commands:
        assert info.name is not None and info.callback is not None
        module = info.callback.__module__.rsplit(".", 1)[-1]
        help_text = info.help or inspect.getdoc(info.callback)
        found[info.name] = (module, _first_paragraph(help_text))
    for group in app.registered_groups:
        typer_app = group.typer_instance
        assert group.name is not None and typer_app is not None
        module = typer_app.registered_commands[0].callback.__module__  # type: ignore[union-attr]
        help_text = typer_app.info.help
        found[group.name] = (module.rsplit(".", 1)[-1], _first_paragraph(help_text))  # type: ignore[arg-type]
    assert found == INDEX


def _imported_after(argv: list[str]) -> set[str]:
    return cli_in_fresh_process(argv)[1]


def test_help_imports_no_heavy_module() -> None:
    """The bug: --help imported every command module (3.5 s)."""
    loaded = _imported_after(["--help"])
    for heavy in ("polars", "sqlalchemy", "openpyxl", "highspy", "fleetplan.store"):
        assert heavy not in loaded
    assert "fleetplan.cli.gps_commands" not in loaded


def test_a_command_imports_only_its_own_module() -> None:
    loaded = _imported_after(["retention", "--help"])
    assert "fleetplan.cli.gps_commands" in loaded
    assert "fleetplan.cli.optimise_command" not in loaded
    assert "fleetplan.cli.analyse_command" not in loaded


def test_commands_run_through_the_lazy_group() -> None:
    from fleetplan.cli import app

    result = CliRunner().invoke(app, ["factors"])
    assert result.exit_code == 0, result.output
    listing = CliRunner().invoke(app, ["--help"])
    assert "gps-precision" in listing.output and "ingest" in listing.output
