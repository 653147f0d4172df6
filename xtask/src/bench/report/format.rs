//! Number formatting for the report.

use ingot_runtime::json::Value;

/// Formats nanoseconds with a unit that keeps three significant digits.
pub fn duration_ns(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

/// Formats seconds, switching to milliseconds below one second.
pub fn seconds(s: f64) -> String {
    if s >= 100.0 {
        format!("{s:.0} s")
    } else if s >= 1.0 {
        format!("{s:.1} s")
    } else {
        format!("{:.1} ms", s * 1e3)
    }
}

pub fn bytes(n: f64) -> String {
    format!("{:.2} MiB", n / 1_048_576.0)
}

pub fn kib(n: f64) -> String {
    format!("{:.0} MiB", n / 1024.0)
}

pub fn count(n: f64) -> String {
    let digits = format!("{n:.0}");
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

pub fn ratio(value: f64) -> String {
    format!("{value:.2}×")
}

/// Returns the number at `path` (object keys) in `value`.
pub fn number(value: &Value, path: &[&str]) -> Option<f64> {
    path.iter()
        .try_fold(value, |current, key| current.get(*key))?
        .as_f64()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_pick_a_unit() {
        assert_eq!(duration_ns(850.0), "850 ns");
        assert_eq!(duration_ns(12_340.0), "12.3 µs");
        assert_eq!(duration_ns(1_500_000.0), "1.50 ms");
        assert_eq!(duration_ns(2_000_000_000.0), "2.00 s");
    }

    #[test]
    fn seconds_below_one_in_milliseconds() {
        assert_eq!(seconds(0.0177), "17.7 ms");
        assert_eq!(seconds(56.31), "56.3 s");
        assert_eq!(seconds(337.1), "337 s");
    }

    #[test]
    fn counts_group_thousands() {
        assert_eq!(count(1234567.0), "1,234,567");
        assert_eq!(count(999.0), "999");
        assert_eq!(count(1000.0), "1,000");
    }
}
