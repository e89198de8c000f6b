"""Getting data in: dataset folders, files, GPS, vendor connectors."""

from fleetplan.ingest.meta_settings import (
    factor_overrides_from_meta as factor_overrides_from_meta,
)
from fleetplan.ingest.meta_settings import (
    run_settings_from_meta as run_settings_from_meta,
)
from fleetplan.ingest.neutral_format import DatasetError as DatasetError
from fleetplan.ingest.neutral_format import read_dataset as read_dataset
from fleetplan.ingest.provenance import Origin as Origin
from fleetplan.ingest.provenance import Provenance as Provenance
from fleetplan.ingest.provenance import ResolvedSettings as ResolvedSettings
from fleetplan.ingest.provenance import SettingSource as SettingSource
from fleetplan.ingest.provenance import resolve_settings as resolve_settings
from fleetplan.ingest.text_cells import append_row as append_row
from fleetplan.ingest.text_cells import csv_text_in as csv_text_in
from fleetplan.ingest.text_cells import csv_text_out as csv_text_out
from fleetplan.ingest.text_cells import xlsx_cell as xlsx_cell

__all__ = [
    "DatasetError",
    "Origin",
    "Provenance",
    "ResolvedSettings",
    "SettingSource",
    "append_row",
    "csv_text_in",
    "csv_text_out",
    "factor_overrides_from_meta",
    "read_dataset",
    "resolve_settings",
    "run_settings_from_meta",
    "xlsx_cell",
]
