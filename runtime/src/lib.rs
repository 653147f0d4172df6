//! The runtime shared by every client that ingot generates.
//!
//! Generated crates hold only what differs between operations: types,
//! serialization and the mapping of error codes. Everything that is the same
//! for every operation lives here, so that a fix to signing or transport
//! needs no regeneration.

pub mod client;
pub mod config;
pub mod credentials;
pub mod env;
pub mod error;
pub mod json;
pub mod message;
pub mod profile;
pub mod rest_json;
pub mod service;
pub mod sigv4;
pub mod transport;

pub use http;

pub use client::Client;
pub use config::{Config, ConfigBuilder, ConfigLoader};
pub use credentials::Credentials;
pub use error::{Error, ErrorKind, ErrorMetadata};
pub use message::{Request, Response};
pub use service::ServiceInfo;
