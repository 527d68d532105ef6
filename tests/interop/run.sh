#!/usr/bin/env bash
# Interop tests: the official Python connectors (5.x universal driver and classic 4.x) against
# snowapi-emulator over real HTTP. Builds the emulator (debug), makes one venv per connector line
# under target/interop/ (re-used while its requirements file is unchanged), then runs
# tests/interop/test_connector.py with each, and test_core.py (snowflake.core over REST v2; the
# 4.x venv installs it, the file skips itself on 5.x).
#
#   tests/interop/run.sh            # both lines
#   tests/interop/run.sh 4 -k async # one line; extra arguments go to pytest
#   SNOWAPI_EMULATOR_BIN=path run.sh # test that binary instead of building one
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

lines=(5 4)
if [[ $# -gt 0 && ( "$1" == 4 || "$1" == 5 ) ]]; then
    lines=("$1")
    shift
fi

python="${PYTHON:-python3}"
out="$root/target/interop"
mkdir -p "$out"

if [[ -n "${SNOWAPI_EMULATOR_BIN:-}" ]]; then
    echo "==> using the emulator binary $SNOWAPI_EMULATOR_BIN"
else
    echo "==> building snowapi-emulator (debug)"
    cargo build -p snowapi-emulator --bin snowapi-emulator
    export SNOWAPI_EMULATOR_BIN="$root/target/debug/snowapi-emulator"
fi
export SNOWAPI_INTEROP_LOG_DIR="$out"

# Creates (or re-uses) target/interop/venv$1 from requirements-$1.txt.
make_venv() {
    local line="$1"
    local venv="$out/venv$line"
    local requirements="$here/requirements-$line.txt"
    local want
    want="$("$python" --version 2>&1) $(sha256sum "$requirements" | cut -d' ' -f1)"
    if [[ -x "$venv/bin/python" && -f "$venv/.requirements-hash" && "$(cat "$venv/.requirements-hash")" == "$want" ]]; then
        echo "==> venv$line is up to date"
        return
    fi
    echo "==> creating venv$line from $(basename "$requirements")"
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
    echo "$want" > "$venv/.requirements-hash"
}

for line in "${lines[@]}"; do
    make_venv "$line"
done

failed=()
for line in "${lines[@]}"; do
    echo "==> interop tests with snowflake-connector-python $line.x"
    # No bytecode or cache files in the work tree.
    if PYTHONDONTWRITEBYTECODE=1 "$out/venv$line/bin/python" -m pytest "$here" \
        -p no:cacheprovider -ra --durations=5 \
        --junitxml="$out/junit-$line.xml" "$@"; then
        :
    else
        rc=$?
        # Exit 5 = no test selected: a `-k` filter can match only tests of the other line (the
        # 5.x line skips test_core.py). Without a filter it stays a failure.
        if [[ $rc -eq 5 && $# -gt 0 ]]; then
            echo "==> no test selected with connector $line.x by: $*"
        else
            failed+=("$line.x")
        fi
    fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "==> interop tests FAILED with connector line(s): ${failed[*]} (emulator logs: $out/emulator-*.log)"
    exit 1
fi
echo "==> interop tests passed with connector line(s): ${lines[*]/%/.x}"
