"""``fleetplan`` run in a fresh interpreter, for what only a new process shows:
the modules a command loads (start-up cost)."""

from __future__ import annotations

import json
import subprocess
import sys


def cli_in_fresh_process(
    argv: list[str], *, must_succeed: bool = False
) -> tuple[list[str], set[str]]:
    """``fleetplan *argv`` in a new interpreter: the lines it printed and every
    module loaded by the end. ``must_succeed``: a non-zero exit fails the call."""
    code = (
        "import json, sys\n"
        "from fleetplan.cli import app\n"
        f"sys.argv = {['fleetplan', *argv]!r}\n"
        "try:\n"
        "    app()\n"
        "except SystemExit as exc:\n"
        f"    assert not ({must_succeed!r} and exc.code), exc.code\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    *printed, modules = done.stdout.strip().splitlines()
    return printed, set(json.loads(modules))
