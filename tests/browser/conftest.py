"""Browser tests: the real app in a uvicorn subprocess on the demo municipality,
driven by Playwright in Debian's Chromium (no browser download, no outside traffic).

Run them apart from the other tests:  ``pytest -m browser tests/browser``.
Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
OFFLINE_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
]
READER_PASSWORD = "reader password 1"
SERVER_LOG_TAIL_LINES = 80
_server_logs: list[Path] = []  # the running server's log, for failure reports


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    selected = "browser" in (config.getoption("markexpr") or "")
    for item in items:
        if "tests/browser" not in str(item.path).replace(os.sep, "/"):
            continue
        item.add_marker(pytest.mark.browser)
        if not selected:
            item.add_marker(pytest.mark.skip(reason="run with: pytest -m browser"))
        elif not CHROMIUM.exists():
            item.add_marker(
                pytest.mark.skip(
                    reason="no /usr/bin/chromium (apt-get install chromium)"
                )
            )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Iterator[None]:
    """A failing browser test shows the end of the server's log: the page only
    shows what went wrong, the log shows why."""
    report = yield
    if report.failed and _server_logs and _server_logs[-1].exists():
        lines = _server_logs[-1].read_text(errors="replace").splitlines()
        tail = "\n".join(lines[-SERVER_LOG_TAIL_LINES:])
        report.sections.append(("server log (last lines)", tail))
    return report


@dataclass(frozen=True)
class Server:
    base_url: str
    admin_password: str
    good_xlsx: Path
    bad_xlsx: Path


def _import_files(url: str, folder: Path) -> tuple[Path, Path]:
    """The demo's own locations and vehicles as xlsx (saving it changes nothing),
    and a copy with a number column holding text in row 3 of ``vehicles``."""
    from openpyxl import load_workbook

    from fleetplan.domain import Dataset
    from fleetplan.ingest.tabular import write_tables
    from fleetplan.store import create_engine_for, load_dataset

    engine = create_engine_for(url)
    data = load_dataset(engine, with_segments=False)
    engine.dispose()
    good = folder / "koeretoejer.xlsx"
    write_tables(Dataset(data.locations, data.vehicles), good)
    book = load_workbook(good)
    for name in list(book.sheetnames):
        if name not in ("locations", "vehicles"):
            del book[name]
    book.save(good)
    sheet = book["vehicles"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=3, column=header.index("annual_cost_dkk") + 1, value="mange")
    bad = folder / "koeretoejer-med-fejl.xlsx"
    book.save(bad)
    return good, bad


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serving(url: str, folder: Path) -> Iterator[str]:
    """``fleetplan serve`` on database ``url`` (log in ``folder/server.log``) until
    the block ends; yields its base url once ``/api/v1/health`` answers."""
    port = _free_port()
    log = (folder / "server.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from fleetplan.cli import app; app()",
            "serve",
            "--db",
            url,
            "--port",
            str(port),
        ],
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base_url}/api/v1/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise RuntimeError((folder / "server.log").read_text())
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``fleetplan serve`` on a temporary SQLite file holding the demo data."""
    from fleetplan.api import Role, SqlUserRepository, create_user
    from fleetplan.cli.web_commands import ensure_demo
    from fleetplan.store import create_engine_for

    folder = tmp_path_factory.mktemp("web")
    url = f"sqlite:///{folder / 'demo.sqlite'}"
    password = ensure_demo(url)
    assert password is not None
    engine = create_engine_for(url)
    create_user(SqlUserRepository(engine), "laeser", READER_PASSWORD, Role.READ)
    engine.dispose()
    good, bad = _import_files(url, folder)
    _server_logs.append(folder / "server.log")
    with serving(url, folder) as base_url:
        yield Server(base_url, password, good, bad)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=OFFLINE_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server: Server) -> Iterator[object]:
    context = browser.new_context(  # type: ignore[attr-defined]
        base_url=server.base_url,
        viewport={"width": 1400, "height": 900},
        accept_downloads=True,
    )
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page, username: str, password: str) -> None:
    page.goto("/login")
    page.get_by_test_id("username").fill(username)
    page.get_by_test_id("password").fill(password)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url("**/")
