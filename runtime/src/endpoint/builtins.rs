//! The parameters that the configuration fills: the region, FIPS,
//! dual-stack and the endpoint URL.

use super::params::{ParamType, Params};
use super::RuleSet;
use crate::config::Config;
use crate::error::Error;

impl RuleSet {
    /// Returns the parameters whose `builtIn` is `AWS::Region`,
    /// `AWS::UseFIPS`, `AWS::UseDualStack` or `SDK::Endpoint`, filled from
    /// `config`. Other parameters are left unset, for the caller to add from
    /// client settings and operation input.
    ///
    /// `SDK::Endpoint` comes from [`Config::endpoint_url`] with
    /// `service_env_name`, and stays unset when no endpoint URL is
    /// configured.
    ///
    /// # Errors
    ///
    /// Returns the configuration's error when the rule set uses a built-in
    /// whose configured value is missing or invalid, such as no region.
    pub fn builtin_params(&self, config: &Config, service_env_name: &str) -> Result<Params, Error> {
        let mut params = Params::new();
        for parameter in self.compiled.params.iter() {
            let Some(built_in) = parameter.built_in.as_deref() else {
                continue;
            };
            match (built_in, parameter.kind) {
                ("AWS::Region", ParamType::String) => {
                    params.set(&parameter.name, config.region()?);
                }
                ("AWS::UseFIPS", ParamType::Bool) => {
                    params.set(&parameter.name, config.use_fips()?);
                }
                ("AWS::UseDualStack", ParamType::Bool) => {
                    params.set(&parameter.name, config.use_dual_stack()?);
                }
                ("SDK::Endpoint", ParamType::String) => {
                    if let Some(url) = config.endpoint_url(service_env_name)? {
                        params.set(&parameter.name, url);
                    }
                }
                // Service-specific built-ins such as AWS::S3::ForcePathStyle
                // have no setting in `Config`, so their defaults apply.
                _ => {}
            }
        }
        Ok(params)
    }
}
