//! One attempt: the per-attempt headers, the signature with fresh
//! credentials at the corrected time, the send under the attempt timeout,
//! and the verdict on what came back.

use std::time::{Instant, SystemTime};

use bytes::Bytes;
use http::header::{HeaderName, HeaderValue, AUTHORIZATION};
use tracing::field::Empty;
use tracing::Instrument;

use super::prepare::Signing;
use super::Client;
use crate::credentials::ProvideCredentials;
use crate::error::{Error, ErrorKind};
use crate::http_client::{HttpClient, OperationName};
use crate::message::Response;
use crate::retry::classify::{self, Verdict};
use crate::service::OperationInfo;
use crate::sigv4::{self, SigningParams, SigningSettings};

/// The id that every attempt of one call carries, so that the service can
/// tell retries from new calls.
const INVOCATION_ID: HeaderName = HeaderName::from_static("amz-sdk-invocation-id");
/// The attempt number and the maximum, such as `attempt=2; max=3`.
const SDK_REQUEST: HeaderName = HeaderName::from_static("amz-sdk-request");

/// The outcome of one attempt.
pub(super) struct AttemptOutcome {
    pub(super) result: Result<Response, Error>,
    pub(super) verdict: Verdict,
    /// When the response or failure arrived, for clock skew.
    pub(super) received_at: SystemTime,
}

impl Client {
    /// Returns a copy of the prepared request with the headers of attempt
    /// number `attempt`.
    pub(super) fn attempt_request(
        &self,
        prepared: &http::Request<Bytes>,
        invocation_id: &HeaderValue,
        attempt: u32,
        max_attempts: u32,
    ) -> http::Request<Bytes> {
        let mut request = http::Request::new(prepared.body().clone());
        *request.method_mut() = prepared.method().clone();
        *request.uri_mut() = prepared.uri().clone();
        *request.headers_mut() = prepared.headers().clone();

        let headers = request.headers_mut();
        headers.insert(INVOCATION_ID, invocation_id.clone());
        headers.insert(
            SDK_REQUEST,
            HeaderValue::from_str(&format!("attempt={attempt}; max={max_attempts}"))
                .expect("digits and ASCII are a valid header value"),
        );
        request
    }

    /// Signs and sends `request`, and returns the outcome with its verdict.
    ///
    /// # Errors
    ///
    /// Fails, ending the call, when no credentials can be fetched or the
    /// request cannot be signed.
    pub(super) async fn run_attempt(
        &self,
        mut request: http::Request<Bytes>,
        signing: &Signing,
        operation: &OperationInfo,
        attempt: u32,
    ) -> Result<AttemptOutcome, Error> {
        self.sign(&mut request, signing).await?;
        request
            .extensions_mut()
            .insert(OperationName(operation.name()));

        let span = tracing::debug_span!(
            "attempt",
            attempt,
            status = Empty,
            request_id = Empty,
            latency_ms = Empty
        );
        let started = Instant::now();
        let result = self
            .send_once(request, operation)
            .instrument(span.clone())
            .await;
        let received_at = SystemTime::now();
        span.record("latency_ms", started.elapsed().as_millis() as u64);

        let verdict = match &result {
            Ok(response) => {
                span.record("status", response.status());
                if let Some(request_id) = request_id(response) {
                    span.record("request_id", request_id);
                }
                if response.is_success() {
                    Verdict::Success
                } else {
                    let metadata = crate::protocol::error_metadata(response);
                    let _entered = span.enter();
                    tracing::debug!(
                        status = response.status(),
                        code = metadata.code(),
                        "error response"
                    );
                    classify::classify_response(response, metadata.code(), operation)
                }
            }
            Err(error) => {
                let _entered = span.enter();
                tracing::debug!(error = %error, kind = ?error.kind(), "attempt failed");
                classify::classify_error(error)
            }
        };
        Ok(AttemptOutcome {
            result,
            verdict,
            received_at,
        })
    }

    /// Sends one signed request, failing with [`ErrorKind::Timeout`] when
    /// the attempt timeout expires first.
    async fn send_once(
        &self,
        request: http::Request<Bytes>,
        operation: &OperationInfo,
    ) -> Result<Response, Error> {
        let sent = self.inner.http.send(request);
        let result = match self.inner.config.timeouts().attempt() {
            None => sent.await,
            Some(limit) => tokio::time::timeout(limit, sent).await.unwrap_or_else(|_| {
                Err(Error::new(
                    ErrorKind::Timeout,
                    format!(
                        "an attempt of {} timed out after {} ms, the attempt timeout",
                        operation.name(),
                        limit.as_millis()
                    ),
                ))
            }),
        };

        // The default transport stops reading at the limit. This check
        // applies the same limit to any other HTTP client, such as a test
        // double.
        let max_response_bytes = self.inner.config.max_response_bytes();
        match result {
            Ok(response) if response.body().len() > max_response_bytes => {
                Err(crate::transport::response_too_large(max_response_bytes))
            }
            other => other,
        }
    }

    async fn sign(
        &self,
        request: &mut http::Request<Bytes>,
        signing: &Signing,
    ) -> Result<(), Error> {
        match signing {
            Signing::Bearer(value) => {
                request.headers_mut().insert(AUTHORIZATION, value.clone());
                Ok(())
            }
            Signing::SigV4 { region, name } => {
                let credentials = self
                    .inner
                    .config
                    .credentials_provider()?
                    .provide_credentials()
                    .await?;
                let params = SigningParams {
                    credentials: &credentials,
                    region,
                    service: name,
                    time: self.inner.clock_skew.now(),
                    settings: SigningSettings::default(),
                };
                sigv4::sign(request, &params)
            }
        }
    }
}

fn request_id(response: &Response) -> Option<&str> {
    response
        .header("x-amzn-requestid")
        .or_else(|| response.header("x-amz-request-id"))
}
