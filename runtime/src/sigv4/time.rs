//! The signing time in the forms that SigV4 uses: `YYYYMMDD'T'HHMMSS'Z'` in
//! UTC for the `X-Amz-Date` header and the string to sign, and its first
//! eight characters, `YYYYMMDD`, for the credential scope. The conversion
//! from seconds since the Unix epoch to a calendar date is written here, so
//! the runtime needs no date crate.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::{Error, ErrorKind};

const SECONDS_PER_DAY: u64 = 86_400;

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
        let seconds = time
            .duration_since(UNIX_EPOCH)
            .map_err(|_| {
                Error::new(
                    ErrorKind::Signing,
                    "signing time is before 1970-01-01T00:00:00Z; check the system clock",
                )
            })?
            .as_secs();

        let (year, month, day) = civil_date_from_days(seconds / SECONDS_PER_DAY);
        if year > 9999 {
            return Err(Error::new(
                ErrorKind::Signing,
                "signing time is after the year 9999; check the system clock",
            ));
        }
        let second_of_day = seconds % SECONDS_PER_DAY;

        let mut text = [0u8; 16];
        write_decimal(&mut text[0..4], year);
        write_decimal(&mut text[4..6], month);
        write_decimal(&mut text[6..8], day);
        text[8] = b'T';
        write_decimal(&mut text[9..11], second_of_day / 3600);
        write_decimal(&mut text[11..13], second_of_day % 3600 / 60);
        write_decimal(&mut text[13..15], second_of_day % 60);
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

/// Converts a count of days since 1970-01-01 into a proleptic Gregorian
/// `(year, month, day)`, with months and days counted from 1.
///
/// The count is moved to start on 0000-03-01. Years then begin in March, so
/// the leap day is the last day of its year and the month lengths from March
/// on follow a fixed pattern. The Gregorian calendar repeats every 400 years
/// (146 097 days), so only the day within that cycle needs the leap rules.
fn civil_date_from_days(days_since_epoch: u64) -> (u64, u64, u64) {
    // 0000-03-01 is 719 468 days before 1970-01-01.
    const DAYS_FROM_MARCH_OF_YEAR_ZERO: u64 = 719_468;
    const DAYS_PER_CYCLE: u64 = 146_097;

    let days = days_since_epoch + DAYS_FROM_MARCH_OF_YEAR_ZERO;
    let cycle = days / DAYS_PER_CYCLE;
    let day_of_cycle = days % DAYS_PER_CYCLE;

    // Subtracting the leap days up to `day_of_cycle` leaves whole 365-day
    // years. The divisions count them as one per 4-year block, less one per
    // century, plus one on the last day of the cycle, which is a leap day.
    let year_of_cycle = (day_of_cycle - day_of_cycle / 1_460 + day_of_cycle / 36_524
        - day_of_cycle / 146_096)
        / 365;
    let day_of_year =
        day_of_cycle - (365 * year_of_cycle + year_of_cycle / 4 - year_of_cycle / 100);

    // From March on, every five months have 153 days (31, 30, 31, 30, 31),
    // so a linear formula finds the month, counted from 0 for March.
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    // January and February belong to the year that began the March before.
    let year = cycle * 400 + year_of_cycle + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

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
    fn every_day_follows_the_previous() {
        // Walks day by day from 1970 to 2101 and checks that each date is the
        // successor of the one before, with month lengths from the leap rules.
        let mut previous = civil_date_from_days(0);
        assert_eq!(previous, (1970, 1, 1));
        for days in 1..48_000 {
            let current = civil_date_from_days(days);
            let (year, month, day) = previous;
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            let month_length = match month {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            let expected = if day < month_length {
                (year, month, day + 1)
            } else if month < 12 {
                (year, month + 1, 1)
            } else {
                (year + 1, 1, 1)
            };
            assert_eq!(current, expected, "day {days} after the epoch");
            previous = current;
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
