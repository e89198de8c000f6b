"""The README's engine example prints what the README says it prints (the
runtime aside), so the example output cannot go stale."""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

from tests.conftest import reference_path

README = Path(__file__).resolve().parents[2] / "README.md"


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


def test_the_engine_example_prints_the_readme_output() -> None:
    text = README.read_text(encoding="utf-8")
    code = _blocks(text, "python")[0]
    expected = _blocks(text, "text")[0].strip().splitlines()
    reference_path("os2_fixture_seed42")
    out = io.StringIO()
    here = os.getcwd()
    os.chdir(README.parent)  # the example reads ../shared/reference/...
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, "README.md", "exec"), {})
    finally:
        os.chdir(here)
    printed = out.getvalue().strip().splitlines()
    runtime = re.compile(r", [0-9.]+ s$")
    assert [runtime.sub("", line) for line in printed] == [
        runtime.sub("", line) for line in expected
    ]
