"""The page frame: header with language switch and logout, navigation drawer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from urllib.parse import quote

import nicegui
from nicegui import ui

from fleetplan.api.security import SESSION_COOKIE
from fleetplan.api.services import get_services
from fleetplan.api.sessions import close_session
from fleetplan.api.users import UserAccount
from fleetplan.web.markup import markup_block, text_div
from fleetplan.web.translate import LANGUAGES, current_language, t, translate

NAVIGATION: tuple[tuple[str, str, str], ...] = (
    ("/", "nav.home", "home"),
    ("/vehicles", "nav.vehicles", "directions_car"),
    ("/locations", "nav.locations", "place"),
    ("/analysis", "nav.analysis", "insights"),
    ("/simulation", "nav.simulation", "play_circle"),
    ("/optimisation", "nav.optimisation", "tune"),
    ("/scenarios", "nav.scenarios", "bookmarks"),
    ("/reports", "nav.reports", "description"),
    ("/suitability", "nav.suitability", "ev_station"),
    ("/settings", "nav.settings", "settings"),
)

# How long a page may take to build before NiceGUI gives up (its default 3 s).
# Under load (an optimisation on the same CPU, many users) a page built in 4 s
# was a 500 with no content; a slow page is better than an error page. Pages
# that compute a lot show a spinner sooner themselves (Forside: 2 s).
PAGE_BUILD_S = 20.0


# The app starts Quasar in Danish (``ui.run_with(language="da")``); English pages
# switch Quasar's own texts (table pager, date picker) once the page has loaded.
_QUASAR_ENGLISH = (
    f'<script defer src="/_nicegui/{nicegui.__version__}/static/lang/'
    'en-US.umd.prod.js"></script>'
    "<script>window.addEventListener('load', () => "
    "window.Quasar.Lang.set(window.Quasar.Lang.enUS));</script>"
)


def _here(path: str) -> str:
    """The page's address with its query (filters, chosen factor set), so a
    language switch comes back to the same view."""
    query = ui.context.client.request.url.query
    return f"{path}?{query}" if query else path


def _logout() -> None:
    """End the page's session on the server (the page holds no CSRF token to
    call the API with) and go to the login page; the revoked cookie is useless."""
    request = ui.context.client.request
    services = get_services()
    session = services.codec.loads(request.cookies.get(SESSION_COOKIE))
    if session is not None:
        close_session(services.users.sessions, session.session_id)
    # After an OpenID login that route also logs out at the provider.
    oidc = services.settings.oidc_enabled
    ui.navigate.to("/api/v1/auth/oidc/logout" if oidc else "/login")


def _nav_link(target: str, testid: str, icon: str, label: str, here: bool) -> str:
    """One navigation entry, as ``ui.link`` > ``ui.row`` > icon and label
    rendered (the same tags and classes)."""
    bold = " text-bold" if here else ""
    return (
        f'<a href="{target}" class="nicegui-link no-underline text-black w-full{bold}"'
        f' data-testid="nav-{testid}">'
        '<div class="nicegui-row row items-center gap-3 q-pa-sm">'
        f'<q-icon name="{icon}"></q-icon>{text_div(label)}</div></a>'
    )


@lru_cache(maxsize=128)  # languages x pages x two: the same for every user
def _navigation(language: str, path: str, platform_admin: bool) -> str:
    """The drawer's links; Organisationer only for a platform administrator."""
    entries = [
        (target, target.strip("/") or "home", icon, translate(language, key))
        for target, key, icon in NAVIGATION
    ]
    if platform_admin:  # Organisationer: the platform's own page
        label = translate(language, "nav.platform")
        entries.append(("/platform", "platform", "corporate_fare", label))
    return "".join(
        _nav_link(target, testid, icon, label, target == path)
        for target, testid, icon, label in entries
    )


@contextmanager
def frame(user: UserAccount, path: str, title_key: str) -> Iterator[None]:
    """Build header and navigation; the page's content goes inside the block."""
    ui.page_title(f"{t(title_key)} · {t('app.title')}")
    if current_language() == "en":
        ui.add_body_html(_QUASAR_ENGLISH)
    here = quote(_here(path), safe="/")
    with ui.header().classes("items-center justify-between bg-teal-9"):
        with ui.row().classes("items-center gap-2"):
            ui.button(icon="menu", on_click=lambda: drawer.toggle()).props(
                "flat color=white"
            )
            ui.label(t("app.title")).classes("text-h6")
        with ui.row().classes("items-center gap-2"):
            ui.label(
                t("nav.signed_in_as", user=user.username, role=t(f"role.{user.role}"))
            ).classes("text-caption")
            for code in LANGUAGES:
                link = ui.link(code.upper(), f"/lang/{code}?next={here}")
                link.classes(
                    "text-white" + (" text-bold" if code == current_language() else "")
                )
                link.props(f'data-testid="lang-{code}"')
            ui.button(t("nav.logout"), icon="logout", on_click=_logout).props(
                'flat color=white data-testid="logout"'
            )
    with ui.left_drawer(value=True).classes("bg-grey-2") as drawer:
        markup_block(_navigation(current_language(), path, user.platform_admin))
    with ui.column().classes("w-full q-pa-md gap-4"):
        ui.label(t(title_key)).classes("text-h5")
        yield


def empty_state(text_key: str, **params: str) -> None:
    """A clear notice saying what will be here and what to do meanwhile."""
    card = ui.card().classes("w-full max-w-3xl bg-blue-grey-1")
    with card, ui.row().classes("items-start gap-3 no-wrap"):
        ui.icon("info", size="md").classes("text-blue-grey-8")
        ui.label(t(text_key, **params)).classes("text-body1")
