//! Environment variables, read through [`Env`] so that tests can pass their
//! own variables instead of changing the process environment.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

/// A fixed set of environment variables: a snapshot of the process
/// environment, or pairs given by the caller.
///
/// Cloning is cheap because the variables are shared. `Debug` lists the
/// variable names only, because values such as `AWS_SECRET_ACCESS_KEY` are
/// secret.
#[derive(Clone)]
pub struct Env {
    vars: Arc<HashMap<String, String>>,
}

impl Env {
    /// Takes a snapshot of the environment of the current process.
    ///
    /// Later changes to the process environment do not show in the
    /// snapshot. Names and values that are not valid Unicode are converted
    /// lossily, so an invalid byte becomes U+FFFD and an invalid value is
    /// reported when it is validated instead of being silently dropped.
    pub fn process() -> Self {
        let vars = std::env::vars_os()
            .map(|(name, value)| {
                (
                    name.to_string_lossy().into_owned(),
                    value.to_string_lossy().into_owned(),
                )
            })
            .collect();
        Self {
            vars: Arc::new(vars),
        }
    }

    /// Creates an environment that contains exactly `pairs`. A later pair
    /// with the same name replaces an earlier one.
    pub fn from_pairs<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let vars = pairs
            .into_iter()
            .map(|(name, value)| (name.into(), value.into()))
            .collect();
        Self {
            vars: Arc::new(vars),
        }
    }

    /// Returns the value of the variable `name`, which may be empty.
    pub fn get(&self, name: &str) -> Option<String> {
        self.get_str(name).map(str::to_owned)
    }

    /// Returns the value of the variable `name` without copying it.
    pub fn get_str(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<&str> = self.vars.keys().map(String::as_str).collect();
        names.sort_unstable();
        f.debug_struct("Env").field("names", &names).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::Env;

    #[test]
    fn from_pairs_returns_given_values() {
        let env = Env::from_pairs([("AWS_REGION", "eu-west-1"), ("EMPTY", "")]);

        assert_eq!(env.get("AWS_REGION").as_deref(), Some("eu-west-1"));
        assert_eq!(env.get_str("EMPTY"), Some(""));
        assert_eq!(env.get("HOME"), None);
    }

    #[test]
    fn from_pairs_later_pair_wins() {
        let env = Env::from_pairs([("AWS_PROFILE", "first"), ("AWS_PROFILE", "second")]);

        assert_eq!(env.get_str("AWS_PROFILE"), Some("second"));
    }

    #[test]
    fn debug_hides_values() {
        let env = Env::from_pairs([("AWS_SECRET_ACCESS_KEY", "very-secret-value")]);
        let debug = format!("{env:?}");

        assert!(debug.contains("AWS_SECRET_ACCESS_KEY"), "{debug}");
        assert!(!debug.contains("very-secret-value"), "{debug}");
    }
}
