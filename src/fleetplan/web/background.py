"""Work off the event loop with the page's context.

NiceGUI's ``run.io_bound`` runs a function in a thread pool, and a thread starts
with an empty set of context variables: the organisation that scopes every query
(``store.scoped``) and who acts for the audit log would be lost, so with two
organisations a page's load would not know whose fleet to read. ``in_thread``
runs the function inside a copy of the caller's context."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any, TypeVar

from nicegui import run

T = TypeVar("T")


async def in_thread(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``run.io_bound(fn, *args, **kwargs)`` in a copy of this context."""
    context = contextvars.copy_context()
    return await run.io_bound(context.run, fn, *args, **kwargs)
