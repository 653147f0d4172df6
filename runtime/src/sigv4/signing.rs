//! Header signing: computes the signature of a request and adds
//! `X-Amz-Date`, `X-Amz-Security-Token` and `Authorization` to it.
//!
//! Everything that can fail is computed before the request is touched, so a
//! request that cannot be signed is left as it was.

use std::fmt;

use bytes::Bytes;
use http::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, HOST};
use http::Request;
use sha2::{Digest, Sha256};

use super::canonical_request::CanonicalRequest;
use super::encoding::push_hex;
use super::headers::{host_from_uri, AddedHeader};
use super::key::{hmac_sha256, signing_key};
use super::settings::{SessionTokenMode, SigningParams};
use super::time::AmzDate;
use crate::error::{Error, ErrorKind};

const ALGORITHM: &str = "AWS4-HMAC-SHA256";
const X_AMZ_DATE: &str = "x-amz-date";
const X_AMZ_SECURITY_TOKEN: &str = "x-amz-security-token";
const X_AMZ_CONTENT_SHA256: &str = "x-amz-content-sha256";

/// Signs `request` in place with SigV4 in the `Authorization` header.
///
/// Adds `X-Amz-Date`, `X-Amz-Security-Token` when the credentials have a
/// session token, `x-amz-content-sha256` when
/// [`SigningSettings::payload_hash_header`](super::SigningSettings::payload_hash_header)
/// is set, `Host` when the request has none, and `Authorization`. Values of
/// these headers already in the request are replaced, and an
/// `X-Amz-Security-Token` is removed when the credentials have no session
/// token, so signing a request again is safe. `Authorization` and
/// `X-Amz-Security-Token` are marked sensitive.
///
/// # Errors
///
/// Fails with [`ErrorKind::Signing`] when a parameter is empty or invalid,
/// the time is out of range, a header value contains CR or LF or is not
/// UTF-8, or the request has neither a `Host` header nor an absolute URI.
/// The request is unchanged then.
pub fn sign(request: &mut Request<Bytes>, params: &SigningParams<'_>) -> Result<(), Error> {
    let signing = Signing::compute(request, params)?;
    signing.new_headers.apply_to(request.headers_mut());
    Ok(())
}

/// Signs `request` like [`sign`] and returns the intermediate strings, for
/// tests and for tracing signature mismatches.
///
/// # Errors
///
/// Fails like [`sign`].
pub fn sign_with_details(
    request: &mut Request<Bytes>,
    params: &SigningParams<'_>,
) -> Result<SignatureDetails, Error> {
    let signing = Signing::compute(request, params)?;
    signing.new_headers.apply_to(request.headers_mut());
    Ok(signing.details)
}

/// The intermediate strings of one signature.
///
/// `Debug` shows only the string to sign. The canonical request can contain
/// the session token, and anyone who has the signature can replay the
/// request until the signature expires.
pub struct SignatureDetails {
    canonical_request: String,
    string_to_sign: String,
    signature: String,
}

impl SignatureDetails {
    /// Returns the canonical request, whose SHA-256 hash the string to sign
    /// contains. It contains the session token when that is signed.
    pub fn canonical_request(&self) -> &str {
        &self.canonical_request
    }

    /// Returns the string to sign: algorithm, time, credential scope and the
    /// hash of the canonical request.
    pub fn string_to_sign(&self) -> &str {
        &self.string_to_sign
    }

    /// Returns the signature as 64 lower-case hex digits.
    pub fn signature(&self) -> &str {
        &self.signature
    }
}

impl fmt::Debug for SignatureDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignatureDetails")
            .field("canonical_request", &"** redacted **")
            .field("string_to_sign", &self.string_to_sign)
            .field("signature", &"** redacted **")
            .finish()
    }
}

/// A computed signature and the headers that carry it.
struct Signing {
    details: SignatureDetails,
    new_headers: NewHeaders,
}

/// Header values that signing sets, all validated before any is applied.
struct NewHeaders {
    host: Option<HeaderValue>,
    amz_date: HeaderValue,
    content_sha256: Option<HeaderValue>,
    /// `None` removes a token header that the request carries.
    security_token: Option<HeaderValue>,
    authorization: HeaderValue,
}

impl NewHeaders {
    fn apply_to(self, headers: &mut HeaderMap) {
        if let Some(host) = self.host {
            headers.insert(HOST, host);
        }
        headers.insert(HeaderName::from_static(X_AMZ_DATE), self.amz_date);
        if let Some(content_sha256) = self.content_sha256 {
            headers.insert(
                HeaderName::from_static(X_AMZ_CONTENT_SHA256),
                content_sha256,
            );
        }
        headers.insert(AUTHORIZATION, self.authorization);
        match self.security_token {
            Some(token) => {
                headers.insert(HeaderName::from_static(X_AMZ_SECURITY_TOKEN), token);
            }
            None => {
                headers.remove(X_AMZ_SECURITY_TOKEN);
            }
        }
    }
}

impl Signing {
    fn compute(request: &Request<Bytes>, params: &SigningParams<'_>) -> Result<Self, Error> {
        validate_params(params)?;
        let credentials = params.credentials;
        let settings = &params.settings;
        let amz_date = AmzDate::from_system_time(params.time)?;

        // Headers that the signer adds. The canonical request includes them
        // as if the request carried them already. The request's own token
        // header is never signed, because it is either replaced by the
        // credentials' token or removed.
        let derived_host = if request.headers().contains_key(HOST) {
            None
        } else {
            Some(host_from_uri(request.uri())?)
        };
        let mut payload_hash = String::with_capacity(64);
        push_hex(&mut payload_hash, &Sha256::digest(request.body()));
        let session_token = credentials.session_token();
        let signed_token = match settings.session_token_mode {
            SessionTokenMode::Signed => session_token,
            SessionTokenMode::AddedAfterSigning => None,
        };

        let mut added = [EMPTY_HEADER; 4];
        let mut added_count = 0;
        let mut add = |name, value| {
            added[added_count] = AddedHeader { name, value };
            added_count += 1;
        };
        if let Some(host) = &derived_host {
            add("host", host.as_str());
        }
        add(X_AMZ_DATE, amz_date.as_str());
        if settings.payload_hash_header {
            add(X_AMZ_CONTENT_SHA256, payload_hash.as_str());
        }
        if let Some(token) = signed_token {
            add(X_AMZ_SECURITY_TOKEN, token);
        }

        let canonical_request = CanonicalRequest::build(
            request,
            settings,
            &added[..added_count],
            &[X_AMZ_SECURITY_TOKEN],
            &payload_hash,
        )?;

        let (string_to_sign, scope) = string_to_sign(&amz_date, params, &canonical_request.text);
        let key = signing_key(
            credentials.secret_access_key(),
            amz_date.date_stamp(),
            params.region,
            params.service,
        );
        let mut signature = String::with_capacity(64);
        push_hex(
            &mut signature,
            &hmac_sha256(&key, string_to_sign.as_bytes()),
        );

        let authorization = authorization_value(
            credentials.access_key_id(),
            &string_to_sign[scope],
            canonical_request.signed_headers(),
            &signature,
        );

        let new_headers = NewHeaders {
            host: derived_host
                .map(|host| header_value("host", host))
                .transpose()?,
            amz_date: header_value(X_AMZ_DATE, amz_date.as_str().to_owned())?,
            content_sha256: if settings.payload_hash_header {
                Some(header_value(X_AMZ_CONTENT_SHA256, payload_hash)?)
            } else {
                None
            },
            security_token: session_token
                .map(|token| sensitive_header_value(X_AMZ_SECURITY_TOKEN, token.to_owned()))
                .transpose()?,
            authorization: sensitive_header_value("authorization", authorization)?,
        };
        Ok(Self {
            details: SignatureDetails {
                canonical_request: canonical_request.text,
                string_to_sign,
                signature,
            },
            new_headers,
        })
    }
}

const EMPTY_HEADER: AddedHeader<'static> = AddedHeader {
    name: "",
    value: "",
};

/// Builds the string to sign and returns it with the range of the
/// credential scope in it.
fn string_to_sign(
    amz_date: &AmzDate,
    params: &SigningParams<'_>,
    canonical_request: &str,
) -> (String, std::ops::Range<usize>) {
    let mut text = String::with_capacity(
        ALGORITHM.len() + 16 + 8 + params.region.len() + params.service.len() + 32 + 64,
    );
    text.push_str(ALGORITHM);
    text.push('\n');
    text.push_str(amz_date.as_str());
    text.push('\n');

    let scope_start = text.len();
    text.push_str(amz_date.date_stamp());
    text.push('/');
    text.push_str(params.region);
    text.push('/');
    text.push_str(params.service);
    text.push_str("/aws4_request");
    let scope = scope_start..text.len();

    text.push('\n');
    push_hex(&mut text, &Sha256::digest(canonical_request.as_bytes()));
    (text, scope)
}

/// Returns the `Authorization` header value:
/// `AWS4-HMAC-SHA256 Credential=<key id>/<scope>, SignedHeaders=<list>, Signature=<hex>`.
fn authorization_value(
    access_key_id: &str,
    scope: &str,
    signed_headers: &str,
    signature: &str,
) -> String {
    let mut value = String::with_capacity(
        ALGORITHM.len()
            + 64
            + access_key_id.len()
            + scope.len()
            + signed_headers.len()
            + signature.len(),
    );
    value.push_str(ALGORITHM);
    value.push_str(" Credential=");
    value.push_str(access_key_id);
    value.push('/');
    value.push_str(scope);
    value.push_str(", SignedHeaders=");
    value.push_str(signed_headers);
    value.push_str(", Signature=");
    value.push_str(signature);
    value
}

/// Rejects parameters that would produce a signature AWS cannot verify or a
/// header that cannot be sent.
fn validate_params(params: &SigningParams<'_>) -> Result<(), Error> {
    let credentials = params.credentials;
    validate_scope_part("access key id", credentials.access_key_id())?;
    if credentials.secret_access_key().is_empty() {
        return Err(Error::new(
            ErrorKind::Signing,
            "invalid credentials: the secret access key is empty",
        ));
    }
    validate_scope_part("signing region", params.region)?;
    validate_scope_part("signing name of the service", params.service)
}

/// Checks that `value` is non-empty and made of visible ASCII characters
/// other than `/`, which separates the parts of the credential scope.
fn validate_scope_part(description: &str, value: &str) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::new(
            ErrorKind::Signing,
            format!("the {description} is empty"),
        ));
    }
    let valid = value
        .bytes()
        .all(|byte| byte.is_ascii_graphic() && byte != b'/');
    if !valid {
        return Err(Error::new(
            ErrorKind::Signing,
            format!(
                "invalid {description} {value:?}: it may contain only visible ASCII characters \
                 other than `/`"
            ),
        ));
    }
    Ok(())
}

fn header_value(name: &str, value: String) -> Result<HeaderValue, Error> {
    HeaderValue::try_from(value).map_err(|source| {
        Error::new(
            ErrorKind::Signing,
            format!("invalid value for header `{name}`: it contains characters that HTTP does not allow"),
        )
        .with_source(source)
    })
}

fn sensitive_header_value(name: &str, value: String) -> Result<HeaderValue, Error> {
    let mut value = header_value(name, value)?;
    value.set_sensitive(true);
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::Credentials;
    use crate::sigv4::SigningSettings;
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    const TOKEN: &str = "token-that-must-stay-secret";

    fn time() -> SystemTime {
        // 2015-08-30T12:36:00Z
        UNIX_EPOCH + Duration::from_secs(1_440_938_160)
    }

    fn params<'a>(credentials: &'a Credentials, settings: SigningSettings) -> SigningParams<'a> {
        SigningParams {
            credentials,
            region: "us-east-1",
            service: "service",
            time: time(),
            settings,
        }
    }

    fn request(uri: &str) -> Request<Bytes> {
        Request::get(uri)
            .body(Bytes::new())
            .expect("test requests are valid")
    }

    fn header<'a>(request: &'a Request<Bytes>, name: &str) -> Option<&'a str> {
        request
            .headers()
            .get(name)
            .map(|value| value.to_str().expect("signing headers are ASCII"))
    }

    #[test]
    fn host_is_taken_from_uri_with_port() {
        let credentials = Credentials::new("AKIDEXAMPLE", SECRET, None);
        let mut request = request("https://example.amazonaws.com:8443/");

        let details = sign_with_details(
            &mut request,
            &params(&credentials, SigningSettings::default()),
        )
        .expect("the request can be signed");

        assert_eq!(header(&request, "host"), Some("example.amazonaws.com:8443"));
        assert!(
            details
                .canonical_request()
                .contains("\nhost:example.amazonaws.com:8443\n"),
            "{}",
            details.canonical_request()
        );
        assert!(
            header(&request, "authorization")
                .is_some_and(|value| value.contains("SignedHeaders=host;x-amz-date,")),
            "{:?}",
            header(&request, "authorization")
        );
    }

    #[test]
    fn host_header_is_signed_as_sent() {
        let credentials = Credentials::new("AKIDEXAMPLE", SECRET, None);
        let mut request = request("https://127.0.0.1:4566/");
        request
            .headers_mut()
            .insert(HOST, HeaderValue::from_static("example.amazonaws.com"));

        let details = sign_with_details(
            &mut request,
            &params(&credentials, SigningSettings::default()),
        )
        .expect("the request can be signed");

        assert_eq!(header(&request, "host"), Some("example.amazonaws.com"));
        assert!(
            details
                .canonical_request()
                .contains("\nhost:example.amazonaws.com\n"),
            "{}",
            details.canonical_request()
        );
    }

    #[test]
    fn signing_again_replaces_signing_headers() {
        let credentials = Credentials::new("AKIDEXAMPLE", SECRET, None);
        let mut request = request("https://example.amazonaws.com/");
        let mut later = params(&credentials, SigningSettings::default());
        later.time = time() + Duration::from_secs(60);

        sign(
            &mut request,
            &params(&credentials, SigningSettings::default()),
        )
        .expect("the request can be signed");
        let details =
            sign_with_details(&mut request, &later).expect("the request can be signed again");

        assert_eq!(request.headers().get_all("x-amz-date").iter().count(), 1);
        assert_eq!(header(&request, "x-amz-date"), Some("20150830T123700Z"));
        assert_eq!(request.headers().get_all("authorization").iter().count(), 1);
        assert!(
            header(&request, "authorization")
                .is_some_and(|value| value.ends_with(&format!("Signature={}", details.signature()))),
            "{:?}",
            header(&request, "authorization")
        );
        assert!(
            !details.canonical_request().contains("authorization"),
            "{}",
            details.canonical_request()
        );
    }

    #[test]
    fn session_token_is_signed_by_default() {
        let credentials = Credentials::new("AKIDEXAMPLE", SECRET, Some(TOKEN.to_owned()));
        let mut request = request("https://example.amazonaws.com/");

        let details = sign_with_details(
            &mut request,
            &params(&credentials, SigningSettings::default()),
        )
        .expect("the request can be signed");

        assert_eq!(header(&request, "x-amz-security-token"), Some(TOKEN));
        assert!(
            details
                .canonical_request()
                .contains(&format!("\nx-amz-security-token:{TOKEN}\n")),
            "{}",
            details.canonical_request()
        );
    }

    #[test]
    fn session_token_added_after_signing() {
        let credentials = Credentials::new("AKIDEXAMPLE", SECRET, Some(TOKEN.to_owned()));
        let mut request = request("https://example.amazonaws.com/");
        let settings = SigningSettings {
            session_token_mode: SessionTokenMode::AddedAfterSigning,
            ..SigningSettings::default()
        };

        let details = sign_with_details(&mut request, &params(&credentials, settings))
            .expect("the request can be signed");

        assert_eq!(header(&request, "x-amz-security-token"), Some(TOKEN));
        assert!(
            !details.canonical_request().contains("x-amz-security-token"),
            "{}",
            details.canonical_request()
        );
    }

    #[test]
    fn stale_session_token_is_removed() {
        let credentials = Credentials::new("AKIDEXAMPLE", SECRET, None);
        let mut request = request("https://example.amazonaws.com/");
        request
            .headers_mut()
            .insert("x-amz-security-token", HeaderValue::from_static("expired"));

        let details = sign_with_details(
            &mut request,
            &params(&credentials, SigningSettings::default()),
        )
        .expect("the request can be signed");

        assert_eq!(header(&request, "x-amz-security-token"), None);
        assert!(
            !details.canonical_request().contains("x-amz-security-token"),
            "{}",
            details.canonical_request()
        );
    }

    #[test]
    fn payload_hash_header_is_added_and_signed() {
        let credentials = Credentials::new("AKIDEXAMPLE", SECRET, None);
        let mut request = Request::post("https://example.amazonaws.com/")
            .body(Bytes::from_static(b"Param1=value1"))
            .expect("the test request is valid");
        let settings = SigningSettings {
            payload_hash_header: true,
            ..SigningSettings::default()
        };

        let details = sign_with_details(&mut request, &params(&credentials, settings))
            .expect("the request can be signed");

        // SHA-256 of `Param1=value1`, as the AWS signing test suite lists it.
        let hash = "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e";
        assert_eq!(header(&request, "x-amz-content-sha256"), Some(hash));
        assert!(
            details
                .canonical_request()
                .ends_with(&format!("host;x-amz-content-sha256;x-amz-date\n{hash}")),
            "{}",
            details.canonical_request()
        );
    }

    #[test]
    fn user_agent_is_not_signed() {
        let credentials = Credentials::new("AKIDEXAMPLE", SECRET, None);
        let mut request = request("https://example.amazonaws.com/");
        request
            .headers_mut()
            .insert("user-agent", HeaderValue::from_static("ingot/0.1"));

        let details = sign_with_details(
            &mut request,
            &params(&credentials, SigningSettings::default()),
        )
        .expect("the request can be signed");

        assert!(
            !details.canonical_request().contains("user-agent"),
            "{}",
            details.canonical_request()
        );
        assert_eq!(header(&request, "user-agent"), Some("ingot/0.1"));
    }

    #[test]
    fn failed_signing_leaves_request_unchanged() {
        let credentials = Credentials::new("AKIDEXAMPLE", SECRET, None);
        let mut request = request("https://example.amazonaws.com/");
        let latin1 = HeaderValue::from_bytes(b"caf\xe9").expect("HTTP allows bytes above 0x7F");
        request.headers_mut().insert("x-note", latin1);
        let headers_before = request.headers().clone();

        let error = sign(
            &mut request,
            &params(&credentials, SigningSettings::default()),
        )
        .expect_err("a value that is not UTF-8 cannot be signed");

        assert_eq!(error.kind(), ErrorKind::Signing);
        assert!(error.message().contains("`x-note`"), "{error}");
        assert_eq!(request.headers(), &headers_before);
    }

    #[test]
    fn request_without_host_is_rejected() {
        let credentials = Credentials::new("AKIDEXAMPLE", SECRET, None);
        let mut request = request("/path");

        let error = sign(
            &mut request,
            &params(&credentials, SigningSettings::default()),
        )
        .expect_err("a request without a host cannot be signed");

        assert_eq!(error.kind(), ErrorKind::Signing);
        assert!(error.message().contains("Host header"), "{error}");
    }

    #[test]
    fn invalid_params_are_rejected() {
        let valid = Credentials::new("AKIDEXAMPLE", SECRET, None);
        let no_secret = Credentials::new("AKIDEXAMPLE", "", None);
        let no_key_id = Credentials::new("", SECRET, None);
        let cases = [
            (&no_key_id, "us-east-1", "service", "access key id is empty"),
            (
                &no_secret,
                "us-east-1",
                "service",
                "secret access key is empty",
            ),
            (&valid, "", "service", "signing region is empty"),
            (
                &valid,
                "us/east",
                "service",
                "invalid signing region \"us/east\"",
            ),
            (
                &valid,
                "us east",
                "service",
                "invalid signing region \"us east\"",
            ),
            (
                &valid,
                "us-east-1",
                "",
                "signing name of the service is empty",
            ),
        ];
        for (credentials, region, service, expected) in cases {
            let mut request = request("https://example.amazonaws.com/");
            let mut params = params(credentials, SigningSettings::default());
            params.region = region;
            params.service = service;

            let error = sign(&mut request, &params).expect_err("invalid parameters are rejected");

            assert_eq!(error.kind(), ErrorKind::Signing);
            assert!(
                error.message().contains(expected),
                "expected {expected:?} in {error}"
            );
        }
    }

    #[test]
    fn debug_output_hides_signature_and_token() {
        let credentials = Credentials::new("AKIDEXAMPLE", SECRET, Some(TOKEN.to_owned()));
        let mut request = request("https://example.amazonaws.com/");

        let details = sign_with_details(
            &mut request,
            &params(&credentials, SigningSettings::default()),
        )
        .expect("the request can be signed");

        let details_debug = format!("{details:?}");
        let request_debug = format!("{request:?}");
        for debug in [&details_debug, &request_debug] {
            assert!(!debug.contains(details.signature()), "{debug}");
            assert!(!debug.contains(TOKEN), "{debug}");
        }
        let string_to_sign_debug = format!("{:?}", details.string_to_sign());
        assert!(
            details_debug.contains(&string_to_sign_debug),
            "{details_debug}"
        );
    }
}
