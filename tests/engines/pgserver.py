"""Start and stop a throw-away PostgreSQL server (initdb + pg_ctl in a temp folder), without pytest.

Used by `bench/engines.py`; the same steps and the same interface as the `postgres_server` fixture of
tests/engines/conftest.py (which can delegate to `running_postgres()`):

    with running_postgres() as server:
        server.host, server.port, server.user, server.password, server.dbname, server.bindir
        server.environ()          # PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE
        server.dsn()              # a libpq connection string
        server.psql("select 1")   # SQL through psql over TCP
        server.create_database("x")

The server listens on 127.0.0.1 only, on a free port, with fsync off (a test or bench server, never
a place for data); as root it runs as the unprivileged `postgres` account, which initdb requires.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DBNAME = "leads"
SERVICE_USER = "postgres"
SUPERUSER = "postgres"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine (apt-get install postgresql)."""


def find_postgres_bindir() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres, or None when PostgreSQL is not installed."""
    candidates: list[str] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=False)
            if out.returncode == 0 and out.stdout.strip():
                candidates.append(out.stdout.strip())
        except (OSError, subprocess.SubprocessError):
            pass
    versions = glob.glob("/usr/lib/postgresql/*/bin")  # Debian/Ubuntu: one folder per major version
    versions.sort(key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0, reverse=True)
    candidates += versions
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(str(Path(os.path.realpath(on_path)).parent))
    candidates += glob.glob("/usr/pgsql-*/bin") + ["/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/local/bin"]
    for folder in candidates:
        path = Path(folder)
        if all((path / name).is_file() for name in ("initdb", "pg_ctl", "postgres")):
            return path
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PostgresServer:
    host: str
    port: int
    user: str
    password: str
    dbname: str
    bindir: Path
    datadir: Path
    socket_dir: Path
    _as_user: list[str] = field(default_factory=list, repr=False)

    def environ(self) -> dict[str, str]:
        """The libpq variables that point a client (psycopg2, psql, dbt's profile) at this server."""
        return {"PGHOST": self.host, "PGPORT": str(self.port), "PGUSER": self.user,
                "PGPASSWORD": self.password, "PGDATABASE": self.dbname}

    def dsn(self, dbname: str | None = None) -> str:
        return (f"host={self.host} port={self.port} user={self.user} dbname={dbname or self.dbname}"
                + (f" password={self.password}" if self.password else ""))

    def psql(self, sql: str, dbname: str | None = None) -> str:
        """Run SQL with psql over TCP; returns stdout."""
        env = {**os.environ, **self.environ()}
        if dbname:
            env["PGDATABASE"] = dbname
        out = subprocess.run([str(self.bindir / "psql"), "-v", "ON_ERROR_STOP=1", "-X", "-q", "-A", "-t", "-c", sql],
                             capture_output=True, text=True, env=env, timeout=120, check=False)
        if out.returncode != 0:
            raise RuntimeError(f"psql failed: {out.stderr.strip()}")
        return out.stdout

    def create_database(self, name: str, replace: bool = True) -> PostgresServer:
        """A new empty database on this server (dropped first when it exists); returns a server object for it."""
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
            raise ValueError(f"database name {name!r}: lower-case letters, digits and _ only")
        if replace:
            self.psql(f"drop database if exists {name} with (force)", dbname="postgres")
        self.psql(f"create database {name}", dbname="postgres")
        return PostgresServer(**{**self.__dict__, "dbname": name})


def _as(as_user: list[str], cmd: list[str]) -> list[str]:
    if as_user and as_user[0] == "su":
        return as_user + [shlex.join(cmd)]
    return as_user + cmd


def _run(cmd: list[str], as_user: list[str], **kwargs) -> subprocess.CompletedProcess:
    out = subprocess.run(_as(as_user, cmd), capture_output=True, text=True, check=False, **kwargs)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
    return out


def _service_account() -> list[str]:
    """How to run the server: as ourselves, or (as root, which initdb refuses) as an unprivileged user."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(SERVICE_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVICE_USER],
                       check=True, capture_output=True)
    if shutil.which("runuser"):
        return ["runuser", "-u", SERVICE_USER, "--"]
    return ["su", SERVICE_USER, "-s", "/bin/sh", "-c"]


@contextmanager
def running_postgres(dbname: str = DEFAULT_DBNAME, password: str = "leads-test",
                     extra_options: str = "") -> Iterator[PostgresServer]:
    """A private PostgreSQL server on 127.0.0.1 with an empty database `dbname`; stopped and removed after."""
    bindir = find_postgres_bindir()
    if bindir is None:
        raise PostgresUnavailable("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    as_user = _service_account()
    # Not under a 0700 root-owned temp folder: the server account must own its folder. Short, because a
    # Unix socket path has a ~100-character limit.
    base = Path(tempfile.mkdtemp(prefix="leads-pg-"))
    datadir, socket_dir = base / "data", base / "run"
    socket_dir.mkdir()
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    for key in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGDATA"):
        env.pop(key, None)
    started = False
    try:
        if as_user:
            account = pwd.getpwnam(SERVICE_USER)
            for path in (base, socket_dir):
                os.chown(path, account.pw_uid, account.pw_gid)
            os.chmod(base, 0o755)
        pwfile = base / "pwfile"
        pwfile.write_text(password + "\n")
        if as_user:
            os.chown(pwfile, pwd.getpwnam(SERVICE_USER).pw_uid, -1)
        pwfile.chmod(0o600)
        _run([str(bindir / "initdb"), "-D", str(datadir), "-U", SUPERUSER, "--pwfile", str(pwfile),
              "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--locale=C", "--no-sync"],
             as_user, env=env, timeout=180)
        pwfile.unlink()
        port = free_port()
        options = (f"-c listen_addresses=127.0.0.1 -p {port} -k {socket_dir} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c shared_buffers=64MB -c max_connections=40 "
                   f"-c TimeZone=UTC {extra_options}").strip()
        _run([str(bindir / "pg_ctl"), "-D", str(datadir), "-l", str(base / "server.log"), "-o", options,
              "-w", "-t", "60", "start"], as_user, env=env, timeout=120)
        started = True
        server = PostgresServer(host="127.0.0.1", port=port, user=SUPERUSER, password=password, dbname=dbname,
                                bindir=bindir, datadir=datadir, socket_dir=socket_dir, _as_user=as_user)
        server.psql(f"create database {dbname}", dbname="postgres")
        yield server
    finally:
        if started:
            subprocess.run(_as(as_user, [str(bindir / "pg_ctl"), "-D", str(datadir), "-m", "fast", "-w", "stop"]),
                           capture_output=True, env=env, timeout=60, check=False)
        shutil.rmtree(base, ignore_errors=True)
