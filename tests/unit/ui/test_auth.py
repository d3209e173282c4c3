"""steerco.ui.auth: the identity of a session in single-user mode and signed in, the providers
the sign-in screen offers, and which server addresses count as this machine only.

The identity is read inside a small AppTest script (it needs a session and ``st.user``); the
whole redirect flow through a real provider is tests/e2e/test_sign_in_browser.py.
"""

from __future__ import annotations

import getpass
import re
import textwrap
import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from data_access import access
from steerco import i18n
from steerco.ui import auth
from tests.conftest import ROOT

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-long-random-secret-for-the-test",
    "client_id": "steerco",
    "client_secret": "not-a-secret",
    "server_metadata_url": "https://idp.example.org/.well-known/openid-configuration",
}


def _who_script() -> None:
    import streamlit as st

    from steerco.ui import auth

    who = auth.identity()
    st.text(f"{who.label}|{who.name}|{who.role}|{who.signed_in}")


def _who(at: AppTest) -> list[str]:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at.text[0].value.split("|")


def test_without_sign_in_the_single_user_is_the_server_account_and_admin():
    at = AppTest.from_function(_who_script)
    assert _who(at) == [getpass.getuser(), getpass.getuser(), access.ADMIN, "False"]


def test_the_single_user_identity_is_kept_for_the_session():
    at = AppTest.from_function(_who_script)
    _who(at)
    assert at.session_state[auth.IDENTITY_KEY] == access.single_user(getpass.getuser())


def test_a_signed_in_user_is_named_by_the_provider_claims():
    at = AppTest.from_function(_who_script)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": "alice@example.org", "name": "Alice Martin"}
    assert _who(at) == ["alice@example.org", "Alice Martin", access.VIEWER, "True"]


def _sign_in_script() -> None:
    from steerco.ui import auth

    auth.require_sign_in()
    import streamlit as st

    st.text("the data")


def test_a_visitor_not_signed_in_sees_the_sign_in_button_and_nothing_else():
    at = AppTest.from_function(_sign_in_script)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": False}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [b.label for b in at.button] == ["Sign in"]
    assert [t.value for t in at.text] == []


def test_several_named_providers_get_one_button_each():
    providers = {
        "redirect_uri": AUTH["redirect_uri"],
        "cookie_secret": AUTH["cookie_secret"],
        "google": {k: v for k, v in AUTH.items() if k.startswith(("client", "server"))},
        "microsoft": {
            **{k: v for k, v in AUTH.items() if k.startswith(("client", "server"))},
            "client_kwargs": {"prompt": "login"},
        },
    }
    at = AppTest.from_function(_sign_in_script)
    at.secrets["auth"] = providers
    at.user = {"is_logged_in": False}
    at.run()
    assert [b.label for b in at.button] == ["Sign in with Google", "Sign in with Microsoft"]


def test_a_signed_in_user_sees_the_page_and_a_sign_out_button():
    at = AppTest.from_function(_sign_in_script)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": "alice@example.org", "name": "Alice Martin"}
    at.run()
    assert [t.value for t in at.text] == ["the data"]
    assert [b.label for b in at.sidebar.button] == ["Sign out"]
    assert "Signed in as Alice Martin" in at.sidebar.caption[0].value


def test_the_providers_offered():
    assert auth.providers(AUTH) == [None]
    named = {"redirect_uri": "x", "cookie_secret": "y", "okta": {}, "keycloak": {}}
    assert auth.providers(named) == ["okta", "keycloak"]
    assert auth.providers({**AUTH, "client_kwargs": {"prompt": "login"}, "okta": {}}) == [
        None,
        "okta",
    ]


@pytest.mark.parametrize(
    ("address", "local"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("", False),  # Streamlit's default: every interface
        ("0.0.0.0", False),
        ("192.168.1.20", False),
        ("steerco.example.org", False),
    ],
)
def test_which_addresses_only_this_machine_reaches(address, local):
    assert auth._loopback(address) is local


def _toml_blocks(markdown: str) -> list[dict]:
    blocks = re.findall(r"```toml\n(.*?)```", markdown, flags=re.S)
    return [tomllib.loads(textwrap.dedent(block)) for block in blocks]


def test_the_documented_configurations_read_as_documented():
    """docs/sign-in.md's examples and .streamlit/secrets.example.toml are valid TOML with the
    settings st.login needs, offering the providers the text says."""
    one, several = _toml_blocks((ROOT / "docs" / "sign-in.md").read_text(encoding="utf-8"))
    example = tomllib.loads((ROOT / ".streamlit" / "secrets.example.toml").read_text("utf-8"))
    for secrets in (one, example):
        assert set(secrets["auth"]) == {*AUTH}
        assert auth.providers(secrets["auth"]) == [None]
    assert auth.providers(several["auth"]) == ["microsoft", "okta"]
    for name in ("microsoft", "okta"):
        assert set(several["auth"][name]) == {"client_id", "client_secret", "server_metadata_url"}


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_the_sign_in_texts_are_translated(language):
    texts = [auth.SINGLE_USER_NOTICE, auth.EXPOSED_NOTICE, auth.UNREADABLE_SECRETS]
    texts += ["Sign in", "Sign in with {provider}", "Signed in as {name}", "Sign out"]
    missing = [text for text in texts if text not in i18n.catalogue(language)]
    assert not missing
