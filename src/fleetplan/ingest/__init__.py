"""Getting data in: dataset folders, files, GPS, vendor connectors."""

from fleetplan.ingest.meta_settings import (
    factor_overrides_from_meta as factor_overrides_from_meta,
)
from fleetplan.ingest.meta_settings import (
    run_settings_from_meta as run_settings_from_meta,
)
from fleetplan.ingest.neutral_format import DatasetError as DatasetError
from fleetplan.ingest.neutral_format import read_dataset as read_dataset

__all__ = [
    "DatasetError",
    "factor_overrides_from_meta",
    "read_dataset",
    "run_settings_from_meta",
]
