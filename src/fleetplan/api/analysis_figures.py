"""The Analyse page's figures for one filter, cached: the same numbers for the
``GET /analysis/...`` routes (``api/routes/analysis.py``) and the page
(``fleetplan.web.pages.analysis``)."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from fleetplan.analytics import (
    AnalysisFilter,
    AnalysisKind,
    DataQualityReport,
    PeakReport,
    ShortTripReport,
    ShortTripRow,
    analyse,
    select,
)
from fleetplan.analytics.activity import ActivityReport, activity
from fleetplan.analytics.selection import default_period
from fleetplan.api.derived import derived
from fleetplan.domain import DEFAULT_MAX_PERIOD_YEARS, Dataset, Period, check_period

CACHE_SIZE = 16


def analysis_filter(
    dataset: Dataset,
    start: date | None = None,
    end: date | None = None,
    locations: tuple[str, ...] = (),
    departments: tuple[str, ...] = (),
    administrations: tuple[str, ...] = (),
    max_years: int = DEFAULT_MAX_PERIOD_YEARS,
    *,
    categories: tuple[str, ...] = (),
) -> AnalysisFilter:
    """The analytics filter of the page's choices; ``end`` is the last day included.

    A missing start or end is taken from the dataset's own period. Raises
    ``ValueError`` when the period would end before it starts or is longer than
    ``max_years`` (the analyses' arrays grow with the period's days).
    """
    period = None
    if start is not None or end is not None:
        base = default_period(dataset)
        first = datetime.combine(start, time()) if start else base.start
        last = datetime.combine(end + timedelta(days=1), time()) if end else base.end
        check_period(first.date(), last.date(), max_years, last_included=False)
        period = Period(first, last)
    return AnalysisFilter(
        period=period,
        location_ids=locations,
        departments=departments,
        administrations=administrations,
        categories=categories,
    )


@dataclass(frozen=True, slots=True)
class AnalysisFigures:
    """Everything the Analyse page shows for one filter."""

    period: Period
    vehicles: int
    roundtrips: int
    activity: ActivityReport
    peaks: PeakReport
    short_trips: ShortTripReport
    # one row per department (``location_id`` holds the department's name)
    short_by_department: tuple[ShortTripRow, ...]
    data_quality: DataQualityReport


def compute_figures(
    dataset: Dataset, flt: AnalysisFilter, today: date | None = None
) -> AnalysisFigures:
    sel = select(dataset, flt)
    short = analyse(AnalysisKind.SHORT_TRIPS, dataset, flt)
    departments = sorted({v.department for v in sel.vehicles if v.department})
    by_department = tuple(
        replace(
            analyse(
                AnalysisKind.SHORT_TRIPS,
                dataset,
                replace(flt, departments=(name,)),
            ).overall,  # type: ignore[attr-defined]
            location_id=name,
        )
        for name in departments
    )
    return AnalysisFigures(
        period=sel.period,
        vehicles=len(sel.vehicles),
        roundtrips=len(sel.roundtrips),
        activity=activity(sel.roundtrips, sel.period, len(sel.vehicles)),
        peaks=analyse(AnalysisKind.PEAKS, dataset, flt),  # type: ignore[arg-type]
        short_trips=short,  # type: ignore[arg-type]
        short_by_department=by_department,
        data_quality=analyse(  # type: ignore[arg-type]
            AnalysisKind.DATA_QUALITY, dataset, flt, today=today
        ),
    )


def fingerprint(dataset: Dataset) -> int:
    """A hash of the dataset's content (a few ms for 30,000 roundtrips), so a
    reloaded but unchanged dataset keeps its cached figures."""
    meta = json.dumps(dict(dataset.meta), sort_keys=True, default=str)
    return hash((dataset.locations, dataset.vehicles, dataset.roundtrips, meta))


_cache: OrderedDict[tuple[int, AnalysisFilter, date], AnalysisFigures] = OrderedDict()
_lock = threading.Lock()


def analysis_figures(
    dataset: Dataset, flt: AnalysisFilter, today: date | None = None
) -> AnalysisFigures:
    """:func:`compute_figures`, cached per dataset content, filter and day (the
    last ``CACHE_SIZE`` combinations)."""
    # hashing every roundtrip took a few ms per request: once per copy instead
    content = derived(dataset, "fingerprint", lambda: fingerprint(dataset))
    key = (content, flt, today or date.today())
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    figures = compute_figures(dataset, flt, key[2])
    with _lock:
        _cache[key] = figures
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return figures
