//! The signing key: HMAC-SHA256 chained over the date, the region, the
//! service and the terminator `aws4_request`, starting from `AWS4` followed
//! by the secret access key. Deriving it takes four HMACs, so each thread
//! caches the last few keys. A key is valid for one day, region and
//! service.

use std::cell::RefCell;

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Number of keys that each thread keeps, enough for a few clients of
/// different services or regions used side by side.
const CACHE_CAPACITY: usize = 4;

/// Returns the HMAC-SHA256 of `message` under `key`.
pub(crate) fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC accepts keys of any length"),
    };
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// Returns the signing key for `secret` on `date_stamp` (`YYYYMMDD`) in
/// `region` for `service`, from this thread's cache when it is there.
pub(crate) fn signing_key(secret: &str, date_stamp: &str, region: &str, service: &str) -> [u8; 32] {
    let cached = KEY_CACHE
        .try_with(|cache| {
            let cache = cache.try_borrow().ok()?;
            cache
                .entries
                .iter()
                .find(|entry| entry.matches(secret, date_stamp, region, service))
                .map(|entry| entry.key)
        })
        .ok()
        .flatten();
    if let Some(key) = cached {
        return key;
    }

    let key = derive_signing_key(secret, date_stamp, region, service);
    // The cache is only an optimisation: when the thread is shutting down,
    // `try_with` fails and the key is simply not stored.
    let _ = KEY_CACHE.try_with(|cache| {
        if let Ok(mut cache) = cache.try_borrow_mut() {
            cache.insert(CachedKey {
                secret: secret.into(),
                date_stamp: date_stamp.into(),
                region: region.into(),
                service: service.into(),
                key,
            });
        }
    });
    key
}

/// Derives the signing key without the cache.
fn derive_signing_key(secret: &str, date_stamp: &str, region: &str, service: &str) -> [u8; 32] {
    let mut initial_key = Vec::with_capacity(4 + secret.len());
    initial_key.extend_from_slice(b"AWS4");
    initial_key.extend_from_slice(secret.as_bytes());

    let date_key = hmac_sha256(&initial_key, date_stamp.as_bytes());
    let region_key = hmac_sha256(&date_key, region.as_bytes());
    let service_key = hmac_sha256(&region_key, service.as_bytes());
    hmac_sha256(&service_key, b"aws4_request")
}

thread_local! {
    static KEY_CACHE: RefCell<KeyCache> = const {
        RefCell::new(KeyCache {
            entries: Vec::new(),
            next_slot: 0,
        })
    };
}

/// The keys of one thread, replaced oldest first once full.
struct KeyCache {
    entries: Vec<CachedKey>,
    next_slot: usize,
}

impl KeyCache {
    fn insert(&mut self, entry: CachedKey) {
        if self.entries.len() < CACHE_CAPACITY {
            self.entries.push(entry);
        } else {
            self.entries[self.next_slot] = entry;
            self.next_slot = (self.next_slot + 1) % CACHE_CAPACITY;
        }
    }
}

/// One derived key and its inputs. It keeps a copy of the secret so that a
/// lookup needs only string comparisons. It has no `Debug` implementation,
/// so neither the key nor the secret can end up in a log.
struct CachedKey {
    secret: Box<str>,
    date_stamp: Box<str>,
    region: Box<str>,
    service: Box<str>,
    key: [u8; 32],
}

impl CachedKey {
    fn matches(&self, secret: &str, date_stamp: &str, region: &str, service: &str) -> bool {
        *self.date_stamp == *date_stamp
            && *self.region == *region
            && *self.service == *service
            && *self.secret == *secret
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sigv4::encoding::push_hex;

    fn hex(bytes: &[u8]) -> String {
        let mut out = String::new();
        push_hex(&mut out, bytes);
        out
    }

    // The example key derivation of the AWS documentation, "Create a
    // signature for an AWS API request", for the IAM service.
    const EXAMPLE_SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    const EXAMPLE_KEY: &str = "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d";

    #[test]
    fn derives_documented_example_key() {
        let key = derive_signing_key(EXAMPLE_SECRET, "20120215", "us-east-1", "iam");
        assert_eq!(hex(&key), EXAMPLE_KEY);
    }

    #[test]
    fn cached_key_equals_derived_key() {
        let first = signing_key(EXAMPLE_SECRET, "20120215", "us-east-1", "iam");
        let second = signing_key(EXAMPLE_SECRET, "20120215", "us-east-1", "iam");
        assert_eq!(hex(&first), EXAMPLE_KEY);
        assert_eq!(hex(&second), EXAMPLE_KEY);
    }

    #[test]
    fn cache_separates_each_input() {
        let base = ("secret", "20240229", "us-east-1", "service");
        let variants = [
            ("other secret", base.1, base.2, base.3),
            (base.0, "20240301", base.2, base.3),
            (base.0, base.1, "eu-west-1", base.3),
            (base.0, base.1, base.2, "other"),
        ];
        // More entries than the cache holds, so eviction runs too.
        for _ in 0..2 {
            for (secret, date, region, service) in std::iter::once(base).chain(variants) {
                assert_eq!(
                    signing_key(secret, date, region, service),
                    derive_signing_key(secret, date, region, service),
                    "{secret:?} {date} {region} {service}"
                );
            }
        }
    }
}
