"""The replay check: an assertion logs in once.

A captured SAML response stays valid until its ``NotOnOrAfter`` (minutes), so
its assertion id is marked used until then and a second use is refused. The
marks are the app's (``api.replay``): in the database, so a response replayed
to another web process within its lifetime is refused there too.
"""

from __future__ import annotations

from fleetplan.api.replay import SAML_ASSERTION, InMemoryReplayMarks, ReplayMarks


class AssertionIds:
    """Assertion ids seen, each until its expiry (seconds since the epoch)."""

    def __init__(self, marks: ReplayMarks | None = None) -> None:
        self.marks: ReplayMarks = marks or InMemoryReplayMarks()

    def first_use(self, assertion_id: str, until: float) -> bool:
        """Record ``assertion_id``; False when it was seen before (a replay)."""
        return self.marks.first_use(SAML_ASSERTION, assertion_id, until)
