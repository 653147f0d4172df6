//! Correction of a local clock that is off. SigV4 signatures carry the
//! time, and AWS rejects those more than 5 minutes from its own clock. When
//! a response rejects a signature and its `Date` header shows that the
//! local clock is off, the client signs later requests at the service's
//! time instead.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::date_time::{DateTime, TimestampFormat};
use crate::message::Response;

/// The smallest difference between the service's clock and the local one
/// that counts as skew. SigV4 accepts 5 minutes, so a rejection with a
/// smaller difference has another cause, such as a wrong secret key.
const MIN_SKEW: Duration = Duration::from_secs(4 * 60);

/// The offset to add to the local clock, shared by the attempts of a client.
#[derive(Debug, Default)]
pub(crate) struct ClockSkew {
    offset_millis: AtomicI64,
}

impl ClockSkew {
    /// Returns the local time corrected by the offset.
    pub(crate) fn now(&self) -> SystemTime {
        let offset = self.offset_millis.load(Ordering::Relaxed);
        let magnitude = Duration::from_millis(offset.unsigned_abs());
        let local = SystemTime::now();
        if offset >= 0 {
            local + magnitude
        } else {
            local.checked_sub(magnitude).unwrap_or(local)
        }
    }

    /// Returns the current offset in milliseconds.
    pub(crate) fn offset_millis(&self) -> i64 {
        self.offset_millis.load(Ordering::Relaxed)
    }

    /// Reads the service's time from the `Date` header of `response`, which
    /// rejected a signature, and stores the offset when the local clock is
    /// off by at least [`MIN_SKEW`]. Returns whether it stored an offset.
    pub(crate) fn correct_from(&self, response: &Response, received_at: SystemTime) -> bool {
        let Some(server_millis) = response
            .header("date")
            .and_then(|date| DateTime::parse(date, TimestampFormat::HttpDate).ok())
            .and_then(|date| date.secs().checked_mul(1000))
        else {
            return false;
        };
        let Some(local_millis) = millis_since_epoch(received_at) else {
            return false;
        };

        let offset = server_millis.saturating_sub(local_millis);
        if offset.unsigned_abs() < MIN_SKEW.as_millis() as u64 {
            return false;
        }
        self.offset_millis.store(offset, Ordering::Relaxed);
        true
    }
}

fn millis_since_epoch(time: SystemTime) -> Option<i64> {
    let millis = time.duration_since(UNIX_EPOCH).ok()?.as_millis();
    i64::try_from(millis).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use http::{HeaderMap, HeaderValue};

    fn response_dated(date: &str) -> Response {
        let mut headers = HeaderMap::new();
        headers.insert("date", HeaderValue::from_str(date).unwrap());
        Response::new(403, headers, Bytes::new())
    }

    /// 2020-01-01T00:00:00Z.
    fn local_time() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_577_836_800)
    }

    #[test]
    fn skew_of_an_hour_is_stored() {
        let skew = ClockSkew::default();
        let corrected = skew.correct_from(
            &response_dated("Wed, 01 Jan 2020 01:00:00 GMT"),
            local_time(),
        );

        assert!(corrected);
        assert_eq!(skew.offset_millis(), 3_600_000);
    }

    #[test]
    fn clock_behind_is_stored_negative() {
        let skew = ClockSkew::default();
        skew.correct_from(
            &response_dated("Tue, 31 Dec 2019 23:50:00 GMT"),
            local_time(),
        );

        assert_eq!(skew.offset_millis(), -600_000);
    }

    #[test]
    fn small_difference_is_ignored() {
        let skew = ClockSkew::default();
        let corrected = skew.correct_from(
            &response_dated("Wed, 01 Jan 2020 00:03:00 GMT"),
            local_time(),
        );

        assert!(!corrected);
        assert_eq!(skew.offset_millis(), 0);
    }

    #[test]
    fn missing_or_invalid_date_is_ignored() {
        let skew = ClockSkew::default();
        let undated = Response::new(403, HeaderMap::new(), Bytes::new());

        assert!(!skew.correct_from(&undated, local_time()));
        assert!(!skew.correct_from(&response_dated("yesterday"), local_time()));
        assert_eq!(skew.offset_millis(), 0);
    }

    #[test]
    fn now_applies_offset() {
        let skew = ClockSkew::default();
        skew.offset_millis.store(7_200_000, Ordering::Relaxed);

        let ahead = skew
            .now()
            .duration_since(SystemTime::now())
            .unwrap_or_default();
        assert!(ahead > Duration::from_secs(7_100), "{ahead:?}");
    }
}
