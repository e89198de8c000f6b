"""Every user-visible text comes from the Danish and English catalogues.

A static check of the web package (issue 16): a text written straight into a
NiceGUI element (``ui.label("Gem")``, ``ui.notify(f"... {x}")``), or a
catalogue key used in code but missing from a catalogue, fails here. Texts that
are no words (numbers, units, symbols, ids) pass.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

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
