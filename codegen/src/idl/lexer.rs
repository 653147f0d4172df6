//! Splits Smithy IDL text into tokens, keeping whitespace, newlines and
//! comments as tokens because the grammar depends on them: some statements
//! must end at a line break, some keywords must be followed by a space.
//!
//! A malformed string, number or character becomes an [`TokenKind::Invalid`]
//! token carrying its message, so the parser reports problems in file order.

use crate::diagnostics::LineColumn;

/// A token kind; the variants mirror the terminals of the IDL grammar.
#[derive(Clone, Debug, PartialEq)]
pub enum TokenKind {
    /// One or more spaces or tabs.
    Space,
    /// `\n` or `\r\n`.
    Newline,
    /// `,`, which the IDL treats as whitespace.
    Comma,
    /// A `//` comment, including the newline that ends it.
    Comment,
    /// A `///` documentation comment: its text after `///` and whether only
    /// whitespace precedes it on its line.
    DocComment {
        text: String,
        starts_line: bool,
    },
    Identifier(String),
    Dot,
    Pound,
    Dollar,
    At,
    Colon,
    /// `:=`, which introduces an inline operation input or output.
    Walrus,
    Equal,
    LParen,
    RParen,
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    /// A quoted string, with escapes decoded.
    String(String),
    /// A `"""` text block, with incidental whitespace removed and escapes
    /// decoded.
    TextBlock(String),
    Number(serde_json::Number),
    /// Text that is not a valid token, with the reason.
    Invalid(String),
    Eof,
}

/// A token and where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub kind: TokenKind,
    pub at: LineColumn,
}

impl TokenKind {
    /// Returns whether the grammar treats the token as whitespace.
    pub fn is_trivia(&self) -> bool {
        matches!(
            self,
            Self::Space | Self::Newline | Self::Comma | Self::Comment | Self::DocComment { .. }
        )
    }

    /// Describes the token for messages, such as "identifier `string`".
    pub fn describe(&self) -> String {
        match self {
            Self::Space => "a space".into(),
            Self::Newline => "a line break".into(),
            Self::Comma => "`,`".into(),
            Self::Comment => "a comment".into(),
            Self::DocComment { .. } => "a documentation comment".into(),
            Self::Identifier(name) => format!("identifier `{name}`"),
            Self::Dot => "`.`".into(),
            Self::Pound => "`#`".into(),
            Self::Dollar => "`$`".into(),
            Self::At => "`@`".into(),
            Self::Colon => "`:`".into(),
            Self::Walrus => "`:=`".into(),
            Self::Equal => "`=`".into(),
            Self::LParen => "`(`".into(),
            Self::RParen => "`)`".into(),
            Self::LBrace => "`{`".into(),
            Self::RBrace => "`}`".into(),
            Self::LBracket => "`[`".into(),
            Self::RBracket => "`]`".into(),
            Self::String(text) => format!("string {:?}", shorten(text)),
            Self::TextBlock(_) => "a text block".into(),
            Self::Number(number) => format!("number {number}"),
            Self::Invalid(reason) => reason.clone(),
            Self::Eof => "the end of the file".into(),
        }
    }
}

/// Returns `text` cut to at most 40 characters, for messages.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text.to_string(),
    }
}

/// Splits `text` into tokens; the last one is always [`TokenKind::Eof`].
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut lexer = Lexer {
        chars: text.chars().collect(),
        index: 0,
        line: 1,
        column: 1,
        line_has_token: false,
        report_at: None,
    };
    let mut tokens = Vec::new();
    loop {
        let token = lexer.next_token();
        let done = token.kind == TokenKind::Eof;
        tokens.push(token);
        if done {
            return tokens;
        }
    }
}

struct Lexer {
    chars: Vec<char>,
    index: usize,
    line: u32,
    column: u32,
    /// Whether a token other than spaces and commas started on this line.
    line_has_token: bool,
    /// The position to report the token being lexed at, when not its
    /// start: an unclosed string is reported at the end of the file.
    report_at: Option<LineColumn>,
}

impl Lexer {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.index).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.index + offset).copied()
    }

    fn here(&self) -> LineColumn {
        LineColumn {
            line: self.line,
            column: self.column,
        }
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.index += 1;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
            self.line_has_token = false;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn next_token(&mut self) -> Token {
        let at = self.here();
        let Some(c) = self.peek() else {
            return Token {
                kind: TokenKind::Eof,
                at,
            };
        };
        let starts_line = !self.line_has_token;
        if !matches!(c, ' ' | '\t' | ',' | '\n' | '\r') {
            self.line_has_token = true;
        }

        let kind = match c {
            ' ' | '\t' => {
                while matches!(self.peek(), Some(' ' | '\t')) {
                    self.bump();
                }
                TokenKind::Space
            }
            '\n' => {
                self.bump();
                TokenKind::Newline
            }
            '\r' if self.peek_at(1) == Some('\n') => {
                self.bump();
                self.bump();
                TokenKind::Newline
            }
            ',' => {
                self.bump();
                TokenKind::Comma
            }
            '/' if self.peek_at(1) == Some('/') => self.comment(starts_line),
            '"' if self.peek_at(1) == Some('"') && self.peek_at(2) == Some('"') => {
                self.text_block()
            }
            '"' => self.quoted_string(),
            '-' | '0'..='9' => self.number(),
            'A'..='Z' | 'a'..='z' | '_' => self.identifier(),
            ':' if self.peek_at(1) == Some('=') => {
                self.bump();
                self.bump();
                TokenKind::Walrus
            }
            _ => {
                self.bump();
                match c {
                    '.' => TokenKind::Dot,
                    '#' => TokenKind::Pound,
                    '$' => TokenKind::Dollar,
                    '@' => TokenKind::At,
                    ':' => TokenKind::Colon,
                    '=' => TokenKind::Equal,
                    '(' => TokenKind::LParen,
                    ')' => TokenKind::RParen,
                    '{' => TokenKind::LBrace,
                    '}' => TokenKind::RBrace,
                    '[' => TokenKind::LBracket,
                    ']' => TokenKind::RBracket,
                    other => TokenKind::Invalid(format!("unexpected character {other:?}")),
                }
            }
        };
        Token {
            kind,
            at: self.report_at.take().unwrap_or(at),
        }
    }

    /// Returns the token for a string or text block that starts at `start`
    /// and has no closing quotes: reported at the end of the file, where
    /// the quotes are missing.
    fn unclosed(&mut self, what: &str, quotes: &str, start: LineColumn) -> TokenKind {
        self.report_at = Some(self.here());
        TokenKind::Invalid(format!(
            "unclosed {what}: the {what} that starts at line {}, column {} needs `{quotes}` before the end of the file",
            start.line, start.column
        ))
    }

    /// Lexes a `//` or `///` comment up to and including its newline.
    fn comment(&mut self, starts_line: bool) -> TokenKind {
        self.bump();
        self.bump();
        let documentation = self.peek() == Some('/');
        if documentation {
            self.bump();
        }
        let mut text = String::new();
        while let Some(c) = self.peek() {
            if c == '\n' {
                self.bump();
                break;
            }
            if c == '\r' && self.peek_at(1) == Some('\n') {
                self.bump();
                self.bump();
                break;
            }
            text.push(c);
            self.bump();
        }
        if documentation {
            TokenKind::DocComment { text, starts_line }
        } else {
            TokenKind::Comment
        }
    }

    fn identifier(&mut self) -> TokenKind {
        let mut name = String::new();
        while self.peek() == Some('_') {
            name.push('_');
            self.bump();
        }
        // An identifier made only of underscores is invalid: a letter or
        // digit must follow them.
        if !name.is_empty() && !self.peek().is_some_and(|c| c.is_ascii_alphanumeric()) {
            let found = self
                .peek()
                .map_or("the end of the file".to_string(), |c| format!("{c:?}"));
            return TokenKind::Invalid(format!(
                "invalid identifier `{name}`: expected a letter or digit after the underscores, found {found}"
            ));
        }
        while let Some(c) = self
            .peek()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        {
            name.push(c);
            self.bump();
        }
        TokenKind::Identifier(name)
    }

    /// Lexes a JSON-style number: `-`, integer digits, an optional fraction
    /// and an optional exponent, each part complete.
    fn number(&mut self) -> TokenKind {
        let mut text = String::new();
        let digits = |lexer: &mut Self, text: &mut String| {
            let mut count = 0;
            while let Some(c) = lexer.peek().filter(char::is_ascii_digit) {
                text.push(c);
                lexer.bump();
                count += 1;
            }
            count
        };

        if self.peek() == Some('-') {
            text.push('-');
            self.bump();
        }
        let integer_start = text.len();
        if digits(self, &mut text) == 0 {
            return TokenKind::Invalid(format!(
                "invalid number `{text}`: `-` must be followed by a digit"
            ));
        }
        if text[integer_start..].starts_with('0') && text.len() - integer_start > 1 {
            return TokenKind::Invalid(format!(
                "invalid number `{text}`: numbers must not have leading zeros"
            ));
        }
        if self.peek() == Some('.') {
            text.push('.');
            self.bump();
            if digits(self, &mut text) == 0 {
                return TokenKind::Invalid(format!(
                    "invalid number `{text}`: `.` must be followed by a digit"
                ));
            }
        }
        if let Some(e) = self.peek().filter(|c| matches!(c, 'e' | 'E')) {
            text.push(e);
            self.bump();
            if let Some(sign) = self.peek().filter(|c| matches!(c, '+' | '-')) {
                text.push(sign);
                self.bump();
            }
            if digits(self, &mut text) == 0 {
                return TokenKind::Invalid(format!(
                    "invalid number `{text}`: the exponent must be followed by a digit"
                ));
            }
        }

        // serde_json reads the literal, so a number parses to the same value
        // whether the model is IDL or JSON AST.
        match serde_json::from_str::<serde_json::Number>(&text) {
            Ok(number) => TokenKind::Number(number),
            // NOTE: the model keeps values as serde_json values, which hold
            // 64-bit integers and finite 64-bit floats only, so a larger
            // bigInteger or bigDecimal literal is rejected here, as it is in
            // a JSON AST file.
            Err(_) => TokenKind::Invalid(format!(
                "number `{text}` is out of range: model values must fit a 64-bit integer or a finite 64-bit float"
            )),
        }
    }

    fn quoted_string(&mut self) -> TokenKind {
        let start = self.here();
        self.bump();
        let mut raw = String::new();
        loop {
            match self.peek() {
                None => return self.unclosed("string", "\"", start),
                Some('"') => {
                    self.bump();
                    break;
                }
                Some('\\') => {
                    raw.push('\\');
                    self.bump();
                    if let Some(c) = self.bump() {
                        raw.push(c);
                    }
                }
                Some(c) => {
                    raw.push(c);
                    self.bump();
                }
            }
        }
        match unescape(&raw.replace("\r\n", "\n")) {
            Ok(text) => TokenKind::String(text),
            Err(reason) => TokenKind::Invalid(format!("invalid string: {reason}")),
        }
    }

    fn text_block(&mut self) -> TokenKind {
        let start = self.here();
        for _ in 0..3 {
            self.bump();
        }
        let mut raw = String::new();
        loop {
            match self.peek() {
                None => return self.unclosed("text block", "\"\"\"", start),
                Some('"') if self.peek_at(1) == Some('"') && self.peek_at(2) == Some('"') => {
                    for _ in 0..3 {
                        self.bump();
                    }
                    break;
                }
                Some('\\') => {
                    raw.push('\\');
                    self.bump();
                    if let Some(c) = self.bump() {
                        raw.push(c);
                    }
                }
                Some(c) => {
                    raw.push(c);
                    self.bump();
                }
            }
        }
        match text_block_value(&raw) {
            Ok(text) => TokenKind::TextBlock(text),
            Err(reason) => TokenKind::Invalid(format!("invalid text block: {reason}")),
        }
    }
}

/// Returns the value of a text block from its raw content between the
/// quotes: the opening line break dropped, the indentation common to its
/// lines and trailing spaces removed, then escapes decoded.
pub fn text_block_value(raw: &str) -> Result<String, String> {
    if raw.is_empty() {
        return Err("the text block is empty".into());
    }
    let raw = raw.replace("\r\n", "\n");
    let Some(content) = raw.strip_prefix('\n') else {
        return Err("a text block must start with a line break after `\"\"\"`".into());
    };

    let lines: Vec<&str> = content.split('\n').collect();
    let last = lines.len() - 1;
    // Lines of only whitespace set no indentation, except the last line,
    // which contains the closing quotes when they stand on their own line.
    let indentation = lines
        .iter()
        .enumerate()
        .filter(|(i, line)| *i == last || !line.trim().is_empty())
        .map(|(_, line)| line.chars().take_while(|c| *c == ' ' || *c == '\t').count())
        .min()
        .unwrap_or(0);

    let trimmed: Vec<String> = lines
        .iter()
        .map(|line| {
            let mut chars = line.chars();
            for _ in 0..indentation {
                if !chars.as_str().starts_with([' ', '\t']) {
                    break;
                }
                chars.next();
            }
            chars.as_str().trim_end_matches([' ', '\t']).to_string()
        })
        .collect();
    unescape(&trimmed.join("\n"))
}

/// Decodes the escapes of a quoted string or text block.
fn unescape(raw: &str) -> Result<String, String> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some('/') => out.push('/'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            // A backslash before a line break joins the lines.
            Some('\n') => {}
            Some('u') => out.push(unicode_escape(&mut chars)?),
            Some(other) => return Err(format!("invalid escape `\\{other}`")),
            None => return Err("a backslash ends the string".into()),
        }
    }
    Ok(out)
}

/// Decodes the four hex digits after `\u`, and a second `\uXXXX` when the
/// first is a high surrogate.
fn unicode_escape(chars: &mut std::str::Chars<'_>) -> Result<char, String> {
    let first = hex4(chars)?;
    if !(0xD800..0xDC00).contains(&first) {
        return char::from_u32(first).ok_or_else(|| {
            format!("invalid unicode escape `\\u{first:04X}`: a lone low surrogate")
        });
    }
    let rest = chars.as_str();
    if !rest.starts_with("\\u") {
        return Err(format!("invalid unicode escape `\\u{first:04X}`: a high surrogate must be followed by a low one"));
    }
    chars.next();
    chars.next();
    let second = hex4(chars)?;
    if !(0xDC00..0xE000).contains(&second) {
        return Err(format!(
            "invalid unicode escape `\\u{first:04X}\\u{second:04X}`: not a surrogate pair"
        ));
    }
    let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
    char::from_u32(code).ok_or_else(|| "invalid unicode escape".to_string())
}

fn hex4(chars: &mut std::str::Chars<'_>) -> Result<u32, String> {
    let mut value = 0;
    for _ in 0..4 {
        match chars.next() {
            Some(c) if c.is_ascii_hexdigit() => value = value * 16 + c.to_digit(16).unwrap_or(0),
            Some('"') | None => {
                return Err("unclosed unicode escape: `\\u` needs four hex digits".into())
            }
            Some(other) => {
                return Err(format!(
                    "invalid unicode escape: {other:?} is not a hex digit"
                ))
            }
        }
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<TokenKind> {
        tokenize(text).into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn lexes_walrus_and_shape_id_parts() {
        assert_eq!(
            kinds("a.b#C$d := x"),
            vec![
                TokenKind::Identifier("a".into()),
                TokenKind::Dot,
                TokenKind::Identifier("b".into()),
                TokenKind::Pound,
                TokenKind::Identifier("C".into()),
                TokenKind::Dollar,
                TokenKind::Identifier("d".into()),
                TokenKind::Space,
                TokenKind::Walrus,
                TokenKind::Space,
                TokenKind::Identifier("x".into()),
                TokenKind::Eof,
            ]
        );
    }

    #[test]
    fn positions_count_lines_and_characters() {
        let tokens = tokenize("a\n  é b");
        let b = tokens
            .iter()
            .find(|t| t.kind == TokenKind::Identifier("b".into()))
            .unwrap();
        assert_eq!(b.at, LineColumn { line: 2, column: 5 });
    }

    #[test]
    fn strings_decode_escapes_and_surrogates() {
        assert_eq!(
            kinds(r#""a\"b\\\u00e9\ud83d\ude00""#)[0],
            TokenKind::String("a\"b\\é😀".into())
        );
        assert!(
            matches!(&kinds(r#""\'""#)[0], TokenKind::Invalid(m) if m.contains("invalid escape"))
        );
        assert!(
            matches!(&kinds(r#""\ud83d""#)[0], TokenKind::Invalid(m) if m.contains("surrogate"))
        );
        assert!(
            matches!(&kinds("\"abc")[0], TokenKind::Invalid(m) if m.contains("unclosed string"))
        );
    }

    #[test]
    fn text_blocks_remove_incidental_whitespace() {
        assert_eq!(
            text_block_value("\n    Hello\n    there\n    ").unwrap(),
            "Hello\nthere\n"
        );
        assert_eq!(
            text_block_value("\n    a\n\n      b  \n  ").unwrap(),
            "  a\n\n    b\n"
        );
        assert_eq!(
            text_block_value("\n    Hi \\\n    there").unwrap(),
            "Hi there"
        );
        assert!(text_block_value("").is_err());
        assert!(text_block_value("Hi").is_err());
    }

    #[test]
    fn numbers_must_be_complete() {
        assert_eq!(
            kinds("-10e-2")[0],
            TokenKind::Number(serde_json::from_str("-10e-2").unwrap())
        );
        for bad in ["-", "1.", "1.0e", "1.0e+", "01"] {
            assert!(
                matches!(kinds(bad)[0], TokenKind::Invalid(_)),
                "{bad} must be invalid"
            );
        }
    }

    #[test]
    fn doc_comments_know_whether_they_start_the_line() {
        let tokens = kinds("/// a\nb /// c\n");
        assert_eq!(
            tokens[0],
            TokenKind::DocComment {
                text: " a".into(),
                starts_line: true
            }
        );
        assert_eq!(
            tokens[3],
            TokenKind::DocComment {
                text: " c".into(),
                starts_line: false
            }
        );
    }
}
