//! The waiter loop driven by scripted attempt results, with delays of a
//! millisecond so the tests take no real time.

use std::cell::Cell;
use std::collections::VecDeque;
use std::time::Duration;

use serde_json::{json, Value};

use super::*;

const MILLISECOND: Duration = Duration::from_millis(1);

static EXISTS: &[Acceptor] = &[
    Acceptor {
        state: AcceptorState::Success,
        matcher: Matcher::Output(PathMatcher {
            path: "Status",
            expected: "ACTIVE",
            comparator: PathComparator::StringEquals,
        }),
    },
    Acceptor {
        state: AcceptorState::Failure,
        matcher: Matcher::Output(PathMatcher {
            path: "Status",
            expected: "FAILED",
            comparator: PathComparator::StringEquals,
        }),
    },
    Acceptor {
        state: AcceptorState::Retry,
        matcher: Matcher::ErrorType("NotFound"),
    },
];

fn waiter(acceptors: &'static [Acceptor]) -> Waiter {
    Waiter {
        name: "ThingExists",
        acceptors,
        min_delay: MILLISECOND,
        max_delay: 4 * MILLISECOND,
    }
}

/// A scripted operation: its output is a JSON value, its error a code.
type Outcome = Result<Value, String>;

fn inspect() -> Inspect<Value, String> {
    Inspect {
        error_code: |error: &String| Some(error.as_str()),
        output: Value::clone,
    }
}

async fn run(
    waiter: &Waiter,
    options: WaitOptions,
    outcomes: Vec<Outcome>,
) -> (
    Result<Waited<Value, String>, WaiterError<Value, String>>,
    u32,
) {
    let script = std::cell::RefCell::new(VecDeque::from(outcomes));
    let sent = Cell::new(0);
    let result = wait(waiter, &options, None, inspect(), || {
        sent.set(sent.get() + 1);
        let next = script
            .borrow_mut()
            .pop_front()
            .unwrap_or_else(|| Ok(json!({"Status": "CREATING"})));
        async move { next }
    })
    .await;
    (result, sent.get())
}

fn hour() -> WaitOptions {
    WaitOptions::new(Duration::from_secs(3600))
}

#[tokio::test]
async fn succeeds_after_retries() {
    let outcomes = vec![
        Err("NotFound".to_string()),
        Ok(json!({"Status": "CREATING"})),
        Ok(json!({"Status": "ACTIVE"})),
    ];
    let (result, sent) = run(&waiter(EXISTS), hour(), outcomes).await;
    let waited = result.expect("the waiter succeeds");
    assert_eq!(waited.attempts(), 3);
    assert_eq!(sent, 3);
    assert_eq!(waited.into_result(), Ok(json!({"Status": "ACTIVE"})));
}

#[tokio::test]
async fn failure_acceptor_stops() {
    let outcomes = vec![
        Ok(json!({"Status": "CREATING"})),
        Ok(json!({"Status": "FAILED"})),
    ];
    let (result, sent) = run(&waiter(EXISTS), hour(), outcomes).await;
    let error = result.expect_err("the waiter fails");
    assert!(
        matches!(
            &error,
            WaiterError::FailureState {
                attempts: 2,
                result: Ok(_),
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(sent, 2);
    assert_eq!(
        error.to_string(),
        "waiter ThingExists reached a failure state after 2 attempts"
    );
}

#[tokio::test]
async fn unexpected_error_stops() {
    let outcomes = vec![Err("AccessDenied".to_string())];
    let (result, sent) = run(&waiter(EXISTS), hour(), outcomes).await;
    let error = result.expect_err("the waiter fails");
    assert!(
        matches!(&error, WaiterError::Operation { attempts: 1, error, .. } if error == "AccessDenied"),
        "{error:?}"
    );
    assert_eq!(sent, 1);
}

#[tokio::test]
async fn max_wait_time_exceeded() {
    // Every attempt returns CREATING, which only the implicit retry matches.
    let options = WaitOptions::new(20 * MILLISECOND);
    let (result, sent) = run(&waiter(EXISTS), options, Vec::new()).await;
    let error = result.expect_err("the waiter times out");
    let WaiterError::TimedOut {
        attempts,
        max_wait,
        last,
        ..
    } = &error
    else {
        panic!("expected TimedOut, got {error:?}");
    };
    assert_eq!(*attempts, sent);
    assert_eq!(*max_wait, 20 * MILLISECOND);
    assert_eq!(last, &Ok(json!({"Status": "CREATING"})));
    assert!(error.to_string().contains("timed out"), "{error}");
}

#[tokio::test(start_paused = true)]
async fn last_retry_leaves_minimum_delay() {
    // Delays of 10 s within 35 s: retries at 10 s and 20 s, then a last one
    // at 25 s, which leaves the minimum delay before the deadline.
    let options = WaitOptions::new(Duration::from_secs(35))
        .min_delay(Some(Duration::from_secs(10)))
        .max_delay(Some(Duration::from_secs(10)));
    let start = tokio::time::Instant::now();

    let (result, sent) = run(&waiter(EXISTS), options, Vec::new()).await;

    let error = result.expect_err("the waiter times out");
    assert!(
        matches!(error, WaiterError::TimedOut { attempts: 4, .. }),
        "{error:?}"
    );
    assert_eq!(sent, 4);
    assert_eq!(start.elapsed(), Duration::from_secs(25));
}

#[tokio::test]
async fn success_on_error_type() {
    static NOT_EXISTS: &[Acceptor] = &[Acceptor {
        state: AcceptorState::Success,
        matcher: Matcher::ErrorType("NotFound"),
    }];
    let outcomes = vec![
        Ok(json!({"Status": "DELETING"})),
        Err("NotFound".to_string()),
    ];
    let (result, sent) = run(&waiter(NOT_EXISTS), hour(), outcomes).await;
    let waited = result.expect("the waiter succeeds");
    assert_eq!(waited.result(), &Err("NotFound".to_string()));
    assert_eq!(sent, 2);
}

#[tokio::test]
async fn delays_override_model() {
    // The model's delays of an hour would make this test hang; the
    // caller's override of a millisecond applies instead.
    let slow = Waiter {
        min_delay: Duration::from_secs(3600),
        max_delay: Duration::from_secs(7200),
        ..waiter(EXISTS)
    };
    let options = hour()
        .min_delay(Some(MILLISECOND))
        .max_delay(Some(2 * MILLISECOND));
    let outcomes = vec![
        Ok(json!({"Status": "CREATING"})),
        Ok(json!({"Status": "ACTIVE"})),
    ];
    let (result, _) = run(&slow, options, outcomes).await;
    assert_eq!(result.expect("the waiter succeeds").attempts(), 2);
}

#[tokio::test]
async fn invalid_options_are_rejected() {
    let cases = [
        (
            WaitOptions::new(Duration::ZERO),
            "maximum wait time is zero",
        ),
        (
            hour().min_delay(Some(Duration::ZERO)),
            "minimum delay is zero",
        ),
        (
            hour()
                .min_delay(Some(10 * MILLISECOND))
                .max_delay(Some(MILLISECOND)),
            "greater than the maximum delay",
        ),
    ];
    for (options, expected) in cases {
        let (result, sent) = run(&waiter(EXISTS), options, Vec::new()).await;
        let error = result.expect_err("the options are rejected");
        assert!(matches!(error, WaiterError::Invalid(_)), "{error:?}");
        assert!(error.to_string().contains(expected), "{error}");
        assert_eq!(sent, 0, "no request is sent");
    }
}

#[tokio::test]
async fn invalid_path_is_rejected_before_sending() {
    static BAD: &[Acceptor] = &[Acceptor {
        state: AcceptorState::Success,
        matcher: Matcher::Output(PathMatcher {
            path: "a | b",
            expected: "x",
            comparator: PathComparator::StringEquals,
        }),
    }];
    let (result, sent) = run(&waiter(BAD), hour(), Vec::new()).await;
    let error = result.expect_err("the path is rejected");
    assert!(
        error
            .to_string()
            .contains("waiter ThingExists: invalid JMESPath expression `a | b`"),
        "{error}"
    );
    assert_eq!(sent, 0);
}
