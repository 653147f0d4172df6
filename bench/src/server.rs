//! An HTTP/1.1 server on 127.0.0.1 that serves StartIdMappingJob, on its
//! own thread and tokio runtime, so that it never shares a scheduler with
//! the clients being measured.

use std::convert::Infallible;
use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::sync::oneshot;

use crate::fixture;

/// A request as the server received it, for comparing what the clients
/// put on the wire.
#[derive(Clone, Debug)]
pub struct CapturedRequest {
    pub method: String,
    pub path: String,
    /// Header names in lower case with their values, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
}

#[derive(Default)]
struct State {
    capture: AtomicBool,
    captured: Mutex<Vec<CapturedRequest>>,
    requests: AtomicU64,
}

/// The running server; dropping it stops the server and joins its thread.
pub struct LoopbackServer {
    addr: SocketAddr,
    state: Arc<State>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl LoopbackServer {
    /// Binds a free port on 127.0.0.1 and starts serving.
    pub fn start() -> std::io::Result<LoopbackServer> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State::default());
        let (shutdown, stopped) = oneshot::channel();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;

        let thread_state = state.clone();
        let thread = std::thread::Builder::new()
            .name("loopback-server".into())
            .spawn(move || {
                runtime.block_on(serve(listener, thread_state, stopped));
            })?;
        Ok(LoopbackServer {
            addr,
            state,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// Returns the endpoint URL, such as `http://127.0.0.1:40123`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Starts or stops recording the requests received.
    pub fn set_capture(&self, capture: bool) {
        self.state.capture.store(capture, Ordering::SeqCst);
    }

    /// Returns the requests recorded so far and clears the record.
    pub fn take_captured(&self) -> Vec<CapturedRequest> {
        std::mem::take(
            &mut *self
                .state
                .captured
                .lock()
                .unwrap_or_else(|e| e.into_inner()),
        )
    }

    /// Returns the number of requests the server has received.
    pub fn request_count(&self) -> u64 {
        self.state.requests.load(Ordering::SeqCst)
    }
}

impl Drop for LoopbackServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn serve(listener: TcpListener, state: Arc<State>, mut stopped: oneshot::Receiver<()>) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("loopback server: cannot register the listener: {error}");
            return;
        }
    };
    loop {
        let accepted = tokio::select! {
            _ = &mut stopped => return,
            accepted = listener.accept() => accepted,
        };
        let (stream, _) = match accepted {
            Ok(connection) => connection,
            Err(error) => {
                eprintln!("loopback server: accept failed: {error}");
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let state = state.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| handle(request, state.clone()));
            // Clients close their pooled connections when they are dropped;
            // that ends this task with an error that is not a failure.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn handle(
    request: Request<Incoming>,
    state: Arc<State>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(error) => {
            return Ok(reply(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                &format!("unreadable body: {error}"),
            ))
        }
    };
    state.requests.fetch_add(1, Ordering::SeqCst);

    let path = parts.uri.path().to_string();
    if state.capture.load(Ordering::SeqCst) {
        let headers = parts
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_string(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let captured = CapturedRequest {
            method: parts.method.to_string(),
            path: path.clone(),
            headers,
            body,
        };
        state
            .captured
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(captured);
    }

    if parts.method != hyper::Method::POST || path != fixture::request_path() {
        let message = format!(
            "expected POST {}, got {} {path}",
            fixture::request_path(),
            parts.method
        );
        return Ok(reply(
            StatusCode::NOT_FOUND,
            "ResourceNotFoundException",
            &message,
        ));
    }
    let mut response = Response::new(Full::new(Bytes::from(fixture::response_body())));
    let headers = response.headers_mut();
    headers.insert(
        "content-type",
        hyper::header::HeaderValue::from_static("application/json"),
    );
    headers.insert(
        "x-amzn-requestid",
        hyper::header::HeaderValue::from_static(fixture::REQUEST_ID),
    );
    Ok(response)
}

fn reply(status: StatusCode, code: &str, message: &str) -> Response<Full<Bytes>> {
    let body = serde_json::json!({ "message": message }).to_string();
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        "content-type",
        hyper::header::HeaderValue::from_static("application/json"),
    );
    if let Ok(value) = hyper::header::HeaderValue::from_str(code) {
        headers.insert("x-amzn-errortype", value);
    }
    response
}
