"""A real OpenID Connect provider for the sign-in tests (``oidc-provider-mock``, the ``test``
extra), and the ``[auth]`` secrets that point Streamlit's ``st.login`` at it.

Usage::

    with OidcProvider() as provider:
        provider.set_user("alice", {"email": "alice@example.org", "name": "Alice Martin"})
        secrets = provider.write_secrets(tmp_path)
        with StreamlitServer(cwd=ROOT, extra_args=["--secrets.files", str(secrets)]) as app:
            ...  # the browser signs in on the provider's authorisation form

The provider runs in a thread of the test process on 127.0.0.1, on a free port; it accepts
any client id and secret, and its authorisation form lets the test pick the user (the
``sub``) whose claims ``set_user`` registered. It is stopped when the context ends.
"""

from __future__ import annotations

import json
import secrets
import threading
import urllib.request
from collections.abc import Mapping
from pathlib import Path

__all__ = ["CLIENT_ID", "OidcProvider", "offline_provider_pages"]

CLIENT_ID = "steerco-tests"
#: The provider's pages link a stylesheet from a CDN: refused at once in the browser, so that
#: a machine without Internet access does not wait for it.
PROVIDER_ASSETS = "https://cdn.jsdelivr.net/**"
# Loopback only: never route a request to the provider through a proxy from the environment.
_NO_PROXY_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class OidcProvider:
    """Context manager running ``oidc_provider_mock`` on 127.0.0.1 in a thread."""

    def __init__(self) -> None:
        self._server = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("OidcProvider is not started")
        return f"http://127.0.0.1:{self._server.server_port}"

    @property
    def server_metadata_url(self) -> str:
        return f"{self.base_url}/.well-known/openid-configuration"

    def __enter__(self) -> OidcProvider:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> OidcProvider:
        import oidc_provider_mock
        import werkzeug.serving

        app = oidc_provider_mock.app(require_nonce=True)
        self._server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket. Safe to call twice."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def set_user(self, sub: str, claims: Mapping[str, object]) -> None:
        """Register the claims the provider sends when the form authorises ``sub``."""
        request = urllib.request.Request(
            f"{self.base_url}/users/{sub}",
            data=json.dumps(dict(claims)).encode(),
            headers={"Content-Type": "application/json"},
            method="PUT",
        )
        with _NO_PROXY_OPENER.open(request, timeout=10) as response:
            if response.status != 204:
                raise RuntimeError(f"the provider refused user {sub!r}: HTTP {response.status}")

    def auth_secrets(self) -> str:
        """An ``[auth]`` table for ``.streamlit/secrets.toml`` naming this provider; the
        redirect URI's ``{port}`` is filled in by Streamlit with the port it serves on."""
        return (
            "[auth]\n"
            'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(32)}"\n'
            f'client_id = "{CLIENT_ID}"\n'
            f'client_secret = "{secrets.token_hex(16)}"\n'
            f'server_metadata_url = "{self.server_metadata_url}"\n'
        )

    def write_secrets(self, folder: Path) -> Path:
        """``folder/secrets.toml`` with ``auth_secrets`` (for ``--secrets.files``)."""
        path = Path(folder) / "secrets.toml"
        path.write_text(self.auth_secrets(), encoding="utf-8")
        return path


def offline_provider_pages(context) -> None:
    """Make a Playwright browser context refuse the provider pages' CDN stylesheet."""
    context.route(PROVIDER_ASSETS, lambda route: route.abort())
