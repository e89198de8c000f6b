"""Two saved scenarios side by side: yearly key figures and fleet counts, B − A.

The simulated side of each scenario is compared (its results are
``report_to_dict``'s); fleet counts are the simulated vehicles per make and model.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from fleetplan.domain import Scenario
from fleetplan.texts.numbers import format_number
from fleetplan.web.export import rows_to_xlsx
from fleetplan.web.simulation_tables import FIGURES
from fleetplan.web.translate import translate

COLUMNS = ("label", "a", "b", "diff")


def figure_comparison(
    a: dict[str, Any], b: dict[str, Any]
) -> list[tuple[str, float, float, int]]:
    """(catalogue key, A, B, decimals): trips, then each key figure simulated."""
    rows = [("sim.row.trips", float(a["trips"]), float(b["trips"]), 0)]
    rows += [
        (  # older scenarios have no unserved count: 0
            f"sim.row.{key}",
            float(a["simulated"].get(f, 0)),
            float(b["simulated"].get(f, 0)),
            d,
        )
        for key, f, d in FIGURES
    ]
    return rows


def fleet_counts(result: dict[str, Any]) -> Counter[str]:
    """Simulated vehicles per make and model."""
    return Counter(str(v["name"]) for v in result["simulated"]["vehicles"])


def fleet_comparison(
    a: dict[str, Any], b: dict[str, Any]
) -> list[tuple[str, int, int]]:
    """(make and model, count in A, count in B), by name; models in either."""
    ca, cb = fleet_counts(a), fleet_counts(b)
    return [(name, ca[name], cb[name]) for name in sorted(set(ca) | set(cb))]


def _change(count: int) -> str:
    """A change in vehicles: "+2", "-1", or "0" (no sign when nothing changed)."""
    return f"{count:+d}" if count else "0"


def comparison_rows(
    a: dict[str, Any], b: dict[str, Any], language: str
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Display rows of the figures table and the fleet table."""
    figures = [
        {
            "label": translate(language, key),
            "a": format_number(x, d, language),
            "b": format_number(y, d, language),
            "diff": format_number(y - x, d, language),
        }
        for key, x, y, d in figure_comparison(a, b)
    ]
    fleet = [
        {"label": name, "a": str(x), "b": str(y), "diff": _change(y - x)}
        for name, x, y in fleet_comparison(a, b)
    ]
    return figures, fleet


def comparison_xlsx(a: Scenario, b: Scenario, language: str) -> bytes:
    """One sheet: the key figures, a blank row, then the fleet counts."""
    ra, rb = dict(a.results), dict(b.results)
    rows: list[list[Any]] = [
        [translate(language, key), x, y, y - x]
        for key, x, y, _ in figure_comparison(ra, rb)
    ]
    rows.append([])
    rows.append([translate(language, "scen.fleet_heading"), "", "", ""])
    rows += [[name, x, y, y - x] for name, x, y in fleet_comparison(ra, rb)]
    headers = [
        translate(language, "scen.col.figure"),
        a.name,
        b.name,
        translate(language, "scen.col.diff"),
    ]
    return rows_to_xlsx(translate(language, "scen.compare_sheet"), headers, rows)
