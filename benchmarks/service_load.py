"""Load on a running deployment: N signed-in users on the main pages and API
reads while an optimisation runs (issue 18). Bounded in time and requests.

Start the deployment first (``fleetplan serve`` and, on PostgreSQL,
``fleetplan worker``) with a write user, then:

    python -m benchmarks.service_load http://127.0.0.1:8080 --user planner \
        --password '...' --users 50 --seconds 60

Each user logs in once, then loops: an API read (vehicles, jobs, locations,
peaks) or a page (Forside, Køretøjer), one request at a time, with a think
time drawn from an exponential distribution of mean ``--think-s`` (0: none,
the closed-loop worst case; a person reading a page waits seconds). With
``--ramp-s R`` the users start evenly over R seconds, as people do, instead of
all in one instant (a cold burst of 50 requests at once).
One optimisation runs the whole time: it is started before the users and a
new one starts whenever the last ends (a fast machine finishes synth_100v_90d's
in a third of a minute); the jobs and the seconds with none running go with the
result. Prints one JSON line: requests, errors, requests/s and p50/p95 in ms per
group ("api", "page"). With ``--cpu-pid web=PID`` (repeatable, same machine)
it adds each process's CPU seconds during the load, and the web process's CPU
ms per request: on a machine shared with other work the wall times say more
about the machine than the app, CPU time does not. The 1-minute load average
at the start and end goes with it.

With ``--api-url URL`` the API reads go to another base URL (a ``fleetplan
serve --api-only`` process; nginx sends ``/api/`` there) and the pages to
``base``: each user logs in once on ``base`` and sends the same session cookie
to both, so both must name the same host (e.g. 127.0.0.1 on two ports).
``python -m benchmarks.service_stack`` starts a whole deployment on a fresh
PostgreSQL database (or SQLite) in either layout and runs this on it.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import statistics
import time
from urllib.parse import urlsplit

import httpx

API_READS = (
    "/api/v1/vehicles",
    "/api/v1/jobs",
    "/api/v1/locations",
    "/api/v1/analysis/peaks",
)
PAGES = ("/", "/vehicles")
MAX_REQUESTS = 200_000
POLL_S = 1.0  # how often the optimisation keeper looks at its job


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (Linux)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def targets(base: str, api_base: str | None = None) -> list[tuple[str, str]]:
    """(group, URL) of every request a user makes: API reads on ``api_base``
    (default ``base``), pages on ``base``. Both must name the same host: the
    session cookie is host-only (no Domain) and, as in a browser, goes to every
    port of that host but to no other name."""
    api = (api_base or base).rstrip("/")
    pages = base.rstrip("/")
    if urlsplit(api).hostname != urlsplit(pages).hostname:
        raise ValueError(f"{api} and {pages} must name the same host (the cookie)")
    return [("api", api + p) for p in API_READS] + [("page", pages + p) for p in PAGES]


async def _signed_in(base: str, credentials: dict[str, str]) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base, timeout=30)
    login = await client.post("/api/v1/auth/login", json=credentials)
    login.raise_for_status()
    return client


async def _user(
    client: httpx.AsyncClient,
    until: float,
    times: dict[str, list[float]],
    errors: list[str],
    index: int,
    think_s: float,
    delay_s: float = 0.0,
    urls: list[tuple[str, str]] | None = None,
) -> None:
    pause = random.Random(index)
    try:
        await asyncio.sleep(delay_s)  # users arrive over the ramp, not at one instant
        paths = itertools.cycle(urls or targets(str(client.base_url)))
        for _ in range(index):  # users start at different paths
            next(paths)
        while time.monotonic() < until and len(errors) < 100:
            group, path = next(paths)
            started = time.monotonic()
            try:
                response = await client.get(path)
                ok = response.status_code == 200
            except httpx.HTTPError as exc:
                ok, response = False, None
                errors.append(f"{path} {type(exc).__name__}")
            if response is not None and not ok:
                errors.append(f"{path} {response.status_code}")
            times[group].append(1000 * (time.monotonic() - started))
            if sum(len(v) for v in times.values()) > MAX_REQUESTS:
                return
            if think_s > 0:
                await asyncio.sleep(min(pause.expovariate(1 / think_s), 30.0))
    finally:
        await client.aclose()


async def _optimise(client: httpx.AsyncClient, csrf: str) -> str:
    started = await client.post(
        "/api/v1/jobs",
        json={"kind": "optimise", "params": {}},
        headers={"X-CSRF-Token": csrf},
    )
    started.raise_for_status()
    return str(started.json()["job_id"])


async def _optimising(
    base: str, credentials: dict[str, str], until: float, jobs: list[str]
) -> float:
    """Keep one optimisation running until ``until``: a new one starts when the
    last one ends (a short run must not leave most of the load without one).
    Returns the seconds during which none ran (the gaps between polls)."""
    idle = 0.0
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        login = await client.post("/api/v1/auth/login", json=credentials)
        csrf = login.json()["csrf_token"]
        jobs.append(await _optimise(client, csrf))
        while (left := until - time.monotonic()) > 0:
            await asyncio.sleep(min(POLL_S, left))
            if time.monotonic() >= until:
                break
            state = (await client.get(f"/api/v1/jobs/{jobs[-1]}")).json()["state"]
            if state not in ("queued", "running"):
                idle += POLL_S  # it ended somewhere within the last poll
                jobs.append(await _optimise(client, csrf))
    return idle


async def run(
    base: str,
    user: str,
    password: str,
    users: int,
    seconds: float,
    think_s: float,
    cpu_pids: dict[str, int] | None = None,
    ramp_s: float = 0.0,
    api_base: str | None = None,
) -> dict:
    credentials = {"username": user, "password": password}
    # sign in first, one at a time (a login hashes a password on purpose)
    urls = targets(base, api_base)  # refuses two host names before any login
    clients = [await _signed_in(base, credentials) for _ in range(users)]
    times: dict[str, list[float]] = {"api": [], "page": []}
    errors: list[str] = []
    pids = cpu_pids or {}
    cpu_before = {name: _cpu_s(pid) for name, pid in pids.items()}
    load_before = os.getloadavg()[0]
    until = time.monotonic() + seconds
    started = time.monotonic()
    jobs: list[str] = []
    keeper = asyncio.create_task(_optimising(base, credentials, until, jobs))
    await asyncio.gather(
        *(
            _user(c, until, times, errors, i, think_s, ramp_s * i / users, urls)
            for i, c in enumerate(clients)
        )
    )
    no_optimisation_s = await keeper
    elapsed = time.monotonic() - started
    total = sum(len(v) for v in times.values())
    cpu = {f"{n}_cpu_s": round(_cpu_s(p) - cpu_before[n], 2) for n, p in pids.items()}
    if "web_cpu_s" in cpu and total:
        cpu["web_cpu_ms_per_request"] = round(1000 * cpu["web_cpu_s"] / total, 1)
    if "web_cpu_s" in cpu and "api_cpu_s" in cpu and total:  # the split layout
        served = cpu["web_cpu_s"] + cpu["api_cpu_s"]
        cpu["web_api_cpu_ms_per_request"] = round(1000 * served / total, 1)
    return {
        "users": users,
        "api_url": api_base,
        "think_s": think_s,
        "ramp_s": ramp_s,
        "seconds": round(elapsed, 1),
        "requests": total,
        "errors": len(errors),
        "error_sample": errors[:5],
        "requests_per_s": round(total / elapsed, 1),
        "optimise_jobs": jobs,
        "no_optimisation_s": round(no_optimisation_s, 1),
        **{
            f"{group}_{name}_ms": round(fn(values), 0)
            for group, values in times.items()
            for name, fn in (
                ("p50", statistics.median),
                ("p95", lambda v: _pct(v, 0.95)),
            )
            if values
        },
        **cpu,
        "load_avg": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the web app (pages, and login)")
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think-s", type=float, default=0.0)
    parser.add_argument(
        "--ramp-s",
        type=float,
        default=0.0,
        help="users start evenly over this many seconds (0: all at once)",
    )
    parser.add_argument(
        "--api-url",
        default=None,
        metavar="URL",
        help="send the API reads here (a 'fleetplan serve --api-only' process) "
        "instead of to BASE; the login's cookie goes to both",
    )
    parser.add_argument(
        "--cpu-pid",
        action="append",
        default=[],
        metavar="NAME=PID",
        help="report this local process's CPU time during the load (web=PID, "
        "worker=PID, api=PID)",
    )
    args = parser.parse_args(argv)
    for url in (args.base, args.api_url):
        if url is not None and urlsplit(url).scheme not in ("http", "https"):
            parser.error(f"not an http(s) URL: {url!r}")
    try:
        targets(args.base, args.api_url)
    except ValueError as exc:
        parser.error(str(exc))
    return args


def main() -> None:
    args = parse_args()
    cpu_pids = {n: int(p) for n, p in (a.split("=", 1) for a in args.cpu_pid)}
    result = asyncio.run(
        run(
            args.base,
            args.user,
            args.password,
            args.users,
            args.seconds,
            args.think_s,
            cpu_pids,
            args.ramp_s,
            args.api_url,
        )
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
