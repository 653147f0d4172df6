//! Temporary credentials of an IAM role from STS AssumeRole, for profiles
//! with `role_arn`. The call is an AWS Query request: a form-encoded `POST`
//! signed with the source credentials. STS returns XML.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::header::{HeaderValue, CONTENT_TYPE};
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};

use super::fetch::{self, Fetcher};
use super::{xml, Credentials, CredentialsFuture, ProvideCredentials, SharedCredentialsProvider};
use crate::error::{Error, ErrorKind};
use crate::retry::backoff;
use crate::sigv4::{self, SigningParams, SigningSettings};

/// How long one STS request may take, from connecting to reading the
/// response.
const TIMEOUT: Duration = Duration::from_secs(10);
/// Attempts per call; STS throttling and 5xx responses are retried.
const ATTEMPTS: u32 = 3;
const INITIAL_BACKOFF: Duration = Duration::from_millis(200);
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// The parameters of an AssumeRole call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssumeRole {
    /// The ARN of the role, such as `arn:aws:iam::123456789012:role/Admin`.
    pub role_arn: String,
    /// The name of the session, which shows in CloudTrail. `None` picks
    /// `ingot-` followed by the time in milliseconds.
    pub session_name: Option<String>,
    /// The external id that the role's trust policy may require.
    pub external_id: Option<String>,
    /// The lifetime of the credentials; `None` lets STS pick (one hour).
    pub duration: Option<Duration>,
}

/// Assumes a role with the credentials of another provider.
#[derive(Debug)]
pub struct AssumeRoleProvider {
    role: AssumeRole,
    source: SharedCredentialsProvider,
    endpoint: String,
    region: String,
    fetcher: Fetcher,
}

impl AssumeRoleProvider {
    /// Creates a provider that calls STS at `endpoint`, such as
    /// `https://sts.us-east-1.amazonaws.com`, signing for `region` with the
    /// credentials of `source`.
    pub fn new(
        role: AssumeRole,
        source: SharedCredentialsProvider,
        endpoint: impl Into<String>,
        region: impl Into<String>,
    ) -> Self {
        Self {
            role,
            source,
            endpoint: endpoint.into().trim_end_matches('/').to_owned(),
            region: region.into(),
            fetcher: Fetcher::new(TIMEOUT),
        }
    }

    /// Returns the regional STS endpoint of `region`.
    pub fn regional_endpoint(region: &str) -> String {
        let suffix = if region.starts_with("cn-") {
            "amazonaws.com.cn"
        } else {
            "amazonaws.com"
        };
        format!("https://sts.{region}.{suffix}")
    }

    async fn assume(&self) -> Result<Credentials, Error> {
        let source = self.source.provide_credentials().await?;
        let body = self.form_body();

        let mut attempt = 1;
        loop {
            let request = self.signed_request(&source, body.clone())?;
            let outcome = self.fetcher.send(request, "STS").await;
            let retry = match &outcome {
                Ok(response) if response.is_success() => return self.parse(response.body()),
                Ok(response) => {
                    let code = error_code(response.body());
                    response.status() >= 500
                        || code.as_deref().is_some_and(|c| {
                            crate::retry::classify::THROTTLING_ERROR_CODES.contains(&c)
                        })
                }
                Err(_) => true,
            };
            if !retry || attempt >= ATTEMPTS {
                return Err(match outcome {
                    Ok(response) => self.call_error(response.status(), response.body()),
                    Err(error) => error,
                });
            }
            let delay = backoff::delay(attempt, INITIAL_BACKOFF, MAX_BACKOFF);
            tracing::debug!(attempt, role_arn = %self.role.role_arn, delay_ms = delay.as_millis() as u64, "retrying AssumeRole");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    fn form_body(&self) -> String {
        let session_name = self
            .role
            .session_name
            .clone()
            .unwrap_or_else(default_session_name);
        let mut pairs = vec![
            ("Action", "AssumeRole".to_owned()),
            ("Version", "2011-06-15".to_owned()),
            ("RoleArn", self.role.role_arn.clone()),
            ("RoleSessionName", session_name),
        ];
        if let Some(external_id) = &self.role.external_id {
            pairs.push(("ExternalId", external_id.clone()));
        }
        if let Some(duration) = self.role.duration {
            pairs.push(("DurationSeconds", duration.as_secs().to_string()));
        }
        pairs
            .iter()
            .map(|(name, value)| format!("{name}={}", utf8_percent_encode(value, NON_ALPHANUMERIC)))
            .collect::<Vec<_>>()
            .join("&")
    }

    fn signed_request(
        &self,
        source: &Credentials,
        body: String,
    ) -> Result<http::Request<Bytes>, Error> {
        let url = format!("{}/", self.endpoint);
        let mut request = http::Request::new(Bytes::from(body));
        *request.method_mut() = http::Method::POST;
        *request.uri_mut() = url.parse().map_err(|_| {
            Error::new(
                ErrorKind::Config,
                format!("invalid STS endpoint URL {url:?}"),
            )
        })?;
        request.headers_mut().insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded; charset=utf-8"),
        );
        let length = request.body().len();
        request
            .headers_mut()
            .insert(http::header::CONTENT_LENGTH, HeaderValue::from(length));

        let params = SigningParams {
            credentials: source,
            region: &self.region,
            service: "sts",
            time: SystemTime::now(),
            settings: SigningSettings::default(),
        };
        sigv4::sign(&mut request, &params)?;
        Ok(request)
    }

    fn parse(&self, body: &[u8]) -> Result<Credentials, Error> {
        let source = format!("STS AssumeRole of {}", self.role.role_arn);
        let invalid = |reason: &str| {
            Error::new(
                ErrorKind::Credentials,
                format!("invalid response from {source}: {reason}"),
            )
        };
        let document = std::str::from_utf8(body).map_err(|_| invalid("the body is not UTF-8"))?;
        let Some(credentials) = xml::element_text_raw(document, "Credentials") else {
            return Err(invalid("it has no Credentials element"));
        };
        let field = |name: &str| {
            xml::element_text(credentials, name)
                .filter(|value| !value.is_empty())
                .ok_or_else(|| invalid(&format!("Credentials has no {name}")))
        };
        let expiry =
            fetch::parse_expiration(&field("Expiration")?).map_err(|reason| invalid(&reason))?;
        Ok(Credentials::new(
            field("AccessKeyId")?,
            field("SecretAccessKey")?,
            Some(field("SessionToken")?),
        )
        .with_expiry(Some(expiry)))
    }

    fn call_error(&self, status: u16, body: &[u8]) -> Error {
        let document = String::from_utf8_lossy(body);
        let code =
            xml::element_text(&document, "Code").unwrap_or_else(|| "an unknown error".to_owned());
        let message = xml::element_text(&document, "Message").unwrap_or_default();
        Error::new(
            ErrorKind::Credentials,
            format!(
                "STS AssumeRole of {} at {} failed with {code} (HTTP {status}): {message}",
                self.role.role_arn, self.endpoint
            ),
        )
    }
}

impl ProvideCredentials for AssumeRoleProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.assume())
    }
}

fn error_code(body: &[u8]) -> Option<String> {
    xml::element_text(&String::from_utf8_lossy(body), "Code")
}

fn default_session_name() -> String {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    format!("ingot-{millis}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(role: AssumeRole) -> AssumeRoleProvider {
        let source = SharedCredentialsProvider::new(Credentials::new("AKID", "secret", None));
        AssumeRoleProvider::new(
            role,
            source,
            "https://sts.us-east-1.amazonaws.com/",
            "us-east-1",
        )
    }

    fn role() -> AssumeRole {
        AssumeRole {
            role_arn: "arn:aws:iam::123456789012:role/Admin".to_owned(),
            session_name: Some("me@example.com".to_owned()),
            external_id: None,
            duration: None,
        }
    }

    #[test]
    fn form_body_encodes_values() {
        let mut role = role();
        role.external_id = Some("a b&c".to_owned());
        role.duration = Some(Duration::from_secs(900));
        let body = provider(role).form_body();

        assert_eq!(
            body,
            "Action=AssumeRole&Version=2011%2D06%2D15\
             &RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FAdmin\
             &RoleSessionName=me%40example%2Ecom&ExternalId=a%20b%26c&DurationSeconds=900"
        );
    }

    #[test]
    fn response_credentials_read() {
        let body = br#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/Admin/me</Arn></AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAEXAMPLE</AccessKeyId>
      <SecretAccessKey>secret/key+value</SecretAccessKey>
      <SessionToken>token&amp;more</SessionToken>
      <Expiration>2030-01-01T00:00:00Z</Expiration>
    </Credentials>
  </AssumeRoleResult>
</AssumeRoleResponse>"#;
        let credentials = provider(role()).parse(body).unwrap();

        assert_eq!(credentials.access_key_id(), "ASIAEXAMPLE");
        assert_eq!(credentials.secret_access_key(), "secret/key+value");
        assert_eq!(credentials.session_token(), Some("token&more"));
        assert!(credentials.expiry().is_some());
    }

    #[test]
    fn incomplete_response_named() {
        let body = b"<AssumeRoleResponse><Credentials><AccessKeyId>A</AccessKeyId></Credentials></AssumeRoleResponse>";
        let error = provider(role()).parse(body).unwrap_err();
        assert!(
            error.message().contains("no SecretAccessKey")
                || error.message().contains("no Expiration"),
            "{error}"
        );
    }

    #[test]
    fn error_response_named() {
        let body = b"<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>\
            <Message>not authorized to perform sts:AssumeRole</Message></Error></ErrorResponse>";
        let error = provider(role()).call_error(403, body);

        assert_eq!(error.kind(), ErrorKind::Credentials);
        assert!(
            error.message().contains("AccessDenied (HTTP 403)"),
            "{error}"
        );
        assert!(error.message().contains("not authorized"), "{error}");
        assert!(error.message().contains("role/Admin"), "{error}");
    }

    #[test]
    fn regional_endpoints() {
        assert_eq!(
            AssumeRoleProvider::regional_endpoint("eu-west-1"),
            "https://sts.eu-west-1.amazonaws.com"
        );
        assert_eq!(
            AssumeRoleProvider::regional_endpoint("cn-north-1"),
            "https://sts.cn-north-1.amazonaws.com.cn"
        );
    }
}
