from tests.store.db import database_url, engine, postgres_template, sqlite_template

__all__ = ["database_url", "engine", "postgres_template", "sqlite_template"]
