//! The endpoint that resolution returns, and its authentication schemes.

use serde_json::{Map, Value as Json};

/// A resolved endpoint: where to send the request, the headers to add, and
/// properties such as the authentication schemes.
#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    /// The URL: scheme, host, optional port and optional base path.
    pub url: String,
    /// Headers to add to the request, each name with its values, in the
    /// order the rule set lists them.
    pub headers: Vec<(String, Vec<String>)>,
    /// The endpoint's properties, such as `authSchemes`.
    pub properties: Map<String, Json>,
}

/// One entry of an endpoint's `authSchemes` property: a signing scheme and
/// the settings that the endpoint overrides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthScheme<'a> {
    /// The scheme, such as `sigv4`, `sigv4a` or `sigv4-s3express`.
    pub name: &'a str,
    /// The service name to sign with, when the endpoint sets one.
    pub signing_name: Option<&'a str>,
    /// The region to sign with (SigV4), when the endpoint sets one.
    pub signing_region: Option<&'a str>,
    /// The regions to sign for (SigV4a), empty when the endpoint sets none.
    pub signing_region_set: Vec<&'a str>,
    /// Whether the path must be URI-encoded only once when signing.
    pub disable_double_encoding: Option<bool>,
}

impl Endpoint {
    /// Returns the entries of the `authSchemes` property in the endpoint's
    /// order of preference. Entries without a string `name` are skipped.
    pub fn auth_schemes(&self) -> Vec<AuthScheme<'_>> {
        let Some(Json::Array(schemes)) = self.properties.get("authSchemes") else {
            return Vec::new();
        };
        schemes.iter().filter_map(auth_scheme).collect()
    }

    /// Returns the `sigv4` entry of the `authSchemes` property, whose
    /// `signingName` and `signingRegion` override the service's signing
    /// name and the configured region when set.
    pub fn sigv4(&self) -> Option<AuthScheme<'_>> {
        self.auth_schemes()
            .into_iter()
            .find(|scheme| scheme.name == "sigv4")
    }
}

fn auth_scheme(json: &Json) -> Option<AuthScheme<'_>> {
    let object = json.as_object()?;
    let text = |key: &str| object.get(key).and_then(Json::as_str);
    let signing_region_set = match object.get("signingRegionSet") {
        Some(Json::Array(regions)) => regions.iter().filter_map(Json::as_str).collect(),
        _ => Vec::new(),
    };
    Some(AuthScheme {
        name: text("name")?,
        signing_name: text("signingName"),
        signing_region: text("signingRegion"),
        signing_region_set,
        disable_double_encoding: object.get("disableDoubleEncoding").and_then(Json::as_bool),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(properties: Json) -> Endpoint {
        Endpoint {
            url: "https://example.com".to_owned(),
            headers: Vec::new(),
            properties: properties.as_object().cloned().unwrap_or_default(),
        }
    }

    #[test]
    fn reads_auth_schemes_in_order() {
        let endpoint = endpoint(serde_json::json!({
            "authSchemes": [
                {"name": "sigv4a", "signingName": "s3", "signingRegionSet": ["*"]},
                {"name": "sigv4", "signingName": "s3", "signingRegion": "us-west-2",
                 "disableDoubleEncoding": true},
                {"signingName": "nameless"}
            ]
        }));

        let schemes = endpoint.auth_schemes();
        assert_eq!(schemes.len(), 2);
        assert_eq!(schemes[0].name, "sigv4a");
        assert_eq!(schemes[0].signing_region_set, vec!["*"]);

        let sigv4 = endpoint.sigv4().expect("a sigv4 scheme");
        assert_eq!(sigv4.signing_name, Some("s3"));
        assert_eq!(sigv4.signing_region, Some("us-west-2"));
        assert_eq!(sigv4.disable_double_encoding, Some(true));
    }

    #[test]
    fn no_auth_schemes() {
        let endpoint = endpoint(serde_json::json!({}));
        assert!(endpoint.auth_schemes().is_empty());
        assert_eq!(endpoint.sigv4(), None);
    }
}
