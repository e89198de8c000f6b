"""NiceGUI's cost per element and per page, made smaller without changing what
it does.

Every element NiceGUI 3.18 builds holds three observable collections (classes,
props, style), and each asks ``helpers.expects_arguments`` about its change
handler, which runs ``inspect.signature`` on a fresh bound method: about a
quarter of the CPU time of a page such as Køretøjer (profiled with py-spy, 50
users; the frame alone builds some 60 elements). The answer depends only on
the function's code and which of its parameters have defaults, so it is
remembered per code object. Callables whose signature can come from elsewhere
(``functools.wraps``, ``__signature__``, partials, objects with ``__call__``)
are asked every time, as before.

A page's HTML carries every element as JSON, escaped with ``str.translate`` and
NiceGUI's five-entry table: each character outside it is a failed lookup (a
``KeyError`` raised and cleared inside CPython), about 80 ns a character, or
7 ms of Køretøjer's 30 ms build for its 90 kB (issue 18). The same escapes in a
table that also maps the other Latin-1 characters to themselves find every
lookup; the output is identical for every character.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

from nicegui import client, helpers

_Key = tuple[types.CodeType, int, tuple[str, ...], bool]

_original: Callable[[Callable[..., Any]], bool] = helpers.expects_arguments
_answers: dict[_Key, bool] = {}  # one entry per code object: bounded by the program


def _key(func: Callable[..., Any]) -> _Key | None:
    bound = isinstance(func, types.MethodType)
    target = func.__func__ if bound else func  # type: ignore[attr-defined]
    if type(target) is not types.FunctionType or (
        hasattr(target, "__wrapped__") or hasattr(target, "__signature__")
    ):
        return None
    defaults = len(target.__defaults__ or ())
    keyword_defaults = tuple(sorted(target.__kwdefaults__ or ()))
    return (target.__code__, defaults, keyword_defaults, bound)


def expects_arguments(func: Callable[..., Any]) -> bool:
    """``nicegui.helpers.expects_arguments``, remembered per code object."""
    key = _key(func)
    if key is None:
        return _original(func)
    answer = _answers.get(key)
    if answer is None:
        answer = _answers[key] = _original(func)
    return answer


def escape_table(escapes: dict[int, str]) -> dict[int, str]:
    """``escapes`` with every other Latin-1 character mapped to itself."""
    return {code: chr(code) for code in range(256)} | escapes


def install() -> None:
    """Use the remembered answers in this process (NiceGUI's modules call
    ``helpers.expects_arguments`` through the package, so this reaches them),
    and the full escape table (``build_response`` reads the module's global)."""
    helpers.expects_arguments = expects_arguments  # type: ignore[assignment]
    if len(client.HTML_ESCAPE_TABLE) < 256:  # once: NiceGUI's own is the base
        client.HTML_ESCAPE_TABLE = escape_table(client.HTML_ESCAPE_TABLE)
