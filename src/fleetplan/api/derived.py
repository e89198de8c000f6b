"""Values a route or page derives from the dataset, computed once per copy of it.

The dataset cache (``store.dataset_cache``) hands out the same ``Dataset``
object until the data version changes, so a value computed from that object
(the Køretøjer rows with their statuses, Forside's key figures) holds for as
long as the object is handed out. Computing them on every page load was most
of a page's CPU time under load. The key names what else the value depends on
(the day, the language, a switch).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from fleetplan.domain import Dataset

T = TypeVar("T")

# Copies whose values are kept: one per organisation in use plus a superseded
# one or two (each entry keeps its dataset alive, so this stays small).
MAX_DATASETS = 8

_lock = threading.Lock()
_values: OrderedDict[int, tuple[Dataset, dict[Hashable, Any]]] = OrderedDict()


def derived(data: Dataset, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``'s value for ``data`` and ``key``, computed once. The value is
    shared by every caller: treat it as read-only."""
    with _lock:
        entry = _values.get(id(data))
        if entry is not None and entry[0] is data:
            _values.move_to_end(id(data))
            if key in entry[1]:
                return entry[1][key]  # type: ignore[no-any-return]
    value = compute()  # outside the lock: two pages may compute it at once
    with _lock:
        entry = _values.get(id(data))
        if entry is None or entry[0] is not data:  # new, or an id reused
            entry = _values[id(data)] = (data, {})
        entry[1][key] = value
        _values.move_to_end(id(data))
        while len(_values) > MAX_DATASETS:
            _values.popitem(last=False)
    return value


def clear() -> None:
    """Forget every value (tests)."""
    with _lock:
        _values.clear()
