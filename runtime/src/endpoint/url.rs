//! `parseURL`: splits an endpoint URL into the parts that rules use.

use super::host::is_ipv4;
use super::value::Value;

/// The parts of a URL that `parseURL` returns.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Url<'a> {
    pub(super) scheme: &'a str,
    /// The host and the port as written, without user information.
    pub(super) authority: &'a str,
    /// The path as written, empty when the URL has none.
    pub(super) path: &'a str,
    pub(super) is_ip: bool,
}

impl Url<'_> {
    /// Returns the path with a `/` at the start and at the end.
    pub(super) fn normalized_path(&self) -> String {
        let mut normalized = String::with_capacity(self.path.len() + 2);
        if !self.path.starts_with('/') {
            normalized.push('/');
        }
        normalized.push_str(self.path);
        if !normalized.ends_with('/') {
            normalized.push('/');
        }
        normalized
    }

    /// Returns the record that rules read with `getAttr`.
    pub(super) fn to_value(&self) -> Value {
        Value::Record(vec![
            ("scheme", Value::string(self.scheme.to_owned())),
            ("authority", Value::string(self.authority.to_owned())),
            ("path", Value::string(self.path.to_owned())),
            ("normalizedPath", Value::string(self.normalized_path())),
            ("isIp", Value::Bool(self.is_ip)),
        ])
    }
}

/// Parses an absolute `http` or `https` URL, or returns `None`.
///
/// The rules engine rejects a URL with a query. This function also rejects
/// a fragment, a port that is not a number up to 65535, a host with
/// characters that RFC 3986 does not allow, and any whitespace or control
/// character. Host labels are not validated further, so `http://99_ab-.com`
/// is accepted.
pub(super) fn parse_url(text: &str) -> Option<Url<'_>> {
    if text
        .bytes()
        .any(|b| b.is_ascii_whitespace() || b.is_ascii_control())
    {
        return None;
    }
    let (scheme, rest) = text.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    if rest.contains(['?', '#']) {
        return None;
    }

    let (authority, path) = match rest.find('/') {
        Some(slash) => rest.split_at(slash),
        None => (rest, ""),
    };
    // User information is not part of the authority that rules see.
    let authority = match authority.rsplit_once('@') {
        Some((_, host_and_port)) => host_and_port,
        None => authority,
    };

    let (host, port) = split_host_port(authority)?;
    if let Some(port) = port {
        let is_number =
            !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
        if !is_number || port.parse::<u16>().is_err() {
            return None;
        }
    }
    let is_ip = if host.starts_with('[') {
        true
    } else if host.is_empty() || !host.bytes().all(is_host_byte) {
        return None;
    } else {
        is_ipv4(host)
    };

    Some(Url {
        scheme,
        authority,
        path,
        is_ip,
    })
}

/// Splits `authority` into the host, with brackets for IPv6, and the port
/// if there is a `:` after the host.
fn split_host_port(authority: &str) -> Option<(&str, Option<&str>)> {
    if authority.starts_with('[') {
        let close = authority.find(']')?;
        let (host, rest) = authority.split_at(close + 1);
        let address = &host[1..host.len() - 1];
        let is_ipv6 = address.contains(':')
            && address
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || matches!(b, b':' | b'.'));
        if !is_ipv6 {
            return None;
        }
        return match rest {
            "" => Some((host, None)),
            _ => Some((host, Some(rest.strip_prefix(':')?))),
        };
    }
    match authority.split_once(':') {
        Some((host, port)) => Some((host, Some(port))),
        None => Some((authority, None)),
    }
}

/// Returns whether `b` may appear in a registered name or IPv4 host: an
/// unreserved character, a sub-delimiter or `%` of a percent-encoding.
fn is_host_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'.'
                | b'_'
                | b'~'
                | b'%'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Option<(String, String, String, String, bool)> {
        let url = parse_url(text)?;
        Some((
            url.scheme.to_owned(),
            url.authority.to_owned(),
            url.path.to_owned(),
            url.normalized_path(),
            url.is_ip,
        ))
    }

    fn expect(
        scheme: &str,
        authority: &str,
        path: &str,
        normalized: &str,
        is_ip: bool,
    ) -> Option<(String, String, String, String, bool)> {
        Some((
            scheme.to_owned(),
            authority.to_owned(),
            path.to_owned(),
            normalized.to_owned(),
            is_ip,
        ))
    }

    #[test]
    fn parses_hosts_ports_and_paths() {
        assert_eq!(
            parts("https://example.com"),
            expect("https", "example.com", "", "/", false)
        );
        assert_eq!(
            parts("https://example.com/"),
            expect("https", "example.com", "/", "/", false)
        );
        assert_eq!(
            parts("http://example.com:80/foo/bar"),
            expect("http", "example.com:80", "/foo/bar", "/foo/bar/", false)
        );
        assert_eq!(
            parts("http://99_ab-.com"),
            expect("http", "99_ab-.com", "", "/", false)
        );
        assert_eq!(
            parts("https://999.999.abc.blah"),
            expect("https", "999.999.abc.blah", "", "/", false)
        );
    }

    #[test]
    fn recognises_ip_addresses() {
        assert_eq!(
            parts("https://127.0.0.1"),
            expect("https", "127.0.0.1", "", "/", true)
        );
        assert_eq!(
            parts("http://192.168.1.1:1234/foo/"),
            expect("http", "192.168.1.1:1234", "/foo/", "/foo/", true)
        );
        assert_eq!(
            parts("https://[fe80::1]"),
            expect("https", "[fe80::1]", "", "/", true)
        );
        assert_eq!(
            parts("https://[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443"),
            expect(
                "https",
                "[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443",
                "",
                "/",
                true
            )
        );
    }

    #[test]
    fn rejects_invalid_urls() {
        for text in [
            "https://example.com:8443?foo=bar&faz=baz",
            "https://example.com/path?query1=foo",
            "acbd://example.com",
            "abcde://nota#url",
            "http://abc.com:a/foo",
            "http://abc.com:70000",
            "http://",
            "http://:80",
            "example.com",
            "http://exa mple.com",
            "http://[zz::1]",
            "http://[::1",
        ] {
            assert_eq!(parse_url(text), None, "{text}");
        }
    }

    #[test]
    fn drops_user_information() {
        assert_eq!(
            parts("https://user@example.com/a"),
            expect("https", "example.com", "/a", "/a/", false)
        );
    }
}
