"""NiceGUI's cost per element, made smaller without changing what it does.

Every element NiceGUI 3.18 builds holds three observable collections (classes,
props, style), and each asks ``helpers.expects_arguments`` about its change
handler, which runs ``inspect.signature`` on a fresh bound method: about a
quarter of the CPU time of a page such as Køretøjer (profiled with py-spy, 50
users; the frame alone builds some 60 elements). The answer depends only on
the function's code and which of its parameters have defaults, so it is
remembered per code object. Callables whose signature can come from elsewhere
(``functools.wraps``, ``__signature__``, partials, objects with ``__call__``)
are asked every time, as before.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

from nicegui import helpers

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


def install() -> None:
    """Use the remembered answers in this process (NiceGUI's modules call
    ``helpers.expects_arguments`` through the package, so this reaches them)."""
    helpers.expects_arguments = expects_arguments  # type: ignore[assignment]
