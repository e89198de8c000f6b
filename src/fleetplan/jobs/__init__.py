"""Long work off the request thread: progress, cancel and stored job states."""

from fleetplan.jobs.db_store import SqlJobStore as SqlJobStore
from fleetplan.jobs.memory_store import InMemoryJobStore as InMemoryJobStore
from fleetplan.jobs.model import JobRecord as JobRecord
from fleetplan.jobs.model import JobState as JobState
from fleetplan.jobs.model import JobStore as JobStore
from fleetplan.jobs.runner import INTERRUPTED as INTERRUPTED
from fleetplan.jobs.runner import JobCancelled as JobCancelled
from fleetplan.jobs.runner import JobContext as JobContext
from fleetplan.jobs.runner import JobFunction as JobFunction
from fleetplan.jobs.runner import JobRunner as JobRunner

__all__ = [
    "INTERRUPTED",
    "InMemoryJobStore",
    "JobCancelled",
    "JobContext",
    "JobFunction",
    "JobRecord",
    "JobRunner",
    "JobState",
    "JobStore",
    "SqlJobStore",
]
