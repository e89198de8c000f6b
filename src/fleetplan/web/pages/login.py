"""The login page: a plain form posted to ``/login/submit`` (works without JS)."""

from __future__ import annotations

import math

from fastapi import Request
from nicegui import ui

from fleetplan.api.oidc_client import REFUSAL_CODES
from fleetplan.api.saml_config import saml_enabled
from fleetplan.api.saml_identity import REASONS as SAML_REASONS
from fleetplan.api.services import get_services
from fleetplan.config import get_settings
from fleetplan.web.routes import LAST_USERNAME_COOKIE
from fleetplan.web.shell import PAGE_BUILD_S
from fleetplan.web.translate import LANGUAGE_COOKIE, set_page_language, t


def _error_text(request: Request) -> str:
    """The message for ``?error=...``: wrong login, an external login whose
    name is another user's, a refused SAML login, or locked out for minutes."""
    error = request.query_params.get("error")
    if not error:
        return ""
    if error == "oidc_name_taken":
        return t("login.oidc_name_taken")
    if error in REFUSAL_CODES:  # a refused OpenID Connect login says why
        return t(error)
    if error.startswith("saml_") and error[5:] in SAML_REASONS:
        return t(f"saml.err.{error[5:]}")
    if error != "locked":
        return t("login.failed")
    # The link is anyone's to craft: keep the number within the real cool-down.
    most = max(1, math.ceil(get_services().settings.login_lockout_s / 60))
    minutes = request.query_params.get("minutes", "")
    valid = minutes.isdigit() and len(minutes) <= 6
    shown = min(int(minutes), most) if valid else most
    return t("login.locked", minutes=max(1, shown))


@ui.page("/login", response_timeout=PAGE_BUILD_S)
def login_page(request: Request) -> None:
    set_page_language(request.cookies.get(LANGUAGE_COOKIE, ""))
    ui.page_title(f"{t('login.title')} · {t('app.title')}")
    with ui.column().classes("absolute-center items-center gap-4"):
        ui.label(t("app.title")).classes("text-h4 text-teal-9")
        ui.label(t("app.subtitle")).classes("text-body2")
        with ui.card().classes("w-80"):
            ui.label(t("login.title")).classes("text-h6")
            error = _error_text(request)
            if error:
                ui.label(error).classes("text-negative").props(
                    'data-testid="login-error"'
                )
            form = ui.element("form").props('method="post" action="/login/submit"')
            with form, ui.column().classes("w-full gap-2"):
                typed = request.cookies.get(LAST_USERNAME_COOKIE, "") if error else ""
                ui.input(t("login.username"), value=typed).props(
                    'name="username" autocomplete="username" data-testid="username"'
                ).classes("w-full")
                ui.input(t("login.password"), password=True).props(
                    'name="password" autocomplete="current-password" '
                    'data-testid="password"'
                ).classes("w-full")
                ui.button(t("login.submit")).props(
                    'type="submit" data-testid="login-submit"'
                ).classes("w-full")
            if get_services().settings.oidc_enabled:
                ui.link(t("login.oidc"), "/api/v1/auth/oidc/login")
            if saml_enabled(get_settings()):
                ui.link(t("login.saml"), "/api/v1/saml/login").props(
                    'data-testid="login-saml"'
                )
        with ui.row().classes("gap-2"):
            ui.link("DA", "/lang/da?next=/login")
            ui.link("EN", "/lang/en?next=/login")
