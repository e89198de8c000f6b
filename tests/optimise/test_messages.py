"""Every optimiser message has a Danish and an English text, and the web shows a
result's messages in the page's language."""

from __future__ import annotations

import re

import pytest

from fleetplan.optimise import OptimiseParams, optimise_fleet
from fleetplan.optimise.messages import ENGLISH, Note
from fleetplan.web.translate import catalogue, translate
from tests.optimise.helpers import dataset, make

OPTIMISE_DIR = "src/fleetplan/optimise"


def test_english_texts_are_the_catalogues_and_danish_exists() -> None:
    """The CLI's English (``ENGLISH``) is the web's English; each key has Danish."""
    en, da = catalogue("en"), catalogue("da")
    for key, text in ENGLISH.items():
        assert en[key] == text
        assert da[key] and da[key] != text, key


def test_no_english_message_literal_is_left_in_the_optimiser() -> None:
    """Messages are made by ``Note(key, ...)``: no result message is a bare string
    (the bug: 'only 4 distinct fleets ...' in English inside the Danish UI)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / OPTIMISE_DIR
    for path in root.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(messages|reasons)\.append\(\s*f?\"", text), path.name


def test_a_result_message_reads_in_danish_and_english() -> None:
    """Asking for 5 fleets where fewer exist gives 'fewer_fleets' with its count,
    which the catalogues render in both languages."""
    res = optimise_fleet(
        make(dataset()),
        OptimiseParams(
            max_unallocated=1,
            max_undriven_km=19.0,
            num_solutions=50,
            pareto_weights=(5.0,),
            min_pareto_points=1,
        ),
    )
    notes = res.to_dict()["notes"]
    fewer = next(n for n in notes if n and n["code"] == "optimiser.fewer_fleets")
    count = fewer["params"]["count"]
    assert translate("da", fewer["code"], **fewer["params"]).startswith(
        f"kun {count} forskellige flåder"
    )
    assert translate("en", fewer["code"], **fewer["params"]) in res.messages


@pytest.mark.parametrize("code", sorted(ENGLISH))
def test_note_is_its_english_text(code: str) -> None:
    params = {name: 3 for name in re.findall(r"\{(\w+)\}", ENGLISH[code])}
    note = Note(code, **params)
    assert note == ENGLISH[code].format(**params)
    assert note.to_dict() == {"code": code, "params": params}
