//! The runtime's `tracing` output at the most verbose level: spans per
//! operation and attempt with their fields, retry events, and no secret
//! key, session token or signature anywhere in it.

#[path = "../../runtime/tests/support/loopback.rs"]
mod loopback;

use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

use entityresolution::{Client, Config, Credentials};
use ingot_runtime::date_time::{DateTime, TimestampFormat};
use ingot_runtime::env::Env;
use ingot_runtime::RetryConfig;
use loopback::{Loopback, Reply};
use tracing::field::{Field, Visit};
use tracing::level_filters::LevelFilter;
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const SECRET_KEY: &str = "SECRETKEY-wJalrXUtnFEMIK7MDENGbPxRfiCY";
const SESSION_TOKEN: &str = "SESSIONTOKEN-IQoJb3JpZ2luX2VjEJr";
const FETCHED_SECRET: &str = "FETCHEDSECRET-9f8e7d6c5b4a";
const FETCHED_TOKEN: &str = "FETCHEDTOKEN-0a1b2c3d4e5f";

/// A subscriber that accepts every span and event at every level and keeps
/// them as text lines: names, targets and every field value.
struct Capture {
    next_id: AtomicU64,
    lines: Arc<Mutex<Vec<String>>>,
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl Capture {
    fn push(&self, line: String) {
        self.lines.lock().expect("lines").push(line);
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn max_level_hint(&self) -> Option<LevelFilter> {
        Some(LevelFilter::TRACE)
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        let mut line = format!("span {} {id}:", attributes.metadata().name());
        attributes.record(&mut Fields(&mut line));
        self.push(line);
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut line = format!("record {}:", span.into_u64());
        values.record(&mut Fields(&mut line));
        self.push(line);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let metadata = event.metadata();
        let mut line = format!("event {} {}:", metadata.level(), metadata.target());
        event.record(&mut Fields(&mut line));
        self.push(line);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// Installs the capture for the whole test binary and returns its lines.
fn captured() -> Arc<Mutex<Vec<String>>> {
    static LINES: OnceLock<Arc<Mutex<Vec<String>>>> = OnceLock::new();
    LINES
        .get_or_init(|| {
            let lines = Arc::new(Mutex::new(Vec::new()));
            let capture = Capture {
                next_id: AtomicU64::new(0),
                lines: lines.clone(),
            };
            tracing::subscriber::set_global_default(capture)
                .expect("no other subscriber is installed");
            lines
        })
        .clone()
}

fn signature(authorization: &str) -> String {
    authorization
        .split("Signature=")
        .nth(1)
        .expect("a signature")
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verbose_output_has_spans_and_no_secrets() {
    let lines = captured();
    let fast = RetryConfig::standard().with_initial_backoff(Duration::from_millis(1));

    // A retried call and a failed one, signed with static keys.
    let server = Loopback::script(vec![
        Reply::json(503, r#"{"message":"busy"}"#),
        Reply::json(200, r#"{"jobId":"job-1"}"#).with_header("x-amzn-requestid", "req-success-1"),
        Reply::error(400, "ValidationException").with_header("x-amzn-requestid", "req-failure-2"),
    ])
    .await;
    let config = Config::builder()
        .region("us-west-2")
        .credentials(Credentials::new(
            "AKIDSTATIC",
            SECRET_KEY,
            Some(SESSION_TOKEN.to_owned()),
        ))
        .endpoint_url(server.url())
        .retry_config(fast)
        .build();
    let client = Client::new(&config);
    client
        .start_id_mapping_job()
        .workflow_name("flow")
        .send()
        .await
        .expect("the retry succeeds");
    client
        .start_id_mapping_job()
        .workflow_name("flow")
        .send()
        .await
        .expect_err("a validation error");

    // A call signed with credentials fetched from a container endpoint.
    let expiration = DateTime::from(SystemTime::now() + Duration::from_secs(3600))
        .format(TimestampFormat::DateTime);
    let container = Loopback::start(move |_, _| {
        Reply::json(
            200,
            &format!(r#"{{"AccessKeyId":"ASIAFETCHED","SecretAccessKey":"{FETCHED_SECRET}","Token":"{FETCHED_TOKEN}","Expiration":"{expiration}"}}"#),
        )
    })
    .await;
    let fetched_server = Loopback::script(vec![Reply::json(200, r#"{"jobId":"job-2"}"#)]).await;
    let env = Env::from_pairs([
        ("AWS_REGION", "us-west-2".to_owned()),
        ("AWS_CONFIG_FILE", "/nonexistent/ingot/config".to_owned()),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/ingot/credentials".to_owned(),
        ),
        ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
        (
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            format!("{}/creds", container.url()),
        ),
        (
            "AWS_CONTAINER_AUTHORIZATION_TOKEN",
            "container-auth-token-secret".to_owned(),
        ),
        ("AWS_ENDPOINT_URL", fetched_server.url()),
    ]);
    let fetched_client = Client::new(&Config::loader().env(env).load());
    fetched_client
        .start_id_mapping_job()
        .workflow_name("flow")
        .send()
        .await
        .expect("the call succeeds");

    let output = lines.lock().expect("lines").join("\n");

    let mut secrets = vec![
        SECRET_KEY.to_owned(),
        SESSION_TOKEN.to_owned(),
        FETCHED_SECRET.to_owned(),
        FETCHED_TOKEN.to_owned(),
        "container-auth-token-secret".to_owned(),
    ];
    for request in server
        .requests()
        .iter()
        .chain(fetched_server.requests().iter())
    {
        secrets.push(signature(request.header("authorization").expect("signed")));
    }
    for secret in &secrets {
        assert!(
            !output.contains(secret.as_str()),
            "the output contains {secret:?}:\n{output}"
        );
    }

    for expected in [
        "span operation",
        "service=\"EntityResolution\"",
        "operation=\"StartIdMappingJob\"",
        "invocation_id=",
        "span attempt",
        "attempt=2",
        "status=503",
        "status=200",
        "request_id=\"req-success-1\"",
        "request_id=\"req-failure-2\"",
        "latency_ms=",
        "reason=\"server error\"",
        "message=retrying",
        "code=\"ValidationException\"",
        "attempts=2",
        "fetched credentials",
    ] {
        assert!(
            output.contains(expected),
            "missing {expected:?} in:\n{output}"
        );
    }
}
