"""What a result says about its inputs: where each setting came from
(``ingest.provenance``) and the EVs that ran with an assumed range
(``simulate.ev_metadata``). CLI, jobs and the web add it to every simulation and
optimisation result under these keys."""

from __future__ import annotations

from typing import Any

from fleetplan.simulate.from_dataset import SimulationInput

SOURCES_KEY = "settings_sources"
MISSING_RANGE_KEY = "missing_range"


def input_report(inp: SimulationInput) -> dict[str, Any]:
    """``{settings_sources: ..., missing_range: ... | None}`` of a resolved input."""
    return {
        SOURCES_KEY: inp.provenance.to_dict() if inp.provenance else None,
        MISSING_RANGE_KEY: inp.missing_range.to_dict() if inp.missing_range else None,
    }


def report_lines(report: dict[str, Any]) -> list[str]:
    """The report as short English lines for the CLI (``--json`` has every row)."""
    lines = []
    sources = report.get(SOURCES_KEY)
    if sources:
        counts = sources["counts"]
        lines.append(
            f"settings: {counts['meta']} from meta.json, {counts['factor_set']} "
            f"from factor set {sources['factor_set']}, {counts['user']} from you, "
            f"{counts['default']} Fleetplan defaults"
            + (" (meta.json ignored)" if sources["ignore_meta"] else "")
        )
        for origin, label in (("meta", "from meta.json"), ("user", "set by you")):
            keys = [r["key"] for r in sources["rows"] if r["origin"] == origin]
            if keys:
                lines.append(f"  {label}: {', '.join(keys)}")
        unused = [
            r["key"] for r in sources["rows"] if r["unused_meta_value"] is not None
        ]
        if unused:
            lines.append(f"  meta.json values not used: {', '.join(unused)}")
    missing = report.get(MISSING_RANGE_KEY)
    if missing:
        lines.append(
            f"warning: EVs {', '.join(missing['vehicles'])} have no range in the "
            f"register; assumed {missing['assumed_range_km']:g} km (WLTP). Fill in "
            "range_km, or pass --require-range to refuse such runs."
        )
    return lines
