"""A throwaway PostgreSQL server for tests.

Usage::

    reason = postgres_unavailable_reason()
    if reason:
        pytest.skip(reason)
    with ThrowawayPostgres() as pg:
        engine = sqlalchemy.create_engine(pg.url)
        other_url = pg.create_database("other")

The server lives in its own temporary directory, listens on 127.0.0.1 on a free port, trusts
every local connection as the superuser ``test`` and is stopped (``pg_ctl -m immediate``) and
deleted on exit. Durability is switched off (``fsync=off``, ``full_page_writes=off``): data in it
is disposable by design.

initdb refuses to run as root, so when the tests run as root (as CI does) every server-side
command runs as the ``postgres`` OS user through ``runuser`` and the temporary directories are
handed to that user.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import re
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

from tests.support.ports import free_port

__all__ = [
    "PostgresStartError",
    "ThrowawayPostgres",
    "find_postgres_bindir",
    "postgres_unavailable_reason",
]

SUPERUSER = "test"
DEFAULT_DBNAME = "steerco_test"
_OS_USER = "postgres"
_SERVER_PROGRAMS = ("initdb", "pg_ctl", "postgres", "createdb")
_DBNAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


class PostgresStartError(RuntimeError):
    """The throwaway server could not be initialised or started."""


def _version_key(path: str) -> tuple[int, ...]:
    # /usr/lib/postgresql/15/bin -> (15,)
    version = Path(path).parent.name
    return tuple(int(p) for p in re.findall(r"\d+", version)) or (0,)


def find_postgres_bindir() -> Path | None:
    """Directory holding initdb/pg_ctl/postgres, or None.

    Looks at Debian's ``/usr/lib/postgresql/<version>/bin`` (highest version first), then at
    ``pg_config --bindir``, then at ``initdb`` on PATH.
    """
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True
            ).stdout.strip()
            if out:
                candidates.append(out)
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(str(Path(initdb).parent))
    for candidate in candidates:
        bindir = Path(candidate)
        if all(os.access(bindir / prog, os.X_OK) for prog in _SERVER_PROGRAMS):
            return bindir
    return None


def _running_as_root() -> bool:
    return os.geteuid() == 0


def postgres_unavailable_reason() -> str | None:
    """A human-readable reason why no throwaway server can be started here, or None."""
    bindir = find_postgres_bindir()
    if bindir is None:
        return (
            "PostgreSQL server binaries (initdb, pg_ctl, postgres, createdb) not found in "
            "/usr/lib/postgresql/*/bin, `pg_config --bindir` or PATH; install Debian's "
            "`postgresql` package (apt-get install -y postgresql)"
        )
    if _running_as_root():
        try:
            pwd.getpwnam(_OS_USER)
        except KeyError:
            return (
                "running as root, and initdb refuses root, but there is no `postgres` OS user "
                "to run it as (Debian's `postgresql` package creates it)"
            )
        if shutil.which("runuser") is None:
            return "running as root, but `runuser` (util-linux) is missing to drop to `postgres`"
    try:
        import psycopg  # noqa: F401
    except Exception as exc:  # ImportError, or libpq failing to load
        return f"psycopg 3 is not importable ({exc}); pip install 'psycopg[binary]'"
    return None


def _tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError as exc:
        return f"(no log at {path}: {exc})"
    return "\n".join(text.splitlines()[-lines:]) or "(log is empty)"


def _traversable_by_others(path: str) -> bool:
    """Whether a non-root user can reach entries below ``path`` (x bit for others on each part)."""
    p = Path(path).resolve()
    for part in [p, *p.parents]:
        try:
            if not os.stat(part).st_mode & stat.S_IXOTH:
                return False
        except OSError:
            return False
    return True


def _clean_env() -> dict[str, str]:
    # PG* variables of the developer's shell (PGHOST, PGPORT, PGDATA, ...) must not leak in.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_ALL"] = "C.UTF-8"
    return env


class ThrowawayPostgres:
    """Context manager running a private PostgreSQL server; see the module docstring."""

    def __init__(
        self,
        dbname: str = DEFAULT_DBNAME,
        *,
        bindir: str | os.PathLike[str] | None = None,
        start_timeout: int = 60,
    ) -> None:
        self._check_dbname(dbname)
        self.dbname = dbname
        self.host = "127.0.0.1"
        self.user = SUPERUSER
        self.port: int | None = None
        self.start_timeout = start_timeout
        self.bindir = Path(bindir) if bindir else find_postgres_bindir()
        self.base_dir: Path | None = None
        self._as_root = _running_as_root()
        self._started = False

    # -- paths -----------------------------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        assert self.base_dir is not None, "server not started"
        return self.base_dir / "data"

    @property
    def socket_dir(self) -> Path:
        assert self.base_dir is not None, "server not started"
        return self.base_dir / "sock"

    @property
    def log_file(self) -> Path:
        assert self.base_dir is not None, "server not started"
        return self.base_dir / "postgres.log"

    # -- URLs ------------------------------------------------------------------------------
    def url_for(self, dbname: str) -> str:
        if self.port is None:
            raise RuntimeError("ThrowawayPostgres is not started")
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{dbname}"

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the database created at start."""
        return self.url_for(self.dbname)

    def log_tail(self, lines: int = 40) -> str:
        return _tail(self.log_file, lines) if self.base_dir else "(not started)"

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> ThrowawayPostgres:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> ThrowawayPostgres:
        if self._started:
            return self
        if self.bindir is None:
            raise PostgresStartError(postgres_unavailable_reason() or "no PostgreSQL binaries")
        self._make_dirs()
        atexit.register(self.stop)
        try:
            self._initdb()
            self._start_server()
            self.create_database(self.dbname)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop the server (immediate mode) and delete its directory. Safe to call twice."""
        atexit.unregister(self.stop)
        if self._started:
            self._started = False
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                argv = [self._bin("pg_ctl"), "-D", str(self.data_dir), "-m", "immediate"]
                self._run_server_cmd([*argv, "-w", "-t", "30", "stop"], timeout=60)
        if self.base_dir is not None:
            shutil.rmtree(self.base_dir, ignore_errors=True)
            self.base_dir = None
        self.port = None

    def create_database(self, name: str) -> str:
        """Create database ``name`` (owned by the superuser) and return its SQLAlchemy URL."""
        self._check_dbname(name)
        if not self._started:
            raise RuntimeError("ThrowawayPostgres is not started")
        proc = subprocess.run(
            [self._bin("createdb"), "-h", self.host, "-p", str(self.port), "-U", self.user, name],
            capture_output=True,
            text=True,
            timeout=60,
            env=_clean_env(),
            stdin=subprocess.DEVNULL,
            cwd=self.base_dir,
        )
        if proc.returncode != 0:
            raise RuntimeError(
                f"createdb {name!r} failed (exit {proc.returncode}): {proc.stderr.strip()}\n"
                f"--- postgres log tail ---\n{self.log_tail()}"
            )
        return self.url_for(name)

    # -- internals -------------------------------------------------------------------------
    @staticmethod
    def _check_dbname(name: str) -> None:
        if not _DBNAME_RE.match(name):
            raise ValueError(f"database name must match {_DBNAME_RE.pattern}: {name!r}")

    def _bin(self, prog: str) -> str:
        assert self.bindir is not None
        return str(self.bindir / prog)

    def _make_dirs(self) -> None:
        parent = tempfile.gettempdir()
        if self._as_root and not _traversable_by_others(parent):
            parent = "/tmp"  # the postgres user must be able to reach the data directory
        # Short prefix: the Unix socket path must stay under ~107 bytes.
        self.base_dir = Path(tempfile.mkdtemp(prefix="steerco-pg-", dir=parent))
        self.socket_dir.mkdir(mode=0o700)
        if self._as_root:
            pw = pwd.getpwnam(_OS_USER)
            for path in (self.base_dir, self.socket_dir):
                os.chown(path, pw.pw_uid, pw.pw_gid)

    def _run_server_cmd(self, argv: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
        if self._as_root:
            argv = ["runuser", "-u", _OS_USER, "--", *argv]
        return subprocess.run(
            argv,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=_clean_env(),
            stdin=subprocess.DEVNULL,
            cwd=self.base_dir,  # the postgres user cannot enter e.g. /root
        )

    def _initdb(self) -> None:
        argv = [self._bin("initdb"), "-D", str(self.data_dir), "-U", self.user, "--auth=trust"]
        argv += ["-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
        proc = self._run_server_cmd(argv, timeout=120)
        if proc.returncode != 0:
            raise PostgresStartError(
                f"initdb failed (exit {proc.returncode}) in {self.data_dir}:\n"
                f"{(proc.stdout + proc.stderr).strip()[-3000:]}"
            )

    def _start_server(self, attempts: int = 3) -> None:
        last_error = ""
        for _ in range(attempts):
            self.port = free_port()
            options = (
                f"-p {self.port} -k {self.socket_dir} -c listen_addresses={self.host} "
                "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
            )
            argv = [self._bin("pg_ctl"), "-D", str(self.data_dir), "-l", str(self.log_file)]
            argv += ["-w", "-t", str(self.start_timeout), "-o", options, "start"]
            proc = self._run_server_cmd(argv, timeout=self.start_timeout + 30)
            if proc.returncode == 0:
                self._started = True
                return
            log = self.log_tail()
            last_error = (
                f"pg_ctl start failed (exit {proc.returncode}) on port {self.port}: "
                f"{(proc.stdout + proc.stderr).strip()[-2000:]}\n"
                f"--- postgres log tail ({self.log_file}) ---\n{log}"
            )
            if "already in use" not in log and "could not bind" not in log:
                break  # not a port race: retrying will not help
            # The server may be half up; make sure it is down before trying another port.
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                self._run_server_cmd(
                    [self._bin("pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "stop"],
                    timeout=60,
                )
        self.port = None
        raise PostgresStartError(last_error)
