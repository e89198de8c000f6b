"""Klimavurdering: 2–4 fleet options side by side for a committee case.

Each option is a saved simulation scenario (its simulated fleet) or the fleet of
today that a scenario compared against. Every figure is the scenario's own,
per year (the simulated period annualised × 365 / days, as the simulation
reports it):

- TCO: fixed cost + energy + trips left to taxi, rental or own car; the valued
  CO2e (the factor set's CO2 price) is shown on its own line, not in the TCO;
- life-cycle CO2e: driving (well-to-wheel) plus production and end of life
  spread over the service life (``economics.lifecycle``), summed over vehicles;
- well-to-wheel CO2e: fuel and electricity production plus the exhaust;
- service level: the share of the period's trips that are served, by the fleet
  or by an external option; the fleet's own share is shown beside it;
- assumptions: the factor values the simulation used, with their sources.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fleetplan.domain import FactorSet, Scenario
from fleetplan.reports.document import (
    Column,
    Document,
    Section,
    Table,
    format_plain,
)
from fleetplan.reports.labels import Labels

MIN_OPTIONS, MAX_OPTIONS = 2, 4
# the factor values a committee reads the figures by (prefixes of their keys)
ASSUMPTION_PREFIXES = (
    "price.",
    "co2e_wtw.",
    "co2e_ttw.",
    "co2_price",
    "tco.",
    "lca.service_life_years",
    "lca.battery_kg_per_kwh",
    "lca.production.",
)


@dataclass(frozen=True, slots=True)
class OptionFigures:
    """One option's yearly figures."""

    name: str
    side: str  # "simulated": the scenario's fleet; "current": today's it compared with
    period_start: str
    period_end: str
    vehicles: int
    tco_dkk: float
    co2_cost_dkk: float
    co2e_lifecycle_t: float
    co2e_wtw_t: float
    co2e_ttw_t: float
    co2e_external_t: float
    trips: int
    unallocated: int
    unserved: int

    @property
    def service_level(self) -> float:
        return (self.trips - self.unserved) / self.trips if self.trips else 1.0

    @property
    def fleet_share(self) -> float:
        return (self.trips - self.unallocated) / self.trips if self.trips else 1.0


@dataclass(frozen=True, slots=True)
class Assumption:
    key: str
    unit: str
    values: tuple[Any, ...]  # per option (None: the option's run did not record it)
    source: str  # "meta:<setting>", "user" or the factor set's source text


@dataclass(frozen=True, slots=True)
class ClimateAssessment:
    options: tuple[OptionFigures, ...]
    assumptions: tuple[Assumption, ...]
    factor_set: str


def option_figures(name: str, results: Mapping[str, Any], side: str) -> OptionFigures:
    """The yearly figures of ``side`` ("simulated" or "current") of a result."""
    fleet = results[side]
    vehicles = fleet.get("vehicles") or []

    def total(field: str) -> float:
        return float(sum(float(v.get(field) or 0.0) for v in vehicles))

    period = results.get("period") or {}
    co2e_vehicles = total("co2e_t")
    return OptionFigures(
        name=name,
        side=side,
        period_start=str(period.get("start") or "")[:10],
        period_end=str(period.get("end") or "")[:10],
        vehicles=len(vehicles),
        tco_dkk=float(fleet["total_cost_dkk"])
        - float(fleet.get("societal_co2_cost_dkk") or 0.0),
        co2_cost_dkk=float(fleet.get("societal_co2_cost_dkk") or 0.0),
        co2e_lifecycle_t=total("co2e_lifecycle_t"),
        co2e_wtw_t=total("co2e_wtw_t"),
        co2e_ttw_t=total("co2e_ttw_t"),
        co2e_external_t=max(0.0, float(fleet.get("co2e_t") or 0.0) - co2e_vehicles),
        trips=int(results.get("trips") or 0),
        unallocated=int(fleet.get("unallocated") or 0),
        unserved=int(fleet.get("unserved") or 0),
    )


def _wanted(key: str) -> bool:
    return key.startswith(ASSUMPTION_PREFIXES)


def _assumptions(
    results: Sequence[Mapping[str, Any]], factors: FactorSet
) -> tuple[Assumption, ...]:
    """Per factor key: each option's value and where it came from. A run that
    recorded its settings (``settings_sources``) gives its own values; else the
    factor set's value stands for it."""
    per_run: list[dict[str, dict[str, Any]]] = []
    for result in results:
        rows = (result.get("settings_sources") or {}).get("rows") or []
        per_run.append({str(r["key"]): r for r in rows if _wanted(str(r["key"]))})
    keys = sorted(
        {k for run in per_run for k in run} | set(filter(_wanted, factors.values))
    )
    out = []
    for key in keys:
        known = factors.values.get(key)
        values, origin = [], None
        for run in per_run:
            row = run.get(key)
            if row is None:
                values.append(known.value if known else None)
                continue
            values.append(row.get("value"))
            if row.get("origin") == "meta":
                origin = f"meta:{row.get('detail')}"
            elif row.get("origin") == "user":
                origin = origin or "user"
        unit = known.unit if known else ""
        for run in per_run:
            unit = unit or str((run.get(key) or {}).get("unit") or "")
        source = origin or (known.source if known else "")
        out.append(Assumption(key, unit, tuple(values), source))
    return tuple(out)


def climate_assessment(
    options: Sequence[tuple[Scenario, str]], factors: FactorSet
) -> ClimateAssessment:
    """The assessment of ``options``: (scenario, side) pairs, side "simulated"
    (the scenario's fleet) or "current" (the fleet of today it compared with).

    Raises ``ValueError`` unless there are 2 to 4 options.
    """
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        raise ValueError(
            f"a climate assessment compares {MIN_OPTIONS}-{MAX_OPTIONS} options, "
            f"got {len(options)}."
        )
    figures = []
    for scenario, side in options:
        if side not in ("simulated", "current"):
            raise ValueError(f"side must be 'simulated' or 'current', got {side!r}.")
        figures.append(option_figures(scenario.name, scenario.results, side))
    return ClimateAssessment(
        tuple(figures),
        _assumptions([s.results for s, _ in options], factors),
        factors.name,
    )


def _value_text(values: tuple[Any, ...], language: str) -> str:
    def text(value: Any) -> str:
        if value is None:
            return "–"
        if isinstance(value, int | float):
            return format_plain(float(value), language)
        return str(value)

    shown = values if len(set(map(repr, values))) > 1 else values[:1]
    return " / ".join(text(v) for v in shown)


def option_name(option: OptionFigures, labels: Labels) -> str:
    """The option's heading: the scenario's name, or today's fleet it compared
    with."""
    if option.side == "current":
        return labels("council.option.today", scenario=option.name)
    return option.name


def _source_text(source: str, labels: Labels) -> str:
    if source.startswith("meta:"):
        return labels("council.src.meta", setting=source.removeprefix("meta:"))
    if source == "user":
        return labels("council.src.user")
    return labels.source(source) if source else labels("council.src.none")


def climate_document(assessment: ClimateAssessment, labels: Labels) -> Document:
    """The assessment as a report in ``labels``' language."""
    options = assessment.options
    columns = (
        Column(labels("council.col.figure"), width=2.4),
        *(Column(option_name(o, labels), decimals=1, width=1.3) for o in options),
    )

    lines = (
        ("council.fig.tco", [o.tco_dkk for o in options], 0),
        ("council.fig.co2_cost", [o.co2_cost_dkk for o in options], 0),
        ("council.fig.lca", [o.co2e_lifecycle_t for o in options], 1),
        ("council.fig.wtw", [o.co2e_wtw_t for o in options], 1),
        ("council.fig.ttw", [o.co2e_ttw_t for o in options], 1),
        ("council.fig.external", [o.co2e_external_t for o in options], 1),
        ("council.fig.service", [o.service_level * 100 for o in options], 1),
        ("council.fig.fleet_share", [o.fleet_share * 100 for o in options], 1),
        ("council.fig.vehicles", [o.vehicles for o in options], 0),
        ("council.fig.trips", [o.trips for o in options], 0),
    )
    figures = Table(
        labels("council.climate.table"),
        labels("council.climate.sheet"),
        columns,
        tuple((labels(key), *values) for key, values, _ in lines),
        row_decimals=tuple(d for _, _, d in lines),
    )
    periods = Table(
        labels("council.climate.periods"),
        labels("council.climate.periods_sheet"),
        (
            Column(labels("council.col.option"), width=2.0),
            Column(labels("council.col.start")),
            Column(labels("council.col.end")),
        ),
        tuple((option_name(o, labels), o.period_start, o.period_end) for o in options),
    )
    assumptions = Table(
        labels("council.climate.assumptions"),
        labels("council.climate.assumptions_sheet"),
        (
            Column(labels("council.col.key"), width=2.4),
            Column(labels("council.col.value"), width=0.9),
            Column(labels("council.col.unit"), width=0.9),
            Column(labels("council.col.source"), width=3.0),
            Column(labels("council.col.id"), width=1.3),
        ),
        tuple(
            (
                labels.factor(a.key),
                _value_text(a.values, labels.language),
                labels.unit(a.unit),
                _source_text(a.source, labels),
                a.key,
            )
            for a in assessment.assumptions
        ),
    )
    return Document(
        title=labels("council.climate.title"),
        subtitle=labels("council.climate.subtitle", count=len(options)),
        language=labels.language,
        page_label=labels("council.page"),
        facts=(
            (
                labels("council.fact.options"),
                ", ".join(option_name(o, labels) for o in options),
            ),
            (labels("council.fact.factor_set"), assessment.factor_set),
        ),
        sections=(
            Section(
                labels("council.climate.figures_heading"),
                paragraphs=(labels("council.climate.method"),),
                tables=(figures, periods),
            ),
            Section(
                labels("council.climate.assumptions_heading"),
                paragraphs=(labels("council.climate.assumptions_intro"),),
                tables=(assumptions,),
            ),
        ),
    )
