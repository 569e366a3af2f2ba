use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use super::{Credentials, CredentialsError, ProvideCredentials};

/// How long before their expiry credentials are fetched again: the official SDKs' 40 minutes,
/// or half the credentials' lifetime when that is shorter (so short-lived credentials are not
/// fetched again on every call).
const REFRESH_AHEAD: Duration = Duration::from_secs(40 * 60);

/// A provider behind a cache: what a [`Client`](crate::Client) holds, shared by all its clones
/// and by every domain client built from it.
///
/// - Permanent credentials are fetched once.
/// - Expiring ones are fetched again once inside the refresh window (40 minutes before expiry,
///   or half their lifetime if shorter): one call fetches while the others go on with the
///   still-valid credentials; if that fetch fails, they stay in use until they expire.
/// - Once expired (or before the first fetch), callers wait for one fetch, never several.
#[derive(Clone)]
pub struct SharedCredentials {
    inner: Arc<Inner>,
}

struct Inner {
    provider: Arc<dyn ProvideCredentials>,
    current: RwLock<Option<Cached>>,
    /// Held by the one caller that is fetching.
    refresh: tokio::sync::Mutex<()>,
}

#[derive(Clone)]
struct Cached {
    credentials: Arc<Credentials>,
    /// `None`: never refreshed.
    refresh_at: Option<SystemTime>,
    expires_at: Option<SystemTime>,
}

impl fmt::Debug for SharedCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedCredentials")
            .field("provider", &self.inner.provider)
            .finish_non_exhaustive()
    }
}

enum Freshness {
    Fresh,
    /// Inside the refresh window, still valid.
    Stale,
    Expired,
}

impl Cached {
    fn freshness(&self, now: SystemTime) -> Freshness {
        match (self.refresh_at, self.expires_at) {
            (None, _) => Freshness::Fresh,
            (Some(refresh_at), _) if now < refresh_at => Freshness::Fresh,
            (_, Some(expires_at)) if now < expires_at => Freshness::Stale,
            _ => Freshness::Expired,
        }
    }
}

impl SharedCredentials {
    /// Caches what `provider` returns, shared by every clone.
    pub fn new(provider: impl ProvideCredentials) -> Self {
        Self::from_arc(Arc::new(provider))
    }

    /// As [`SharedCredentials::new`], for a provider already behind an `Arc`.
    pub fn from_arc(provider: Arc<dyn ProvideCredentials>) -> Self {
        SharedCredentials {
            inner: Arc::new(Inner {
                provider,
                current: RwLock::new(None),
                refresh: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// The provider behind the cache.
    pub fn provider(&self) -> &Arc<dyn ProvideCredentials> {
        &self.inner.provider
    }

    fn current(&self) -> Option<Cached> {
        self.inner.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Credentials valid now: cached, or fetched (once, whatever the number of callers).
    pub async fn resolve(&self) -> Result<Arc<Credentials>, CredentialsError> {
        if let Some(cached) = self.current() {
            if cached.refresh_at.is_none() {
                // The common case, permanent credentials: no clock read, no lock held.
                return Ok(cached.credentials);
            }
            match cached.freshness(SystemTime::now()) {
                Freshness::Fresh => return Ok(cached.credentials),
                Freshness::Stale => {
                    let Ok(_guard) = self.inner.refresh.try_lock() else {
                        // Another caller is fetching; these are still valid.
                        return Ok(cached.credentials);
                    };
                    if let Some(now_cached) = self.current() {
                        if matches!(now_cached.freshness(SystemTime::now()), Freshness::Fresh) {
                            return Ok(now_cached.credentials);
                        }
                    }
                    return match self.fetch().await {
                        Ok(fresh) => Ok(fresh),
                        Err(e) => {
                            tracing::warn!(error = %e, "refreshing credentials failed; the current ones are still valid");
                            Ok(cached.credentials)
                        }
                    };
                }
                Freshness::Expired => {}
            }
        }
        let _guard = self.inner.refresh.lock().await;
        if let Some(cached) = self.current() {
            if !matches!(cached.freshness(SystemTime::now()), Freshness::Expired) {
                return Ok(cached.credentials);
            }
        }
        self.fetch().await
    }

    /// Fetches and stores; the caller holds the refresh lock.
    async fn fetch(&self) -> Result<Arc<Credentials>, CredentialsError> {
        let provided = self.inner.provider.provide_credentials().await?;
        provided.credentials.validate()?;
        let fetched_at = SystemTime::now();
        let refresh_at = provided.expires_at.map(|expires_at| {
            let lifetime = expires_at.duration_since(fetched_at).unwrap_or_default();
            expires_at - REFRESH_AHEAD.min(lifetime / 2)
        });
        let cached = Cached {
            credentials: Arc::new(provided.credentials),
            refresh_at,
            expires_at: provided.expires_at,
        };
        let credentials = cached.credentials.clone();
        *self.inner.current.write().unwrap_or_else(|e| e.into_inner()) = Some(cached);
        Ok(credentials)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::{ProvideFuture, ProvidedCredentials};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;

    /// Hands out `AK<n>` for the n-th fetch, valid for `lifetime`, after `delay`.
    #[derive(Debug)]
    struct Counting {
        fetches: AtomicUsize,
        lifetime: Option<Duration>,
        delay: Duration,
        fail_from: Mutex<Option<usize>>,
    }

    impl Counting {
        fn new(lifetime: Option<Duration>, delay: Duration) -> Arc<Self> {
            Arc::new(Counting {
                fetches: AtomicUsize::new(0),
                lifetime,
                delay,
                fail_from: Mutex::new(None),
            })
        }
    }

    impl ProvideCredentials for Arc<Counting> {
        fn provide_credentials(&self) -> ProvideFuture<'_> {
            Box::pin(async move {
                tokio::time::sleep(self.delay).await;
                let n = self.fetches.fetch_add(1, Ordering::SeqCst) + 1;
                if self.fail_from.lock().unwrap().is_some_and(|from| n >= from) {
                    return Err(CredentialsError::Metadata("down".into()));
                }
                let creds = Credentials::temporary(format!("AK{n}"), "sk", "tok");
                Ok(match self.lifetime {
                    Some(l) => ProvidedCredentials::expiring(creds, SystemTime::now() + l),
                    None => ProvidedCredentials::permanent(creds),
                })
            })
        }
    }

    fn ak(c: &Credentials) -> String {
        match c {
            Credentials::AkSk { access_key, .. } => access_key.clone(),
            _ => panic!(),
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_first_calls_fetch_once() {
        let provider = Counting::new(None, Duration::from_millis(50));
        let shared = SharedCredentials::new(provider.clone());
        let tasks: Vec<_> = (0..64)
            .map(|_| {
                let s = shared.clone();
                tokio::spawn(async move { s.resolve().await.map(|c| ak(&c)) })
            })
            .collect();
        for t in tasks {
            assert_eq!(t.await.unwrap().unwrap(), "AK1");
        }
        assert_eq!(provider.fetches.load(Ordering::SeqCst), 1);
        shared.resolve().await.unwrap();
        assert_eq!(
            provider.fetches.load(Ordering::SeqCst),
            1,
            "permanent credentials are fetched once"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn expiring_credentials_are_fetched_again_ahead_of_expiry_once() {
        // Lifetime 400 ms: refreshed from 200 ms on (half the lifetime).
        let provider = Counting::new(Some(Duration::from_millis(400)), Duration::from_millis(20));
        let shared = SharedCredentials::new(provider.clone());
        assert_eq!(ak(&shared.resolve().await.unwrap()), "AK1");
        assert_eq!(ak(&shared.resolve().await.unwrap()), "AK1", "fresh: cached");
        tokio::time::sleep(Duration::from_millis(250)).await;
        let results: Vec<String> = futures_util::future::join_all((0..32).map(|_| {
            let s = shared.clone();
            async move { ak(&s.resolve().await.unwrap()) }
        }))
        .await;
        // One caller refreshed; the others went on with AK1 meanwhile, still valid.
        assert!(results.iter().all(|r| r == "AK1" || r == "AK2"), "{results:?}");
        assert!(results.iter().any(|r| r == "AK2"), "{results:?}");
        assert_eq!(provider.fetches.load(Ordering::SeqCst), 2);
        assert_eq!(ak(&shared.resolve().await.unwrap()), "AK2");
    }

    #[tokio::test]
    async fn a_failed_refresh_keeps_valid_credentials_and_expired_ones_are_not_used() {
        let provider = Counting::new(Some(Duration::from_millis(300)), Duration::ZERO);
        let shared = SharedCredentials::new(provider.clone());
        assert_eq!(ak(&shared.resolve().await.unwrap()), "AK1");
        *provider.fail_from.lock().unwrap() = Some(2);
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(ak(&shared.resolve().await.unwrap()), "AK1", "stale but valid");
        tokio::time::sleep(Duration::from_millis(150)).await;
        let err = shared.resolve().await.unwrap_err();
        assert_eq!(err, CredentialsError::Metadata("down".into()));
    }

    #[tokio::test]
    async fn clones_share_one_cache() {
        let provider = Counting::new(None, Duration::ZERO);
        let a = SharedCredentials::new(provider.clone());
        let b = a.clone();
        a.resolve().await.unwrap();
        b.resolve().await.unwrap();
        assert_eq!(provider.fetches.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn invalid_provided_credentials_are_refused() {
        #[derive(Debug)]
        struct Empty;
        impl ProvideCredentials for Empty {
            fn provide_credentials(&self) -> ProvideFuture<'_> {
                Box::pin(async { Ok(ProvidedCredentials::permanent(Credentials::aksk("AK", ""))) })
            }
        }
        let err = SharedCredentials::new(Empty).resolve().await.unwrap_err();
        assert_eq!(err, CredentialsError::EmptySecretKey);
    }
}
