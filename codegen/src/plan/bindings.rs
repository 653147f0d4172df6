//! Plans where each member of an operation's input, output or error travels
//! in the HTTP message, and parses the URI pattern and host prefix.

use std::collections::BTreeSet;

use super::build::Planner;
use super::{Binding, NamedKind, PayloadKind, RustType, StructPlan, StructRole, UriSegment};
use crate::diagnostics::Diagnostic;
use crate::model::{Member, Shape, ShapeId, ShapeKind};

impl Planner<'_> {
    /// Returns the binding of `member` in a structure with `role`. Binding
    /// traits matter only on the top-level structures of restJson1
    /// operations; elsewhere every member is a JSON body member.
    pub(super) fn binding(
        &mut self,
        member_id: &ShapeId,
        member: &Member,
        target: &Shape,
        ty: &RustType,
        role: &StructRole,
    ) -> Option<Binding> {
        let body = Binding::Body { json_name: self.json_name(member) };
        let top_level = matches!(role, StructRole::Input | StructRole::Output | StructRole::Error(_));
        if !self.protocol.has_http_bindings() || !top_level {
            return Some(body);
        }
        let traits = &member.traits;
        let input = *role == StructRole::Input;

        if traits.http_label() && input {
            if !is_scalar(ty) {
                self.bad_binding(member, member_id, "`httpLabel` needs a string, number, boolean, timestamp or enum target");
                return None;
            }
            return Some(Binding::Label);
        }
        if let (Some(name), true) = (traits.http_query(), input) {
            if !is_scalar(ty) && !is_dense_scalar_list(ty) {
                self.bad_binding(member, member_id, "`httpQuery` needs a scalar or a list of scalars without `@sparse`");
                return None;
            }
            return Some(Binding::Query(name.to_string()));
        }
        if traits.http_query_params() && input {
            let valid = matches!(ty, RustType::Map { value, sparse: false }
                if is_scalar(value) || is_dense_scalar_list(value));
            if !valid {
                self.bad_binding(member, member_id, "`httpQueryParams` needs a map of strings or of string lists, without `@sparse`");
                return None;
            }
            return Some(Binding::QueryParams);
        }
        if let Some(name) = traits.http_header() {
            if !is_scalar(ty) && !is_dense_scalar_list(ty) {
                self.bad_binding(member, member_id, "`httpHeader` needs a scalar or a list of scalars without `@sparse`");
                return None;
            }
            let media_type = matches!(target.kind, ShapeKind::String) && target.traits.media_type().is_some();
            return Some(Binding::Header { name: name.to_string(), media_type });
        }
        if let Some(prefix) = traits.http_prefix_headers() {
            if !matches!(ty, RustType::Map { value, sparse: false } if **value == RustType::String) {
                self.bad_binding(member, member_id, "`httpPrefixHeaders` needs a map of strings without `@sparse`");
                return None;
            }
            return Some(Binding::PrefixHeaders(prefix.to_string()));
        }
        if traits.http_response_code() && !input {
            if *ty != RustType::I32 {
                self.bad_binding(member, member_id, "`httpResponseCode` needs an integer target");
                return None;
            }
            return Some(Binding::ResponseCode);
        }
        if traits.http_payload() {
            let media_type = target.traits.media_type().map(str::to_string);
            let kind = match (&target.kind, ty.unboxed()) {
                (ShapeKind::Blob, _) => PayloadKind::Blob { media_type, streaming: target.traits.streaming() },
                (ShapeKind::String, RustType::String) => PayloadKind::Text { media_type },
                (_, RustType::Named { kind: NamedKind::Enum, .. }) => PayloadKind::Text { media_type },
                (_, RustType::Named { kind: NamedKind::Structure | NamedKind::Union, .. } | RustType::Document) => {
                    PayloadKind::Json
                }
                _ => {
                    self.bad_binding(member, member_id, "`httpPayload` needs a blob, string, enum, structure, union or document");
                    return None;
                }
            };
            return Some(Binding::Payload(kind));
        }
        Some(body)
    }

    fn bad_binding(&mut self, member: &Member, member_id: &ShapeId, message: &str) {
        self.problems.push(
            Diagnostic::new(member.location.clone(), format!("member {member_id}: {message}"))
                .shape(member_id)
                .hint("change the member's target or its binding trait"),
        );
    }

    /// Checks that a structure binds at most one payload, and no body
    /// member beside it.
    pub(super) fn check_payload(&mut self, shape: &Shape, plan: &StructPlan) {
        let payloads: Vec<&str> = plan
            .fields
            .iter()
            .filter(|f| matches!(f.binding, Binding::Payload(_)))
            .map(|f| f.member.as_str())
            .collect();
        let body = plan.fields.iter().find(|f| matches!(f.binding, Binding::Body { .. }));
        let message = match (payloads.as_slice(), body) {
            ([_, _, ..], _) => format!("members {} are all `httpPayload`; a message has one body", payloads.join(", ")),
            ([payload], Some(body)) => format!(
                "member `{}` is not bound to the HTTP message, but `{payload}` is already the whole body",
                body.member
            ),
            _ => return,
        };
        self.problems.push(
            Diagnostic::new(shape.location.clone(), message)
                .shape(&shape.id)
                .hint("bind the other members to headers, the query or labels"),
        );
    }

    /// Parses the URI pattern of the `http` trait and checks it against the
    /// input's labels. Returns the path segments and the literal query.
    pub(super) fn uri(&mut self, operation: &Shape, pattern: &str, input: &StructPlan) -> Option<(Vec<UriSegment>, Option<String>)> {
        let at = operation.location.key("traits").key("smithy.api#http").key("uri");
        let fail = |message: String| Diagnostic::new(at.clone(), message).shape(&operation.id);

        if !pattern.starts_with('/') {
            self.problems.push(fail(format!("URI pattern {pattern:?} must start with `/`")));
            return None;
        }
        let (path, query) = match pattern.split_once('?') {
            Some((path, query)) => (path, Some(query.to_string()).filter(|q| !q.is_empty())),
            None => (pattern, None),
        };

        let mut segments = Vec::new();
        let mut labels = BTreeSet::new();
        for piece in path.split('/').skip(1) {
            let Some(label) = piece.strip_prefix('{').and_then(|p| p.strip_suffix('}')) else {
                if piece.contains(['{', '}']) {
                    self.problems.push(fail(format!("URI segment {piece:?} must be a whole `{{label}}` or literal text")));
                    return None;
                }
                segments.push(UriSegment::Literal(piece.to_string()));
                continue;
            };
            let (label, greedy) = match label.strip_suffix('+') {
                Some(name) => (name, true),
                None => (label, false),
            };
            let Some(field) = input.fields.iter().find(|f| f.member == label) else {
                self.problems.push(fail(format!("URI label {{{label}}} names no member of the input")).hint(
                    "add a member with that name and the `smithy.api#httpLabel` trait to the input structure",
                ));
                return None;
            };
            if field.binding != Binding::Label {
                self.problems.push(fail(format!("input member `{label}` is in the URI but lacks `smithy.api#httpLabel`")));
                return None;
            }
            if !labels.insert(label.to_string()) {
                self.problems.push(fail(format!("URI label {{{label}}} appears twice")));
                return None;
            }
            if greedy && field.ty != RustType::String {
                self.problems.push(fail(format!("greedy label {{{label}+}} must target a string")));
                return None;
            }
            segments.push(UriSegment::Label {
                member: label.to_string(),
                rust_name: field.rust_name.clone(),
                greedy,
            });
        }

        for field in input.fields.iter().filter(|f| f.binding == Binding::Label) {
            if !labels.contains(&field.member) {
                self.problems.push(fail(format!(
                    "input member `{}` has `smithy.api#httpLabel` but is not in the URI {pattern:?}",
                    field.member
                )));
            }
            self.check_required(&input.id, &field.member, "label");
        }
        Some((segments, query))
    }

    /// Parses the `hostPrefix` of an `endpoint` trait, such as
    /// `{AccountId}.`, against the input's `hostLabel` members.
    pub(super) fn host_prefix(&mut self, operation: &Shape, prefix: &str, input: &StructPlan) -> Option<Vec<UriSegment>> {
        let at = operation.location.key("traits").key("smithy.api#endpoint").key("hostPrefix");
        let mut segments = Vec::new();
        let mut rest = prefix;
        while !rest.is_empty() {
            let Some(start) = rest.find('{') else {
                segments.push(UriSegment::Literal(rest.to_string()));
                break;
            };
            if start > 0 {
                segments.push(UriSegment::Literal(rest[..start].to_string()));
            }
            let Some(end) = rest[start..].find('}') else {
                self.problems.push(Diagnostic::new(at, format!("host prefix {prefix:?} has an unclosed `{{`")).shape(&operation.id));
                return None;
            };
            let label = &rest[start + 1..start + end];
            let field = input.fields.iter().find(|f| f.member == label && f.ty == RustType::String);
            let Some(field) = field else {
                self.problems.push(
                    Diagnostic::new(at, format!("host prefix label {{{label}}} names no string member of the input"))
                        .shape(&operation.id)
                        .hint("add a required string member with `smithy.api#hostLabel`"),
                );
                return None;
            };
            segments.push(UriSegment::Label {
                member: label.to_string(),
                rust_name: field.rust_name.clone(),
                greedy: false,
            });
            self.check_required(&input.id, label, "host label");
            rest = &rest[start + end + 1..];
        }
        Some(segments)
    }

    /// Reports a label member that is not `@required`: an empty value would
    /// address a different path or host.
    fn check_required(&mut self, input: &ShapeId, member_name: &str, what: &str) {
        let member = self.model.shape(input).and_then(|s| match &s.kind {
            ShapeKind::Structure(members) => members.get(member_name),
            _ => None,
        });
        if let Some(member) = member {
            if !member.traits.required() {
                self.problems.push(
                    Diagnostic::new(member.location.clone(), format!("{what} member `{member_name}` must be `smithy.api#required`"))
                        .shape(input)
                        .hint("a path or host cannot have an empty part; mark the member required"),
                );
            }
        }
    }
}

/// Returns whether `ty` is a list of scalars without `@sparse`. Headers and
/// query strings cannot carry a null item, so only such lists bind to them.
fn is_dense_scalar_list(ty: &RustType) -> bool {
    matches!(ty, RustType::List { item, sparse: false } if is_scalar(item))
}

/// Returns whether `ty` travels as one piece of text in a label, query
/// parameter or header.
pub fn is_scalar(ty: &RustType) -> bool {
    matches!(
        ty,
        RustType::String
            | RustType::Bool
            | RustType::I8
            | RustType::I16
            | RustType::I32
            | RustType::I64
            | RustType::F32
            | RustType::F64
            | RustType::DateTime(_)
            | RustType::Named { kind: NamedKind::Enum | NamedKind::IntEnum, .. }
    )
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use serde_json::json;

    use crate::{generate, Error, Options};

    /// Generates a restJson1 model whose one input member has `traits` and
    /// targets a `@sparse` list or map, and returns the diagnostics.
    fn sparse_member_problems(name: &str, collection: serde_json::Value, traits: serde_json::Value) -> String {
        let model = json!({
            "smithy": "2.0",
            "shapes": {
                "example#Service": {
                    "type": "service",
                    "version": "1",
                    "operations": [{"target": "example#Start"}],
                    "traits": {
                        "aws.protocols#restJson1": {},
                        "aws.auth#sigv4": {"name": "example"},
                        "aws.api#service": {"sdkId": "Example"}
                    }
                },
                "example#Start": {
                    "type": "operation",
                    "input": {"target": "example#StartInput"},
                    "traits": {"smithy.api#http": {"method": "POST", "uri": "/"}}
                },
                "example#StartInput": {
                    "type": "structure",
                    "members": {"items": {"target": "example#Items", "traits": traits}}
                },
                "example#Items": collection
            }
        });
        let path = std::env::temp_dir().join(format!("ingot-sparse-binding-{name}-{}.json", std::process::id()));
        std::fs::write(&path, serde_json::to_vec(&model).unwrap()).unwrap();
        let options = Options {
            models: vec![PathBuf::from(&path)],
            service: None,
            operations: None,
            crate_name: "example".into(),
            crate_version: "0.1.0".into(),
            runtime_path: "../runtime".into(),
            source_names: vec![name.into()],
        };
        let result = generate(&options);
        let _ = std::fs::remove_file(&path);
        match result {
            Err(Error::Model(diagnostics)) => diagnostics.to_string(),
            Ok(_) => panic!("{name}: a sparse collection bound to {traits} must be rejected"),
            Err(other) => panic!("{name}: expected a model error, got {other}"),
        }
    }

    #[test]
    fn sparse_collections_rejected_outside_body() {
        let sparse_list = json!({"type": "list", "member": {"target": "smithy.api#String"}, "traits": {"smithy.api#sparse": {}}});
        let sparse_map = json!({
            "type": "map",
            "key": {"target": "smithy.api#String"},
            "value": {"target": "smithy.api#String"},
            "traits": {"smithy.api#sparse": {}}
        });
        let cases = [
            ("query", sparse_list.clone(), json!({"smithy.api#httpQuery": "items"}), "`httpQuery`"),
            ("header", sparse_list, json!({"smithy.api#httpHeader": "X-Items"}), "`httpHeader`"),
            ("query-params", sparse_map.clone(), json!({"smithy.api#httpQueryParams": {}}), "`httpQueryParams`"),
            ("prefix-headers", sparse_map, json!({"smithy.api#httpPrefixHeaders": "X-Item-"}), "`httpPrefixHeaders`"),
        ];
        for (name, collection, traits, trait_name) in cases {
            let problems = sparse_member_problems(name, collection, traits);
            assert!(problems.contains(trait_name), "{name}: {problems}");
            assert!(problems.contains("without `@sparse`"), "{name}: {problems}");
            assert!(problems.contains("example#StartInput$items"), "{name}: {problems}");
        }
    }
}
