"""`select 1` round trips per second (execute + fetchall), official connectors against servers on
this machine. Not run by CI; a figure for the README / issues.

    python3 tests/interop/bench_select1.py [--rounds 2000] [--skip-build]

Measures, in one run on the same machine:
  * connector 4.x -> snowapi-emulator (release build)
  * connector 4.x -> fakesnow's server mode (`python -m fakesnow -s --port N`)
  * connector 5.x -> snowapi-emulator (release build)
(5.x cannot log in to fakesnow: its login reply has no masterToken/sessionId.)

Venvs: target/interop/venv4 and venv5 (made by run.sh, or here if missing) and
target/interop/venv-fakesnow (requirements-fakesnow.txt).
The same file is the client loop when called with --client (run inside a connector venv).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "target", "interop")
USER, PASSWORD, ACCOUNT = "BENCH", "bench-pw", "SNOWAPI"


def client(args) -> None:
    """The measured loop; prints one line `rounds seconds`."""
    import snowflake.connector

    is_v5 = int(snowflake.connector.__version__.split(".")[0]) >= 5
    # 5.x warns on every connect unless this is explicit; 4.x does not know the argument.
    extra = {"enable_server_session_keep_alive_auto_detection": True} if is_v5 else {}
    conn = snowflake.connector.connect(
        host="127.0.0.1", port=args.port, protocol="http", account=args.account,
        user=args.user, password=args.password, **extra,
    )
    cur = conn.cursor()
    for _ in range(max(20, args.rounds // 20)):  # warm-up: connections, caches, JIT-free paths
        cur.execute("select 1")
        cur.fetchall()
    started = time.perf_counter()
    for _ in range(args.rounds):
        cur.execute("select 1")
        assert cur.fetchall() == [(1,)]
    elapsed = time.perf_counter() - started
    conn.close()
    print(f"{args.rounds} {elapsed:.6f}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, name: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{name} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"{name} did not listen on {port}")


def ensure_venv(name: str, requirements: str) -> str:
    venv = os.path.join(OUT, name)
    marker = os.path.join(venv, ".requirements-hash")
    with open(requirements, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    python_version = subprocess.run(
        [sys.executable, "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    want = f"{python_version} {digest}"
    python = os.path.join(venv, "bin", "python")
    if os.path.exists(python) and os.path.exists(marker) and open(marker).read().strip() == want:
        return python
    print(f"==> creating {name}", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", "--clear", venv], check=True)
    subprocess.run([python, "-m", "pip", "install", "--quiet", "-r", requirements], check=True)
    with open(marker, "w") as f:
        f.write(want + "\n")
    return python


def measure(label: str, python: str, port: int, rounds: int, account: str, user: str, password: str):
    done = subprocess.run(
        [python, os.path.abspath(__file__), "--client", "--port", str(port), "--rounds", str(rounds),
         "--account", account, "--user", user, "--password", password],
        capture_output=True, text=True,
    )
    if done.returncode != 0:
        print(f"{label}: FAILED\n{done.stderr[-2000:]}")
        return None
    count, seconds = done.stdout.split()[-2:]
    rate = int(count) / float(seconds)
    print(f"{label:<44} {rate:8.0f} round trips/s  ({1000 / rate:.2f} ms each, {count} rounds)")
    return rate


def orchestrate(args) -> None:
    os.makedirs(OUT, exist_ok=True)
    binary = args.binary or os.path.join(ROOT, "target", "release", "snowapi-emulator")
    if not args.skip_build and not args.binary:
        subprocess.run(
            ["cargo", "build", "--release", "-p", "snowapi-emulator", "--bin", "snowapi-emulator"],
            cwd=ROOT, check=True,
        )
    venv4 = ensure_venv("venv4", os.path.join(HERE, "requirements-4.txt"))
    venv5 = ensure_venv("venv5", os.path.join(HERE, "requirements-5.txt"))
    venv_fs = ensure_venv("venv-fakesnow", os.path.join(HERE, "requirements-fakesnow.txt"))

    emulator_port, fakesnow_port = free_port(), free_port()
    data_dir = tempfile.mkdtemp(prefix="snowapi-bench-")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "stdin": subprocess.DEVNULL}
    emulator = subprocess.Popen(
        [binary, "serve", "--port", str(emulator_port), "--data-dir", data_dir, "--account", ACCOUNT,
         "--user", USER, "--password", PASSWORD],
        env={**os.environ, "RUST_LOG": "warn"}, **quiet,
    )
    fakesnow = subprocess.Popen([venv_fs, "-m", "fakesnow", "-s", "--port", str(fakesnow_port)], **quiet)
    try:
        wait_for_port(emulator_port, emulator, "snowapi-emulator")
        wait_for_port(fakesnow_port, fakesnow, "fakesnow")
        print(f"select 1 + fetchall, {args.rounds} rounds each, one connection, {os.cpu_count()} cores, "
              f"emulator {binary}")
        measure("4.x -> snowapi-emulator", venv4, emulator_port, args.rounds, ACCOUNT, USER, PASSWORD)
        measure("4.x -> fakesnow server", venv_fs, fakesnow_port, args.rounds, "fakesnow", "fake", "snow")
        measure("5.x -> snowapi-emulator", venv5, emulator_port, args.rounds, ACCOUNT, USER, PASSWORD)
    finally:
        for process in (emulator, fakesnow):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2000)
    parser.add_argument("--skip-build", action="store_true", help="use the existing release binary")
    parser.add_argument("--binary", help="emulator binary to measure instead of the release build")
    parser.add_argument("--client", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--account", default=ACCOUNT, help=argparse.SUPPRESS)
    parser.add_argument("--user", default=USER, help=argparse.SUPPRESS)
    parser.add_argument("--password", default=PASSWORD, help=argparse.SUPPRESS)
    args = parser.parse_args()
    client(args) if args.client else orchestrate(args)


if __name__ == "__main__":
    main()
