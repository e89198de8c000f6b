"""The replay cache: an assertion logs in once.

A captured SAML response stays valid until its ``NotOnOrAfter`` (minutes), so
its assertion id is remembered until then and a second use is refused. The ids
are kept in this process: behind several web processes a response replayed to
another process within its lifetime is caught only by the request binding of
``routes.saml`` (the signed cookie naming the request it answers).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class AssertionIds:
    """Assertion ids seen, each until its expiry (seconds since the epoch)."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._until: dict[str, float] = {}

    def first_use(self, assertion_id: str, until: float) -> bool:
        """Record ``assertion_id``; False when it was seen before (a replay)."""
        now = self.clock()
        with self._lock:
            # Expired ids cannot come back: the assertion's time check refuses them.
            for old in [k for k, t in self._until.items() if t < now]:
                del self._until[old]
            if assertion_id in self._until:
                return False
            self._until[assertion_id] = until
            return True


# One cache per process; the ACS route uses it.
seen_assertions = AssertionIds()
