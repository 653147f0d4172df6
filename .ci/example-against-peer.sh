#!/usr/bin/env bash
# Runs the start_id_mapping_job example against tests/sigv4_peer/server.py, a
# loopback server that verifies SigV4 signatures with botocore:
#
#   1. correct credentials and a workflow name with a space and a slash: the
#      example must print `jobId: <32 hex digits>` and exit with 0;
#   2. a wrong secret access key: the example must exit with 1 and report
#      InvalidSignatureException.
#
# Run it from anywhere in the repository: `bash .ci/example-against-peer.sh`.
# It needs python3 with the venv module, cargo, and access to PyPI the first
# time, to install botocore into ${INGOT_VENV:-target/ci-venv}. All
# credentials are fake, the shared AWS files are replaced by /dev/null, and
# every request goes to the peer on 127.0.0.1.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# A botocore 1.x release, pinned so that the peer's reference signer only
# changes on purpose.
BOTOCORE_VERSION=1.44.8
VENV=${INGOT_VENV:-target/ci-venv}
PEER_TIMEOUT_SECONDS=300
PEER_START_TIMEOUT_SECONDS=30

# Example credentials, valid nowhere. The peer accepts them because it is
# given the same values.
ACCESS_KEY_ID=AKIDEXAMPLE
SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
SESSION_TOKEN=FQoGZXIvYXdzEXAMPLE/session+token==
WRONG_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYWRONGKEY
REGION=us-west-2
WORKFLOW_NAME="my flow/1"

log() { echo "example against botocore peer: $*" >&2; }

# --- Python environment with the pinned botocore ---------------------------

if [[ ! -x "$VENV/bin/python" ]]; then
    if ! command -v python3 >/dev/null; then
        log "error: python3 not found on PATH; install Python 3 or set INGOT_VENV to a virtual environment"
        exit 1
    fi
    log "creating a Python virtual environment in $VENV"
    if ! python3 -m venv "$VENV"; then
        log "error: 'python3 -m venv $VENV' failed. Install Python's venv module" \
            "(on Debian and Ubuntu: the python3-venv package) or set INGOT_VENV" \
            "to an existing virtual environment."
        exit 1
    fi
fi
PYTHON="$VENV/bin/python"

installed_version=$("$PYTHON" -c 'import botocore; print(botocore.__version__)' 2>/dev/null || true)
if [[ "$installed_version" != "$BOTOCORE_VERSION" ]]; then
    log "installing botocore==$BOTOCORE_VERSION into $VENV"
    if ! "$PYTHON" -m pip install --quiet --disable-pip-version-check "botocore==$BOTOCORE_VERSION"; then
        log "error: installing botocore==$BOTOCORE_VERSION with pip failed; see pip's output above." \
            "If $VENV is a broken virtual environment, delete it and run this script again."
        exit 1
    fi
fi

# --- Build the example before the peer's timeout starts ---------------------

cargo build --quiet -p entityresolution --example start_id_mapping_job

# --- Start the peer -----------------------------------------------------------

work_dir=$(mktemp -d)
peer_pid=
cleanup() {
    if [[ -n "$peer_pid" ]] && kill -0 "$peer_pid" 2>/dev/null; then
        kill -TERM "$peer_pid" 2>/dev/null || true
        wait "$peer_pid" 2>/dev/null || true
    fi
    rm -rf "$work_dir"
}
trap cleanup EXIT

PEER_ACCESS_KEY_ID=$ACCESS_KEY_ID \
PEER_SECRET_ACCESS_KEY=$SECRET_ACCESS_KEY \
PEER_SESSION_TOKEN=$SESSION_TOKEN \
PEER_REGION=$REGION \
    "$PYTHON" tests/sigv4_peer/server.py --timeout "$PEER_TIMEOUT_SECONDS" \
    >"$work_dir/peer.out" 2>"$work_dir/peer.log" &
peer_pid=$!

endpoint=
for _ in $(seq $((PEER_START_TIMEOUT_SECONDS * 10))); do
    first_line=$(head -n 1 "$work_dir/peer.out")
    if [[ "$first_line" =~ ^listening\ on\ (http://127\.0\.0\.1:[0-9]+)$ ]]; then
        endpoint=${BASH_REMATCH[1]}
        break
    fi
    if ! kill -0 "$peer_pid" 2>/dev/null; then
        break
    fi
    sleep 0.1
done
if [[ -z "$endpoint" ]]; then
    log "error: the peer did not print its address within ${PEER_START_TIMEOUT_SECONDS} s. Its log:"
    cat "$work_dir/peer.log" >&2
    exit 1
fi
log "peer listening on $endpoint"

# --- Tests ------------------------------------------------------------------

passed=0
failed=0

# Runs the example with the fake credentials and SECRET as the secret access
# key, storing its exit code, stdout and stderr in example_status,
# example_stdout and example_stderr.
run_example() {
    local secret=$1
    example_status=0
    env -u AWS_PROFILE -u AWS_DEFAULT_PROFILE -u AWS_REGION -u AWS_DEFAULT_REGION \
        -u AWS_ENDPOINT_URL -u AWS_ENDPOINT_URL_ENTITYRESOLUTION \
        AWS_EC2_METADATA_DISABLED=true \
        AWS_CONFIG_FILE=/dev/null \
        AWS_SHARED_CREDENTIALS_FILE=/dev/null \
        AWS_ACCESS_KEY_ID="$ACCESS_KEY_ID" \
        AWS_SECRET_ACCESS_KEY="$secret" \
        AWS_SESSION_TOKEN="$SESSION_TOKEN" \
        cargo run --quiet -p entityresolution --example start_id_mapping_job -- \
        --workflow-name "$WORKFLOW_NAME" \
        --output-s3-path s3://example-bucket/id-mapping/output/ \
        --role-arn arn:aws:iam::123456789012:role/EntityResolutionExample \
        --region "$REGION" \
        --endpoint-url "$endpoint" \
        >"$work_dir/example.out" 2>"$work_dir/example.err" || example_status=$?
    example_stdout=$(cat "$work_dir/example.out")
    example_stderr=$(cat "$work_dir/example.err")
}

# Records a failed test and prints what the example and the peer printed.
fail() {
    failed=$((failed + 1))
    log "FAIL: $1"
    echo "--- exit code: $example_status" >&2
    echo "--- stdout:" >&2
    echo "$example_stdout" >&2
    echo "--- stderr:" >&2
    echo "$example_stderr" >&2
    echo "--- peer log:" >&2
    cat "$work_dir/peer.log" >&2
}

pass() {
    passed=$((passed + 1))
    log "ok: $1"
}

test_name="valid signature returns a job id"
run_example "$SECRET_ACCESS_KEY"
if [[ "$example_status" -ne 0 ]]; then
    fail "$test_name: expected exit code 0"
elif ! [[ "$example_stdout" =~ ^jobId:\ [0-9a-f]{32}$ ]]; then
    fail "$test_name: expected stdout to be exactly 'jobId: <32 hex digits>'"
else
    pass "$test_name"
fi

test_name="wrong secret key is rejected"
run_example "$WRONG_SECRET_ACCESS_KEY"
if [[ "$example_status" -ne 1 ]]; then
    fail "$test_name: expected exit code 1"
elif [[ "$example_stderr" != *InvalidSignatureException* ]]; then
    fail "$test_name: expected InvalidSignatureException on stderr"
elif [[ -n "$example_stdout" ]]; then
    fail "$test_name: expected nothing on stdout"
else
    pass "$test_name"
fi

echo "example against botocore peer: $passed passed, $failed failed"
[[ "$failed" -eq 0 ]]
