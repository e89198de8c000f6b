"""Charge-point rows of the transition MILP, added while it solves.

The points a location needs in a year are the charge-point rule
(``domain.charging.points_needed``) on the plug-in sessions of its EVs that year:
a scheduling count, not a linear function of the plan. The MILP starts with the
daytime rows (points >= EVs with a short stay, which is linear) and, after each
solve, checks every location and year of its answer with the rule itself. Where
its points fall short it adds

- a *density* row for the busiest window of the answer's sessions: the charging
  hours of the sessions inside a window [a, b] fit on N points only if they are at
  most N × (b − a); the row holds for every plan, so it cuts broadly;
- when no window proves the rule's count, a *no-good* row: with exactly this set
  of EVs at the location that year, N >= the rule's count.

Both rows hold for every plan, so HiGHS's bound stays a valid lower bound; the
loop ends when every location and year has the points the rule gives, and then
the MILP's objective is ``plan_cost`` of its answer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from fleetplan.domain.charging import ChargeSession, points_needed, stays_apart
from fleetplan.optimise.transition_instance import Path, PathKind, TransitionInstance

_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class ChargeColumn:
    """A path column that puts an EV with sessions at a location from year on."""

    col: int
    vehicle: int
    replacement: int
    year: int


@dataclass(frozen=True, slots=True)
class Cut:
    cols: list[int]
    vals: list[float]
    lo: float
    hi: float


def charge_columns(
    inst: TransitionInstance, col_path: Sequence[tuple[int, Path]]
) -> list[list[ChargeColumn]]:
    """Per location, the columns whose path brings sessions to it."""
    out: list[list[ChargeColumn]] = [[] for _ in inst.locations]
    for col, (vi, p) in enumerate(col_path):
        if p.kind is not PathKind.REPLACE or p.year is None:
            continue
        v = inst.vehicles[vi]
        r = p.replacement or 0
        if v.replacements[r].sessions:
            out[v.location].append(ChargeColumn(col, vi, r, p.year))
    return out


def _busiest_window(
    group: Sequence[ChargeSession], span_h: float = 24.0
) -> tuple[float, float, float]:
    """(a, b, charging hours inside) of the window of at most ``span_h`` hours
    from an arrival to a departure with the most charging hours per hour (any
    window gives a valid row; a chain of stays may run for weeks)."""
    order = sorted(group, key=lambda s: s.arrive_h)
    a = np.array([s.arrive_h for s in order])
    d = np.array([s.depart_h for s in order])
    c = np.array([s.charge_h for s in order])
    best = (float(a[0]), float(d[0]), 0.0)
    best_density = -1.0
    for i in range(len(order)):
        stop = int(np.searchsorted(a, a[i] + span_h, side="right"))
        ends = d[i:stop]
        keep = ends - a[i] <= span_h
        ends, work = ends[keep], c[i:stop][keep]
        if not len(ends):
            continue
        by_end = np.argsort(ends, kind="stable")
        done = np.cumsum(work[by_end])  # hours of sessions ending by each end
        length = ends[by_end] - a[i]
        density = np.where(length > _EPS, done / np.maximum(length, _EPS), 0.0)
        j = int(np.argmax(density))
        if density[j] > best_density:
            best_density = float(density[j])
            best = (float(a[i]), float(ends[by_end][j]), float(done[j]))
    return best


class ChargeCuts:
    """Checks an answer's points against the rule and writes the rows it lacks."""

    def __init__(
        self,
        inst: TransitionInstance,
        columns: list[list[ChargeColumn]],
        n_col: int,
    ) -> None:
        self.inst = inst
        self.columns = columns
        self.n_col = n_col  # column of N[location 0, year 0]; N[l, y] = n_col + l·n + y
        self.n = len(inst.years)

    def _n(self, li: int, y: int) -> int:
        return self.n_col + li * self.n + y

    def short_rows(self) -> list[Cut]:
        """N[l,y] + today's points >= the EVs with a short stay (linear)."""
        out = []
        for li, loc in enumerate(self.inst.locations):
            today = len({s.ev for s in loc.today_sessions if s.short})
            for y in range(self.n):
                terms = [
                    c.col
                    for c in self.columns[li]
                    if c.year <= y
                    and any(
                        s.short
                        for s in self.inst.vehicles[c.vehicle]
                        .replacements[c.replacement]
                        .sessions
                    )
                ]
                if terms:
                    out.append(
                        Cut(
                            [*terms, self._n(li, y)],
                            [1.0] * len(terms) + [-1.0],
                            -math.inf,
                            loc.points_today - today,
                        )
                    )
        return out

    def check(self, x: np.ndarray) -> list[Cut]:
        """Rows the answer ``x`` violates (none: its points are the rule's)."""
        out: list[Cut] = []
        for li, loc in enumerate(self.inst.locations):
            last: tuple[int, ...] | None = None
            for y in range(self.n):
                chosen = [c for c in self.columns[li] if c.year <= y and x[c.col] > 0.5]
                key = tuple(c.col for c in chosen)
                if key == last:
                    continue  # the same EVs as the year before: already checked
                last = key
                sessions = list(loc.today_sessions)
                for c in chosen:
                    v = self.inst.vehicles[c.vehicle]
                    sessions.extend(v.replacements[c.replacement].sessions)
                need = points_needed(sessions) - loc.points_today
                have = x[self._n(li, y)]
                if need <= have + 0.5:
                    continue
                out.extend(self._cuts(li, y, sessions, chosen, need))
        return out

    def _cuts(
        self,
        li: int,
        y: int,
        sessions: list[ChargeSession],
        chosen: list[ChargeColumn],
        need: int,
    ) -> list[Cut]:
        loc = self.inst.locations[li]
        best = max(
            (_busiest_window(g) for g in stays_apart(sessions)),
            key=lambda w: w[2] / max(w[1] - w[0], _EPS),
        )
        a, b, _ = best
        # the window's row holds in every year: the later years' EVs include these
        out = [self._density_row(li, later, a, b) for later in range(y, self.n)]
        work = best[2]
        if math.ceil(work / max(b - a, _EPS) - 1e-6) - loc.points_today < need:
            out.append(self._no_good(li, y, chosen, need))
        return out

    def _density_row(self, li: int, y: int, a: float, b: float) -> Cut:
        """Σ charging hours inside [a, b] <= (b − a) × (N[l,y] + today's points)."""
        loc = self.inst.locations[li]
        length = b - a

        def inside(group: Sequence[ChargeSession]) -> float:
            return sum(
                s.charge_h
                for s in group
                if s.arrive_h >= a - _EPS and s.depart_h <= b + _EPS
            )

        cols, vals = [], []
        for c in self.columns[li]:
            if c.year > y:
                continue
            v = self.inst.vehicles[c.vehicle]
            work = inside(v.replacements[c.replacement].sessions)
            if work > 0:
                cols.append(c.col)
                vals.append(work)
        cols.append(self._n(li, y))
        vals.append(-length)
        rhs = length * loc.points_today - inside(loc.today_sessions)
        return Cut(cols, vals, -math.inf, rhs)

    def _no_good(self, li: int, y: int, chosen: list[ChargeColumn], need: int) -> Cut:
        """N[l,y] >= need when exactly ``chosen``'s EVs are there in year y."""
        members = {(c.vehicle, c.replacement) for c in chosen}
        cols, vals = [self._n(li, y)], [1.0]
        for c in self.columns[li]:
            if c.year > y:
                continue
            cols.append(c.col)
            vals.append(-need if (c.vehicle, c.replacement) in members else need)
        return Cut(cols, vals, need * (1 - len(members)), math.inf)
