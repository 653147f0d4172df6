//! Conversions between a count of days since 1970-01-01 and a date in the
//! proleptic Gregorian calendar, for any year an `i64` count of seconds can
//! reach. Written here, so the runtime needs no date crate.

/// 0000-03-01 is 719 468 days before 1970-01-01.
const DAYS_FROM_MARCH_OF_YEAR_ZERO: i64 = 719_468;

/// The Gregorian calendar repeats every 400 years, which have 146 097 days.
const DAYS_PER_CYCLE: i64 = 146_097;

/// Converts a count of days since 1970-01-01 (negative before it) into
/// `(year, month, day)`, with months and days counted from 1.
///
/// The count is moved to start on 0000-03-01. Years then begin in March, so
/// the leap day is the last day of its year and the month lengths from March
/// on follow a fixed pattern. Only the day within its 400-year cycle needs
/// the leap rules.
pub(crate) fn civil_from_days(days_since_epoch: i64) -> (i64, u32, u32) {
    let days = days_since_epoch + DAYS_FROM_MARCH_OF_YEAR_ZERO;
    let cycle = days.div_euclid(DAYS_PER_CYCLE);
    let day_of_cycle = days.rem_euclid(DAYS_PER_CYCLE);

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
    let year = cycle * 400 + year_of_cycle + i64::from(month <= 2);

    // Both values are small and positive: `day` is 1..=31, `month` 1..=12.
    (year, month as u32, day as u32)
}

/// Converts a date into a count of days since 1970-01-01, the inverse of
/// [`civil_from_days`]. `month` must be 1..=12 and `day` 1..=31.
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    // Count years from March, as `civil_from_days` does.
    let year = if month <= 2 { year - 1 } else { year };
    let cycle = year.div_euclid(400);
    let year_of_cycle = year.rem_euclid(400);

    let month_from_march = i64::from(if month > 2 { month - 3 } else { month + 9 });
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_cycle = 365 * year_of_cycle + year_of_cycle / 4 - year_of_cycle / 100 + day_of_year;

    cycle * DAYS_PER_CYCLE + day_of_cycle - DAYS_FROM_MARCH_OF_YEAR_ZERO
}

/// Returns whether `year` has a 29 February.
pub(crate) fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Returns the number of days in `month` (1..=12) of `year`.
pub(crate) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        // Each pair was checked with `date -u -d @$((DAYS * 86400))`.
        let cases = [
            (0, (1970, 1, 1)),
            (-1, (1969, 12, 31)),
            (11_016, (2000, 2, 29)),
            (16_189, (2014, 4, 29)),
            (-719_162, (1, 1, 1)),
            (2_932_896, (9999, 12, 31)),
        ];
        for (days, date) in cases {
            assert_eq!(civil_from_days(days), date, "{days} days after the epoch");
            assert_eq!(days_from_civil(date.0, date.1, date.2), days, "{date:?}");
        }
    }

    #[test]
    fn every_day_follows_the_previous() {
        // Walks day by day from 1800 to 2200 and checks that each date is the
        // successor of the one before, with month lengths from the leap rules,
        // and that the inverse conversion returns the day count.
        let first = days_from_civil(1800, 1, 1);
        let mut previous = civil_from_days(first);
        assert_eq!(previous, (1800, 1, 1));
        for days in first + 1..days_from_civil(2200, 1, 1) {
            let current = civil_from_days(days);
            let (year, month, day) = previous;
            let expected = if day < days_in_month(year, month) {
                (year, month, day + 1)
            } else if month < 12 {
                (year, month + 1, 1)
            } else {
                (year + 1, 1, 1)
            };
            assert_eq!(current, expected, "day {days} after the epoch");
            assert_eq!(days_from_civil(current.0, current.1, current.2), days);
            previous = current;
        }
    }

    #[test]
    fn extreme_day_counts_do_not_overflow() {
        // The day counts of i64::MIN and i64::MAX seconds.
        for days in [i64::MIN / 86_400 - 1, i64::MAX / 86_400] {
            let (year, month, day) = civil_from_days(days);
            assert_eq!(days_from_civil(year, month, day), days);
        }
    }

    #[test]
    fn leap_years_follow_the_gregorian_rules() {
        assert!(is_leap_year(2000));
        assert!(is_leap_year(2024));
        assert!(!is_leap_year(1900));
        assert!(!is_leap_year(2100));
        assert!(!is_leap_year(2023));
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2100, 2), 28);
    }
}
