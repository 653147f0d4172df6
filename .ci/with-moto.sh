#!/usr/bin/env bash
# Runs a command with a moto server on loopback, for the tests of the
# generated AWS clients against an independent AWS emulator
# (tests/tests/moto/):
#
#   bash .ci/with-moto.sh cargo test -p ingot-tests --test moto
#
# It installs the pinned moto[server] into ${INGOT_MOTO_VENV:-target/moto-venv}
# the first time (this needs python3 with the venv module and access to
# PyPI), starts moto_server on 127.0.0.1 with a free port, exports its URL
# as INGOT_MOTO_ENDPOINT, runs the command, and stops the server when the
# command ends. The exit code is the command's.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# A moto 5.x release, pinned so that the emulator only changes on purpose;
# the tests note the places where this version differs from AWS.
MOTO_VERSION=5.2.5
VENV=${INGOT_MOTO_VENV:-target/moto-venv}
START_TIMEOUT_SECONDS=60

log() { echo "with-moto: $*" >&2; }

if [[ $# -eq 0 ]]; then
    log "usage: bash .ci/with-moto.sh COMMAND [ARGUMENT]..."
    exit 2
fi

# --- Python environment with the pinned moto -------------------------------

if [[ ! -x "$VENV/bin/python" ]]; then
    if ! command -v python3 >/dev/null; then
        log "error: python3 not found on PATH; install Python 3 or set INGOT_MOTO_VENV to a virtual environment"
        exit 1
    fi
    log "creating a Python virtual environment in $VENV"
    if ! python3 -m venv "$VENV"; then
        log "error: 'python3 -m venv $VENV' failed. Install Python's venv module" \
            "(on Debian and Ubuntu: the python3-venv package) or set INGOT_MOTO_VENV" \
            "to an existing virtual environment."
        exit 1
    fi
fi
PYTHON="$VENV/bin/python"

installed_version=$("$PYTHON" -c 'import importlib.metadata as m; print(m.version("moto"))' 2>/dev/null || true)
if [[ "$installed_version" != "$MOTO_VERSION" ]] || [[ ! -x "$VENV/bin/moto_server" ]]; then
    log "installing moto[server]==$MOTO_VERSION into $VENV"
    if ! "$PYTHON" -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"; then
        log "error: installing moto[server]==$MOTO_VERSION with pip failed; see pip's output above." \
            "If $VENV is a broken virtual environment, delete it and run this script again."
        exit 1
    fi
fi

# --- Start the server ---------------------------------------------------------

work_dir=$(mktemp -d)
server_pid=
cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work_dir"
}
trap cleanup EXIT

# Port 0 lets the system pick a free port, and moto_server prints the
# address it listens on. The log exists before the server starts, so the
# loop below can read it at once.
: >"$work_dir/moto.log"
"$VENV/bin/moto_server" -H 127.0.0.1 -p 0 >"$work_dir/moto.log" 2>&1 &
server_pid=$!

endpoint=
for _ in $(seq $((START_TIMEOUT_SECONDS * 10))); do
    if [[ "$(cat "$work_dir/moto.log")" =~ Running\ on\ (http://127\.0\.0\.1:[0-9]+) ]]; then
        endpoint=${BASH_REMATCH[1]}
        break
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
        break
    fi
    sleep 0.1
done
if [[ -z "$endpoint" ]]; then
    log "error: moto_server did not print its address within ${START_TIMEOUT_SECONDS} s. Its log:"
    cat "$work_dir/moto.log" >&2
    exit 1
fi

# moto_server prints the address before it accepts requests, so wait
# until its own API responds.
ready=
for _ in $(seq $((START_TIMEOUT_SECONDS * 10))); do
    if "$PYTHON" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1] + "/moto-api/data.json", timeout=2)' \
        "$endpoint" 2>/dev/null; then
        ready=1
        break
    fi
    sleep 0.1
done
if [[ -z "$ready" ]]; then
    log "error: moto_server at $endpoint did not respond within ${START_TIMEOUT_SECONDS} s. Its log:"
    cat "$work_dir/moto.log" >&2
    exit 1
fi
log "moto $MOTO_VERSION listening on $endpoint"

# --- Run the command ----------------------------------------------------------

status=0
INGOT_MOTO_ENDPOINT=$endpoint "$@" || status=$?
if [[ "$status" -ne 0 ]]; then
    log "the command failed with exit code $status; the last lines of moto's log:"
    tail -n 40 "$work_dir/moto.log" >&2
fi
exit "$status"
