//! Sends an operation's request: resolves the endpoint with the service's
//! rules, adds the standard headers, then runs attempts until one succeeds
//! or the retry rules end the call. Each attempt is signed anew, with SigV4 (or
//! a bearer token), at the time of a clock corrected for skew, and sent
//! through the configured [`HttpClient`](crate::HttpClient).
//!
//! Every call runs in a `tracing` span named `operation` (service,
//! operation, invocation id, attempts, final status), and every attempt in
//! a span named `attempt` (attempt number, status, request id, latency).
//! Retry decisions are `debug` events. No field holds a key, a token or a
//! signature.

mod attempt;
mod prepare;

use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};
use std::{fmt, sync::Arc};

use http::header::HeaderValue;
use tracing::field::Empty;
use tracing::Instrument;

use crate::clock_skew::ClockSkew;
use crate::config::Config;
use crate::endpoint::{Endpoint, RuleSet};
use crate::error::{Error, ErrorKind};
use crate::http_client::SharedHttpClient;
use crate::message::{Request, Response};
use crate::retry::adaptive::RateLimiter;
use crate::retry::classify::{RetryKind, Verdict};
use crate::retry::quota::RetryQuota;
use crate::retry::{backoff, RetryConfig, RetryMode};
use crate::service::{OperationInfo, ServiceInfo};
use crate::transport::Transport;

/// A client for one service: its configuration, a connection pool, and the
/// retry state that its calls share. Cheap to clone; clones share all of it.
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    service: &'static ServiceInfo,
    http: SharedHttpClient,
    user_agent: HeaderValue,
    /// The service's endpoint rules, compiled on the first request.
    rules: OnceLock<RuleSet>,
    /// The endpoint of operations that set no endpoint parameters of their
    /// own: it depends only on the configuration, which cannot change.
    /// Failures are not stored, so every request reports them.
    endpoint: OnceLock<Endpoint>,
    retry_quota: RetryQuota,
    rate_limiter: Mutex<RateLimiter>,
    /// The origin of the rate limiter's monotonic clock.
    created: Instant,
    clock_skew: ClockSkew,
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.service.sdk_id)
            .field("config", &self.config)
            .field("http", &self.http)
            .field("retry_tokens", &self.retry_quota.available())
            .field("clock_skew_millis", &self.clock_skew.offset_millis())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Creates a client for `service` with `config`.
    pub fn new(config: &Config, service: &'static ServiceInfo) -> Self {
        let user_agent = format!(
            "{} ingot-runtime/{}",
            service.crate_version,
            env!("CARGO_PKG_VERSION")
        );
        let http = match config.http_client() {
            Some(http) => http.clone(),
            None => SharedHttpClient::new(
                Transport::with_connect_timeout(config.timeouts().connect())
                    .with_max_response_bytes(config.max_response_bytes()),
            ),
        };
        Self {
            inner: Arc::new(Inner {
                config: config.clone(),
                service,
                http,
                // Crate names and versions are plain ASCII.
                user_agent: HeaderValue::from_str(&user_agent)
                    .unwrap_or_else(|_| HeaderValue::from_static("ingot-runtime")),
                rules: OnceLock::new(),
                endpoint: OnceLock::new(),
                retry_quota: RetryQuota::new(),
                rate_limiter: Mutex::new(RateLimiter::new(0.0)),
                created: Instant::now(),
                clock_skew: ClockSkew::default(),
            }),
        }
    }

    /// Returns the configuration the client was created with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Sends `request` for `operation`, retrying as the configuration's
    /// [`RetryConfig`] allows, and returns the last response, whatever its
    /// status. `operation` is an [`OperationInfo`], or just the operation's
    /// name when the model marks none of its errors `@retryable`.
    ///
    /// # Errors
    ///
    /// Fails when configuration is missing, the endpoint rules reject the
    /// configuration, the request cannot be signed, no credentials can be
    /// fetched, a timeout expires, or the transport fails on the last
    /// attempt. Error statuses are returned as responses.
    pub async fn send(
        &self,
        request: Request,
        operation: impl Into<OperationInfo>,
    ) -> Result<Response, Error> {
        let operation = operation.into();
        let invocation_id = crate::idempotency::idempotency_token();
        let span = tracing::debug_span!(
            "operation",
            service = self.inner.service.sdk_id,
            operation = operation.name(),
            invocation_id = %invocation_id,
            attempts = Empty,
            status = Empty,
        );

        let timeout = self.inner.config.timeouts().operation();
        let calls = self.send_with_retries(request, &operation, &invocation_id, &span);
        async move {
            let result = match timeout {
                None => calls.await,
                Some(limit) => tokio::time::timeout(limit, calls)
                    .await
                    .unwrap_or_else(|_| {
                        Err(Error::new(
                            ErrorKind::Timeout,
                            format!(
                            "{} timed out after {} ms, the operation timeout, which covers every \
                             attempt and the waits between them",
                            operation.name(),
                            limit.as_millis()
                        ),
                        ))
                    }),
            };
            if let Err(error) = &result {
                tracing::debug!(error = %error, kind = ?error.kind(), "operation failed");
            }
            result
        }
        .instrument(span.clone())
        .await
    }

    async fn send_with_retries(
        &self,
        request: Request,
        operation: &OperationInfo,
        invocation_id: &str,
        span: &tracing::Span,
    ) -> Result<Response, Error> {
        let retry = self.inner.config.retry_config()?;
        let (http_request, signing) = self.prepare(request, operation.name())?;
        let invocation_id =
            HeaderValue::from_str(invocation_id).expect("a UUID is a valid header value");

        let mut attempt = 1;
        let mut last_retry_cost = None;
        let mut corrected_skew = false;
        loop {
            self.pace(retry.mode()).await;

            let attempt_request =
                self.attempt_request(&http_request, &invocation_id, attempt, retry.max_attempts());
            let outcome = self
                .run_attempt(attempt_request, &signing, operation, attempt)
                .await?;
            if retry.mode() == RetryMode::Adaptive {
                let throttled = outcome.verdict == Verdict::Retry(RetryKind::Throttling);
                let now = self.inner.created.elapsed().as_secs_f64();
                self.lock_rate_limiter().record_response(throttled, now);
            }

            span.record("attempts", attempt);
            if let Ok(response) = &outcome.result {
                span.record("status", response.status());
            }

            match outcome.verdict {
                Verdict::Success => {
                    self.inner.retry_quota.release(last_retry_cost);
                    return outcome.result;
                }
                Verdict::Final => return outcome.result,
                Verdict::ClockSkew => {
                    let corrected = match &outcome.result {
                        Ok(response) if !corrected_skew && attempt < retry.max_attempts() => self
                            .inner
                            .clock_skew
                            .correct_from(response, outcome.received_at),
                        _ => false,
                    };
                    if !corrected {
                        return outcome.result;
                    }
                    corrected_skew = true;
                    tracing::debug!(
                        attempt,
                        clock_skew_ms = self.inner.clock_skew.offset_millis(),
                        "the service rejected the signature's time; retrying at the service's time"
                    );
                }
                Verdict::Retry(kind) => {
                    if attempt >= retry.max_attempts() {
                        tracing::debug!(
                            attempt,
                            reason = kind.as_str(),
                            "not retrying: no attempts left"
                        );
                        return with_attempts(outcome.result, attempt);
                    }
                    let Some(cost) = self.inner.retry_quota.acquire(kind) else {
                        tracing::debug!(
                            attempt,
                            reason = kind.as_str(),
                            "not retrying: the client's retry quota is used up by recent failures"
                        );
                        return with_attempts(outcome.result, attempt);
                    };
                    last_retry_cost = Some(cost);

                    let delay =
                        backoff::delay(attempt, retry.initial_backoff(), retry.max_backoff());
                    tracing::debug!(
                        attempt,
                        reason = kind.as_str(),
                        delay_ms = delay.as_millis() as u64,
                        retry_tokens_left = self.inner.retry_quota.available(),
                        "retrying"
                    );
                    tokio::time::sleep(delay).await;
                }
            }
            attempt += 1;
        }
    }

    /// Waits for the delay that the adaptive rate limiter computes. Returns
    /// at once in standard mode or before the service has throttled the
    /// client.
    async fn pace(&self, mode: RetryMode) {
        if mode != RetryMode::Adaptive {
            return;
        }
        let now = self.inner.created.elapsed().as_secs_f64();
        let wait = self.lock_rate_limiter().acquire(now);
        if wait > 0.0 {
            let wait =
                Duration::from_secs_f64(wait.min(RetryConfig::DEFAULT_MAX_BACKOFF.as_secs_f64()));
            tracing::debug!(
                delay_ms = wait.as_millis() as u64,
                "adaptive retry mode delays the attempt"
            );
            tokio::time::sleep(wait).await;
        }
    }

    fn lock_rate_limiter(&self) -> std::sync::MutexGuard<'_, RateLimiter> {
        self.inner
            .rate_limiter
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }
}

/// Adds the number of attempts to the message of a failure that ended the
/// retries.
fn with_attempts(result: Result<Response, Error>, attempts: u32) -> Result<Response, Error> {
    result.map_err(|error| {
        if attempts > 1 {
            error.with_message_suffix(&format!(" (after {attempts} attempts)"))
        } else {
            error
        }
    })
}
