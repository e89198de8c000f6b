"""The Plan og rapporter page's view: its inputs (checked by the same rules as
the API), the three parts computed in a worker thread and shown with their
tables, and the whole report as one workbook."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui
from pydantic import BaseModel

from fleetplan.analytics import BusinessCaseInputs, factor_set_for
from fleetplan.analytics.plan_business import PlanBusinessCase
from fleetplan.analytics.report_service import (
    PlanSettings,
    business_report,
    green_report,
    transition_report,
)
from fleetplan.api.services import get_services
from fleetplan.domain import Dataset, FactorKey
from fleetplan.ingest.field_rules import BusinessInputs, PlanInputs, field_problems
from fleetplan.optimise import milp_planner
from fleetplan.web.background import in_thread
from fleetplan.web.council_reports_panel import council_panel
from fleetplan.web.field_messages import problem_text
from fleetplan.web.plan_engine import engine_line
from fleetplan.web.report_period import period_fields, period_filter
from fleetplan.web.reports_parts import (
    business_part,
    business_tables,
    green_part,
    green_tables,
    transition_part,
    transition_tables,
)
from fleetplan.web.reports_tables import Table, assumptions_table, workbook
from fleetplan.web.shell import empty_state
from fleetplan.web.translate import t

PARTS = ("transition", "green", "business")


class ReportsView:
    """The page's inputs, result containers and latest tables."""

    def __init__(self, data: Dataset, names: dict[str, str], language: str) -> None:
        self.data = data
        self.names = names
        self.language = language
        self.factors = factor_set_for(data)
        self.vehicles = {v.vehicle_id: v for v in data.vehicles}
        self.tables: dict[str, list[Table]] = {}
        self.case: PlanBusinessCase | None = None
        self.boxes: dict[str, ui.column] = {}
        self.inputs: dict[str, Any] = {}

    # --- inputs -------------------------------------------------------------

    def _number(self, key: str, value: float | None, **props: Any) -> None:
        field = ui.number(t(f"rep.in.{key}"), value=value, **props).classes("w-72")
        field.props(f'dense outlined data-testid="in-{key.replace("_", "-")}"')
        self.inputs[key] = field

    def _value(self, key: str) -> Any:
        return self.inputs[key].value

    def _checked(self, model: type[BaseModel]) -> Any:
        """The inputs of ``model`` checked by the one set of input rules
        (``ingest.field_rules``, as the API checks them): an empty, negative or
        absurd value is refused naming the field, never clamped or read as 0."""
        values = {key: self._value(key) for key in model.model_fields}
        problems = field_problems(model, values)
        if problems:
            first = problems[0]
            raise ValueError(
                problem_text(first, f"rep.in.{first.field}", self.language)
            )
        return model.model_validate(values)

    def plan_settings(self) -> PlanSettings:
        given = self._checked(PlanInputs)
        return PlanSettings(
            target_year=given.target_year,
            range_percentile=given.range_percentile,
            charger_kw=given.charger_kw,
            overnight_h=given.overnight_h,
            co2_price_dkk_per_t=given.co2_price,
            co2e_view=given.co2e_view,
            budget_dkk_per_year=given.budget,
            max_points_per_location=given.charger_cap,
            early_return_all=given.early_return,
        )

    def business_inputs(self) -> BusinessCaseInputs:
        given = self._checked(BusinessInputs)
        return BusinessCaseInputs(
            tool_dkk_per_year=given.tool_cost,
            one_off_dkk=given.one_off,
            include_fleet_management=bool(given.fleet_management),
            fleet_management_dkk_per_vehicle_year=given.fleet_management or 0.0,
            saving_per_removed_vehicle_dkk=given.saving_per_vehicle or None,
        )

    # --- layout -------------------------------------------------------------

    def build(self) -> None:
        ui.label(t("rep.intro")).classes("text-body1 max-w-4xl")
        with ui.row().classes("items-center gap-2"):
            ui.button(
                t("rep.whole_xlsx"), icon="download", on_click=self.download_all
            ).props('outline data-testid="xlsx-all"')
            ui.label(t("rep.factors", factors=self.factors.name)).classes(
                "text-caption"
            )
        with ui.tabs().classes("w-full").props("align=left") as tabs:
            tab = {
                part: ui.tab(part, t(f"rep.tab.{part}")).props(
                    f'data-testid="tab-{part}"'
                )
                for part in PARTS
            }
        with ui.tab_panels(tabs, value=tab["transition"]).classes("w-full"):
            with ui.tab_panel(tab["transition"]):
                self._plan_inputs()
                self.boxes["transition"] = ui.column().classes("w-full gap-3")
            with ui.tab_panel(tab["green"]):
                self._green_inputs()
                self.boxes["green"] = ui.column().classes("w-full gap-3")
            with ui.tab_panel(tab["business"]):
                self._business_inputs()
                self.boxes["business"] = ui.column().classes("w-full gap-3")
        council_panel(self.data, self.language)  # the PDF/xlsx council reports

    def _run_button(self, testid: str, action: Callable[[], Any]) -> None:
        ui.button(t("rep.compute"), icon="refresh", on_click=action).props(
            f'data-testid="{testid}"'
        )

    def _plan_inputs(self) -> None:
        ui.label(t("rep.plan_intro")).classes("text-body2 max-w-4xl")
        with ui.row().classes("items-center gap-3"):
            # no min/max: ui.number would clamp 2999 or 0 kW without a word;
            # the rules refuse them by name when the plan is computed
            self._number("target_year", 2030, step=1, format="%d")
            self._number("range_percentile", 95, step=1)
            self._number("charger_kw", 11, step=1)
            self._number("overnight_h", 12, step=1)
            price = self.factors.get(FactorKey.CO2_PRICE_DKK_PER_T, 1_500.0)
            self._number("co2_price", price, step=100)
        # the MILP's inputs, checked by the same PlanInputs rules as the API's
        with ui.row().classes("items-center gap-3"):
            views = {"wtw": t("plan.in.wtw"), "lca": t("plan.in.lca")}
            view = ui.select(views, value="wtw", label=t("rep.in.co2e_view"))
            view.classes("w-72").props('dense outlined data-testid="in-co2e-view"')
            self.inputs["co2e_view"] = view
            self._number("budget", None, step=100_000)  # empty: no budget
            self._number("charger_cap", None, step=1, format="%d")  # empty: no cap
            early = ui.checkbox(t("rep.in.early_return"), value=False)
            early.props('data-testid="in-early-return"')
            self.inputs["early_return"] = early
            self._run_button("run-transition", self.refresh_plan_parts)

    def _green_inputs(self) -> None:
        ui.label(t("rep.green_intro")).classes("text-body2 max-w-4xl")
        with ui.row().classes("items-center gap-3"):
            for key in ("start", "last_day"):
                testid = f"in-{key.replace('_', '-')}"
                field = ui.input(t(f"rep.in.{key}")).props(
                    f'type=date dense outlined stack-label data-testid="{testid}"'
                )
                self.inputs[key] = field
            self._run_button("run-green", self.refresh_green)

    def _business_inputs(self) -> None:
        ui.label(t("rep.business_intro")).classes("text-body2 max-w-4xl")
        defaults = BusinessCaseInputs()
        with ui.row().classes("items-center gap-3"):
            self._number("tool_cost", defaults.tool_dkk_per_year, step=1000)
            self._number("one_off", defaults.one_off_dkk, step=1000)
            self._number("fleet_management", None, step=50)
            self._number("saving_per_vehicle", None, step=1000)
            self._number("charge_point", None, step=1000)  # empty: factor set
            self._run_button("run-business", self.refresh_business)

    # --- computing ----------------------------------------------------------

    async def _compute(self, part: str, work: Callable[[], Any]) -> Any:
        """Run ``work`` in a worker thread; show a bad input as a notice."""
        box = self.boxes[part]
        box.clear()
        with box:
            ui.spinner(size="lg")
        try:
            return await in_thread(work)
        except ValueError as exc:
            self.tables.pop(part, None)  # the whole report must not show stale tables
            box.clear()
            with box:
                empty_state("rep.bad_input", message=str(exc))
            return None

    async def refresh_plan_parts(self) -> None:
        await self.refresh_transition()
        await self.refresh_business()

    async def refresh_transition(self) -> None:
        def work() -> tuple[Any, list[Table]]:
            report = transition_report(
                self.data, settings=self.plan_settings(), planner=milp_planner()
            )
            tables = transition_tables(report, self.names, self.language, self.vehicles)
            return report, tables

        result = await self._compute("transition", work)
        if result is None:
            return
        report, self.tables["transition"] = result
        self.boxes["transition"].clear()
        with self.boxes["transition"]:
            transition_part(report, self.tables["transition"])
            engine_line(report.engine)

    async def refresh_green(self) -> None:
        def work() -> tuple[Any, list[Table]]:
            flt = period_filter(
                self._value("start") or "",
                self._value("last_day") or "",
                get_services().settings.max_period_years,
            )
            report = green_report(self.data, flt)
            return report, green_tables(report)

        result = await self._compute("green", work)
        if result is None:
            return
        report, self.tables["green"] = result
        if not self._value("start"):
            first, last = period_fields(report.period)
            self.inputs["start"].value = first
            self.inputs["last_day"].value = last
        self.boxes["green"].clear()
        with self.boxes["green"]:
            green_part(report, self.tables["green"])

    async def refresh_business(self) -> None:
        def work() -> tuple[Any, list[Table]]:
            result = business_report(
                self.data,
                settings=self.plan_settings(),
                inputs=self.business_inputs(),
                charge_point_dkk=self._checked(BusinessInputs).charge_point,
                planner=milp_planner(),
            )
            return result, business_tables(result)

        result = await self._compute("business", work)
        if result is None:
            return
        self.case, self.tables["business"] = result
        case = self.case
        self.boxes["business"].clear()
        with self.boxes["business"]:
            business_part(case, self.tables["business"])

    def assumptions(self) -> Table:
        """Every input as entered, the factor set and the business case's key
        figures: the first sheet of the whole report."""
        items: list[tuple[str, Any]] = [(t("rep.factor_set"), self.factors.name)]
        items += [
            (t(f"rep.in.{key}"), field.value) for key, field in self.inputs.items()
        ]
        if self.case is not None and "business" in self.tables:
            summary = self.case.summary()
            year = summary["final_year"]
            items += [
                (t("rep.fig.investment"), summary["investment_dkk"]),
                (t("rep.fig.new_points"), summary["new_charge_points"]),
                (t("rep.fig.net_saving", year=year), summary["final_net_saving_dkk"]),
                (t("rep.fig.payback"), summary["payback_year"] or t("rep.no_payback")),
                (t("rep.fig.co2e_t", year=year), summary["final_co2e_reduction_t"]),
            ]
        return assumptions_table(items)

    def download_all(self) -> None:
        tables = [table for part in PARTS for table in self.tables.get(part, [])]
        if not tables:
            ui.notify(t("rep.nothing_yet"), type="warning")
            return
        content = workbook([self.assumptions(), *tables], self.language)
        ui.download.content(content, "fleetplan-rapport.xlsx")
