"""What the benchmarks with ``fleetplan worker`` processes share
(``city_workers``, ``city_simulate_workers``): a throw-away PostgreSQL server,
the workers' start and stop, their CPU and memory from /proc, and the options."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine

SERVER = "postgresql+psycopg://postgres@127.0.0.1:55452/postgres"
PG_DIR = Path("/tmp/fleetplan-city-pg")
RUN_CLI = "from fleetplan.cli import app; app()"
TICK = os.sysconf("SC_CLK_TCK")


def cpu_s() -> float:
    return time.process_time()


def load_1min() -> float:
    return round(os.getloadavg()[0], 1)


def proc_cpu_s(pid: int) -> float:
    """A child's user + system CPU seconds so far (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def proc_peak_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024.0)
    return 0.0


def ensure_server(url: str) -> None:
    """Start a throw-away server (as .ci/run does) when none answers at ``url``."""
    try:
        create_engine(url).connect().close()
        return
    except Exception:
        pass
    pg_bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    port = str(create_engine(url).url.port)
    as_pg = ["su", "postgres", "-s", "/bin/bash", "-c"]
    if not (PG_DIR / "data").exists():
        PG_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(["chown", "postgres:postgres", str(PG_DIR)], check=True)
        init = f"{pg_bin}/initdb -D {PG_DIR}/data -A trust -U postgres"
        subprocess.run([*as_pg, init], check=True, capture_output=True)
    start = f"{pg_bin}/pg_ctl -D {PG_DIR}/data -o '-p {port} -k {PG_DIR}' "
    start += f"-l {PG_DIR}/log -w start"
    subprocess.run([*as_pg, start], check=True, capture_output=True)


def stop_workers(processes: list[subprocess.Popen[bytes]]) -> None:
    """Stop the workers ``start_workers`` started (a worker that hangs: killed)."""
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def worker_arguments(description: str | None, days: int) -> argparse.ArgumentParser:
    """The options of the benchmarks with ``fleetplan worker`` processes: the
    synthetic case's size and seed, the workers, their nice and the server."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--days", type=int, default=days)
    parser.add_argument("--vehicles", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2000)
    parser.add_argument("--server", default=SERVER)
    parser.add_argument("--nice", type=int, default=0)
    return parser


def start_workers(
    url: str, count: int, folder: Path, nice: int
) -> list[subprocess.Popen[bytes]]:
    env = dict(os.environ)
    env.setdefault("FLEETPLAN_SECRET_KEY", "city-bench-secret-0123456789abcdef")
    env.pop("FLEETPLAN_DATABASE_URL", None)
    workers = []
    for index in range(1, count + 1):
        log = (folder / f"worker{index}.log").open("a")
        workers.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    RUN_CLI,
                    "worker",
                    "--db",
                    url,
                    "--name",
                    f"city{index}",
                    "--nice",
                    str(nice),
                ],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    time.sleep(5.0)  # migrations checked, LISTEN set up
    for process in workers:
        assert process.poll() is None, f"a worker ended: see {folder}"
    return workers
