"""Rapporter til byrådet: the Rapporter page's section that downloads the
council reports (``fleetplan.reports``) as PDF or xlsx in the page's language.

The climate assessment compares 2-4 options chosen among the saved scenarios
(each scenario's fleet, or the fleet of today it compared with); the
procurement specification is made from one scenario's fleet; the green
accounts cover the data's whole period. Building a report runs in a worker
thread; the API's ``/reports/council`` routes build the same files.
"""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from fleetplan.api.services import get_services
from fleetplan.domain import Dataset, Scenario
from fleetplan.reports import RenderedReport, ReportFormat, ReportKind, council_report
from fleetplan.web.background import in_thread
from fleetplan.web.scenario_service import list_headers, scenario_store_bound
from fleetplan.web.translate import t, translate

TODAY_SUFFIX = ":today"


def _choices(headers: list[Scenario]) -> dict[str, str]:
    """Select options: ``<id>`` the scenario's fleet, ``<id>:today`` today's."""
    out: dict[str, str] = {}
    for header in headers:
        out[str(header.scenario_id)] = header.name
    for header in headers:
        out[f"{header.scenario_id}{TODAY_SUFFIX}"] = t(
            "council.option.today", scenario=header.name
        )
    return out


def _open(keys: list[str], language: str) -> list[tuple[Scenario, str]]:
    """The chosen options' scenarios (in a worker thread: no page context, so
    the message takes the page's language explicitly)."""
    services = get_services()
    options = []
    for key in keys:
        number, _, today = key.partition(":")
        scenario = services.open_scenario(int(number))
        if scenario is None:
            raise ValueError(translate(language, "council.panel.gone"))
        options.append((scenario, "current" if today else "simulated"))
    return options


class CouncilPanel:
    def __init__(self, data: Dataset, language: str) -> None:
        self.data = data
        self.language = language
        self.headers = list_headers() if scenario_store_bound() else []
        self.choices = _choices(self.headers)

    def build(self) -> None:
        with ui.card().classes("w-full max-w-5xl").props('data-testid="council"'):
            ui.label(t("council.panel.title")).classes("text-h6")
            ui.label(t("council.panel.intro")).classes("text-body2")
            if not self.headers:
                ui.label(t("council.panel.no_scenarios")).classes("text-caption")
            else:
                self._climate()
                self._procurement()
            self._green()

    def _buttons(self, name: str, action: Callable[[ReportFormat], object]) -> None:
        for fmt in ReportFormat:
            ui.button(
                fmt.value.upper(),
                icon="download",
                on_click=lambda _e, f=fmt: action(f),
            ).props(f'outline dense data-testid="council-{name}-{fmt.value}"')

    def _climate(self) -> None:
        ui.label(t("council.panel.climate")).classes("text-subtitle1")
        with ui.row().classes("items-center gap-3"):
            picked = ui.select(
                self.choices,
                multiple=True,
                label=t("council.panel.options"),
                value=list(self.choices)[:2] if len(self.headers) >= 2 else [],
            ).classes("w-96")
            picked.props('use-chips dense outlined data-testid="council-options"')

            async def climate(fmt: ReportFormat) -> None:
                keys = list(picked.value or [])
                if not 2 <= len(keys) <= 4:
                    ui.notify(t("council.panel.pick_2_4"), type="warning")
                    return
                await self._download(ReportKind.CLIMATE, fmt, keys)

            self._buttons("climate", climate)

    def _procurement(self) -> None:
        ui.label(t("council.panel.procurement")).classes("text-subtitle1")
        with ui.row().classes("items-center gap-3"):
            fleets = {k: v for k, v in self.choices.items() if TODAY_SUFFIX not in k}
            chosen = ui.select(
                fleets, label=t("council.panel.scenario"), value=next(iter(fleets))
            ).classes("w-96")
            chosen.props('dense outlined data-testid="council-scenario"')

            async def procurement(fmt: ReportFormat) -> None:
                await self._download(ReportKind.PROCUREMENT, fmt, [str(chosen.value)])

            self._buttons("procurement", procurement)

    def _green(self) -> None:
        ui.label(t("council.panel.green")).classes("text-subtitle1")
        with ui.row().classes("items-center gap-3"):

            async def green(fmt: ReportFormat) -> None:
                await self._download(ReportKind.GREEN_ACCOUNTS, fmt, [])

            self._buttons("green", green)

    async def _download(
        self, kind: ReportKind, fmt: ReportFormat, keys: list[str]
    ) -> None:
        def work() -> RenderedReport:
            return council_report(
                kind, fmt, self.language, self.data, options=_open(keys, self.language)
            )

        note = ui.notification(t("council.panel.building"), spinner=True, timeout=None)
        try:
            report = await in_thread(work)
        except ValueError as exc:
            ui.notify(t("council.panel.failed", message=str(exc)), type="negative")
            return
        finally:
            note.dismiss()
        ui.download.content(report.content, report.filename, report.media_type)


def council_panel(data: Dataset, language: str) -> None:
    """The section, built in the current NiceGUI container."""
    CouncilPanel(data, language).build()
