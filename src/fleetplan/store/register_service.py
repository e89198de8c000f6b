"""One object the API and the web pages call for every edit of the register and
the settings: it binds the store functions to an engine and tells the app's
dataset cache after each change, so the change shows at once."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from fleetplan.domain import BikeRules, ExternalRules, FactorSet, Vehicle
from fleetplan.store import settings_edit, vehicle_edit
from fleetplan.store.audit import AuditEntry, list_entries
from fleetplan.store.ingest_state import SyncStatus, list_sync_statuses
from fleetplan.store.settings_edit import FactorSetEntry, ShiftRow
from fleetplan.store.vehicle_edit import Deactivation

if TYPE_CHECKING:
    from fleetplan.store.connector_status import ConnectorStatus


class RegisterService:
    def __init__(
        self, engine: Engine, on_change: Callable[[], None] = lambda: None
    ) -> None:
        self._engine = engine
        self._on_change = on_change

    # vehicles
    def create_vehicle(self, vehicle_id: str, values: Mapping[str, Any]) -> Vehicle:
        vehicle = vehicle_edit.create_vehicle(self._engine, vehicle_id, values)
        self._on_change()
        return vehicle

    def update_vehicle(self, vehicle_id: str, changes: Mapping[str, Any]) -> Vehicle:
        vehicle = vehicle_edit.update_vehicle(self._engine, vehicle_id, changes)
        self._on_change()
        return vehicle

    def deactivate_vehicle(
        self, vehicle_id: str, on: date, reason: str = ""
    ) -> Deactivation:
        record = vehicle_edit.deactivate_vehicle(self._engine, vehicle_id, on, reason)
        self._on_change()
        return record

    def reactivate_vehicle(self, vehicle_id: str) -> None:
        vehicle_edit.reactivate_vehicle(self._engine, vehicle_id)
        self._on_change()

    # factor sets
    def factor_sets(self) -> list[FactorSetEntry]:
        return settings_edit.factor_set_entries(self._engine)

    def factor_set(self, name: str) -> FactorSet:
        return settings_edit.find_factor_set(self._engine, name)

    def copy_factor_set(self, source_name: str, new_name: str) -> FactorSet:
        return settings_edit.copy_factor_set(self._engine, source_name, new_name)

    def set_factor_value(
        self,
        set_name: str,
        key: str,
        value: float,
        source: str,
        year: int | None = None,
    ) -> FactorSet:
        return settings_edit.set_factor_value(
            self._engine, set_name, key, value, source, year
        )

    # run settings kept in the dataset meta
    def save_bike_rules(self, rules: BikeRules) -> BikeRules:
        saved = settings_edit.save_bike_rules(self._engine, rules)
        self._on_change()
        return saved

    def save_external_rules(self, rules: ExternalRules) -> ExternalRules:
        saved = settings_edit.save_external_rules(self._engine, rules)
        self._on_change()
        return saved

    def shift_rows(self, meta: Mapping[str, Any]) -> list[ShiftRow]:
        return settings_edit.shift_rows(self._engine, meta)

    def save_home_radius(self, location_id: str, radius_m: float) -> float:
        radius = settings_edit.save_home_radius(self._engine, location_id, radius_m)
        self._on_change()
        return radius

    # the audit log (admins read it; every change above writes it)
    def audit_entries(self, limit: int = 500, offset: int = 0) -> list[AuditEntry]:
        return list_entries(self._engine, limit=limit, offset=offset)

    def sync_statuses(self) -> list[SyncStatus]:
        """Each GPS file source's and connector's last run, with its summary."""
        return list_sync_statuses(self._engine)

    def connector_statuses(self) -> list[ConnectorStatus]:
        """Each connector of ``FLEETPLAN_CONNECTORS_FILE``: its daily time, next
        run, whether it runs now, and its last run (raises ``ConnectorError``
        when the file cannot be read)."""
        from fleetplan.ingest.gps.connectors import load_connector_configs
        from fleetplan.store.connector_status import connector_statuses

        return connector_statuses(self._engine, load_connector_configs())
