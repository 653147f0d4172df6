//! The runtime shared by every client that ingot generates.
//!
//! Generated crates hold only what differs between operations: types,
//! serialization and the mapping of error codes. Everything that is the same
//! for every operation lives here, so that a fix to signing or transport
//! needs no regeneration.

pub mod blob;
pub mod builder;
pub mod client;
mod clock_skew;
pub mod config;
pub mod context_path;
pub mod credentials;
pub mod date_time;
pub mod endpoint;
pub mod env;
pub mod error;
pub mod http_binding;
pub mod http_client;
pub mod idempotency;
pub mod jmespath;
pub mod json;
pub mod message;
pub mod paginator;
pub mod profile;
pub mod protocol;
pub mod rest_json;
pub mod retry;
pub mod service;
pub mod sigv4;
pub mod testing;
pub mod timeout;
pub mod transport;
pub mod waiter;

pub use bytes;
pub use http;

pub use blob::Blob;
pub use client::Client;
pub use config::{Config, ConfigBuilder, ConfigLoader};
pub use credentials::{Credentials, ProvideCredentials, SharedCredentialsProvider};
pub use date_time::{DateTime, TimestampFormat};
pub use endpoint::{Endpoint, RuleSet};
pub use error::{Error, ErrorKind, ErrorMetadata};
pub use http_client::HttpClient;
pub use idempotency::idempotency_token;
pub use json::Document;
pub use message::{Request, Response};
pub use retry::{RetryConfig, RetryMode};
pub use service::{Auth, OperationInfo, ServiceInfo};
pub use timeout::Timeouts;
