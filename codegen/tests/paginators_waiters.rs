//! Planning and emitting paginators and waiters from a small model: the
//! service's `smithy.api#paginated` defaults, nested paths, the members that
//! waiter paths reach, and a located error for each broken trait.

use std::path::PathBuf;

use ingot_codegen::{generate, Error, Files, Options};
use serde_json::{json, Value};

/// Returns a model with a paginated `List` and a `Get` with a waiter.
fn model() -> Value {
    json!({
        "smithy": "2.0",
        "shapes": {
            "example#Service": {
                "type": "service",
                "version": "1",
                "operations": [{"target": "example#List"}, {"target": "example#Get"}],
                "traits": {
                    "aws.protocols#restJson1": {},
                    "aws.auth#sigv4": {"name": "example"},
                    "aws.api#service": {"sdkId": "Example"},
                    "smithy.api#paginated": {"inputToken": "nextToken", "outputToken": "page.nextToken", "pageSize": "maxResults"}
                }
            },
            "example#List": {
                "type": "operation",
                "input": {"target": "example#ListInput"},
                "output": {"target": "example#ListOutput"},
                "traits": {
                    "smithy.api#http": {"method": "GET", "uri": "/things"},
                    "smithy.api#readonly": {},
                    "smithy.api#paginated": {"items": "page.things"}
                }
            },
            "example#ListInput": {
                "type": "structure",
                "members": {
                    "nextToken": {"target": "smithy.api#String", "traits": {"smithy.api#httpQuery": "nextToken"}},
                    "maxResults": {"target": "smithy.api#Integer", "traits": {"smithy.api#httpQuery": "maxResults"}}
                },
                "traits": {"smithy.api#input": {}}
            },
            "example#ListOutput": {
                "type": "structure",
                "members": {"page": {"target": "example#Page"}}
            },
            "example#Page": {
                "type": "structure",
                "members": {
                    "nextToken": {"target": "smithy.api#String"},
                    "things": {"target": "example#Things"}
                }
            },
            "example#Things": {"type": "list", "member": {"target": "example#Thing"}},
            "example#Thing": {
                "type": "structure",
                "members": {
                    "status": {"target": "example#Status"},
                    "secretNote": {"target": "smithy.api#String"}
                }
            },
            "example#Status": {"type": "enum", "members": {
                "READY": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "READY"}},
                "BROKEN": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "BROKEN"}}
            }},
            "example#Get": {
                "type": "operation",
                "input": {"target": "example#GetInput"},
                "output": {"target": "example#GetOutput"},
                "errors": [{"target": "example#NotFound"}],
                "traits": {
                    "smithy.api#http": {"method": "GET", "uri": "/thing/{name}"},
                    "smithy.waiters#waitable": {
                        "ThingReady": {
                            "minDelay": 3,
                            "acceptors": [
                                {"state": "success", "matcher": {"output": {"path": "thing.status", "expected": "READY", "comparator": "stringEquals"}}},
                                {"state": "failure", "matcher": {"output": {"path": "thing.status == 'BROKEN'", "expected": "true", "comparator": "booleanEquals"}}},
                                {"state": "retry", "matcher": {"errorType": "NotFound"}}
                            ]
                        }
                    }
                }
            },
            "example#GetInput": {
                "type": "structure",
                "members": {"name": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}}},
                "traits": {"smithy.api#input": {}}
            },
            "example#GetOutput": {
                "type": "structure",
                "members": {"thing": {"target": "example#Thing"}, "etag": {"target": "smithy.api#String"}}
            },
            "example#NotFound": {
                "type": "structure",
                "members": {"message": {"target": "smithy.api#String"}},
                "traits": {"smithy.api#error": "client", "smithy.api#httpError": 404}
            }
        }
    })
}

fn run(name: &str, model: &Value) -> Result<Files, String> {
    let path = std::env::temp_dir().join(format!(
        "ingot-pagination-{name}-{}.json",
        std::process::id()
    ));
    std::fs::write(&path, serde_json::to_vec(model).unwrap()).unwrap();
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
        Ok(generated) => Ok(generated.files),
        Err(Error::Model(diagnostics)) => Err(diagnostics.to_string()),
        Err(other) => panic!("{name}: expected a model error, got {other}"),
    }
}

fn edited(change: impl FnOnce(&mut Value)) -> Value {
    let mut model = model();
    change(&mut model);
    model
}

/// Removes whitespace, so that checks do not depend on line breaks.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn paginator_merges_service_defaults() {
    let files = run("valid", &model()).expect("the model is valid");
    let list = squeeze(&files["src/operation/list.rs"]);

    assert!(
        list.contains("pubtypeListPaginator=ingot_runtime::paginator::Paginator<ListInput>;"),
        "{list}"
    );
    // The input token and page size come from the service's trait.
    assert!(list.contains("self.next_token=token;"), "{list}");
    assert!(list.contains("self.max_results=Some(size);"), "{list}");
    // Both nested paths go through the optional `page`.
    assert!(
        list.contains("output.page.as_ref().and_then(|value|value.next_token.as_ref())"),
        "{list}"
    );
    assert!(
        list.contains("output.page.and_then(|value|value.things).unwrap_or_default()"),
        "{list}"
    );
    assert!(list.contains("typeItem=crate::types::Thing;"), "{list}");
    assert!(
        list.contains("pubfninto_paginator(self)->ListPaginator"),
        "{list}"
    );

    let get = squeeze(&files["src/operation/get.rs"]);
    assert!(!get.contains("Paginate"), "Get is not paginated");
}

#[test]
fn paginator_without_items_or_page_size() {
    let model = edited(|m| {
        let service = &mut m["shapes"]["example#Service"]["traits"]["smithy.api#paginated"];
        service.as_object_mut().unwrap().remove("pageSize");
        m["shapes"]["example#List"]["traits"]["smithy.api#paginated"] = json!({});
    });
    let files = run("no-items", &model).expect("the model is valid");
    let list = squeeze(&files["src/operation/list.rs"]);
    assert!(
        list.contains("implingot_runtime::paginator::PaginateforListInput"),
        "{list}"
    );
    assert!(!list.contains("PaginateItems"), "{list}");
    assert!(!list.contains("PageSize"), "{list}");
}

#[test]
fn waiter_is_emitted_with_acceptors() {
    let files = run("valid", &model()).expect("the model is valid");
    let get = squeeze(&files["src/operation/get.rs"]);
    assert!(
        get.contains("pub(crate)staticTHING_READY:ingot_runtime::waiter::Waiter"),
        "{get}"
    );
    assert!(
        get.contains("min_delay:std::time::Duration::from_secs(3),"),
        "{get}"
    );
    assert!(
        get.contains("max_delay:std::time::Duration::from_secs(120),"),
        "the default maximum delay"
    );
    assert!(
        get.contains("ingot_runtime::waiter::Matcher::ErrorType(\"NotFound\")"),
        "{get}"
    );
    assert!(get.contains("pubstructGetWaiter"), "{get}");

    let client = squeeze(&files["src/client.rs"]);
    assert!(
        client.contains("pubfnwait_until_thing_ready(&self)->crate::operation::get::GetWaiter"),
        "{client}"
    );
    assert!(squeeze(&files["src/lib.rs"]).contains("modjmespath;"));
}

#[test]
fn conversions_cover_only_path_members() {
    let files = run("valid", &model()).expect("the model is valid");
    let conversions = &files["src/jmespath.rs"];
    assert!(
        conversions.contains("for crate::operation::get::GetOutput"),
        "{conversions}"
    );
    assert!(conversions.contains("\"thing\""), "{conversions}");
    assert!(conversions.contains("\"status\""), "{conversions}");
    assert!(
        conversions.contains("for crate::types::Status"),
        "{conversions}"
    );
    assert!(
        !conversions.contains("etag"),
        "no path names `etag`: {conversions}"
    );
    assert!(
        !conversions.contains("secretNote"),
        "no path names `secretNote`: {conversions}"
    );
    assert!(
        !conversions.contains("ListOutput"),
        "List has no waiter: {conversions}"
    );
}

#[test]
fn wildcard_converts_every_member() {
    let model = edited(|m| {
        let acceptors = &mut m["shapes"]["example#Get"]["traits"]["smithy.waiters#waitable"]
            ["ThingReady"]["acceptors"];
        acceptors[0]["matcher"]["output"]["path"] = json!("*.status");
    });
    let files = run("wildcard", &model).expect("the model is valid");
    let conversions = &files["src/jmespath.rs"];
    assert!(conversions.contains("\"etag\""), "{conversions}");
    assert!(conversions.contains("\"secretNote\""), "{conversions}");
}

#[test]
fn no_waiters_no_conversions() {
    let model = edited(|m| {
        m["shapes"]["example#Get"]["traits"]
            .as_object_mut()
            .unwrap()
            .remove("smithy.waiters#waitable");
    });
    let files = run("no-waiters", &model).expect("the model is valid");
    assert!(!files.contains_key("src/jmespath.rs"));
    assert!(!squeeze(&files["src/lib.rs"]).contains("modjmespath;"));
    assert!(!files["src/client.rs"].contains("wait_until"));
}

#[test]
fn broken_paginated_traits_are_reported() {
    let paginated = |value: Value| {
        edited(move |m| {
            m["shapes"]["example#List"]["traits"]["smithy.api#paginated"] = value;
        })
    };
    let cases: Vec<(&str, Value, &[&str])> = vec![
        (
            "missing-input-token",
            paginated(json!({"inputToken": "cursor"})),
            &["`inputToken` names `cursor`, which is not a member of the input of List"],
        ),
        (
            "missing-output-token",
            paginated(json!({"outputToken": "page.cursor"})),
            &["`outputToken` `page.cursor`: `cursor` is not a member of Page"],
        ),
        (
            "path-through-scalar",
            paginated(json!({"outputToken": "page.nextToken.more"})),
            &["`nextToken` is not a structure"],
        ),
        (
            "items-not-list",
            paginated(json!({"items": "page.nextToken"})),
            &["`items` `page.nextToken` must be a list or a map"],
        ),
        (
            "page-size-not-integer",
            paginated(json!({"pageSize": "nextToken"})),
            &["`pageSize` member `nextToken` must be an integer"],
        ),
        (
            "page-size-missing",
            paginated(json!({"pageSize": "limit"})),
            &["`pageSize` names `limit`"],
        ),
        (
            "token-not-string",
            paginated(json!({"inputToken": "maxResults"})),
            &["input token `maxResults` must be a string or a map"],
        ),
        (
            "empty-path",
            paginated(json!({"items": ""})),
            &["`items` of `smithy.api#paginated` must be a non-empty string"],
        ),
        (
            "one-token",
            edited(|m| {
                m["shapes"]["example#Service"]["traits"]
                    .as_object_mut()
                    .unwrap()
                    .remove("smithy.api#paginated");
                m["shapes"]["example#List"]["traits"]["smithy.api#paginated"] =
                    json!({"inputToken": "nextToken"});
            }),
            &["sets only one of `inputToken` and `outputToken`"],
        ),
    ];
    for (name, model, expected) in cases {
        let message = run(name, &model).expect_err(name);
        for part in expected {
            assert!(
                message.contains(part),
                "{name}: expected {part:?} in:\n{message}"
            );
        }
        assert!(
            message.contains("example#List"),
            "{name}: the message names the operation:\n{message}"
        );
        assert!(
            message.contains("smithy.api#paginated"),
            "{name}: the message names the trait:\n{message}"
        );
    }
}

#[test]
fn broken_waiters_are_reported() {
    let waiter = |change: fn(&mut Value)| {
        edited(move |m| {
            change(
                &mut m["shapes"]["example#Get"]["traits"]["smithy.waiters#waitable"]["ThingReady"],
            )
        })
    };
    let cases: Vec<(&str, Value, &[&str])> = vec![
        (
            "boolean-expected",
            waiter(|w| w["acceptors"][1]["matcher"]["output"]["expected"] = json!("yes")),
            &["`booleanEquals` expects \"true\" or \"false\", not \"yes\""],
        ),
        (
            "no-success",
            waiter(|w| w["acceptors"][0]["state"] = json!("retry")),
            &["waiter `ThingReady` has no acceptor with the success state"],
        ),
        (
            "unclosed-quote",
            waiter(|w| {
                w["acceptors"][1]["matcher"]["output"]["path"] = json!("thing.status == 'BROKEN")
            }),
            &["invalid JMESPath expression", "is not closed"],
        ),
        (
            "delays",
            waiter(|w| w["maxDelay"] = json!(2)),
            &["waiter `ThingReady` has minDelay 3 and maxDelay 2"],
        ),
        (
            "unknown-state",
            waiter(|w| w["acceptors"][0]["state"] = json!("done")),
            &["invalid waiter `ThingReady`", "done"],
        ),
        (
            "unknown-comparator",
            waiter(|w| w["acceptors"][0]["matcher"]["output"]["comparator"] = json!("equals")),
            &["invalid waiter `ThingReady`", "equals"],
        ),
        (
            "two-matchers",
            waiter(|w| w["acceptors"][2]["matcher"]["success"] = json!(true)),
            &["invalid waiter `ThingReady`"],
        ),
    ];
    for (name, model, expected) in cases {
        let message = run(name, &model).expect_err(name);
        for part in expected {
            assert!(
                message.contains(part),
                "{name}: expected {part:?} in:\n{message}"
            );
        }
        assert!(
            message.contains("example#Get"),
            "{name}: the message names the operation:\n{message}"
        );
    }

    let lower_case = edited(|m| {
        let waitable = m["shapes"]["example#Get"]["traits"]["smithy.waiters#waitable"]
            .as_object_mut()
            .unwrap();
        let waiter = waitable.remove("ThingReady").unwrap();
        waitable.insert("thingReady".into(), waiter);
    });
    let message = run("lower-case", &lower_case).expect_err("the name is not UpperCamelCase");
    assert!(
        message.contains("waiter name `thingReady` must be UpperCamelCase"),
        "{message}"
    );

    let no_output = edited(|m| {
        m["shapes"]["example#Get"]
            .as_object_mut()
            .unwrap()
            .remove("output");
    });
    let message = run("no-output", &no_output).expect_err("an output matcher needs an output");
    assert!(
        message.contains("matches the output of Get, which has none"),
        "{message}"
    );
}
