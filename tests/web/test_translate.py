"""Catalogues: identical keys, same placeholders, and lookup with parameters."""

from __future__ import annotations

import re

import pytest

from fleetplan.web.translate import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    catalogue,
    language_from_cookie,
    translate,
)


def test_catalogues_have_identical_keys() -> None:
    da, en = catalogue("da"), catalogue("en")
    assert set(da) == set(en), set(da) ^ set(en)
    assert len(da) > 50


def test_placeholders_match_between_languages() -> None:
    """A text may not drop or rename a parameter in translation."""
    pattern = re.compile(r"\{(\w+)\}")
    for key, text in catalogue("da").items():
        assert set(pattern.findall(text)) == set(
            pattern.findall(catalogue("en")[key])
        ), key


def test_translate_fills_parameters_and_defaults_to_danish() -> None:
    assert translate("da", "vehicles.count", count=3) == "3 køretøjer"
    assert translate("en", "vehicles.count", count=3) == "3 vehicles"
    assert translate("da", "nav.home") == "Forside"
    assert DEFAULT_LANGUAGE == "da" and LANGUAGES == ("da", "en")
    assert language_from_cookie("en") == "en"
    assert language_from_cookie("xx") == "da"
    assert language_from_cookie(None) == "da"
    with pytest.raises(KeyError):
        translate("da", "no.such.key")
    with pytest.raises(ValueError, match="unknown language"):
        catalogue("de")


def test_every_status_has_label_and_help() -> None:
    from fleetplan.domain.status import VehicleStatus

    for status in VehicleStatus:
        assert f"status.{status.value}" in catalogue("da")
        assert f"status.{status.value}.help" in catalogue("da")


def test_area_catalogues_merge_and_refuse_a_key_defined_twice(
    tmp_path, monkeypatch
) -> None:
    import importlib

    module = importlib.import_module("fleetplan.texts.catalogue")

    (tmp_path / "da.toml").write_text('"a" = "A"\n', encoding="utf-8")
    (tmp_path / "da-x.toml").write_text('"b" = "B"\n', encoding="utf-8")
    monkeypatch.setattr(module, "_DIR", tmp_path)
    module.catalogue.cache_clear()
    try:
        assert module.catalogue("da") == {"a": "A", "b": "B"}
        (tmp_path / "da-y.toml").write_text('"a" = "again"\n', encoding="utf-8")
        module.catalogue.cache_clear()
        with pytest.raises(ValueError, match="defined twice"):
            module.catalogue("da")
    finally:
        module.catalogue.cache_clear()


def test_the_write_role_has_one_name_per_language() -> None:
    """The role is «redaktør» / «editor» everywhere, never skriver or writer."""
    other_names = {
        "da": re.compile(r"\bskriver|skriveadgang|skriverettighed|skrivebruger", re.I),
        "en": re.compile(r"\bwriters?\b|write access", re.I),
    }
    for language, pattern in other_names.items():
        texts = catalogue(language)
        assert not [key for key, text in texts.items() if pattern.search(text)]
    assert translate("da", "role.write") == "redaktør"
    assert translate("en", "role.write") == "editor"
