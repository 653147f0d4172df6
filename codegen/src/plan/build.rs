//! Builds the [`ServicePlan`] from the model and the selection, reporting
//! every shape the generator cannot represent.

use std::collections::{BTreeMap, BTreeSet};

use super::names::{camel, dedupe, snake};
use super::{
    Binding, ErrorInfo, ErrorVariant, FieldPlan, OperationPlan, RustType, ServicePlan, StructPlan, StructRole,
    TypeModule, UriSegment,
};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{ErrorFault, Member, Model, Shape, ShapeId, ShapeKind};
use crate::select::Selection;

/// What the caller decides about the crate rather than the model.
#[derive(Clone, Debug)]
pub struct CrateOptions {
    pub crate_name: String,
    pub crate_version: String,
    pub sources: Vec<String>,
}

/// HTTP binding traits other than `httpLabel`, which this generator does not
/// support yet. A member with one is reported, so it is never sent in the
/// body by mistake.
const UNSUPPORTED_BINDINGS: &[&str] = &[
    "smithy.api#httpHeader",
    "smithy.api#httpQuery",
    "smithy.api#httpQueryParams",
    "smithy.api#httpPrefixHeaders",
    "smithy.api#httpPayload",
    "smithy.api#httpResponseCode",
];

/// Protocol traits the generator recognises, for a precise message when a
/// service uses one it cannot generate yet.
const PROTOCOLS: &[&str] = &[
    "aws.protocols#restJson1",
    "aws.protocols#awsJson1_0",
    "aws.protocols#awsJson1_1",
    "aws.protocols#restXml",
    "aws.protocols#awsQuery",
    "aws.protocols#ec2Query",
    "smithy.protocols#rpcv2Cbor",
];

/// Plans the client crate for `selection`.
pub fn plan(model: &Model, selection: &Selection<'_>, options: &CrateOptions) -> Result<ServicePlan, Diagnostics> {
    let mut planner = Planner {
        model,
        problems: Diagnostics::default(),
        struct_names: BTreeMap::new(),
    };
    let plan = planner.service(selection, options);
    planner.problems.into_result(plan)
}

struct Planner<'m> {
    model: &'m Model,
    problems: Diagnostics,
    /// Rust names of the structures in `types` and `error`.
    struct_names: BTreeMap<ShapeId, String>,
}

impl<'m> Planner<'m> {
    fn service(&mut self, selection: &Selection<'m>, options: &CrateOptions) -> ServicePlan {
        let service = selection.service;
        let traits = &service.traits;

        self.check_protocol(service);
        let aws = traits.aws_service();
        let sdk_id = aws.as_ref().map(|a| a.sdk_id.clone()).unwrap_or_else(|| service.id.name().to_string());
        let signing_name = match traits.sigv4() {
            Some(sigv4) => sigv4.name,
            None => {
                self.problems.push(
                    Diagnostic::new(service.location.clone(), "the service has no `aws.auth#sigv4` trait")
                        .shape(&service.id)
                        .hint("ingot signs every request with SigV4; add \"aws.auth#sigv4\": {\"name\": \"<signing name>\"}"),
                );
                String::new()
            }
        };
        let endpoint_prefix = aws
            .as_ref()
            .and_then(|a| a.endpoint_prefix.clone().or_else(|| a.arn_namespace.clone()))
            .unwrap_or_else(|| signing_name.clone());
        let env_name = sdk_id.to_uppercase().replace([' ', '-'], "_");

        let io_shapes: BTreeSet<ShapeId> = selection
            .operations
            .iter()
            .filter_map(|op| match &op.kind {
                ShapeKind::Operation(body) => Some(body.input.iter().chain(&body.output).map(|r| r.target.clone())),
                _ => None,
            })
            .flatten()
            .collect();

        let data_shapes: Vec<&Shape> = selection
            .shapes
            .iter()
            .filter(|id| !io_shapes.contains(id) && id.to_string() != "smithy.api#Unit")
            .filter_map(|id| self.model.shape(id))
            .filter(|shape| matches!(shape.kind, ShapeKind::Structure(_)))
            .collect();
        self.name_structures(&data_shapes);

        let mut structures: Vec<StructPlan> = data_shapes
            .iter()
            .map(|shape| {
                let role = match self.error_info(shape) {
                    Some(info) => StructRole::Error(info),
                    None => StructRole::Data,
                };
                let name = self.struct_names[&shape.id].clone();
                self.structure(shape, name, role)
            })
            .collect();
        structures.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
        let modules = dedupe(structures.iter().map(|s| snake(&s.rust_name)).collect());
        for (structure, module) in structures.iter_mut().zip(modules) {
            structure.module = module;
        }

        let mut operations: Vec<OperationPlan> =
            selection.operations.iter().filter_map(|op| self.operation(op)).collect();
        let modules = dedupe(operations.iter().map(|op| op.rust_name.clone()).collect());
        for (operation, module) in operations.iter_mut().zip(modules) {
            operation.rust_name = module;
        }

        ServicePlan {
            crate_name: options.crate_name.clone(),
            crate_version: options.crate_version.clone(),
            service_id: service.id.clone(),
            title: traits.title().map(str::to_string).unwrap_or_else(|| sdk_id.clone()),
            docs: traits.documentation().map(str::to_string),
            sdk_id,
            signing_name,
            endpoint_prefix,
            env_name,
            operations,
            structures,
            sources: options.sources.clone(),
        }
    }

    fn check_protocol(&mut self, service: &Shape) {
        let used: Vec<&str> = PROTOCOLS.iter().copied().filter(|p| service.traits.has(p)).collect();
        if used.contains(&"aws.protocols#restJson1") {
            return;
        }
        let message = match used.as_slice() {
            [] => "the service has no protocol trait".to_string(),
            found => format!("unsupported protocol {}: this version of ingot generates restJson1 clients", found.join(", ")),
        };
        self.problems.push(
            Diagnostic::new(service.location.clone(), message)
                .shape(&service.id)
                .hint("add \"aws.protocols#restJson1\": {} to the service, if the service speaks it"),
        );
    }

    /// Gives every data structure a unique UpperCamelCase name.
    fn name_structures(&mut self, shapes: &[&Shape]) {
        let mut taken = BTreeSet::new();
        for shape in shapes {
            let base = camel(shape.id.name());
            let mut name = base.clone();
            let mut counter = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}{counter}");
                counter += 1;
            }
            self.struct_names.insert(shape.id.clone(), name);
        }
    }

    fn error_info(&self, shape: &Shape) -> Option<ErrorInfo> {
        let fault = shape.traits.error()?;
        let retryable = shape.traits.retryable();
        Some(ErrorInfo {
            code: shape.id.name().to_string(),
            server_fault: fault == ErrorFault::Server,
            http_status: shape.traits.http_error(),
            retryable: retryable.is_some(),
            throttling: retryable.is_some_and(|r| r.throttling),
        })
    }

    fn structure(&mut self, shape: &Shape, rust_name: String, role: StructRole) -> StructPlan {
        let ShapeKind::Structure(members) = &shape.kind else {
            unreachable!("only structures are planned as structs");
        };

        let names = dedupe(
            members
                .values()
                .map(|m| {
                    let name = snake(&m.name);
                    // `build` and `send` are builder methods of their own.
                    if name == "build" || name == "send" { format!("{name}_value") } else { name }
                })
                .collect(),
        );
        let fields = members
            .values()
            .zip(names)
            .filter_map(|(member, rust_name)| self.field(shape, member, rust_name, &role))
            .collect();

        StructPlan {
            id: shape.id.clone(),
            rust_name,
            module: String::new(),
            docs: shape.traits.documentation().map(str::to_string),
            role,
            fields,
        }
    }

    fn field(&mut self, shape: &Shape, member: &Member, rust_name: String, role: &StructRole) -> Option<FieldPlan> {
        let member_id = shape.id.with_member(&member.name);
        let target = self.model.shape(&member.target)?;
        let ty = self.rust_type(&member_id, member, target)?;

        let binding = if member.traits.http_label() {
            if *role != StructRole::Input {
                self.unsupported(member, &member_id, "`httpLabel` outside an operation input");
                return None;
            }
            Binding::Label
        } else if let Some(found) = UNSUPPORTED_BINDINGS.iter().find(|b| member.traits.has(b)) {
            let what = format!("the `{found}` binding");
            self.unsupported(member, &member_id, &what);
            return None;
        } else {
            let json_name = member.traits.json_name().unwrap_or(&member.name).to_string();
            Binding::Body { json_name }
        };

        let required = member.traits.required() && member.traits.default_value().is_none();
        let optional = *role == StructRole::Input || !required || member.traits.client_optional();
        Some(FieldPlan {
            member: member.name.clone(),
            rust_name,
            docs: member.traits.documentation().or(target.traits.documentation()).map(str::to_string),
            ty,
            optional,
            required,
            sensitive: member.traits.sensitive() || target.traits.sensitive(),
            binding,
        })
    }

    fn rust_type(&mut self, member_id: &ShapeId, member: &Member, target: &Shape) -> Option<RustType> {
        let ty = match &target.kind {
            ShapeKind::String => RustType::String,
            ShapeKind::Boolean => RustType::Bool,
            ShapeKind::Byte => RustType::I8,
            ShapeKind::Short => RustType::I16,
            ShapeKind::Integer => RustType::I32,
            ShapeKind::Long => RustType::I64,
            ShapeKind::Float => RustType::F32,
            ShapeKind::Double => RustType::F64,
            ShapeKind::Structure(_) => {
                let name = self.struct_names.get(&target.id).cloned().or_else(|| {
                    self.unsupported(member, member_id, "a member that targets an operation input or output");
                    None
                })?;
                let module = if target.traits.error().is_some() { TypeModule::Error } else { TypeModule::Types };
                RustType::Struct { module, name }
            }
            ShapeKind::List(item) => {
                let item_target = self.model.shape(&item.target)?;
                if item.traits.has("smithy.api#sparse") || target.traits.has("smithy.api#sparse") {
                    self.unsupported(member, member_id, "sparse lists");
                    return None;
                }
                RustType::List(Box::new(self.rust_type(member_id, item, item_target)?))
            }
            ShapeKind::Map { value, .. } => {
                let value_target = self.model.shape(&value.target)?;
                if target.traits.has("smithy.api#sparse") {
                    self.unsupported(member, member_id, "sparse maps");
                    return None;
                }
                RustType::Map(Box::new(self.rust_type(member_id, value, value_target)?))
            }
            other => {
                let what = format!("{} shapes such as {}", other.type_name(), target.id);
                self.unsupported(member, member_id, &what);
                return None;
            }
        };
        Some(ty)
    }

    fn unsupported(&mut self, member: &Member, member_id: &ShapeId, what: &str) {
        self.problems.push(
            Diagnostic::new(member.location.clone(), format!("member {member_id} uses {what}, which this version of ingot cannot generate"))
                .shape(member_id)
                .hint("leave the operation out of the service, or remove the member"),
        );
    }

    fn operation(&mut self, shape: &Shape) -> Option<OperationPlan> {
        let ShapeKind::Operation(body) = &shape.kind else {
            return None;
        };
        let Some(http) = shape.traits.http() else {
            self.problems.push(
                Diagnostic::new(shape.location.clone(), format!("operation {} has no `smithy.api#http` trait", shape.id))
                    .shape(&shape.id)
                    .hint("restJson1 operations need \"smithy.api#http\": {\"method\": ..., \"uri\": ...}"),
            );
            return None;
        };

        let name = shape.id.name().to_string();
        let type_prefix = camel(&name);
        let input = self.io_structure(body.input.as_ref().map(|r| &r.target), format!("{type_prefix}Input"), StructRole::Input)?;
        let output = self.io_structure(body.output.as_ref().map(|r| &r.target), format!("{type_prefix}Output"), StructRole::Output)?;
        let uri = self.uri(shape, &http.uri, &input)?;

        let mut errors = Vec::new();
        for reference in &body.errors {
            let Some(error_shape) = self.model.shape(&reference.target) else { continue };
            let Some(info) = self.error_info(error_shape) else { continue };
            let Some(type_name) = self.struct_names.get(&error_shape.id).cloned() else { continue };
            let mut rust_name = type_name.clone();
            // The enum has variants of its own with these names.
            if rust_name == "Unmodeled" || rust_name == "Sdk" {
                rust_name.push_str("Error");
            }
            errors.push(ErrorVariant {
                rust_name,
                type_name,
                docs: error_shape.traits.documentation().map(str::to_string),
                info,
            });
        }
        errors.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));

        Some(OperationPlan {
            id: shape.id.clone(),
            rust_name: snake(&name),
            type_prefix,
            docs: shape.traits.documentation().map(str::to_string),
            method: http.method.to_uppercase(),
            uri,
            success_code: http.code,
            input,
            output,
            errors,
            name,
        })
    }

    fn io_structure(&mut self, target: Option<&ShapeId>, rust_name: String, role: StructRole) -> Option<StructPlan> {
        let unit = ShapeId::parse("smithy.api#Unit").expect("valid prelude id");
        let shape = self.model.shape(target.unwrap_or(&unit))?;
        Some(self.structure(shape, rust_name, role))
    }

    /// Parses the URI pattern and checks it against the input's labels.
    fn uri(&mut self, operation: &Shape, pattern: &str, input: &StructPlan) -> Option<Vec<UriSegment>> {
        let at = operation.location.key("traits").key("smithy.api#http").key("uri");
        let fail = |message: String| Diagnostic::new(at.clone(), message).shape(&operation.id);

        if !pattern.starts_with('/') {
            self.problems.push(fail(format!("URI pattern {pattern:?} must start with `/`")));
            return None;
        }
        if pattern.contains('?') {
            self.problems.push(fail(format!("URI pattern {pattern:?} has a query literal, which this version of ingot cannot generate")));
            return None;
        }

        let mut segments = Vec::new();
        let mut labels = BTreeSet::new();
        for piece in pattern.split('/').skip(1) {
            let Some(label) = piece.strip_prefix('{').and_then(|p| p.strip_suffix('}')) else {
                if piece.contains(['{', '}']) {
                    self.problems.push(fail(format!("URI segment {piece:?} must be a whole `{{label}}` or literal text")));
                    return None;
                }
                segments.push(UriSegment::Literal(piece.to_string()));
                continue;
            };
            if label.ends_with('+') {
                self.problems.push(fail(format!("greedy label {{{label}}} is not supported by this version of ingot")));
                return None;
            }
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
            segments.push(UriSegment::Label {
                member: label.to_string(),
                rust_name: field.rust_name.clone(),
            });
        }

        for field in input.fields.iter().filter(|f| f.binding == Binding::Label) {
            if !labels.contains(&field.member) {
                self.problems.push(fail(format!("input member `{}` has `smithy.api#httpLabel` but is not in the URI {pattern:?}", field.member)));
            }
            let member_shape = self.model.shape(&input.id).and_then(|s| match &s.kind {
                ShapeKind::Structure(members) => members.get(&field.member),
                _ => None,
            });
            if let Some(member) = member_shape {
                if !member.traits.required() {
                    self.problems.push(
                        Diagnostic::new(member.location.clone(), format!("label member `{}` must be `smithy.api#required`", field.member))
                            .shape(&input.id)
                            .hint("a path cannot have an empty segment; mark the member required"),
                    );
                }
            }
            if field.ty != RustType::String {
                self.problems.push(fail(format!("label `{}` must target a string in this version of ingot", field.member)));
            }
        }
        Some(segments)
    }
}
