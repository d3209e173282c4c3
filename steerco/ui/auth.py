"""Who is using this session: sign-in through an OpenID Connect provider, or single-user mode.

With an ``[auth]`` table in ``.streamlit/secrets.toml`` (see docs/sign-in.md) every page
requires sign-in through Streamlit's own ``st.login``; the identity comes from the provider's
claims (``data_access.access.from_claims``). Without it Steerco runs in single-user mode, the
laptop default: the server binds to 127.0.0.1 (``.streamlit/config.toml``), the one user is
named by the server's login name, and every page says that anyone who can reach the server can
change data.

``require_sign_in`` runs once per script run, from ``steerco.ui.shell``, before any page;
``identity`` is who the pages act as: the author of a change, whose role the service layer
(``data_access.writes``) checks, and whose scope every page's filters carry.
"""

from __future__ import annotations

import getpass
import ipaddress
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import streamlit as st

from data_access import access, audit, users
from data_access.filters import Filters
from steerco.i18n import N_, t
from steerco.ui import data
from steerco.ui.text import literal

#: The app's page scripts (app.py lists them; their file names are their addresses).
PAGES_DIR = Path(__file__).resolve().parents[2] / "pages"
#: Where the session keeps its identity (computed once per session and sign-in).
IDENTITY_KEY = data.IDENTITY_KEY
#: The provider table's own keys that are tables but not named providers.
_PROVIDER_OPTIONS = frozenset({"client_kwargs"})
#: The sidebar notice without sign-in: discreet on 127.0.0.1, a warning on a network address.
SINGLE_USER_NOTICE = N_(
    "Single-user mode: anyone who can reach this app can change its data. To require "
    "sign-in, configure `[auth]` in `.streamlit/secrets.toml` (docs/sign-in.md)."
)
EXPOSED_NOTICE = N_(
    "Single-user mode on a network address ({address}): anyone who can reach this app can "
    "change its data. Configure sign-in (`[auth]` in `.streamlit/secrets.toml`, "
    "docs/sign-in.md) or bind to 127.0.0.1."
)

UNREADABLE_SECRETS = N_(
    "The secrets file (`.streamlit/secrets.toml`) cannot be read, so Steerco cannot tell "
    "whether sign-in is required and shows nothing. Correct the file (the server's log says "
    "what is wrong) and reload the page."
)


def auth_settings() -> Mapping[str, object]:
    """The ``[auth]`` table of the secrets, or an empty mapping when sign-in is off.

    A secrets file that exists but cannot be read stops the app: it may configure sign-in,
    and falling back to single-user mode would open the data to anyone who can reach it."""
    if not st.secrets.load_if_toml_exists():
        if any(Path(path).is_file() for path in st.get_option("secrets.files") or ()):
            st.error(t(UNREADABLE_SECRETS), icon=":material/lock:")
            st.stop()
        return {}
    section = st.secrets.get("auth")
    return section if isinstance(section, Mapping) else {}


def sign_in_configured() -> bool:
    return bool(auth_settings())


def providers(settings: Mapping[str, object]) -> list[str | None]:
    """The providers to offer, in the secrets' order: ``None`` for the unnamed one (its
    settings directly in ``[auth]``), then every named ``[auth.<name>]`` table."""
    offered: list[str | None] = []
    if "client_id" in settings or "server_metadata_url" in settings:
        offered.append(None)
    offered.extend(
        name
        for name, value in settings.items()
        if isinstance(value, Mapping) and name not in _PROVIDER_OPTIONS
    )
    return offered or [None]


def server_login_name() -> str:
    """The server account's login name (the single user's name)."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in a container
        return t("local user")


def _current_identity() -> access.Identity:
    """Single user without sign-in; else the provider's claims, with the role and scope the
    role table gives the person (it wins over the provider's role claim)."""
    if not sign_in_configured():
        return access.single_user(server_login_name())
    claimed = access.from_claims(st.user.to_dict())
    with data.user_errors(), data.engine().connect() as conn:
        return users.resolve(conn, claimed)


def identity(*, refresh: bool = False) -> access.Identity:
    """The identity of this session's user, kept in the session and looked up again once per
    run (``require_sign_in`` refreshes it), so a role an admin changes applies at the user's
    next click. A new sign-in (Streamlit makes a new session) or a sign-out starts over."""
    cached = st.session_state.get(IDENTITY_KEY)
    signed_in = bool(st.user.get("is_logged_in"))
    who = (signed_in, str(st.user.get("email") or "") if signed_in else "")
    if (
        not refresh
        and isinstance(cached, access.Identity)
        and (
            cached.signed_in,
            cached.email,
        )
        == who
    ):
        return cached
    current = _current_identity()
    st.session_state[IDENTITY_KEY] = current
    first = not isinstance(cached, access.Identity) or (cached.signed_in, cached.email) != who
    if current.signed_in and first:  # once per sign-in
        audit.record_sign_in(data.engine(), current.label, current.name, signed_at=_issued_at())
    return current


def _issued_at() -> datetime | None:
    """When the provider issued this sign-in's ID token (claim ``iat``), if it says."""
    try:
        return datetime.fromtimestamp(int(st.user.get("iat")), tz=UTC).replace(tzinfo=None)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def scope() -> Filters:
    """No filter but this user's scope (their portfolios or programmes), for what a page reads
    outside the sidebar filters (the project picker, the Data page's store browser)."""
    who = identity()
    return Filters().within(who.portfolios, who.programmes)


def _loopback(address: str) -> bool:
    """Whether the server listens only on this machine (an empty address means all)."""
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def _single_user_notice() -> None:
    address = str(st.get_option("server.address") or "")
    if _loopback(address):
        st.sidebar.caption(t(SINGLE_USER_NOTICE))
    else:
        st.sidebar.warning(t(EXPOSED_NOTICE, address=literal(address or "0.0.0.0")))


#: The browser tab's storage key of the address asked for before signing in.
AFTER_SIGN_IN_KEY = "steerco_after_sign_in"
#: Kept in the tab (sessionStorage) while the provider signs the person in: the provider sends
#: every sign-in back to the app's root, and the deep link would be lost.
REMEMBER_LINK = f"""<script>
try {{
  const here = window.location.pathname + window.location.search;
  if (here !== "/" && here !== "") sessionStorage.setItem("{AFTER_SIGN_IN_KEY}", here);
}} catch (e) {{}}
</script>"""
#: After sign-in: back to the remembered address, once. Only a path of this app (one leading
#: "/", no scheme, no "//" host, no backslash) is followed: nothing else can be redirected to.
RESTORE_LINK = f"""<script>
try {{
  const wanted = sessionStorage.getItem("{AFTER_SIGN_IN_KEY}");
  sessionStorage.removeItem("{AFTER_SIGN_IN_KEY}");
  const here = window.location.pathname + window.location.search;
  const local = wanted && wanted.startsWith("/") && !wanted.startsWith("//")
    && wanted.indexOf(String.fromCharCode(92)) < 0;  // no backslash: no other host
  if (local && wanted !== here) {{
    window.location.replace(window.location.origin + wanted);
  }}
}} catch (e) {{}}
</script>"""
#: The session has run the restore script (it runs on the first page after sign-in only).
RESTORED_KEY = "_steerco_link_restored"


def _sign_in_screen(settings: Mapping[str, object]) -> None:
    """What a visitor who has not signed in sees: the app's name and the sign-in button(s).
    The address they asked for is remembered in the browser tab, to be opened after sign-in."""
    st.html(REMEMBER_LINK, unsafe_allow_javascript=True)
    st.title("Steerco")
    st.write(t("Sign in to see the portfolio."))
    for provider in providers(settings):
        if provider is None:
            label = t("Sign in")
        else:
            label = t("Sign in with {provider}", provider=literal(provider.capitalize()))
        key = f"sign_in_{provider or 'default'}"
        if st.button(label, key=key, type="primary", icon=":material/login:"):
            if provider is None:
                st.login()
            else:
                st.login(provider)


def _only_the_sign_in_page(settings: Mapping[str, object]) -> None:
    """Run the sign-in screen as the app's only page, whatever page a link asked for (it
    answers at every page's address, so a deep link shows no "page not found"), and with no
    page list in the sidebar (without ``st.navigation`` Streamlit lists ``pages/``)."""

    def sign_in() -> None:
        _sign_in_screen(settings)

    title = t("Sign in")
    addresses = sorted(script.stem for script in PAGES_DIR.glob("*.py"))
    pages = [st.Page(sign_in, title=title, default=True)]
    pages += [st.Page(sign_in, title=title, url_path=address) for address in addresses]
    st.navigation(pages, position="hidden").run()


def _account(who: access.Identity) -> None:
    with st.sidebar:
        signed_in_as = t("Signed in as {name}", name=literal(who.name))
        if who.email and who.email != who.name:
            signed_in_as += f"  \n{literal(who.email)}"
        st.caption(signed_in_as)
        if st.button(t("Sign out"), key="sign_out", icon=":material/logout:"):
            st.session_state.pop(IDENTITY_KEY, None)
            st.logout()


def require_sign_in() -> access.Identity:
    """Once per run, before any page: the sign-in screen (then stop) for a visitor who has
    not signed in, the account in the sidebar for one who has, the single-user notice
    without sign-in configured. Returns the session's identity."""
    settings = auth_settings()
    if not settings:
        _single_user_notice()
        return identity()
    if not st.user.get("is_logged_in"):
        st.session_state.pop(IDENTITY_KEY, None)
        _only_the_sign_in_page(settings)
        st.stop()
    who = identity(refresh=True)
    if not st.session_state.get(RESTORED_KEY):  # the first run after sign-in: the deep link
        st.session_state[RESTORED_KEY] = True
        st.sidebar.html(RESTORE_LINK, unsafe_allow_javascript=True)
    _account(who)
    return who
