"""Several Steerco app servers behind a real HAProxy, on loopback — the shipped setup of
``deploy/haproxy.cfg``, for the tests and ``benchmarks/bench_load.py``.

Usage::

    with Cluster(servers=2, env={"STEERCO_DB_URL": url}) as cluster:
        page.goto(cluster.url("/portfolio"))   # through HAProxy
        cluster.servers[0].stop()              # a server goes away ...
        cluster.restart(0)                     # ... and is replaced, on the same port

The proxy runs ``deploy/haproxy.cfg`` itself: the addresses reach it through the environment
(``STEERCO_PROXY_BIND``, ``STEERCO_APPn``), as they do on a real machine. For a number of
servers other than the file's two, its ``server app2`` line is repeated per server (what
docs/deploy.md tells an administrator to do). Every process is stopped by its own PID.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

from tests.support.app_server import StreamlitServer
from tests.support.ports import free_port

__all__ = ["HAPROXY_CONFIG", "Cluster", "haproxy_unavailable_reason", "render_config"]

ROOT = Path(__file__).resolve().parents[2]
HAPROXY_CONFIG = ROOT / "deploy" / "haproxy.cfg"
#: The cookie HAProxy sets to keep a browser on its server (deploy/haproxy.cfg).
STICKY_COOKIE = "STEERCO_SERVER"
#: The header naming the server that answered (deploy/haproxy.cfg).
SERVER_HEADER = "X-Steerco-Server"
_NO_PROXY_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_SERVER_LINE = re.compile(r"^\s*server app\d+ ")


def haproxy_unavailable_reason() -> str | None:
    """Why the cluster cannot run here (no ``haproxy`` binary), or None."""
    if shutil.which("haproxy") is None and not Path("/usr/sbin/haproxy").exists():
        return "haproxy is not installed (Debian: apt-get install haproxy)"
    return None


def _haproxy() -> str:
    return shutil.which("haproxy") or "/usr/sbin/haproxy"


def render_config(servers: int, text: str | None = None) -> str:
    """``deploy/haproxy.cfg`` for ``servers`` app servers: its ``server app1``/``app2`` lines
    become one line per server (``appN`` at ``${STEERCO_APPN}``); nothing else changes."""
    text = HAPROXY_CONFIG.read_text(encoding="utf-8") if text is None else text
    lines = text.splitlines(keepends=True)
    at = [i for i, line in enumerate(lines) if _SERVER_LINE.match(line)]
    if [lines[i].split()[1] for i in at] != ["app1", "app2"] or at[1] != at[0] + 1:
        raise ValueError("deploy/haproxy.cfg must end its backend with server app1 and app2")
    template = lines[at[1]]
    wanted = [
        template.replace("app2", f"app{n}").replace("APP2", f"APP{n}")
        for n in range(1, servers + 1)
    ]
    return "".join(lines[: at[0]] + wanted + lines[at[1] + 1 :])


class Cluster:
    """``servers`` ``streamlit run app.py`` processes sharing ``env`` (one store, one
    ``--secrets.files``) behind HAProxy on 127.0.0.1."""

    def __init__(
        self,
        servers: int = 2,
        env: Mapping[str, str] | None = None,
        *,
        extra_args: Sequence[str] = (),
        proxy_port: int | None = None,
        timeout: float = 120.0,
    ) -> None:
        if servers < 1:
            raise ValueError("a cluster needs at least one app server")
        self.count = servers
        self.env = dict(env or {})
        self.extra_args = list(extra_args)
        self.proxy_port = proxy_port or free_port()
        self.timeout = timeout
        self.servers: list[StreamlitServer] = []
        self.proxy: subprocess.Popen[bytes] | None = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._log: Path | None = None

    # -- addresses -------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    def url(self, path: str = "") -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def name_of(self, index: int) -> str:
        """The server's name in HAProxy (the sticky cookie's value): ``app1``, ``app2``…"""
        return f"app{index + 1}"

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> Cluster:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> Cluster:
        atexit.register(self.stop)
        try:
            ports = [free_port() for _ in range(self.count)]
            self.servers = [
                StreamlitServer(
                    cwd=ROOT, env=self.env, extra_args=self.extra_args, port=port,
                    timeout=self.timeout,
                )
                for port in ports
            ]  # fmt: skip
            for server in self.servers:
                server.start()
            self._start_proxy(ports)
        except BaseException:
            self.stop()
            raise
        return self

    def _start_proxy(self, ports: list[int]) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="steerco-haproxy-")
        config = Path(self._folder.name) / "haproxy.cfg"
        config.write_text(render_config(self.count), encoding="utf-8")
        self._log = Path(self._folder.name) / "haproxy.log"
        env = {
            **os.environ,
            "STEERCO_PROXY_BIND": f"127.0.0.1:{self.proxy_port}",
            **{f"STEERCO_APP{i + 1}": f"127.0.0.1:{p}" for i, p in enumerate(ports)},
        }
        with self._log.open("wb") as log:
            self.proxy = subprocess.Popen(
                [_haproxy(), "-db", "-f", str(config)],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.wait_for_servers(up=self.count)

    def proxy_log(self) -> str:
        return self._log.read_text(errors="replace") if self._log and self._log.exists() else ""

    def health(self) -> tuple[int, str, str]:
        """``/_stcore/health`` through the proxy: status, body, answering server."""
        try:
            with _NO_PROXY_OPENER.open(self.url("/_stcore/health"), timeout=5) as resp:
                return (
                    resp.status,
                    resp.read().decode().strip(),
                    resp.headers.get(SERVER_HEADER, ""),
                )
        except urllib.error.HTTPError as exc:
            return exc.code, "", exc.headers.get(SERVER_HEADER, "") if exc.headers else ""
        except (urllib.error.URLError, OSError):
            return 0, "", ""

    def wait_for_servers(self, up: int, timeout: float = 60.0) -> None:
        """Wait until the proxy answers and has sent health requests to ``up`` servers."""
        deadline = time.monotonic() + timeout
        seen: set[str] = set()
        while time.monotonic() < deadline:
            if self.proxy is not None and self.proxy.poll() is not None:
                raise RuntimeError(f"haproxy exited:\n{self.proxy_log()[-3000:]}")
            status, body, server = self.health()
            if status == 200 and body == "ok":
                seen.add(server)
                if len(seen) >= up:
                    return
            time.sleep(0.2)
        raise RuntimeError(
            f"the proxy did not reach {up} server(s) in {timeout:g} s (saw {sorted(seen)}):\n"
            f"{self.proxy_log()[-3000:]}"
        )

    def restart(self, index: int) -> StreamlitServer:
        """Replace server ``index`` by a new process on the same port (what a deploy or a
        crash-and-restart does), and wait until it is healthy."""
        server = self.servers[index]
        server.stop()
        server.start()
        return server

    def stop(self) -> None:
        """Stop the proxy and every server (each by its own PID). Safe to call twice."""
        atexit.unregister(self.stop)
        proxy, self.proxy = self.proxy, None
        if proxy is not None and proxy.poll() is None:
            proxy.terminate()
            try:
                proxy.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proxy.kill()
                proxy.wait(timeout=10)
        for server in self.servers:
            server.stop()
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
