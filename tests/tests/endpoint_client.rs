//! The runtime client resolves each request's endpoint with the service's
//! rules, signs with the scheme the endpoint names, and sends bearer tokens
//! for services that use them. The rule sets here route to the loopback
//! test server, so no request leaves the machine.

use ingot_runtime::http::Method;
use ingot_runtime::{Auth, Client, Config, Credentials, ErrorKind, Request, ServiceInfo};
use ingot_tests::{CannedResponse, TestServer};

/// Returns a rule set that sends region `test-1` to `url`, with
/// `authSchemes` when `signing` is set, and fails for any other region.
fn rules(url: &str, signing: Option<(&str, &str)>) -> &'static str {
    let properties = match signing {
        Some((name, region)) => format!(
            r#"{{"authSchemes":[{{"name":"sigv4","signingName":"{name}","signingRegion":"{region}"}}]}}"#
        ),
        None => "{}".to_string(),
    };
    let text = format!(
        r#"{{
          "version": "1.0",
          "parameters": {{
            "Region": {{"type": "string", "builtIn": "AWS::Region"}},
            "Stage": {{"type": "string"}}
          }},
          "rules": [
            {{"conditions": [{{"fn": "stringEquals", "argv": [{{"ref": "Region"}}, "test-1"]}},
                             {{"fn": "isSet", "argv": [{{"ref": "Stage"}}]}}],
              "endpoint": {{"url": "{url}/{{Stage}}", "properties": {properties}, "headers": {{"x-rules": ["staged"]}}}},
              "type": "endpoint"}},
            {{"conditions": [{{"fn": "stringEquals", "argv": [{{"ref": "Region"}}, "test-1"]}}],
              "endpoint": {{"url": "{url}", "properties": {properties}, "headers": {{}}}},
              "type": "endpoint"}},
            {{"conditions": [], "error": "Region {{Region}} has no test endpoint", "type": "error"}}
          ]
        }}"#
    );
    Box::leak(text.into_boxed_str())
}

fn service(auth: Auth, endpoint_rules: &'static str) -> &'static ServiceInfo {
    Box::leak(Box::new(ServiceInfo {
        sdk_id: "Example",
        signing_name: "example",
        env_name: "EXAMPLE",
        crate_version: "example/0.1.0",
        auth,
        endpoint_rules: Some(endpoint_rules),
    }))
}

fn config(region: &str) -> Config {
    Config::builder()
        .region(region)
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .bearer_token("token-123")
        .build()
}

fn authorization(server: &TestServer) -> String {
    let requests = server.requests();
    let header = requests[0].headers.get("authorization").expect("an Authorization header");
    header.to_str().unwrap().to_string()
}

#[tokio::test]
async fn rules_choose_the_endpoint() {
    let server = TestServer::start(vec![CannedResponse::json(200, "{}")]).await;
    let client = Client::new(&config("test-1"), service(Auth::SigV4, rules(&server.url(), None)));

    let response = client.send(Request::new(Method::GET, "/items"), "ListItems").await.unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(server.requests()[0].path_and_query, "/items");
    let authorization = authorization(&server);
    assert!(authorization.contains("/test-1/example/aws4_request"), "{authorization}");
}

#[tokio::test]
async fn operation_params_and_rule_headers_apply() {
    let server = TestServer::start(vec![CannedResponse::json(200, "{}")]).await;
    let client = Client::new(&config("test-1"), service(Auth::SigV4, rules(&server.url(), None)));

    let request = Request::new(Method::GET, "/items").endpoint_param("Stage", "beta");
    client.send(request, "ListItems").await.unwrap();

    let recorded = &server.requests()[0];
    assert_eq!(recorded.path_and_query, "/beta/items");
    assert_eq!(recorded.headers.get("x-rules").unwrap(), "staged");
}

#[tokio::test]
async fn auth_scheme_sets_signing_name_and_region() {
    let server = TestServer::start(vec![CannedResponse::json(200, "{}")]).await;
    let rules = rules(&server.url(), Some(("other-name", "us-west-9")));
    let client = Client::new(&config("test-1"), service(Auth::SigV4, rules));

    client.send(Request::new(Method::GET, "/"), "ListItems").await.unwrap();

    let authorization = authorization(&server);
    assert!(authorization.contains("/us-west-9/other-name/aws4_request"), "{authorization}");
}

#[tokio::test]
async fn rule_error_fails_before_sending() {
    let server = TestServer::start(vec![CannedResponse::json(200, "{}")]).await;
    let client = Client::new(&config("elsewhere-1"), service(Auth::SigV4, rules(&server.url(), None)));

    let error = client.send(Request::new(Method::GET, "/"), "ListItems").await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::Config);
    assert!(error.message().contains("Region elsewhere-1 has no test endpoint"), "{error}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn bearer_services_send_the_token() {
    let server = TestServer::start(vec![CannedResponse::json(200, "{}")]).await;
    let client = Client::new(&config("test-1"), service(Auth::Bearer, rules(&server.url(), None)));

    client.send(Request::new(Method::GET, "/"), "ListItems").await.unwrap();

    assert_eq!(authorization(&server), "Bearer token-123");
}

#[tokio::test]
async fn missing_bearer_token_names_both_settings() {
    let server = TestServer::start(vec![CannedResponse::json(200, "{}")]).await;
    let config = Config::builder().region("test-1").build();
    let client = Client::new(&config, service(Auth::Bearer, rules(&server.url(), None)));

    let error = client.send(Request::new(Method::GET, "/"), "ListItems").await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::Config);
    assert!(error.message().contains("AWS_BEARER_TOKEN_EXAMPLE"), "{error}");
    assert!(error.message().contains("ConfigBuilder::bearer_token"), "{error}");
    assert!(server.requests().is_empty());
}
