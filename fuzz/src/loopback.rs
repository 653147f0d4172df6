//! [`Loopback`]: an HTTP server on 127.0.0.1 that plays the container
//! credentials endpoint and the instance metadata service. Each fuzz input
//! sets the responses per path. The server runs on its own thread.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;

/// A canned response: status, headers and body.
#[derive(Clone, Debug)]
pub struct Canned {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: Bytes,
}

type Routes = Arc<Mutex<HashMap<String, Canned>>>;

/// A server that responds to each path with the response set for it, and
/// with 404 to any other path.
pub struct Loopback {
    address: SocketAddr,
    routes: Routes,
}

impl Loopback {
    /// Starts a server on a free loopback port.
    pub fn start() -> Self {
        let routes: Routes = Arc::default();
        let (sender, receiver) = std::sync::mpsc::channel();
        let server_routes = routes.clone();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a current-thread runtime builds");
            runtime.block_on(serve(server_routes, sender));
        });
        let address = receiver.recv().expect("the loopback server starts");
        Self { address, routes }
    }

    /// Returns the base URL, such as `http://127.0.0.1:4321`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Replaces every route with `routes`, by path.
    pub fn set(&self, routes: impl IntoIterator<Item = (String, Canned)>) {
        let mut current = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        current.clear();
        current.extend(routes);
    }
}

async fn serve(routes: Routes, started: std::sync::mpsc::Sender<SocketAddr>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let _ = started.send(listener.local_addr().expect("local address"));
    while let Ok((stream, _)) = listener.accept().await {
        let routes = routes.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| respond(routes.clone(), request));
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn respond(
    routes: Routes,
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, hyper::Error> {
    let path = request.uri().path().to_owned();
    let _ = request.into_body().collect().await?;
    let canned = routes
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&path)
        .cloned();
    let canned = canned.unwrap_or(Canned {
        status: 404,
        headers: http::HeaderMap::new(),
        body: Bytes::new(),
    });

    let mut response = hyper::Response::new(Full::new(canned.body));
    *response.status_mut() = http::StatusCode::from_u16(canned.status)
        .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    *response.headers_mut() = canned.headers;
    Ok(response)
}
