//! Builds the [`ServicePlan`] from the model and the selection, reporting
//! every shape the generator cannot represent.

use std::collections::{BTreeMap, BTreeSet};

use super::names::{camel, dedupe, snake};
use serde_json::Value;

use super::{
    Auth, EndpointParamPlan, ErrorInfo, ErrorVariant, NamedKind, OperationPlan, Protocol, RustType, ServicePlan, StructPlan,
    StructRole,
};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{ErrorFault, Model, Shape, ShapeId, ShapeKind};
use crate::select::Selection;

/// What the caller decides about the crate rather than the model.
#[derive(Clone, Debug)]
pub struct CrateOptions {
    pub crate_name: String,
    pub crate_version: String,
    pub sources: Vec<String>,
}

/// Protocol traits the generator recognises, for a precise message when a
/// service uses one it cannot generate.
const OTHER_PROTOCOLS: &[&str] = &[
    "aws.protocols#restXml",
    "aws.protocols#awsQuery",
    "aws.protocols#ec2Query",
    "smithy.protocols#rpcv2Cbor",
];

/// The HTTP methods a generated request can use.
const HTTP_METHODS: &[&str] = &["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"];

/// Plans the client crate for `selection`.
pub fn plan(model: &Model, selection: &Selection<'_>, options: &CrateOptions) -> Result<ServicePlan, Diagnostics> {
    let renames = match &selection.service.kind {
        ShapeKind::Service(body) => body.rename.clone(),
        _ => BTreeMap::new(),
    };
    let mut planner = Planner {
        model,
        problems: Diagnostics::default(),
        protocol: Protocol::RestJson1,
        renames,
        type_names: BTreeMap::new(),
        boxed: BTreeSet::new(),
    };
    let plan = planner.service(selection, options);
    planner.problems.into_result(plan)
}

/// The state of planning one crate; its methods are spread over the
/// modules of `plan` by concern.
pub(super) struct Planner<'m> {
    pub(super) model: &'m Model,
    pub(super) problems: Diagnostics,
    pub(super) protocol: Protocol,
    /// The service's `rename` entries.
    pub(super) renames: BTreeMap<ShapeId, String>,
    /// Rust names of the generated structures, unions and enums.
    pub(super) type_names: BTreeMap<ShapeId, String>,
    /// Members, by member id, whose field is boxed to break a cycle.
    pub(super) boxed: BTreeSet<ShapeId>,
}

impl<'m> Planner<'m> {
    fn service(&mut self, selection: &Selection<'m>, options: &CrateOptions) -> ServicePlan {
        let service = selection.service;
        let traits = &service.traits;

        self.protocol = self.protocol_of(service);
        let aws = traits.aws_service();
        let sdk_id = aws.as_ref().map(|a| a.sdk_id.clone()).unwrap_or_else(|| service.id.name().to_string());
        let bearer = traits.has("smithy.api#httpBearerAuth") && traits.sigv4().is_none();
        let signing_name = match traits.sigv4() {
            Some(sigv4) => sigv4.name,
            None if bearer => String::new(),
            None => {
                self.problems.push(
                    Diagnostic::new(service.location.clone(), "the service has no `aws.auth#sigv4` trait")
                        .shape(&service.id)
                        .hint("add \"aws.auth#sigv4\": {\"name\": \"<signing name>\"}, or \"smithy.api#httpBearerAuth\": {} for token authentication"),
                );
                String::new()
            }
        };
        let endpoint_rules = traits.get("smithy.rules#endpointRuleSet").map(|rules| rules.to_string());
        let env_name = sdk_id.to_uppercase().replace([' ', '-'], "_");

        let shapes: Vec<&Shape> = selection
            .shapes
            .iter()
            .filter(|id| id.to_string() != "smithy.api#Unit")
            .filter_map(|id| self.model.shape(id))
            .collect();
        let data_shapes = self.data_shapes(selection, &shapes);
        self.name_types(&data_shapes);
        self.find_cycles(&shapes);

        let mut structures = Vec::new();
        let mut unions = Vec::new();
        let mut enums = Vec::new();
        for shape in &data_shapes {
            match &shape.kind {
                ShapeKind::Structure(_) => {
                    let role = match self.error_info(shape) {
                        Some(info) => StructRole::Error(info),
                        None => StructRole::Data,
                    };
                    let name = self.type_names[&shape.id].clone();
                    let plan = self.structure(shape, name, role.clone());
                    if matches!(role, StructRole::Error(_)) {
                        self.check_payload(shape, &plan);
                    }
                    structures.push(plan);
                }
                ShapeKind::Union(_) => unions.extend(self.union(shape)),
                _ => enums.extend(self.enumeration(shape)),
            }
        }
        structures.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
        unions.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
        enums.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));

        // Every type of `types` gets a module file; their names must differ
        // even where the Rust names differ only in case.
        let names: Vec<String> = structures
            .iter()
            .map(|s| &s.rust_name)
            .chain(unions.iter().map(|u| &u.rust_name))
            .chain(enums.iter().map(|e| &e.rust_name))
            .map(|name| snake(name))
            .collect();
        let mut modules = dedupe(names).into_iter();
        for structure in &mut structures {
            structure.module = modules.next().unwrap_or_default();
        }
        for union in &mut unions {
            union.module = modules.next().unwrap_or_default();
        }
        for enumeration in &mut enums {
            enumeration.module = modules.next().unwrap_or_default();
        }

        let mut operations: Vec<OperationPlan> =
            selection.operations.iter().filter_map(|op| self.operation(service, op)).collect();
        let modules = dedupe(operations.iter().map(|op| op.rust_name.clone()).collect());
        for (operation, module) in operations.iter_mut().zip(modules) {
            operation.rust_name = module;
        }
        self.plan_pagination(service, &mut operations, &structures);
        let data_types = super::waiters::DataTypes { structures: &structures, unions: &unions, enums: &enums };
        let searchable = self.plan_waiters(&mut operations, &data_types);

        ServicePlan {
            crate_name: options.crate_name.clone(),
            crate_version: options.crate_version.clone(),
            service_id: service.id.clone(),
            title: traits.title().map(str::to_string).unwrap_or_else(|| sdk_id.clone()),
            docs: traits.documentation().map(str::to_string),
            sdk_id,
            signing_name,
            auth: if bearer { Auth::Bearer } else { Auth::SigV4 },
            endpoint_rules,
            env_name,
            protocol: self.protocol,
            operations,
            skipped: selection.skipped.clone(),
            structures,
            unions,
            enums,
            searchable,
            sources: options.sources.clone(),
        }
    }

    /// Returns the shapes that become types of their own: structures other
    /// than operation inputs and outputs, unions and enums. An input or
    /// output that is also a member's target is a type as well.
    fn data_shapes(&self, selection: &Selection<'m>, shapes: &[&'m Shape]) -> Vec<&'m Shape> {
        let io_shapes: BTreeSet<&ShapeId> = selection
            .operations
            .iter()
            .filter_map(|op| match &op.kind {
                ShapeKind::Operation(body) => Some(body.input.iter().chain(&body.output).map(|r| &r.target)),
                _ => None,
            })
            .flatten()
            .collect();
        let member_targets: BTreeSet<&ShapeId> =
            shapes.iter().flat_map(|s| s.kind.members()).map(|m| &m.target).collect();

        shapes
            .iter()
            .copied()
            .filter(|shape| match &shape.kind {
                ShapeKind::Structure(_) => !io_shapes.contains(&shape.id) || member_targets.contains(&shape.id),
                ShapeKind::Union(_) | ShapeKind::Enum(_) | ShapeKind::IntEnum(_) => true,
                ShapeKind::String => shape.traits.enum_definitions().is_some(),
                _ => false,
            })
            .collect()
    }

    /// Returns the service's protocol, reporting a service without one the
    /// generator supports.
    fn protocol_of(&mut self, service: &Shape) -> Protocol {
        let supported = [
            ("aws.protocols#restJson1", Protocol::RestJson1),
            ("aws.protocols#awsJson1_0", Protocol::AwsJson1_0),
            ("aws.protocols#awsJson1_1", Protocol::AwsJson1_1),
        ];
        if let Some((_, protocol)) = supported.iter().find(|(id, _)| service.traits.has(id)) {
            return *protocol;
        }
        let used: Vec<&str> = OTHER_PROTOCOLS.iter().copied().filter(|p| service.traits.has(p)).collect();
        let message = match used.as_slice() {
            [] => "the service has no protocol trait".to_string(),
            found => format!(
                "unsupported protocol {}: this version of ingot generates restJson1, awsJson1_0 and awsJson1_1 clients",
                found.join(", ")
            ),
        };
        self.problems.push(
            Diagnostic::new(service.location.clone(), message)
                .shape(&service.id)
                .hint("add \"aws.protocols#restJson1\": {} (or awsJson1_0, awsJson1_1) to the service, if the service speaks it"),
        );
        Protocol::RestJson1
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

    fn operation(&mut self, service: &Shape, shape: &Shape) -> Option<OperationPlan> {
        let ShapeKind::Operation(body) = &shape.kind else {
            return None;
        };
        let name = shape.id.name().to_string();
        let type_prefix = camel(&name);
        let input_target = body.input.as_ref().map(|r| &r.target);
        let output_target = body.output.as_ref().map(|r| &r.target);
        let input = self.io_structure(input_target, format!("{type_prefix}Input"), StructRole::Input)?;
        let output = self.io_structure(output_target, format!("{type_prefix}Output"), StructRole::Output)?;

        let (method, uri, query_literal, success_code) = if self.protocol.has_http_bindings() {
            let Some(http) = shape.traits.http() else {
                self.problems.push(
                    Diagnostic::new(shape.location.clone(), format!("operation {} has no `smithy.api#http` trait", shape.id))
                        .shape(&shape.id)
                        .hint("restJson1 operations need \"smithy.api#http\": {\"method\": ..., \"uri\": ...}"),
                );
                return None;
            };
            let method = http.method.to_uppercase();
            if !HTTP_METHODS.contains(&method.as_str()) {
                let at = shape.location.key("traits").key("smithy.api#http").key("method");
                self.problems.push(
                    Diagnostic::new(at, format!("unsupported HTTP method {:?}", http.method))
                        .shape(&shape.id)
                        .hint(format!("use one of {}", HTTP_METHODS.join(", "))),
                );
                return None;
            }
            let (uri, query) = self.uri(shape, &http.uri, &input)?;
            (method, uri, query, http.code)
        } else {
            // The awsJson protocols send every operation as `POST /`.
            ("POST".to_string(), Vec::new(), None, 200)
        };
        for (plan, target) in [(&input, input_target), (&output, output_target)] {
            if let Some(structure) = target.and_then(|id| self.model.shape(id)) {
                self.check_payload(structure, plan);
            }
        }
        let host_prefix = match shape.traits.endpoint() {
            Some(endpoint) => Some(self.host_prefix(shape, &endpoint.host_prefix, &input)?),
            None => None,
        };
        let endpoint_params = self.endpoint_params(shape, input_target, &input);

        let service_errors = match &service.kind {
            ShapeKind::Service(body) => body.errors.as_slice(),
            _ => &[],
        };
        let mut errors = Vec::new();
        let mut seen = BTreeSet::new();
        for reference in body.errors.iter().chain(service_errors) {
            if !seen.insert(&reference.target) {
                continue;
            }
            let Some(error_shape) = self.model.shape(&reference.target) else { continue };
            let Some(info) = self.error_info(error_shape) else { continue };
            let Some(type_name) = self.type_names.get(&error_shape.id).cloned() else { continue };
            let mut rust_name = type_name.clone();
            // The enum has variants of its own with these names.
            if rust_name == "Unmodeled" || rust_name == "Sdk" {
                rust_name.push_str("Error");
            }
            let body_only = !self.protocol.has_http_bindings()
                || error_shape.kind.members().iter().all(|m| !is_bound_outside_body(m));
            errors.push(ErrorVariant {
                rust_name,
                type_name,
                docs: error_shape.traits.documentation().map(str::to_string),
                info,
                body_only,
            });
        }
        errors.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));

        Some(OperationPlan {
            id: shape.id.clone(),
            rust_name: snake(&name),
            type_prefix,
            docs: shape.traits.documentation().map(str::to_string),
            method,
            uri,
            query_literal,
            host_prefix,
            endpoint_params,
            success_code,
            query_compatible: service.traits.has("aws.protocols#awsQueryCompatible"),
            input,
            output,
            errors,
            name,
            paginated: None,
            waiters: Vec::new(),
        })
    }

    /// Returns the endpoint rule parameters that `operation` sets: static
    /// values, input members with `contextParam`, and paths into the input.
    fn endpoint_params(&mut self, operation: &Shape, input_target: Option<&ShapeId>, input: &StructPlan) -> Vec<EndpointParamPlan> {
        let mut params = Vec::new();
        if let Some(Value::Object(statics)) = operation.traits.get("smithy.rules#staticContextParams") {
            for (name, param) in statics {
                if let Some(value) = param.get("value") {
                    params.push(EndpointParamPlan::Static { name: name.clone(), value: value.clone() });
                }
            }
        }
        let members = input_target.and_then(|id| self.model.shape(id)).map(|s| s.kind.members()).unwrap_or_default();
        for member in members {
            let Some(name) = member.traits.get("smithy.rules#contextParam").and_then(|v| v.get("name")).and_then(Value::as_str) else {
                continue;
            };
            let Some(field) = input.fields.iter().find(|f| f.member == member.name) else { continue };
            let usable = matches!(&field.ty, RustType::String | RustType::Bool | RustType::Named { kind: NamedKind::Enum, .. })
                || matches!(&field.ty, RustType::List { item, .. } if **item == RustType::String);
            if !usable {
                self.problems.push(
                    Diagnostic::new(member.location.clone(), format!("`contextParam` member `{}` must be a string, boolean or string list", member.name))
                        .shape(&operation.id),
                );
                continue;
            }
            params.push(EndpointParamPlan::Member { name: name.to_string(), rust_name: field.rust_name.clone(), ty: field.ty.clone() });
        }
        if let Some(Value::Object(paths)) = operation.traits.get("smithy.rules#operationContextParams") {
            for (name, param) in paths {
                if let Some(path) = param.get("path").and_then(Value::as_str) {
                    params.push(EndpointParamPlan::Path { name: name.clone(), path: path.to_string() });
                }
            }
        }
        params
    }

    /// Plans an operation's input or output structure; `Unit` when absent.
    fn io_structure(&mut self, target: Option<&ShapeId>, rust_name: String, role: StructRole) -> Option<StructPlan> {
        let unit = ShapeId::parse("smithy.api#Unit").expect("valid prelude id");
        let shape = self.model.shape(target.unwrap_or(&unit))?;
        Some(self.structure(shape, rust_name, role))
    }
}

/// Returns whether a member of an output or error travels outside the JSON
/// body: in a header, the status code or the payload.
fn is_bound_outside_body(member: &crate::model::Member) -> bool {
    let traits = &member.traits;
    traits.http_header().is_some() || traits.http_prefix_headers().is_some() || traits.http_response_code() || traits.http_payload()
}
