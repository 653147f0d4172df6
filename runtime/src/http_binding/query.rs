//! The query string of a restJson1 request: the literal part of the URI
//! pattern, then `@httpQuery` members, then the `@httpQueryParams` map.

use percent_encoding::utf8_percent_encode;

use super::UNRESERVED;

/// Builds a query string from the URI pattern's literal parameters and the
/// members bound to the query.
///
/// ```
/// use ingot_runtime::http_binding::QueryWriter;
///
/// let mut query = QueryWriter::new("x-id=GetObject&tagging");
/// query.push("versionId", "3/L4kqtJl40Nr8X8gdRQBpUMLUo");
/// assert_eq!(
///     query.finish(),
///     "?x-id=GetObject&tagging&versionId=3%2FL4kqtJl40Nr8X8gdRQBpUMLUo"
/// );
/// ```
#[derive(Clone, Debug, Default)]
pub struct QueryWriter {
    /// Encoded `name=value` or bare `name` parameters, in order.
    parameters: Vec<String>,
    /// The decoded names set so far, for [`contains`](Self::contains).
    names: Vec<String>,
}

impl QueryWriter {
    /// Starts with `literal`, the part of the URI pattern after `?`, such as
    /// `x-id=GetObject` or `tagging`. The model's literal is written as it
    /// is, because the Smithy URI grammar already restricts its characters.
    pub fn new(literal: &str) -> Self {
        let mut writer = Self::default();
        for parameter in literal.split('&').filter(|parameter| !parameter.is_empty()) {
            let name = parameter
                .split_once('=')
                .map_or(parameter, |(name, _)| name);
            writer.names.push(name.to_string());
            writer.parameters.push(parameter.to_string());
        }
        writer
    }

    /// Adds `name=value`, both percent-encoded so that only RFC 3986's
    /// unreserved characters stay as they are (a space is `%20`). An empty
    /// value is written as `name=`.
    pub fn push(&mut self, name: &str, value: &str) {
        self.parameters.push(format!(
            "{}={}",
            utf8_percent_encode(name, UNRESERVED),
            utf8_percent_encode(value, UNRESERVED)
        ));
        if !self.contains(name) {
            self.names.push(name.to_string());
        }
    }

    /// Adds `name=value` once for each value, in order, as a list member is
    /// written. An empty list adds nothing.
    pub fn push_all(&mut self, name: &str, values: impl IntoIterator<Item = impl AsRef<str>>) {
        for value in values {
            self.push(name, value.as_ref());
        }
    }

    /// Returns whether parameter `name` is already set, by the literal or by
    /// an earlier push. An `@httpQueryParams` map skips such keys, because
    /// the named member takes precedence.
    pub fn contains(&self, name: &str) -> bool {
        self.names.iter().any(|set| set == name)
    }

    /// Returns `""` when there are no parameters, else `?` and the
    /// parameters joined by `&`.
    pub fn finish(self) -> String {
        if self.parameters.is_empty() {
            return String::new();
        }
        format!("?{}", self.parameters.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_query_is_empty_string() {
        assert_eq!(QueryWriter::new("").finish(), "");
        let mut query = QueryWriter::new("");
        query.push_all("StringList", Vec::<String>::new());
        assert_eq!(query.finish(), "");
    }

    #[test]
    fn literal_parameters_come_first() {
        // From the restJson1 ConstantQueryString and
        // ConstantAndVariableQueryString tests.
        assert_eq!(QueryWriter::new("foo=bar&hello").finish(), "?foo=bar&hello");

        let mut query = QueryWriter::new("foo=bar");
        query.push("baz", "bam");
        query.push("maybeSet", "yes");
        assert_eq!(query.finish(), "?foo=bar&baz=bam&maybeSet=yes");
    }

    #[test]
    fn values_are_percent_encoded() {
        // From the restJson1 RestJsonQueryStringEscaping test.
        let mut query = QueryWriter::new("");
        query.push("String", " %:/?#[]@!$&'()*+,;=😹");
        assert_eq!(
            query.finish(),
            "?String=%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9"
        );

        let mut query = QueryWriter::new("");
        query.push("a b", "-_.~");
        query.push("Empty", "");
        assert_eq!(query.finish(), "?a%20b=-_.~&Empty=");
    }

    #[test]
    fn lists_repeat_the_name() {
        let mut query = QueryWriter::new("");
        query.push_all("StringList", ["a", "b", "c"]);
        query.push_all("IntegerList", [1, 2].iter().map(|n| n.to_string()));
        assert_eq!(
            query.finish(),
            "?StringList=a&StringList=b&StringList=c&IntegerList=1&IntegerList=2"
        );
    }

    #[test]
    fn named_members_take_precedence_over_the_map() {
        // From the restJson1 RestJsonQueryPrecedence test: the map's `bar`
        // is dropped because the `bar` member is set.
        let mut query = QueryWriter::new("x-id=Get&tagging");
        query.push("bar", "named");
        let map = [
            ("bar", "fromMap"),
            ("qux", "alsoFromMap"),
            ("x-id", "map"),
            ("tagging", "map"),
        ];
        for (key, value) in map {
            if !query.contains(key) {
                query.push(key, value);
            }
        }
        assert_eq!(
            query.finish(),
            "?x-id=Get&tagging&bar=named&qux=alsoFromMap"
        );
    }

    #[test]
    fn contains_compares_decoded_names() {
        let mut query = QueryWriter::new("");
        query.push("a b", "1");
        assert!(query.contains("a b"));
        assert!(!query.contains("a%20b"));
        assert!(!query.contains("A b"));
    }
}
