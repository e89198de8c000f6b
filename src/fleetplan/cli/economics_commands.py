"""``fleetplan tco``: per-vehicle TCO/km and life-cycle CO2e/km of a dataset.

The dataset comes from a neutral-format folder (``--data``) or the database
(``--db``); a factor set stored in the database wins over a built-in one of the
same name.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import fields
from datetime import datetime
from pathlib import Path
from typing import Any

import typer

from fleetplan.cli.main import app
from fleetplan.cli.sources import load_stored
from fleetplan.domain import Dataset, FactorSet, Period
from fleetplan.economics import (
    DEFAULT_FACTOR_SET_NAME,
    VehicleEconomics,
    annualisation_factor,
    builtin_factor_sets,
    fleet_economics,
    get_builtin_factor_set,
)
from fleetplan.ingest import DatasetError, factor_overrides_from_meta, read_dataset

_COLUMNS: tuple[tuple[str, str, int, str], ...] = (
    # header, attribute, width, format
    ("vehicle", "vehicle_id", 10, "s"),
    ("name", "name", 24, "s"),
    ("km/yr", "yearly_km", 9, ",.0f"),
    ("fixed kr", "fixed_dkk_per_year", 10, ",.0f"),
    ("energy kr", "energy_dkk_per_year", 10, ",.0f"),
    ("CO2e kr", "societal_co2e_dkk_per_year", 9, ",.0f"),
    ("total kr", "total_dkk_per_year", 10, ",.0f"),
    ("TCO kr/km", "tco_dkk_per_km", 10, ".2f"),
    ("LCA kg/km", "lifecycle_co2e_kg_per_km", 10, ".3f"),
)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(code=2)


def _meta_period(meta: Mapping[str, Any]) -> Period | None:
    raw = meta.get("period")
    if not isinstance(raw, Mapping) or not raw.get("start") or not raw.get("end"):
        return None
    return Period(
        datetime.fromisoformat(str(raw["start"])),
        datetime.fromisoformat(str(raw["end"])),
    )


def select_period(
    data: Dataset, start: datetime | None, end: datetime | None
) -> Period | None:
    """--start/--end, else meta.json's period, else the data span (or None)."""
    span = data.data_span()
    fallback = _meta_period(data.meta) or span
    if start is None and end is None:
        return fallback
    first = start or (fallback.start if fallback else None)
    last = end or (fallback.end if fallback else None)
    if first is None or last is None:
        raise ValueError("give both --start and --end: the dataset has no roundtrips.")
    if last <= first:
        raise ValueError(f"--end ({last}) must be after --start ({first}).")
    return Period(first, last)


def load_factors(
    name: str, data: Dataset, *, use_meta: bool, stored: FactorSet | None = None
) -> FactorSet:
    """The stored set of that name, else the built-in one; plus meta overrides."""
    factors = stored if stored is not None else get_builtin_factor_set(name)
    overrides = factor_overrides_from_meta(data.meta) if use_meta else {}
    if overrides:
        factors = factors.with_values(overrides, "dataset meta.json settings")
    return factors


def _cell(row: VehicleEconomics, attr: str, width: int, fmt: str) -> str:
    value = getattr(row, attr)
    if isinstance(value, float) and math.isinf(value):
        return "–".rjust(width)
    if fmt == "s":
        return str(value)[:width].ljust(width)
    return format(value, fmt).rjust(width)


def _json_value(value: Any) -> Any:
    if isinstance(value, float):
        return None if math.isinf(value) else round(value, 4)
    return value


@app.command("tco")
def tco_table(
    data: Path | None = typer.Option(
        None, "--data", help="A folder in the neutral CSV format."
    ),
    db: str | None = typer.Option(
        None, "--db", help="Database URL to read the stored dataset from instead."
    ),
    factors_name: str = typer.Option(
        DEFAULT_FACTOR_SET_NAME,
        "--factors",
        help="Factor set name (stored or built-in).",
    ),
    start: datetime | None = typer.Option(
        None, help="Period start (default: meta.json period or data span)."
    ),
    end: datetime | None = typer.Option(None, help="Period end."),
    ignore_meta_factors: bool = typer.Option(
        False, help="Do not apply the prices/factors in the dataset's meta.json."
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print JSON instead of a table."
    ),
) -> None:
    """Per-vehicle yearly km, fixed, energy, CO2e cost, total, TCO/km and LCA/km."""
    if (data is None) == (db is None):
        raise _fail("give exactly one of --data DIR and --db URL.")
    stored: FactorSet | None = None
    if data is not None:
        try:
            dataset = read_dataset(data)
        except DatasetError as exc:
            raise _fail(str(exc)) from exc
    else:
        dataset, stored = load_stored(str(db), factors_name)
    try:
        factors = load_factors(
            factors_name, dataset, use_meta=not ignore_meta_factors, stored=stored
        )
        period = select_period(dataset, start, end)
        rows = fleet_economics(dataset, factors, period)
    except (KeyError, ValueError) as exc:
        raise _fail(str(exc).strip("'\"")) from exc
    span = dataset.data_span()
    to_year = annualisation_factor(period, span, factors) if period else 0.0
    if as_json:
        payload = {
            "factor_set": factors.name,
            "period": {
                "start": period.start.isoformat() if period else None,
                "end": period.end.isoformat() if period else None,
            },
            "annualisation_factor": round(to_year, 6),
            "vehicles": [
                {f.name: _json_value(getattr(r, f.name)) for f in fields(r)}
                for r in rows
            ],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    typer.echo(
        f"factor set {factors.name}; period "
        f"{period.start:%Y-%m-%d %H:%M} – {period.end:%Y-%m-%d %H:%M}; "
        f"yearly = period × {to_year:.4f}"
        if period
        else f"factor set {factors.name}; no roundtrips"
    )
    typer.echo(
        " ".join(h.rjust(w) if f != "s" else h.ljust(w) for h, _, w, f in _COLUMNS)
    )
    for row in rows:
        typer.echo(" ".join(_cell(row, a, w, f) for _, a, w, f in _COLUMNS))
    total = sum(r.total_dkk_per_year for r in rows)
    km = sum(r.yearly_km for r in rows)
    typer.echo(f"fleet: {km:,.0f} km/yr, {total:,.0f} kr/yr")


@app.command("factors")
def factors_command(
    name: str | None = typer.Argument(None, help="A built-in set; omit to list them."),
    as_json: bool = typer.Option(False, "--json", help="Print the set as JSON."),
) -> None:
    """List the built-in factor sets, or show one: value, unit, year and source."""
    if name is None:
        sets = builtin_factor_sets()
        if as_json:
            typer.echo(json.dumps([s.to_dict() for s in sets], ensure_ascii=False))
            return
        for factor_set in sets:
            default = " (default)" if factor_set.name == DEFAULT_FACTOR_SET_NAME else ""
            typer.echo(f"{factor_set.name}{default}: {factor_set.description}")
        return
    try:
        factor_set = get_builtin_factor_set(name)
    except KeyError as exc:
        raise _fail(str(exc).strip("'\"")) from exc
    if as_json:
        typer.echo(json.dumps(factor_set.to_dict(), ensure_ascii=False))
        return
    typer.echo(f"{factor_set.name} (valid from {factor_set.valid_from}):")
    typer.echo(factor_set.description)
    for option_name, value in sorted(factor_set.options.items()):
        typer.echo(f"  option {option_name} = {value}")
    for key, item in sorted(factor_set.values.items()):
        typer.echo(
            f"  {key:<36} {item.value:>10g} {item.unit:<12} {item.year or '':<5}"
            f" {item.source}"
        )
