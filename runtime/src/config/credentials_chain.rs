//! The default credentials chain, in the order the AWS SDKs use:
//!
//! 1. the environment: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and the
//!    optional `AWS_SESSION_TOKEN`;
//! 2. the selected profile of the shared files: `role_arn` (assumed with
//!    STS, from the credentials of `source_profile`, which may chain through
//!    further roles down to static keys or a `credential_process`, or from
//!    `credential_source`), else `credential_process`, else static keys;
//! 3. the ECS or EKS container endpoint, when
//!    `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or
//!    `AWS_CONTAINER_CREDENTIALS_FULL_URI` is set;
//! 4. the EC2 instance metadata service, unless `AWS_EC2_METADATA_DISABLED`
//!    is `true`.
//!
//! A source that is configured but fails ends the chain with its error,
//! rather than falling through to a source the user did not mean.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use super::resolve::{self, Problem, Sources, StaticCredentials};
use crate::credentials::container::{ContainerProvider, DEFAULT_RELATIVE_URI_BASE};
use crate::credentials::imds::{ImdsProvider, ImdsSettings};
use crate::credentials::process::ProcessProvider;
use crate::credentials::sts::{AssumeRole, AssumeRoleProvider};
use crate::credentials::{
    Credentials, CredentialsFuture, ProvideCredentials, SharedCredentialsProvider,
};
use crate::error::{Error, ErrorKind};
use crate::profile::{Profile, ProfileFiles};

/// The maximum number of roles a `source_profile` chain may assume. No
/// real configuration comes near it, so it only stops runaway ones early.
const MAX_ROLE_CHAIN: usize = 16;

/// The chain over the sources that a `ConfigLoader` read.
pub(super) struct DefaultChain {
    sources: Arc<Sources>,
    region: Option<String>,
    container_base: String,
    /// The sources to ask, worked out from the environment and the profile
    /// on first use, because a configuration with explicit credentials
    /// never needs them.
    resolved: OnceLock<Result<Arc<Resolved>, Problem>>,
}

impl std::fmt::Debug for DefaultChain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DefaultChain")
            .field("region", &self.region)
            .field("container_base", &self.container_base)
            .field("resolved", &self.resolved.get())
            .finish_non_exhaustive()
    }
}

#[derive(Debug)]
enum Resolved {
    /// Keys, or the provider a profile names.
    Provider(SharedCredentialsProvider),
    /// Neither the environment nor the profile has credentials.
    Fallback {
        container: Option<Box<ContainerProvider>>,
        imds: Option<Box<ImdsProvider>>,
    },
}

impl DefaultChain {
    pub(super) fn new(
        sources: Arc<Sources>,
        region: Option<String>,
        container_base: Option<String>,
    ) -> Self {
        Self {
            sources,
            region,
            container_base: container_base.unwrap_or_else(|| DEFAULT_RELATIVE_URI_BASE.to_owned()),
            resolved: OnceLock::new(),
        }
    }

    async fn provide(&self) -> Result<Credentials, Error> {
        let resolved = self
            .resolved
            .get_or_init(|| self.resolve().map(Arc::new))
            .clone()
            .map_err(|problem| problem.to_error())?;

        match &*resolved {
            Resolved::Provider(provider) => provider.provide_credentials().await,
            Resolved::Fallback {
                container: Some(container),
                ..
            } => {
                tracing::debug!(uri = %container.uri(), "fetching credentials from the container endpoint");
                container.provide_credentials().await
            }
            Resolved::Fallback {
                container: None,
                imds: Some(imds),
            } => {
                tracing::debug!("fetching credentials from the instance metadata service");
                imds.provide_credentials().await.map_err(|error| {
                    let tried = format!(
                        " The container credentials endpoint is not configured \
                         (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and \
                         AWS_CONTAINER_CREDENTIALS_FULL_URI are not set), and the instance \
                         metadata service failed: {}. Outside EC2, set AWS_EC2_METADATA_DISABLED=true \
                         to skip it.",
                        error.message()
                    );
                    Error::new(ErrorKind::Config, resolve::no_credentials_message(&self.sources, &tried))
                        .with_source(error)
                })
            }
            Resolved::Fallback {
                container: None,
                imds: None,
            } => {
                let tried = " The container credentials endpoint is not configured \
                             (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and \
                             AWS_CONTAINER_CREDENTIALS_FULL_URI are not set), and the instance \
                             metadata service is disabled by AWS_EC2_METADATA_DISABLED.";
                Err(Error::new(
                    ErrorKind::Config,
                    resolve::no_credentials_message(&self.sources, tried),
                ))
            }
        }
    }

    /// Works out which sources to ask.
    fn resolve(&self) -> Result<Resolved, Problem> {
        let sources = &*self.sources;
        match resolve::static_credentials(sources)? {
            StaticCredentials::Found(credentials) => Ok(Resolved::Provider(
                SharedCredentialsProvider::new(credentials),
            )),
            StaticCredentials::Fetched { .. } => {
                let profile = sources
                    .selected_profile()?
                    .expect("a profile with a fetched source exists");
                Ok(Resolved::Provider(self.profile_provider(profile)?))
            }
            StaticCredentials::NotFound => {
                if resolve::unsupported_setting(sources).is_some() {
                    return Err(Problem::message(resolve::no_credentials_message(
                        sources, "",
                    )));
                }
                Ok(Resolved::Fallback {
                    container: self.container()?.map(Box::new),
                    imds: self.imds()?.map(Box::new),
                })
            }
        }
    }

    fn container(&self) -> Result<Option<ContainerProvider>, Problem> {
        ContainerProvider::from_env(self.sources.env(), &self.container_base)
            .map_err(|error| Problem::message(error.message()))
    }

    fn imds(&self) -> Result<Option<ImdsProvider>, Problem> {
        let settings = ImdsSettings::from_lookup(|setting| {
            self.sources
                .setting(setting.variable, setting.profile_key)
                .ok()
                .flatten()
        })
        .map_err(|error| Problem::message(error.message()))?;
        Ok(settings.map(ImdsProvider::new))
    }

    /// Builds the provider of a profile with `role_arn`, `credential_process`
    /// or `credential_source`, following `source_profile` down to the base
    /// credentials.
    fn profile_provider(&self, profile: Profile<'_>) -> Result<SharedCredentialsProvider, Problem> {
        let files = self.sources.files()?;
        let mut roles: Vec<AssumeRole> = Vec::new();
        let mut visited = vec![profile.name().to_owned()];
        let mut current = profile;

        let base = loop {
            let describe = || format!("profile `{}`", current.name());
            let Some(role_arn) = current.get_non_empty("role_arn") else {
                break self.base_provider(&current, describe)?;
            };
            if let Some(mfa) = current.get_non_empty("mfa_serial") {
                return Err(Problem::message(format!(
                    "{} sets mfa_serial at {}, but this client cannot prompt for an MFA code. \
                     Assume the role with the AWS CLI and export the credentials instead",
                    describe(),
                    mfa.position()
                )));
            }
            roles.push(assume_role(
                &current,
                role_arn.value().to_owned(),
                describe,
            )?);
            if roles.len() > MAX_ROLE_CHAIN {
                return Err(Problem::message(format!(
                    "the role chain from profile `{}` assumes more than {MAX_ROLE_CHAIN} roles",
                    visited[0]
                )));
            }

            let source_profile = current.get_non_empty("source_profile");
            let credential_source = current.get_non_empty("credential_source");
            match (source_profile, credential_source) {
                (Some(_), Some(_)) => {
                    return Err(Problem::message(format!(
                        "{} sets both source_profile and credential_source at {}; keep only one",
                        describe(),
                        role_arn.position()
                    )))
                }
                (None, Some(source)) => {
                    break self.named_source(source.value(), &source.position())?
                }
                (None, None) => {
                    return Err(Problem::message(format!(
                        "{} sets role_arn at {} but neither source_profile nor credential_source, \
                         so there are no credentials to assume the role with. Add one of them",
                        describe(),
                        role_arn.position()
                    )))
                }
                (Some(source), None) => {
                    let name = source.value();
                    // A profile may name itself to assume its role with its own keys.
                    if name == current.name() {
                        let keys = resolve::profile_keys(&current, describe)?.ok_or_else(|| {
                            Problem::message(format!(
                                "{} names itself as source_profile at {} but has no \
                                 aws_access_key_id and aws_secret_access_key",
                                describe(),
                                source.position()
                            ))
                        })?;
                        break SharedCredentialsProvider::new(keys);
                    }
                    if visited.iter().any(|seen| seen == name) {
                        visited.push(name.to_owned());
                        return Err(Problem::message(format!(
                            "the source_profile settings form a loop: {}",
                            visited.join(" -> ")
                        )));
                    }
                    visited.push(name.to_owned());
                    current = source_profile_named(files, name, &describe(), &source.position())?;
                }
            }
        };

        // The deepest role is assumed first, with the base credentials.
        let region = self
            .region
            .clone()
            .unwrap_or_else(|| "us-east-1".to_owned());
        let endpoint = match super::endpoint::configured_endpoint_url(&self.sources, "STS") {
            Ok(Some(url)) => url.to_owned(),
            Ok(None) => AssumeRoleProvider::regional_endpoint(&region),
            Err(error) => return Err(Problem::message(error.message())),
        };
        let provider = roles.into_iter().rev().fold(base, |source, role| {
            SharedCredentialsProvider::new(AssumeRoleProvider::new(
                role,
                source,
                endpoint.clone(),
                region.clone(),
            ))
        });
        Ok(provider)
    }

    /// Returns the provider of a profile without `role_arn`:
    /// `credential_process`, else its static keys.
    fn base_provider(
        &self,
        profile: &Profile<'_>,
        describe: impl Fn() -> String,
    ) -> Result<SharedCredentialsProvider, Problem> {
        if let Some(command) = profile.get_non_empty("credential_process") {
            let origin = format!(
                "`credential_process` in {} at {}",
                describe(),
                command.position()
            );
            return Ok(SharedCredentialsProvider::new(ProcessProvider::new(
                command.value(),
                origin,
            )));
        }
        if let Some(keys) = resolve::profile_keys(profile, &describe)? {
            return Ok(SharedCredentialsProvider::new(keys));
        }
        Err(Problem::message(format!(
            "{} has no credentials: it sets none of role_arn, credential_process, or \
             aws_access_key_id and aws_secret_access_key",
            describe()
        )))
    }

    /// Returns the provider that `credential_source` names.
    fn named_source(
        &self,
        name: &str,
        position: &str,
    ) -> Result<SharedCredentialsProvider, Problem> {
        if name.eq_ignore_ascii_case("Environment") {
            let env = self.sources.env();
            let var = |name| env.get_str(name).filter(|v| !v.is_empty());
            return match (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) {
                (Some(id), Some(secret)) => Ok(SharedCredentialsProvider::new(Credentials::new(
                    id,
                    secret,
                    var("AWS_SESSION_TOKEN").map(str::to_owned),
                ))),
                _ => Err(Problem::message(format!(
                    "credential_source = Environment at {position}, but AWS_ACCESS_KEY_ID and \
                     AWS_SECRET_ACCESS_KEY are not both set"
                ))),
            };
        }
        if name.eq_ignore_ascii_case("Ec2InstanceMetadata") {
            let imds = self.imds()?.ok_or_else(|| {
                Problem::message(format!(
                    "credential_source = Ec2InstanceMetadata at {position}, but \
                     AWS_EC2_METADATA_DISABLED is true"
                ))
            })?;
            return Ok(SharedCredentialsProvider::new(imds));
        }
        if name.eq_ignore_ascii_case("EcsContainer") {
            let container = self.container()?.ok_or_else(|| {
                Problem::message(format!(
                    "credential_source = EcsContainer at {position}, but neither \
                     AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set"
                ))
            })?;
            return Ok(SharedCredentialsProvider::new(container));
        }
        Err(Problem::message(format!(
            "invalid credential_source {name:?} at {position}: expected Environment, \
             Ec2InstanceMetadata or EcsContainer"
        )))
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.provide())
    }
}

/// Reads the AssumeRole parameters of a profile with `role_arn`.
fn assume_role(
    profile: &Profile<'_>,
    role_arn: String,
    describe: impl Fn() -> String,
) -> Result<AssumeRole, Problem> {
    let text = |name| {
        profile
            .get_non_empty(name)
            .map(|setting| setting.value().to_owned())
    };
    let duration = match profile.get_non_empty("duration_seconds") {
        None => None,
        Some(setting) => {
            let seconds = setting
                .value()
                .parse::<u64>()
                .ok()
                .filter(|s| (900..=43_200).contains(s));
            let seconds = seconds.ok_or_else(|| {
                Problem::message(format!(
                    "invalid duration_seconds {:?} in {} at {}: expected a number of seconds \
                     from 900 to 43200",
                    setting.value(),
                    describe(),
                    setting.position()
                ))
            })?;
            Some(Duration::from_secs(seconds))
        }
    };
    Ok(AssumeRole {
        role_arn,
        session_name: text("role_session_name"),
        external_id: text("external_id"),
        duration,
    })
}

fn source_profile_named<'a>(
    files: &'a ProfileFiles,
    name: &str,
    referrer: &str,
    position: &str,
) -> Result<Profile<'a>, Problem> {
    files.profile(name).ok_or_else(|| {
        Problem::message(format!(
            "{referrer} names source_profile `{name}` at {position}, but neither shared file \
             has that profile. Add [profile {name}] to the config file or [{name}] to the \
             credentials file"
        ))
    })
}
