#!/usr/bin/env python3
"""A loopback stand-in for AWS Entity Resolution that checks SigV4 with botocore.

The server handles `POST /idmappingworkflows/<workflowName>/jobs`
(StartIdMappingJob). For each request it rebuilds the request from what
arrived: the method, the path as received, the headers listed in
SignedHeaders and the body. It signs that request with botocore's `SigV4Auth`
at the request's own X-Amz-Date and compares the result with the request's
Authorization header.
A match returns 200 with a new job id. A mismatch returns 403
InvalidSignatureException, and its message shows botocore's canonical request
and string to sign, with the session token redacted.

Configuration comes from environment variables:

    PEER_ACCESS_KEY_ID      access key id that the client must use
    PEER_SECRET_ACCESS_KEY  secret access key that the peer verifies with
    PEER_SESSION_TOKEN      optional session token that the client must send
    PEER_REGION             region of the credential scope, such as us-west-2

The first line on stdout is `listening on http://127.0.0.1:PORT`. The server
listens on 127.0.0.1 only and stops on SIGTERM or SIGINT, or after
`--timeout` seconds. Requests and errors are logged on stderr. Secrets are
never logged.

Usage: python3 server.py [--timeout SECONDS] [--max-clock-skew SECONDS]
"""

import argparse
import datetime
import hashlib
import hmac
import json
import logging
import os
import re
import signal
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

try:
    import botocore
    from botocore.auth import SIGNED_HEADERS_BLACKLIST, SIGV4_TIMESTAMP, SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
except ImportError as error:
    sys.stderr.write(
        f"error: botocore is not importable ({error}); install it into this "
        "Python with `python3 -m pip install botocore`\n"
    )
    sys.exit(2)

SERVICE = "entityresolution"
ALGORITHM = "AWS4-HMAC-SHA256"
ROUTE = re.compile(r"^/idmappingworkflows/(?P<label>[^/]+)/jobs$")
MAX_BODY_BYTES = 1024 * 1024

log = logging.getLogger("sigv4_peer")


class PeerConfig:
    """Credentials and region that the peer expects, and its clock limit."""

    def __init__(self, access_key_id, secret_access_key, session_token, region, max_clock_skew):
        self.access_key_id = access_key_id
        self.secret_access_key = secret_access_key
        self.session_token = session_token
        self.region = region
        self.max_clock_skew = max_clock_skew


class Rejection(Exception):
    """A request that fails verification, with the AWS error to return."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def parse_authorization(value):
    """Parse `AWS4-HMAC-SHA256 Credential=.., SignedHeaders=.., Signature=..`.

    Returns the credential, the signed-headers list and the signature.
    """
    algorithm, _, rest = value.strip().partition(" ")
    if algorithm != ALGORITHM:
        raise Rejection(
            400,
            "IncompleteSignatureException",
            f"unsupported Authorization algorithm {algorithm!r}: expected {ALGORITHM}",
        )
    fields = {}
    for part in rest.split(","):
        name, separator, field_value = part.strip().partition("=")
        if separator:
            fields[name] = field_value
    missing = [
        name for name in ("Credential", "SignedHeaders", "Signature") if not fields.get(name)
    ]
    if missing:
        raise Rejection(
            400,
            "IncompleteSignatureException",
            f"the Authorization header is missing {', '.join(missing)}",
        )
    return fields["Credential"], fields["SignedHeaders"], fields["Signature"]


def check_timestamp(amz_date, config, now):
    """Reject an X-Amz-Date that is malformed or too far from `now`.

    The default of --max-clock-skew, five minutes, is the limit that the IAM
    User Guide gives for most services (page reference_aws-signing.html).
    """
    try:
        signed_at = datetime.datetime.strptime(amz_date, SIGV4_TIMESTAMP)
    except ValueError:
        raise Rejection(
            400,
            "IncompleteSignatureException",
            f"invalid X-Amz-Date {amz_date!r}: expected the form 20260102T030405Z",
        ) from None
    skew = abs((now - signed_at).total_seconds())
    if skew > config.max_clock_skew:
        raise Rejection(
            403,
            "InvalidSignatureException",
            f"Signature expired: X-Amz-Date {amz_date} is {skew:.0f} s away from the "
            f"peer's clock {now.strftime(SIGV4_TIMESTAMP)}, more than the "
            f"{config.max_clock_skew} s allowed",
        )


def check_scope(credential, amz_date, config):
    """Check the access key id and the credential scope against the peer's."""
    parts = credential.split("/")
    if len(parts) != 5:
        raise Rejection(
            400,
            "IncompleteSignatureException",
            f"invalid Credential {credential!r}: expected ACCESS_KEY_ID/DATE/REGION/SERVICE/aws4_request",
        )
    access_key_id, date, region, service, terminator = parts
    if access_key_id != config.access_key_id:
        raise Rejection(
            403,
            "UnrecognizedClientException",
            f"unknown access key id {access_key_id!r}: expected PEER_ACCESS_KEY_ID",
        )
    expected_scope = f"{amz_date[:8]}/{config.region}/{SERVICE}/aws4_request"
    scope = f"{date}/{region}/{service}/{terminator}"
    if scope != expected_scope:
        raise Rejection(
            403,
            "InvalidSignatureException",
            f"invalid credential scope {scope!r}: expected {expected_scope!r}",
        )


def check_session_token(header_pairs, config):
    """Require exactly the peer's session token, or none when it has none."""
    tokens = [value for name, value in header_pairs if name.lower() == "x-amz-security-token"]
    if config.session_token is None:
        if tokens:
            raise Rejection(
                403,
                "UnrecognizedClientException",
                "unexpected X-Amz-Security-Token: PEER_SESSION_TOKEN is not set",
            )
        return
    if len(tokens) != 1 or not hmac.compare_digest(
        tokens[0].encode(), config.session_token.encode()
    ):
        raise Rejection(
            403,
            "UnrecognizedClientException",
            "invalid session token: X-Amz-Security-Token is missing, repeated or "
            "differs from PEER_SESSION_TOKEN",
        )


def check_payload_hash(header_pairs, body):
    """Compare a sent x-amz-content-sha256 with the body.

    botocore signs the header's value as the payload hash without hashing the
    body, so without this check a wrong hash would pass unnoticed.
    """
    for name, value in header_pairs:
        if name.lower() == "x-amz-content-sha256" and value != hashlib.sha256(body).hexdigest():
            raise Rejection(
                403,
                "InvalidSignatureException",
                f"x-amz-content-sha256 {value!r} is not the SHA-256 hash of the request body",
            )


def redact_session_token(canonical_request, session_token):
    if not session_token:
        return canonical_request
    return canonical_request.replace(session_token, "<redacted session token>")


def check_signed_headers(signed_headers, header_pairs):
    """Check the SignedHeaders list against the request and return its names."""
    listed = signed_headers.split(";")
    received_names = {name.lower() for name, _ in header_pairs}
    for required in ("host", "x-amz-date"):
        if required not in listed:
            raise Rejection(
                403,
                "InvalidSignatureException",
                f"SignedHeaders {signed_headers!r} must include {required!r}",
            )
    for name in listed:
        if name not in received_names:
            raise Rejection(
                403,
                "InvalidSignatureException",
                f"SignedHeaders lists {name!r}, which the request does not carry",
            )
        if name in SIGNED_HEADERS_BLACKLIST:
            raise Rejection(
                403,
                "InvalidSignatureException",
                f"SignedHeaders lists {name!r}, which botocore never signs, "
                "so the peer cannot verify it",
            )
    return listed


def sign_with_botocore(method, raw_path, header_pairs, listed, body, amz_date, config):
    """Sign the rebuilt request with botocore at `amz_date`.

    Returns the canonical request, the string to sign, the signature and the
    signed-headers list that botocore computed.
    """
    # Header order is kept, so a repeated header reaches botocore with its
    # values in the order received.
    host = next(value for name, value in header_pairs if name.lower() == "host")
    request = AWSRequest(method=method, url=f"http://{host}{raw_path}", data=body)
    for name, value in header_pairs:
        if name.lower() in listed:
            request.headers[name] = value

    # SigV4Auth.add_auth takes the time from botocore.compat.get_current_datetime
    # and overwrites the headers it sets. The signing steps below read the time
    # from request.context["timestamp"] instead, the key that AWSRequest
    # documents for it, so no clock needs patching.
    request.context["timestamp"] = amz_date
    signer = SigV4Auth(
        Credentials(config.access_key_id, config.secret_access_key, config.session_token),
        SERVICE,
        config.region,
    )
    canonical_request = signer.canonical_request(request)
    string_to_sign = signer.string_to_sign(request, canonical_request)
    signature = signer.signature(string_to_sign, request)
    signed_headers = signer.signed_headers(signer.headers_to_sign(request))
    return canonical_request, string_to_sign, signature, signed_headers


def verify_signature(method, raw_path, header_pairs, body, config, now):
    """Verify the SigV4 Authorization header of a request.

    `raw_path` is the request target as received, still percent-encoded, and
    `header_pairs` the received headers in order. Raises Rejection on failure.
    """
    authorizations = [value for name, value in header_pairs if name.lower() == "authorization"]
    if not authorizations:
        raise Rejection(
            403, "MissingAuthenticationTokenException", "the request has no Authorization header"
        )
    if len(authorizations) > 1:
        raise Rejection(400, "IncompleteSignatureException", "more than one Authorization header")
    credential, signed_headers, signature = parse_authorization(authorizations[0])

    amz_dates = [value for name, value in header_pairs if name.lower() == "x-amz-date"]
    if len(amz_dates) != 1:
        raise Rejection(
            400,
            "IncompleteSignatureException",
            f"expected one X-Amz-Date header, found {len(amz_dates)}",
        )
    amz_date = amz_dates[0].strip()
    check_timestamp(amz_date, config, now)
    check_scope(credential, amz_date, config)
    check_session_token(header_pairs, config)
    check_payload_hash(header_pairs, body)

    listed = check_signed_headers(signed_headers, header_pairs)
    canonical_request, string_to_sign, expected_signature, expected_signed_headers = (
        sign_with_botocore(method, raw_path, header_pairs, listed, body, amz_date, config)
    )

    if expected_signed_headers != signed_headers:
        problem = (
            f"SignedHeaders {signed_headers!r} differs from {expected_signed_headers!r}, "
            "the sorted, lower-case list that botocore builds from the same headers."
        )
    elif not hmac.compare_digest(expected_signature.encode(), signature.lower().encode()):
        problem = "The signature that botocore calculated differs from the one in the Authorization header."
    else:
        return
    raise Rejection(
        403,
        "InvalidSignatureException",
        f"{problem} Check the secret access key and the signing method.\n"
        f"Canonical request (botocore {botocore.__version__}):\n"
        f"{redact_session_token(canonical_request, config.session_token)}\n"
        f"String to sign:\n{string_to_sign}",
    )


def received_header_pairs(headers):
    """Decode the received headers into (name, value) pairs, in order.

    http.server decodes header bytes as ISO-8859-1. Values that are valid
    UTF-8 are decoded as UTF-8 instead, so that botocore hashes the bytes that
    the client sent.
    """
    pairs = []
    for name, value in headers.items():
        raw = value.encode("iso-8859-1")
        try:
            value = raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        pairs.append((name, value))
    return pairs


class PeerHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "sigv4-peer"

    def do_POST(self):
        self.handle_request()

    def do_GET(self):
        self.handle_request()

    def do_PUT(self):
        self.handle_request()

    def do_DELETE(self):
        self.handle_request()

    def do_PATCH(self):
        self.handle_request()

    def handle_request(self):
        request_id = str(uuid.uuid4())
        try:
            body = self.read_body()
            workflow_name = self.route()
            verify_signature(
                self.command,
                self.path,
                received_header_pairs(self.headers),
                body,
                self.server.peer_config,
                datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None),
            )
            response = start_id_mapping_job(body)
        except Rejection as rejection:
            log.info(
                "%s %s -> %d %s (request id %s): %s",
                self.command,
                self.path,
                rejection.status,
                rejection.code,
                request_id,
                rejection.message.splitlines()[0],
            )
            self.send_json(
                rejection.status,
                {"message": rejection.message},
                request_id,
                error_type=rejection.code,
            )
            return
        except Exception:
            log.exception(
                "%s %s -> 500 InternalFailure (request id %s)", self.command, self.path, request_id
            )
            self.close_connection = True
            self.send_json(
                500,
                {"message": "the peer failed to handle the request; see its log"},
                request_id,
                error_type="InternalFailure",
            )
            return
        log.info(
            "%s %s -> 200 workflow %r, jobId %s (request id %s)",
            self.command,
            self.path,
            workflow_name,
            response["jobId"],
            request_id,
        )
        self.send_json(200, response, request_id)

    def read_body(self):
        if "Transfer-Encoding" in self.headers:
            self.close_connection = True
            raise Rejection(
                411,
                "LengthRequiredException",
                "Transfer-Encoding is not supported: send Content-Length",
            )
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            self.close_connection = True
            raise Rejection(400, "BadRequestException", "invalid Content-Length") from None
        if length < 0 or length > MAX_BODY_BYTES:
            self.close_connection = True
            raise Rejection(
                413,
                "RequestEntityTooLargeException",
                f"Content-Length {length} is outside 0..{MAX_BODY_BYTES}",
            )
        return self.rfile.read(length)

    def route(self):
        """Match the StartIdMappingJob route and return the decoded workflow name."""
        match = ROUTE.match(urlsplit(self.path).path)
        if self.command != "POST" or match is None:
            raise Rejection(
                404,
                "UnknownOperationException",
                f"no operation for {self.command} {self.path}: the peer serves only "
                "POST /idmappingworkflows/{workflowName}/jobs",
            )
        return unquote(match.group("label"))

    def send_json(self, status, document, request_id, error_type=None):
        payload = json.dumps(document).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("x-amzn-requestid", request_id)
        if error_type is not None:
            self.send_header("x-amzn-errortype", error_type)
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):
        # Sends http.server's own messages, such as malformed request lines,
        # to the log.
        log.info("%s: %s", self.address_string(), format % args)

    def log_request(self, code="-", size="-"):
        # handle_request logs each request with its outcome, so http.server's
        # access line would only repeat it.
        pass


def start_id_mapping_job(body):
    """Build the StartIdMappingJob output for a verified request body."""
    try:
        document = json.loads(body or b"{}")
    except ValueError as error:
        raise Rejection(
            400, "SerializationException", f"the request body is not valid JSON: {error}"
        ) from None
    if not isinstance(document, dict):
        raise Rejection(400, "SerializationException", "the request body must be a JSON object")
    response = {"jobId": uuid.uuid4().hex}
    if "outputSourceConfig" in document:
        output_source_config = document["outputSourceConfig"]
        if not isinstance(output_source_config, list):
            raise Rejection(400, "ValidationException", "outputSourceConfig must be a list")
        response["outputSourceConfig"] = output_source_config
    return response


def read_peer_config(max_clock_skew):
    missing = [
        name
        for name in ("PEER_ACCESS_KEY_ID", "PEER_SECRET_ACCESS_KEY", "PEER_REGION")
        if not os.environ.get(name)
    ]
    if missing:
        sys.stderr.write(
            f"error: missing environment variable(s) {', '.join(missing)}: set the "
            "credentials and the region that the peer verifies signatures with\n"
        )
        sys.exit(2)
    return PeerConfig(
        os.environ["PEER_ACCESS_KEY_ID"],
        os.environ["PEER_SECRET_ACCESS_KEY"],
        os.environ.get("PEER_SESSION_TOKEN") or None,
        os.environ["PEER_REGION"],
        max_clock_skew,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--timeout",
        type=float,
        default=300,
        help="seconds after which the server stops by itself (default: 300)",
    )
    parser.add_argument(
        "--max-clock-skew",
        type=int,
        default=300,
        help="maximum difference in seconds between X-Amz-Date and the peer's clock (default: 300)",
    )
    arguments = parser.parse_args()
    if arguments.timeout <= 0 or arguments.max_clock_skew < 0:
        parser.error("--timeout must be positive and --max-clock-skew must not be negative")
    logging.basicConfig(
        stream=sys.stderr, level=logging.INFO, format="sigv4 peer: %(asctime)s %(message)s"
    )
    config = read_peer_config(arguments.max_clock_skew)

    server = ThreadingHTTPServer(("127.0.0.1", 0), PeerHandler)
    server.daemon_threads = True
    server.peer_config = config
    stop = threading.Event()
    stop_reason = ["timeout"]

    def request_stop(signal_number, _frame):
        stop_reason[0] = signal.Signals(signal_number).name
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)

    serving = threading.Thread(target=server.serve_forever, name="serve", daemon=True)
    serving.start()
    port = server.server_address[1]
    print(f"listening on http://127.0.0.1:{port}", flush=True)
    log.info(
        "started on port %d with botocore %s, access key id %s, region %s, session token %s; stopping after %g s",
        port,
        botocore.__version__,
        config.access_key_id,
        config.region,
        "set" if config.session_token else "not set",
        arguments.timeout,
    )

    stop.wait(arguments.timeout)
    server.shutdown()
    server.server_close()
    log.info("stopped (%s)", stop_reason[0])


if __name__ == "__main__":
    main()
