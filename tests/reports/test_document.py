"""The shared layout: numbers in each language, one model to PDF and xlsx, and
the shipped font writing Danish letters and CO₂e (read back with pdftotext)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from fleetplan.reports.document import (
    Column,
    Document,
    Section,
    Table,
    cell_text,
    format_number,
)
from fleetplan.reports.pdf_doc import to_pdf
from fleetplan.reports.xlsx_doc import to_xlsx
from tests.reports.conftest import pdf_text


@pytest.mark.parametrize(
    ("value", "decimals", "language", "expected"),
    [
        (1234567.891, 0, "da", "1.234.568"),
        (1234567.891, 0, "en", "1,234,568"),
        (1234.56, 1, "da", "1.234,6"),
        (1234.56, 1, "en", "1,234.6"),
        (-0.04, 1, "da", "0,0"),  # never "-0,0"
    ],
)
def test_format_number(
    value: float, decimals: int, language: str, expected: str
) -> None:
    assert format_number(value, decimals, language) == expected


def test_a_share_prints_as_a_percentage() -> None:
    column = Column("andel", decimals=1, percent=True)
    assert cell_text(0.5024, column, "da") == "50,2 %"
    assert cell_text(None, column, "da") == "–"


def test_a_row_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="2 cells"):
        Table("t", "t", (Column("a"),), (("x", 1),))


def _doc() -> Document:
    table = Table(
        "Udledning",
        "Udledning",
        (Column("Forvaltning"), Column("CO₂e (t)", decimals=1)),
        (("Økonomi og Administration", 1234.56), ("Børn og Unge", 7.0)),
    )
    return Document(
        title="Grønt regnskab for flåden",
        subtitle="Året 2026",
        language="da",
        sections=(
            Section("Afsnit", paragraphs=("Kørsel på el og HVO.",), tables=(table,)),
        ),
        page_label="Side {page} af {pages}",
    )


def test_pdf_text_has_danish_letters_subscripts_and_numbers(tmp_path: Path) -> None:
    content = to_pdf(_doc())
    assert content.startswith(b"%PDF")
    text = pdf_text(content, tmp_path)
    for expected in (
        "Grønt regnskab for flåden",
        "Økonomi og Administration",
        "CO₂e (t)",
        "1.234,6",
        "Side 1 af 1",
    ):
        assert expected in text


def test_xlsx_keeps_the_raw_numbers_with_the_tables_decimals() -> None:
    book = load_workbook(io.BytesIO(to_xlsx(_doc(), "Rapport")))
    assert book.sheetnames == ["Rapport", "Udledning"]
    assert book["Rapport"]["A1"].value == "Grønt regnskab for flåden"
    sheet = book["Udledning"]
    assert [c.value for c in sheet[1]] == ["Forvaltning", "CO₂e (t)"]
    assert sheet["B2"].value == pytest.approx(1234.56)
    assert sheet["B2"].number_format == "#,##0.0"
