//! The seam between the client and the network: [`HttpClient`] sends one
//! signed request and returns the whole response. The default is the hyper
//! connection pool in [`transport`](crate::transport); tests put a test
//! double from [`testing`](crate::testing) in its place with
//! [`ConfigBuilder::http_client`](crate::ConfigBuilder::http_client).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;

use crate::error::Error;
use crate::message::Response;

/// The future that [`HttpClient::send`] returns.
pub type HttpFuture<'a> = Pin<Box<dyn Future<Output = Result<Response, Error>> + Send + 'a>>;

/// Sends one HTTP request and reads the whole response.
///
/// The client calls it once per attempt, with a request that is already
/// signed. Each request carries an [`OperationName`] extension that names
/// the operation, for test doubles that respond per operation.
///
/// # Errors
///
/// An implementation returns [`ErrorKind::Transport`](crate::ErrorKind::Transport)
/// for failures that a retry may fix (a refused or reset connection, a
/// truncated body), [`ErrorKind::Timeout`](crate::ErrorKind::Timeout) for a
/// connect timeout, and any other kind for failures that a retry cannot fix.
pub trait HttpClient: Send + Sync + fmt::Debug {
    /// Sends `request` and returns the response with its whole body,
    /// whatever its status.
    fn send(&self, request: http::Request<Bytes>) -> HttpFuture<'_>;
}

/// A cheaply cloneable [`HttpClient`] that clients built from one
/// configuration share.
#[derive(Clone, Debug)]
pub struct SharedHttpClient(Arc<dyn HttpClient>);

impl SharedHttpClient {
    /// Wraps `client`.
    pub fn new(client: impl HttpClient + 'static) -> Self {
        Self(Arc::new(client))
    }
}

impl HttpClient for SharedHttpClient {
    fn send(&self, request: http::Request<Bytes>) -> HttpFuture<'_> {
        self.0.send(request)
    }
}

/// The request extension that names the operation a request belongs to,
/// such as `StartIdMappingJob`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OperationName(pub &'static str);
