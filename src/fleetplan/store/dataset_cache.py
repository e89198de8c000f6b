"""Each process's copy of the dataset, read again when the data version in the
database changed (so an edit in one web process shows in the others and in the
workers at once)."""

from __future__ import annotations

import contextvars
import threading
import time
from dataclasses import dataclass

from sqlalchemy import Engine

from fleetplan.domain import Dataset
from fleetplan.store.data_version import bump_data_version, data_version
from fleetplan.store.dataset_repo import load_dataset
from fleetplan.store.scoped import current_organisation


@dataclass(slots=True)
class _Entry:
    data: Dataset | None = None
    version: int | None = None
    loaded_at: float = 0.0
    checked_at: float = 0.0
    refreshing: bool = False  # a background read of an old copy is under way


class DatasetCache:
    """The stored dataset without segments (no page or job needs them), read
    again when the data version changed, or in the background when older than
    ``max_age_s`` (the old copy is handed out until the new one is read).

    One copy per organisation: the key is the context's organisation (None: the
    database's only one), so no organisation is ever handed another's copy.
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
        self._entries: dict[int | None, _Entry] = {}

    def __call__(self) -> Dataset:
        organisation = current_organisation()
        with self._lock:
            entry = self._entries.setdefault(organisation, _Entry())
            now = time.monotonic()
            stale = entry.data is None
            if not stale and now - entry.checked_at >= self._check_s:
                entry.checked_at = now
                stale = data_version(self._engine) != entry.version
            if stale or entry.data is None:
                entry.version = data_version(self._engine)
                entry.data = load_dataset(self._engine, with_segments=False)
                entry.loaded_at = entry.checked_at = now
            elif now - entry.loaded_at > self._max_age_s and not entry.refreshing:
                # Same version, only old: read it again in the background and
                # hand out this copy meanwhile. Read under the lock, every
                # request wanting the dataset waited for it (0.5 s or more
                # under load, each max_age_s).
                entry.refreshing = True
                refresh = contextvars.copy_context().run  # the organisation
                threading.Thread(
                    target=refresh,
                    args=(self._refresh, organisation, entry),
                    name="dataset refresh",
                    daemon=True,
                ).start()
            return entry.data

    def _refresh(self, organisation: int | None, entry: _Entry) -> None:
        started = time.monotonic()
        version: int | None = None
        data: Dataset | None = None
        try:
            version = data_version(self._engine)
            data = load_dataset(self._engine, with_segments=False)
        finally:  # a failed read leaves the old copy; a later call tries again
            with self._lock:
                entry.refreshing = False
                # not if the copy was forgotten or read again meanwhile (newer)
                if (
                    data is not None
                    and self._entries.get(organisation) is entry
                    and entry.loaded_at < started
                ):
                    entry.data, entry.version = data, version
                    entry.loaded_at = entry.checked_at = time.monotonic()

    def invalidate(self) -> None:
        """Forget this process's copies (the next call reads the database)."""
        with self._lock:
            self._entries.clear()

    def changed(self) -> None:
        """This process wrote the dataset: tell every process, then forget."""
        bump_data_version(self._engine)
        self.invalidate()
