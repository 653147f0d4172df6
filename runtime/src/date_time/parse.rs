//! Parsing of the three Smithy timestamp formats. Each parser accepts what
//! services send and rejects anything else with a reason.

use super::civil::{days_from_civil, days_in_month};
use super::{DateTime, DateTimeError, TimestampFormat, NANOS_PER_SECOND, SECONDS_PER_DAY};

const DATE_TIME_SHAPE: &str =
    "expected an RFC 3339 date-time such as 2019-12-16T23:48:18Z or 2019-12-17T00:48:18.52+01:00";
const HTTP_DATE_SHAPE: &str = "expected an IMF-fixdate such as Mon, 16 Dec 2019 23:48:18 GMT";
const EPOCH_SECONDS_SHAPE: &str =
    "expected a decimal number of seconds such as 1576540098 or 1576540098.52";

pub(super) const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
pub(super) const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Parses an RFC 3339 `date-time`: `YYYY-MM-DDThh:mm:ss`, an optional
/// fraction of any length (digits past nanoseconds are dropped), then `Z` or
/// an offset `±hh:mm`. RFC 3339 allows lower-case `t` and `z`, so they are
/// accepted too. Second 60 (a leap second) reads as the first second of the
/// next minute.
pub(super) fn date_time(text: &str) -> Result<DateTime, DateTimeError> {
    let error = |reason: &str| DateTimeError::invalid(TimestampFormat::DateTime, text, reason);
    let mut cursor = Cursor::new(text);

    let (year, month, day, time) = (|| {
        let year = cursor.digits(4)?;
        cursor.literal(b"-")?;
        let month = cursor.digits(2)?;
        cursor.literal(b"-")?;
        let day = cursor.digits(2)?;
        cursor.one_of(b"Tt")?;
        let time = cursor.time_of_day()?;
        Some((year, month, day, time))
    })()
    .ok_or_else(|| error(DATE_TIME_SHAPE))?;

    let offset_seconds = cursor.utc_offset().ok_or_else(|| error(DATE_TIME_SHAPE))?;
    if !cursor.is_done() {
        return Err(error(DATE_TIME_SHAPE));
    }

    let seconds =
        civil_seconds(i64::from(year), month, day, &time).map_err(|reason| error(&reason))?;
    Ok(DateTime::from_secs_and_nanos(
        seconds - offset_seconds,
        time.nanos,
    ))
}

/// Parses an IMF-fixdate such as `Tue, 29 Apr 2014 18:30:38 GMT`, with an
/// optional fraction after the seconds. The day name must be one of the
/// seven, but it is not checked against the date.
pub(super) fn http_date(text: &str) -> Result<DateTime, DateTimeError> {
    let error = |reason: &str| DateTimeError::invalid(TimestampFormat::HttpDate, text, reason);
    let mut cursor = Cursor::new(text);

    let parsed = (|| {
        cursor.name(&WEEKDAYS)?;
        cursor.literal(b", ")?;
        let day = cursor.digits(2)?;
        cursor.literal(b" ")?;
        let month = cursor.name(&MONTHS)? + 1;
        cursor.literal(b" ")?;
        let year = cursor.digits(4)?;
        cursor.literal(b" ")?;
        let time = cursor.time_of_day()?;
        cursor.literal(b" GMT")?;
        cursor.is_done().then_some((year, month as u32, day, time))
    })();
    let (year, month, day, time) = parsed.ok_or_else(|| error(HTTP_DATE_SHAPE))?;

    let seconds =
        civil_seconds(i64::from(year), month, day, &time).map_err(|reason| error(&reason))?;
    Ok(DateTime::from_secs_and_nanos(seconds, time.nanos))
}

/// Parses a decimal number of seconds since the Unix epoch: an optional
/// `-`, digits, an optional fraction and an optional exponent, as JSON
/// writes numbers (`1576540098`, `1576540098.52`, `1.57654009852E9`). The
/// digits are read exactly, without going through a float, and digits past
/// nanoseconds are dropped.
pub(super) fn epoch_seconds(text: &str) -> Result<DateTime, DateTimeError> {
    let error = |reason: &str| DateTimeError::invalid(TimestampFormat::EpochSeconds, text, reason);
    let number = Decimal::parse(text.as_bytes()).ok_or_else(|| error(EPOCH_SECONDS_SHAPE))?;
    number
        .to_secs_and_nanos()
        .map(|(secs, nanos)| DateTime::from_secs_and_nanos(secs, nanos))
        .ok_or_else(|| error("the value is outside the range of a timestamp"))
}

/// A time of day as written, before range checks.
struct TimeOfDay {
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
}

/// Checks the ranges of a date and time and returns its seconds since the
/// epoch, or the reason it is invalid.
fn civil_seconds(year: i64, month: u32, day: u32, time: &TimeOfDay) -> Result<i64, String> {
    if !(1..=12).contains(&month) {
        return Err(format!("month {month} is out of range"));
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(format!(
            "day {day} is out of range for {year:04}-{month:02}"
        ));
    }
    if time.hour > 23 || time.minute > 59 || time.second > 60 {
        return Err(format!(
            "time {:02}:{:02}:{:02} is out of range",
            time.hour, time.minute, time.second
        ));
    }
    let second_of_day = i64::from(time.hour * 3600 + time.minute * 60 + time.second);
    Ok(days_from_civil(year, month, day) * SECONDS_PER_DAY + second_of_day)
}

/// Reads ASCII text byte by byte. Every method returns `None` without a
/// useful position when the text does not match, because the caller reports
/// the whole value and the expected shape.
struct Cursor<'a> {
    bytes: &'a [u8],
    position: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            bytes: text.as_bytes(),
            position: 0,
        }
    }

    fn is_done(&self) -> bool {
        self.position == self.bytes.len()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = *self.bytes.get(self.position)?;
        self.position += 1;
        Some(byte)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.position).copied()
    }

    /// Reads exactly `count` decimal digits (at most 9, so the value fits).
    fn digits(&mut self, count: usize) -> Option<u32> {
        let end = self.position.checked_add(count)?;
        let digits = self.bytes.get(self.position..end)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.position = end;
        Some(
            digits
                .iter()
                .fold(0, |value, digit| value * 10 + u32::from(digit - b'0')),
        )
    }

    fn literal(&mut self, expected: &[u8]) -> Option<()> {
        let end = self.position.checked_add(expected.len())?;
        if self.bytes.get(self.position..end)? != expected {
            return None;
        }
        self.position = end;
        Some(())
    }

    fn one_of(&mut self, allowed: &[u8]) -> Option<u8> {
        let byte = self.peek().filter(|byte| allowed.contains(byte))?;
        self.position += 1;
        Some(byte)
    }

    /// Reads one of `names` (all three bytes long) and returns its index.
    fn name(&mut self, names: &[&str]) -> Option<usize> {
        let word = self.bytes.get(self.position..self.position + 3)?;
        let index = names.iter().position(|name| name.as_bytes() == word)?;
        self.position += 3;
        Some(index)
    }

    /// Reads `hh:mm:ss` and an optional `.fraction` of at least one digit.
    fn time_of_day(&mut self) -> Option<TimeOfDay> {
        let hour = self.digits(2)?;
        self.literal(b":")?;
        let minute = self.digits(2)?;
        self.literal(b":")?;
        let second = self.digits(2)?;
        let nanos = if self.peek() == Some(b'.') {
            self.position += 1;
            self.fraction()?
        } else {
            0
        };
        Some(TimeOfDay {
            hour,
            minute,
            second,
            nanos,
        })
    }

    /// Reads one or more digits after a decimal point as nanoseconds,
    /// dropping digits past the ninth.
    fn fraction(&mut self) -> Option<u32> {
        let start = self.position;
        let mut nanos = 0;
        let mut scale = NANOS_PER_SECOND;
        while let Some(digit) = self.peek().filter(u8::is_ascii_digit) {
            scale /= 10;
            nanos += u32::from(digit - b'0') * scale;
            self.position += 1;
        }
        (self.position > start).then_some(nanos)
    }

    /// Reads `Z`, `z` or `±hh:mm` and returns the offset east of UTC in
    /// seconds.
    fn utc_offset(&mut self) -> Option<i64> {
        let sign = match self.next()? {
            b'Z' | b'z' => return Some(0),
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        let hours = self.digits(2)?;
        self.literal(b":")?;
        let minutes = self.digits(2)?;
        if hours > 23 || minutes > 59 {
            return None;
        }
        Some(sign * i64::from(hours * 3600 + minutes * 60))
    }
}

/// A decimal number as written: `0.d₁d₂d₃… × 10^point`, with the digits of
/// the integer and fraction parts kept as they are.
struct Decimal<'a> {
    negative: bool,
    integer: &'a [u8],
    fraction: &'a [u8],
    /// The position of the decimal point in the digits once the exponent is
    /// applied: digits before it are whole seconds.
    point: i64,
}

impl<'a> Decimal<'a> {
    /// Exponents beyond this magnitude cannot give an `i64` of seconds with a
    /// non-zero digit, and capping them keeps the arithmetic from overflowing.
    const MAX_EXPONENT: i64 = 1_000_000;

    fn parse(bytes: &'a [u8]) -> Option<Self> {
        let (negative, rest) = match bytes.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, bytes),
        };

        let (integer, rest) = split_digits(rest);
        if integer.is_empty() {
            return None;
        }

        let (fraction, rest) = match rest.split_first() {
            Some((b'.', after_point)) => {
                let (fraction, rest) = split_digits(after_point);
                if fraction.is_empty() {
                    return None;
                }
                (fraction, rest)
            }
            _ => (&[][..], rest),
        };

        let exponent = match rest.split_first() {
            None => 0,
            Some((b'e' | b'E', after_e)) => parse_exponent(after_e)?,
            Some(_) => return None,
        };

        // `integer.len()` is at most the length of a `str`, far below i64::MAX.
        let point = integer.len() as i64 + exponent;
        Some(Self {
            negative,
            integer,
            fraction,
            point,
        })
    }

    /// Returns digit `index` of the digits, counting from the first one, or 0
    /// outside them.
    fn digit(&self, index: i64) -> i64 {
        let Ok(index) = usize::try_from(index) else {
            return 0;
        };
        let byte = if index < self.integer.len() {
            self.integer[index]
        } else {
            match self.fraction.get(index - self.integer.len()) {
                Some(byte) => *byte,
                None => return 0,
            }
        };
        i64::from(byte - b'0')
    }

    /// Splits the value into whole seconds, rounded towards negative
    /// infinity, and the nanoseconds after them. Returns `None` when the
    /// seconds do not fit in an `i64`.
    fn to_secs_and_nanos(&self) -> Option<(i64, u32)> {
        let length = (self.integer.len() + self.fraction.len()) as i64;
        let first_significant = (0..length).find(|&index| self.digit(index) != 0);

        // Digits before `point` are whole seconds. An i64 has at most 19 digits,
        // so more significant digits than that cannot fit.
        // Nineteen digits fit in an i128 with room for the sign below.
        let mut secs: i128 = 0;
        if let Some(first) = first_significant {
            if self.point - first > 19 {
                return None;
            }
            for index in first..self.point {
                secs = secs * 10 + i128::from(self.digit(index));
            }
        }

        // The nine digits after `point` are nanoseconds; later ones are dropped.
        let mut nanos: i64 = 0;
        for index in self.point..self.point + 9 {
            nanos = nanos * 10 + self.digit(index);
        }
        // Nine digits are below 10^9, so the value fits in a u32.
        let nanos = nanos as u32;

        // -(s + n) is -(s + 1) plus (1 - n), which keeps nanos positive.
        let (secs, nanos) = match (self.negative, nanos) {
            (false, _) => (secs, nanos),
            (true, 0) => (-secs, 0),
            (true, _) => (-secs - 1, NANOS_PER_SECOND - nanos),
        };
        Some((i64::try_from(secs).ok()?, nanos))
    }
}

fn split_digits(bytes: &[u8]) -> (&[u8], &[u8]) {
    let count = bytes
        .iter()
        .take_while(|byte| byte.is_ascii_digit())
        .count();
    bytes.split_at(count)
}

/// Parses the exponent after `e`: an optional sign and one or more digits,
/// capped at [`Decimal::MAX_EXPONENT`] in magnitude.
fn parse_exponent(bytes: &[u8]) -> Option<i64> {
    let (negative, rest) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, bytes),
    };
    let (digits, rest) = split_digits(rest);
    if digits.is_empty() || !rest.is_empty() {
        return None;
    }
    let magnitude = digits.iter().fold(0i64, |value, digit| {
        (value * 10 + i64::from(digit - b'0')).min(Decimal::MAX_EXPONENT)
    });
    Some(if negative { -magnitude } else { magnitude })
}
