//! Summaries of per-call latencies.

use std::time::Duration;

/// Median, 99th percentile and mean of a set of latencies, in
/// nanoseconds.
#[derive(Clone, Copy, Debug)]
pub struct Summary {
    pub calls: usize,
    pub median_ns: f64,
    pub p99_ns: f64,
    pub mean_ns: f64,
}

impl Summary {
    /// Summarizes `samples`, or returns `None` when there are none.
    pub fn of(samples: &[Duration]) -> Option<Summary> {
        if samples.is_empty() {
            return None;
        }
        let mut nanos: Vec<f64> = samples.iter().map(|d| d.as_nanos() as f64).collect();
        nanos.sort_by(f64::total_cmp);
        let mean_ns = nanos.iter().sum::<f64>() / nanos.len() as f64;
        Some(Summary {
            calls: nanos.len(),
            median_ns: percentile(&nanos, 50.0),
            p99_ns: percentile(&nanos, 99.0),
            mean_ns,
        })
    }

    pub fn to_json(self) -> serde_json::Value {
        serde_json::json!({
            "calls": self.calls,
            "median_ns": self.median_ns,
            "p99_ns": self.p99_ns,
            "mean_ns": self.mean_ns,
        })
    }
}

/// Returns the nearest-rank percentile `p` (0 to 100) of sorted values.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_nearest_rank() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&values, 50.0), 50.0);
        assert_eq!(percentile(&values, 99.0), 99.0);
        assert_eq!(percentile(&values, 100.0), 100.0);
        assert_eq!(percentile(&[7.0], 99.0), 7.0);
    }

    #[test]
    fn summary_of_nothing_is_none() {
        assert!(Summary::of(&[]).is_none());
    }
}
