"""The ``fleetplan`` command. Each command group lives in its own module and
registers itself on ``app``; ``cli.lazy_group`` imports a module when one of its
commands runs (``cli.commands`` imports them all, for tests and tools)."""

from fleetplan.cli.main import app as app

__all__ = ["app"]
