//! The signing time in the forms that SigV4 uses: `YYYYMMDD'T'HHMMSS'Z'` in
//! UTC for the `X-Amz-Date` header and the string to sign, and its first
//! eight characters, `YYYYMMDD`, for the credential scope. The calendar
//! date comes from [`DateTime`], which the runtime shares for all
//! timestamps.

use std::fmt;
use std::time::SystemTime;

use crate::date_time::DateTime;
use crate::error::{Error, ErrorKind};

/// A UTC time formatted as `YYYYMMDD'T'HHMMSS'Z'`, for example
/// `20150830T123600Z`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct AmzDate([u8; 16]);

impl AmzDate {
    /// Formats `time` in UTC.
    ///
    /// # Errors
    ///
    /// Fails when `time` is before 1970-01-01T00:00:00Z or after the year
    /// 9999, which the four-digit year cannot show.
    pub fn from_system_time(time: SystemTime) -> Result<Self, Error> {
        let time = DateTime::from(time);
        if time.secs() < 0 {
            return Err(Error::new(
                ErrorKind::Signing,
                "signing time is before 1970-01-01T00:00:00Z; check the system clock",
            ));
        }

        let civil = time.civil();
        if civil.year > 9999 {
            return Err(Error::new(
                ErrorKind::Signing,
                "signing time is after the year 9999; check the system clock",
            ));
        }

        let mut text = [0u8; 16];
        // The year is 1970..=9999 here, so it is positive and has four digits.
        write_decimal(&mut text[0..4], civil.year as u64);
        write_decimal(&mut text[4..6], u64::from(civil.month));
        write_decimal(&mut text[6..8], u64::from(civil.day));
        text[8] = b'T';
        write_decimal(&mut text[9..11], u64::from(civil.hour));
        write_decimal(&mut text[11..13], u64::from(civil.minute));
        write_decimal(&mut text[13..15], u64::from(civil.second));
        text[15] = b'Z';
        Ok(Self(text))
    }

    /// Returns the full form, `YYYYMMDD'T'HHMMSS'Z'`.
    pub fn as_str(&self) -> &str {
        match std::str::from_utf8(&self.0) {
            Ok(text) => text,
            Err(_) => unreachable!("an AmzDate holds only ASCII digits, `T` and `Z`"),
        }
    }

    /// Returns the date alone, `YYYYMMDD`, as the credential scope uses it.
    pub fn date_stamp(&self) -> &str {
        &self.as_str()[..8]
    }
}

impl fmt::Display for AmzDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for AmzDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("AmzDate").field(&self.as_str()).finish()
    }
}

/// Writes `value` as decimal digits that fill `out`, padded with leading
/// zeros. Higher digits that do not fit are dropped.
fn write_decimal(out: &mut [u8], mut value: u64) {
    for digit in out.iter_mut().rev() {
        // `value % 10` is below 10, so the cast cannot truncate.
        *digit = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    fn format(seconds_since_epoch: u64) -> String {
        let time = UNIX_EPOCH + Duration::from_secs(seconds_since_epoch);
        match AmzDate::from_system_time(time) {
            Ok(date) => date.as_str().to_owned(),
            Err(error) => panic!("{seconds_since_epoch}: {error}"),
        }
    }

    #[test]
    fn formats_known_times() {
        // Each pair was checked with `date -u -d @SECONDS`.
        let cases = [
            (0, "19700101T000000Z"),
            (1_440_938_160, "20150830T123600Z"),
            (1_620_747_645, "20210511T154045Z"),
            (2_147_483_648, "20380119T031408Z"),
            (253_402_300_799, "99991231T235959Z"),
        ];
        for (seconds, expected) in cases {
            assert_eq!(
                format(seconds),
                expected,
                "{seconds} seconds after the epoch"
            );
        }
    }

    #[test]
    fn formats_leap_days() {
        let cases = [
            // 1972 is the first leap year after the epoch.
            (68_255_999, "19720229T235959Z"),
            // 2000 is divisible by 400, so it is a leap year.
            (951_825_600, "20000229T120000Z"),
            (951_868_800, "20000301T000000Z"),
            (1_709_164_800, "20240229T000000Z"),
            // 2100 is divisible by 100 but not by 400, so February has 28 days.
            (4_107_542_399, "21000228T235959Z"),
            (4_107_542_400, "21000301T000000Z"),
        ];
        for (seconds, expected) in cases {
            assert_eq!(
                format(seconds),
                expected,
                "{seconds} seconds after the epoch"
            );
        }
    }

    #[test]
    fn formats_month_and_year_ends() {
        let cases = [
            (1_422_748_799, "20150131T235959Z"),
            (1_422_748_800, "20150201T000000Z"),
            (1_704_067_199, "20231231T235959Z"),
            (1_704_067_200, "20240101T000000Z"),
        ];
        for (seconds, expected) in cases {
            assert_eq!(
                format(seconds),
                expected,
                "{seconds} seconds after the epoch"
            );
        }
    }

    #[test]
    fn date_stamp_is_the_date_part() {
        let time = UNIX_EPOCH + Duration::from_secs(1_440_938_160);
        let date = AmzDate::from_system_time(time).expect("2015 is in range");
        assert_eq!(date.date_stamp(), "20150830");
    }

    #[test]
    fn rejects_time_before_epoch() {
        let time = UNIX_EPOCH - Duration::from_secs(1);
        let error = AmzDate::from_system_time(time).expect_err("1969 is out of range");
        assert_eq!(error.kind(), ErrorKind::Signing);
        assert!(error.message().contains("before 1970"), "{error}");
    }

    #[test]
    fn rejects_year_after_9999() {
        let time = UNIX_EPOCH + Duration::from_secs(253_402_300_800);
        let error = AmzDate::from_system_time(time).expect_err("10000 is out of range");
        assert_eq!(error.kind(), ErrorKind::Signing);
        assert!(error.message().contains("9999"), "{error}");
    }
}
