"""Each process's copy of the dataset, read again when the data version in the
database changed (so an edit in one web process shows in the others and in the
workers at once)."""

from __future__ import annotations

import threading
import time

from sqlalchemy import Engine

from fleetplan.domain import Dataset
from fleetplan.store.data_version import bump_data_version, data_version
from fleetplan.store.dataset_repo import load_dataset


class DatasetCache:
    """The stored dataset without segments (no page or job needs them), read
    again when the data version changed or when older than ``max_age_s``.

    The version is read on every call by default (one primary-key read), so a
    page opened right after a save elsewhere (a worker's import) shows it;
    ``check_s`` spaces those reads out."""

    def __init__(
        self, engine: Engine, max_age_s: float = 30.0, check_s: float = 0.0
    ) -> None:
        self._engine = engine
        self._max_age_s = max_age_s
        self._check_s = check_s
        self._lock = threading.Lock()
        self._data: Dataset | None = None
        self._version: int | None = None
        self._loaded_at = 0.0
        self._checked_at = 0.0

    def __call__(self) -> Dataset:
        with self._lock:
            now = time.monotonic()
            stale = self._data is None or now - self._loaded_at > self._max_age_s
            if not stale and now - self._checked_at >= self._check_s:
                self._checked_at = now
                stale = data_version(self._engine) != self._version
            if stale or self._data is None:
                self._version = data_version(self._engine)
                self._data = load_dataset(self._engine, with_segments=False)
                self._loaded_at = self._checked_at = now
            return self._data

    def invalidate(self) -> None:
        """Forget this process's copy (the next call reads the database)."""
        with self._lock:
            self._data = None

    def changed(self) -> None:
        """This process wrote the dataset: tell every process, then forget."""
        bump_data_version(self._engine)
        self.invalidate()
