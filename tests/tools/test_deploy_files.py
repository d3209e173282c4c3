"""The shipped deployment files agree with each other and with what the tests run: HAProxy
accepts ``deploy/haproxy.cfg``; the systemd unit, the Dockerfile and the test cluster start the
app the same way; docker compose gives HAProxy the addresses its configuration reads; a third
server is one more line."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.support.app_server import StreamlitServer
from tests.support.cluster import HAPROXY_CONFIG, haproxy_unavailable_reason, render_config

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
#: The environment variables deploy/haproxy.cfg reads.
CONFIG_VARIABLES = {"STEERCO_PROXY_BIND", "STEERCO_APP1", "STEERCO_APP2"}


def _variables(text: str) -> set[str]:
    """The ``${NAME}`` a configuration reads (not those its comments mention)."""
    lines = (line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return {name for line in lines for name in re.findall(r"\$\{([A-Z0-9_]+)\}", line)}


def _haproxy_check(text: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    config = tmp_path / "haproxy.cfg"
    config.write_text(text, encoding="utf-8")
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    return subprocess.run(
        [haproxy, "-c", "-f", str(config)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=30,
    )


@pytest.fixture
def haproxy():
    reason = haproxy_unavailable_reason()
    if reason:
        pytest.skip(reason)


def test_haproxy_accepts_the_shipped_configuration_with_the_documented_environment(
    haproxy, tmp_path
):
    env = dict(
        line.split("=", 1)
        for line in (DEPLOY / "haproxy.env").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert set(env) == CONFIG_VARIABLES == _variables(HAPROXY_CONFIG.read_text())
    env["STEERCO_PROXY_BIND"] = "127.0.0.1:18080"  # checked, not bound: any port
    checked = _haproxy_check(HAPROXY_CONFIG.read_text(), env, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Configuration file is valid" in checked.stdout + checked.stderr


def test_the_configuration_keeps_sessions_sticky_checks_health_and_limits_bodies():
    text = HAPROXY_CONFIG.read_text()
    assert re.search(r"^\s*cookie STEERCO_SERVER insert indirect nocache", text, re.M)
    assert "option httpchk GET /_stcore/health" in text and "http-check expect string ok" in text
    assert "option redispatch" in text and "timeout tunnel" in text
    limit = int(re.search(r"content-length\) gt (\d+)", text).group(1))
    streamlit_limit_mb = 50  # server.maxUploadSize in .streamlit/config.toml
    assert streamlit_limit_mb * 2**20 < limit <= (streamlit_limit_mb + 1) * 2**20


@pytest.mark.parametrize("servers", [1, 2, 3])
def test_a_configuration_for_n_servers_is_one_line_per_server(haproxy, tmp_path, servers):
    text = render_config(servers)
    lines = re.findall(
        r"^\s*server (app\d+) \"\$\{(STEERCO_APP\d+)\}\" check cookie (app\d+)$", text, re.M
    )
    assert lines == [(f"app{n}", f"STEERCO_APP{n}", f"app{n}") for n in range(1, servers + 1)]
    env = {"STEERCO_PROXY_BIND": "127.0.0.1:18080"}
    env |= {f"STEERCO_APP{n}": f"127.0.0.1:{8500 + n}" for n in range(1, servers + 1)}
    checked = _haproxy_check(text, env, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def _streamlit_flags(argv: list[str]) -> dict[str, str]:
    """``--name value`` pairs after ``streamlit run app.py`` or ``steerco serve``."""
    start = argv.index("app.py" if "app.py" in argv else "serve") + 1
    return dict(zip(argv[start::2], argv[start + 1 :: 2], strict=True))


def test_the_systemd_unit_and_the_image_start_the_app_as_the_tests_do():
    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.read(DEPLOY / "systemd" / "steerco@.service")
    exec_start = unit["Service"]["ExecStart"].replace("\\\n", " ").split()
    tested = _streamlit_flags(StreamlitServer(cwd=".").command(8501))
    systemd = _streamlit_flags(exec_start)
    assert exec_start[:2] == ["/opt/steerco/.venv/bin/steerco", "serve"]  # warm before visitors
    assert systemd["--server.port"] == "%i" and systemd["--server.address"] == "127.0.0.1"
    for flag in ("--server.headless", "--server.fileWatcherType", "--browser.gatherUsageStats"):
        assert systemd[flag] == tested[flag]
    assert systemd["--secrets.files"] == "/etc/steerco/secrets.toml"
    assert unit["Service"]["EnvironmentFile"] == "/etc/steerco/steerco.env"
    assert unit["Service"]["User"] == "steerco"

    cmd = re.search(r"^CMD (\[.*?\])$", (DEPLOY / "Dockerfile").read_text(), re.M | re.S)
    image_argv = yaml.safe_load(cmd.group(1).replace("\\\n", " "))
    assert image_argv[:2] == ["steerco", "serve"]
    image = _streamlit_flags(image_argv)
    for flag in ("--server.headless", "--server.fileWatcherType", "--browser.gatherUsageStats"):
        assert image[flag] == tested[flag]
    assert image["--server.port"] == "8501" and image["--server.address"] == "0.0.0.0"


def test_docker_compose_wires_postgres_roles_schema_servers_and_proxy():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    services = compose["services"]
    proxy = services["haproxy"]
    assert set(proxy["environment"]) == CONFIG_VARIABLES
    assert "./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" in proxy["volumes"]
    backends = {proxy["environment"]["STEERCO_APP1"], proxy["environment"]["STEERCO_APP2"]}
    assert backends == {"app1:8501", "app2:8501"}
    for name in ("app1", "app2"):
        app = services[name]
        assert app["build"]["dockerfile"] == "deploy/Dockerfile"
        assert app["environment"]["STEERCO_DB_URL"].startswith("postgresql+psycopg://steerco_app:")
        assert app["depends_on"]["grants"]["condition"] == "service_completed_successfully"
    # roles.sql, then the owner's upgrade, then roles.sql again (the narrower grants)
    assert "./postgres/roles.sql:/roles.sql:ro" in services["roles"]["volumes"]
    assert services["migrate"]["command"] == ["steerco", "db", "upgrade"]
    assert "steerco_owner:" in services["migrate"]["environment"]["STEERCO_DB_URL"]
    assert services["migrate"]["depends_on"]["roles"]["condition"] == (
        "service_completed_successfully"
    )
    assert services["grants"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )
    assert (DEPLOY / "postgres" / "roles.sql").is_file()
