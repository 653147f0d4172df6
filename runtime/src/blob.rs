//! [`Blob`], the Smithy blob type, and the base64 encoding that JSON bodies
//! and `@mediaType` headers use for binary data.

use std::fmt;

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;

/// Standard alphabet (RFC 4648 section 4). Encoding pads with `=`; decoding
/// accepts input with or without padding, because a missing `=` loses no
/// data and some services leave it out.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Debug output shows at most this many bytes of a blob.
const DEBUG_PREVIEW_BYTES: usize = 16;

/// Binary data, such as a file's contents or an opaque token.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Blob(Vec<u8>);

impl Blob {
    /// Wraps `bytes`.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self(bytes.into())
    }

    /// Returns the bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Returns the bytes, consuming the blob.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<&[u8]> for Blob {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

impl From<&str> for Blob {
    fn from(text: &str) -> Self {
        Self(text.as_bytes().to_vec())
    }
}

impl From<String> for Blob {
    fn from(text: String) -> Self {
        Self(text.into_bytes())
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// Shows the length and the first bytes, so that a large or secret payload
/// does not end up whole in logs.
impl fmt::Debug for Blob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let preview = &self.0[..self.0.len().min(DEBUG_PREVIEW_BYTES)];
        write!(f, "Blob({} bytes: ", self.0.len())?;
        for byte in preview {
            write!(f, "{byte:02x}")?;
        }
        if preview.len() < self.0.len() {
            f.write_str("...")?;
        }
        f.write_str(")")
    }
}

/// Text that is not valid base64.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Base64Error {
    message: String,
}

impl fmt::Display for Base64Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Base64Error {}

/// Encodes `bytes` as base64 with the standard alphabet and `=` padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    BASE64.encode(bytes)
}

/// Decodes base64 with the standard alphabet, with or without `=` padding.
///
/// # Errors
///
/// Fails on characters outside the alphabet (including the URL-safe `-` and
/// `_`), whitespace, a truncated final group, or unused bits that are not
/// zero, naming the position of the problem.
pub fn base64_decode(text: &str) -> Result<Vec<u8>, Base64Error> {
    BASE64.decode(text).map_err(|error| Base64Error {
        message: format!("invalid base64: {error}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test vectors of RFC 4648 section 10.
    const RFC4648: [(&str, &str); 7] = [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ];

    #[test]
    fn encodes_rfc4648_vectors() {
        for (plain, encoded) in RFC4648 {
            assert_eq!(base64_encode(plain.as_bytes()), encoded, "{plain:?}");
        }
    }

    #[test]
    fn decodes_rfc4648_vectors_with_and_without_padding() {
        for (plain, encoded) in RFC4648 {
            assert_eq!(
                base64_decode(encoded).unwrap(),
                plain.as_bytes(),
                "{encoded}"
            );
            let unpadded = encoded.trim_end_matches('=');
            assert_eq!(
                base64_decode(unpadded).unwrap(),
                plain.as_bytes(),
                "{unpadded}"
            );
        }
    }

    #[test]
    fn encodes_protocol_test_values() {
        // From the restJson1 JsonBlobs and MediaTypeHeader tests.
        assert_eq!(base64_encode(b"value"), "dmFsdWU=");
        assert_eq!(base64_encode(b"true"), "dHJ1ZQ==");
        // Every byte value, which uses `+` and `/`.
        let all: Vec<u8> = (0..=255).collect();
        let encoded = base64_encode(&all);
        assert!(encoded.contains('+'), "{encoded}");
        assert!(encoded.contains('/'), "{encoded}");
        assert_eq!(base64_decode(&encoded).unwrap(), all);
    }

    #[test]
    fn rejects_invalid_base64() {
        let cases = [
            "Zm9v!",
            "Zm9v YmFy",
            "Zg===",
            "Zm9v=",
            "Z",
            "Zm9vY-==",
            "Zm9vY_==",
            "Zh==",
        ];
        for text in cases {
            let result = base64_decode(text);
            assert!(result.is_err(), "{text:?} decoded as {result:?}");
        }
        let error = base64_decode("Zm9v!").unwrap_err();
        assert!(error.to_string().starts_with("invalid base64: "), "{error}");
    }

    #[test]
    fn blob_conversions_keep_bytes() {
        assert_eq!(Blob::from("hi").as_bytes(), b"hi");
        assert_eq!(Blob::from(String::from("hi")).into_inner(), b"hi".to_vec());
        assert_eq!(Blob::from(&b"\x00\xff"[..]).as_ref(), b"\x00\xff");
        assert_eq!(Blob::from(vec![1, 2]), Blob::new([1u8, 2]));
        assert_eq!(Blob::default().as_bytes(), b"");
    }

    #[test]
    fn debug_shows_length_and_preview() {
        assert_eq!(format!("{:?}", Blob::from("hi")), "Blob(2 bytes: 6869)");
        let large = Blob::new(vec![0xab; 1_000_000]);
        let debug = format!("{large:?}");
        assert_eq!(
            debug,
            format!("Blob(1000000 bytes: {}...)", "ab".repeat(16))
        );
    }
}
