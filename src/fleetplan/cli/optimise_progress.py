"""``fleetplan optimise``'s progress bar: the stage, its percentage, the running
MIP gap and the time, on stderr and only on a terminal (never with ``--json``),
so a long run is not silent for minutes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

OnProgress = Callable[[str, float], None]
OnGap = Callable[[float], None]

# the engine's stage keys in English (the web has them in its catalogues)
STAGES: dict[str, str] = {
    "optimise.building": "building the model",
    "optimise.solving": "finding the best fleets",
    "optimise.verifying": "verifying a fleet by the exact allocation",
    "optimise.pareto": "computing the Pareto front",
    "optimise.done": "done",
}


@contextmanager
def progress_bar(
    enabled: bool, console: Console | None = None
) -> Iterator[tuple[OnProgress | None, OnGap | None]]:
    """``(on_progress, on_gap)`` for ``optimise_fleet``; both None when the bar is
    off (``enabled`` false or stderr not a terminal)."""
    console = console or Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield None, None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f} %"),
        TextColumn("{task.fields[gap]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("starting", total=100.0, gap="")

        def on_progress(stage: str, percent: float) -> None:
            bar.update(
                task, description=STAGES.get(stage, stage), completed=percent, gap=""
            )

        def on_gap(gap: float) -> None:
            bar.update(task, gap=f"gap {100.0 * gap:.2f} %")

        yield on_progress, on_gap
