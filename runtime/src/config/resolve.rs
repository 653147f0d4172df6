//! Resolution of the region and the credentials from the environment and
//! the selected profile, and the error messages that list what was tried.

use std::fmt;
use std::sync::Arc;

use super::config_error;
use super::credentials_chain::DefaultChain;
use crate::credentials::cache::CredentialsCache;
use crate::credentials::{Credentials, SharedCredentialsProvider};
use crate::env::Env;
use crate::error::Error;
use crate::profile::{FileKind, LoadError, Profile, ProfileFiles, Setting, SharedFile};
use crate::retry::RetryConfig;

/// A configuration problem, kept until an accessor turns it into an
/// [`Error`]. It is cloneable, which [`Error`] is not, so that every call of
/// an accessor can return the same error.
#[derive(Clone, Debug)]
pub(super) enum Problem {
    Message(String),
    Load(LoadError),
}

impl Problem {
    pub(super) fn message(message: impl Into<String>) -> Self {
        Problem::Message(message.into())
    }

    pub(super) fn to_error(&self) -> Error {
        match self {
            Problem::Message(message) => config_error(message.as_str()),
            Problem::Load(error) => error.clone().into(),
        }
    }
}

/// The source of the profile name, for error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ProfileNameOrigin {
    Loader,
    Variable,
    Default,
}

/// The inputs that the loader read: the environment, the profile name and
/// the shared files.
pub(super) struct Sources {
    env: Env,
    profile_name: String,
    profile_name_origin: ProfileNameOrigin,
    files: Result<ProfileFiles, LoadError>,
}

/// The sources together with the region, the credentials and the endpoint
/// switches resolved from them.
pub(super) struct Loaded {
    sources: Arc<Sources>,
    region: Result<String, Problem>,
    credentials: Result<Credentials, Problem>,
    use_fips: Result<bool, Problem>,
    use_dual_stack: Result<bool, Problem>,
    retry: Result<RetryConfig, Problem>,
    /// The default credentials chain behind a cache, shared by every
    /// `Config` built from this load.
    chain: SharedCredentialsProvider,
}

impl Loaded {
    /// Reads `env` and the shared files. `container_base` replaces the ECS
    /// agent's address as the base of `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`.
    pub(super) fn load(
        env: Env,
        profile_name: Option<String>,
        container_base: Option<String>,
    ) -> Self {
        let (profile_name, profile_name_origin) = match profile_name {
            Some(name) => (name, ProfileNameOrigin::Loader),
            None => match env.get_str("AWS_PROFILE").filter(|v| !v.is_empty()) {
                Some(name) => (name.to_owned(), ProfileNameOrigin::Variable),
                None => ("default".to_owned(), ProfileNameOrigin::Default),
            },
        };
        let files = ProfileFiles::load(&env);
        let sources = Sources {
            env,
            profile_name,
            profile_name_origin,
            files,
        };

        let region = resolve_region(&sources);
        let credentials = resolve_credentials(&sources);
        let use_fips = super::endpoint::endpoint_switch(
            &sources,
            "AWS_USE_FIPS_ENDPOINT",
            "use_fips_endpoint",
        );
        let use_dual_stack = super::endpoint::endpoint_switch(
            &sources,
            "AWS_USE_DUALSTACK_ENDPOINT",
            "use_dualstack_endpoint",
        );
        let retry = super::retry_settings::resolve_retry(&sources);

        let sources = Arc::new(sources);
        let chain = DefaultChain::new(
            sources.clone(),
            region.as_ref().ok().cloned(),
            container_base,
        );
        let chain = SharedCredentialsProvider::new(CredentialsCache::new(
            SharedCredentialsProvider::new(chain),
        ));
        Self {
            sources,
            region,
            credentials,
            use_fips,
            use_dual_stack,
            retry,
            chain,
        }
    }

    pub(super) fn retry(&self) -> &Result<RetryConfig, Problem> {
        &self.retry
    }

    pub(super) fn chain(&self) -> &SharedCredentialsProvider {
        &self.chain
    }

    pub(super) fn sources(&self) -> &Sources {
        &self.sources
    }

    pub(super) fn region(&self) -> &Result<String, Problem> {
        &self.region
    }

    pub(super) fn credentials(&self) -> &Result<Credentials, Problem> {
        &self.credentials
    }

    pub(super) fn use_fips(&self) -> &Result<bool, Problem> {
        &self.use_fips
    }

    pub(super) fn use_dual_stack(&self) -> &Result<bool, Problem> {
        &self.use_dual_stack
    }

    /// Adds the profile name and the file paths to a `Debug` output.
    pub(super) fn debug_fields(&self, debug: &mut fmt::DebugStruct<'_, '_>) {
        let sources = &self.sources;
        debug.field("profile", &sources.profile_name);
        match &sources.files {
            Ok(files) => {
                debug
                    .field("config_file", &files.config_file().path())
                    .field("credentials_file", &files.credentials_file().path());
            }
            Err(error) => {
                debug.field("file_error", &format_args!("{error}"));
            }
        }
    }
}

impl Sources {
    /// Returns the variable `name` unless it is unset or empty.
    pub(super) fn var(&self, name: &str) -> Option<&str> {
        self.env.get_str(name).filter(|value| !value.is_empty())
    }

    /// Returns the value of the environment variable `variable`, else of
    /// `profile_key` in the selected profile, with a phrase naming where it
    /// was found. An empty `profile_key` reads only the variable.
    pub(super) fn setting(
        &self,
        variable: &str,
        profile_key: &str,
    ) -> Result<Option<(String, String)>, Problem> {
        if let Some(value) = self.var(variable) {
            return Ok(Some((
                value.to_owned(),
                format!("the environment variable {variable}"),
            )));
        }
        if profile_key.is_empty() {
            return Ok(None);
        }
        let Some(profile) = self.selected_profile()? else {
            return Ok(None);
        };
        Ok(profile.get_non_empty(profile_key).map(|setting| {
            let origin = format!(
                "`{profile_key}` in {} at {}",
                self.describe_profile(),
                setting.position()
            );
            (setting.value().to_owned(), origin)
        }))
    }

    /// Returns the environment the loader read.
    pub(super) fn env(&self) -> &Env {
        &self.env
    }

    /// Returns both shared files, or the problem that loading them had.
    pub(super) fn files(&self) -> Result<&ProfileFiles, Problem> {
        self.files
            .as_ref()
            .map_err(|error| Problem::Load(error.clone()))
    }

    /// Returns the selected profile, or `None` when the profile is `default`
    /// and neither file has it.
    ///
    /// A profile other than `default` that neither file has is an error,
    /// and so is a shared file that cannot be read or parsed.
    pub(super) fn selected_profile(&self) -> Result<Option<Profile<'_>>, Problem> {
        let files = self
            .files
            .as_ref()
            .map_err(|error| Problem::Load(error.clone()))?;
        match files.profile(&self.profile_name) {
            Some(profile) => Ok(Some(profile)),
            None if self.profile_name == "default" => Ok(None),
            None => Err(Problem::message(self.missing_profile_message(files))),
        }
    }

    /// Returns a phrase naming the selected profile and where its name came
    /// from, such as ``profile `dev` (from AWS_PROFILE)``.
    pub(super) fn describe_profile(&self) -> String {
        let name = &self.profile_name;
        match self.profile_name_origin {
            ProfileNameOrigin::Loader => {
                format!("profile `{name}` (set with ConfigLoader::profile_name)")
            }
            ProfileNameOrigin::Variable => format!("profile `{name}` (from AWS_PROFILE)"),
            ProfileNameOrigin::Default => {
                format!("profile `{name}` (AWS_PROFILE is not set)")
            }
        }
    }

    /// Returns a phrase naming both files, the file of kind `first` first,
    /// and whether the selected profile is in either.
    fn describe_files(&self, first: FileKind) -> String {
        let Ok(files) = &self.files else {
            return "the shared files".to_owned();
        };
        let (first, second) = match first {
            FileKind::Config => (files.config_file(), files.credentials_file()),
            FileKind::Credentials => (files.credentials_file(), files.config_file()),
        };
        let mut phrase = format!("{} and {}", first.describe(), second.describe());
        if files.profile(&self.profile_name).is_none() {
            phrase.push_str(", neither of which contains the profile");
        }
        phrase
    }

    fn missing_profile_message(&self, files: &ProfileFiles) -> String {
        let name = &self.profile_name;
        let mut message = format!(
            "{} was not found: looked for [profile {name}] in {} and for [{name}] in {}.",
            self.describe_profile(),
            files.config_file().describe(),
            files.credentials_file().describe(),
        );

        if let Some(skipped) = skipped_section(files.config_file(), |header| header == name) {
            message.push_str(&format!(
                " The config file has [{name}] at {}, but a profile in the config file is \
                 written [profile {name}].",
                files.config_file().position(skipped)
            ));
        }
        let with_prefix = |header: &str| {
            header
                .strip_prefix("profile")
                .is_some_and(|rest| rest.starts_with([' ', '\t']) && rest.trim() == name)
        };
        if let Some(skipped) = skipped_section(files.credentials_file(), with_prefix) {
            message.push_str(&format!(
                " The credentials file has [profile {name}] at {}, but a profile in the \
                 credentials file is written [{name}], without the `profile` prefix.",
                files.credentials_file().position(skipped)
            ));
        }

        let mut existing: Vec<&str> = [files.config_file(), files.credentials_file()]
            .into_iter()
            .filter_map(SharedFile::parsed)
            .flat_map(|file| file.profile_names())
            .collect();
        existing.sort_unstable();
        existing.dedup();
        if !existing.is_empty() {
            message.push_str(&format!(" Existing profiles: {}.", existing.join(", ")));
        }

        let selector = match self.profile_name_origin {
            ProfileNameOrigin::Loader => "ConfigLoader::profile_name",
            ProfileNameOrigin::Variable | ProfileNameOrigin::Default => "AWS_PROFILE",
        };
        message.push_str(&format!(
            " Add the profile to one of the files, or select an existing one with {selector}"
        ));
        message
    }
}

/// Returns the line of the first skipped section header of `file` that
/// `matches` accepts.
fn skipped_section(file: &SharedFile, matches: impl Fn(&str) -> bool) -> Option<usize> {
    file.parsed()?
        .skipped_sections()
        .iter()
        .find(|section| matches(section.header()))
        .map(|section| section.line())
}

fn resolve_region(sources: &Sources) -> Result<String, Problem> {
    for variable in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
        if let Some(region) = sources.var(variable) {
            return check_region(region, || format!("the environment variable {variable}"));
        }
    }

    let profile = sources.selected_profile()?;
    if let Some(setting) = profile.as_ref().and_then(|p| p.get_non_empty("region")) {
        return check_region(setting.value(), || {
            format!(
                "`region` in {} at {}",
                sources.describe_profile(),
                setting.position()
            )
        });
    }

    Err(Problem::message(format!(
        "no AWS region is configured: tried the environment variables AWS_REGION and \
         AWS_DEFAULT_REGION, and `region` in {} in {}. Set AWS_REGION, add a line such as \
         `region = us-east-1` to the profile in the config file, or call ConfigBuilder::region",
        sources.describe_profile(),
        sources.describe_files(FileKind::Config),
    )))
}

/// Profile settings for credential sources that this runtime does not read,
/// named in the "no credentials" error so that the user knows why a
/// profile that works with the AWS CLI does not work here.
// NOTE: SSO and web identity credentials are not supported.
pub(super) const UNSUPPORTED_CREDENTIAL_SETTINGS: [&str; 3] =
    ["sso_session", "sso_start_url", "web_identity_token_file"];

/// Profile settings whose credentials are fetched when a request is sent,
/// in the order of precedence.
pub(super) const FETCHED_CREDENTIAL_SETTINGS: [&str; 3] =
    ["role_arn", "credential_process", "credential_source"];

/// The credentials settings of the environment and the selected profile,
/// read before any source is asked over the network.
pub(super) enum StaticCredentials<'a> {
    /// Keys from the environment or the profile.
    Found(Credentials),
    /// The profile names a source that is asked when a request is sent.
    Fetched {
        name: &'static str,
        setting: Setting<'a>,
    },
    /// Neither has credentials; the chain goes on to the container endpoint
    /// and the instance metadata service.
    NotFound,
}

/// Resolves the credentials that need no fetching, for
/// `Config::credentials`.
fn resolve_credentials(sources: &Sources) -> Result<Credentials, Problem> {
    match static_credentials(sources)? {
        StaticCredentials::Found(credentials) => Ok(credentials),
        StaticCredentials::Fetched { name, setting } => Err(Problem::message(format!(
            "{} sets {name} at {}: its credentials are fetched when a request is sent, and \
             Config::credentials returns only static keys (aws_access_key_id and \
             aws_secret_access_key). Call Config::credentials_provider to fetch them",
            sources.describe_profile(),
            setting.position()
        ))),
        StaticCredentials::NotFound => Err(Problem::message(no_credentials_message(
            sources,
            " The container credentials endpoint and the instance metadata service are \
             tried when a request is sent.",
        ))),
    }
}

/// Reads the environment variables and the selected profile: keys, or the
/// setting of a source to fetch from, or nothing.
pub(super) fn static_credentials(sources: &Sources) -> Result<StaticCredentials<'_>, Problem> {
    let access_key_id = sources.var("AWS_ACCESS_KEY_ID");
    let secret_access_key = sources.var("AWS_SECRET_ACCESS_KEY");
    match (access_key_id, secret_access_key) {
        (Some(id), Some(secret)) => {
            let token = sources.var("AWS_SESSION_TOKEN").map(str::to_owned);
            return Ok(StaticCredentials::Found(Credentials::new(
                id, secret, token,
            )));
        }
        (Some(_), None) => {
            return Err(Problem::message(half_pair_message(
                "AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY",
            )))
        }
        (None, Some(_)) => {
            return Err(Problem::message(half_pair_message(
                "AWS_SECRET_ACCESS_KEY",
                "AWS_ACCESS_KEY_ID",
            )))
        }
        (None, None) => {}
    }

    let Some(profile) = sources.selected_profile()? else {
        return Ok(StaticCredentials::NotFound);
    };
    for name in FETCHED_CREDENTIAL_SETTINGS {
        if let Some(setting) = profile.get_non_empty(name) {
            return Ok(StaticCredentials::Fetched { name, setting });
        }
    }
    match profile_keys(&profile, || sources.describe_profile())? {
        Some(credentials) => Ok(StaticCredentials::Found(credentials)),
        None => Ok(StaticCredentials::NotFound),
    }
}

/// Returns the static keys of `profile`, or `None` when it sets neither
/// key. `describe` names the profile in errors.
pub(super) fn profile_keys(
    profile: &Profile<'_>,
    describe: impl Fn() -> String,
) -> Result<Option<Credentials>, Problem> {
    let id = profile.get_non_empty("aws_access_key_id");
    let secret = profile.get_non_empty("aws_secret_access_key");
    let token = profile.get_non_empty("aws_session_token");
    match (id, secret) {
        (Some(id), Some(secret)) => {
            let token = token.map(|setting| setting.value().to_owned());
            Ok(Some(Credentials::new(id.value(), secret.value(), token)))
        }
        (Some(id), None) => Err(Problem::message(format!(
            "{} sets aws_access_key_id at {} but not aws_secret_access_key. \
             Add aws_secret_access_key to the profile",
            describe(),
            id.position()
        ))),
        (None, Some(secret)) => Err(Problem::message(format!(
            "{} sets aws_secret_access_key at {} but not aws_access_key_id. \
             Add aws_access_key_id to the profile",
            describe(),
            secret.position()
        ))),
        (None, None) => Ok(None),
    }
}

/// Returns the setting of the selected profile that names a credentials
/// source this client does not support, if any.
pub(super) fn unsupported_setting(sources: &Sources) -> Option<(&'static str, String)> {
    let profile = sources.selected_profile().ok()??;
    UNSUPPORTED_CREDENTIAL_SETTINGS
        .iter()
        .find_map(|name| Some((*name, profile.get_non_empty(name)?.position())))
}

/// Returns the message for a chain that found no credentials. `tried_later`
/// describes the sources after the profile, starting with a space.
pub(super) fn no_credentials_message(sources: &Sources, tried_later: &str) -> String {
    let mut message = format!(
        "no AWS credentials found: tried the environment variables AWS_ACCESS_KEY_ID and \
         AWS_SECRET_ACCESS_KEY (with the optional AWS_SESSION_TOKEN), and \
         aws_access_key_id and aws_secret_access_key in {} in {}.",
        sources.describe_profile(),
        sources.describe_files(FileKind::Credentials),
    );
    if let Some((name, position)) = unsupported_setting(sources) {
        message.push_str(&format!(
            " The profile sets {name} at {position}, but this client does not support SSO or \
             web identity credentials: it reads static keys, role_arn with source_profile or \
             credential_source, and credential_process."
        ));
    }
    message.push_str(tried_later);
    message.push_str(
        " Set both variables, add both keys to the profile in the credentials file, \
         or call ConfigBuilder::credentials",
    );
    message
}

fn half_pair_message(set: &str, unset: &str) -> String {
    format!(
        "{set} is set but {unset} is not. Set both, or unset {set} to read credentials \
         from the shared credentials and config files"
    )
}

/// Checks a region that was set with `ConfigBuilder::region`.
pub(super) fn check_explicit_region(region: &str) -> Result<String, Problem> {
    check_region(region, || "ConfigBuilder::region".to_owned())
}

/// Returns the region when it can be a DNS label, because endpoints put it
/// in the host name. `origin` names where the value came from.
fn check_region(region: &str, origin: impl FnOnce() -> String) -> Result<String, Problem> {
    let valid = !region.is_empty()
        && region.len() <= 63
        && !region.starts_with('-')
        && !region.ends_with('-')
        && region
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if valid {
        return Ok(region.to_owned());
    }
    Err(Problem::message(format!(
        "invalid region {region:?} from {}: a region consists of ASCII letters, digits and \
         inner hyphens, at most 63 characters, such as us-east-1",
        origin()
    )))
}

/// Returns the message for a value that a `Config` built without loading
/// does not have. `subject` is the value and its verb, such as `region is`.
pub(super) fn not_loaded_message(subject: &str, setter: &str) -> String {
    format!(
        "no AWS {subject} configured: this Config was built with Config::builder(), which reads \
         no environment variables or files. Call {setter}, or start from Config::from_env()"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(region: &str) -> Result<String, String> {
        check_region(region, || "a test".to_owned()).map_err(|p| p.to_error().to_string())
    }

    #[test]
    fn region_accepts_dns_labels() {
        assert_eq!(check("us-east-1"), Ok("us-east-1".to_owned()));
        assert_eq!(check("fake-region-10"), Ok("fake-region-10".to_owned()));
    }

    #[test]
    fn region_rejects_hostile_values() {
        for region in [
            "us east 1",
            "us-east-1.evil.example",
            "a/b",
            "-us",
            "us-",
            "ü",
        ] {
            let error = check(region).expect_err(region);
            assert!(error.contains(&format!("{region:?}")), "{error}");
            assert!(error.contains("from a test"), "{error}");
        }
    }

    #[test]
    fn region_rejects_long_label() {
        let region = "a".repeat(64);

        assert!(check(&region).is_err());
        assert!(check(&region[..63]).is_ok());
    }
}
