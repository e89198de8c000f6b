"""Stop a running HiGHS solve from another thread: a cancel token HiGHS polls.

HiGHS calls its interrupt callbacks (simplex, IPM, MIP) often during a solve, and
``CancelToken.run`` subscribes one that interrupts the solve once the token is
cancelled, by ``cancel()`` (which also calls highspy's ``cancelSolve``) or by its
``should_stop`` callable (a job's stop flag) turning true. A MIP's presolve and
its LP relaxations call no user callback, though (measured: 10 s of root LP on
synth_50v_60d without one), so the solve runs in a helper thread (highspy releases
the GIL) while the caller polls the token: after a cancel the caller gets control
back within ``ABANDON_AFTER_S`` even if HiGHS has not yet stopped; that instance
then finishes in the background at its next callback and must not be touched
again. The token is itself a ``should_stop`` callable for engines that only check
between solves, and the MIP callback also reports the running gap (``on_gap``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import highspy

T = TypeVar("T")
ShouldStop = Callable[[], bool]
OnGap = Callable[[float], None]

# how often the caller looks at the token while HiGHS runs
POLL_S = 0.05
# how long a cancelled solve may take to stop before the caller leaves it running
ABANDON_AFTER_S = 0.5
# at most one gap report per this many seconds (HiGHS calls back far more often)
GAP_REPORT_S = 0.5

_INTERRUPTS = ("cbSimplexInterrupt", "cbIpmInterrupt", "cbMipInterrupt")
_MIP = highspy.cb.HighsCallbackType.kCallbackMipInterrupt


class CancelToken:
    """A thread-safe stop flag for one run, polled by the HiGHS solves it runs."""

    def __init__(self, should_stop: ShouldStop | None = None) -> None:
        self._should_stop = should_stop
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._running: list[highspy.Highs] = []

    def cancel(self) -> None:
        """Stop the run: its solves end at HiGHS's next callback."""
        self._event.set()
        with self._lock:
            running = list(self._running)
        for h in running:
            h.cancelSolve()

    def is_cancelled(self) -> bool:
        if self._event.is_set():
            return True
        if self._should_stop is not None and self._should_stop():
            self.cancel()
            return True
        return False

    def __call__(self) -> bool:
        return self.is_cancelled()

    def call(self, fn: Callable[[], T]) -> tuple[bool, T | None]:
        """``fn()`` in a helper thread, for work that polls no token (a whole
        decomposed solve): ``(True, its value)``, or ``(False, None)`` when the
        token was cancelled before it started or it did not return within
        ``ABANDON_AFTER_S`` of a cancel (it runs on: never touch its state)."""
        if self.is_cancelled():
            return False, None
        value: list[T] = []
        failure: list[BaseException] = []

        def work() -> None:
            try:
                value.append(fn())
            except BaseException as exc:  # re-raised in the caller's thread
                failure.append(exc)

        if not self._wait(work, "cancellable"):
            return False, None
        if failure:
            raise failure[0]
        return True, value[0]

    def _wait(self, target: Callable[[], None], name: str) -> bool:
        """Run ``target`` in a daemon thread; False when left running after a
        cancel."""
        worker = threading.Thread(target=target, name=name, daemon=True)
        worker.start()
        cancelled_at: float | None = None
        while worker.is_alive():
            worker.join(POLL_S)
            if cancelled_at is None and self.is_cancelled():
                cancelled_at = time.monotonic()
            if (
                cancelled_at is not None
                and worker.is_alive()
                and time.monotonic() - cancelled_at >= ABANDON_AFTER_S
            ):
                return False
        return True

    def run(self, h: highspy.Highs, on_gap: OnGap | None = None) -> bool:
        """``h.run()`` under the token. True when the solve ended (optimal, limit or
        interrupted: ``h``'s results are readable); False when it was cancelled
        before it started or did not stop within ``ABANDON_AFTER_S`` of a cancel
        (``h`` may still be running: never use it again)."""
        if self.is_cancelled():
            return False
        last = [0.0]

        def interrupt(event: Any) -> None:
            if self._event.is_set():
                event.interrupt()
            elif on_gap is not None and event.callback_type == _MIP:
                now = time.monotonic()
                if now - last[0] >= GAP_REPORT_S:
                    last[0] = now
                    gap = float(event.data_out.mip_gap)
                    if gap == gap and gap < 1e20:  # inf/nan before a bound exists
                        on_gap(gap)

        h.HandleUserInterrupt = True  # makes highspy's cancelSolve effective
        for name in _INTERRUPTS:
            getattr(h, name).subscribe(interrupt)
        with self._lock:
            self._running.append(h)
        failure: list[BaseException] = []

        def solve() -> None:
            try:
                h.run()
            except BaseException as exc:  # re-raised in the caller's thread
                failure.append(exc)

        if not self._wait(solve, "highs-solve"):
            return False  # the callback stays subscribed and stops it later
        with self._lock:
            self._running.remove(h)
        for name in _INTERRUPTS:
            getattr(h, name).unsubscribe(interrupt)
        h.HandleUserInterrupt = False
        if failure:
            raise failure[0]
        return True
