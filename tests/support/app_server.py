"""Run the Streamlit app as a real server for browser tests.

Usage::

    with StreamlitServer(cwd=REPO_ROOT, env={"STEERCO_DB_URL": url}) as server:
        page.goto(server.base_url)

The server is a child process started with ``sys.executable -m streamlit run``; it listens on
127.0.0.1 on a free port and is stopped by its own PID (terminate, then kill after 10 s).
Its stdout/stderr go to temporary files (never pipes, which could fill up and block it);
``server.output_tail()`` shows them, e.g. when a page test fails.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

from tests.support.ports import free_port

__all__ = ["StreamlitServer", "StreamlitStartError"]

# Loopback only: never route the health check through an HTTP proxy from the environment.
_NO_PROXY_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class StreamlitStartError(RuntimeError):
    """The Streamlit server did not become healthy."""


def _read_tail(f: IO[bytes] | None, lines: int) -> str:
    if f is None or f.closed:
        return ""
    # pread: the child shares this file's offset, so never seek it.
    fd = f.fileno()
    size = os.fstat(fd).st_size
    data = os.pread(fd, min(size, 256_000), max(0, size - 256_000))
    text = data.decode("utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])


class StreamlitServer:
    """Context manager running ``streamlit run <script>`` in ``cwd``."""

    def __init__(
        self,
        cwd: str | os.PathLike[str],
        script: str = "app.py",
        env: Mapping[str, str] | None = None,
        *,
        timeout: float = 60.0,
        extra_args: Sequence[str] = (),
        port: int | None = None,
        serve: bool = False,
    ) -> None:
        self.cwd = Path(cwd)
        #: Started as ``steerco serve`` (the warm-up at once) instead of ``streamlit run``.
        self.serve = serve
        self.script = script
        self.extra_env = dict(env or {})
        self.timeout = timeout
        self.extra_args = list(extra_args)
        #: A fixed port (a server behind a proxy that names it); None: a free one at each start.
        self.fixed_port = port
        self.port: int | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self._stdout: IO[bytes] | None = None
        self._stderr: IO[bytes] | None = None

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise RuntimeError("StreamlitServer is not started")
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "") -> str:
        """``base_url`` joined with a page path/query, e.g. ``url("project?project=P-1")``."""
        return f"{self.base_url}/{path.lstrip('/')}"

    def __enter__(self) -> StreamlitServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- lifecycle -------------------------------------------------------------------------
    def command(self, port: int) -> list[str]:
        if self.serve:
            start = [sys.executable, "-m", "steerco.cli", "serve"]
        else:
            start = [sys.executable, "-m", "streamlit", "run", self.script]
        return [
            *start,
            "--server.headless", "true",
            "--server.port", str(port),
            "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
            *self.extra_args,
        ]  # fmt: skip

    def start(self, attempts: int = 3) -> StreamlitServer:
        if self.process is not None:
            return self
        if not (self.cwd / self.script).is_file():
            raise FileNotFoundError(f"Streamlit script not found: {self.cwd / self.script}")
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **self.extra_env}
        error = ""
        for _ in range(attempts):
            self.port = self.fixed_port or free_port()
            # Closed in stop(): they must outlive this method.
            self._stdout = tempfile.TemporaryFile(prefix="streamlit-out-")  # noqa: SIM115
            self._stderr = tempfile.TemporaryFile(prefix="streamlit-err-")  # noqa: SIM115
            self.process = subprocess.Popen(
                self.command(self.port),
                cwd=self.cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=self._stdout,
                stderr=self._stderr,
            )
            atexit.register(self.stop)
            error = self._wait_healthy()
            if not error:
                return self
            tail = self.output_tail()
            self.stop()
            error = f"{error}\n{tail}"
            if self.fixed_port or ("is not available" not in tail and "already in use" not in tail):
                break  # not a port race ("Port N is not available"): retrying will not help
        raise StreamlitStartError(error)

    def _wait_healthy(self) -> str:
        """Poll /_stcore/health; return "" once it answers ``ok``, else a description."""
        assert self.process is not None
        health = f"{self.base_url}/_stcore/health"
        deadline = time.monotonic() + self.timeout
        last = "no answer yet"
        while time.monotonic() < deadline:
            code = self.process.poll()
            if code is not None:
                return f"streamlit exited with code {code} before becoming healthy"
            try:
                with _NO_PROXY_OPENER.open(health, timeout=2) as resp:
                    body = resp.read().decode(errors="replace").strip()
                if resp.status == 200 and body == "ok":
                    return ""
                last = f"HTTP {resp.status}: {body[:200]!r}"
            except (urllib.error.URLError, OSError) as exc:
                last = f"{type(exc).__name__}: {exc}"
            time.sleep(0.2)
        return f"{health} not healthy after {self.timeout:g} s (last: {last})"

    def stop(self) -> None:
        """Stop the process this object started (by its PID). Safe to call twice."""
        atexit.unregister(self.stop)
        proc, self.process = self.process, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        for f in (self._stdout, self._stderr):
            if f is not None:
                f.close()
        self._stdout = self._stderr = None
        self.port = None

    # -- diagnostics -----------------------------------------------------------------------
    def output_tail(self, lines: int = 60) -> str:
        """The last lines of the server's stderr and stdout (empty once stopped)."""
        err = _read_tail(self._stderr, lines)
        out = _read_tail(self._stdout, lines)
        return f"--- streamlit stderr ---\n{err}\n--- streamlit stdout ---\n{out}"
