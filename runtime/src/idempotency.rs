//! Values for members with the Smithy `@idempotencyToken` trait, which a
//! client fills when the caller leaves them unset, so that a retried request
//! is recognised by the service as the same request.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use ring::rand::{SecureRandom, SystemRandom};

/// Returns a random UUID version 4 (RFC 9562), lower-case and hyphenated,
/// such as `3f1c2a9e-5b7d-4e0f-9a62-1c8b0d4e7f35`.
///
/// The bytes come from the operating system's secure random source. That
/// source fails on supported platforms only in a broken sandbox. Then the
/// bytes come from the standard library's randomly seeded hasher over the
/// time and a process-wide counter instead, which makes them unique (all a
/// token needs) but not unpredictable.
pub fn idempotency_token() -> String {
    #[cfg(feature = "test-util")]
    if let Some(token) = testing::fixed_token() {
        return token;
    }

    let mut bytes = [0u8; 16];
    if SystemRandom::new().fill(&mut bytes).is_err() {
        bytes = fallback_bytes();
    }

    // The version (4, random) goes in the high nibble of byte 6 and the
    // variant (binary 10, RFC 9562) in the two high bits of byte 8.
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;

    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// A fixed token for tests that compare whole requests, such as the Smithy
/// protocol tests, which expect `00000000-0000-4000-8000-000000000000`
/// wherever a client fills a token. Only builds with the `test-util`
/// feature have it, so a released client always sends random tokens.
#[cfg(feature = "test-util")]
pub mod testing {
    use std::sync::RwLock;

    static FIXED: RwLock<Option<String>> = RwLock::new(None);

    /// Makes every later [`idempotency_token`](super::idempotency_token)
    /// call in this process return `token`, or random tokens again when
    /// `token` is `None`. Tests that run in parallel share the setting.
    pub fn fix_token(token: Option<&str>) {
        let mut fixed = FIXED
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *fixed = token.map(str::to_string);
    }

    pub(super) fn fixed_token() -> Option<String> {
        FIXED
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}

fn fallback_bytes() -> [u8; 16] {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos());

    let mut bytes = [0u8; 16];
    for (half, chunk) in bytes.chunks_mut(8).enumerate() {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(count);
        hasher.write_u128(nanos);
        hasher.write_usize(half);
        chunk.copy_from_slice(&hasher.finish().to_be_bytes());
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn assert_uuid_v4(token: &str) {
        assert_eq!(token.len(), 36, "{token}");
        for (index, character) in token.char_indices() {
            if [8, 13, 18, 23].contains(&index) {
                assert_eq!(character, '-', "{token}");
            } else {
                assert!(matches!(character, '0'..='9' | 'a'..='f'), "{token}");
            }
        }
        assert_eq!(&token[14..15], "4", "version nibble of {token}");
        assert!(
            matches!(&token[19..20], "8" | "9" | "a" | "b"),
            "variant bits of {token}"
        );
    }

    #[test]
    fn tokens_are_version_4_uuids() {
        for _ in 0..100 {
            assert_uuid_v4(&idempotency_token());
        }
    }

    #[test]
    fn tokens_are_unique() {
        let tokens: HashSet<String> = (0..1000).map(|_| idempotency_token()).collect();
        assert_eq!(tokens.len(), 1000);
    }

    #[test]
    fn fallback_bytes_are_unique() {
        let mut seen = HashSet::new();
        for _ in 0..1000 {
            assert!(seen.insert(fallback_bytes()));
        }
    }

    #[test]
    fn random_bits_vary_across_tokens() {
        // Each of the 122 random bits should be set in some of 64 tokens and
        // clear in others, because a stuck bit would mean a broken source. The
        // chance that a fair bit is the same in all 64 is 2^-63 per bit.
        let tokens: Vec<u128> = (0..64)
            .map(|_| u128::from_str_radix(&idempotency_token().replace('-', ""), 16).unwrap())
            .collect();
        let fixed_bits: u128 = (0xf_u128 << 76) | (0x3_u128 << 62);
        for bit in 0..128 {
            let mask = 1u128 << bit;
            if fixed_bits & mask != 0 {
                continue;
            }
            let set = tokens.iter().filter(|token| *token & mask != 0).count();
            assert!(
                set > 0 && set < tokens.len(),
                "bit {bit} is set in {set} of 64 tokens"
            );
        }
    }
}
