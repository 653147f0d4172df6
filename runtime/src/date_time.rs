//! Smithy timestamps: [`DateTime`], an instant with nanosecond resolution,
//! and [`TimestampFormat`], the three text forms of the `timestampFormat`
//! trait.
//!
//! Smithy gives timestamps millisecond resolution over the years 0001 to
//! 9999. `DateTime` stores nanoseconds and any `i64` of seconds, so a value
//! read from a service is kept as sent. [`DateTime::format`] truncates to
//! milliseconds (or seconds for `http-date`), as the Smithy specification
//! asks of serializers.

mod civil;
mod parse;

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use civil::civil_from_days;

const NANOS_PER_SECOND: u32 = 1_000_000_000;
const NANOS_PER_MILLISECOND: u32 = 1_000_000;
const SECONDS_PER_DAY: i64 = 86_400;

/// An instant in time: whole seconds since 1970-01-01T00:00:00Z (negative
/// before it) plus the nanoseconds after them.
///
/// The derived ordering is chronological, because the nanoseconds always
/// count forwards from the seconds.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    secs: i64,
    /// Always below one second.
    nanos: u32,
}

/// The text forms of a timestamp that the Smithy `timestampFormat` trait
/// names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimestampFormat {
    /// RFC 3339 `date-time` in UTC, such as `2019-12-16T23:48:18.52Z`.
    DateTime,
    /// Seconds since the Unix epoch with an optional fraction, such as
    /// `1576540098.52`.
    EpochSeconds,
    /// The IMF-fixdate of HTTP, such as `Mon, 16 Dec 2019 23:48:18 GMT`.
    HttpDate,
}

impl TimestampFormat {
    /// Returns the name the `timestampFormat` trait uses, such as
    /// `date-time`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::DateTime => "date-time",
            Self::EpochSeconds => "epoch-seconds",
            Self::HttpDate => "http-date",
        }
    }
}

impl fmt::Display for TimestampFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A timestamp that could not be parsed or converted, with the text or
/// value and the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateTimeError {
    message: String,
}

impl DateTimeError {
    /// Longer input is cut in messages, so that a hostile value cannot flood
    /// logs.
    const MAX_QUOTED_CHARS: usize = 64;

    fn invalid(format: TimestampFormat, text: &str, reason: &str) -> Self {
        let mut quoted: String = text.chars().take(Self::MAX_QUOTED_CHARS).collect();
        if quoted.len() < text.len() {
            quoted.push_str("...");
        }
        Self {
            message: format!("invalid {format} timestamp {quoted:?}: {reason}"),
        }
    }

    fn out_of_range(message: String) -> Self {
        Self { message }
    }
}

impl fmt::Display for DateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DateTimeError {}

impl DateTime {
    /// The Unix epoch, 1970-01-01T00:00:00Z.
    pub const UNIX_EPOCH: Self = Self::from_secs(0);

    /// Creates the instant `secs` whole seconds after the Unix epoch.
    pub const fn from_secs(secs: i64) -> Self {
        Self { secs, nanos: 0 }
    }

    /// Creates the instant `secs` seconds plus `nanos` nanoseconds after the
    /// Unix epoch. Whole seconds in `nanos` carry into `secs`, which
    /// saturates at `i64::MAX`.
    pub fn from_secs_and_nanos(secs: i64, nanos: u32) -> Self {
        Self {
            secs: secs.saturating_add(i64::from(nanos / NANOS_PER_SECOND)),
            nanos: nanos % NANOS_PER_SECOND,
        }
    }

    /// Creates the instant `secs` seconds after the Unix epoch from a
    /// float, reading its shortest decimal form, so `946845296.123` gives
    /// exactly 123 milliseconds rather than the binary float's 122.99990…
    ///
    /// # Errors
    ///
    /// Fails for NaN, the infinities and values beyond the `i64` range of
    /// seconds.
    pub fn from_secs_f64(secs: f64) -> Result<Self, DateTimeError> {
        if !secs.is_finite() {
            return Err(DateTimeError::out_of_range(format!(
                "invalid timestamp {secs}: seconds must be a finite number"
            )));
        }
        // `{:e}` writes the shortest digits that read back as the same float.
        parse::epoch_seconds(&format!("{secs:e}"))
    }

    /// Returns the current time from the system clock.
    pub fn now() -> Self {
        Self::from(SystemTime::now())
    }

    /// Returns the whole seconds since the Unix epoch, rounded towards
    /// negative infinity: -0.5 seconds is `secs() == -1` with 500 000 000
    /// nanoseconds.
    pub fn secs(&self) -> i64 {
        self.secs
    }

    /// Returns the nanoseconds after [`secs`](Self::secs), below one second.
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// Returns the seconds since the Unix epoch as a float, which loses
    /// precision below about a microsecond for present-day times.
    pub fn as_secs_f64(&self) -> f64 {
        self.secs as f64 + f64::from(self.nanos) / f64::from(NANOS_PER_SECOND)
    }

    /// Formats the instant in `format`, truncated to milliseconds, or to
    /// seconds for [`TimestampFormat::HttpDate`], which has no fraction.
    /// Truncation moves negative instants towards the past.
    ///
    /// Years outside 0000..=9999 have no RFC 3339 or IMF-fixdate form. They
    /// are written with a sign (`-0001`, `+10000`), which no parser here
    /// accepts, rather than failing.
    pub fn format(&self, format: TimestampFormat) -> String {
        let millis = self.nanos - self.nanos % NANOS_PER_MILLISECOND;
        match format {
            TimestampFormat::DateTime => self.rfc3339(millis),
            TimestampFormat::EpochSeconds => self.epoch_seconds(millis),
            TimestampFormat::HttpDate => self.http_date(),
        }
    }

    /// Parses `text` in `format`. See [`TimestampFormat`] for the shapes.
    /// A `date-time` may have an offset such as `+01:00`, lower-case `t` and
    /// `z`, and a fraction of any length. An `http-date` may have a fraction
    /// after the seconds. An `epoch-seconds` value may have a fraction and an
    /// exponent.
    ///
    /// # Errors
    ///
    /// Fails with a message that quotes the text and names the expected
    /// shape or the field that is out of range.
    pub fn parse(text: &str, format: TimestampFormat) -> Result<Self, DateTimeError> {
        match format {
            TimestampFormat::DateTime => parse::date_time(text),
            TimestampFormat::EpochSeconds => parse::epoch_seconds(text),
            TimestampFormat::HttpDate => parse::http_date(text),
        }
    }

    /// Returns the calendar date and time of day in UTC.
    pub(crate) fn civil(&self) -> Civil {
        let (year, month, day) = civil_from_days(self.secs.div_euclid(SECONDS_PER_DAY));
        // The remainder is in 0..86 400, so it fits in a u32.
        let second_of_day = self.secs.rem_euclid(SECONDS_PER_DAY) as u32;
        Civil {
            year,
            month,
            day,
            hour: second_of_day / 3600,
            minute: second_of_day % 3600 / 60,
            second: second_of_day % 60,
        }
    }

    fn rfc3339(&self, nanos: u32) -> String {
        let civil = self.civil();
        let mut text = String::with_capacity(24);
        push_year(&mut text, civil.year);
        text.push_str(&format!(
            "-{:02}-{:02}T{:02}:{:02}:{:02}",
            civil.month, civil.day, civil.hour, civil.minute, civil.second
        ));
        push_fraction(&mut text, nanos);
        text.push('Z');
        text
    }

    fn http_date(&self) -> String {
        let civil = self.civil();
        // 1970-01-01, day 0, was a Thursday.
        let weekday = (self.secs.div_euclid(SECONDS_PER_DAY) + 4).rem_euclid(7) as usize;
        let mut text = format!(
            "{}, {:02} {} ",
            parse::WEEKDAYS[weekday],
            civil.day,
            parse::MONTHS[civil.month as usize - 1]
        );
        push_year(&mut text, civil.year);
        text.push_str(&format!(
            " {:02}:{:02}:{:02} GMT",
            civil.hour, civil.minute, civil.second
        ));
        text
    }

    fn epoch_seconds(&self, nanos: u32) -> String {
        if nanos == 0 {
            return self.secs.to_string();
        }
        // A negative instant with a fraction is -(|secs| - 1) minus the
        // complement of the nanoseconds: secs -2 with 0.25 s is -1.75.
        let mut text = if self.secs < 0 {
            format!("-{}", -(self.secs + 1))
        } else {
            self.secs.to_string()
        };
        let fraction = if self.secs < 0 {
            NANOS_PER_SECOND - nanos
        } else {
            nanos
        };
        push_fraction(&mut text, fraction);
        text
    }
}

/// A calendar date and time of day in UTC.
pub(crate) struct Civil {
    pub(crate) year: i64,
    pub(crate) month: u32,
    pub(crate) day: u32,
    pub(crate) hour: u32,
    pub(crate) minute: u32,
    pub(crate) second: u32,
}

/// Writes a year with four digits, or with a sign outside 0000..=9999.
fn push_year(text: &mut String, year: i64) {
    if year < 0 {
        text.push_str(&format!("-{:04}", year.unsigned_abs()));
    } else if year > 9999 {
        text.push_str(&format!("+{year}"));
    } else {
        text.push_str(&format!("{year:04}"));
    }
}

/// Writes `.` and the nanoseconds with trailing zeros removed, or nothing
/// when they are zero.
fn push_fraction(text: &mut String, nanos: u32) {
    if nanos == 0 {
        return;
    }
    let digits = format!("{nanos:09}");
    text.push('.');
    text.push_str(digits.trim_end_matches('0'));
}

impl From<SystemTime> for DateTime {
    fn from(time: SystemTime) -> Self {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => Self {
                secs: i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
                nanos: after.subsec_nanos(),
            },
            Err(error) => {
                let before = error.duration();
                let secs = i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
                match before.subsec_nanos() {
                    0 => Self::from_secs(-secs),
                    nanos => Self {
                        secs: -secs - 1,
                        nanos: NANOS_PER_SECOND - nanos,
                    },
                }
            }
        }
    }
}

impl TryFrom<DateTime> for SystemTime {
    type Error = DateTimeError;

    fn try_from(value: DateTime) -> Result<Self, Self::Error> {
        let time = if value.secs >= 0 {
            UNIX_EPOCH.checked_add(Duration::new(value.secs.unsigned_abs(), value.nanos))
        } else {
            UNIX_EPOCH
                .checked_sub(Duration::from_secs(value.secs.unsigned_abs()))
                .and_then(|time| time.checked_add(Duration::from_nanos(u64::from(value.nanos))))
        };
        time.ok_or_else(|| {
            DateTimeError::out_of_range(format!(
                "timestamp {value} is outside the range of this platform's SystemTime"
            ))
        })
    }
}

/// Writes the RFC 3339 form with every non-zero digit of the nanoseconds,
/// such as `2019-12-16T23:48:18.123456789Z`.
impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339(self.nanos))
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEC_16_2019: i64 = 1_576_540_098;
    const APR_29_2014: i64 = 1_398_796_238;

    fn parse(text: &str, format: TimestampFormat) -> DateTime {
        match DateTime::parse(text, format) {
            Ok(value) => value,
            Err(error) => panic!("{text:?}: {error}"),
        }
    }

    #[test]
    fn formats_protocol_test_values() {
        let time = DateTime::from_secs(DEC_16_2019);
        assert_eq!(
            time.format(TimestampFormat::DateTime),
            "2019-12-16T23:48:18Z"
        );
        assert_eq!(time.format(TimestampFormat::EpochSeconds), "1576540098");
        assert_eq!(
            time.format(TimestampFormat::HttpDate),
            "Mon, 16 Dec 2019 23:48:18 GMT"
        );

        let time = DateTime::from_secs(APR_29_2014);
        assert_eq!(
            time.format(TimestampFormat::DateTime),
            "2014-04-29T18:30:38Z"
        );
        assert_eq!(
            time.format(TimestampFormat::HttpDate),
            "Tue, 29 Apr 2014 18:30:38 GMT"
        );

        let time = DateTime::from_secs(1);
        assert_eq!(
            time.format(TimestampFormat::DateTime),
            "1970-01-01T00:00:01Z"
        );
    }

    #[test]
    fn formats_fractions_truncated_to_milliseconds() {
        let time = DateTime::from_secs_and_nanos(946_845_296, 123_000_000);
        assert_eq!(
            time.format(TimestampFormat::DateTime),
            "2000-01-02T20:34:56.123Z"
        );
        assert_eq!(time.format(TimestampFormat::EpochSeconds), "946845296.123");
        assert_eq!(
            time.format(TimestampFormat::HttpDate),
            "Sun, 02 Jan 2000 20:34:56 GMT"
        );

        let time = DateTime::from_secs_and_nanos(482_196_050, 520_999_999);
        assert_eq!(
            time.format(TimestampFormat::DateTime),
            "1985-04-12T23:20:50.52Z"
        );
        assert_eq!(time.format(TimestampFormat::EpochSeconds), "482196050.52");

        // Below a millisecond there is nothing left to write.
        let time = DateTime::from_secs_and_nanos(0, 999_999);
        assert_eq!(
            time.format(TimestampFormat::DateTime),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(time.format(TimestampFormat::EpochSeconds), "0");
    }

    #[test]
    fn formats_instants_before_the_epoch() {
        // -1.75 seconds is 1969-12-31T23:59:58.25Z.
        let time = DateTime::from_secs_and_nanos(-2, 250_000_000);
        assert_eq!(time.format(TimestampFormat::EpochSeconds), "-1.75");
        assert_eq!(
            time.format(TimestampFormat::DateTime),
            "1969-12-31T23:59:58.25Z"
        );
        assert_eq!(
            time.format(TimestampFormat::HttpDate),
            "Wed, 31 Dec 1969 23:59:58 GMT"
        );

        let time = DateTime::from_secs_and_nanos(-1, 500_000_000);
        assert_eq!(time.format(TimestampFormat::EpochSeconds), "-0.5");
        assert_eq!(
            DateTime::from_secs(-1).format(TimestampFormat::EpochSeconds),
            "-1"
        );
    }

    #[test]
    fn formats_the_smithy_range_limits() {
        // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z, from `date -u`.
        let first = DateTime::from_secs(-62_135_596_800);
        assert_eq!(
            first.format(TimestampFormat::DateTime),
            "0001-01-01T00:00:00Z"
        );
        assert_eq!(
            first.format(TimestampFormat::HttpDate),
            "Mon, 01 Jan 0001 00:00:00 GMT"
        );
        let last = DateTime::from_secs_and_nanos(253_402_300_799, 999_000_000);
        assert_eq!(
            last.format(TimestampFormat::DateTime),
            "9999-12-31T23:59:59.999Z"
        );
        assert_eq!(
            last.format(TimestampFormat::HttpDate),
            "Fri, 31 Dec 9999 23:59:59 GMT"
        );
    }

    #[test]
    fn years_outside_rfc3339_get_a_sign() {
        let after = DateTime::from_secs(253_402_300_800);
        assert_eq!(
            after.format(TimestampFormat::DateTime),
            "+10000-01-01T00:00:00Z"
        );
        let before = DateTime::from_secs(-62_135_596_801);
        assert_eq!(
            before.format(TimestampFormat::DateTime),
            "0000-12-31T23:59:59Z"
        );
        let before = DateTime::from_secs(-62_167_219_201);
        assert_eq!(
            before.format(TimestampFormat::DateTime),
            "-0001-12-31T23:59:59Z"
        );

        // The extremes format without overflow.
        for secs in [i64::MIN, i64::MAX] {
            let time = DateTime::from_secs(secs);
            for format in [
                TimestampFormat::DateTime,
                TimestampFormat::EpochSeconds,
                TimestampFormat::HttpDate,
            ] {
                assert!(!time.format(format).is_empty());
            }
        }
        assert_eq!(
            DateTime::from_secs(i64::MIN).format(TimestampFormat::EpochSeconds),
            "-9223372036854775808"
        );
    }

    #[test]
    fn parses_date_times_with_offsets() {
        // From the restJson1 and awsJson1_1 DatetimeOffsets response tests.
        let expected = DateTime::from_secs(DEC_16_2019);
        assert_eq!(
            parse("2019-12-16T22:48:18-01:00", TimestampFormat::DateTime),
            expected
        );
        assert_eq!(
            parse("2019-12-17T00:48:18+01:00", TimestampFormat::DateTime),
            expected
        );
        assert_eq!(
            parse("2019-12-16T23:48:18Z", TimestampFormat::DateTime),
            expected
        );
        assert_eq!(
            parse("2019-12-16t23:48:18z", TimestampFormat::DateTime),
            expected
        );
        assert_eq!(
            parse("2019-12-17T05:18:18+05:30", TimestampFormat::DateTime),
            expected
        );
    }

    #[test]
    fn parses_rfc3339_examples() {
        // The examples of RFC 3339 section 5.8; each names the same kind of
        // instant in UTC as the `date -u` value beside it.
        let cases = [
            ("1985-04-12T23:20:50.52Z", 482_196_050, 520_000_000),
            ("1996-12-19T16:39:57-08:00", 851_042_397, 0),
            ("1990-12-31T23:59:60Z", 662_688_000, 0),
            ("1990-12-31T15:59:60-08:00", 662_688_000, 0),
            ("1937-01-01T12:00:27.87+00:20", -1_041_337_173, 870_000_000),
        ];
        for (text, secs, nanos) in cases {
            let time = parse(text, TimestampFormat::DateTime);
            assert_eq!((time.secs(), time.subsec_nanos()), (secs, nanos), "{text}");
        }
    }

    #[test]
    fn parses_fractions_of_any_length() {
        let cases = [
            ("2000-01-02T20:34:56.1Z", 100_000_000),
            ("2000-01-02T20:34:56.123Z", 123_000_000),
            ("2000-01-02T20:34:56.123456Z", 123_456_000),
            ("2000-01-02T20:34:56.123456789Z", 123_456_789),
            ("2000-01-02T20:34:56.1234567891234Z", 123_456_789),
            ("2000-01-02T20:34:56.000Z", 0),
        ];
        for (text, nanos) in cases {
            let time = parse(text, TimestampFormat::DateTime);
            assert_eq!(time.secs(), 946_845_296, "{text}");
            assert_eq!(time.subsec_nanos(), nanos, "{text}");
        }
    }

    #[test]
    fn rejects_malformed_date_times() {
        // Non-RFC 3339 forms from the restJson1 malformed-timestamp tests,
        // plus out-of-range fields.
        let cases = [
            "1996-12-19T16:39:57+00",
            "1996-12-19T16:39:57+00Z",
            "1996-12-19T16:39:57",
            "1996-12-19T163957",
            "19961219T163957Z",
            "19961219T163957",
            "19961219T16:39:57Z",
            "19961219T16:39:57",
            "1996-12-19T16:39Z",
            "1996-12-19T16:39",
            "1996-12-19T1639",
            "1996-12-19T16Z",
            "1996-12-19T16",
            "1996-12-19 16:39:57Z",
            "2011-12-03T10:15:30+01:00[Europe/Paris]",
            "Tue, 29 Apr 2014 18:30:38 GMT",
            "1515531081.1234",
            "1515531081",
            "",
            "2019-12-16T23:48:18.Z",
            "2019-13-16T23:48:18Z",
            "2019-02-29T23:48:18Z",
            "2019-12-00T23:48:18Z",
            "2019-12-16T24:00:00Z",
            "2019-12-16T23:60:00Z",
            "2019-12-16T23:59:61Z",
            "2019-12-16T23:48:18+24:00",
            "2019-12-16T23:48:18Z ",
            "+2019-12-16T23:48:18Z",
            "２０１９-12-16T23:48:18Z",
        ];
        for text in cases {
            let result = DateTime::parse(text, TimestampFormat::DateTime);
            assert!(result.is_err(), "{text:?} parsed as {result:?}");
        }
    }

    #[test]
    fn parse_error_quotes_the_text_and_reason() {
        let error = DateTime::parse("2019-02-29T23:48:18Z", TimestampFormat::DateTime).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid date-time timestamp \"2019-02-29T23:48:18Z\": day 29 is out of range for 2019-02"
        );

        let error = DateTime::parse("yesterday", TimestampFormat::DateTime).unwrap_err();
        assert!(error.to_string().contains("\"yesterday\""), "{error}");
        assert!(
            error.to_string().contains("expected an RFC 3339 date-time"),
            "{error}"
        );

        let long = "9".repeat(1000);
        let error = DateTime::parse(&long, TimestampFormat::HttpDate).unwrap_err();
        assert!(error.to_string().len() < 200, "{error}");
    }

    #[test]
    fn parses_http_dates() {
        let expected = DateTime::from_secs(DEC_16_2019);
        assert_eq!(
            parse("Mon, 16 Dec 2019 23:48:18 GMT", TimestampFormat::HttpDate),
            expected
        );
        let time = parse(
            "Tue, 29 Apr 2014 18:30:38.250 GMT",
            TimestampFormat::HttpDate,
        );
        assert_eq!(
            (time.secs(), time.subsec_nanos()),
            (APR_29_2014, 250_000_000)
        );
        // RFC 9110's own example.
        let time = parse("Sun, 06 Nov 1994 08:49:37 GMT", TimestampFormat::HttpDate);
        assert_eq!(time.secs(), 784_111_777);
    }

    #[test]
    fn rejects_malformed_http_dates() {
        let cases = [
            "2014-04-29T18:30:38Z",
            "1398796238",
            "Tue, 29 Apr 2014 18:30:38",
            "Tue, 29 Apr 2014 18:30:38 UTC",
            "Tue, 29 Apr 14 18:30:38 GMT",
            "Tue, 9 Apr 2014 18:30:38 GMT",
            "Tuesday, 29-Apr-14 18:30:38 GMT",
            "Tue Apr 29 18:30:38 2014",
            "Tue, 29 apr 2014 18:30:38 GMT",
            "Tue, 31 Apr 2014 18:30:38 GMT",
            "Tue, 29 Apr 2014 18:30:38 GMT ",
            "Tue, 29 Apr 2014 18:30:38. GMT",
            "Xyz, 29 Apr 2014 18:30:38 GMT",
            "",
        ];
        for text in cases {
            let result = DateTime::parse(text, TimestampFormat::HttpDate);
            assert!(result.is_err(), "{text:?} parsed as {result:?}");
        }
    }

    #[test]
    fn parses_epoch_seconds() {
        let cases = [
            ("1576540098", DEC_16_2019, 0),
            ("1515531081.1234", 1_515_531_081, 123_400_000),
            ("946845296.123", 946_845_296, 123_000_000),
            ("0", 0, 0),
            ("-0", 0, 0),
            ("-1", -1, 0),
            ("-1.75", -2, 250_000_000),
            ("-0.000000001", -1, 999_999_999),
            ("1.576540098E9", DEC_16_2019, 0),
            ("1.5765400985e+9", DEC_16_2019, 500_000_000),
            ("15765400985e-1", DEC_16_2019, 500_000_000),
            ("1e-9", 0, 1),
            ("1e-10", 0, 0),
            ("0e999999999999", 0, 0),
            ("0.1234567891", 0, 123_456_789),
            ("9223372036854775807", i64::MAX, 0),
            ("-9223372036854775808", i64::MIN, 0),
        ];
        for (text, secs, nanos) in cases {
            let time = parse(text, TimestampFormat::EpochSeconds);
            assert_eq!((time.secs(), time.subsec_nanos()), (secs, nanos), "{text}");
        }
    }

    #[test]
    fn rejects_malformed_epoch_seconds() {
        // Malformed values from the restJson1 malformed-timestamp tests, plus
        // forms JSON does not write and values beyond an i64.
        let cases = [
            "true",
            "1515531081ABC",
            "0x42",
            "1515531081.123.456",
            "Infinity",
            "-Infinity",
            "NaN",
            "\"1515531081\"",
            "",
            "-",
            "+1",
            ".5",
            "5.",
            "1e",
            "1e+",
            " 1",
            "1 ",
            "2014-04-29T18:30:38Z",
            "9223372036854775808",
            "1e19",
            "1e999999999999",
        ];
        for text in cases {
            let result = DateTime::parse(text, TimestampFormat::EpochSeconds);
            assert!(result.is_err(), "{text:?} parsed as {result:?}");
        }
        let error = DateTime::parse("1e30", TimestampFormat::EpochSeconds).unwrap_err();
        assert!(error.to_string().contains("outside the range"), "{error}");
    }

    #[test]
    fn formats_and_parses_round_trip() {
        // Millisecond values survive every format but http-date, which keeps
        // whole seconds.
        let values = [
            DateTime::from_secs(0),
            DateTime::from_secs_and_nanos(DEC_16_2019, 5_000_000),
            DateTime::from_secs_and_nanos(-1, 1_000_000),
            DateTime::from_secs_and_nanos(-62_135_596_800, 999_000_000),
            DateTime::from_secs_and_nanos(253_402_300_799, 999_000_000),
        ];
        for value in values {
            for format in [TimestampFormat::DateTime, TimestampFormat::EpochSeconds] {
                let text = value.format(format);
                assert_eq!(parse(&text, format), value, "{text}");
            }
            let text = value.format(TimestampFormat::HttpDate);
            assert_eq!(
                parse(&text, TimestampFormat::HttpDate).secs(),
                value.secs(),
                "{text}"
            );
        }
    }

    #[test]
    fn nanoseconds_carry_into_seconds() {
        let time = DateTime::from_secs_and_nanos(1, 2_500_000_000);
        assert_eq!((time.secs(), time.subsec_nanos()), (3, 500_000_000));
        let time = DateTime::from_secs_and_nanos(i64::MAX, 1_000_000_000);
        assert_eq!(time.secs(), i64::MAX);
    }

    #[test]
    fn converts_from_floats_by_their_decimal_form() {
        let time = DateTime::from_secs_f64(946_845_296.123).unwrap();
        assert_eq!(
            (time.secs(), time.subsec_nanos()),
            (946_845_296, 123_000_000)
        );
        let time = DateTime::from_secs_f64(-1.5).unwrap();
        assert_eq!((time.secs(), time.subsec_nanos()), (-2, 500_000_000));
        let time = DateTime::from_secs_f64(1e-9).unwrap();
        assert_eq!((time.secs(), time.subsec_nanos()), (0, 1));
        assert!((time.as_secs_f64() - 1e-9).abs() < 1e-18);
        assert_eq!(
            DateTime::from_secs_and_nanos(-2, 500_000_000).as_secs_f64(),
            -1.5
        );

        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e19, -1e300] {
            assert!(DateTime::from_secs_f64(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn converts_to_and_from_system_time() {
        let cases = [
            (UNIX_EPOCH, 0, 0),
            (
                UNIX_EPOCH + Duration::new(DEC_16_2019 as u64, 7),
                DEC_16_2019,
                7,
            ),
            (UNIX_EPOCH - Duration::from_millis(1_250), -2, 750_000_000),
            (UNIX_EPOCH - Duration::from_secs(3), -3, 0),
        ];
        for (system_time, secs, nanos) in cases {
            let time = DateTime::from(system_time);
            assert_eq!((time.secs(), time.subsec_nanos()), (secs, nanos));
            assert_eq!(SystemTime::try_from(time).unwrap(), system_time);
        }
    }

    #[test]
    fn now_is_after_2024() {
        assert!(DateTime::now() > parse("2024-01-01T00:00:00Z", TimestampFormat::DateTime));
    }

    #[test]
    fn ordering_is_chronological() {
        let earlier = DateTime::from_secs_and_nanos(-1, 999_999_999);
        let later = DateTime::from_secs(0);
        assert!(earlier < later);
        assert!(DateTime::from_secs_and_nanos(5, 1) > DateTime::from_secs(5));
    }

    #[test]
    fn display_and_debug_are_readable() {
        let time = DateTime::from_secs_and_nanos(DEC_16_2019, 123_456_789);
        assert_eq!(time.to_string(), "2019-12-16T23:48:18.123456789Z");
        assert_eq!(
            format!("{time:?}"),
            "DateTime(2019-12-16T23:48:18.123456789Z)"
        );
        assert_eq!(TimestampFormat::HttpDate.to_string(), "http-date");
    }
}
