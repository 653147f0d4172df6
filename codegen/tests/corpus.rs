//! Generates every AWS model that uses a supported protocol and fails,
//! listing each model that does not generate, on any error or panic.

use ingot_codegen::corpus;

#[test]
fn every_json_protocol_model_generates() {
    let Some(folder) = ingot_test_data::require("models/aws", "the AWS model corpus test") else {
        return;
    };
    let models = corpus::supported_models(&folder).expect("read the model folder");
    assert!(models.len() > 300, "expected the whole corpus, found {} models", models.len());

    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let outcomes = corpus::generate_all(&models, threads, |_| {});

    let failures: Vec<String> = outcomes
        .iter()
        .filter_map(|outcome| {
            let error = outcome.result.as_ref().err()?;
            Some(format!("{}:\n{error}", outcome.model.display()))
        })
        .collect();
    assert!(failures.is_empty(), "{} of {} models failed:\n\n{}", failures.len(), models.len(), failures.join("\n\n"));
}
