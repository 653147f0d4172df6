//! [`Responder`]: an HTTP client that returns, for the next request, a
//! response from the fuzz input, so that a generated client reads it as it
//! would read one from the network.

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use ingot_runtime::http_client::HttpFuture;
use ingot_runtime::{Error, ErrorKind, HttpClient, Response};

/// Returns the response set with [`Responder::set`] to the next request.
/// Clones share it.
#[derive(Clone, Debug, Default)]
pub struct Responder {
    next: Arc<Mutex<Option<Response>>>,
}

impl Responder {
    /// Sets the response for the next request.
    pub fn set(&self, response: Response) {
        *self.next.lock().unwrap_or_else(|e| e.into_inner()) = Some(response);
    }
}

impl HttpClient for Responder {
    fn send(&self, _request: http::Request<Bytes>) -> HttpFuture<'_> {
        let next = self.next.lock().unwrap_or_else(|e| e.into_inner()).take();
        Box::pin(async move {
            next.ok_or_else(|| Error::new(ErrorKind::Transport, "no fuzz response left"))
        })
    }
}

/// Returns a client configuration for region `us-east-1` with static
/// credentials, no retries and `responder` in place of the network.
pub fn config(responder: &Responder) -> ingot_runtime::Config {
    ingot_runtime::Config::builder()
        .region("us-east-1")
        .credentials(ingot_runtime::Credentials::new(
            "AKIDFUZZ",
            "fuzz-secret",
            None,
        ))
        .retry_config(ingot_runtime::RetryConfig::disabled())
        .http_client(responder.clone())
        .build()
}
