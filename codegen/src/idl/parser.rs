//! A recursive descent parser for Smithy IDL 2.0 (and 1.0) files, following
//! the grammar's rules on where whitespace, spaces and line breaks are
//! required. It stops at the first syntax error, as later errors are often
//! consequences of the first.

use std::path::Path;

use super::lexer::{tokenize, Token, TokenKind};
use super::syntax::*;
use crate::diagnostics::LineColumn;

/// The maximum nesting of node values (arrays and objects), the same limit
/// serde_json applies to JSON AST files, so a model nested deeply enough to
/// overflow the stack is rejected instead.
const MAX_NODE_DEPTH: usize = 128;

/// A syntax error, or a construct the file's IDL version does not allow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub at: LineColumn,
    pub message: String,
}

type Result<T> = std::result::Result<T, SyntaxError>;

/// Parses the IDL `text` of the file at `path`.
pub fn parse(path: &Path, text: &str) -> Result<IdlFile> {
    let mut parser = Parser {
        tokens: tokenize(text),
        index: 0,
        pending_documentation: Vec::new(),
        version: Version::V1,
        file: IdlFile {
            path: path.to_path_buf(),
            version: Version::V1,
            input_suffix: "Input".into(),
            output_suffix: "Output".into(),
            metadata: Vec::new(),
            namespace: None,
            uses: Vec::new(),
            statements: Vec::new(),
        },
    };
    parser.file()?;
    parser.file.version = parser.version;
    Ok(parser.file)
}

struct Parser {
    tokens: Vec<Token>,
    index: usize,
    /// `///` lines seen since the last significant token.
    pending_documentation: Vec<(String, LineColumn)>,
    version: Version,
    file: IdlFile,
}

impl Parser {
    // ---- token access ----

    fn peek(&self) -> &Token {
        // The lexer always ends the list with `Eof`, and `bump` never moves
        // past it.
        &self.tokens[self.index.min(self.tokens.len() - 1)]
    }

    fn peek_kind(&self) -> &TokenKind {
        &self.peek().kind
    }

    fn at(&self) -> LineColumn {
        self.peek().at
    }

    fn is_word(&self, word: &str) -> bool {
        matches!(self.peek_kind(), TokenKind::Identifier(name) if name == word)
    }

    fn bump(&mut self) -> Token {
        let token = self.peek().clone();
        if token.kind != TokenKind::Eof {
            self.index += 1;
        }
        if !token.kind.is_trivia() {
            self.pending_documentation.clear();
        }
        token
    }

    /// Returns the error for the current token, which is not `expected`.
    fn unexpected(&self, expected: &str) -> SyntaxError {
        let token = self.peek();
        let message = match &token.kind {
            TokenKind::Invalid(reason) => reason.clone(),
            other => format!("expected {expected}, found {}", other.describe()),
        };
        SyntaxError {
            at: token.at,
            message,
        }
    }

    fn error(at: LineColumn, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            at,
            message: message.into(),
        }
    }

    fn expect(&mut self, kind: &TokenKind, expected: &str) -> Result<Token> {
        if self.peek_kind() == kind {
            Ok(self.bump())
        } else {
            Err(self.unexpected(expected))
        }
    }

    fn identifier(&mut self, expected: &str) -> Result<(String, LineColumn)> {
        match self.peek_kind() {
            TokenKind::Identifier(name) => {
                let name = name.clone();
                let at = self.bump().at;
                Ok((name, at))
            }
            _ => Err(self.unexpected(expected)),
        }
    }

    // ---- whitespace ----

    /// Skips whitespace, newlines, commas and comments, keeping the `///`
    /// lines that start a line for the next documented statement.
    fn skip_ws(&mut self) {
        while self.peek_kind().is_trivia() {
            let token = self.bump();
            if let TokenKind::DocComment {
                text,
                starts_line: true,
            } = token.kind
            {
                self.pending_documentation.push((text, token.at));
            }
        }
    }

    fn skip_sp(&mut self) {
        while *self.peek_kind() == TokenKind::Space {
            self.bump();
        }
    }

    fn expect_sp(&mut self) -> Result<()> {
        if *self.peek_kind() != TokenKind::Space {
            return Err(self.unexpected("a space"));
        }
        self.skip_sp();
        Ok(())
    }

    fn expect_ws(&mut self) -> Result<()> {
        if !self.peek_kind().is_trivia() {
            return Err(self.unexpected("whitespace"));
        }
        self.skip_ws();
        Ok(())
    }

    /// Requires a line break (a newline or comment) or the end of the file.
    fn expect_br(&mut self) -> Result<()> {
        self.skip_sp();
        match self.peek_kind() {
            TokenKind::Newline | TokenKind::Comment | TokenKind::DocComment { .. } => {
                // A `///` comment on the same line as the statement is its
                // line break, not documentation of what follows.
                self.bump();
                self.skip_ws();
                Ok(())
            }
            TokenKind::Eof => Ok(()),
            _ => Err(self.unexpected("a line break")),
        }
    }

    /// Takes the `///` lines before the current statement, each without its
    /// `///` and one following space.
    fn take_documentation(&mut self) -> Option<(String, LineColumn)> {
        let lines = std::mem::take(&mut self.pending_documentation);
        let at = lines.first()?.1;
        let text: Vec<&str> = lines
            .iter()
            .map(|(line, _)| line.strip_prefix(' ').unwrap_or(line))
            .collect();
        Some((text.join("\n"), at))
    }

    fn require_v2(&self, at: LineColumn, what: &str) -> Result<()> {
        match self.version {
            Version::V2 => Ok(()),
            Version::V1 => Err(Self::error(
                at,
                format!(
                    "{what} can only be used with Smithy IDL version 2.0, but this file is version 1.0 \
                     (files without `$version` are 1.0); add `$version: \"2.0\"` at the top"
                ),
            )),
        }
    }

    // ---- sections ----

    fn file(&mut self) -> Result<()> {
        self.skip_ws();
        let mut controls = Vec::new();
        while *self.peek_kind() == TokenKind::Dollar {
            self.control(&mut controls)?;
        }
        while self.is_word("metadata") {
            self.metadata()?;
        }
        if *self.peek_kind() == TokenKind::Eof {
            return Ok(());
        }

        if !self.is_word("namespace") {
            return Err(
                self.unexpected("a namespace statement (`namespace name`) before any shape")
            );
        }
        self.bump();
        self.expect_sp()?;
        let namespace = self.namespace()?;
        self.file.namespace = Some(namespace);
        self.expect_br()?;

        while self.is_word("use") {
            self.use_statement()?;
        }
        while *self.peek_kind() != TokenKind::Eof {
            self.statement()?;
        }
        Ok(())
    }

    fn control(&mut self, seen: &mut Vec<String>) -> Result<()> {
        self.bump();
        let key = self.object_key("a control statement name")?;
        self.skip_sp();
        self.expect(&TokenKind::Colon, "`:`")?;
        self.skip_sp();
        let value = self.node_value(0)?;
        self.expect_br()?;

        if seen.contains(&key.text) {
            return Err(Self::error(
                value.at,
                format!("duplicate control statement `${}`", key.text),
            ));
        }
        seen.push(key.text.clone());

        let text = match &value.value {
            NodeValue::String(text) => Some(text.clone()),
            _ => None,
        };
        match (key.text.as_str(), text) {
            ("version", Some(version)) => {
                self.version = match version.as_str() {
                    "1" | "1.0" => Version::V1,
                    "2" | "2.0" => Version::V2,
                    other => {
                        return Err(Self::error(
                            value.at,
                            format!(
                            "unsupported Smithy IDL version {other:?}: expected \"1.0\" or \"2.0\""
                        ),
                        ))
                    }
                };
            }
            ("operationInputSuffix", Some(suffix)) => self.file.input_suffix = suffix,
            ("operationOutputSuffix", Some(suffix)) => self.file.output_suffix = suffix,
            ("version" | "operationInputSuffix" | "operationOutputSuffix", None) => {
                return Err(Self::error(
                    value.at,
                    format!(
                        "the `${}` control statement needs a string value, found {}",
                        key.text,
                        value.value.describe()
                    ),
                ))
            }
            // Unknown control statements are ignored, as the Smithy
            // specification recommends.
            _ => {}
        }
        Ok(())
    }

    fn metadata(&mut self) -> Result<()> {
        self.bump();
        self.expect_sp()?;
        let key = self.object_key("a metadata key")?;
        self.skip_sp();
        self.expect(&TokenKind::Equal, "`=`")?;
        self.skip_sp();
        let value = self.node_value(0)?;
        self.expect_br()?;
        self.file.metadata.push((key, value));
        Ok(())
    }

    fn namespace(&mut self) -> Result<String> {
        let (mut namespace, _) = self.identifier("a namespace")?;
        while *self.peek_kind() == TokenKind::Dot {
            self.bump();
            let (part, _) = self.identifier("an identifier after `.`")?;
            namespace.push('.');
            namespace.push_str(&part);
        }
        Ok(namespace)
    }

    fn use_statement(&mut self) -> Result<()> {
        self.bump();
        self.expect_sp()?;
        let at = self.at();
        let mut id = self.namespace()?;
        self.expect(&TokenKind::Pound, "`#` after the namespace")?;
        let (name, _) = self.identifier("a shape name after `#`")?;
        id.push('#');
        id.push_str(&name);
        if *self.peek_kind() == TokenKind::Dollar {
            return Err(Self::error(
                self.at(),
                "a `use` statement cannot import a member; import the shape",
            ));
        }
        self.expect_br()?;
        self.file.uses.push((id, at));
        Ok(())
    }

    fn statement(&mut self) -> Result<()> {
        let documentation = self.take_documentation();
        let traits = self.traits()?;
        let word = match self.peek_kind() {
            TokenKind::Identifier(word) => word.clone(),
            _ => return Err(self.unexpected("a shape type such as `structure` or `string`")),
        };

        let statement = if word == "apply" {
            if !traits.is_empty() {
                return Err(Self::error(
                    self.at(),
                    "traits cannot be applied to an `apply` statement; write them after `apply Shape`",
                ));
            }
            Statement::Apply(self.apply()?)
        } else {
            let Some(shape_type) = ShapeType::from_keyword(&word) else {
                return Err(Self::error(
                    self.at(),
                    format!("unknown shape type `{word}`"),
                ));
            };
            Statement::Shape(self.shape(shape_type, documentation, traits)?)
        };
        self.expect_br()?;
        self.file.statements.push(statement);
        Ok(())
    }

    fn apply(&mut self) -> Result<Apply> {
        self.bump();
        self.expect_sp()?;
        let target = self.shape_id()?;
        self.expect_ws()?;
        let mut traits = Vec::new();
        match self.peek_kind() {
            TokenKind::At => traits.push(self.trait_application()?),
            TokenKind::LBrace => {
                self.bump();
                loop {
                    self.skip_ws();
                    match self.peek_kind() {
                        TokenKind::RBrace => {
                            self.bump();
                            break;
                        }
                        TokenKind::At => traits.push(self.trait_application()?),
                        _ => return Err(self.unexpected("`@` or `}`")),
                    }
                }
            }
            _ => return Err(self.unexpected("`@` or `{` after the shape to apply traits to")),
        }
        Ok(Apply { target, traits })
    }

    // ---- shapes ----

    fn shape(
        &mut self,
        shape_type: ShapeType,
        documentation: Option<(String, LineColumn)>,
        traits: Vec<TraitApplication>,
    ) -> Result<ShapeDef> {
        let type_at = self.bump().at;
        self.expect_sp()?;
        let (name, name_at) = self.identifier("a shape name")?;
        let mut shape = ShapeDef {
            shape_type,
            type_at,
            name,
            name_at,
            documentation,
            traits,
            mixins: Vec::new(),
            for_resource: None,
            body: Body::None,
        };

        match shape_type {
            ShapeType::Enum | ShapeType::IntEnum => {
                self.require_v2(type_at, &format!("`{}` shapes", shape_type.name()))?;
                shape.mixins = self.mixins()?;
                self.skip_ws();
                shape.body = Body::Members(self.members(true)?);
            }
            ShapeType::List
            | ShapeType::Set
            | ShapeType::Map
            | ShapeType::Structure
            | ShapeType::Union => {
                if shape_type == ShapeType::Set && self.version == Version::V2 {
                    return Err(Self::error(
                        type_at,
                        "`set` shapes cannot be used in Smithy IDL 2.0; use a `list` with the `@uniqueItems` trait",
                    ));
                }
                shape.for_resource = self.for_resource()?;
                shape.mixins = self.mixins()?;
                self.skip_ws();
                shape.body = Body::Members(self.members(false)?);
            }
            ShapeType::Service | ShapeType::Resource => {
                shape.mixins = self.mixins()?;
                self.skip_ws();
                if *self.peek_kind() != TokenKind::LBrace {
                    return Err(self.unexpected("`{`"));
                }
                shape.body = Body::Properties(self.node_value(0)?);
            }
            ShapeType::Operation => {
                shape.mixins = self.mixins()?;
                self.skip_ws();
                shape.body = Body::Operation(self.operation_body()?);
            }
            _ => shape.mixins = self.mixins()?,
        }
        Ok(shape)
    }

    /// Parses `for Resource` after an aggregate shape's name.
    fn for_resource(&mut self) -> Result<Option<IdRef>> {
        let saved = self.index;
        self.skip_sp();
        if !self.is_word("for") {
            self.index = saved;
            return Ok(None);
        }
        self.require_v2(self.at(), "binding a shape to a resource with `for`")?;
        self.bump();
        self.expect_sp()?;
        Ok(Some(self.shape_id()?))
    }

    /// Parses `with [A, B]` after a shape name, which must be on the same
    /// line.
    fn mixins(&mut self) -> Result<Vec<IdRef>> {
        let saved = self.index;
        self.skip_sp();
        if !self.is_word("with") {
            self.index = saved;
            return Ok(Vec::new());
        }
        self.require_v2(self.at(), "mixins (`with [...]`)")?;
        self.bump();
        self.skip_ws();
        self.expect(&TokenKind::LBracket, "`[` after `with`")?;
        self.skip_ws();
        if *self.peek_kind() == TokenKind::RBracket {
            return Err(self.unexpected("at least one mixin shape id"));
        }
        let mut mixins = Vec::new();
        loop {
            self.skip_ws();
            if *self.peek_kind() == TokenKind::RBracket {
                self.bump();
                return Ok(mixins);
            }
            mixins.push(self.shape_id()?);
        }
    }

    /// Parses `{ members }` of an aggregate shape, or of an enum when
    /// `enum_members` is set (enum members have no target).
    fn members(&mut self, enum_members: bool) -> Result<Vec<MemberDef>> {
        self.expect(&TokenKind::LBrace, "`{`")?;
        let mut members: Vec<MemberDef> = Vec::new();
        loop {
            self.skip_ws();
            if *self.peek_kind() == TokenKind::RBrace {
                self.bump();
                return Ok(members);
            }
            let documentation = self.take_documentation();
            let traits = self.traits()?;

            let (name, name_at, target) = if !enum_members && *self.peek_kind() == TokenKind::Dollar
            {
                self.require_v2(self.at(), "elided members (`$name`)")?;
                self.bump();
                let (name, at) = self.identifier("a member name after `$`")?;
                (name, at, None)
            } else {
                let expected = if traits.is_empty() {
                    "a member name or `}`"
                } else {
                    "a member name after the traits"
                };
                let (name, at) = self.identifier(expected)?;
                if enum_members {
                    (name, at, None)
                } else {
                    self.skip_sp();
                    self.expect(&TokenKind::Colon, "`:` after the member name")?;
                    self.skip_sp();
                    (name, at, Some(self.shape_id()?))
                }
            };

            if members.iter().any(|m| m.name == name) {
                return Err(Self::error(
                    name_at,
                    format!("duplicate member name `{name}`"),
                ));
            }
            let value = self.value_assignment()?;
            members.push(MemberDef {
                name,
                name_at,
                target,
                documentation,
                traits,
                value,
            });
        }
    }

    /// Parses `= value` after a member, which must end its line.
    fn value_assignment(&mut self) -> Result<Option<Node>> {
        let saved = self.index;
        self.skip_sp();
        if *self.peek_kind() != TokenKind::Equal {
            self.index = saved;
            return Ok(None);
        }
        self.require_v2(self.at(), "default values and enum values (`= value`)")?;
        self.bump();
        self.skip_sp();
        let value = self.node_value(0)?;
        self.skip_sp();
        if *self.peek_kind() == TokenKind::Comma {
            self.bump();
        }
        self.expect_br()?;
        Ok(Some(value))
    }

    fn operation_body(&mut self) -> Result<Vec<OperationProperty>> {
        self.expect(&TokenKind::LBrace, "`{`")?;
        let mut properties: Vec<OperationProperty> = Vec::new();
        loop {
            self.skip_ws();
            if *self.peek_kind() == TokenKind::RBrace {
                self.bump();
                return Ok(properties);
            }
            let (name, at) =
                self.identifier("an operation property (`input`, `output` or `errors`)")?;
            if properties.iter().any(|p| p.name == name) {
                return Err(Self::error(
                    at,
                    format!("duplicate operation property `{name}`"),
                ));
            }

            let value = match name.as_str() {
                "input" | "output" => {
                    self.skip_ws();
                    match self.peek_kind() {
                        TokenKind::Walrus => {
                            let walrus = self.bump().at;
                            self.require_v2(walrus, "inline operation input and output (`:=`)")?;
                            self.skip_ws();
                            let documentation = self.take_documentation();
                            OperationValue::Inline(Box::new(self.inline_structure(walrus, documentation)?))
                        }
                        TokenKind::Colon => {
                            self.bump();
                            self.skip_ws();
                            OperationValue::Target(self.shape_id()?)
                        }
                        _ => return Err(self.unexpected(&format!("`:` or `:=` after `{name}`"))),
                    }
                }
                "errors" => {
                    self.skip_ws();
                    self.expect(&TokenKind::Colon, "`:` after `errors`")?;
                    self.skip_ws();
                    self.expect(&TokenKind::LBracket, "`[`")?;
                    let mut errors = Vec::new();
                    loop {
                        self.skip_ws();
                        if *self.peek_kind() == TokenKind::RBracket {
                            self.bump();
                            break;
                        }
                        errors.push(self.shape_id()?);
                    }
                    OperationValue::Errors(errors)
                }
                other => {
                    return Err(Self::error(
                        at,
                        format!("unknown operation property `{other}`: expected `input`, `output` or `errors`"),
                    ))
                }
            };
            properties.push(OperationProperty { name, at, value });

            if !self.peek_kind().is_trivia() && *self.peek_kind() != TokenKind::RBrace {
                return Err(self.unexpected("whitespace or `}` after the property"));
            }
        }
    }

    /// Parses the structure after `input :=` or `output :=`.
    fn inline_structure(
        &mut self,
        at: LineColumn,
        documentation: Option<(String, LineColumn)>,
    ) -> Result<ShapeDef> {
        let traits = self.traits()?;
        let for_resource = self.for_resource()?;
        let mixins = self.mixins()?;
        self.skip_ws();
        let members = self.members(false)?;
        Ok(ShapeDef {
            shape_type: ShapeType::Structure,
            type_at: at,
            name: String::new(),
            name_at: at,
            documentation,
            traits,
            mixins,
            for_resource,
            body: Body::Members(members),
        })
    }

    // ---- traits ----

    fn traits(&mut self) -> Result<Vec<TraitApplication>> {
        let mut traits = Vec::new();
        while *self.peek_kind() == TokenKind::At {
            traits.push(self.trait_application()?);
            self.skip_ws();
        }
        Ok(traits)
    }

    fn trait_application(&mut self) -> Result<TraitApplication> {
        let at = self.bump().at;
        let id = self.shape_id()?;
        if *self.peek_kind() != TokenKind::LParen {
            return Ok(TraitApplication {
                id,
                at,
                value: None,
            });
        }

        self.bump();
        self.skip_ws();
        if *self.peek_kind() == TokenKind::RParen {
            self.bump();
            return Ok(TraitApplication {
                id,
                at,
                value: None,
            });
        }
        let value = if self.trait_body_is_structure() {
            self.trait_structure()?
        } else {
            let value = self.node_value(0)?;
            self.skip_ws();
            self.expect(&TokenKind::RParen, "`)`")?;
            value
        };
        Ok(TraitApplication {
            id,
            at,
            value: Some(value),
        })
    }

    /// Returns whether a trait body is `key: value` pairs without braces,
    /// rather than a single node value.
    fn trait_body_is_structure(&self) -> bool {
        let after = |offset: usize| {
            self.tokens[self.index + offset..]
                .iter()
                .find(|t| !t.kind.is_trivia())
                .map(|t| t.kind.clone())
                .unwrap_or(TokenKind::Eof)
        };
        match self.peek_kind() {
            TokenKind::Identifier(_) => {
                // `a.b#C` and `C$m` are shape id values.
                let next = &self.tokens.get(self.index + 1).map(|t| &t.kind);
                if matches!(
                    next,
                    Some(TokenKind::Dot | TokenKind::Pound | TokenKind::Dollar)
                ) {
                    return false;
                }
                after(1) != TokenKind::RParen
            }
            TokenKind::String(_) => after(1) == TokenKind::Colon,
            _ => false,
        }
    }

    fn trait_structure(&mut self) -> Result<Node> {
        let at = self.at();
        let mut entries: Vec<(Key, Node)> = Vec::new();
        loop {
            let key = self.object_key("an identifier or string key, or `)`")?;
            self.skip_ws();
            self.expect(&TokenKind::Colon, "`:`")?;
            self.skip_ws();
            let value = self.node_value(1)?;
            Self::push_entry(&mut entries, key, value)?;
            self.skip_ws();
            if *self.peek_kind() == TokenKind::RParen {
                self.bump();
                return Ok(Node {
                    value: NodeValue::Object(entries),
                    at,
                });
            }
        }
    }

    // ---- node values ----

    fn object_key(&mut self, expected: &str) -> Result<Key> {
        let at = self.at();
        let text = match self.peek_kind() {
            TokenKind::Identifier(text) | TokenKind::String(text) => text.clone(),
            _ => return Err(self.unexpected(expected)),
        };
        self.bump();
        Ok(Key { text, at })
    }

    fn push_entry(entries: &mut Vec<(Key, Node)>, key: Key, value: Node) -> Result<()> {
        if entries.iter().any(|(k, _)| k.text == key.text) {
            return Err(Self::error(
                key.at,
                format!("duplicate object key {:?}", key.text),
            ));
        }
        entries.push((key, value));
        Ok(())
    }

    fn node_value(&mut self, depth: usize) -> Result<Node> {
        let at = self.at();
        if depth > MAX_NODE_DEPTH {
            return Err(Self::error(
                at,
                format!("node values are nested more than {MAX_NODE_DEPTH} levels deep"),
            ));
        }
        let value = match self.peek_kind().clone() {
            TokenKind::LBrace => {
                self.bump();
                let mut entries = Vec::new();
                loop {
                    self.skip_ws();
                    if *self.peek_kind() == TokenKind::RBrace {
                        self.bump();
                        break;
                    }
                    let key = self.object_key("`}` or an identifier or string key")?;
                    self.skip_ws();
                    self.expect(&TokenKind::Colon, "`:` after the key")?;
                    self.skip_ws();
                    let value = self.node_value(depth + 1)?;
                    Self::push_entry(&mut entries, key, value)?;
                }
                NodeValue::Object(entries)
            }
            TokenKind::LBracket => {
                self.bump();
                let mut items = Vec::new();
                loop {
                    self.skip_ws();
                    if *self.peek_kind() == TokenKind::RBracket {
                        self.bump();
                        break;
                    }
                    items.push(self.node_value(depth + 1)?);
                }
                NodeValue::Array(items)
            }
            TokenKind::Number(number) => {
                self.bump();
                NodeValue::Number(number)
            }
            TokenKind::String(text) | TokenKind::TextBlock(text) => {
                self.bump();
                NodeValue::String(text)
            }
            TokenKind::Identifier(word) => {
                let next = self.tokens.get(self.index + 1).map(|t| &t.kind);
                let continues = matches!(next, Some(TokenKind::Dot | TokenKind::Pound | TokenKind::Dollar));
                match word.as_str() {
                    "true" if !continues => {
                        self.bump();
                        NodeValue::Bool(true)
                    }
                    "false" if !continues => {
                        self.bump();
                        NodeValue::Bool(false)
                    }
                    "null" if !continues => {
                        self.bump();
                        NodeValue::Null
                    }
                    _ => NodeValue::ShapeId(self.shape_id()?.text),
                }
            }
            _ => {
                return Err(self.unexpected(
                    "a value (a string, text block, number, `true`, `false`, `null`, shape id, `[` or `{`)",
                ))
            }
        };
        Ok(Node { value, at })
    }

    /// Parses a shape id, whose parts must not be separated by whitespace.
    fn shape_id(&mut self) -> Result<IdRef> {
        let at = self.at();
        let (mut text, _) = self.identifier("a shape id")?;
        let mut has_namespace = false;
        while *self.peek_kind() == TokenKind::Dot {
            self.bump();
            let (part, _) = self.identifier("an identifier after `.`")?;
            text.push('.');
            text.push_str(&part);
            has_namespace = true;
        }
        if *self.peek_kind() == TokenKind::Pound {
            self.bump();
            let (name, _) = self.identifier("a shape name after `#`")?;
            text.push('#');
            text.push_str(&name);
        } else if has_namespace {
            return Err(self.unexpected("`#` after the namespace"));
        }
        if *self.peek_kind() == TokenKind::Dollar {
            self.bump();
            let (member, _) = self.identifier("a member name after `$`")?;
            text.push('$');
            text.push_str(&member);
        }
        Ok(IdRef { text, at })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<IdlFile> {
        parse(Path::new("test.smithy"), text)
    }

    fn error_at(text: &str) -> (u32, u32, String) {
        let error = parse_text(text).expect_err("the text must be rejected");
        (error.at.line, error.at.column, error.message)
    }

    #[test]
    fn parses_shapes_members_and_traits() {
        let file = parse_text(
            "$version: \"2.0\"\nnamespace a.b\n\n/// Docs\n@documentation(\"x\")\nstructure S with [M] {\n    @required\n    a: String = \"d\"\n    $b\n}\n",
        )
        .unwrap();
        assert_eq!(file.version, Version::V2);
        assert_eq!(file.namespace.as_deref(), Some("a.b"));
        let Statement::Shape(shape) = &file.statements[0] else {
            panic!("expected a shape");
        };
        assert_eq!(shape.name, "S");
        assert_eq!(
            shape.documentation.as_ref().map(|d| d.0.as_str()),
            Some("Docs")
        );
        assert_eq!(shape.mixins[0].text, "M");
        let Body::Members(members) = &shape.body else {
            panic!("expected members");
        };
        assert_eq!(members.len(), 2);
        assert!(members[0].value.is_some());
        assert!(members[1].target.is_none());
    }

    #[test]
    fn errors_point_at_the_offending_token() {
        assert_eq!(error_at("namespace a\nstring\n").0, 2);
        assert_eq!(error_at("namespace a\nstring A B\n").1, 10);
        let (line, column, message) = error_at(
            "$version: \"2.0\"\nnamespace a\nstructure A {\n    b: String = \"x\" c: String\n}\n",
        );
        assert_eq!((line, column), (4, 21));
        assert!(message.contains("line break"), "{message}");
    }

    #[test]
    fn version_one_rejects_version_two_syntax() {
        let (_, _, message) = error_at("namespace a\nstructure A with [B] {}\n");
        assert!(message.contains("version 2.0"), "{message}");
    }

    #[test]
    fn deep_nesting_is_rejected_without_overflow() {
        let text = format!(
            "metadata a = {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let (_, _, message) = error_at(&text);
        assert!(message.contains("nested more than"), "{message}");
    }
}
