//! Turns the model's documentation, HTML in AWS models, into rustdoc
//! Markdown that rustdoc accepts without warnings.

use proc_macro2::TokenStream;
use quote::quote;

/// Returns one `#[doc]` attribute per line of `text` converted to Markdown,
/// or of `fallback` when the model has no documentation.
pub fn doc_attrs(text: Option<&str>, fallback: &str) -> TokenStream {
    let lines = doc_lines(text, fallback).into_iter().map(|line| quote!(#[doc = #line]));
    quote!(#(#lines)*)
}

/// Returns the same lines as [`doc_attrs`] as inner `#![doc]` attributes,
/// which document the enclosing module or crate.
pub fn inner_doc_attrs(text: Option<&str>, fallback: &str) -> TokenStream {
    let lines = doc_lines(text, fallback).into_iter().map(|line| quote!(#![doc = #line]));
    quote!(#(#lines)*)
}

fn doc_lines(text: Option<&str>, fallback: &str) -> Vec<String> {
    let markdown = text.map(to_markdown).filter(|m| !m.trim().is_empty());
    let markdown = markdown.unwrap_or_else(|| fallback.to_string());
    markdown
        .lines()
        .map(|line| if line.is_empty() { String::new() } else { format!(" {line}") })
        .collect()
}

/// Converts documentation HTML to Markdown: paragraphs, code, links, lists
/// and emphasis; other tags are dropped and their text kept.
pub fn to_markdown(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut in_code = false;
    let mut in_pre = false;
    let mut link: Option<String> = None;
    let mut list_depth = 0usize;

    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('<') {
            if let Some(end) = after.find('>') {
                let tag = &after[..end];
                rest = &after[end + 1..];
                let closing = tag.starts_with('/');
                let name = tag.trim_start_matches('/').split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("").to_ascii_lowercase();
                match (name.as_str(), closing) {
                    ("p" | "div" | "note" | "important", _) => paragraph_break(&mut out),
                    ("br", _) => out.push('\n'),
                    ("code" | "tt", false) if !in_pre => {
                        in_code = true;
                        out.push('`');
                    }
                    ("code" | "tt", true) if !in_pre => {
                        in_code = false;
                        out.push('`');
                    }
                    ("pre", false) => {
                        paragraph_break(&mut out);
                        out.push_str("```text\n");
                        in_pre = true;
                    }
                    ("pre", true) => {
                        in_pre = false;
                        if !out.ends_with('\n') {
                            out.push('\n');
                        }
                        out.push_str("```\n\n");
                    }
                    ("a", false) => {
                        link = attribute(tag, "href");
                        if link.is_some() {
                            out.push('[');
                        }
                    }
                    ("a", true) => {
                        if let Some(href) = link.take() {
                            out.push_str(&format!("]({href})"));
                        }
                    }
                    ("ul" | "ol", false) => {
                        list_depth += 1;
                        paragraph_break(&mut out);
                    }
                    ("ul" | "ol", true) => {
                        list_depth = list_depth.saturating_sub(1);
                        paragraph_break(&mut out);
                    }
                    ("li", false) => {
                        if !out.ends_with('\n') && !out.is_empty() {
                            out.push('\n');
                        }
                        out.push_str(&"  ".repeat(list_depth.saturating_sub(1)));
                        out.push_str("- ");
                    }
                    ("b" | "strong", _) => out.push_str("**"),
                    ("i" | "em", _) => out.push('*'),
                    _ => {}
                }
                continue;
            }
        }

        let next = rest.find('<').map(|i| if i == 0 { 1 } else { i }).unwrap_or(rest.len());
        let (text, tail) = rest.split_at(next);
        rest = tail;
        if in_pre {
            out.push_str(text);
        } else if in_code {
            out.push_str(&collapse_whitespace(text).replace('`', "'"));
        } else {
            push_text(&mut out, &collapse_whitespace(text), link.is_some());
        }
    }

    tidy(&out)
}

fn paragraph_break(out: &mut String) {
    // A paragraph that opens a list item stays on the item's line, even
    // when whitespace between the tags followed the marker.
    let without_spaces = out.trim_end_matches(' ');
    if is_list_marker_end(without_spaces) {
        out.truncate(without_spaces.len());
        out.push(' ');
        return;
    }
    let trimmed = out.trim_end_matches([' ', '\n']).len();
    out.truncate(trimmed);
    if !out.is_empty() {
        out.push_str("\n\n");
    }
}

/// Returns whether `text` ends with a list marker `-` that starts its line.
fn is_list_marker_end(text: &str) -> bool {
    let Some(before) = text.strip_suffix('-') else {
        return false;
    };
    before.trim_end_matches(' ').is_empty() || before.trim_end_matches(' ').ends_with('\n')
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!("{name}="))? + name.len() + 1;
    let value = &tag[start..];
    let quote = value.chars().next()?;
    if quote == '"' || quote == '\'' {
        let end = value[1..].find(quote)?;
        Some(value[1..1 + end].to_string())
    } else {
        Some(value.split_whitespace().next()?.to_string())
    }
}

fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    out
}

/// Appends prose, escaping what Markdown or rustdoc would misread: brackets
/// (intra-doc links) and bare URLs, which rustdoc wants in angle brackets.
fn push_text(out: &mut String, text: &str, in_link: bool) {
    let starts_line = out.is_empty() || out.ends_with('\n') || is_list_marker_end(out.trim_end_matches(' '));
    let text = if starts_line { text.trim_start() } else { text };
    for word in text.split_inclusive(' ') {
        let bare = word.trim_end();
        if !in_link && (bare.starts_with("http://") || bare.starts_with("https://")) {
            let url = bare.trim_end_matches(['.', ',', ')', ';']);
            let tail = &bare[url.len()..];
            out.push_str(&format!("<{url}>{tail}"));
            out.push_str(&word[bare.len()..]);
            continue;
        }
        for c in word.chars() {
            match c {
                '[' | ']' | '*' | '_' | '\\' | '`' | '#' => {
                    out.push('\\');
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
    }
}

fn tidy(text: &str) -> String {
    let mut lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let mut out = String::new();
    let mut blank = true;
    for line in lines {
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
            continue;
        }
        out.push_str(line);
        out.push('\n');
        blank = false;
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_code() {
        let html = "<p>Starts the <code>IdMappingJob</code>.</p><p>Second\n   paragraph.</p>";
        assert_eq!(to_markdown(html), "Starts the `IdMappingJob`.\n\nSecond paragraph.");
    }

    #[test]
    fn links_and_lists() {
        let html = "<p>See <a href=\"https://example.com/x\">the guide</a>:</p><ul><li><p>one</p></li><li>two</li></ul>";
        assert_eq!(to_markdown(html), "See [the guide](https://example.com/x):\n\n- one\n\n- two");
    }

    #[test]
    fn brackets_and_bare_urls_are_escaped() {
        assert_eq!(to_markdown("a [b] c https://example.com."), "a \\[b\\] c <https://example.com>.");
    }

    #[test]
    fn item_paragraph_after_whitespace_stays_on_marker_line() {
        let html = "<ul> <li> <p>one</p> <ul> <li> <p>inner</p> </li> </ul> </li> </ul>";
        assert_eq!(to_markdown(html), "- one\n\n  - inner");
        let spaced = "<ul><li>\n <p>\n  <code>a</code> b</p></li></ul>";
        assert_eq!(to_markdown(spaced), "- `a` b");
    }

    #[test]
    fn plain_text_passes_through() {
        assert_eq!(to_markdown("The name."), "The name.");
    }
}
