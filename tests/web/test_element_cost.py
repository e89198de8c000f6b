"""The remembered ``expects_arguments`` answers as NiceGUI's own does."""

from __future__ import annotations

import functools
import types
from collections.abc import Callable
from typing import Any

import pytest
from nicegui import helpers

from fleetplan.web import element_cost
from fleetplan.web.element_cost import expects_arguments


def _plain(a: int, b: int = 1) -> None: ...


def _defaults_only(a: int = 0, *, b: int = 1) -> None: ...


def _keyword_only(*, b: int) -> None: ...


def _varargs(*args: Any, **kwargs: Any) -> None: ...


class _Thing:
    def none(self) -> None: ...

    def one(self, event: Any) -> None: ...

    def __call__(self, event: Any) -> None: ...


def _wrapped_no_args() -> Callable[..., None]:
    def inner(x: int) -> None: ...

    @functools.wraps(inner)
    def outer(*args: Any) -> None: ...

    return outer


def _same_code(defaults: tuple[Any, ...] | None) -> Callable[..., None]:
    """A function on ``_plain``'s code with other defaults."""
    return types.FunctionType(_plain.__code__, globals(), "_plain", defaults)


CALLABLES: list[Callable[..., Any]] = [
    _plain,
    _defaults_only,
    _keyword_only,
    _varargs,
    lambda: None,
    lambda e: None,
    lambda e=None: None,
    _Thing().none,
    _Thing().one,
    _Thing(),
    functools.partial(_plain, 1),
    _wrapped_no_args(),
    print,
]


@pytest.mark.parametrize("func", CALLABLES, ids=repr)
def test_answers_as_nicegui(func: Callable[..., Any]) -> None:
    assert expects_arguments(func) is element_cost._original(func)
    assert expects_arguments(func) is element_cost._original(func)  # remembered


def test_the_same_code_with_other_defaults_is_asked_again() -> None:
    """The defaults decide the answer: ``_plain`` with both defaulted expects none."""
    assert expects_arguments(_same_code(None)) is True
    assert expects_arguments(_same_code((0, 1))) is False
    assert expects_arguments(_same_code((1,))) is True


def test_a_bound_method_is_not_its_function() -> None:
    assert expects_arguments(_Thing().none) is False
    assert expects_arguments(_Thing.none) is True


def test_install_reaches_nicegui(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(helpers, "expects_arguments", element_cost._original)
    element_cost.install()
    assert helpers.expects_arguments is expects_arguments
    calls = 0
    original = element_cost._original

    def counting(func: Callable[..., Any]) -> bool:
        nonlocal calls
        calls += 1
        return original(func)

    monkeypatch.setattr(element_cost, "_original", counting)
    monkeypatch.setattr(element_cost, "_answers", {})
    for _ in range(3):
        helpers.expects_arguments(_Thing().one)
    assert calls == 1


def _every_character() -> str:
    """Every code point but the surrogates (not valid alone in a str to encode)."""
    return "".join(
        chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF
    )


def test_the_full_escape_table_escapes_as_nicegui_s() -> None:
    from nicegui import client

    original = {38: "&amp;", 60: "&lt;", 62: "&gt;", 96: "&#96;", 36: "&#36;"}
    full = element_cost.escape_table(original)
    text = _every_character() + '<a href="x">`${1}` & ø</a>'
    assert text.translate(full) == text.translate(original)
    assert "<`$&>".translate(full) == "&lt;&#96;&#36;&amp;&gt;"
    # install() keeps NiceGUI's own escapes, whatever they are
    element_cost.install()
    assert {k: v for k, v in client.HTML_ESCAPE_TABLE.items() if chr(k) != v} == (
        original
    )
