//! The endpoint settings configured outside the code: the endpoint URL
//! (service-specific and global environment variables, the `services`
//! section of the selected profile and the profile's own `endpoint_url`,
//! unless configured endpoint URLs are ignored), and the FIPS and
//! dual-stack switches.

use super::config_error;
use super::resolve::{Problem, Sources};
use crate::error::Error;
use crate::profile::Profile;

/// Returns the configured endpoint URL for the service, or `None`. The
/// precedence is documented on `Config::endpoint_url`.
pub(super) fn configured_endpoint_url<'a>(
    sources: &'a Sources,
    service_env_name: &str,
) -> Result<Option<&'a str>, Error> {
    if ignores_configured_endpoint_urls(sources)? {
        return Ok(None);
    }

    let service_variable = format!("AWS_ENDPOINT_URL_{service_env_name}");
    for variable in [service_variable.as_str(), "AWS_ENDPOINT_URL"] {
        if let Some(url) = sources.var(variable) {
            check_endpoint_url(url, || format!("the environment variable {variable}"))?;
            return Ok(Some(url));
        }
    }

    let Some(profile) = sources.selected_profile().map_err(|p| p.to_error())? else {
        return Ok(None);
    };
    if let Some(url) = service_endpoint_url(sources, &profile, service_env_name)? {
        return Ok(Some(url));
    }
    if let Some(setting) = profile.get_non_empty("endpoint_url") {
        check_endpoint_url(setting.value(), || {
            format!(
                "`endpoint_url` in {} at {}",
                sources.describe_profile(),
                setting.position()
            )
        })?;
        return Ok(Some(setting.value()));
    }
    Ok(None)
}

/// Returns whether configured endpoint URLs are ignored:
/// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` when set, else the profile's
/// `ignore_configured_endpoint_urls`.
fn ignores_configured_endpoint_urls(sources: &Sources) -> Result<bool, Error> {
    const VARIABLE: &str = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";
    if let Some(value) = sources.var(VARIABLE) {
        return parse_bool(value).ok_or_else(|| {
            config_error(format!(
                "invalid value {value:?} for the environment variable {VARIABLE}: \
                 expected true or false"
            ))
        });
    }

    let Some(profile) = sources.selected_profile().map_err(|p| p.to_error())? else {
        return Ok(false);
    };
    let Some(setting) = profile.get_non_empty("ignore_configured_endpoint_urls") else {
        return Ok(false);
    };
    parse_bool(setting.value()).ok_or_else(|| {
        config_error(format!(
            "invalid value {:?} for `ignore_configured_endpoint_urls` in {} at {}: \
             expected true or false",
            setting.value(),
            sources.describe_profile(),
            setting.position()
        ))
    })
}

/// Resolves a switch such as FIPS: the environment variable `variable`
/// when it is set and not empty, else `profile_key` in the selected
/// profile, else `false`.
pub(super) fn endpoint_switch(
    sources: &Sources,
    variable: &str,
    profile_key: &str,
) -> Result<bool, Problem> {
    if let Some(value) = sources.var(variable) {
        return parse_bool(value).ok_or_else(|| {
            Problem::message(format!(
                "invalid value {value:?} for the environment variable {variable}: \
                 expected true or false"
            ))
        });
    }

    let Some(profile) = sources.selected_profile()? else {
        return Ok(false);
    };
    let Some(setting) = profile.get_non_empty(profile_key) else {
        return Ok(false);
    };
    parse_bool(setting.value()).ok_or_else(|| {
        Problem::message(format!(
            "invalid value {:?} for `{profile_key}` in {} at {}: expected true or false",
            setting.value(),
            sources.describe_profile(),
            setting.position()
        ))
    })
}

fn parse_bool(value: &str) -> Option<bool> {
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Returns `endpoint_url` under the service's key in the `[services name]`
/// section that the profile selects with `services = name`.
fn service_endpoint_url<'a>(
    sources: &Sources,
    profile: &Profile<'a>,
    service_env_name: &str,
) -> Result<Option<&'a str>, Error> {
    let Some(services) = profile.get_non_empty("services") else {
        return Ok(None);
    };
    let section_name = services.value();
    let config_file = profile.files().config_file();
    let Some(section) = profile.files().services(section_name) else {
        return Err(config_error(format!(
            "{} sets `services = {section_name}` at {}, but {} has no [services {section_name}] \
             section. Add the section, or remove the setting",
            sources.describe_profile(),
            services.position(),
            config_file.describe()
        )));
    };

    // Service keys in the file are the environment name in lower case, so
    // `ENTITYRESOLUTION` is configured as `entityresolution`.
    let service_key = service_env_name.to_ascii_lowercase();
    let endpoint = section
        .get(&service_key)
        .and_then(|service| service.sub_property("endpoint_url"))
        .filter(|url| !url.value().is_empty());
    let Some(endpoint) = endpoint else {
        return Ok(None);
    };
    check_endpoint_url(endpoint.value(), || {
        format!(
            "`endpoint_url` for {service_key} in [services {section_name}] at {}",
            config_file.position(endpoint.line())
        )
    })?;
    Ok(Some(endpoint.value()))
}

/// Checks that `url` is an absolute `http` or `https` URL with a host.
/// `origin` names where the value came from, for the error message.
pub(super) fn check_endpoint_url(url: &str, origin: impl FnOnce() -> String) -> Result<(), Error> {
    validate_endpoint_url(url).map_err(|reason| {
        // A URL with user information may contain a password.
        let shown = if url.contains('@') {
            String::new()
        } else {
            format!(" {url:?}")
        };
        config_error(format!(
            "invalid endpoint URL{shown} from {}: {reason}",
            origin()
        ))
    })
}

fn validate_endpoint_url(url: &str) -> Result<(), &'static str> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("the URL contains whitespace or control characters");
    }
    let after_scheme = strip_prefix_ignore_case(url, "https://")
        .or_else(|| strip_prefix_ignore_case(url, "http://"))
        .ok_or("the URL must start with http:// or https://")?;
    if after_scheme.is_empty() || after_scheme.starts_with(['/', '?', '#']) {
        return Err("the URL has no host");
    }
    if url.contains('#') {
        return Err("the URL must not contain a fragment (#)");
    }

    let uri: http::Uri = url.parse().map_err(|_| "the URL is not valid")?;
    if uri.query().is_some() {
        return Err("the URL must not contain a query (?)");
    }
    let authority = uri.authority().ok_or("the URL has no host")?;
    if authority.as_str().contains('@') {
        return Err("the URL must not contain user information (user@)");
    }
    let host = authority.host();
    if host.is_empty() {
        return Err("the URL has no host");
    }
    if let Some(port) = authority.as_str()[host.len()..].strip_prefix(':') {
        let is_number = !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit());
        if !is_number || port.parse::<u16>().is_err() {
            return Err("the port of the URL is not a number from 0 to 65535");
        }
    }
    Ok(())
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_endpoint_urls() {
        for url in [
            "http://localhost:4566",
            "https://entityresolution.us-east-1.amazonaws.com",
            "HTTPS://example.com/some/path",
            "http://[::1]:8080/",
            "http://127.0.0.1",
        ] {
            assert_eq!(validate_endpoint_url(url), Ok(()), "{url}");
        }
    }

    #[test]
    fn invalid_endpoint_urls() {
        let cases = [
            ("localhost:4566", "must start with http:// or https://"),
            ("ftp://example.com", "must start with http:// or https://"),
            ("", "must start with http:// or https://"),
            ("http://", "no host"),
            ("https:///path", "no host"),
            ("http://:80", "no host"),
            ("http://exa mple.com", "whitespace"),
            ("http://example.com\n", "whitespace"),
            ("http://example.com/?a=b", "query"),
            ("http://example.com/#top", "fragment"),
            ("http://user:pass@example.com", "user information"),
            ("http://example.com:port", "port"),
            ("http://example.com:", "port"),
            ("http://example.com:70000", "port"),
            ("http://example.com:+80", "port"),
        ];
        for (url, expected) in cases {
            let reason = validate_endpoint_url(url).expect_err(url);
            assert!(reason.contains(expected), "{url}: {reason}");
        }
    }

    #[test]
    fn error_names_origin_and_value() {
        let error = check_endpoint_url("ftp://x", || "the environment variable X".to_owned())
            .expect_err("ftp is rejected");

        assert_eq!(error.kind(), crate::ErrorKind::Config);
        assert!(error.message().contains("\"ftp://x\""), "{error}");
        assert!(
            error.message().contains("the environment variable X"),
            "{error}"
        );
    }

    #[test]
    fn error_hides_user_information() {
        let error = check_endpoint_url("http://user:password@example.com", || "X".to_owned())
            .expect_err("user information is rejected");

        assert!(!error.message().contains("password@"), "{error}");
        assert!(error.message().contains("user information"), "{error}");
    }

    #[test]
    fn bool_values() {
        assert_eq!(parse_bool("true"), Some(true));
        assert_eq!(parse_bool("TRUE"), Some(true));
        assert_eq!(parse_bool("False"), Some(false));
        assert_eq!(parse_bool("yes"), None);
        assert_eq!(parse_bool("1"), None);
    }
}
