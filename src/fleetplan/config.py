"""Application settings, read from ``FLEETPLAN_*`` environment variables."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Settings of one Fleetplan installation.

    ``database_url`` is any SQLAlchemy URL; the default is a SQLite file
    ``fleetplan.sqlite`` in the current folder. ``retention_months`` is how long
    stored roundtrips are kept; ``inactive_days`` is how many days without trips
    make a vehicle count as inactive. ``import_max_*`` bound what one import
    reads (``ingest.limits``): file size, rows per table, columns, characters per
    cell, and the unpacked size of an xlsx workbook.
    """

    model_config = SettingsConfigDict(env_prefix="FLEETPLAN_", extra="ignore")

    database_url: str = "sqlite:///fleetplan.sqlite"
    retention_months: int = 24
    inactive_days: int = 14
    import_max_file_mb: float = Field(default=20.0, gt=0)
    import_max_rows: int = Field(default=500_000, gt=0)
    import_max_columns: int = Field(default=200, gt=0)
    import_max_cell_chars: int = Field(default=10_000, gt=0)
    import_max_uncompressed_mb: float = Field(default=200.0, gt=0)
    # the first organisation, into which migration 0011 moves an existing
    # single-municipality database (issue 19)
    organisation_slug: str = "default"
    organisation_name: str = ""
    # SAML 2.0 login (KOMBIT's Context Handler, docs/sso.md): on when the entity id,
    # the IdP's metadata file and the SP's key and certificate files are set.
    saml_sp_entity_id: str = ""
    saml_idp_metadata_file: str = ""
    saml_sp_key_file: str = ""
    saml_sp_cert_file: str = ""
    saml_base_url: str = ""  # e.g. https://fleetplan.kommune.dk; else the request's
    saml_username_attribute: str = "urn:oid:0.9.2342.19200300.100.1.1"
    saml_cvr_attribute: str = "dk:gov:saml:attribute:CvrNumberIdentifier"
    saml_privileges_attribute: str = "dk:gov:saml:attribute:Privileges_intermediate"
    saml_organisations: dict[str, str] = Field(default_factory=dict)  # CVR -> slug
    saml_role_privileges: dict[str, str] = Field(default_factory=dict)  # URI -> role


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process (cached; tests call ``cache_clear()``)."""
    return Settings()
