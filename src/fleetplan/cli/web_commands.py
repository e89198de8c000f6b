"""``fleetplan demo``, ``fleetplan serve`` and ``fleetplan user add``."""

from __future__ import annotations

import secrets
from pathlib import Path

import typer

from fleetplan.cli.main import app

DEMO_DB = "sqlite:///fleetplan-demo.sqlite"
NATIONAL_DB = "sqlite:///fleetplan-demo-national.sqlite"  # demo --organisations N
HOST_OPTION = typer.Option("127.0.0.1", "--host", help="Address to listen on.")
PORT_OPTION = typer.Option(8080, "--port", help="Port to listen on.")
# An idle keep-alive connection stays open this long (uvicorn's default is 5 s).
# A client that sends its next request as a busy server closes the connection
# loses that request (RemoteProtocolError in the issue 18 load test, with
# users pausing seconds between pages); a proxy's idle timeout (nginx 75 s)
# should also end before the server's.
KEEP_ALIVE_S = 90
DB_OPTION = typer.Option(
    None, "--db", help="Database URL (default: FLEETPLAN_DATABASE_URL or SQLite)."
)


def _database_url(db: str | None) -> str:
    from fleetplan.config import get_settings

    return db or get_settings().database_url


def _run(database_url: str, host: str, port: int, *, api_only: bool = False) -> None:
    import uvicorn

    from fleetplan.api import WebSettings, uvicorn_proxy_options

    settings = WebSettings()
    if api_only:
        # no NiceGUI in this process: API reads never wait behind a page build
        from fleetplan.api.wiring import ApiOnlyRefused, create_api_server_app

        try:
            web_app = create_api_server_app(database_url, settings)
        except ApiOnlyRefused as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(code=2) from exc
        what = "Fleetplan API (no pages)"
    else:
        from fleetplan.web.server import create_server_app

        web_app = create_server_app(database_url, settings)
        what = "Fleetplan"
    typer.echo(f"{what} runs on http://{host}:{port}/  (stop with Ctrl+C)")
    # FLEETPLAN_TRUSTED_PROXIES alone decides whose forwarded headers count.
    uvicorn.run(
        web_app,
        host=host,
        port=port,
        log_level="warning",
        timeout_keep_alive=KEEP_ALIVE_S,
        **uvicorn_proxy_options(settings),
    )


def ensure_demo(database_url: str) -> str | None:
    """Store the demo municipality if the database has no vehicles, and create
    the first admin if there are no users. Returns the new admin's password."""
    from fleetplan.api import Role, SqlUserRepository, create_user
    from fleetplan.demo import build_demo_dataset
    from fleetplan.store import (
        create_engine_for,
        save_dataset,
        table_counts,
        upgrade_database,
    )

    engine = create_engine_for(database_url)
    try:
        upgrade_database(engine)
        if table_counts(engine).get("vehicles", 0) == 0:
            typer.echo("Building the demo municipality (once) ...")
            save_dataset(engine, build_demo_dataset(), replace=True)
        users = SqlUserRepository(engine)
        if users.list():
            return None
        password = secrets.token_urlsafe(12)
        create_user(users, "admin", password, Role.ADMIN)
        return password
    finally:
        engine.dispose()


@app.command("demo")
def demo_command(
    host: str = HOST_OPTION,
    port: int = PORT_OPTION,
    organisations: int = typer.Option(
        1,
        "--organisations",
        min=1,
        help="Several municipalities of different shapes in one deployment, "
        "each with its own administrator (fleetplan-demo-national.sqlite).",
    ),
) -> None:
    """Start Fleetplan on the demo municipality (built on the first run)."""
    if organisations > 1:
        from fleetplan.cli.org_commands import ensure_national_demo

        passwords = ensure_national_demo(NATIONAL_DB, organisations)
        for username, password in passwords.items():
            typer.echo(f"First login: user {username!r}, password {password!r}")
        _run(NATIONAL_DB, host, port)
        return
    database_url = DEMO_DB
    password = ensure_demo(database_url)
    typer.echo(f"Database: {Path('fleetplan-demo.sqlite').resolve()}")
    if password is not None:
        typer.echo(f"First login: user 'admin', password '{password}'")
        typer.echo(
            "(shown once; set a new one with: fleetplan user add admin "
            f"--role admin --db {database_url})"
        )
    else:
        typer.echo(
            "Log in with an existing user; reset a password with "
            f"'fleetplan user add NAME --role admin --db {database_url}'."
        )
    _run(database_url, host, port)


@app.command("serve")
def serve_command(
    host: str = HOST_OPTION,
    port: int = PORT_OPTION,
    db: str | None = DB_OPTION,
    api_only: bool = typer.Option(
        False,
        "--api-only",
        help="Serve only the API (/api/v1), without the pages, for a proxy that "
        "sends /api/ to processes of their own (PostgreSQL only; "
        "docs/deployment.md).",
    ),
) -> None:
    """Run the web app on a configured database."""
    _run(_database_url(db), host, port, api_only=api_only)


user_app = typer.Typer(help="User accounts.", no_args_is_help=True)
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add_command(
    name: str = typer.Argument(..., help="Username (letters, digits, . _ @ -)."),
    role: str = typer.Option(..., "--role", help="read, write or admin."),
    password: str | None = typer.Option(
        None, "--password", help="Password (asked for when left out)."
    ),
    platform_admin: bool = typer.Option(
        False,
        "--platform-admin",
        help="A platform administrator: manages the organisations of the "
        "deployment (Organisationer) and sees no fleet without a role in one.",
    ),
    db: str | None = DB_OPTION,
) -> None:
    """Create a user, or set a new password and role for an existing one."""
    from fleetplan.api import Role, SqlUserRepository, UserError, create_user
    from fleetplan.store import create_engine_for, upgrade_database

    if role not in {r.value for r in Role}:
        typer.echo(f"Error: role must be read, write or admin, not {role!r}.", err=True)
        raise typer.Exit(code=2)
    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    engine = create_engine_for(_database_url(db))
    try:
        upgrade_database(engine)
        users = SqlUserRepository(engine)
        existed = users.get(name) is not None
        create_user(users, name, password, Role(role), platform_admin=platform_admin)
    except UserError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    finally:
        engine.dispose()
    kind = " (platform administrator)" if platform_admin else ""
    typer.echo(
        f"User {name!r}{kind} {'updated' if existed else 'created'} with role {role}."
    )
