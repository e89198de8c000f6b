"""Build many lasting objects without the cyclic collector going over them.

Python's collector counts allocations even while it is disabled, so pausing it
around the roundtrip build only moves its work: the first allocation after
``gc.enable()`` starts a young collection over every object just made (30,000
on the 51-truck log, ~3–6 ms CPU, nothing ever freed), and ten of those later a
middle one over them again. The objects built here (``Segment``, ``Roundtrip``
and their tuples) hold only strings, numbers, datetimes and each other in one
direction, so they form no cycles and the collector can never free them: on a
normal exit they go straight to the oldest generation (``gc.freeze()`` then
``gc.unfreeze()``: two list splices, no traversal), as they would after two
collections. What else was young goes along, so a garbage cycle made just
before waits for the next full collection instead of a young one.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def lasting_objects() -> Iterator[None]:
    """The collector disabled inside; afterwards enabled again if it was, and
    frozen objects (someone else's ``gc.freeze()``) left frozen."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    except BaseException:
        # what was built is garbage now (and a traceback makes cycles): leave
        # it to the ordinary young collection
        if was_on:
            gc.enable()
        raise
    if was_on:
        if gc.get_freeze_count() == 0:  # unfreeze would thaw others' objects
            gc.freeze()  # every tracked object into the permanent generation
            gc.unfreeze()  # and back, into the oldest one
        gc.enable()
