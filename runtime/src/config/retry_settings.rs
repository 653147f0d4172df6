//! The retry settings configured outside the code: `AWS_RETRY_MODE` and
//! `AWS_MAX_ATTEMPTS`, else `retry_mode` and `max_attempts` in the selected
//! profile, else standard mode with 3 attempts.

use super::resolve::{Problem, Sources};
use crate::retry::{RetryConfig, RetryMode};

pub(super) fn resolve_retry(sources: &Sources) -> Result<RetryConfig, Problem> {
    let mut config = RetryConfig::standard();

    if let Some((value, origin)) = sources.setting("AWS_RETRY_MODE", "retry_mode")? {
        let mode: RetryMode = value
            .parse()
            .map_err(|reason| Problem::message(format!("{reason} in {origin}")))?;
        config = config.with_mode(mode);
    }

    if let Some((value, origin)) = sources.setting("AWS_MAX_ATTEMPTS", "max_attempts")? {
        let attempts = value.trim().parse::<u32>().ok().filter(|&n| n >= 1).ok_or_else(|| {
            Problem::message(format!(
                "invalid max attempts {value:?} in {origin}: expected a whole number of at least 1, \
                 such as 3 (1 turns retries off)"
            ))
        })?;
        config = config.with_max_attempts(attempts);
    }
    Ok(config)
}
