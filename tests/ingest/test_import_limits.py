"""Imports read with bounded memory and time: hostile and oversized files are
refused quickly with a message naming what is wrong, in Danish and English.

The hostile workbooks are built here from raw XML (a few KB each), so each case
shows exactly what the file holds.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from fleetplan.config import get_settings
from fleetplan.ingest.limits import ImportLimits
from fleetplan.ingest.tabular import VEHICLE_COLUMNS, ReadProblem, read_tables
from fleetplan.ingest.validation import validate_input
from fleetplan.web.translate import translate

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_SHEET_TYPE = f"{_REL}/worksheet"
_LOCATIONS = ("location_id", "name", "address", "lat", "lon")
_VEHICLES = VEHICLE_COLUMNS


def _vehicle(vehicle_id: str) -> tuple[str, ...]:
    given = {"vehicle_id": vehicle_id, "vehicle_type": "ice", "fuel": "diesel"}
    return tuple(given.get(column, "") for column in VEHICLE_COLUMNS)


def _cells(row: int, values: tuple[str, ...]) -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}{row}" t="inlineStr"><is><t>{v}</t></is></c>'
        for i, v in enumerate(values)
        if v
    )
    return f'<row r="{row}">{cells}</row>'


def _sheet(
    rows: list[tuple[str, ...]], dimension: str | None = None, extra: str = ""
) -> str:
    """A worksheet's XML; ``extra`` goes into sheetData after the rows."""
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    body = "".join(_cells(n, values) for n, values in enumerate(rows, start=1))
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">'
        f"{declared}<sheetData>{body}{extra}</sheetData></worksheet>"
    )


def _xlsx(path: Path, sheets: dict[str, str], prolog: str = "") -> Path:
    """A minimal workbook of raw sheet XML (``prolog`` replaces the XML
    declaration of every sheet, for DTDs)."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{_PKG}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main'
        f'+xml"/>{overrides}</Types>',
        "_rels/.rels": f'<Relationships xmlns="{_PKG}/relationships"><Relationship '
        f'Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        + "".join(
            f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
            for i, name in enumerate(sheets, start=1)
        )
        + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_PKG}/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{_SHEET_TYPE}" '
            f'Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        + "</Relationships>",
    }
    for i, xml in enumerate(sheets.values(), start=1):
        if prolog:
            xml = xml.replace('<?xml version="1.0" encoding="UTF-8"?>', prolog)
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def _vehicle_sheets(vehicles: str) -> dict[str, str]:
    return {
        "locations": _sheet([_LOCATIONS, ("L1", "Rådhus", "", "", "")]),
        "vehicles": vehicles,
    }


def _codes(problems: list[ReadProblem]) -> list[str]:
    return [p.code for p in problems]


_MEASURE = """
import json, resource, sys, time
import openpyxl  # loaded once per server process: not part of one import's cost
from fleetplan.ingest.tabular import read_tables
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))  # never take the box down
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
found = read_tables(sys.argv[1])
seconds = time.perf_counter() - start
extra_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
codes = [p.code for p in found.problems]
print(json.dumps({"seconds": seconds, "extra_mb": extra_mb, "codes": codes}))
"""


def _measured_read(path: Path) -> dict[str, object]:
    """read_tables in a fresh process: seconds, extra peak MB, problem codes."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_dimension_bomb_is_refused_fast_and_small(tmp_path: Path) -> None:
    """A 7 KB sheet declaring A1:XFD1048576 with one cell at XFD1048576 is
    refused in under 2 s with under 200 MB extra; openpyxl's read-only mode
    trusted the dimension and padded every row to 16,384 cells."""
    rows = [_VEHICLES, _vehicle("V1")]
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = _xlsx(
        tmp_path / "bomb.xlsx",
        _vehicle_sheets(_sheet(rows, "A1:XFD1048576", extra=far)),
    )
    assert path.stat().st_size < 7_000
    result = _measured_read(path)
    assert result["codes"] == ["too_many_columns"]
    assert isinstance(result["seconds"], float) and result["seconds"] < 2.0
    assert isinstance(result["extra_mb"], float) and result["extra_mb"] < 200


def test_sheet_declaring_too_small_a_dimension_imports_every_row(
    tmp_path: Path,
) -> None:
    """A sheet declaring A1:Y1 but holding a header and 3 rows imports the 3
    rows (openpyxl stopped at the declared row 1: 0 rows, '0 errors')."""
    rows = [_VEHICLES, *[_vehicle(f"V{i}") for i in (1, 2, 3)]]
    path = _xlsx(tmp_path / "short.xlsx", _vehicle_sheets(_sheet(rows, "A1:Y1")))
    found = read_tables(path)
    assert found.problems == []
    assert [n for n, _ in found.tables["vehicles"].rows] == [2, 3, 4]
    result = validate_input(found)
    assert result.errors == () and result.dataset is not None
    assert [v.vehicle_id for v in result.dataset.vehicles] == ["V1", "V2", "V3"]


def test_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    """A sheet padded with 50 MB of blanks packs to about 50 KB (ratio ~1000);
    it is refused from the zip's declared sizes, before openpyxl parses it."""
    padding = " " * (50 << 20)
    rows = [_VEHICLES, _vehicle("V1")]
    sheet = _sheet(rows).replace("<sheetData>", f"<sheetData>{padding}")
    path = _xlsx(tmp_path / "zipbomb.xlsx", _vehicle_sheets(sheet))
    assert path.stat().st_size < 200_000
    start = time.perf_counter()
    found = read_tables(path)
    assert time.perf_counter() - start < 0.5
    assert _codes(found.problems) == ["workbook_packed"]
    assert dict(found.problems[0].params)["part"] == "xl/worksheets/sheet2.xml"
    assert found.tables == {}


def test_workbook_unpacking_beyond_the_limit_is_refused(tmp_path: Path) -> None:
    rows = [_VEHICLES, *[_vehicle(f"V{i}") for i in range(3000)]]
    path = _xlsx(tmp_path / "big.xlsx", _vehicle_sheets(_sheet(rows)))
    found = read_tables(path, ImportLimits(max_uncompressed_mb=0.1))
    assert _codes(found.problems) == ["workbook_too_large"]
    assert read_tables(path).problems == []  # the default allows it


def test_billion_laughs_sheet_is_refused(tmp_path: Path) -> None:
    """Nested entities would expand to 10^9 'lol's; defusedxml (which openpyxl
    uses once installed) refuses any entity declaration."""
    names = ["lol", *(f"lol{i}" for i in range(1, 10))]
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY {name} "{f"&{inner};" * 10}">'
        for inner, name in itertools.pairwise(names)
    )
    prolog = f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'
    rows = [_VEHICLES, _vehicle("&lol9;")]
    path = _xlsx(tmp_path / "laughs.xlsx", _vehicle_sheets(_sheet(rows)), prolog)
    result = _measured_read(path)
    assert result["codes"] == ["xml_forbidden"]
    assert isinstance(result["extra_mb"], float) and result["extra_mb"] < 200


def _csv(folder: Path, text: str, name: str = "vehicles.csv") -> Path:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    (folder / "locations.csv").write_text(",".join(_LOCATIONS) + "\n", "utf-8")
    return folder


def test_a_5_mb_cell_names_file_row_and_column(tmp_path: Path) -> None:
    """The csv module refused the cell with '_csv.Error: field larger than field
    limit' and the page showed nothing; now the problem says where."""
    header = "vehicle_id,vehicle_type,fuel,make\n"
    text = f'{header}V1,ice,diesel,VW\nV2,ice,diesel,"{"x" * (5 << 20)}"\n'
    found = read_tables(_csv(tmp_path / "in", text))
    (problem,) = found.problems
    assert (problem.file, problem.row, problem.column) == ("vehicles.csv", 3, "make")
    assert problem.code == "cell_too_long"
    assert "vehicles" not in found.tables
    (error,) = validate_input(found).errors
    assert (error.file, error.row, error.column) == ("vehicles.csv", 3, "make")
    params = dict(problem.params)
    assert translate("da", "import.err.cell_too_long", **params) == (
        "Cellen i kolonnen «make» har mere end 10000 tegn; der må højst være 10000. "
        "Gør den kortere (se efter et manglende anførselstegn)."
    )
    assert translate("en", "import.err.cell_too_long", **params).startswith(
        "The cell in column 'make' has more than 10000 characters"
    )


def test_a_cell_over_the_limit_but_under_the_csv_modules_limit(
    tmp_path: Path,
) -> None:
    text = f"vehicle_id,vehicle_type,fuel,make\nV1,ice,diesel,{'x' * 20_001}\n"
    found = read_tables(_csv(tmp_path / "in", text))
    (problem,) = found.problems
    assert (problem.row, problem.column, problem.code) == (2, "make", "cell_too_long")
    limits = ImportLimits(max_cell_chars=30_000)
    assert read_tables(tmp_path / "in", limits).problems == []


def test_a_100_mb_csv_is_refused_by_its_size_before_parsing(tmp_path: Path) -> None:
    folder = _csv(tmp_path / "in", "")
    with (folder / "vehicles.csv").open("wb") as handle:
        handle.truncate(100 << 20)  # sparse: 100 MB of NUL bytes, nothing written
    start = time.perf_counter()
    found = read_tables(folder)
    assert time.perf_counter() - start < 0.5
    (problem,) = found.problems
    assert (problem.file, problem.code) == ("vehicles.csv", "file_too_large")
    params = dict(problem.params)
    assert params == {"size_mb": "100.0", "max_mb": "20"}
    assert translate("da", "import.err.file_too_large", **params).startswith(
        "Filen fylder 100.0 MB; der kan højst indlæses 20 MB."
    )
    assert translate("en", "import.err.file_too_large", **params).startswith(
        "The file is 100.0 MB; at most 20 MB can be imported."
    )


def test_the_row_limit_stops_the_reader(tmp_path: Path) -> None:
    rows = "".join(f"V{i},ice,diesel\n" for i in range(6))
    folder = _csv(tmp_path / "in", "vehicle_id,vehicle_type,fuel\n\n" + rows)
    assert read_tables(folder, ImportLimits(max_rows=6)).problems == []
    found = read_tables(folder, ImportLimits(max_rows=5))
    (problem,) = found.problems
    assert (problem.file, problem.code) == ("vehicles.csv", "too_many_rows")
    params = dict(problem.params)
    assert translate("da", "import.err.too_many_rows", **params).startswith(
        "Tabellen har mere end 5 rækker"
    )
    assert translate("en", "import.err.too_many_rows", **params).startswith(
        "The table has more than 5 rows"
    )


def test_the_column_limit(tmp_path: Path) -> None:
    header = ",".join(f"c{i}" for i in range(201))
    found = read_tables(_csv(tmp_path / "in", header + "\n"))
    (problem,) = found.problems
    assert (problem.row, problem.code) == (1, "too_many_columns")
    assert dict(problem.params) == {"columns": "201", "max": "200"}


def test_the_limits_come_from_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "vehicle_id,vehicle_type,fuel\nV1,ice,diesel\nV2,ice,diesel\n"
    folder = _csv(tmp_path / "in", text)
    monkeypatch.setenv("FLEETPLAN_IMPORT_MAX_ROWS", "0")
    get_settings.cache_clear()
    with pytest.raises(ValueError, match="import_max_rows"):
        get_settings()
    monkeypatch.setenv("FLEETPLAN_IMPORT_MAX_ROWS", "1")
    get_settings.cache_clear()
    try:
        assert ImportLimits.from_settings().max_rows == 1
        assert _codes(read_tables(folder).problems) == ["too_many_rows"]
    finally:
        monkeypatch.delenv("FLEETPLAN_IMPORT_MAX_ROWS")
        get_settings.cache_clear()
    assert read_tables(folder).problems == []
