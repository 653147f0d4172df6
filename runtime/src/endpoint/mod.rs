//! Endpoint resolution with the Smithy rules engine: a service's
//! `smithy.rules#endpointRuleSet` turns parameters such as the region, FIPS,
//! dual-stack and a custom endpoint into the URL, headers and properties of
//! the endpoint to call.
//!
//! ```
//! use ingot_runtime::endpoint::{Params, RuleSet};
//!
//! let rules = RuleSet::from_json(r#"{
//!     "version": "1.0",
//!     "parameters": {"Region": {"type": "string", "builtIn": "AWS::Region", "required": true}},
//!     "rules": [{
//!         "type": "endpoint",
//!         "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"}],
//!         "endpoint": {"url": "https://example.{Region}.{p#dnsSuffix}"}
//!     }]
//! }"#)?;
//! let endpoint = rules.resolve(&Params::new().with("Region", "cn-north-1"))?;
//! assert_eq!(endpoint.url, "https://example.cn-north-1.amazonaws.com.cn");
//! # Ok::<(), ingot_runtime::Error>(())
//! ```
//!
//! # Design: one interpreter in the runtime, the rule set as data
//!
//! A generated crate embeds its model's rule set as JSON text, and
//! [`RuleSet::from_json`] compiles it once per client into a compact tree.
//! In that tree, references are slot indices, templates are split into
//! parts, and every function call is checked for arity and type.
//! [`RuleSet::resolve`] walks the tree. Generating Rust code for each rule
//! set was the alternative, rejected for three reasons:
//!
//! - Size. The rule set is data in either form. As JSON without whitespace
//!   it takes 3.5 KB for the median AWS service (1.6 KB to 24 KB, and 81 KB
//!   for S3), kept as one string constant. Rust code for the same logic
//!   would be longer, and every generated crate would compile it again,
//!   which costs the compile time that ingot exists to save. The
//!   interpreter is compiled once, into about 110 KB of x86-64 machine code.
//! - Speed is not at stake. A resolution takes microseconds (below), little
//!   next to a request's network round trip, and a client whose parameters
//!   do not depend on the operation input resolves only once.
//! - One engine. A fix to a library function or to the partitions table
//!   reaches every client without regeneration, and the engine is tested
//!   once, against every test case of every AWS model.
//!
//! Removing the whitespace from the embedded text is the generator's job.
//! Indented as in a model file, a rule set is about three times larger:
//! 15 KB against 4.7 KB for Entity Resolution's.
//!
//! Measured once on the 2-core build machine, release build, with
//! `cargo test -p ingot-runtime --release --test endpoint_rules --
//! --ignored --nocapture resolution_speed` (median of 101 rounds of 1000
//! calls): 0.5 µs per [`RuleSet::resolve`] for Entity Resolution in
//! `us-west-2`, and 4.9 µs for S3 with a virtual-hosted bucket and a key.
//! Compiling takes 0.13 ms for the Entity Resolution rule set and 2.4 ms
//! for S3's. The machine code size is the symbols of `endpoint::` in a
//! small release binary that resolves one endpoint, read with `nm`.
//!
//! # What is covered
//!
//! Rule sets of version 1 with `string`, `boolean` and `stringArray`
//! parameters, defaults and `required`, endpoint, error and tree rules,
//! conditions with `assign`, templates with `{name}` and `{name#path}`, and
//! endpoint properties and headers. Functions: `isSet`, `not`, `booleanEquals`,
//! `stringEquals`, `getAttr`, `substring`, `isValidHostLabel`, `uriEncode`,
//! `parseURL`, `aws.partition`, `aws.parseArn` and
//! `aws.isVirtualHostableS3Bucket`.
//!
//! NOTE: the functions added in version 1.1 of the rules engine
//! (`coalesce`, `ite`, `split`) and the `endpointBdd` trait are not
//! implemented. A rule set that uses one of the functions fails to load
//! with an error that names it.

mod arn;
mod builtins;
mod compile;
mod compile_expr;
mod eval;
mod functions;
mod host;
mod params;
pub mod partitions;
mod path;
mod result;
pub mod testing;
mod tree;
mod url;
mod value;

use std::fmt;
use std::sync::Arc;

use crate::error::Error;

pub use params::{ParamValue, Params};
pub use result::{AuthScheme, Endpoint};

/// A compiled endpoint rule set. Cloning is cheap, and clones share the
/// compiled rules.
#[derive(Clone)]
pub struct RuleSet {
    compiled: Arc<tree::Compiled>,
    partitions: &'static [partitions::Partition],
}

impl RuleSet {
    /// Compiles the JSON text of a `smithy.rules#endpointRuleSet` trait.
    ///
    /// # Errors
    ///
    /// Returns an [`ErrorKind::Config`](crate::ErrorKind::Config) error when
    /// the text is not JSON or the rule set is invalid. Examples are a
    /// missing member, an unknown rule type or function, a reference to a
    /// name that is not in scope, or an argument of the wrong type. The
    /// message names the location, such as `rules[2].conditions[0].argv[1]`.
    pub fn from_json(text: &str) -> Result<RuleSet, Error> {
        Ok(RuleSet {
            compiled: Arc::new(compile::compile(text)?),
            partitions: partitions::all(),
        })
    }

    /// Compiles a `smithy.rules#endpointRuleSet` trait that is already
    /// parsed, such as the trait value of a loaded model.
    ///
    /// # Errors
    ///
    /// As for [`RuleSet::from_json`].
    pub fn from_value(json: &serde_json::Value) -> Result<RuleSet, Error> {
        Ok(RuleSet {
            compiled: Arc::new(compile::compile_json(json)?),
            partitions: partitions::all(),
        })
    }

    /// Returns a rule set that looks regions up in `partitions` instead of
    /// this runtime's table ([`partitions::all`]), for example to run test
    /// cases that were generated with other partitions data.
    pub fn with_partitions(mut self, partitions: &'static [partitions::Partition]) -> RuleSet {
        self.partitions = partitions;
        self
    }

    /// Returns the names of the declared parameters.
    pub fn parameter_names(&self) -> impl Iterator<Item = &str> {
        self.compiled
            .params
            .iter()
            .map(|parameter| parameter.name.as_str())
    }

    /// Resolves the endpoint for `params`. Parameters that are not set take
    /// their declared default.
    ///
    /// # Errors
    ///
    /// Returns an [`ErrorKind::Config`](crate::ErrorKind::Config) error:
    ///
    /// - with the rule's message, unchanged, when the rules select an error
    ///   rule, such as `Invalid Configuration: FIPS and custom endpoint are
    ///   not supported`;
    /// - when a parameter is unknown, of the wrong type, or required and
    ///   unset without a default;
    /// - when no rule matches.
    pub fn resolve(&self, params: &Params) -> Result<Endpoint, Error> {
        eval::resolve(&self.compiled, self.partitions, params)
    }
}

impl fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.parameter_names().collect();
        f.debug_struct("RuleSet")
            .field("parameters", &names)
            .field("rules", &self.compiled.rules.len())
            .finish()
    }
}
