"""P1: rows/s streaming a large four-column Arrow result from snowapi-emulator, snowapi-query
against the official Python connectors, in one run against one emulator process. Not run by CI;
a figure for the README / issues.

    python3 tests/interop/bench_stream.py [--rows 10000000] [--runs 2] [--skip-build]

Measures, against one release snowapi-emulator started here:
  * snowapi-query: `execute` then `QueryResult::arrow_stream()` to the end, checking every row
    (the `stream_throughput` example, release build);
  * connector 5.x and 4.x: `cursor.execute(sql)` then `cursor.fetch_arrow_all()`.
The statement is the same for all (ids, a float, a text, a boolean from GENERATOR). "execute"
is the first answer (the emulator runs the statement and encodes the chunks); "fetch" is
downloading and decoding every chunk, the client's own work, and the basis of the ratio.
Each client runs --runs times and its best run is kept.

Venvs: target/interop/venv4 and venv5 (made by run.sh, or here if missing).
The same file is the Python client when called with --client (run inside a connector venv).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_select1 import OUT, ROOT, HERE, ensure_venv, free_port, wait_for_port  # noqa: E402

USER, PASSWORD, ACCOUNT = "BENCH", "bench-pw", "SNOWAPI"


def sql(rows: int) -> str:
    # Keep in step with crates/snowapi-query/tests/stream_memory/stream_check.rs.
    return (
        "select seq8() as id, uniform(0::float, 1::float, random()) as f, "
        "'text ' || seq8() as s, seq8() % 7 = 0 as b "
        f"from table(generator(rowcount => {rows}))"
    )


def client(args) -> None:
    """Runs the statement --runs times; prints `RESULT rows execute_s fetch_s arrow_bytes` per run."""
    import pyarrow.compute as pc
    import snowflake.connector

    is_v5 = int(snowflake.connector.__version__.split(".")[0]) >= 5
    extra = {"enable_server_session_keep_alive_auto_detection": True} if is_v5 else {}
    conn = snowflake.connector.connect(
        host="127.0.0.1", port=args.port, protocol="http", account=args.account,
        user=args.user, password=args.password, **extra,
    )
    cur = conn.cursor()
    for _ in range(args.runs):
        started = time.perf_counter()
        cur.execute(sql(args.rows))
        executed = time.perf_counter()
        table = cur.fetch_arrow_all()
        fetched = time.perf_counter()
        rows = table.num_rows
        ids = pc.sum(table.column("ID")).as_py()
        assert rows == args.rows, f"{rows} rows"
        assert ids == args.rows * (args.rows - 1) // 2, f"id sum {ids}"
        print(f"RESULT {rows} {executed - started:.4f} {fetched - executed:.4f} {table.nbytes}", flush=True)
        del table
    conn.close()


def parse_results(text: str):
    runs = []
    for line in text.splitlines():
        if line.startswith("RESULT "):
            fields = line.split()
            runs.append((int(fields[1]), float(fields[2]), float(fields[3]), int(fields[4])))
    return runs


def report(label: str, runs) -> float | None:
    if not runs:
        print(f"{label:<16} FAILED")
        return None
    rows, execute, fetch, nbytes = min(runs, key=lambda r: r[2])
    mib = nbytes / (1 << 20)
    print(f"{label:<16} {rows / fetch:>12,.0f} rows/s  fetch {fetch:6.2f} s  {mib / fetch:7.1f} MiB/s "
          f"({mib:.0f} MiB of Arrow)  | execute {execute:6.2f} s, execute+fetch {rows / (execute + fetch):>10,.0f} rows/s  "
          f"[fetch of each run: {', '.join(f'{r[2]:.2f}' for r in runs)} s]")
    return rows / fetch


def run_python(label: str, python: str, port: int, args):
    done = subprocess.run(
        [python, os.path.abspath(__file__), "--client", "--port", str(port), "--rows", str(args.rows),
         "--runs", str(args.runs), "--account", ACCOUNT, "--user", USER, "--password", PASSWORD],
        capture_output=True, text=True,
    )
    if done.returncode != 0:
        print(f"{label}: FAILED\n{done.stderr[-2000:]}")
    return report(label, parse_results(done.stdout))


def orchestrate(args) -> None:
    os.makedirs(OUT, exist_ok=True)
    binary = args.binary or os.path.join(ROOT, "target", "release", "snowapi-emulator")
    example = os.path.join(ROOT, "target", "release", "examples", "stream_throughput")
    if not args.skip_build:
        subprocess.run(["cargo", "build", "--release", "-p", "snowapi-emulator", "--bin", "snowapi-emulator"],
                       cwd=ROOT, check=True)
        subprocess.run(["cargo", "build", "--release", "-p", "snowapi-query", "--example", "stream_throughput"],
                       cwd=ROOT, check=True)
    venv4 = ensure_venv("venv4", os.path.join(HERE, "requirements-4.txt"))
    venv5 = ensure_venv("venv5", os.path.join(HERE, "requirements-5.txt"))

    port = free_port()
    data_dir = tempfile.mkdtemp(prefix="snowapi-bench-")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "stdin": subprocess.DEVNULL}
    emulator = subprocess.Popen(
        [binary, "serve", "--port", str(port), "--data-dir", data_dir, "--account", ACCOUNT,
         "--user", USER, "--password", PASSWORD],
        env={**os.environ, "RUST_LOG": "warn"}, **quiet,
    )
    try:
        wait_for_port(port, emulator, "snowapi-emulator")
        print(f"{args.rows:,} rows x 4 columns (NUMBER, FLOAT, TEXT, BOOLEAN), best of {args.runs} run(s), "
              f"{os.cpu_count()} cores, emulator {binary} (a separate process)")
        done = subprocess.run(
            [example, "--rows", str(args.rows), "--runs", str(args.runs), "--url", f"http://127.0.0.1:{port}",
             "--account", ACCOUNT, "--user", USER, "--password", PASSWORD],
            capture_output=True, text=True,
        )
        if done.returncode != 0:
            print(f"snowapi-query: FAILED\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
        for line in done.stdout.splitlines():
            if line.startswith("run "):
                print(f"  snowapi-query {line}")
        rust = report("snowapi-query", parse_results(done.stdout))
        v5 = run_python("connector 5.x", venv5, port, args)
        v4 = run_python("connector 4.x", venv4, port, args)
        for label, other in (("5.x", v5), ("4.x", v4)):
            if rust and other:
                print(f"snowapi-query / connector {label}: {rust / other:.2f}x (fetch rows/s)")
    finally:
        emulator.terminate()
        try:
            emulator.wait(timeout=10)
        except subprocess.TimeoutExpired:
            emulator.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--skip-build", action="store_true", help="use the existing release binaries")
    parser.add_argument("--binary", help="emulator binary to measure against instead of the release build")
    parser.add_argument("--client", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--account", default=ACCOUNT, help=argparse.SUPPRESS)
    parser.add_argument("--user", default=USER, help=argparse.SUPPRESS)
    parser.add_argument("--password", default=PASSWORD, help=argparse.SUPPRESS)
    args = parser.parse_args()
    client(args) if args.client else orchestrate(args)


if __name__ == "__main__":
    main()
