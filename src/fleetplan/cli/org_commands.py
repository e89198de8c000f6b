"""``fleetplan org add|list``: the organisations (tenants) of a deployment.

Every data command works on one organisation: ``fleetplan --org SLUG <command>``
(or ``FLEETPLAN_ORG``); without it, a database's only organisation.
"""

from __future__ import annotations

import json

import typer

from fleetplan.cli.main import app
from fleetplan.cli.store_commands import DB_OPTION, _engine

org_app = typer.Typer(
    help="Organisations (tenants): add and list.", no_args_is_help=True
)
app.add_typer(org_app, name="org")


@org_app.command("add")
def org_add_command(
    slug: str = typer.Argument(..., help="Short handle: a-z, 0-9 and -."),
    name: str = typer.Option("", "--name", help="Display name (default: the slug)."),
    db: str | None = DB_OPTION,
) -> None:
    """Add an organisation; its data commands then take --org SLUG."""
    from fleetplan.store.organisations import OrganisationError, add_organisation

    engine = _engine(db)
    try:
        org = add_organisation(engine, slug, name or slug)
    except OrganisationError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    finally:
        engine.dispose()
    typer.echo(
        f"Organisation {org.slug!r} ({org.name}) added with id {org.organisation_id}."
    )


@org_app.command("list")
def org_list_command(
    as_json: bool = typer.Option(False, "--json", help="Print JSON lines."),
    db: str | None = DB_OPTION,
) -> None:
    """List the organisations: id, slug, name and when each was added."""
    from fleetplan.store.organisations import list_organisations

    engine = _engine(db)
    try:
        orgs = list_organisations(engine)
    finally:
        engine.dispose()
    for org in orgs:
        if as_json:
            row = {"id": org.organisation_id, "slug": org.slug, "name": org.name}
            typer.echo(json.dumps(row | {"created": org.created.isoformat()}))
        else:
            typer.echo(f"{org.organisation_id}\t{org.slug}\t{org.name}")


def ensure_national_demo(database_url: str, count: int) -> dict[str, str]:
    """Store ``count`` demo municipalities of different shapes, one organisation
    each (those already there are kept), with an administrator ``admin@<slug>``
    each. Returns the new administrators' passwords by username."""
    import secrets

    from fleetplan.api import Role, SqlUserRepository, create_user
    from fleetplan.demo.organisations import national_demo
    from fleetplan.store import create_engine_for, save_dataset, upgrade_database
    from fleetplan.store.organisations import (
        add_organisation,
        list_organisations,
        rename_organisation,
    )
    from fleetplan.store.scoped import using_organisation

    engine = create_engine_for(database_url)
    passwords: dict[str, str] = {}
    try:
        upgrade_database(engine)
        existing = {org.slug: org for org in list_organisations(engine)}
        for shape, dataset in national_demo(count):
            org = existing.get(shape.slug)
            if org is None and list(existing) == ["default"] and not passwords:
                # the migration's empty first organisation becomes the first shape
                org = rename_organisation(
                    engine,
                    existing.pop("default").organisation_id,
                    shape.slug,
                    shape.name,
                )
            elif org is not None:
                continue
            else:
                org = add_organisation(engine, shape.slug, shape.name)
            typer.echo(f"Building {shape.name}: {len(dataset.vehicles)} vehicles ...")
            with using_organisation(org.organisation_id):
                save_dataset(engine, dataset)
                username = f"admin@{shape.slug}"
                passwords[username] = secrets.token_urlsafe(12)
                create_user(
                    SqlUserRepository(engine), username, passwords[username], Role.ADMIN
                )
    finally:
        engine.dispose()
    return passwords
