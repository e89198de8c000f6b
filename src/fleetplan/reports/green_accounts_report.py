"""Grønt regnskab: the fleet's yearly figures in the green accounts' layout.

Per calendar year: km, CO2e tank-to-wheel (the exhaust; scope 1), well-to-wheel
(with the production of fuel and electricity) and life cycle (well-to-wheel
plus the vehicles' production and end of life over their service life), and
the fossil-free share of the km; then the same per administration and per
department, and energy by fuel. The figures are ``analytics.green_accounts``'
and ``analytics.fuel_accounts``' (the Rapporter page's green tab), so the
report and the page always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, time, timedelta

from fleetplan.analytics import (
    AnalysisFilter,
    GreenAccounts,
    factor_set_for,
    green_accounts,
    rates_for,
    select,
)
from fleetplan.analytics.fuel_accounts import FuelAccounts
from fleetplan.analytics.green_accounts import ALL_ADMINISTRATIONS, UNKNOWN
from fleetplan.analytics.report_service import green_report
from fleetplan.analytics.selection import yearly_km_by_vehicle
from fleetplan.domain import Dataset, FactorSet
from fleetplan.reports.document import Column, Document, Section, Table
from fleetplan.reports.labels import Labels


@dataclass(frozen=True, slots=True)
class GreenAccountsData:
    period_start: str
    period_end: str  # the last day included
    factor_set: str
    by_administration: GreenAccounts  # with a total row per year
    by_department: GreenAccounts
    fuels: FuelAccounts


def green_accounts_data(
    dataset: Dataset,
    flt: AnalysisFilter | None = None,
    *,
    factors: FactorSet | None = None,
) -> GreenAccountsData:
    """The figures of the selected period (default: the data's own)."""
    factors = factors or factor_set_for(dataset)
    report = green_report(dataset, flt, factors=factors)
    # by department: the same accounts with each vehicle's department as its unit
    sel = select(dataset, replace(flt or AnalysisFilter(), today=date.min))
    rates = rates_for(sel.vehicles, factors, yearly_km_by_vehicle(sel))
    as_department = [replace(v, administration=v.department) for v in sel.vehicles]
    end = report.period.end  # exclusive
    last_day = end.date() - timedelta(days=1) if end.time() == time.min else end.date()
    return GreenAccountsData(
        period_start=report.period.start.date().isoformat(),
        period_end=last_day.isoformat(),
        factor_set=factors.name,
        by_administration=report.accounts,
        by_department=green_accounts(as_department, sel.roundtrips, rates),
        fuels=report.fuels,
    )


def _figure_columns(labels: Labels) -> tuple[Column, ...]:
    return (
        Column(labels("council.col.km"), decimals=0),
        Column(labels("council.col.ttw_t"), decimals=1),
        Column(labels("council.col.wtw_t"), decimals=1),
        Column(labels("council.col.lca_t"), decimals=1),
        Column(labels("council.col.fossil_free"), decimals=1, percent=True),
    )


def _unit_table(
    accounts: GreenAccounts, labels: Labels, unit: str, total: bool
) -> Table:
    rows = []
    for row in accounts.rows:
        if (row.administration == ALL_ADMINISTRATIONS) != total:
            continue
        name = (
            labels("council.green.unknown")
            if row.administration == UNKNOWN
            else row.administration
        )
        rows.append(
            (
                row.year,
                *(() if total else (name,)),
                round(row.distance_km),
                round(row.co2e_ttw_kg / 1000.0, 1),
                round(row.co2e_wtw_kg / 1000.0, 1),
                round(row.co2e_lifecycle_kg / 1000.0, 1),
                round(row.fossil_free_share, 3),
            )
        )
    first = (Column(labels("council.col.year"), width=0.6),)
    if not total:
        first += (Column(labels(f"council.col.{unit}"), width=2.2),)
    key = "total" if total else unit
    return Table(
        labels(f"council.green.{key}_table"),
        labels(f"council.green.{key}_sheet"),
        first + _figure_columns(labels),
        tuple(rows),
    )


def _fuel_table(fuels: FuelAccounts, labels: Labels) -> Table:
    def fuel_name(fuel: str) -> str:
        key = f"council.fuel.{fuel}"
        return labels(key) if labels.has(key) else labels("council.green.unknown")

    return Table(
        labels("council.green.fuel_table"),
        labels("council.green.fuel_sheet"),
        (
            Column(labels("council.col.year"), width=0.6),
            Column(labels("council.col.fuel"), width=1.2),
            Column(labels("council.col.vehicles"), decimals=0),
            Column(labels("council.col.km"), decimals=0),
            Column(labels("council.col.litres"), decimals=0),
            Column(labels("council.col.kwh"), decimals=0),
            Column(labels("council.col.ttw_t"), decimals=1),
            Column(labels("council.col.wtw_t"), decimals=1),
        ),
        tuple(
            (
                r.year,
                fuel_name(r.fuel),
                r.vehicles,
                round(r.distance_km),
                round(r.fuel_l),
                round(r.electricity_kwh),
                round(r.co2e_ttw_kg / 1000.0, 1),
                round(r.co2e_wtw_kg / 1000.0, 1),
            )
            for r in fuels.rows
        ),
    )


def green_accounts_document(data: GreenAccountsData, labels: Labels) -> Document:
    """The accounts in ``labels``' language."""
    return Document(
        title=labels("council.green.title"),
        subtitle=labels(
            "council.green.subtitle", start=data.period_start, end=data.period_end
        ),
        language=labels.language,
        page_label=labels("council.page"),
        facts=((labels("council.fact.factor_set"), data.factor_set),),
        sections=(
            Section(
                labels("council.green.total_heading"),
                paragraphs=(labels("council.green.method"),),
                tables=(_unit_table(data.by_administration, labels, "", True),),
            ),
            Section(
                labels("council.green.units_heading"),
                tables=(
                    _unit_table(
                        data.by_administration, labels, "administration", False
                    ),
                    _unit_table(data.by_department, labels, "department", False),
                ),
            ),
            Section(
                labels("council.green.fuel_heading"),
                paragraphs=(labels("council.green.fuel_intro"),),
                tables=(_fuel_table(data.fuels, labels),),
            ),
        ),
    )
