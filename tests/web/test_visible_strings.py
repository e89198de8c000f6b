"""Every user-visible text comes from the Danish and English catalogues.

A static check of the web package (issue 16): a text written straight into a
NiceGUI element (``ui.label("Gem")``, ``ui.notify(f"... {x}")``), or a
catalogue key used in code but missing from a catalogue, fails here. Texts that
are no words (numbers, units, symbols, ids) pass. Factor keys, units and sources
(data, not code) are checked against their catalogue too, and the factor tables
of Indstillinger and the results must not show a raw key.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from fleetplan.economics import (
    DEFAULT_FACTOR_SET_NAME,
    builtin_factor_sets,
    get_builtin_factor_set,
)
from fleetplan.ingest import resolve_settings
from fleetplan.ingest.meta_settings import RUN_SETTING_META_KEYS
from fleetplan.store.settings_edit import FactorSetEntry
from fleetplan.web.factor_labels import (
    factor_label,
    has_label,
    source_key,
    source_text,
)
from fleetplan.web.settings_factors import value_rows
from fleetplan.web.settings_sources import source_rows
from fleetplan.web.translate import catalogue

WEB = Path(__file__).resolve().parents[2] / "src" / "fleetplan" / "web"
# NiceGUI elements whose first argument or these keywords are shown to the user
SHOWN = frozenset(
    {
        "label",
        "button",
        "notify",
        "input",
        "select",
        "number",
        "switch",
        "checkbox",
        "tab",
        "link",
        "chip",
        "expansion",
        "markdown",
        "textarea",
        "tooltip",
        "badge",
        "radio",
        "toggle",
        "date",
        "upload",
    }
)
KEYWORDS = frozenset({"text", "label", "placeholder", "title", "caption", "message"})
# a word of two or more letters: "Gem", "Save", "km/l" has one ("km" and "l")
WORD = re.compile(r"[A-Za-zÆØÅæøå]{2,}")
# words that are the same in both languages and no sentence
NEUTRAL = frozenset(
    {"km", "kW", "kWh", "CO2e", "CO2", "PNG", "xlsx", "API", "id", "Id", "DA", "EN"}
)


def _texts(node: ast.expr) -> list[str]:
    """The literal text parts of an argument (a string or an f-string)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [
            v.value
            for v in node.values
            if isinstance(v, ast.Constant) and isinstance(v.value, str)
        ]
    return []


def _wordy(text: str) -> bool:
    return any(w not in NEUTRAL for w in WORD.findall(text))


def hard_coded_texts(source: str) -> list[tuple[int, str]]:
    """(line, text) of every literal text given to a shown element."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):  # a table column's or a chart's "label"
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value in KEYWORDS:
                    found += [(node.lineno, s) for s in _texts(value) if _wordy(s)]
            continue
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name = node.func.attr
        is_ui = isinstance(node.func.value, ast.Name) and node.func.value.id == "ui"
        if name not in SHOWN or not (is_ui or name == "tooltip"):
            continue
        shown = node.args[1:2] if name == "tab" else node.args[:1]  # tab: its name
        args = shown + [k.value for k in node.keywords if k.arg in KEYWORDS]
        for arg in args:
            found += [(node.lineno, s) for s in _texts(arg) if _wordy(s)]
    return found


def used_keys(source: str) -> set[str]:
    """Catalogue keys given as literals to ``t`` and ``translate``."""
    keys = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        position = {"t": 0, "translate": 1}.get(node.func.id)
        if position is None or len(node.args) <= position:
            continue
        arg = node.args[position]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            keys.add(arg.value)
    return keys


MODULES = sorted(WEB.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_text_is_written_into_the_page(path: Path) -> None:
    assert hard_coded_texts(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_every_key_the_code_uses_is_in_both_catalogues(path: Path) -> None:
    da, en = catalogue("da"), catalogue("en")
    for key in used_keys(path.read_text(encoding="utf-8")):
        for texts, language in ((da, "da"), (en, "en")):
            plural = f"{key}.one" in texts and f"{key}.other" in texts
            assert key in texts or plural, f"{key} missing in {language}"


def test_the_check_finds_a_text_written_into_the_page() -> None:
    """The check itself: each of these would show a text no catalogue holds."""
    source = (
        'ui.label("Gem ændringer")\n'
        'ui.notify(f"{n} køretøjer gemt")\n'
        'ui.button(t("common.save"), icon="save")\n'
        'ui.input(label="Navn")\n'
        'x.tooltip("Hjælp")\n'
        'ui.label(f"{km} km")\n'
        'ui.tab("fleet", t("vehicles.tab.fleet"))\n'
        'columns = [{"name": "a", "label": "Antal"}]\n'
    )
    assert [line for line, _ in hard_coded_texts(source)] == [1, 2, 4, 5, 8]
    assert used_keys('t("a.b")\ntranslate(lang, "c.d")\nt(key)') == {"a.b", "c.d"}


# ---------------------------------------------------------------- factor keys

RAW_KEY = re.compile(r"^[a-z_][a-z0-9_]*(\.[a-z0-9_]+)+$")  # "ev.kwh_per_km", "price.x"


def _factor_sets() -> list[FactorSetEntry]:
    return [FactorSetEntry(s, True) for s in builtin_factor_sets()]


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_factor_key_unit_and_source_has_a_text(language: str) -> None:
    """Each built-in factor, run setting, unit and source reads in words, not
    as an id or (in Danish) an English source text; a new one fails here."""
    sets = [e.factor_set for e in _factor_sets()]
    keys = {k for s in sets for k in s.values} | set(RUN_SETTING_META_KEYS)
    assert [k for k in sorted(keys) if not has_label(k, language)] == []
    units = {v.unit for s in sets for v in s.values.values()} - {""}
    texts = catalogue(language)
    assert sorted(u for u in units if f"funit.{u}" not in texts) == []
    sources = {v.source for s in sets for v in s.values.values()}
    assert sorted(s for s in sources if source_key(s) not in texts) == []


@pytest.mark.parametrize("language", ["da", "en"])
def test_indstillinger_and_the_sources_table_show_no_raw_key(language: str) -> None:
    """The factor table and "Kilder for indstillinger" (with the user's own
    values) show a meaning per row; the key stays the row's hidden id."""
    shown = ("label", "value", "unit", "year", "source")
    for entry in _factor_sets():
        for row in value_rows(entry, language):
            assert [c for c in shown if RAW_KEY.match(str(row[c]))] == [], row
    provenance = resolve_settings(
        {}, get_builtin_factor_set(DEFAULT_FACTOR_SET_NAME), use_shifts=False
    ).provenance.with_user("max_undriven_km", 19.0, "max_undriven_km")
    for row in source_rows(provenance.to_dict(), language):
        visible = ("label", "value", "unit", "origin", "unused")
        assert [c for c in visible if RAW_KEY.match(str(row[c]))] == [], row
        assert row["detail"] not in {"shifts off", "Fleetplan"}


def test_month_labels_and_a_user_source() -> None:
    assert factor_label("ev_range_factor.m01", "da") == (
        "Elbilers rækkevidde i januar (andel af WLTP)"
    )
    assert factor_label("ev_range_factor.m12", "en").startswith("EV range in December")
    assert source_text("Vores egen aftale 2026", "da") == "Vores egen aftale 2026"
    assert source_text("Pedal Me LCA", "da") != "Pedal Me LCA"
