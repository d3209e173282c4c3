"""The largest upload: the app's setting ``max_upload_mb`` within the server's own limit.

Streamlit's ``server.maxUploadSize`` (``.streamlit/config.toml``) is what protects the
server's memory: the server refuses a larger upload request before the app sees it, whatever
the widget says. The setting ``max_upload_mb`` (``steerco.toml``) can lower the limit the
Data page applies, never raise it: a setting above the server's limit is said on the Data
page, and the smaller of the two applies.
"""

from __future__ import annotations

import streamlit as st

from steerco.i18n import t
from steerco.ui import data

SERVER_OPTION = "server.maxUploadSize"


def server_mb() -> int:
    """The server's upload limit in MB (``server.maxUploadSize``)."""
    return int(st.get_option(SERVER_OPTION))


def effective_mb(setting_mb: int, server: int) -> int:
    """The limit that holds: the smaller of the app's setting and the server's limit."""
    return min(int(setting_mb), int(server))


def limit_mb() -> int:
    """The largest upload the Data page accepts, in MB."""
    return effective_mb(data.settings().max_upload_mb, server_mb())


def warn_if_above_server() -> None:
    """Say so when the setting promises more than the server accepts."""
    setting, server = data.settings().max_upload_mb, server_mb()
    if setting > server:
        st.warning(
            t(
                "The setting max_upload_mb is {setting} MB, but the server accepts uploads of "
                "at most {server} MB (server.maxUploadSize in .streamlit/config.toml): files "
                "up to {server} MB can be uploaded. Raise both to accept larger files.",
                setting=setting,
                server=server,
            ),
            icon=":material/upload_file:",
        )
