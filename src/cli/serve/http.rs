//! The HTTP side of `serve`: hyper on a small tokio runtime, so that a connection costs a task,
//! not a thread. Bounded whatever clients do: at most [`MAX_CONNECTIONS`] at once (more are
//! closed as they come), request headers (the URL included) of at most [`MAX_HEAD`] bytes
//! (larger ones get 431), and a client that leaves its headers unfinished for [`HEADER_TIMEOUT`]
//! is closed.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http_body_util::BodyExt;
use http_body_util::combinators::BoxBody;
use hyper::body::{Bytes, Frame};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::mpsc::UnboundedReceiver;

/// Connections served at once; one more is closed as soon as it is accepted. Far above what
/// an editor's browser opens (six per host, and one event stream per tab).
pub const MAX_CONNECTIONS: usize = 512;
/// The most bytes of request line and headers read before a request is refused with 431.
pub const MAX_HEAD: usize = 64 * 1024;
/// How long a client may take to send its request headers.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How often an event stream says something when there is nothing to say, so that a closed tab
/// is noticed.
const EVENT_PING: Duration = Duration::from_secs(15);

/// What the handler answers.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: ReplyBody,
}

pub enum ReplyBody {
    Bytes(Vec<u8>),
    /// A stream of server-sent events, one message at a time, until the sender goes.
    Events(UnboundedReceiver<String>),
}

/// The handler: the request's `Host` header (if any) and path with query → a reply.
pub type Handler = Arc<dyn Fn(Option<&str>, &str) -> Reply + Send + Sync>;

/// Serves `listener` with `handler` until Ctrl-C. Returns an error only if the runtime cannot
/// start.
pub fn run(listener: std::net::TcpListener, handler: Handler) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
        let stop = tokio::signal::ctrl_c();
        tokio::pin!(stop);
        loop {
            let (stream, _) = tokio::select! {
                _ = &mut stop => return Ok(()),
                accepted = listener.accept() => match accepted {
                    Ok(a) => a,
                    // Out of file descriptors, say: the next accept may work.
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
            };
            let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
                drop(stream);
                continue;
            };
            let handler = Arc::clone(&handler);
            tokio::spawn(async move {
                let service = service_fn(move |request: Request<hyper::body::Incoming>| {
                    let handler = Arc::clone(&handler);
                    async move { Ok::<_, Infallible>(answer(&handler, &request)) }
                });
                let _ = http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(HEADER_TIMEOUT)
                    .max_buf_size(MAX_HEAD)
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
                drop(slot);
            });
        }
    })
}

fn answer(
    handler: &Handler,
    request: &Request<hyper::body::Incoming>,
) -> Response<BoxBody<Bytes, Infallible>> {
    let host = request
        .headers()
        .get(hyper::header::HOST)
        .and_then(|h| h.to_str().ok());
    let url = request.uri().path_and_query().map_or("/", |p| p.as_str());
    let reply = handler(host, url);
    let body = match reply.body {
        ReplyBody::Bytes(bytes) => http_body_util::Full::new(Bytes::from(bytes)).boxed(),
        ReplyBody::Events(rx) => {
            // The stream's own sender, for the pings: the handler's goes to the store.
            let (ping, merged) = tokio::sync::mpsc::unbounded_channel();
            tokio::spawn(forward(rx, ping));
            BoxBody::new(Events(merged))
        }
    };
    let mut response = Response::new(body);
    *response.status_mut() =
        hyper::StatusCode::from_u16(reply.status).unwrap_or(hyper::StatusCode::OK);
    for (name, value) in reply.headers {
        if let Ok(value) = hyper::header::HeaderValue::from_str(&value) {
            response.headers_mut().append(name, value);
        }
    }
    response
}

/// Passes the store's events on, with a comment every [`EVENT_PING`] when there are none;
/// ends when either side is gone.
async fn forward(
    mut from: UnboundedReceiver<String>,
    to: tokio::sync::mpsc::UnboundedSender<String>,
) {
    loop {
        let message = match tokio::time::timeout(EVENT_PING, from.recv()).await {
            Ok(Some(m)) => m,
            Ok(None) => return,
            Err(_) => ": keep-alive\n\n".to_string(),
        };
        if to.send(message).is_err() {
            return;
        }
    }
}

/// A body of server-sent events: each message goes out as it comes.
struct Events(UnboundedReceiver<String>);

impl hyper::body::Body for Events {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0
            .poll_recv(cx)
            .map(|m| m.map(|text| Ok(Frame::data(Bytes::from(text)))))
    }
}
