//! AWS Signature Version 4 (SigV4) for requests signed in the
//! `Authorization` header, written on the `hmac` and `sha2` crates.
//!
//! Signing runs in four stages. Module `canonical_request` builds the
//! canonical request from the parts that `path`, `query` and `headers`
//! write. Module `signing` hashes it into the string to sign with the
//! credential scope, signs that with the key that `key` derives from the
//! secret, and puts the signature into the `Authorization` header. The AWS
//! documentation describes the algorithm under "Create a signed AWS API
//! request".
//!
//! ```
//! use std::time::SystemTime;
//!
//! use bytes::Bytes;
//! use ingot_runtime::sigv4::{sign, SigningParams, SigningSettings};
//! use ingot_runtime::Credentials;
//!
//! let credentials = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None);
//! let mut request = http::Request::post("https://entityresolution.us-east-1.amazonaws.com/jobs")
//!     .header("content-type", "application/json")
//!     .body(Bytes::from_static(b"{}"))?;
//! let params = SigningParams {
//!     credentials: &credentials,
//!     region: "us-east-1",
//!     service: "entityresolution",
//!     time: SystemTime::now(),
//!     settings: SigningSettings::default(),
//! };
//! sign(&mut request, &params)?;
//!
//! assert!(request.headers().contains_key("authorization"));
//! assert_eq!(request.headers()["host"], "entityresolution.us-east-1.amazonaws.com");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod canonical_request;
mod encoding;
mod headers;
mod key;
mod path;
mod query;
mod settings;
mod signing;
mod time;

pub use settings::{SessionTokenMode, SigningParams, SigningSettings};
pub use signing::{sign, sign_with_details, SignatureDetails};
pub use time::AmzDate;
