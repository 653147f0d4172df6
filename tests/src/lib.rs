//! A loopback HTTP server for end-to-end tests of generated clients: it
//! records every request it receives and replies to each with the next
//! canned response.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// A request as the server received it.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    pub method: Method,
    /// The path and query exactly as sent, still percent-encoded.
    pub path_and_query: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// A response for the server to send.
#[derive(Clone, Debug)]
pub struct CannedResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl CannedResponse {
    /// Creates a response with `status` and a JSON body.
    pub fn json(status: u16, body: &str) -> Self {
        Self {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// Creates a response with `status` and `body` sent byte for byte, with
    /// `content_type` unless it is empty.
    pub fn bytes(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        let headers = if content_type.is_empty() {
            Vec::new()
        } else {
            vec![("content-type".into(), content_type.into())]
        };
        Self {
            status,
            headers,
            body: body.into(),
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

#[derive(Default)]
struct State {
    responses: VecDeque<CannedResponse>,
    requests: Vec<RecordedRequest>,
}

/// A server on 127.0.0.1 with a free port, running until dropped with the
/// test's runtime.
pub struct TestServer {
    address: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl TestServer {
    /// Starts a server that replies with `responses` in order. Once they run
    /// out, it replies with status 500.
    pub async fn start(responses: Vec<CannedResponse>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let address = listener.local_addr().expect("local address");
        let state = Arc::new(Mutex::new(State {
            responses: responses.into(),
            requests: Vec::new(),
        }));

        let accept_state = state.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let state = accept_state.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |request| handle(state.clone(), request));
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });

        Self { address, state }
    }

    /// Returns the server's base URL, such as `http://127.0.0.1:4321`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Returns the requests received so far.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.lock().expect("server state").requests.clone()
    }
}

async fn handle(
    state: Arc<Mutex<State>>,
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, hyper::Error> {
    let (parts, body) = request.into_parts();
    let body = body.collect().await?.to_bytes();
    let path_and_query = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();

    let canned = {
        let mut state = state.lock().expect("server state");
        state.requests.push(RecordedRequest {
            method: parts.method,
            path_and_query,
            headers: parts.headers,
            body,
        });
        state.responses.pop_front()
    };
    let canned = canned
        .unwrap_or_else(|| CannedResponse::json(500, r#"{"message":"no canned response left"}"#));

    let mut response = hyper::Response::new(Full::new(Bytes::from(canned.body)));
    *response.status_mut() =
        StatusCode::from_u16(canned.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in canned.headers {
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name.as_bytes()),
            http::HeaderValue::from_str(&value),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    Ok(response)
}

/// The README's code blocks, compiled as doc tests so that they stay true.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeExamples;
