"""Grønt regnskab: the report's figures are the analysis' (the Rapporter page's
green tab), per year, administration and department, in the PDF and the xlsx."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from fleetplan.analytics.green_accounts import ALL_ADMINISTRATIONS
from fleetplan.analytics.report_service import green_report
from fleetplan.reports import Labels, ReportFormat, ReportKind, council_report
from fleetplan.reports.green_accounts_report import green_accounts_data
from tests.reports.conftest import pdf_text


def _da(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def test_departments_add_up_to_the_administrations(demo) -> None:
    data = green_accounts_data(demo)
    for year in {r.year for r in data.by_administration.rows}:
        admin = data.by_administration.total(year)
        dept = data.by_department.total(year)
        assert dept.distance_km == pytest.approx(admin.distance_km)
        assert dept.co2e_lifecycle_kg == pytest.approx(admin.co2e_lifecycle_kg)
        parts = [
            r
            for r in data.by_department.rows
            if r.year == year and r.administration != ALL_ADMINISTRATIONS
        ]
        assert len(parts) > len({v.administration for v in demo.vehicles}) - 1
        assert sum(r.co2e_wtw_kg for r in parts) == pytest.approx(admin.co2e_wtw_kg)


def test_pdf_and_xlsx_carry_the_analysis_figures(demo, tmp_path: Path) -> None:
    expected = green_report(demo)
    pdf = council_report(ReportKind.GREEN_ACCOUNTS, ReportFormat.PDF, "da", demo)
    text = pdf_text(pdf.content, tmp_path)
    assert "Grønt regnskab – kommunens køretøjer" in text
    for row in expected.accounts.rows:
        line = (
            _da(row.distance_km, 0),
            _da(row.co2e_ttw_kg / 1000, 1),
            _da(row.co2e_wtw_kg / 1000, 1),
            _da(row.co2e_lifecycle_kg / 1000, 1),
            _da(row.fossil_free_share * 100, 1) + " %",
        )
        assert any(
            all(part in candidate for part in line) for candidate in text.splitlines()
        ), line

    xlsx = council_report(ReportKind.GREEN_ACCOUNTS, ReportFormat.XLSX, "en", demo)
    labels = Labels("en")
    book = load_workbook(io.BytesIO(xlsx.content))
    sheet = book[labels("council.green.administration_sheet")]
    got = {(r[0], r[1]): r[2:] for r in sheet.iter_rows(min_row=2, values_only=True)}
    for row in expected.accounts.rows:
        if row.administration == ALL_ADMINISTRATIONS:
            continue
        km, ttw, wtw, lca, share = got[(row.year, row.administration)]
        assert km == round(row.distance_km)
        assert ttw == pytest.approx(row.co2e_ttw_kg / 1000, abs=0.05)
        assert wtw == pytest.approx(row.co2e_wtw_kg / 1000, abs=0.05)
        assert lca == pytest.approx(row.co2e_lifecycle_kg / 1000, abs=0.05)
        assert share == pytest.approx(row.fossil_free_share, abs=0.0005)
