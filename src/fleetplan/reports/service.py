"""One entry point for the three council reports, called alike by the API, the
CLI and the Rapporter page: they load the dataset and scenarios, this builds
the report's data, its document and the bytes of the format asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from fleetplan.analytics import AnalysisFilter, factor_set_for
from fleetplan.domain import Dataset, FactorSet, Scenario
from fleetplan.economics import get_builtin_factor_set
from fleetplan.reports.climate_assessment import climate_assessment, climate_document
from fleetplan.reports.document import Document
from fleetplan.reports.green_accounts_report import (
    green_accounts_data,
    green_accounts_document,
)
from fleetplan.reports.labels import Labels
from fleetplan.reports.pdf_doc import to_pdf
from fleetplan.reports.procurement_data import procurement_data
from fleetplan.reports.procurement_spec import procurement_document
from fleetplan.reports.xlsx_doc import to_xlsx


class ReportKind(StrEnum):
    CLIMATE = "climate-assessment"
    PROCUREMENT = "procurement"
    GREEN_ACCOUNTS = "green-accounts"


class ReportFormat(StrEnum):
    PDF = "pdf"
    XLSX = "xlsx"


MEDIA_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.XLSX: (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
}


@dataclass(frozen=True, slots=True)
class RenderedReport:
    content: bytes
    filename: str
    media_type: str


def scenario_factors(dataset: Dataset, scenario: Scenario) -> FactorSet:
    """The factor set a scenario ran with: its built-in set with the dataset's
    settings on top when the name is a built-in one, else the dataset's."""
    try:
        get_builtin_factor_set(scenario.factor_set_name)
    except (KeyError, ValueError):
        return factor_set_for(dataset)
    return factor_set_for(dataset, scenario.factor_set_name)


def council_document(
    kind: ReportKind,
    labels: Labels,
    dataset: Dataset,
    *,
    options: Sequence[tuple[Scenario, str]] = (),
    flt: AnalysisFilter | None = None,
) -> Document:
    """The report's document. ``options``: (scenario, side) pairs, 2-4 for the
    climate assessment, one (its simulated fleet) for the procurement
    specification; ``flt`` chooses the green accounts' period.

    Raises ``ValueError`` when the options do not fit the kind.
    """
    if kind is ReportKind.GREEN_ACCOUNTS:
        return green_accounts_document(green_accounts_data(dataset, flt), labels)
    if not options:
        raise ValueError(f"report {kind} needs a saved scenario.")
    factors = scenario_factors(dataset, options[0][0])
    if kind is ReportKind.CLIMATE:
        return climate_document(climate_assessment(options, factors), labels)
    if len(options) != 1:
        raise ValueError("a procurement specification is made from one scenario.")
    return procurement_document(
        procurement_data(options[0][0], dataset, factors), labels
    )


def render(
    doc: Document, fmt: ReportFormat, kind: ReportKind, labels: Labels
) -> RenderedReport:
    """The document as a file of ``fmt``."""
    if fmt is ReportFormat.PDF:
        content = to_pdf(doc)
    else:
        content = to_xlsx(doc, labels("council.summary_sheet"))
    name = f"{labels(f'council.file.{kind}')}.{fmt}"
    return RenderedReport(content, name, MEDIA_TYPES[fmt])


def council_report(
    kind: ReportKind,
    fmt: ReportFormat,
    language: str,
    dataset: Dataset,
    *,
    options: Sequence[tuple[Scenario, str]] = (),
    flt: AnalysisFilter | None = None,
) -> RenderedReport:
    """Build and render one report (see ``council_document``)."""
    labels = Labels(language)
    doc = council_document(kind, labels, dataset, options=options, flt=flt)
    return render(doc, fmt, kind, labels)
