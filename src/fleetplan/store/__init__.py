"""Persistence: SQLAlchemy tables, Alembic migrations and repositories.

Everything here takes and returns domain objects; table rows never leave the
package. Call ``upgrade_database(url)`` once at start.
"""

from typing import TYPE_CHECKING, Any

from fleetplan.store import audit as _audit  # noqa: F401  (its table)
from fleetplan.store import jobs as _jobs  # noqa: F401  (registers its tables)
from fleetplan.store import login_counters as _logins  # noqa: F401  (its tables)
from fleetplan.store import organisations as _orgs  # noqa: F401  (its table)
from fleetplan.store import replay_marks as _replay  # noqa: F401  (its table)
from fleetplan.store import uploads as _uploads  # noqa: F401  (its table)
from fleetplan.store import users as _users  # noqa: F401  (registers its tables)
from fleetplan.store.catalog_repo import NotFoundError as NotFoundError
from fleetplan.store.catalog_repo import delete_scenario as delete_scenario
from fleetplan.store.catalog_repo import list_factor_sets as list_factor_sets
from fleetplan.store.catalog_repo import list_scenarios as list_scenarios
from fleetplan.store.catalog_repo import load_factor_set as load_factor_set
from fleetplan.store.catalog_repo import load_scenario as load_scenario
from fleetplan.store.catalog_repo import load_shift_sets as load_shift_sets
from fleetplan.store.catalog_repo import save_factor_set as save_factor_set
from fleetplan.store.catalog_repo import save_scenario as save_scenario
from fleetplan.store.catalog_repo import save_shift_sets as save_shift_sets
from fleetplan.store.catalog_repo import table_counts as table_counts
from fleetplan.store.database import create_engine_for as create_engine_for
from fleetplan.store.database import session_scope as session_scope
from fleetplan.store.database import upgrade_database as upgrade_database
from fleetplan.store.dataset_repo import known_roundtrip_ids as known_roundtrip_ids
from fleetplan.store.dataset_repo import load_dataset as load_dataset
from fleetplan.store.dataset_repo import purge_roundtrips as purge_roundtrips
from fleetplan.store.dataset_repo import save_dataset as save_dataset
from fleetplan.store.ingest_state import IngestCursor as IngestCursor
from fleetplan.store.ingest_state import SyncStatus as SyncStatus
from fleetplan.store.ingest_state import get_cursor as get_cursor
from fleetplan.store.ingest_state import get_sync_status as get_sync_status
from fleetplan.store.ingest_state import list_cursors as list_cursors
from fleetplan.store.ingest_state import set_cursor as set_cursor
from fleetplan.store.ingest_state import set_sync_status as set_sync_status

if TYPE_CHECKING:
    from fleetplan.store.transfer import ImportReport as ImportReport
    from fleetplan.store.transfer import export_path as export_path
    from fleetplan.store.transfer import import_path as import_path

# The register import/export pulls in the tabular readers and the settings
# (pydantic-settings): loaded on first use, so a GPS ingest does not pay for them.
_LAZY = {"ImportReport", "export_path", "import_path"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from fleetplan.store import transfer

        return getattr(transfer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ImportReport",
    "IngestCursor",
    "NotFoundError",
    "SyncStatus",
    "create_engine_for",
    "delete_scenario",
    "export_path",
    "get_cursor",
    "get_sync_status",
    "import_path",
    "known_roundtrip_ids",
    "list_cursors",
    "list_factor_sets",
    "list_scenarios",
    "load_dataset",
    "load_factor_set",
    "load_scenario",
    "load_shift_sets",
    "purge_roundtrips",
    "save_dataset",
    "save_factor_set",
    "save_scenario",
    "save_shift_sets",
    "session_scope",
    "set_cursor",
    "set_sync_status",
    "table_counts",
    "upgrade_database",
]
