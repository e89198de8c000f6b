"""The services one app instance uses: settings, users, jobs and data access.

API routes and web pages both reach them through :func:`get_services`, so
neither holds business logic of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fleetplan.api.replay import InMemoryReplayMarks, ReplayMarks
from fleetplan.api.security import SessionCodec
from fleetplan.api.settings import WebSettings
from fleetplan.api.users import UserRepository
from fleetplan.domain import Dataset, Scenario
from fleetplan.jobs import JobFunction
from fleetplan.jobs.model import Runner
from fleetplan.store import ImportReport
from fleetplan.store.register_service import RegisterService

# A job kind turns the request's parameters into the function the runner runs,
# or raises ValueError when the parameters are wrong.
JobFactory = Callable[[Mapping[str, Any]], JobFunction]


@dataclass(slots=True)
class AppServices:
    settings: WebSettings
    users: UserRepository
    jobs: Runner  # threads (SQLite) or procrastinate workers (PostgreSQL)
    load_dataset: Callable[[], Dataset]
    job_kinds: dict[str, JobFactory] = field(default_factory=dict)
    list_scenarios: Callable[[], list[Scenario]] = list
    # one saved scenario with its results by id (None: no such scenario)
    open_scenario: Callable[[int], Scenario | None] = lambda _id: None
    # Validate (dry_run=True) or import neutral tables from a folder or .xlsx.
    import_tables: Callable[[Path, bool], ImportReport] | None = None
    # Keep an uploaded file for the import job (``dataset.import``); its id.
    stage_upload: Callable[[str, bytes], str] | None = None
    # Edits of vehicles and settings (None: this app is read-only).
    register: RegisterService | None = None
    # failed-login counts shared by every web process (None: in this process)
    login_limiter: Any = None
    # used OIDC nonces and SAML assertion ids (the database's: every process)
    replay_marks: ReplayMarks = field(default_factory=InMemoryReplayMarks)
    codec: SessionCodec = field(init=False)

    def __post_init__(self) -> None:
        self.codec = SessionCodec(
            self.settings.secret_key, self.settings.session_max_age_s
        )


_current: AppServices | None = None


def set_services(services: AppServices) -> None:
    """Make ``services`` the ones of this process (one app per process)."""
    global _current
    _current = services


def get_services() -> AppServices:
    if _current is None:
        raise RuntimeError("create_api(services) has not been called yet.")
    return _current
