"""Kravspecifikation: the procurement specification of a chosen fleet (a saved
simulation scenario), as a report: what to buy by body and model, with its
outfitting, minimum winter range and charging, the km a year, and the climate
requirements of the procurement policy (Ballerup's indkøbspolitik, summarised
in the catalogues' ``council.proc.req.*``).
"""

from __future__ import annotations

from fleetplan.reports.document import (
    Column,
    Document,
    Section,
    Table,
    format_number,
    format_plain,
)
from fleetplan.reports.labels import Labels
from fleetplan.reports.procurement_data import ProcurementData, SpecGroup

REQUIREMENTS = 7  # council.proc.req.1 … 7


def _outfitting(group: SpecGroup, labels: Labels) -> str:
    parts = []
    if group.seats and group.seats > 1:  # a bicycle's one seat says nothing
        parts.append(labels("council.out.seats", seats=group.seats))
    if group.wheelchair_lift:
        parts.append(labels("council.out.lift"))
    if group.cargo_m3:
        m3 = format_plain(group.cargo_m3, labels.language)
        parts.append(labels("council.out.cargo", m3=m3))
    return ", ".join(parts) or "–"


def _category(group: SpecGroup, labels: Labels) -> str:
    key = f"council.cat.{group.category}"
    return labels(key) if labels.has(key) else group.category


def _groups_table(data: ProcurementData, labels: Labels) -> Table:
    return Table(
        labels("council.proc.groups_table"),
        labels("council.proc.groups_sheet"),
        (
            Column(labels("council.col.category"), width=1.1),
            Column(labels("council.col.model"), width=2.2),
            Column(labels("council.col.count"), decimals=0, width=0.7),
            Column(labels("council.col.new"), decimals=0, width=0.7),
            Column(labels("council.col.outfitting"), width=1.7),
            Column(labels("council.col.km_year"), decimals=0),
            Column(labels("council.col.max_km_year"), decimals=0),
            Column(labels("council.col.max_day_km"), decimals=0),
            Column(labels("council.col.min_winter_range"), decimals=0),
            Column(labels("council.col.required_wltp"), decimals=0),
            Column(labels("council.col.winter_range"), decimals=0),
            Column(labels("council.col.charge_kw"), decimals=0, width=0.9),
        ),
        tuple(
            (
                _category(g, labels),
                g.model,
                g.count,
                g.new,
                _outfitting(g, labels),
                round(g.km_per_year),
                round(g.max_km_per_year),
                None if g.max_day_km is None else round(g.max_day_km),
                None if g.max_day_km is None or not g.electric else round(g.max_day_km),
                _rounded(data.required_wltp_km(g)),
                _rounded(data.winter_range_km(g)),
                g.charge_kw if g.electric else None,
            )
            for g in data.groups
        ),
    )


def _rounded(value: float | None) -> int | None:
    return None if value is None else round(value)


def _charging_table(data: ProcurementData, labels: Labels) -> Table:
    return Table(
        labels("council.proc.charging_table"),
        labels("council.proc.charging_sheet"),
        (
            Column(labels("council.col.location"), width=2.0),
            Column(labels("council.col.evs"), decimals=0),
            Column(labels("council.col.mwh_year"), decimals=1),
            Column(labels("council.col.worst_day_kwh"), decimals=0),
            Column(labels("council.col.charge_kw_sum"), decimals=0),
            Column(labels("council.col.hours"), decimals=1),
        ),
        tuple(
            (
                loc.location or labels("council.proc.no_home"),
                loc.evs,
                round(loc.energy_kwh_per_year / 1000.0, 1),
                round(loc.worst_day_kwh),
                round(loc.charge_kw),
                round(loc.hours, 1),
            )
            for loc in data.locations
        ),
    )


def procurement_document(data: ProcurementData, labels: Labels) -> Document:
    """The specification in ``labels``' language."""
    total = sum(g.count for g in data.groups)
    new = sum(g.new for g in data.groups)
    fleet_notes = [
        labels(
            "council.proc.winter_rule",
            factor=format_number(data.winter_factor, 2, labels.language),
            month=labels(f"council.month.{data.winter_month}"),
        )
    ]
    if not data.has_book:
        fleet_notes.append(labels("council.proc.no_book"))
    return Document(
        title=labels("council.proc.title"),
        subtitle=labels("council.proc.subtitle", scenario=data.scenario),
        language=labels.language,
        page_label=labels("council.page"),
        landscape=True,
        facts=(
            (labels("council.fact.scenario"), data.scenario),
            (
                labels("council.fact.period"),
                f"{data.period_start} – {data.period_end}",
            ),
            (
                labels("council.fact.fleet"),
                labels("council.proc.counts", total=total, new=new),
            ),
            (labels("council.fact.factor_set"), data.factor_set),
        ),
        sections=(
            Section(
                labels("council.proc.fleet_heading"),
                paragraphs=tuple(fleet_notes),
                tables=(_groups_table(data, labels),),
            ),
            Section(
                labels("council.proc.charging_heading"),
                paragraphs=(labels("council.proc.charging_rule"),),
                tables=(_charging_table(data, labels),),
            ),
            Section(
                labels("council.proc.policy_heading"),
                paragraphs=(labels("council.proc.policy_intro"),),
                bullets=tuple(
                    labels(f"council.proc.req.{n}") for n in range(1, REQUIREMENTS + 1)
                ),
            ),
        ),
    )
