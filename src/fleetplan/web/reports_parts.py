"""The three parts of the Plan og rapporter page, built from the report services'
results (``fleetplan.analytics.report_service``). Display only: every figure comes
from the services; this module picks, labels and lays them out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nicegui import ui

from fleetplan.analytics.plan_business import PlanBusinessCase
from fleetplan.analytics.report_service import GreenReport, TransitionReport
from fleetplan.domain import Vehicle
from fleetplan.texts.numbers import format_number
from fleetplan.web.charts import chart, run_selection, set_chart_selection
from fleetplan.web.export import rows_to_xlsx
from fleetplan.web.reports_charts import (
    business_options,
    co2e_options,
    fleet_mix_options,
    grouped_options,
)
from fleetplan.web.reports_tables import (
    BUSINESS,
    CHARGERS,
    FLEET,
    FUELS,
    GREEN,
    PLAN,
    Table,
    day_label,
    display_rows,
    headers,
    period_days,
    value_label,
    with_location_names,
    with_vehicle_labels,
    with_year_labels,
    xlsx_rows,
)
from fleetplan.web.shell import empty_state
from fleetplan.web.translate import current_language, t


def transition_tables(
    report: TransitionReport,
    names: Mapping[str, str],
    language: str,
    vehicles: Mapping[str, Vehicle] | None = None,
) -> list[Table]:
    rows = report.to_rows()
    plan = with_vehicle_labels(rows["plan"], vehicles or {})
    return [
        Table("plan", PLAN, with_location_names(plan, names)),
        Table("fleet", FLEET, with_year_labels(rows["fleet_per_year"], language)),
        Table("chargers", CHARGERS, with_location_names(rows["chargers"], names)),
    ]


def green_tables(report: GreenReport) -> list[Table]:
    rows = report.to_rows()
    return [
        Table("green", GREEN, tuple(rows["green_accounts"])),
        Table("fuels", FUELS, tuple(rows["by_fuel"])),
    ]


def business_tables(result: PlanBusinessCase) -> list[Table]:
    return [Table("business", BUSINESS, tuple(result.to_rows()["per_year"]))]


def table_view(table: Table) -> None:
    """The table, its title and an xlsx download of exactly these rows."""
    language = current_language()
    with ui.row().classes("w-full items-center justify-between"):
        ui.label(t(f"rep.table.{table.name}")).classes("text-h6")

        def download() -> None:
            content = rows_to_xlsx(
                t(f"rep.table.{table.name}"),
                headers(table, language),
                xlsx_rows(table, language),
            )
            ui.download.content(content, f"fleetplan-{table.name}.xlsx")

        ui.button(t("common.export_xlsx"), icon="download", on_click=download).props(
            f'flat dense data-testid="xlsx-{table.name}"'
        )
    columns = [
        {
            "name": c.field,
            "label": t(f"rep.col.{table.name}.{c.field}"),
            "field": c.field,
            "align": "left" if c.decimals is None and not c.share else "right",
            # numbers, years and dates stay on one line; names and headers wrap
            "classes": "" if c.wraps else "text-no-wrap",
        }
        for c in table.columns
    ]
    paged = len(table.records) > 20
    per_page = t("rep.rows_per_page")
    ui.table(
        rows=display_rows(table, language),
        columns=columns,
        row_key="_key",
        pagination=15 if paged else 0,
    ).classes("w-full").props(
        f'dense flat bordered wrap-cells data-testid="table-{table.name}"'
    ).props(
        f'rows-per-page-options=[15,50,0] rows-per-page-label="{per_page}"'
        if paged
        else "hide-bottom"
    )


def transition_part(report: TransitionReport, tables: list[Table]) -> None:
    plan, fleet, chargers = tables
    language = current_language()
    year = t("chart.sel.target_year", year=report.plan.target_year)
    span = (report.period.start, report.period.end)
    set_chart_selection(run_selection(language, period=span, extra=[year]))
    if not report.plan.steps:
        empty_state("rep.plan_empty")
    else:
        kept = sum(s.action == "keep" for s in report.plan.steps)
        if kept:
            ui.label(t("rep.plan_kept", count=kept)).classes("text-orange-9")
        if report.outlook.missing_rates:
            ui.label(
                t("rep.missing_rates", ids=", ".join(report.outlook.missing_rates))
            ).classes("text-caption text-orange-9")
        if report.outlook.missing_cost:
            ui.label(
                t("rep.missing_cost", ids=", ".join(report.outlook.missing_cost))
            ).classes("text-caption text-orange-9")
    records = report.outlook.to_rows()["fleet_per_year"]
    years = [str(r["year"]) for r in fleet.records]
    with ui.row().classes("w-full no-wrap gap-4"):
        with ui.column().classes("w-1/2"):
            chart(
                fleet_mix_options(
                    records,
                    years,
                    t("rep.fossil"),
                    t("rep.fossil_free"),
                    t("rep.axis.vehicles"),
                    current_language(),
                ),
                t("rep.caption.fleet", target=report.plan.target_year),
                "fleetplan-transition-vehicles",
                "chart-fleet",
            )
        with ui.column().classes("w-1/2"):
            chart(
                co2e_options(
                    records,
                    years,
                    t("rep.ttw"),
                    t("rep.wtw"),
                    t("rep.axis.co2e_t"),
                    current_language(),
                ),
                t("rep.caption.co2e"),
                "fleetplan-transition-co2e",
                "chart-co2e",
            )
    table_view(fleet)
    ui.label(t("rep.fleet_rule")).classes("text-caption")
    if plan.records:
        table_view(plan)
    ui.label(t("rep.plan_rule")).classes("text-caption")
    if chargers.records:
        table_view(chargers)
        ui.label(t("rep.charger_rule")).classes("text-caption")
    else:
        empty_state("rep.chargers_empty")


def _year_labels(
    records: list[Mapping[str, Any]], field: str, prefix: str, language: str
) -> list[str]:
    """Category labels: the translated value, with its year when the period spans
    more than one."""
    several = len({r["year"] for r in records}) > 1
    return [
        f"{value_label(language, prefix, r[field])}"
        + (f" {r['year']}" if several else "")
        for r in records
    ]


def green_part(report: GreenReport, tables: list[Table]) -> None:
    green, fuels = tables
    if not green.records:
        empty_state("rep.green_empty")
        return
    language = current_language()
    span = (report.period.start, report.period.end)
    set_chart_selection(run_selection(language, period=span))
    first, last = period_days(report.period)
    ui.label(
        t(
            "rep.green_period",
            start=day_label(first, language),
            end=day_label(last, language),
            days=format_number(report.period.days, 0, language),
        )
    ).classes("text-body2 text-weight-medium").props('data-testid="green-period"')
    admins = [r for r in green.records if r["administration"] != "*"]
    by_fuel = [r for r in fuels.records if r["distance_km"] > 0]
    labels = _year_labels(admins, "administration", "rep.admin", language)
    with ui.row().classes("w-full no-wrap gap-4"):
        with ui.column().classes("w-1/2"):
            chart(
                grouped_options(
                    labels,
                    {
                        t("rep.ttw"): [r["co2e_ttw_t"] for r in admins],
                        t("rep.wtw"): [r["co2e_wtw_t"] for r in admins],
                        t("rep.lifecycle"): [r["co2e_lifecycle_t"] for r in admins],
                    },
                    t("rep.axis.co2e_t"),
                    horizontal=True,
                    language=language,
                ),
                t("rep.caption.green"),
                "fleetplan-green-accounts",
                "chart-green",
            )
        with ui.column().classes("w-1/2"):
            chart(
                grouped_options(
                    _year_labels(by_fuel, "fuel", "rep.fuel", language),
                    {t("rep.km"): [r["distance_km"] for r in by_fuel]},
                    t("rep.axis.km"),
                    language=language,
                ),
                t("rep.caption.fuels"),
                "fleetplan-green-fuels",
                "chart-fuels",
            )
    table_view(green)
    ui.label(t("rep.green_rule")).classes("text-caption")
    table_view(fuels)
    if report.fuels.unrated:
        ui.label(t("rep.unrated", ids=", ".join(report.fuels.unrated))).classes(
            "text-caption text-orange-9"
        )


def _figure(label: str, value: str, testid: str) -> None:
    with ui.card().classes("min-w-[12rem]").props(f'data-testid="{testid}"'):
        ui.label(value).classes("text-h5 text-teal-9")
        ui.label(label).classes("text-body2")


def business_part(result: PlanBusinessCase, tables: list[Table]) -> None:
    language = current_language()
    years = f"{result.years[0].year}–{result.final.year}" if result.years else ""
    set_chart_selection(t("chart.selection", selection=years) if years else "")
    summary = result.summary()
    kr = t("rep.kr")
    with ui.row().classes("gap-4"):
        _figure(
            t("rep.fig.investment"),
            f"{format_number(summary['investment_dkk'], 0, language)} {kr}",
            "bc-investment",
        )
        _figure(
            t("rep.fig.net_saving", year=summary["final_year"]),
            f"{format_number(summary['final_net_saving_dkk'], 0, language)} {kr}",
            "bc-saving",
        )
        _figure(
            t("rep.fig.payback"),
            str(summary["payback_year"] or t("rep.no_payback")),
            "bc-payback",
        )
        _figure(
            t("rep.fig.co2e", year=summary["final_year"]),
            f"{format_number(summary['final_co2e_reduction_t'], 1, language)} t",
            "bc-co2e",
        )
        _figure(
            t("rep.fig.saving_per_vehicle"),
            f"{format_number(summary['saving_per_removed_vehicle_dkk'], 0, language)}"
            f" {kr}",
            "bc-per-vehicle",
        )
    points = result.new_charge_points
    if points and not result.years[0].charge_points_dkk:
        ui.label(t("rep.points_not_priced", count=points)).classes(
            "text-orange-9"
        ).props('data-testid="bc-points-warning"')
    elif points:
        ui.label(t("rep.points_priced", count=points)).classes("text-caption")
    per_year = result.to_rows()["per_year"]
    chart(
        business_options(
            per_year,
            t("rep.net_saving"),
            t("rep.cumulative"),
            t("rep.axis.dkk"),
            language,
        ),
        t("rep.caption.business"),
        "fleetplan-business-case",
        "chart-business",
    )
    table_view(tables[0])
    ui.label(t("rep.business_rule")).classes("text-caption")
