//! The default credentials chain, each source against real files in a
//! temporary home folder and loopback servers that the test starts: static
//! keys, `credential_process`, `source_profile` role chains through an STS
//! stand-in, `credential_source`, the container endpoint and the instance
//! metadata service. Every test passes its variables through
//! `Env::from_pairs` and points each endpoint at its own server, so no test
//! reads the process environment or reaches a real metadata address.

#[path = "support/loopback.rs"]
mod loopback;

use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use ingot_runtime::env::Env;
use ingot_runtime::{Config, DateTime, ErrorKind, ProvideCredentials, TimestampFormat};
use loopback::{Loopback, Received, Reply};

/// A temporary home folder, removed when the test ends.
struct Home {
    path: PathBuf,
}

impl Home {
    fn new(test_name: &str) -> Self {
        static NEXT_ID: AtomicUsize = AtomicUsize::new(0);
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "ingot-chain-{}-{id}-{test_name}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(path.join(".aws")).expect("create the temporary home folder");
        Self { path }
    }

    fn write(&self, relative: &str, contents: &str) -> PathBuf {
        let path = self.path.join(relative);
        fs::write(&path, contents).expect("write the file");
        path
    }

    /// Loads a configuration with `HOME` set to this folder, IMDS disabled
    /// unless `vars` sets `AWS_EC2_METADATA_DISABLED`, and `vars`.
    fn load(&self, vars: &[(&str, &str)]) -> Config {
        self.loader(vars).load()
    }

    fn loader(&self, vars: &[(&str, &str)]) -> ingot_runtime::ConfigLoader {
        let mut pairs = vec![
            ("HOME".to_owned(), self.path.display().to_string()),
            ("AWS_EC2_METADATA_DISABLED".to_owned(), "true".to_owned()),
        ];
        pairs.extend(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        Config::loader().env(Env::from_pairs(pairs))
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

async fn provide(config: &Config) -> Result<ingot_runtime::Credentials, ingot_runtime::Error> {
    config.credentials_provider()?.provide_credentials().await
}

fn in_an_hour() -> String {
    DateTime::from(SystemTime::now() + Duration::from_secs(3600)).format(TimestampFormat::DateTime)
}

fn in_two_minutes() -> String {
    DateTime::from(SystemTime::now() + Duration::from_secs(120)).format(TimestampFormat::DateTime)
}

fn credentials_json(key: &str, expiration: &str) -> String {
    format!(
        r#"{{"AccessKeyId":"{key}","SecretAccessKey":"secret-{key}","Token":"token-{key}","Expiration":"{expiration}"}}"#
    )
}

fn sts_response(key: &str) -> Reply {
    let body = format!(
        "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>\
         <Credentials><AccessKeyId>{key}</AccessKeyId><SecretAccessKey>secret-{key}</SecretAccessKey>\
         <SessionToken>token-{key}</SessionToken><Expiration>{}</Expiration></Credentials>\
         </AssumeRoleResult></AssumeRoleResponse>",
        in_an_hour()
    );
    Reply::Respond {
        status: 200,
        headers: vec![("content-type".into(), "text/xml".into())],
        body: body.into_bytes(),
    }
}

fn form_value(request: &Received, name: &str) -> Option<String> {
    let body = std::str::from_utf8(&request.body).ok()?;
    body.split('&')
        .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
        .map(|value| {
            value
                .replace("%3A", ":")
                .replace("%2F", "/")
                .replace("%2D", "-")
        })
}

/// Returns the access key id in a request's SigV4 `Authorization` header.
fn signing_key_id(request: &Received) -> String {
    let authorization = request
        .header("authorization")
        .expect("the request is signed");
    let credential = authorization
        .split("Credential=")
        .nth(1)
        .expect("a credential scope");
    credential.split('/').next().expect("a key id").to_owned()
}

#[tokio::test]
async fn environment_keys_come_first() {
    let home = Home::new("env_first");
    home.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKID_FILE\naws_secret_access_key = s\n",
    );
    let config = home.load(&[
        ("AWS_ACCESS_KEY_ID", "AKID_ENV"),
        ("AWS_SECRET_ACCESS_KEY", "s"),
    ]);

    assert_eq!(provide(&config).await.unwrap().access_key_id(), "AKID_ENV");
}

#[tokio::test]
async fn profile_static_keys_used() {
    let home = Home::new("profile_static");
    home.write(
        ".aws/credentials",
        "[dev]\naws_access_key_id = AKID_DEV\naws_secret_access_key = s\naws_session_token = t\n",
    );
    let config = home.load(&[("AWS_PROFILE", "dev")]);
    let credentials = provide(&config).await.unwrap();

    assert_eq!(credentials.access_key_id(), "AKID_DEV");
    assert_eq!(credentials.session_token(), Some("t"));
    assert_eq!(credentials.expiry(), None);
}

#[cfg(unix)]
#[tokio::test]
async fn credential_process_output_used() {
    let home = Home::new("process");
    let output = format!(
        r#"{{"Version":1,"AccessKeyId":"AKID_PROCESS","SecretAccessKey":"s","SessionToken":"t","Expiration":"{}"}}"#,
        in_an_hour()
    );
    let script = home.write("creds.json", &output);
    home.write(
        ".aws/config",
        &format!("[default]\ncredential_process = cat {}\n", script.display()),
    );
    let config = home.load(&[]);
    let credentials = provide(&config).await.unwrap();

    assert_eq!(credentials.access_key_id(), "AKID_PROCESS");
    assert!(credentials.expiry().is_some());
    // The static accessor names the setting instead of running the command.
    let message = config.credentials().unwrap_err().to_string();
    assert!(message.contains("sets credential_process"), "{message}");
}

#[cfg(unix)]
#[tokio::test]
async fn credential_process_failure_named() {
    let home = Home::new("process_fails");
    let config_path = home.write(
        ".aws/config",
        "[default]\ncredential_process = sh -c 'echo locked >&2; exit 2'\n",
    );
    let error = provide(&home.load(&[])).await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::Credentials);
    assert!(
        error
            .message()
            .contains(&format!("{}:2", config_path.display())),
        "{error}"
    );
    assert!(error.message().contains("locked"), "{error}");
}

#[tokio::test]
async fn source_profile_chain_assumes_each_role() {
    let sts = Loopback::script(vec![
        sts_response("ASIA_MIDDLE"),
        sts_response("ASIA_ADMIN"),
    ])
    .await;
    let home = Home::new("role_chain");
    home.write(
        ".aws/config",
        "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = middle\n\
         role_session_name = admin-session\nexternal_id = ext-1\n\
         [profile middle]\nrole_arn = arn:aws:iam::123456789012:role/Middle\nsource_profile = base\n\
         duration_seconds = 900\n\
         [profile base]\nregion = eu-west-1\n",
    );
    home.write(
        ".aws/credentials",
        "[base]\naws_access_key_id = AKID_BASE\naws_secret_access_key = secret-base\n",
    );
    let config = home.load(&[
        ("AWS_PROFILE", "admin"),
        ("AWS_REGION", "eu-west-1"),
        ("AWS_ENDPOINT_URL_STS", &sts.url()),
    ]);
    let credentials = provide(&config).await.unwrap();

    assert_eq!(credentials.access_key_id(), "ASIA_ADMIN");
    assert_eq!(credentials.session_token(), Some("token-ASIA_ADMIN"));
    assert!(credentials.expiry().is_some());

    let requests = sts.requests();
    assert_eq!(requests.len(), 2);
    // The deepest role first, signed with the base profile's keys.
    assert_eq!(
        form_value(&requests[0], "Action").as_deref(),
        Some("AssumeRole")
    );
    assert_eq!(
        form_value(&requests[0], "RoleArn").as_deref(),
        Some("arn:aws:iam::123456789012:role/Middle")
    );
    assert_eq!(
        form_value(&requests[0], "DurationSeconds").as_deref(),
        Some("900")
    );
    assert_eq!(signing_key_id(&requests[0]), "AKID_BASE");
    let scope = requests[0].header("authorization").unwrap();
    assert!(scope.contains("/eu-west-1/sts/aws4_request"), "{scope}");
    // Then the profile's own role, signed with the middle role's keys.
    assert_eq!(
        form_value(&requests[1], "RoleArn").as_deref(),
        Some("arn:aws:iam::123456789012:role/Admin")
    );
    assert_eq!(
        form_value(&requests[1], "ExternalId").as_deref(),
        Some("ext-1")
    );
    assert_eq!(signing_key_id(&requests[1]), "ASIA_MIDDLE");
    assert_eq!(
        requests[1].header("x-amz-security-token"),
        Some("token-ASIA_MIDDLE")
    );
}

#[tokio::test]
async fn assumed_role_cached_until_near_expiry() {
    let sts = Loopback::start(|_, _| sts_response("ASIA_CACHED")).await;
    let home = Home::new("role_cached");
    home.write(
        ".aws/config",
        "[default]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = default\n",
    );
    home.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKID_SELF\naws_secret_access_key = s\n",
    );
    let config = home.load(&[
        ("AWS_REGION", "us-west-2"),
        ("AWS_ENDPOINT_URL_STS", &sts.url()),
    ]);

    for _ in 0..3 {
        assert_eq!(
            provide(&config).await.unwrap().access_key_id(),
            "ASIA_CACHED"
        );
    }
    let requests = sts.requests();
    assert_eq!(requests.len(), 1);
    // A profile that names itself assumes its role with its own keys.
    assert_eq!(signing_key_id(&requests[0]), "AKID_SELF");
}

#[tokio::test]
async fn sts_error_reported() {
    let sts = Loopback::script(vec![Reply::Respond {
        status: 403,
        headers: vec![],
        body: b"<ErrorResponse><Error><Code>AccessDenied</Code><Message>no trust</Message></Error></ErrorResponse>".to_vec(),
    }])
    .await;
    let home = Home::new("sts_error");
    home.write(
        ".aws/config",
        "[default]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = base\n[profile base]\naws_access_key_id = A\naws_secret_access_key = s\n",
    );
    let error = provide(&home.load(&[("AWS_ENDPOINT_URL_STS", &sts.url())]))
        .await
        .unwrap_err();

    assert_eq!(error.kind(), ErrorKind::Credentials);
    assert!(
        error
            .message()
            .contains("AccessDenied (HTTP 403): no trust"),
        "{error}"
    );
    assert_eq!(sts.requests().len(), 1, "a 403 is not retried");
}

#[tokio::test]
async fn source_profile_problems_named() {
    let cases = [
        (
            "[default]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = a\n[profile a]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/C\nsource_profile = a\n",
            "form a loop: default -> a -> b -> a",
        ),
        ("[default]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = nowhere\n", "names source_profile `nowhere`"),
        ("[default]\nrole_arn = arn:aws:iam::1:role/A\n", "neither source_profile nor credential_source"),
        ("[default]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = empty\n[profile empty]\nregion = us-east-1\n", "profile `empty` has no credentials"),
        ("[default]\nrole_arn = arn:aws:iam::1:role/A\ncredential_source = Somewhere\n", "invalid credential_source \"Somewhere\""),
        ("[default]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = default\nmfa_serial = arn:aws:iam::1:mfa/me\naws_access_key_id = A\naws_secret_access_key = s\n", "mfa_serial"),
    ];
    for (file, expected) in cases {
        let home = Home::new("source_problems");
        home.write(".aws/config", file);
        let error = provide(&home.load(&[])).await.unwrap_err();

        assert_eq!(error.kind(), ErrorKind::Config, "{file}");
        assert!(
            error.message().contains(expected),
            "expected {expected:?} in: {error}"
        );
    }
}

#[tokio::test]
async fn container_relative_uri_with_token_file() {
    let server =
        Loopback::start(|_, _| Reply::json(200, &credentials_json("ASIA_ECS", &in_an_hour())))
            .await;
    let home = Home::new("container_relative");
    let token_file = home.write("token", "token-from-file\n");
    let config = home
        .loader(&[
            (
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                "/v2/credentials/task-1",
            ),
            (
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
                &token_file.display().to_string(),
            ),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "token-from-variable"),
        ])
        .container_credentials_base(server.url())
        .load();
    let credentials = provide(&config).await.unwrap();

    assert_eq!(credentials.access_key_id(), "ASIA_ECS");
    assert_eq!(credentials.session_token(), Some("token-ASIA_ECS"));
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].path, "/v2/credentials/task-1");
    assert_eq!(requests[0].header("authorization"), Some("token-from-file"));
}

#[tokio::test]
async fn container_full_uri_with_token_variable() {
    let server =
        Loopback::start(|_, _| Reply::json(200, &credentials_json("ASIA_EKS", &in_an_hour())))
            .await;
    let home = Home::new("container_full");
    let full_uri = format!("{}/v1/credentials", server.url());
    let config = home.load(&[
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full_uri),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "token-from-variable"),
    ]);

    assert_eq!(provide(&config).await.unwrap().access_key_id(), "ASIA_EKS");
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some("token-from-variable")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn container_refresh_once_under_concurrency() {
    let server = Loopback::start(|_, index| {
        Reply::json(
            200,
            &credentials_json(&format!("ASIA_{index}"), &in_an_hour()),
        )
        .after(Duration::from_millis(50))
    })
    .await;
    let home = Home::new("container_concurrent");
    let full_uri = format!("{}/creds", server.url());
    let config = home.load(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full_uri)]);

    let calls: Vec<_> = (0..50)
        .map(|_| {
            let config = config.clone();
            tokio::spawn(
                async move { provide(&config).await.map(|c| c.access_key_id().to_owned()) },
            )
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap(), "ASIA_0");
    }
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn expiring_credentials_refreshed_ahead() {
    let server = Loopback::start(|_, index| {
        Reply::json(
            200,
            &credentials_json(&format!("ASIA_{index}"), &in_two_minutes()),
        )
    })
    .await;
    let home = Home::new("container_refresh");
    let full_uri = format!("{}/creds", server.url());
    let config = home.load(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full_uri)]);

    assert_eq!(provide(&config).await.unwrap().access_key_id(), "ASIA_0");
    // Two minutes left is inside the refresh window, so the next request
    // fetches new credentials before the old ones expire.
    assert_eq!(provide(&config).await.unwrap().access_key_id(), "ASIA_1");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn container_failure_stops_chain() {
    let container = Loopback::script(vec![Reply::json(403, r#"{"message":"bad token"}"#)]).await;
    let imds = Loopback::start(|_, _| Reply::json(500, "{}")).await;
    let home = Home::new("container_fails");
    let full_uri = format!("{}/creds", container.url());
    let config = home.load(&[
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full_uri),
        ("AWS_EC2_METADATA_DISABLED", "false"),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds.url()),
    ]);
    let error = provide(&config).await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::Credentials);
    assert!(error.message().contains("HTTP 403"), "{error}");
    assert!(error.message().contains("bad token"), "{error}");
    assert!(imds.requests().is_empty(), "the chain went on to IMDS");
}

#[tokio::test]
async fn credential_source_ecs_container_assumes_role() {
    let container =
        Loopback::start(|_, _| Reply::json(200, &credentials_json("ASIA_TASK", &in_an_hour())))
            .await;
    let sts = Loopback::start(|_, _| sts_response("ASIA_ROLE")).await;
    let home = Home::new("credential_source");
    home.write(
        ".aws/config",
        "[default]\nrole_arn = arn:aws:iam::1:role/R\ncredential_source = EcsContainer\n",
    );
    let config = home
        .loader(&[
            ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/task"),
            ("AWS_ENDPOINT_URL_STS", &sts.url()),
        ])
        .container_credentials_base(container.url())
        .load();

    assert_eq!(provide(&config).await.unwrap().access_key_id(), "ASIA_ROLE");
    assert_eq!(signing_key_id(&sts.requests()[0]), "ASIA_TASK");
}

/// Returns what an IMDS stand-in sends: tokens, the role name and the
/// role's credentials.
fn imds_handler(request: &Received, _: usize) -> Reply {
    match (request.method.as_str(), request.path.as_str()) {
        ("PUT", "/latest/api/token") => Reply::Respond {
            status: 200,
            headers: vec![],
            body: b"imds-session-token".to_vec(),
        },
        (_, _) if request.header("x-aws-ec2-metadata-token") != Some("imds-session-token") => {
            Reply::json(401, "{}")
        }
        ("GET", "/latest/meta-data/iam/security-credentials/") => Reply::Respond {
            status: 200,
            headers: vec![],
            body: b"InstanceRole\n".to_vec(),
        },
        ("GET", "/latest/meta-data/iam/security-credentials/InstanceRole") => {
            let body = credentials_json("ASIA_EC2", &in_an_hour()).replacen(
                '{',
                r#"{"Code":"Success","Type":"AWS-HMAC","#,
                1,
            );
            Reply::json(200, &body)
        }
        _ => Reply::json(404, "{}"),
    }
}

#[tokio::test]
async fn imds_v2_session_token_used() {
    let imds = Loopback::start(imds_handler).await;
    let home = Home::new("imds_v2");
    let config = home.load(&[
        ("AWS_EC2_METADATA_DISABLED", "false"),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds.url()),
    ]);
    let credentials = provide(&config).await.unwrap();

    assert_eq!(credentials.access_key_id(), "ASIA_EC2");
    assert!(credentials.expiry().is_some());
    let requests = imds.requests();
    let paths: Vec<_> = requests
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        paths,
        [
            "PUT /latest/api/token",
            "GET /latest/meta-data/iam/security-credentials/",
            "GET /latest/meta-data/iam/security-credentials/InstanceRole",
        ]
    );
    assert_eq!(
        requests[0].header("x-aws-ec2-metadata-token-ttl-seconds"),
        Some("21600")
    );
}

#[tokio::test]
async fn imds_endpoint_from_profile() {
    let imds = Loopback::start(imds_handler).await;
    let home = Home::new("imds_profile");
    home.write(
        ".aws/config",
        &format!(
            "[default]\nec2_metadata_service_endpoint = {}\n",
            imds.url()
        ),
    );
    let config = home.load(&[("AWS_EC2_METADATA_DISABLED", "false")]);

    assert_eq!(provide(&config).await.unwrap().access_key_id(), "ASIA_EC2");
}

#[tokio::test]
async fn imds_v1_fallback_and_its_switch() {
    let imds = Loopback::start(|request, _| match request.path.as_str() {
        "/latest/api/token" => Reply::json(403, "{}"),
        "/latest/meta-data/iam/security-credentials/" => Reply::Respond {
            status: 200,
            headers: vec![],
            body: b"Role".to_vec(),
        },
        _ => Reply::json(200, &credentials_json("ASIA_V1", &in_an_hour())),
    })
    .await;
    let home = Home::new("imds_v1");
    let vars = [
        ("AWS_EC2_METADATA_DISABLED", "false"),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds.url()),
    ];

    assert_eq!(
        provide(&home.load(&vars)).await.unwrap().access_key_id(),
        "ASIA_V1"
    );
    assert!(imds.requests()[1]
        .header("x-aws-ec2-metadata-token")
        .is_none());

    let mut strict = vars.to_vec();
    strict.push(("AWS_EC2_METADATA_V1_DISABLED", "true"));
    let error = provide(&home.load(&strict)).await.unwrap_err();
    assert!(
        error.to_string().contains("IMDSv1 fallback is disabled"),
        "{error}"
    );
}

#[tokio::test]
async fn no_source_names_everything_tried() {
    let home = Home::new("nothing");
    let error = provide(&home.load(&[])).await.unwrap_err();
    let message = error.to_string();

    assert_eq!(error.kind(), ErrorKind::Config);
    assert!(message.starts_with("no AWS credentials found"), "{message}");
    assert!(message.contains("AWS_ACCESS_KEY_ID"), "{message}");
    assert!(
        message.contains("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
        "{message}"
    );
    assert!(
        message.contains("disabled by AWS_EC2_METADATA_DISABLED"),
        "{message}"
    );
}

#[tokio::test]
async fn unreachable_imds_named() {
    // Nothing listens on a port that a listener just gave back.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let home = Home::new("imds_unreachable");
    let config = home.load(&[
        ("AWS_EC2_METADATA_DISABLED", "false"),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", &closed),
    ]);
    let message = provide(&config).await.unwrap_err().to_string();

    assert!(message.starts_with("no AWS credentials found"), "{message}");
    assert!(message.contains(&closed), "{message}");
    assert!(
        message.contains("AWS_EC2_METADATA_DISABLED=true"),
        "{message}"
    );
}

#[tokio::test]
async fn secrets_absent_from_debug() {
    let home = Home::new("debug");
    home.write(".aws/credentials", "[default]\naws_access_key_id = AKID\naws_secret_access_key = very-secret-key\naws_session_token = very-secret-token\n");
    let config = home.load(&[]);
    let credentials = provide(&config).await.unwrap();

    for text in [
        format!("{config:?}"),
        format!("{credentials:?}"),
        format!("{:?}", config.credentials_provider().unwrap()),
    ] {
        assert!(!text.contains("very-secret-key"), "{text}");
        assert!(!text.contains("very-secret-token"), "{text}");
    }
}
