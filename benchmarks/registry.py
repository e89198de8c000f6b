"""The benchmark registry: named cases, each with a setup, a timed run and a
baseline timed in the same process."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class BenchCase:
    """``setup(size)`` prepares untimed inputs; ``run(inputs)`` is timed and returns
    the case's figures (JSON-able); ``baseline(inputs)`` is timed the same way.
    ``sizes`` name the instances, smallest first (the test suite runs the first)."""

    name: str
    group: str
    sizes: tuple[str, ...]
    setup: Callable[[str], Any]
    run: Callable[[Any], dict[str, Any]]
    baseline: Callable[[Any], Any] | None = None
    default_sizes: tuple[str, ...] = ()


REGISTRY: dict[str, BenchCase] = {}


def register(case: BenchCase) -> BenchCase:
    if case.name in REGISTRY:
        raise ValueError(f"benchmark case {case.name!r} is registered twice.")
    REGISTRY[case.name] = case
    return case


def cases(group_or_name: str) -> list[BenchCase]:
    """Cases of a group ("simulate") or one case by name."""
    if group_or_name in REGISTRY:
        return [REGISTRY[group_or_name]]
    found = [c for c in REGISTRY.values() if c.group == group_or_name]
    if not found:
        raise KeyError(
            f"no benchmark case or group {group_or_name!r}; "
            f"known: {sorted({c.group for c in REGISTRY.values()})}"
        )
    return found
