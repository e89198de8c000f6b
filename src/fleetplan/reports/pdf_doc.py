"""A council report (``document.Document``) laid out as an A4 PDF with fpdf2.

The fonts are DejaVu Sans, shipped in ``reports/fonts`` (licence beside them):
the PDF embeds them, so "CO₂e" and æ, ø, å render on any machine, offline.
Tables repeat their heading row on every page they run over.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from fleetplan.reports.document import Document, Section, Table, cell_text

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
HEADER_FILL = (221, 235, 247)
TITLE_COLOUR = (31, 56, 100)


class _Pdf(FPDF):
    def __init__(self, doc: Document) -> None:
        super().__init__(orientation="L" if doc.landscape else "P", format="A4")
        self.doc = doc
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 16, 18)
        self.alias_nb_pages("{nb}")
        self.set_title(doc.title)
        self.set_creator("Fleetplan")
        self.set_lang(doc.language)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(110, 110, 110)
        label = self.doc.page_label.format(page=self.page_no(), pages="{nb}")
        self.cell(0, 6, f"{self.doc.title} · {label}", align="C")
        self.set_text_color(0, 0, 0)


def _heading(pdf: _Pdf, text: str, size: float) -> None:
    pdf.set_font(FONT, "B", size)
    pdf.set_text_color(*TITLE_COLOUR)
    pdf.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(1.5)


def _table(pdf: _Pdf, table: Table, language: str) -> None:
    if table.title:
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(0, 5.5, table.title, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.5)
    size = 8.0 if len(table.columns) <= 6 else 7.0
    pdf.set_font(FONT, "", size)
    align = tuple("LEFT" if c.decimals is None else "RIGHT" for c in table.columns)
    with pdf.table(
        col_widths=tuple(c.width for c in table.columns),
        text_align=align,
        line_height=size * 0.55,
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL),
        borders_layout="HORIZONTAL_LINES",
        padding=1,
        first_row_as_headings=True,
    ) as grid:
        heading = grid.row()
        for column in table.columns:
            heading.cell(column.heading)
        for r, values in enumerate(table.rows):
            row = grid.row()
            for c, (value, column) in enumerate(
                zip(values, table.columns, strict=True)
            ):
                row.cell(cell_text(value, column, language, table.decimals(r, c)))
    pdf.ln(4)


def _section(pdf: _Pdf, section: Section, language: str) -> None:
    _heading(pdf, section.heading, 13)
    pdf.set_font(FONT, "", 10)
    for paragraph in section.paragraphs:
        pdf.multi_cell(0, 5, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    for bullet in section.bullets:
        pdf.set_x(pdf.l_margin + 2)
        pdf.multi_cell(0, 5, f"• {bullet}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.5)
    if section.bullets:
        pdf.ln(1.5)
    for table in section.tables:
        _table(pdf, table, language)


def to_pdf(doc: Document) -> bytes:
    """The document as PDF bytes."""
    pdf = _Pdf(doc)
    pdf.add_page()
    _heading(pdf, doc.title, 20)
    pdf.set_font(FONT, "", 11)
    pdf.multi_cell(0, 6, doc.subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FONT, "", 9)
    for label, value in doc.facts:
        pdf.set_font(FONT, "B", 9)
        pdf.cell(55, 5, label)
        pdf.set_font(FONT, "", 9)
        pdf.multi_cell(0, 5, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for section in doc.sections:
        _section(pdf, section, doc.language)
    return bytes(pdf.output())
