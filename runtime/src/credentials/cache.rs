//! A cache in front of a credentials provider. It keeps credentials until
//! [`REFRESH_BEFORE_EXPIRY`] before they expire and then fetches new ones,
//! once, however many requests need them at the same moment.

use std::sync::RwLock;
use std::time::{Duration, SystemTime};

use tokio::sync::Mutex;

use super::{Credentials, CredentialsFuture, ProvideCredentials, SharedCredentialsProvider};
use crate::error::Error;

/// How long before their expiry cached credentials are refreshed. Temporary
/// credentials from AWS last at least 15 minutes, so this leaves most of
/// their life, and it is more than the time of a slow request, so a request
/// never leaves with credentials that expire on the way.
pub const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(5 * 60);

/// A provider with a cache. Cheap to share behind the `Arc` of a
/// [`SharedCredentialsProvider`].
#[derive(Debug)]
pub struct CredentialsCache {
    provider: SharedCredentialsProvider,
    cached: RwLock<Option<Credentials>>,
    /// Held while fetching, so that callers that find the cache stale at
    /// the same time wait for one fetch instead of starting their own.
    refresh: Mutex<()>,
}

impl CredentialsCache {
    /// Wraps `provider`.
    pub fn new(provider: SharedCredentialsProvider) -> Self {
        Self {
            provider,
            cached: RwLock::new(None),
            refresh: Mutex::new(()),
        }
    }

    /// Returns the cached credentials unless they are missing or due for a
    /// refresh at `now`.
    fn fresh(&self, now: SystemTime) -> Option<Credentials> {
        let cached = self.cached.read().unwrap_or_else(|e| e.into_inner());
        cached.as_ref().filter(|c| !needs_refresh(c, now)).cloned()
    }

    async fn get(&self) -> Result<Credentials, Error> {
        if let Some(credentials) = self.fresh(SystemTime::now()) {
            return Ok(credentials);
        }

        let _refreshing = self.refresh.lock().await;
        // Another caller may have refreshed while this one waited.
        if let Some(credentials) = self.fresh(SystemTime::now()) {
            return Ok(credentials);
        }

        match self.provider.provide_credentials().await {
            Ok(credentials) => {
                log_fetched(&credentials);
                let mut cached = self.cached.write().unwrap_or_else(|e| e.into_inner());
                *cached = Some(credentials.clone());
                Ok(credentials)
            }
            Err(error) => self.fall_back(error),
        }
    }

    /// Returns the cached credentials when a refresh failed but they have
    /// not expired yet, so that a short outage of the source does not fail
    /// requests. Otherwise returns `error`.
    fn fall_back(&self, error: Error) -> Result<Credentials, Error> {
        let cached = self.cached.read().unwrap_or_else(|e| e.into_inner());
        let still_valid = cached
            .as_ref()
            .filter(|c| c.expiry().is_none_or(|expiry| expiry > SystemTime::now()));
        match still_valid {
            Some(credentials) => {
                tracing::warn!(
                    error = %error,
                    "failed to refresh credentials; using the cached ones until they expire"
                );
                Ok(credentials.clone())
            }
            None => Err(error),
        }
    }
}

impl ProvideCredentials for CredentialsCache {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.get())
    }
}

/// Returns whether `credentials` expire within [`REFRESH_BEFORE_EXPIRY`]
/// of `now`.
fn needs_refresh(credentials: &Credentials, now: SystemTime) -> bool {
    match credentials.expiry() {
        None => false,
        Some(expiry) => {
            expiry
                .duration_since(now)
                .is_ok_and(|left| left <= REFRESH_BEFORE_EXPIRY)
                || expiry <= now
        }
    }
}

fn log_fetched(credentials: &Credentials) {
    match credentials.expiry() {
        Some(expiry) => tracing::debug!(
            access_key_id = credentials.access_key_id(),
            expiry = %crate::DateTime::from(expiry),
            "fetched credentials"
        ),
        None => tracing::debug!(
            access_key_id = credentials.access_key_id(),
            "fetched credentials that do not expire"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    /// A provider that counts its calls and returns keys that expire
    /// `lifetime` after each call, or fails once `fail_after` calls are
    /// done.
    #[derive(Debug)]
    struct Counting {
        calls: Arc<AtomicUsize>,
        lifetime: Option<Duration>,
        fail_after: usize,
    }

    impl ProvideCredentials for Counting {
        fn provide_credentials(&self) -> CredentialsFuture<'_> {
            let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            let result = if call > self.fail_after {
                Err(Error::new(crate::ErrorKind::Credentials, "source is down"))
            } else {
                Ok(Credentials::new(format!("AKID{call}"), "secret", None)
                    .with_expiry(self.lifetime.map(|l| SystemTime::now() + l)))
            };
            Box::pin(async move {
                // Yield so that concurrent callers overlap with the fetch.
                tokio::task::yield_now().await;
                result
            })
        }
    }

    fn cache(
        lifetime: Option<Duration>,
        fail_after: usize,
    ) -> (CredentialsCache, Arc<AtomicUsize>) {
        let calls = Arc::new(AtomicUsize::new(0));
        let provider = Counting {
            calls: calls.clone(),
            lifetime,
            fail_after,
        };
        (
            CredentialsCache::new(SharedCredentialsProvider::new(provider)),
            calls,
        )
    }

    #[tokio::test]
    async fn credentials_without_expiry_fetched_once() {
        let (cache, calls) = cache(None, usize::MAX);
        for _ in 0..5 {
            assert_eq!(
                cache.provide_credentials().await.unwrap().access_key_id(),
                "AKID1"
            );
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn long_lived_credentials_reused() {
        let (cache, calls) = cache(Some(Duration::from_secs(3600)), usize::MAX);
        cache.provide_credentials().await.unwrap();
        cache.provide_credentials().await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn credentials_near_expiry_refreshed() {
        let (cache, calls) = cache(Some(Duration::from_secs(60)), usize::MAX);
        let first = cache.provide_credentials().await.unwrap();
        let second = cache.provide_credentials().await.unwrap();

        assert_eq!(first.access_key_id(), "AKID1");
        assert_eq!(second.access_key_id(), "AKID2");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_callers_share_one_fetch() {
        let (cache, calls) = cache(Some(Duration::from_secs(3600)), usize::MAX);
        let cache = Arc::new(cache);
        let tasks: Vec<_> = (0..64)
            .map(|_| {
                let cache = cache.clone();
                tokio::spawn(async move { cache.provide_credentials().await.unwrap() })
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.unwrap().access_key_id(), "AKID1");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn failed_refresh_keeps_unexpired_credentials() {
        let (cache, calls) = cache(Some(Duration::from_secs(120)), 1);
        let first = cache.provide_credentials().await.unwrap();
        let second = cache.provide_credentials().await.unwrap();

        assert_eq!(calls.load(Ordering::SeqCst), 2);
        assert_eq!(second, first);
    }

    #[tokio::test]
    async fn failure_without_cache_is_returned() {
        let (cache, _) = cache(None, 0);
        let error = cache.provide_credentials().await.unwrap_err();
        assert_eq!(error.message(), "source is down");
    }

    #[test]
    fn refresh_window() {
        let now = SystemTime::now();
        let expiring = |secs| {
            Credentials::new("a", "b", None).with_expiry(Some(now + Duration::from_secs(secs)))
        };

        assert!(needs_refresh(&expiring(10), now));
        assert!(needs_refresh(&expiring(300), now));
        assert!(!needs_refresh(&expiring(301), now));
        let expired =
            Credentials::new("a", "b", None).with_expiry(Some(now - Duration::from_secs(1)));
        assert!(needs_refresh(&expired, now));
    }
}
