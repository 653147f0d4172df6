//! Just enough XML to read the AWS Query responses of STS: the text of the
//! first element with a given name. STS responses are small, flat documents
//! of elements with text, without attributes on the elements read here,
//! CDATA or comments, so a full parser would add a dependency for nothing.

/// Returns the unescaped text of the first element named `name`, such as
/// `AccessKeyId` in `<AccessKeyId>AKID</AccessKeyId>`, or `None` when the
/// document has no such element or its text is not well formed.
pub(crate) fn element_text(document: &str, name: &str) -> Option<String> {
    unescape(element_text_raw(document, name)?)
}

/// Returns the content of the first element named `name` as it is written,
/// markup included, to look for elements inside it.
pub(crate) fn element_text_raw<'a>(document: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = document.find(&open)? + open.len();
    let length = document[start..].find(&close)?;
    Some(&document[start..start + length])
}

/// Replaces the five predefined entities and character references, and
/// returns `None` for markup or an unknown entity inside the text.
fn unescape(text: &str) -> Option<String> {
    if text.contains('<') {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let semicolon = rest[amp..].find(';')? + amp;
        let entity = &rest[amp + 1..semicolon];
        let character = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()?
                } else {
                    entity.strip_prefix('#')?.parse().ok()?
                };
                char::from_u32(code)?
            }
        };
        out.push(character);
        rest = &rest[semicolon + 1..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_element_text_returned() {
        let document = "<A><B>one</B><C><B>two</B></C></A>";
        assert_eq!(element_text(document, "B").as_deref(), Some("one"));
        assert_eq!(element_text(document, "D"), None);
    }

    #[test]
    fn entities_unescaped() {
        let document = "<T>a&amp;b&lt;c&gt;&quot;&apos;&#65;&#x42;</T>";
        assert_eq!(element_text(document, "T").as_deref(), Some("a&b<c>\"'AB"));
    }

    #[test]
    fn malformed_text_rejected() {
        assert_eq!(element_text("<T>a&bogus;</T>", "T"), None);
        assert_eq!(element_text("<T>a&amp</T>", "T"), None);
        assert_eq!(element_text("<T><X/></T>", "T"), None);
        assert_eq!(element_text("<T>unclosed", "T"), None);
        assert_eq!(element_text("<T>&#xD800;</T>", "T"), None);
    }
}
