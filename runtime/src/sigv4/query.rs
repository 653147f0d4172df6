//! The canonical query string: every parameter in canonical single
//! encoding, sorted by name and then by value, joined with `&`.

use super::encoding::{push_reencoded, UriComponent};

/// One parameter encoded in a shared buffer: the name is
/// `buffer[start..separator]`, the value `buffer[separator..end]`.
struct EncodedParam {
    start: usize,
    separator: usize,
    end: usize,
}

impl EncodedParam {
    fn name<'a>(&self, buffer: &'a str) -> &'a str {
        &buffer[self.start..self.separator]
    }

    fn value<'a>(&self, buffer: &'a str) -> &'a str {
        &buffer[self.separator..self.end]
    }
}

/// Appends the canonical form of `query`, the query string as sent on the
/// wire, without the `?`.
///
/// Empty parameters (`a=1&&b=2`) are dropped, and a parameter without `=`
/// has an empty value. A literal `+` is read as a space, as HTML forms
/// encode it, and signed as `%20`. A plus sign must be sent as `%2B`.
pub(crate) fn push_canonical_query(out: &mut String, query: &str) {
    if query.is_empty() {
        return;
    }

    // All names and values are encoded into one buffer, so sorting moves
    // only ranges.
    let mut buffer = String::with_capacity(query.len() + query.len() / 2);
    let mut params = Vec::new();
    for param in query.split('&').filter(|param| !param.is_empty()) {
        let (name, value) = param.split_once('=').unwrap_or((param, ""));
        let start = buffer.len();
        push_reencoded(&mut buffer, name, UriComponent::Query);
        let separator = buffer.len();
        push_reencoded(&mut buffer, value, UriComponent::Query);
        params.push(EncodedParam {
            start,
            separator,
            end: buffer.len(),
        });
    }

    params.sort_unstable_by(|left, right| {
        (left.name(&buffer), left.value(&buffer)).cmp(&(right.name(&buffer), right.value(&buffer)))
    });

    out.reserve(buffer.len() + 2 * params.len());
    for (index, param) in params.iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        out.push_str(param.name(&buffer));
        out.push('=');
        out.push_str(param.value(&buffer));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(query: &str) -> String {
        let mut out = String::new();
        push_canonical_query(&mut out, query);
        out
    }

    #[test]
    fn sorts_by_encoded_name_then_value() {
        assert_eq!(canonical("b=2&a=3&a=1"), "a=1&a=3&b=2");
        assert_eq!(
            canonical("Param-3=Value3&Param=Value2&%E1%88%B4=Value1"),
            "%E1%88%B4=Value1&Param=Value2&Param-3=Value3"
        );
        // Upper-case letters sort before lower-case ones.
        assert_eq!(canonical("a=1&B=2"), "B=2&a=1");
    }

    #[test]
    fn encodes_names_and_values_once() {
        assert_eq!(canonical("\u{1234}=bar"), "%E1%88%B4=bar");
        assert_eq!(canonical("k=a%2Fb/c"), "k=a%2Fb%2Fc");
        assert_eq!(canonical("k=a%3ab"), "k=a%3Ab");
        assert_eq!(canonical("k=%7E"), "k=~");
        assert_eq!(canonical("k=a+b"), "k=a%20b");
        assert_eq!(canonical("k=a%2Bb"), "k=a%2Bb");
        assert_eq!(canonical("k=x=y"), "k=x%3Dy");
    }

    #[test]
    fn handles_missing_and_empty_values() {
        assert_eq!(canonical("flag"), "flag=");
        assert_eq!(canonical("a=&b"), "a=&b=");
        assert_eq!(canonical("a=1&&b=2&"), "a=1&b=2");
        assert_eq!(canonical(""), "");
    }
}
