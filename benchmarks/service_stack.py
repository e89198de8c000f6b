"""A whole deployment on loopback, then ``benchmarks.service_load`` on it (issue 18).

Each run gets a fresh database with synth_100v_90d imported and a write user,
then starts the layout's processes the way an operator would:

- ``one``: ``fleetplan worker`` + ``fleetplan serve`` (API and pages in one
  process, the layout before the split);
- ``split``: ``fleetplan worker`` + ``fleetplan serve`` (pages, login) +
  ``fleetplan serve --api-only`` (the API reads, as nginx's ``/api/`` upstream);
- ``sqlite``: one ``fleetplan serve`` on a SQLite file, the optimisation in its
  thread runner (the single-machine install, for comparison).

The load (``service_load.run``) starts an optimisation through the web app and
runs N users; one JSON line per run with the layout, the processes' CPU seconds
and the load average. Layouts alternate run by run (``--repeat``), so a shared
machine's load falls on both. A private PostgreSQL as .ci/run starts one::

    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    mkdir /tmp/pg18 && chown postgres /tmp/pg18
    su postgres -c "$PG_BIN/initdb -D /tmp/pg18/data -A trust -U postgres"
    su postgres -c "$PG_BIN/pg_ctl -D /tmp/pg18/data -o '-p 55442 -k /tmp/pg18' \\
        -l /tmp/pg18/log -w start"
    .venv/bin/python -m benchmarks.service_stack \\
        --postgres postgresql+psycopg://postgres@127.0.0.1:55442/postgres \\
        --layout one --layout split --layout sqlite --users 50 --think-s 2 \\
        --seconds 60 --ramp-s 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from benchmarks.scratch_database import scratch_postgres
from benchmarks.service_load import run as run_load

RUN_CLI = "from fleetplan.cli import app; app()"
DATA = Path(__file__).resolve().parents[2] / "shared" / "reference" / "synth_100v_90d"
USER, PASSWORD = "planner", "load test password"
LAYOUTS = ("one", "split", "sqlite")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Stack:
    """The processes of one run; all stopped by :meth:`stop`."""

    def __init__(self, url: str, folder: Path) -> None:
        self.url = url
        self.folder = folder
        self.env = dict(os.environ, FLEETPLAN_SECRET_KEY=uuid.uuid4().hex * 2)
        self.env.pop("FLEETPLAN_DATABASE_URL", None)
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def cli(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "-c", RUN_CLI, *args, "--db", self.url],
            check=True, env=self.env, cwd=self.folder, capture_output=True,
        )  # fmt: skip

    def start(self, name: str, *args: str) -> None:
        log = (self.folder / f"{name}.log").open("a")
        self.processes[name] = subprocess.Popen(
            [sys.executable, "-c", RUN_CLI, *args, "--db", self.url],
            env=self.env, cwd=self.folder, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def serve(self, name: str, *extra: str) -> str:
        """Start ``fleetplan serve`` and wait until it answers; its base URL."""
        port = _free_port()
        self.start(name, "serve", "--port", str(port), *extra)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.processes[name].poll() is not None:
                raise RuntimeError((self.folder / f"{name}.log").read_text())
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                    return base
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{name} did not answer in 180 s")

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)  # the database is thrown away
            process.wait(timeout=30)


@contextmanager
def _database(postgres: str | None, folder: Path, sqlite: bool) -> Iterator[str]:
    """A fresh database: a new one on the PostgreSQL server, or a SQLite file."""
    if sqlite or postgres is None:
        yield f"sqlite:///{folder / 'load.sqlite'}"
        return
    with scratch_postgres(postgres, "fleetplan_load") as url:
        yield url


def run_layout(layout: str, postgres: str | None, data: Path, load: dict) -> dict:
    """One run of ``layout``: deploy, load, tear down; the load's result."""
    with tempfile.TemporaryDirectory(prefix=f"load18-{layout}-") as tmp:
        folder = Path(tmp)
        with _database(postgres, folder, layout == "sqlite") as url:
            stack = Stack(url, folder)
            try:
                stack.cli("import", str(data))
                stack.cli("user", "add", USER, "--role", "write",
                          "--password", PASSWORD)  # fmt: skip
                api_base = None
                if layout != "sqlite":
                    stack.start("worker", "worker")
                base = stack.serve("web")
                if layout == "split":
                    api_base = stack.serve("api", "--api-only")
                pids = {n: p.pid for n, p in stack.processes.items()}
                result = asyncio.run(
                    run_load(base, USER, PASSWORD, cpu_pids=pids,
                             api_base=api_base, **load)
                )  # fmt: skip
            finally:
                stack.stop()
    return {"layout": layout, **result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres", help="a PostgreSQL server URL (a database is made per run)"
    )
    parser.add_argument(
        "--layout", action="append", choices=LAYOUTS, help="repeatable; default: all"
    )
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--think-s", type=float, default=2.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--ramp-s", type=float, default=10.0)
    args = parser.parse_args()
    layouts = args.layout or list(LAYOUTS)
    if args.postgres is None and set(layouts) - {"sqlite"}:
        parser.error("--postgres is needed for the one and split layouts")
    load = {"users": args.users, "seconds": args.seconds,
            "think_s": args.think_s, "ramp_s": args.ramp_s}  # fmt: skip
    for _ in range(args.repeat):
        for layout in layouts:
            result = run_layout(layout, args.postgres, args.data, load)
            print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
