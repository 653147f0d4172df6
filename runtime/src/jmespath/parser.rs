//! A Pratt parser for the JMESPath subset. Binding powers follow the
//! JMESPath grammar's precedence, from loosest to tightest: `&&`, the
//! comparators, `[]`, `[?`, `.`, `!`, `[`, `(`. A projection (`[]`, `[?`,
//! `.*`) applies the rest of the expression to each element, up to a token
//! that binds looser than a projection, such as a comparator.

use super::lexer::{tokenize, Token, TokenKind};
use super::{Comparator, Expression, ParseError};

/// Tokens that bind looser than this end the right side of a projection.
const PROJECTION_STOP: u8 = 10;

/// Parses `text` into an expression tree.
pub(super) fn parse(text: &str) -> Result<Expression, ParseError> {
    let tokens = tokenize(text)?;
    let mut parser = Parser {
        text,
        tokens,
        position: 0,
    };
    let expression = parser.expression(0)?;
    match parser.peek() {
        TokenKind::End => Ok(expression),
        _ => Err(parser.error("unexpected token after the end of the expression")),
    }
}

struct Parser<'t> {
    text: &'t str,
    tokens: Vec<Token>,
    position: usize,
}

fn binding_power(kind: &TokenKind) -> u8 {
    match kind {
        TokenKind::And => 3,
        TokenKind::Equal
        | TokenKind::NotEqual
        | TokenKind::Less
        | TokenKind::LessEqual
        | TokenKind::Greater
        | TokenKind::GreaterEqual => 5,
        TokenKind::Flatten => 9,
        TokenKind::Star => 20,
        TokenKind::Filter => 21,
        TokenKind::Dot => 40,
        TokenKind::Not => 45,
        TokenKind::LeftBracket => 55,
        TokenKind::LeftParen => 60,
        _ => 0,
    }
}

impl Parser<'_> {
    fn peek(&self) -> &TokenKind {
        &self.tokens[self.position].kind
    }

    fn advance(&mut self) -> TokenKind {
        let kind = self.tokens[self.position].kind.clone();
        if kind != TokenKind::End {
            self.position += 1;
        }
        kind
    }

    fn expect(&mut self, kind: TokenKind, what: &str) -> Result<(), ParseError> {
        if *self.peek() == kind {
            self.advance();
            Ok(())
        } else {
            Err(self.error(&format!("expected {what}")))
        }
    }

    fn error(&self, message: &str) -> ParseError {
        ParseError::new(
            self.text,
            self.tokens[self.position].offset,
            message.to_string(),
        )
    }

    fn expression(&mut self, min_power: u8) -> Result<Expression, ParseError> {
        let mut left = self.prefix()?;
        while binding_power(self.peek()) > min_power {
            left = self.infix(left)?;
        }
        Ok(left)
    }

    /// Parses what an expression can start with.
    fn prefix(&mut self) -> Result<Expression, ParseError> {
        match self.advance() {
            TokenKind::Identifier(name) if *self.peek() == TokenKind::LeftParen => {
                self.function(name)
            }
            TokenKind::Identifier(name) => Ok(Expression::Field(name)),
            TokenKind::Literal(value) => Ok(Expression::Literal(value)),
            TokenKind::Not => Ok(Expression::Not(Box::new(
                self.expression(binding_power(&TokenKind::Not))?,
            ))),
            TokenKind::LeftParen => {
                let inner = self.expression(0)?;
                self.expect(TokenKind::RightParen, "`)`")?;
                Ok(inner)
            }
            TokenKind::Star => {
                let rest = self.projection_rest(binding_power(&TokenKind::Star))?;
                Ok(Expression::ValueProjection(
                    Box::new(Expression::Current),
                    Box::new(rest),
                ))
            }
            TokenKind::Flatten => {
                let rest = self.projection_rest(binding_power(&TokenKind::Flatten))?;
                Ok(Expression::FlattenProjection(
                    Box::new(Expression::Current),
                    Box::new(rest),
                ))
            }
            TokenKind::Filter => self.filter(Expression::Current),
            TokenKind::LeftBracket => self.multiselect_list(),
            TokenKind::End => Err(self.error("the expression ends early")),
            _ => {
                self.position -= 1;
                Err(self.error("unexpected token"))
            }
        }
    }

    /// Parses what follows `left` at the next token.
    fn infix(&mut self, left: Expression) -> Result<Expression, ParseError> {
        let token = self.advance();
        let power = binding_power(&token);
        match token {
            TokenKind::Dot if *self.peek() == TokenKind::Star => {
                self.advance();
                let rest = self.projection_rest(binding_power(&TokenKind::Star))?;
                Ok(Expression::ValueProjection(Box::new(left), Box::new(rest)))
            }
            TokenKind::Dot => {
                let right = self.after_dot(power)?;
                Ok(Expression::Subexpression(Box::new(left), Box::new(right)))
            }
            TokenKind::Flatten => {
                let rest = self.projection_rest(power)?;
                Ok(Expression::FlattenProjection(
                    Box::new(left),
                    Box::new(rest),
                ))
            }
            TokenKind::Filter => self.filter(left),
            TokenKind::And => {
                let right = self.expression(power)?;
                Ok(Expression::And(Box::new(left), Box::new(right)))
            }
            TokenKind::Equal => self.comparison(left, Comparator::Equal, power),
            TokenKind::NotEqual => self.comparison(left, Comparator::NotEqual, power),
            TokenKind::Less => self.comparison(left, Comparator::Less, power),
            TokenKind::LessEqual => self.comparison(left, Comparator::LessEqual, power),
            TokenKind::Greater => self.comparison(left, Comparator::Greater, power),
            TokenKind::GreaterEqual => self.comparison(left, Comparator::GreaterEqual, power),
            TokenKind::LeftBracket => {
                self.position -= 1;
                Err(self.error("indexes and slices are not supported by this JMESPath subset"))
            }
            _ => {
                self.position -= 1;
                Err(self.error("unexpected token"))
            }
        }
    }

    fn comparison(
        &mut self,
        left: Expression,
        comparator: Comparator,
        power: u8,
    ) -> Result<Expression, ParseError> {
        let right = self.expression(power)?;
        Ok(Expression::Compare(
            comparator,
            Box::new(left),
            Box::new(right),
        ))
    }

    /// Parses `[?condition]` and the projection after it.
    fn filter(&mut self, left: Expression) -> Result<Expression, ParseError> {
        let condition = self.expression(0)?;
        self.expect(TokenKind::RightBracket, "`]` after the filter condition")?;
        let rest = self.projection_rest(binding_power(&TokenKind::Filter))?;
        Ok(Expression::FilterProjection {
            list: Box::new(left),
            condition: Box::new(condition),
            each: Box::new(rest),
        })
    }

    /// Parses what a projection applies to each element: nothing (the
    /// element itself) when a token that binds looser than a projection
    /// follows.
    fn projection_rest(&mut self, power: u8) -> Result<Expression, ParseError> {
        let next = self.peek().clone();
        if binding_power(&next) < PROJECTION_STOP {
            return Ok(Expression::Current);
        }
        match next {
            TokenKind::Dot => {
                self.advance();
                self.after_dot(power)
            }
            TokenKind::Flatten | TokenKind::Filter | TokenKind::LeftBracket => {
                self.expression(power)
            }
            _ => Err(self.error("unexpected token after a projection")),
        }
    }

    /// Parses the right side of `.`: a field and what binds tighter than
    /// `power` after it, a function, or a multiselect list.
    fn after_dot(&mut self, power: u8) -> Result<Expression, ParseError> {
        match self.peek() {
            TokenKind::Identifier(_) => self.expression(power),
            TokenKind::LeftBracket => {
                self.advance();
                self.multiselect_list()
            }
            _ => Err(self.error("expected a field name, `*` or `[` after `.`")),
        }
    }

    /// Parses `[a, b, ...]` after its `[`.
    fn multiselect_list(&mut self) -> Result<Expression, ParseError> {
        let mut items = vec![self.expression(0)?];
        while *self.peek() == TokenKind::Comma {
            self.advance();
            items.push(self.expression(0)?);
        }
        self.expect(TokenKind::RightBracket, "`,` or `]` in a multiselect list")?;
        Ok(Expression::MultiselectList(items))
    }

    /// Parses the arguments of function `name` from its `(`.
    fn function(&mut self, name: String) -> Result<Expression, ParseError> {
        let name_offset = self.tokens[self.position - 1].offset;
        self.expect(TokenKind::LeftParen, "`(`")?;
        let mut arguments = Vec::new();
        if *self.peek() != TokenKind::RightParen {
            arguments.push(self.expression(0)?);
            while *self.peek() == TokenKind::Comma {
                self.advance();
                arguments.push(self.expression(0)?);
            }
        }
        self.expect(
            TokenKind::RightParen,
            "`,` or `)` after a function argument",
        )?;
        let function = match (name.as_str(), arguments.len()) {
            ("length", 1) | ("contains", 2) => name,
            ("length", _) | ("contains", _) => {
                return Err(ParseError::new(
                    self.text,
                    name_offset,
                    format!("wrong number of arguments for {name}()"),
                ));
            }
            _ => {
                return Err(ParseError::new(
                    self.text,
                    name_offset,
                    format!("function {name}() is not supported by this JMESPath subset, which has length() and contains()"),
                ));
            }
        };
        Ok(Expression::Function(function, arguments))
    }
}
