//! A scripted HTTP/1.1 server on 127.0.0.1 for tests, written on raw TCP so
//! that it can misbehave as real networks do: reset connections, stall,
//! truncate bodies and send invalid headers. It records every request and
//! counts the connections that are open.
//!
//! The runtime's tests and the end-to-end tests both include this file.

#![allow(dead_code)] // Each test file uses a different part of it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A complete response with `Content-Length`; the connection stays open.
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// These bytes exactly, then the connection is closed.
    Raw(Vec<u8>),
    /// The connection is reset (TCP RST) without a response.
    Reset,
    /// The reply, after a pause.
    Delay(Duration, Box<Reply>),
}

impl Reply {
    /// Returns a response with `status` and a JSON body.
    pub fn json(status: u16, body: &str) -> Self {
        Reply::Respond {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// Returns an error response of the JSON protocols with `code`.
    pub fn error(status: u16, code: &str) -> Self {
        Reply::json(
            status,
            &format!(r#"{{"__type":"{code}","message":"test error {code}"}}"#),
        )
        .with_header("x-amzn-errortype", code)
    }

    /// Adds a header to a `Respond` reply.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Reply::Respond { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }

    /// Delays the reply by `delay`.
    pub fn after(self, delay: Duration) -> Self {
        Reply::Delay(delay, Box::new(self))
    }
}

/// A request as the server read it.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    pub path: String,
    /// Names in lower case, in the order sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    /// Returns the first value of header `name`, given in lower case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

type Handler = dyn Fn(&Received, usize) -> Reply + Send + Sync;

struct State {
    requests: Mutex<Vec<Received>>,
    handler: Box<Handler>,
    open_connections: AtomicUsize,
    accepted_connections: AtomicUsize,
}

/// The server; it stops when the test's runtime ends.
pub struct Loopback {
    address: std::net::SocketAddr,
    state: Arc<State>,
}

impl Loopback {
    /// Starts a server that replies to request number `n` (0-based) with
    /// `handler(request, n)`.
    pub async fn start(
        handler: impl Fn(&Received, usize) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let address = listener.local_addr().expect("local address");
        let state = Arc::new(State {
            requests: Mutex::new(Vec::new()),
            handler: Box::new(handler),
            open_connections: AtomicUsize::new(0),
            accepted_connections: AtomicUsize::new(0),
        });

        let accept_state = state.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let state = accept_state.clone();
                state.accepted_connections.fetch_add(1, Ordering::SeqCst);
                state.open_connections.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    serve(stream, &state).await;
                    state.open_connections.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        Self { address, state }
    }

    /// Starts a server that replies with `replies` in order, then with 500.
    pub async fn script(replies: Vec<Reply>) -> Self {
        Self::start(move |_, index| {
            replies
                .get(index)
                .cloned()
                .unwrap_or_else(|| Reply::json(500, r#"{"message":"no scripted reply left"}"#))
        })
        .await
    }

    /// Returns the base URL, such as `http://127.0.0.1:4321`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Returns the requests received so far.
    pub fn requests(&self) -> Vec<Received> {
        self.state.requests.lock().expect("requests").clone()
    }

    /// Returns the number of connections that are open now.
    pub fn open_connections(&self) -> usize {
        self.state.open_connections.load(Ordering::SeqCst)
    }

    /// Returns the number of connections accepted so far.
    pub fn accepted_connections(&self) -> usize {
        self.state.accepted_connections.load(Ordering::SeqCst)
    }
}

/// Reads requests from one connection and replies to each, until a reply
/// or the client closes the connection.
async fn serve(mut stream: TcpStream, state: &State) {
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer).await else {
            return;
        };
        let index = {
            let mut requests = state.requests.lock().expect("requests");
            requests.push(request.clone());
            requests.len() - 1
        };
        let reply = (state.handler)(&request, index);
        if !send_reply(&mut stream, reply).await {
            return;
        }
    }
}

/// Sends `reply`, returning whether the connection stays open.
async fn send_reply(stream: &mut TcpStream, mut reply: Reply) -> bool {
    while let Reply::Delay(delay, inner) = reply {
        tokio::time::sleep(delay).await;
        reply = *inner;
    }
    match reply {
        Reply::Respond {
            status,
            headers,
            body,
        } => {
            let mut head = format!(
                "HTTP/1.1 {status} Test\r\ncontent-length: {}\r\n",
                body.len()
            );
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("\r\n");
            let mut bytes = head.into_bytes();
            bytes.extend_from_slice(&body);
            stream.write_all(&bytes).await.is_ok()
        }
        Reply::Raw(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
            false
        }
        Reply::Reset => {
            // A zero linger time makes the close send RST instead of FIN.
            let _ = stream.set_zero_linger();
            false
        }
        Reply::Delay(..) => unreachable!("delays were unwrapped above"),
    }
}

/// Reads one request, keeping bytes of the next one in `buffer`. Returns
/// `None` when the connection closes or sends something that is not HTTP.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Received> {
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let mut chunk = [0u8; 8192];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };

    let head = String::from_utf8(buffer[..head_end].to_vec()).ok()?;
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let path = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0);

    let body_start = head_end + 4;
    while buffer.len() < body_start + length {
        let mut chunk = [0u8; 8192];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    let body = buffer[body_start..body_start + length].to_vec();
    buffer.drain(..body_start + length);
    Some(Received {
        method,
        path,
        headers,
        body,
    })
}
