//! Splits a JMESPath expression into tokens. Characters of JMESPath
//! features outside the supported subset (pipes, `||`, `@`, hashes,
//! indexes and slices) are reported by name rather than as unknown.

use serde_json::Value;

use super::ParseError;

/// One token and the byte offset where it starts.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Token {
    pub(super) kind: TokenKind,
    pub(super) offset: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum TokenKind {
    Identifier(String),
    /// A JSON literal in backticks or a raw string in single quotes.
    Literal(Value),
    Dot,
    Star,
    /// `[]`
    Flatten,
    /// `[?`
    Filter,
    LeftBracket,
    RightBracket,
    LeftParen,
    RightParen,
    Comma,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    And,
    Not,
    End,
}

/// Returns the tokens of `expression`, ending with [`TokenKind::End`].
pub(super) fn tokenize(expression: &str) -> Result<Vec<Token>, ParseError> {
    let mut lexer = Lexer {
        text: expression,
        offset: 0,
        tokens: Vec::new(),
    };
    lexer.run()?;
    Ok(lexer.tokens)
}

struct Lexer<'e> {
    text: &'e str,
    offset: usize,
    tokens: Vec<Token>,
}

impl Lexer<'_> {
    fn run(&mut self) -> Result<(), ParseError> {
        while let Some(c) = self.peek() {
            let start = self.offset;
            if c.is_ascii_whitespace() {
                self.offset += 1;
                continue;
            }
            let kind = match c {
                'a'..='z' | 'A'..='Z' | '_' => self.identifier(),
                '`' => self.json_literal()?,
                '\'' => self.raw_string()?,
                '.' => self.single(TokenKind::Dot),
                '*' => self.single(TokenKind::Star),
                ']' => self.single(TokenKind::RightBracket),
                '(' => self.single(TokenKind::LeftParen),
                ')' => self.single(TokenKind::RightParen),
                ',' => self.single(TokenKind::Comma),
                '[' => self.bracket(),
                '=' if self.next_is("==") => self.double(TokenKind::Equal),
                '!' if self.next_is("!=") => self.double(TokenKind::NotEqual),
                '!' => self.single(TokenKind::Not),
                '<' if self.next_is("<=") => self.double(TokenKind::LessEqual),
                '<' => self.single(TokenKind::Less),
                '>' if self.next_is(">=") => self.double(TokenKind::GreaterEqual),
                '>' => self.single(TokenKind::Greater),
                '&' if self.next_is("&&") => self.double(TokenKind::And),
                other => return Err(self.unsupported(other)),
            };
            self.tokens.push(Token {
                kind,
                offset: start,
            });
        }
        self.tokens.push(Token {
            kind: TokenKind::End,
            offset: self.offset,
        });
        Ok(())
    }

    fn peek(&self) -> Option<char> {
        self.text[self.offset..].chars().next()
    }

    fn next_is(&self, text: &str) -> bool {
        self.text[self.offset..].starts_with(text)
    }

    fn single(&mut self, kind: TokenKind) -> TokenKind {
        self.offset += 1;
        kind
    }

    fn double(&mut self, kind: TokenKind) -> TokenKind {
        self.offset += 2;
        kind
    }

    fn identifier(&mut self) -> TokenKind {
        let rest = &self.text[self.offset..];
        let length = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        self.offset += length;
        TokenKind::Identifier(rest[..length].to_string())
    }

    /// Reads `[`, `[]` or `[?`.
    fn bracket(&mut self) -> TokenKind {
        self.offset += 1;
        match self.peek() {
            Some(']') => self.single(TokenKind::Flatten),
            Some('?') => self.single(TokenKind::Filter),
            _ => TokenKind::LeftBracket,
        }
    }

    /// Reads a JSON value between backticks, where "\`" is a backtick.
    fn json_literal(&mut self) -> Result<TokenKind, ParseError> {
        let start = self.offset;
        let body = self.quoted('`')?;
        let json = body.replace("\\`", "`");
        serde_json::from_str(json.trim())
            .map(TokenKind::Literal)
            .map_err(|e| ParseError::new(self.text, start, format!("invalid JSON literal: {e}")))
    }

    /// Reads a raw string between single quotes, where `\'` is a quote and
    /// `\\` a backslash.
    fn raw_string(&mut self) -> Result<TokenKind, ParseError> {
        let body = self.quoted('\'')?;
        let text = body.replace("\\\\", "\\").replace("\\'", "'");
        Ok(TokenKind::Literal(Value::String(text)))
    }

    /// Returns the text up to the closing `quote`, skipping escaped ones,
    /// and moves past it.
    fn quoted(&mut self, quote: char) -> Result<&str, ParseError> {
        let start = self.offset;
        let body_start = start + 1;
        let mut escaped = false;
        for (index, c) in self.text[body_start..].char_indices() {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == quote {
                self.offset = body_start + index + 1;
                return Ok(&self.text[body_start..body_start + index]);
            }
        }
        Err(ParseError::new(
            self.text,
            start,
            format!("missing closing {quote}"),
        ))
    }

    fn unsupported(&self, c: char) -> ParseError {
        let feature = match c {
            '|' => "pipes and `||` are",
            '@' => "the current node `@` is",
            '{' | '}' => "multiselect hashes are",
            '0'..='9' | '-' | ':' => "indexes and slices are",
            '"' => "quoted identifiers are",
            '&' => "expression references are",
            _ => {
                return ParseError::new(
                    self.text,
                    self.offset,
                    format!("unexpected character {c:?}"),
                )
            }
        };
        ParseError::new(
            self.text,
            self.offset,
            format!("{feature} not supported by this JMESPath subset"),
        )
    }
}
