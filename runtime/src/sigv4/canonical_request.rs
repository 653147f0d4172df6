//! The canonical request, the first stage of SigV4: method, canonical URI,
//! canonical query, canonical headers, signed-headers list and payload hash,
//! one per line, built into a single string.

use std::ops::Range;

use bytes::Bytes;
use http::Request;

use super::headers::{push_canonical_headers, AddedHeader};
use super::path::push_canonical_path;
use super::query::push_canonical_query;
use super::settings::SigningSettings;
use crate::error::Error;

/// A canonical request and where its signed-headers list is.
pub(crate) struct CanonicalRequest {
    pub(crate) text: String,
    pub(crate) signed_headers: Range<usize>,
}

impl CanonicalRequest {
    /// Builds the canonical request of `request` as it will be sent with the
    /// `added` headers, which replace the request's own values of those
    /// names. Request headers named in `withheld` are not signed.
    /// `payload_hash` is the lower-case hex SHA-256 of the body.
    ///
    /// # Errors
    ///
    /// Fails when a header value cannot be signed.
    pub(crate) fn build(
        request: &Request<Bytes>,
        settings: &SigningSettings,
        added: &[AddedHeader<'_>],
        withheld: &[&str],
        payload_hash: &str,
    ) -> Result<Self, Error> {
        let uri = request.uri();
        let path = uri.path();
        let query = uri.query().unwrap_or_default();
        // Encoding can triple the path and query, and most header lines are
        // shorter than 64 bytes, so this usually avoids growing the string.
        let estimate = 128
            + 3 * (path.len() + query.len())
            + 64 * (request.headers().len() + added.len())
            + payload_hash.len();
        let mut text = String::with_capacity(estimate);

        text.push_str(request.method().as_str());
        text.push('\n');
        push_canonical_path(&mut text, path, settings);
        text.push('\n');
        push_canonical_query(&mut text, query);
        text.push('\n');
        let signed_headers = push_canonical_headers(&mut text, request.headers(), added, withheld)?;
        text.push('\n');
        text.push_str(payload_hash);

        Ok(Self {
            text,
            signed_headers,
        })
    }

    /// Returns the signed-headers list, such as `host;x-amz-date`.
    pub(crate) fn signed_headers(&self) -> &str {
        &self.text[self.signed_headers.clone()]
    }
}
