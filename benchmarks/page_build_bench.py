"""CPU time per page build of Forside (``/``) and Køretøjer (``/vehicles``) on the
demo municipality (issue 18: the page builds held the web process's event loop).

A fresh SQLite database in a temporary folder gets the demo dataset and one
writer; the whole app (``create_server_app``, as ``fleetplan serve`` builds it)
answers the page requests through Starlette's test client, signed in as that
writer. Each request is timed in CPU seconds of this process
(``time.process_time``: every thread, so Forside's worker thread counts too),
after ``--warm`` untimed requests per page (the dataset cache, the derived rows,
NiceGUI's first templates). Alongside, the CPU time of the event loop's thread
alone: what every other request on the loop waits behind (work moved to a worker
thread counts in the first figure, not in this one). Prints one JSON line with
the median and quartiles in CPU ms per page of both, and the load average at
the start and end.

    python -m benchmarks.page_build_bench --builds 60

To compare with an older version, run this file with that version's ``src``
first on the path (``PYTHONPATH=/tmp/wt/src``), alternating the two.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

PAGES = ("/", "/vehicles")
USERNAME = "planner"
PASSWORD = "bench-password-18"  # a throwaway database's only user


def _database(folder: Path) -> str:
    """A SQLite database with the demo municipality and one writer."""
    from fleetplan.api import Role, SqlUserRepository, create_user
    from fleetplan.demo import build_demo_dataset
    from fleetplan.store import create_engine_for, save_dataset, upgrade_database

    url = f"sqlite:///{folder / 'bench.sqlite'}"
    engine = create_engine_for(url)
    try:
        upgrade_database(engine)
        save_dataset(engine, build_demo_dataset(), replace=True)
        create_user(SqlUserRepository(engine), USERNAME, PASSWORD, Role.WRITE)
    finally:
        engine.dispose()
    return url


def _quartiles(values: list[float]) -> dict[str, float]:
    q1, median, q3 = statistics.quantiles(values, n=4)
    return {"median": round(median, 2), "q1": round(q1, 2), "q3": round(q3, 2)}


def measure(builds: int, warm: int) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from fleetplan.api import WebSettings
    from fleetplan.web.server import create_server_app

    with tempfile.TemporaryDirectory(prefix="page-bench-") as folder:
        url = _database(Path(folder))
        settings = WebSettings(secret_key="page-build-bench")
        times: dict[str, list[float]] = {page: [] for page in PAGES}
        loop_times: dict[str, list[float]] = {page: [] for page in PAGES}
        with TestClient(create_server_app(url, settings)) as client:
            assert client.portal is not None  # set inside ``with``
            loop_clock = time.pthread_getcpuclockid(
                client.portal.call(threading.get_ident)  # the app's loop thread
            )
            login = client.post(
                "/login/submit",
                data={"username": USERNAME, "password": PASSWORD},
                follow_redirects=False,
            )
            if login.status_code != 303 or login.headers["location"] != "/":
                raise RuntimeError(f"login failed: {login.status_code}")
            for _ in range(warm):
                for page in PAGES:
                    client.get(page).raise_for_status()
            for _ in range(builds):  # the pages alternate, as a user's visits do
                for page in PAGES:
                    start = time.process_time()
                    loop_start = time.clock_gettime(loop_clock)
                    response = client.get(page)
                    times[page].append((time.process_time() - start) * 1000.0)
                    loop_ms = (time.clock_gettime(loop_clock) - loop_start) * 1000.0
                    loop_times[page].append(loop_ms)
                    response.raise_for_status()
                    if "data-testid" not in response.text:
                        raise RuntimeError(f"{page} sent no page content")
    return {
        "cpu_ms_per_build": {page: _quartiles(ms) for page, ms in times.items()},
        "loop_cpu_ms_per_build": {
            page: _quartiles(ms) for page, ms in loop_times.items()
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--builds", type=int, default=40, help="timed builds per page")
    parser.add_argument("--warm", type=int, default=5, help="untimed builds per page")
    args = parser.parse_args()
    load_start = os.getloadavg()[0]
    result = measure(args.builds, args.warm)
    print(
        json.dumps(
            {
                **result,
                "builds": args.builds,
                "load_avg_1m": [round(load_start, 2), round(os.getloadavg()[0], 2)],
            }
        )
    )


if __name__ == "__main__":
    main()
