//! Parser for the text of one shared `config` or `credentials` file.
//!
//! The format is the INI dialect that the AWS SDKs and the AWS CLI read:
//!
//! - A line is a section header, a property, an indented continuation, a
//!   comment or blank. Lines end with `\n` or `\r\n`.
//! - A comment line starts with `#` or `;` in the first column. After a
//!   section header, a comment may follow directly. After a property value,
//!   `#` or `;` starts a comment only when whitespace precedes it, so
//!   `name = a;b` keeps `a;b`.
//! - A property is `name = value`. Names and values are trimmed, names are
//!   case-sensitive, and the last definition of a name wins.
//! - An indented line continues the property above it. When that property
//!   has an empty value, each indented line is a `name = value`
//!   sub-property instead. Continuation and sub-property lines keep `#` and
//!   `;` as text.
//! - In the config file, profiles are `[default]` and `[profile name]`,
//!   other sections are `[services name]` and `[sso-session name]`. When
//!   both `[default]` and `[profile default]` are present, only the latter
//!   counts. In the credentials file, every section is a profile `[name]`.
//! - Sections with the same name merge. Headers that name no valid section,
//!   and properties with invalid names, are skipped as the SDKs skip them.
//!   Valid names consist of ASCII letters, digits and `-/.%@_:+`.

use std::collections::BTreeMap;
use std::fmt;

/// The kind of a shared file, config or credentials, which decides how
/// profile section headers are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// The config file, by default `~/.aws/config`.
    Config,
    /// The credentials file, by default `~/.aws/credentials`.
    Credentials,
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileKind::Config => f.write_str("config file"),
            FileKind::Credentials => f.write_str("credentials file"),
        }
    }
}

/// A property: its value, the line it starts on and its sub-properties.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Property {
    value: String,
    line: usize,
    sub_properties: BTreeMap<String, Property>,
}

impl Property {
    /// Returns the value. Continuation lines are joined with `\n`.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// Returns the 1-based line number of the `name = value` line.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Returns the sub-property `name`, such as `endpoint_url` under a
    /// service key in a `[services name]` section.
    pub fn sub_property(&self, name: &str) -> Option<&Property> {
        self.sub_properties.get(name)
    }

    /// Returns the sub-properties, sorted by name.
    pub fn sub_properties(&self) -> impl Iterator<Item = (&str, &Property)> {
        self.sub_properties
            .iter()
            .map(|(name, property)| (name.as_str(), property))
    }
}

/// The properties of one section, merged over every header of that section
/// in the file.
///
/// `Debug` hides the values of properties whose names contain `secret`,
/// `token` or `password`, such as `aws_secret_access_key`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Section {
    properties: BTreeMap<String, Property>,
}

impl Section {
    /// Returns the property `name`. Names are case-sensitive.
    pub fn get(&self, name: &str) -> Option<&Property> {
        self.properties.get(name)
    }

    /// Returns the properties, sorted by name.
    pub fn properties(&self) -> impl Iterator<Item = (&str, &Property)> {
        self.properties
            .iter()
            .map(|(name, property)| (name.as_str(), property))
    }

    fn merge(&mut self, other: Section) {
        self.properties.extend(other.properties);
    }
}

impl fmt::Debug for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, property) in &self.properties {
            if is_secret_name(name) {
                map.entry(name, &"** redacted **");
            } else {
                map.entry(name, property);
            }
        }
        map.finish()
    }
}

fn is_secret_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["secret", "token", "password"]
        .iter()
        .any(|word| name.contains(word))
}

/// A section header that the parser skipped, kept so that a "profile not
/// found" error can point at a header with a near-miss spelling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedSection {
    header: String,
    line: usize,
}

impl SkippedSection {
    /// Returns the trimmed text between the brackets.
    pub fn header(&self) -> &str {
        &self.header
    }

    /// Returns the 1-based line number of the header.
    pub fn line(&self) -> usize {
        self.line
    }
}

/// The sections of one parsed file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedFile {
    profiles: BTreeMap<String, Section>,
    services: BTreeMap<String, Section>,
    sso_sessions: BTreeMap<String, Section>,
    skipped_sections: Vec<SkippedSection>,
}

impl ParsedFile {
    /// Returns the profile `name`.
    pub fn profile(&self, name: &str) -> Option<&Section> {
        self.profiles.get(name)
    }

    /// Returns the names of all profiles, sorted.
    pub fn profile_names(&self) -> impl Iterator<Item = &str> {
        self.profiles.keys().map(String::as_str)
    }

    /// Returns the `[services name]` section `name`. Only the config file
    /// has such sections.
    pub fn services(&self, name: &str) -> Option<&Section> {
        self.services.get(name)
    }

    /// Returns the `[sso-session name]` section `name`. Only the config
    /// file has such sections.
    pub fn sso_session(&self, name: &str) -> Option<&Section> {
        self.sso_sessions.get(name)
    }

    /// Returns the headers that named no valid section, in file order.
    pub fn skipped_sections(&self) -> &[SkippedSection] {
        &self.skipped_sections
    }
}

/// A syntax error: a line that is not a section header, property,
/// continuation, comment or blank line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    line: usize,
    message: String,
}

impl ParseError {
    fn new(line: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
        }
    }

    pub(super) fn invalid_utf8(line: usize) -> Self {
        Self::new(line, "invalid UTF-8. Save the file as UTF-8")
    }

    /// Returns the 1-based line number of the invalid line.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Returns what is wrong with the line, without the line number.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parses the text of a shared file of the given kind.
///
/// # Errors
///
/// Returns the first line that is not a section header, property,
/// continuation, comment or blank line, and any property or continuation
/// before the first section header.
pub fn parse(text: &str, kind: FileKind) -> Result<ParsedFile, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parser = Parser {
        kind,
        file: ParsedFile::default(),
        plain_default: None,
        open_section: None,
    };

    for (index, raw_line) in text.split('\n').enumerate() {
        let line = raw_line.strip_suffix('\r').unwrap_or(raw_line);
        parser.parse_line(index + 1, line)?;
    }

    Ok(parser.finish())
}

/// The destination of the properties of the section being read.
enum SectionTarget {
    Profile(String),
    /// `[default]` in the config file, which counts only when the file has
    /// no `[profile default]`.
    PlainDefault,
    Services(String),
    SsoSession(String),
    Skipped,
}

struct OpenSection {
    target: SectionTarget,
    section: Section,
    property: Option<OpenProperty>,
}

struct OpenProperty {
    /// `None` for a property with an invalid name, whose continuation lines
    /// are checked and then dropped with it.
    name: Option<String>,
    property: Property,
}

struct Parser {
    kind: FileKind,
    file: ParsedFile,
    plain_default: Option<Section>,
    open_section: Option<OpenSection>,
}

impl Parser {
    fn parse_line(&mut self, number: usize, line: &str) -> Result<(), ParseError> {
        if line.trim().is_empty() || line.starts_with(['#', ';']) {
            return Ok(());
        }
        if line.starts_with([' ', '\t']) {
            return self.parse_indented_line(number, line.trim());
        }
        if line.starts_with('[') {
            return self.parse_section_header(number, line);
        }
        self.parse_property_line(number, line)
    }

    fn parse_section_header(&mut self, number: usize, line: &str) -> Result<(), ParseError> {
        let after_open = &line[1..];
        let Some(close) = after_open.find(']') else {
            return Err(ParseError::new(number, "section header has no closing `]`"));
        };
        let header = after_open[..close].trim();
        let rest = after_open[close + 1..].trim_start();
        if !rest.is_empty() && !rest.starts_with(['#', ';']) {
            return Err(ParseError::new(
                number,
                format!(
                    "unexpected text after section header `[{header}]`. \
                     Only a comment starting with `#` or `;` may follow a section header"
                ),
            ));
        }

        self.close_section();
        let target = classify_header(header, self.kind);
        if matches!(target, SectionTarget::Skipped) {
            self.file.skipped_sections.push(SkippedSection {
                header: header.to_owned(),
                line: number,
            });
        }
        self.open_section = Some(OpenSection {
            target,
            section: Section::default(),
            property: None,
        });
        Ok(())
    }

    fn parse_property_line(&mut self, number: usize, line: &str) -> Result<(), ParseError> {
        let Some(open_section) = self.open_section.as_mut() else {
            return Err(ParseError::new(
                number,
                "property outside of a section. Add a section header such as `[default]` above it",
            ));
        };
        let Some((name, value)) = line.split_once('=') else {
            return Err(ParseError::new(
                number,
                "expected a section header, a `name = value` property, a comment or a blank line",
            ));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(ParseError::new(number, "property has no name before `=`"));
        }

        open_section.commit_property();
        open_section.property = Some(OpenProperty {
            name: is_valid_name(name).then(|| name.to_owned()),
            property: Property {
                value: strip_trailing_comment(value).trim().to_owned(),
                line: number,
                sub_properties: BTreeMap::new(),
            },
        });
        Ok(())
    }

    /// Parses a line that starts with whitespace. `content` is the trimmed
    /// line.
    fn parse_indented_line(&mut self, number: usize, content: &str) -> Result<(), ParseError> {
        let Some(open_section) = self.open_section.as_mut() else {
            return Err(ParseError::new(
                number,
                "indented line outside of a section. Add a section header such as \
                 `[default]` above it, or remove the indentation",
            ));
        };
        let Some(open_property) = open_section.property.as_mut() else {
            return Err(ParseError::new(
                number,
                "indented line has no property above it to continue. \
                 Remove the indentation, or add `name =` above it",
            ));
        };
        let property = &mut open_property.property;

        if !property.value.is_empty() {
            property.value.push('\n');
            property.value.push_str(content);
            return Ok(());
        }

        let Some((name, value)) = content.split_once('=') else {
            return Err(ParseError::new(
                number,
                format!(
                    "expected a sub-property `name = value` under the empty property on line {}",
                    property.line
                ),
            ));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(ParseError::new(
                number,
                "sub-property has no name before `=`",
            ));
        }
        property.sub_properties.insert(
            name.to_owned(),
            Property {
                value: value.trim().to_owned(),
                line: number,
                sub_properties: BTreeMap::new(),
            },
        );
        Ok(())
    }

    fn close_section(&mut self) {
        let Some(mut open_section) = self.open_section.take() else {
            return;
        };
        open_section.commit_property();

        let section = open_section.section;
        match open_section.target {
            SectionTarget::Profile(name) => merge_into(&mut self.file.profiles, name, section),
            SectionTarget::PlainDefault => {
                self.plain_default
                    .get_or_insert_with(Section::default)
                    .merge(section);
            }
            SectionTarget::Services(name) => merge_into(&mut self.file.services, name, section),
            SectionTarget::SsoSession(name) => {
                merge_into(&mut self.file.sso_sessions, name, section)
            }
            SectionTarget::Skipped => {}
        }
    }

    fn finish(mut self) -> ParsedFile {
        self.close_section();
        if let Some(plain_default) = self.plain_default {
            self.file
                .profiles
                .entry("default".to_owned())
                .or_insert(plain_default);
        }
        self.file
    }
}

impl OpenSection {
    fn commit_property(&mut self) {
        if let Some(OpenProperty {
            name: Some(name),
            property,
        }) = self.property.take()
        {
            self.section.properties.insert(name, property);
        }
    }
}

fn merge_into(sections: &mut BTreeMap<String, Section>, name: String, section: Section) {
    sections.entry(name).or_default().merge(section);
}

fn classify_header(header: &str, kind: FileKind) -> SectionTarget {
    let named = |name: &str, make: fn(String) -> SectionTarget| {
        if is_valid_name(name) {
            make(name.to_owned())
        } else {
            SectionTarget::Skipped
        }
    };

    match kind {
        FileKind::Credentials => named(header, SectionTarget::Profile),
        FileKind::Config if header == "default" => SectionTarget::PlainDefault,
        FileKind::Config => {
            if let Some(name) = strip_keyword(header, "profile") {
                named(name, SectionTarget::Profile)
            } else if let Some(name) = strip_keyword(header, "services") {
                named(name, SectionTarget::Services)
            } else if let Some(name) = strip_keyword(header, "sso-session") {
                named(name, SectionTarget::SsoSession)
            } else {
                SectionTarget::Skipped
            }
        }
    }
}

/// Returns the trimmed rest of `header` when it is `keyword`, whitespace and
/// more, so `profilefoo` does not match `profile`.
fn strip_keyword<'a>(header: &'a str, keyword: &str) -> Option<&'a str> {
    let rest = header.strip_prefix(keyword)?;
    rest.starts_with([' ', '\t']).then(|| rest.trim())
}

fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-/.%@_:+".contains(c))
}

/// Cuts a value at the first `#` or `;` that follows whitespace.
fn strip_trailing_comment(value: &str) -> &str {
    let mut previous_is_whitespace = false;
    for (index, c) in value.char_indices() {
        if previous_is_whitespace && (c == '#' || c == ';') {
            return &value[..index];
        }
        previous_is_whitespace = c == ' ' || c == '\t';
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_config(text: &str) -> ParsedFile {
        parse(text, FileKind::Config).unwrap_or_else(|e| panic!("{e}\n---\n{text}"))
    }

    fn parse_credentials(text: &str) -> ParsedFile {
        parse(text, FileKind::Credentials).unwrap_or_else(|e| panic!("{e}\n---\n{text}"))
    }

    fn value<'a>(file: &'a ParsedFile, profile: &str, name: &str) -> Option<&'a str> {
        file.profile(profile)?.get(name).map(Property::value)
    }

    fn parse_error(text: &str, kind: FileKind) -> ParseError {
        match parse(text, kind) {
            Ok(file) => panic!("expected an error, parsed {file:?}"),
            Err(error) => error,
        }
    }

    #[test]
    fn empty_text_has_no_profiles() {
        let file = parse_config("");

        assert_eq!(file.profile_names().count(), 0);
    }

    #[test]
    fn config_sections_by_kind() {
        let file = parse_config(
            "[default]\nregion = us-east-1\n\
             [profile dev]\nregion = eu-west-1\n\
             [services local]\nentityresolution =\n  endpoint_url = http://localhost:4566\n\
             [sso-session corp]\nsso_region = us-east-2\n",
        );

        assert_eq!(value(&file, "default", "region"), Some("us-east-1"));
        assert_eq!(value(&file, "dev", "region"), Some("eu-west-1"));
        assert!(file.profile("local").is_none());
        assert!(file.services("local").is_some());
        assert_eq!(
            file.sso_session("corp")
                .and_then(|s| s.get("sso_region"))
                .map(Property::value),
            Some("us-east-2")
        );
    }

    #[test]
    fn config_section_without_prefix_is_skipped() {
        let file = parse_config("[dev]\nregion = eu-west-1\n[profilefoo]\nregion = x\n");

        assert!(file.profile("dev").is_none());
        assert!(file.profile("profilefoo").is_none());
        let skipped: Vec<_> = file
            .skipped_sections()
            .iter()
            .map(|s| (s.header(), s.line()))
            .collect();
        assert_eq!(skipped, [("dev", 1), ("profilefoo", 3)]);
    }

    #[test]
    fn credentials_sections_have_no_prefix() {
        let file = parse_credentials("[default]\na = 1\n[dev]\na = 2\n[profile ops]\na = 3\n");

        assert_eq!(value(&file, "default", "a"), Some("1"));
        assert_eq!(value(&file, "dev", "a"), Some("2"));
        assert!(file.profile("ops").is_none());
        assert!(file.profile("profile ops").is_none());
        assert_eq!(file.skipped_sections()[0].header(), "profile ops");
    }

    #[test]
    fn header_whitespace_is_trimmed() {
        let file = parse_config("[  profile \t dev \t]\nregion = a\n[profile\tops]\nregion = b\n");

        assert_eq!(value(&file, "dev", "region"), Some("a"));
        assert_eq!(value(&file, "ops", "region"), Some("b"));
    }

    #[test]
    fn profile_names_allow_punctuation() {
        let file = parse_config("[profile a-b_c.d/e%f@g:h+i]\nregion = x\n");

        assert_eq!(value(&file, "a-b_c.d/e%f@g:h+i", "region"), Some("x"));
    }

    #[test]
    fn invalid_profile_name_is_skipped() {
        let file = parse_config("[profile my dev]\nregion = x\n[profile ok]\nregion = y\n");

        assert!(file.profile("my dev").is_none());
        assert_eq!(value(&file, "ok", "region"), Some("y"));
        assert_eq!(file.skipped_sections().len(), 1);
    }

    #[test]
    fn prefixed_default_wins_over_plain() {
        let before = parse_config("[profile default]\na = 1\n[default]\nb = 2\n");
        let after = parse_config("[default]\nb = 2\n[profile default]\na = 1\n");

        for file in [&before, &after] {
            assert_eq!(value(file, "default", "a"), Some("1"));
            assert_eq!(value(file, "default", "b"), None);
        }
    }

    #[test]
    fn plain_default_used_alone() {
        let file = parse_config("[default]\nregion = us-west-2\n");

        assert_eq!(value(&file, "default", "region"), Some("us-west-2"));
    }

    #[test]
    fn property_names_and_values_trimmed() {
        let file = parse_config("[default]\nname \t=  \tvalue \t\nempty =\n");

        assert_eq!(value(&file, "default", "name"), Some("value"));
        assert_eq!(value(&file, "default", "empty"), Some(""));
    }

    #[test]
    fn property_names_are_case_sensitive() {
        let file = parse_config("[default]\nRegion = a\nregion = b\n");

        assert_eq!(value(&file, "default", "Region"), Some("a"));
        assert_eq!(value(&file, "default", "region"), Some("b"));
    }

    #[test]
    fn value_keeps_later_equals_signs() {
        let file = parse_config("[default]\nname = a=b=c\n");

        assert_eq!(value(&file, "default", "name"), Some("a=b=c"));
    }

    #[test]
    fn full_line_comments_ignored() {
        let file = parse_config("# one\n; two\n[default]\n# three\nname = value\n;four\n");

        assert_eq!(value(&file, "default", "name"), Some("value"));
        assert_eq!(
            file.profile("default").map(|s| s.properties().count()),
            Some(1)
        );
    }

    #[test]
    fn comment_after_header_ignored() {
        let file =
            parse_config("[profile a] # note\nx = 1\n[profile b];note\ny = 2\n[profile c]#\n");

        assert_eq!(value(&file, "a", "x"), Some("1"));
        assert_eq!(value(&file, "b", "y"), Some("2"));
        assert!(file.profile("c").is_some());
    }

    #[test]
    fn comment_after_value_needs_whitespace() {
        let file = parse_config(
            "[default]\n\
             a = value # comment with # sign\n\
             b = value\t; comment\n\
             c = value;not-a-comment\n\
             d = value#not-a-comment\n\
             e = ;\n",
        );

        assert_eq!(value(&file, "default", "a"), Some("value"));
        assert_eq!(value(&file, "default", "b"), Some("value"));
        assert_eq!(value(&file, "default", "c"), Some("value;not-a-comment"));
        assert_eq!(value(&file, "default", "d"), Some("value#not-a-comment"));
        assert_eq!(value(&file, "default", "e"), Some(""));
    }

    #[test]
    fn continuation_lines_join_with_newline() {
        let file = parse_config("[default]\nname = first\n  second \t\n\tthird # kept\n");

        assert_eq!(
            value(&file, "default", "name"),
            Some("first\nsecond\nthird # kept")
        );
    }

    #[test]
    fn blank_line_keeps_continuation() {
        let file = parse_config("[default]\nname = first\n\n  second\n");

        assert_eq!(value(&file, "default", "name"), Some("first\nsecond"));
    }

    #[test]
    fn sub_properties_under_empty_value() {
        let file = parse_config(
            "[services local]\n\
             entityresolution =\n\
             \x20 endpoint_url = http://localhost:4566\n\
             \n\
             \tother = a = b\n\
             s3 =\n\
             \x20 endpoint_url = http://localhost:9000\n",
        );
        let section = file.services("local").expect("services section");
        let service = section.get("entityresolution").expect("service key");

        assert_eq!(service.value(), "");
        assert_eq!(service.line(), 2);
        let endpoint = service.sub_property("endpoint_url").expect("sub-property");
        assert_eq!(endpoint.value(), "http://localhost:4566");
        assert_eq!(endpoint.line(), 3);
        assert_eq!(
            service.sub_property("other").map(Property::value),
            Some("a = b")
        );
        assert_eq!(
            section
                .get("s3")
                .and_then(|p| p.sub_property("endpoint_url"))
                .map(Property::value),
            Some("http://localhost:9000")
        );
    }

    #[test]
    fn sub_property_duplicate_last_wins() {
        let file = parse_config("[services x]\nsvc =\n  endpoint_url = a\n  endpoint_url = b\n");
        let service = file.services("x").and_then(|s| s.get("svc")).expect("svc");

        assert_eq!(
            service.sub_property("endpoint_url").map(Property::value),
            Some("b")
        );
    }

    #[test]
    fn sub_property_without_equals_fails() {
        let error = parse_error("[default]\ns3 =\n  invalid\n", FileKind::Config);

        assert_eq!(error.line(), 3);
        assert!(error.message().contains("sub-property"), "{error}");
        assert!(error.message().contains("on line 2"), "{error}");
    }

    #[test]
    fn sub_property_without_name_fails() {
        let error = parse_error("[default]\ns3 =\n  = value\n", FileKind::Config);

        assert_eq!(error.line(), 3);
        assert!(error.message().contains("no name"), "{error}");
    }

    #[test]
    fn duplicate_key_last_wins() {
        let file = parse_config("[default]\nregion = a\nregion = b\n");

        assert_eq!(value(&file, "default", "region"), Some("b"));
    }

    #[test]
    fn duplicate_sections_merge() {
        let file = parse_config("[profile a]\nx = 1\ny = 1\n[profile b]\n[profile a]\ny = 2\n");

        assert_eq!(value(&file, "a", "x"), Some("1"));
        assert_eq!(value(&file, "a", "y"), Some("2"));
    }

    #[test]
    fn invalid_property_name_is_skipped() {
        let file = parse_config("[default]\nin valid = x\n  continued\nregion = y\n");

        assert!(file
            .profile("default")
            .and_then(|s| s.get("in valid"))
            .is_none());
        assert_eq!(value(&file, "default", "region"), Some("y"));
    }

    #[test]
    fn crlf_line_endings() {
        let file = parse_config(
            "[default]\r\nregion = us-east-1\r\nname = a\r\n  b\r\ns3 =\r\n  x = 1\r\n",
        );

        assert_eq!(value(&file, "default", "region"), Some("us-east-1"));
        assert_eq!(value(&file, "default", "name"), Some("a\nb"));
        assert_eq!(
            file.profile("default")
                .and_then(|s| s.get("s3"))
                .and_then(|p| p.sub_property("x"))
                .map(Property::value),
            Some("1")
        );
    }

    #[test]
    fn byte_order_mark_ignored() {
        let file = parse_config("\u{feff}[default]\nregion = a\n");

        assert_eq!(value(&file, "default", "region"), Some("a"));
    }

    #[test]
    fn section_debug_hides_secrets() {
        let file = parse_credentials(
            "[default]\naws_access_key_id = AKIDEXAMPLE\n\
             aws_secret_access_key = secret-value\naws_session_token = token-value\n",
        );
        let debug = format!("{file:?}");

        assert!(debug.contains("AKIDEXAMPLE"), "{debug}");
        assert!(!debug.contains("secret-value"), "{debug}");
        assert!(!debug.contains("token-value"), "{debug}");
    }

    #[test]
    fn property_before_section_fails() {
        let error = parse_error("# header comment\nregion = a\n", FileKind::Config);

        assert_eq!(error.line(), 2);
        assert!(error.message().contains("outside of a section"), "{error}");
    }

    #[test]
    fn line_without_equals_fails() {
        let error = parse_error(
            "[default]\nregion = a\n\nkey : value\n",
            FileKind::Credentials,
        );

        assert_eq!(error.line(), 4);
        assert!(error.message().contains("`name = value`"), "{error}");
        assert_eq!(error.to_string(), format!("line 4: {}", error.message()));
    }

    #[test]
    fn error_does_not_echo_line() {
        // A mistyped line in the credentials file may contain a secret.
        let text = "[default]\naws_secret_access_key: very-secret-value\n";
        let error = parse_error(text, FileKind::Credentials);

        assert_eq!(error.line(), 2);
        assert!(!error.to_string().contains("very-secret-value"), "{error}");
    }

    #[test]
    fn property_without_name_fails() {
        let error = parse_error("[default]\n= value\n", FileKind::Config);

        assert_eq!(error.line(), 2);
        assert!(error.message().contains("no name"), "{error}");
    }

    #[test]
    fn unclosed_header_fails() {
        let error = parse_error("[default]\nregion = a\n[profile dev\n", FileKind::Config);

        assert_eq!(error.line(), 3);
        assert!(error.message().contains("closing `]`"), "{error}");
    }

    #[test]
    fn text_after_header_fails() {
        let error = parse_error("[profile dev] region = a\n", FileKind::Config);

        assert_eq!(error.line(), 1);
        assert!(error.message().contains("`[profile dev]`"), "{error}");
    }

    #[test]
    fn continuation_before_section_fails() {
        let error = parse_error("  continued\n", FileKind::Config);

        assert_eq!(error.line(), 1);
        assert!(error.message().contains("outside of a section"), "{error}");
    }

    #[test]
    fn continuation_without_property_fails() {
        let error = parse_error(
            "[default]\nregion = a\n[profile dev]\n  continued\n",
            FileKind::Config,
        );

        assert_eq!(error.line(), 4);
        assert!(error.message().contains("no property above it"), "{error}");
    }

    #[test]
    fn error_line_counts_crlf_lines() {
        let error = parse_error("[default]\r\n\r\nbad line\r\n", FileKind::Config);

        assert_eq!(error.line(), 3);
    }

    #[test]
    fn arbitrary_lines_never_panic() {
        let fragments = [
            "",
            "[",
            "]",
            "[]",
            "[profile x]",
            "[services s]",
            "[default] junk",
            "a = b",
            "  c = d",
            "\tplain",
            "=",
            "x =",
            "# c",
            "; c",
            " ",
            "\r",
            "ü = ä",
            "[ü]",
            "a = b # c",
            "\u{feff}",
        ];
        for first in fragments {
            for second in fragments {
                for third in fragments {
                    let text = format!("{first}\n{second}\r\n{third}");
                    for kind in [FileKind::Config, FileKind::Credentials] {
                        if let Err(error) = parse(&text, kind) {
                            assert!((1..=3).contains(&error.line()), "{error} in {text:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn properties_in_skipped_section_are_checked() {
        let error = parse_error("[dev]\nnot a property\n", FileKind::Config);

        assert_eq!(error.line(), 2);
    }
}
