//! Access to the moto server the tests run against: where it is, a clean
//! state for each test, and the client configuration that points at it.

use std::io::Write as _;
use std::sync::Once;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use ingot_runtime::{Config, Credentials};
use tokio::net::TcpStream;
use tokio::sync::{Mutex, MutexGuard};

/// The environment variable that contains the moto server's base URL, such as
/// `http://127.0.0.1:5000`.
pub const ENDPOINT_VARIABLE: &str = "INGOT_MOTO_ENDPOINT";

/// The region every test uses; moto keeps one state per account and region.
pub const REGION: &str = "us-east-1";

/// The account moto uses when the credentials name none.
pub const ACCOUNT_ID: &str = "123456789012";

/// Serializes the tests of this binary: resetting moto clears the state of
/// every service, so no two tests may use the server at once.
static SERIAL: Mutex<()> = Mutex::const_new(());

/// A moto server with a clean state, reserved for one test until dropped.
pub struct Moto {
    endpoint: String,
    _serial: MutexGuard<'static, ()>,
}

impl Moto {
    /// Waits for the other tests to finish with the server, then clears its
    /// state.
    ///
    /// Returns `None` when `INGOT_MOTO_ENDPOINT` is unset, after printing one
    /// line (once per test binary) that tells how to run these tests.
    ///
    /// # Panics
    ///
    /// Panics when the variable is unset and `CI` is set, and when the server
    /// does not accept the reset.
    pub async fn fresh() -> Option<Moto> {
        let Some(endpoint) = std::env::var(ENDPOINT_VARIABLE)
            .ok()
            .filter(|v| !v.is_empty())
        else {
            if std::env::var_os("CI").is_some() {
                panic!("{ENDPOINT_VARIABLE} is not set; .ci/run starts moto with .ci/with-moto.sh and sets it");
            }
            static SKIPPED: Once = Once::new();
            SKIPPED.call_once(|| {
                // Written to the stderr handle, not with `eprintln!`, which
                // the test harness captures and hides for passing tests.
                let _ = writeln!(
                    std::io::stderr(),
                    "skipped the tests against moto: {ENDPOINT_VARIABLE} is not set; \
                     run `bash .ci/with-moto.sh cargo test -p ingot-tests --test moto` to run them"
                );
            });
            return None;
        };

        let serial = SERIAL.lock().await;
        let moto = Moto {
            endpoint: endpoint.trim_end_matches('/').to_string(),
            _serial: serial,
        };
        moto.control("/moto-api/reset", "").await;
        Some(moto)
    }

    /// Returns the server's base URL.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Returns a client configuration for the server: region `us-east-1`,
    /// fake static credentials and the server as the endpoint.
    pub fn config(&self) -> Config {
        Config::builder()
            .region(REGION)
            .credentials(Credentials::new("AKIDMOTOTESTS", "moto-test-secret", None))
            .endpoint_url(self.endpoint.clone())
            .build()
    }

    /// Posts `json` to one of moto's own control endpoints, such as
    /// `/moto-api/reset`, and returns the response body.
    ///
    /// # Panics
    ///
    /// Panics when the server cannot be reached or returns a status other
    /// than 200 or 201.
    pub async fn control(&self, path: &str, json: &str) -> String {
        let (status, body) = self
            .post(path, &[("content-type", "application/json")], json)
            .await;
        assert!(
            status == http::StatusCode::OK || status == http::StatusCode::CREATED,
            "POST {path} to moto returned {status}: {body}"
        );
        body
    }

    /// Sets whether moto's Lambda runs function code in Docker. Without
    /// Docker, an invocation returns its payload, or the next result queued
    /// with [`queue_lambda_results`](Self::queue_lambda_results). The
    /// setting outlives resets.
    pub async fn set_lambda_use_docker(&self, use_docker: bool) {
        let body = serde_json::json!({ "lambda": { "use_docker": use_docker } });
        self.control("/moto-api/config", &body.to_string()).await;
    }

    /// Queues the payloads that the next invocations return, in order.
    pub async fn queue_lambda_results(&self, results: &[&str]) {
        let body = serde_json::json!({ "results": results, "region": REGION });
        self.control("/moto-api/static/lambda-simple/response", &body.to_string())
            .await;
    }

    /// Creates IAM role `name`, which Lambda requires to exist, and returns
    /// its ARN.
    ///
    /// IAM speaks awsQuery, a protocol ingot does not generate, so this is a
    /// hand-written form request. moto reads the service from the
    /// credential scope of the `Authorization` header and checks no
    /// signature.
    pub async fn create_iam_role(&self, name: &str) -> String {
        let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
        let form = format!(
            "Action=CreateRole&Version=2010-05-08&RoleName={}&AssumeRolePolicyDocument={}",
            percent_encode(name),
            percent_encode(policy)
        );
        let authorization =
            "AWS4-HMAC-SHA256 Credential=AKIDMOTOTESTS/20240101/us-east-1/iam/aws4_request, \
                             SignedHeaders=host, Signature=0";
        let headers = [
            (
                "content-type",
                "application/x-www-form-urlencoded; charset=utf-8",
            ),
            ("authorization", authorization),
        ];
        let (status, body) = self.post("/", &headers, &form).await;
        assert_eq!(
            status,
            http::StatusCode::OK,
            "IAM CreateRole on moto failed: {body}"
        );
        format!("arn:aws:iam::{ACCOUNT_ID}:role/{name}")
    }

    /// Sends a POST request to the server and returns its status and body.
    async fn post(
        &self,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> (http::StatusCode, String) {
        let authority = self.endpoint.strip_prefix("http://").unwrap_or_else(|| {
            panic!(
                "{ENDPOINT_VARIABLE} must be an http:// URL, found {}",
                self.endpoint
            )
        });
        let stream = TcpStream::connect(authority).await.unwrap_or_else(|e| {
            panic!(
                "cannot connect to moto at {}: {e}; is moto_server running?",
                self.endpoint
            )
        });
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .expect("HTTP/1.1 handshake with moto");
        tokio::spawn(connection);

        let mut request = http::Request::post(path).header(http::header::HOST, authority);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request
            .body(Full::new(Bytes::from(body.to_string())))
            .expect("a valid request to moto");
        let response = sender
            .send_request(request)
            .await
            .unwrap_or_else(|e| panic!("POST {path} to moto failed: {e}"));
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("the response body from moto")
            .to_bytes();
        (status, String::from_utf8_lossy(&body).into_owned())
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters, for a
/// form value.
fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}
