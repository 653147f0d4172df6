//! Every operation of the full Entity Resolution client (restJson1) reads a
//! response from the fuzz input: the first byte picks the operation, the
//! rest is the status, headers and body (see `Input::response`). The
//! response arrives through the client's HTTP client seam, so the generated
//! response reader and error parser run exactly as they do for a real
//! response. Any outcome is fine except a panic or a hang.

#![no_main]

use std::sync::OnceLock;

use entityresolution_full::types::{IdMappingTechniques, ResolutionTechniques};
use entityresolution_full::Client;
use ingot_fuzz::input::Input;
use ingot_fuzz::responder::{config, Responder};
use ingot_runtime::json::ReadJson;
use libfuzzer_sys::fuzz_target;

/// The number of operations that `call` dispatches to.
const OPERATIONS: usize = 37;

/// Reads a member value from JSON; the inputs need a few required
/// structures, and the builders of nested types are not needed for that.
fn value<T: ReadJson>(json: &str) -> T {
    let json = serde_json::from_str(json).expect("the literal is JSON");
    T::read_json(&json).expect("the literal fits the type")
}

/// Awaits a call and formats whatever it returns, so that the
/// `Display` and accessors of errors run too.
macro_rules! exercise {
    ($call:expr) => {
        match $call.await {
            Ok(output) => ingot_fuzz::consume(format!("{output:?}")),
            Err(error) => ingot_fuzz::consume((
                error.to_string(),
                error.code().map(str::len),
                error.message().map(str::len),
                error.request_id().map(str::len),
                error.is_retryable(),
                error.is_throttling(),
            )),
        }
    };
}

/// Calls operation `index` with its required members set.
async fn call(client: &Client, index: usize) {
    match index {
        0 => exercise!(client
            .add_policy_statement()
            .arn("fuzz")
            .statement_id("fuzz")
            .effect("Allow")
            .set_action(Default::default())
            .set_principal(Default::default())
            .send()),
        1 => exercise!(client
            .batch_delete_unique_id()
            .workflow_name("fuzz")
            .set_unique_ids(Default::default())
            .send()),
        2 => exercise!(client
            .create_id_mapping_workflow()
            .workflow_name("fuzz")
            .set_input_source_config(Default::default())
            .id_mapping_techniques(value::<IdMappingTechniques>(
                r#"{"idMappingType":"PROVIDER"}"#
            ))
            .send()),
        3 => exercise!(client
            .create_id_namespace()
            .id_namespace_name("fuzz")
            .r#type("SOURCE")
            .send()),
        4 => exercise!(client
            .create_matching_workflow()
            .workflow_name("fuzz")
            .set_input_source_config(Default::default())
            .set_output_source_config(Default::default())
            .resolution_techniques(value::<ResolutionTechniques>(
                r#"{"resolutionType":"RULE_MATCHING"}"#
            ))
            .role_arn("fuzz")
            .send()),
        5 => exercise!(client
            .create_schema_mapping()
            .schema_name("fuzz")
            .set_mapped_input_fields(Default::default())
            .send()),
        6 => exercise!(client
            .delete_id_mapping_workflow()
            .workflow_name("fuzz")
            .send()),
        7 => exercise!(client
            .delete_id_namespace()
            .id_namespace_name("fuzz")
            .send()),
        8 => exercise!(client
            .delete_matching_workflow()
            .workflow_name("fuzz")
            .send()),
        9 => exercise!(client
            .delete_policy_statement()
            .arn("fuzz")
            .statement_id("fuzz")
            .send()),
        10 => exercise!(client.delete_schema_mapping().schema_name("fuzz").send()),
        11 => exercise!(client
            .get_id_mapping_job()
            .workflow_name("fuzz")
            .job_id("fuzz")
            .send()),
        12 => exercise!(client
            .get_id_mapping_workflow()
            .workflow_name("fuzz")
            .send()),
        13 => exercise!(client.get_id_namespace().id_namespace_name("fuzz").send()),
        14 => exercise!(client
            .get_match_id()
            .workflow_name("fuzz")
            .set_record(Default::default())
            .send()),
        15 => exercise!(client
            .get_matching_job()
            .workflow_name("fuzz")
            .job_id("fuzz")
            .send()),
        16 => exercise!(client.get_matching_workflow().workflow_name("fuzz").send()),
        17 => exercise!(client.get_policy().arn("fuzz").send()),
        18 => exercise!(client
            .get_provider_service()
            .provider_name("fuzz")
            .provider_service_name("fuzz")
            .send()),
        19 => exercise!(client.get_schema_mapping().schema_name("fuzz").send()),
        20 => exercise!(client.list_id_mapping_jobs().workflow_name("fuzz").send()),
        21 => exercise!(client.list_id_mapping_workflows().send()),
        22 => exercise!(client.list_id_namespaces().send()),
        23 => exercise!(client.list_matching_jobs().workflow_name("fuzz").send()),
        24 => exercise!(client.list_matching_workflows().send()),
        25 => exercise!(client.list_provider_services().send()),
        26 => exercise!(client.list_schema_mappings().send()),
        27 => exercise!(client.list_tags_for_resource().resource_arn("fuzz").send()),
        28 => exercise!(client.put_policy().arn("fuzz").policy("fuzz").send()),
        29 => exercise!(client.start_id_mapping_job().workflow_name("fuzz").send()),
        30 => exercise!(client.start_matching_job().workflow_name("fuzz").send()),
        31 => exercise!(client
            .tag_resource()
            .resource_arn("fuzz")
            .set_tags(Default::default())
            .send()),
        32 => exercise!(client
            .untag_resource()
            .resource_arn("fuzz")
            .set_tag_keys(Default::default())
            .send()),
        33 => exercise!(client
            .update_id_mapping_workflow()
            .workflow_name("fuzz")
            .set_input_source_config(Default::default())
            .id_mapping_techniques(value::<IdMappingTechniques>(
                r#"{"idMappingType":"PROVIDER"}"#
            ))
            .send()),
        34 => exercise!(client
            .update_id_namespace()
            .id_namespace_name("fuzz")
            .send()),
        35 => exercise!(client
            .update_matching_workflow()
            .workflow_name("fuzz")
            .set_input_source_config(Default::default())
            .set_output_source_config(Default::default())
            .resolution_techniques(value::<ResolutionTechniques>(
                r#"{"resolutionType":"RULE_MATCHING"}"#
            ))
            .role_arn("fuzz")
            .send()),
        36 => exercise!(client
            .update_schema_mapping()
            .schema_name("fuzz")
            .set_mapped_input_fields(Default::default())
            .send()),
        _ => unreachable!("the index is taken modulo OPERATIONS"),
    }
}

fuzz_target!(|data: &[u8]| {
    static CLIENT: OnceLock<(Client, Responder)> = OnceLock::new();
    let (client, responder) = CLIENT.get_or_init(|| {
        let responder = Responder::default();
        (Client::new(&config(&responder)), responder)
    });

    let mut input = Input::new(data);
    let index = input.choose(OPERATIONS);
    responder.set(input.response());
    ingot_fuzz::block_on(call(client, index));
});
