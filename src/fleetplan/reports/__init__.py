"""Reports for the council as PDF and xlsx, in Danish and English: the climate
assessment of a committee case, the procurement specification of a chosen fleet
and the green accounts' yearly fleet figures. Each is one data model
(``document.Document``) rendered by ``pdf_doc`` and ``xlsx_doc``.
"""

from fleetplan.reports.document import Document as Document
from fleetplan.reports.document import format_number as format_number
from fleetplan.reports.labels import Labels as Labels
from fleetplan.reports.service import MEDIA_TYPES as MEDIA_TYPES
from fleetplan.reports.service import RenderedReport as RenderedReport
from fleetplan.reports.service import ReportFormat as ReportFormat
from fleetplan.reports.service import ReportKind as ReportKind
from fleetplan.reports.service import council_document as council_document
from fleetplan.reports.service import council_report as council_report
from fleetplan.reports.service import render as render

__all__ = [
    "MEDIA_TYPES",
    "Document",
    "Labels",
    "RenderedReport",
    "ReportFormat",
    "ReportKind",
    "council_document",
    "council_report",
    "format_number",
    "render",
]
