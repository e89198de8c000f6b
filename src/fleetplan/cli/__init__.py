"""The ``fleetplan`` command. Each command group lives in its own module and
registers itself on ``app``; this package imports them all."""

from fleetplan.cli import commands as _commands  # noqa: F401  (registers commands)
from fleetplan.cli.main import app as app

__all__ = ["app"]
