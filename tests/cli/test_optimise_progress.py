"""``fleetplan optimise``'s progress bar and its contract options."""

from __future__ import annotations

import io

import pytest
import typer
from rich.console import Console

from fleetplan.cli.optimise_command import contract_terms
from fleetplan.cli.optimise_progress import progress_bar
from tests.optimise.helpers import dataset


def test_the_bar_shows_stage_and_gap_on_a_terminal_only() -> None:
    """On a terminal the bar names the stage and the running gap; with --json
    (enabled false) or without a terminal there is no bar at all."""
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120)
    with progress_bar(True, console) as (on_progress, on_gap):
        assert on_progress is not None and on_gap is not None
        on_progress("optimise.solving", 10.0)
        on_gap(0.0123)
        console.print("")  # the bar is drawn on refresh and when printing
    text = out.getvalue()
    assert "finding the best fleets" in text
    assert "gap 1.23 %" in text
    with progress_bar(False, console) as hooks:
        assert hooks == (None, None)
    plain = Console(file=io.StringIO(), force_terminal=False)
    with progress_bar(True, plain) as hooks:
        assert hooks == (None, None)


def test_early_return_options() -> None:
    """'all', ids and ID=KR fees; unknown ids and bad fees are refused."""
    ds = dataset()
    assert contract_terms(ds, "all", None).early_return_all
    terms = contract_terms(ds, "c1,c2", ["c1=12000"])
    assert terms.early_return == {"c1", "c2"}
    assert terms.termination_fee_dkk == {"c1": 12_000.0}
    assert not contract_terms(ds, None, None).early_return_all
    for bad in (("c9", None), (None, ["c1=lots"]), (None, ["c1=-5"])):
        with pytest.raises(typer.Exit):
            contract_terms(ds, *bad)
