"""Fleetplan as a SAML 2.0 service provider (pysaml2): its configuration from
``Settings`` and its metadata.

The SP signs its AuthnRequests (RSA-SHA256) and accepts only responses whose
assertions are signed by a key in the IdP's metadata, for its own entity id
as audience, within their time window (a minute of clock skew), answering a
request it made (no unsolicited responses). Encrypted assertions, which the
Context Handler sends, are decrypted with the SP's own key. Signing and
verifying run Debian's ``xmlsec1``.
"""

from __future__ import annotations

import os
import shutil
from functools import lru_cache

from saml2 import BINDING_HTTP_POST
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import entity_descriptor
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from fleetplan.config import Settings

XMLSEC1 = shutil.which("xmlsec1") or "/usr/bin/xmlsec1"
CLOCK_SKEW_S = 60
ACS_PATH = "/api/v1/saml/acs"


def saml_enabled(settings: Settings) -> bool:
    return bool(
        settings.saml_sp_entity_id
        and settings.saml_idp_metadata_file
        and settings.saml_sp_key_file
        and settings.saml_sp_cert_file
    )


@lru_cache(maxsize=4)
def _config(
    entity_id: str,
    metadata_file: str,
    key_file: str,
    cert_file: str,
    acs_url: str,
    _metadata_mtime_ns: int,  # a changed metadata file is read again
) -> SPConfig:
    config = SPConfig()
    config.load(
        {
            "entityid": entity_id,
            "xmlsec_binary": XMLSEC1,
            "key_file": key_file,
            "cert_file": cert_file,
            "encryption_keypairs": [{"key_file": key_file, "cert_file": cert_file}],
            "metadata": {"local": [metadata_file]},
            "accepted_time_diff": CLOCK_SKEW_S,
            "allow_unknown_attributes": True,
            "signing_algorithm": SIG_RSA_SHA256,
            "digest_algorithm": DIGEST_SHA256,
            "service": {
                "sp": {
                    "endpoints": {
                        "assertion_consumer_service": [(acs_url, BINDING_HTTP_POST)]
                    },
                    "authn_requests_signed": True,
                    "want_assertions_signed": True,
                    "want_response_signed": False,
                    "allow_unsolicited": False,
                }
            },
        }
    )
    return config


def acs_url(settings: Settings, request_base_url: str) -> str:
    """Where the IdP posts its response: under ``saml_base_url`` when set
    (behind a proxy the request's own address may be an internal one)."""
    base = settings.saml_base_url or request_base_url
    return base.rstrip("/") + ACS_PATH


def sp_config(settings: Settings, acs: str) -> SPConfig:
    """The SP configuration (cached while settings and metadata file stay)."""
    return _config(
        settings.saml_sp_entity_id,
        settings.saml_idp_metadata_file,
        settings.saml_sp_key_file,
        settings.saml_sp_cert_file,
        acs,
        os.stat(settings.saml_idp_metadata_file).st_mtime_ns,
    )


def sp_client(settings: Settings, acs: str) -> Saml2Client:
    return Saml2Client(config=sp_config(settings, acs))


def idp_entity_id(client: Saml2Client) -> str:
    """The one identity provider in the metadata file."""
    idps = sorted(client.metadata.identity_providers())
    if len(idps) != 1:
        raise ValueError(
            f"The SAML metadata file must describe one IdP, not {len(idps)}."
        )
    return str(idps[0])


def sp_metadata(settings: Settings, acs: str) -> str:
    """The SP's metadata XML (entity id, ACS, signing/encryption certificate)."""
    return str(entity_descriptor(sp_config(settings, acs)))
