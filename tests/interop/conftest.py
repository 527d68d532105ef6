"""Fixtures of the interop suite: one emulator process per pytest run, and connections to it.

The emulator binary comes from SNOWAPI_EMULATOR_BIN (set by run.sh). It is started on a free
loopback port with a fresh data directory, and killed when the session ends. Its output goes to
a log file next to the data directory so that a failing test can be diagnosed afterwards.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass

import pytest
import snowflake.connector

#: (major, minor, patch) of the installed connector.
CONNECTOR_VERSION = tuple(int(part) for part in snowflake.connector.__version__.split(".")[:3])
#: True for the 5.x "universal driver" line (a Rust core speaks HTTP), False for classic 4.x.
IS_V5 = CONNECTOR_VERSION[0] >= 5

USER = "INTEROP"
PASSWORD = "interop-pw"
ACCOUNT = "SNOWAPI"


@dataclass(frozen=True)
class EmulatorProcess:
    """Where the emulator listens and whom it lets in."""

    host: str
    port: int
    account: str
    user: str
    password: str
    log_path: str

    @property
    def url(self) -> str:
        """Base URL of the connector protocol."""
        return f"http://{self.host}:{self.port}"

    def connect_args(self, **overrides):
        """Arguments of snowflake.connector.connect() for this emulator (password login)."""
        args = {
            "host": self.host,
            "port": self.port,
            "protocol": "http",
            "account": self.account,
            "user": self.user,
            "password": self.password,
            # Fail fast instead of retrying for minutes when the emulator misbehaves.
            "login_timeout": 30,
            "network_timeout": 60,
        }
        args.update(overrides)
        return {k: v for k, v in args.items() if v is not None}

    def admin(self, path: str, body: dict | None = None, method: str = "POST") -> tuple[int, str]:
        """Calls an emulator admin endpoint (`/__emulator/...`); returns (status, body)."""
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(body or {}).encode(),
            headers={"Content-Type": "application/json"},
            method=method,
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def log_tail(self, lines: int = 40) -> str:
        """The last lines the emulator printed (for assertion messages)."""
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as log:
                return "".join(log.readlines()[-lines:])
        except OSError:
            return "<no emulator log>"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, log_path: str, deadline_s: float = 30) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            with open(log_path, encoding="utf-8", errors="replace") as log:
                raise RuntimeError(f"emulator exited with {process.returncode}:\n{log.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"emulator did not listen on port {port} within {deadline_s}s")


@pytest.fixture(scope="session")
def emulator():
    """Starts `snowapi-emulator serve` on a free port and yields an EmulatorProcess."""
    binary = os.environ.get("SNOWAPI_EMULATOR_BIN")
    if not binary or not os.path.exists(binary):
        pytest.exit(f"SNOWAPI_EMULATOR_BIN is not set to an emulator binary (got {binary!r})", returncode=3)
    workdir = tempfile.mkdtemp(prefix="snowapi-interop-")
    log_path = os.path.join(os.environ.get("SNOWAPI_INTEROP_LOG_DIR", workdir), f"emulator-{snowflake.connector.__version__}.log")
    port = _free_port()
    env = dict(os.environ)
    env.setdefault("RUST_LOG", "info")
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                binary, "serve", "--host", "127.0.0.1", "--port", str(port),
                "--data-dir", os.path.join(workdir, "data"), "--account", ACCOUNT,
                "--user", USER, "--password", PASSWORD,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
        )
    try:
        _wait_for_port(port, process, log_path)
        yield EmulatorProcess("127.0.0.1", port, ACCOUNT, USER, PASSWORD, log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(os.path.join(workdir, "data"), ignore_errors=True)


@pytest.fixture
def connect(emulator):
    """A factory of connections to the emulator; every connection it made is closed afterwards."""
    opened = []

    def make(**overrides):
        conn = snowflake.connector.connect(**emulator.connect_args(**overrides))
        opened.append(conn)
        return conn

    yield make
    for conn in opened:
        try:
            conn.close()
        except Exception:  # noqa: BLE001 - closing is best effort; the test already decided
            pass


@pytest.fixture
def conn(connect):
    """A password connection with default settings."""
    return connect()


@pytest.fixture
def faults(emulator):
    """Adds fault rules through `POST /__emulator/faults`; clears them all afterwards."""

    def add(**rule):
        status, body = emulator.admin("/__emulator/faults", rule)
        assert 200 <= status < 300, f"POST /__emulator/faults {rule} answered {status}: {body[:300]}"

    yield add
    emulator.admin("/__emulator/faults", method="DELETE")


@pytest.fixture
def scratch_db(conn, request):
    """A fresh database (and its PUBLIC schema) the connection is using; named after the test."""
    name = "IT_" + re.sub(r"[^A-Za-z0-9]", "_", request.node.name).upper()[:60]
    cur = conn.cursor()
    cur.execute(f"create or replace database {name}")
    cur.execute(f"use database {name}")
    cur.execute("use schema public")
    return name


def pytest_report_header(config):
    flavour = "universal driver (Rust core)" if IS_V5 else "classic pure-Python"
    return f"snowflake-connector-python {snowflake.connector.__version__}: {flavour}"
