//! `edge serve`: the app on real HTTP/1.1, a fresh instance per request.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, ready};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use bytes::Bytes;
use http_body::Frame;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;

use crate::content_length::content_length;
use crate::failure::Failure;
use crate::guest::Guest;
use crate::host_services::HostServices;
use crate::log_capture::LogCapture;
use crate::serve_options::ServeOptions;
use crate::write_timeout::{StalledClient, WriteTimeout};

/// How long shutdown waits for requests in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

type ServeBody = http_body_util::combinators::UnsyncBoxBody<Bytes, ServeError>;

/// A response body that failed after its head was sent. Hyper answers it
/// by closing the connection, so the client sees the response is cut.
#[derive(Debug)]
pub(crate) struct ServeError(String);

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ServeError {}

/// Loads the component and serves it until `shutdown` resolves; then lets
/// requests in flight finish (for up to 10 s).
pub async fn serve(
    component: &Path,
    options: ServeOptions,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<()> {
    let services: HostServices = options.services()?;
    let header_timeout = options.header_timeout;
    let write_timeout = options.write_timeout;
    let guest = Arc::new(Guest::load(component, options.limits.clone(), services)?);
    let listener = TcpListener::bind(options.listen).await.map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => anyhow::anyhow!(
            "{} is already in use: stop the server using it, or pass --listen 127.0.0.1:0 to pick a free port",
            options.listen
        ),
        _ => anyhow::anyhow!("cannot listen on {}: {e}", options.listen),
    })?;
    let address = listener.local_addr()?;
    println!("listening on http://{address}");
    use std::io::Write as _;
    let _ = std::io::stdout().flush();

    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(accepted) => accepted,
                    Err(e) => {
                        eprintln!("edge: accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                // Small responses must not wait for Nagle and delayed ACKs.
                let _ = stream.set_nodelay(true);
                let guest = guest.clone();
                // Set when a response's log line has said its connection ended.
                let noted = Arc::new(AtomicBool::new(false));
                let noted_by_answers = noted.clone();
                let service = hyper::service::service_fn(move |request| {
                    answer(guest.clone(), request, noted_by_answers.clone())
                });
                let connection = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(header_timeout)
                    .keep_alive(true)
                    .serve_connection(TokioIo::new(WriteTimeout::new(stream, write_timeout)), service);
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    let mut connection = Box::pin(connection);
                    let ended = connection.as_mut().await;
                    // Drop it first: its response bodies note their ending.
                    drop(connection);
                    if let Err(e) = ended {
                        log_connection_error(peer, &e, noted.load(Ordering::Relaxed));
                    }
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    eprintln!("edge: shutting down; letting requests in flight finish");
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        eprintln!("edge: requests still running after {SHUTDOWN_GRACE:?}; stopping anyway");
    }
    Ok(())
}

/// Logs why a connection failed, in one line; nothing when a response's
/// own log line (`noted`) already said that its connection ended.
fn log_connection_error(peer: SocketAddr, error: &hyper::Error, noted: bool) {
    let reset = client_went_away(error);
    if noted && (reset || error.is_user()) {
        // The request's line says the response was cut or did not finish.
    } else if reset {
        eprintln!("edge: {peer} closed the connection mid-exchange");
    } else if error.is_incomplete_message() || error.is_canceled() {
        eprintln!("edge: {peer} went away mid-request");
    } else if error.is_timeout() {
        eprintln!("edge: {peer} was too slow sending a request; closed");
    } else if let Some(stalled) = stalled_client(error) {
        eprintln!("edge: {peer}: {stalled}; closed");
    } else {
        eprintln!("edge: connection from {peer}: {error}");
    }
}

/// The I/O error under a connection's failure, if there is one.
fn io_cause(error: &hyper::Error) -> Option<&std::io::Error> {
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        source = cause.source();
    }
    None
}

/// Whether the client closed or reset the connection under hyper.
fn client_went_away(error: &hyper::Error) -> bool {
    io_cause(error).is_some_and(|io| {
        matches!(
            io.kind(),
            std::io::ErrorKind::BrokenPipe
                | std::io::ErrorKind::ConnectionReset
                | std::io::ErrorKind::ConnectionAborted
        )
    })
}

/// The write timeout, if that is what ended the connection.
fn stalled_client(error: &hyper::Error) -> Option<&StalledClient> {
    // An `io::Error`'s own `source` skips the error it wraps: ask for it.
    io_cause(error)?.get_ref()?.downcast_ref::<StalledClient>()
}

/// Runs one request through a fresh instance and logs it.
async fn answer(
    guest: Arc<Guest>,
    request: hyper::Request<Incoming>,
    noted: Arc<AtomicBool>,
) -> Result<hyper::Response<ServeBody>, Infallible> {
    let start = Instant::now();
    let method = request.method().clone();
    let target = request
        .uri()
        .path_and_query()
        .map_or_else(|| "/".to_owned(), |p| p.to_string());
    if !request.headers().contains_key(http::header::HOST) && request.uri().authority().is_none() {
        eprintln!("{method} {target} 400 (no Host header)");
        return Ok(plain(
            http::StatusCode::BAD_REQUEST,
            "a request needs a Host header",
        ));
    }
    let (is_head, is_connect) = (
        method == http::Method::HEAD,
        method == http::Method::CONNECT,
    );
    let reply = guest.handle(request).await;
    let line = move |status: &dyn std::fmt::Display, note: &str| {
        format!(
            "{method} {target} {status} {:.1}ms{note}",
            start.elapsed().as_secs_f64() * 1000.0
        )
    };
    match reply.response {
        Ok(response) => {
            let status = response.status().as_u16();
            let (parts, body) = response.into_parts();
            let finished = reply.finished;
            let (stdout, stderr) = (reply.stdout, reply.stderr);
            // Hyper sends no body for these, whatever the guest wrote.
            let bodiless = is_head
                || status == 204
                || status == 304
                || (is_connect && (200..300).contains(&status));
            let expected = if bodiless {
                Some(0)
            } else {
                content_length(&parts.headers)
            };
            let body = GuardedBody {
                inner: body,
                finished,
                failing: None,
                sent: 0,
                expected,
                trailers_sent: false,
                noted,
                done: Some(Box::new(move |ending: Ending<'_>| {
                    let note = match ending {
                        Ending::Complete => String::new(),
                        Ending::Failed(f) => format!(" (response cut: {f})"),
                        Ending::ConnectionEnded { sent } => format!(
                            " (response not finished: the connection ended after {sent} body bytes)"
                        ),
                    };
                    eprintln!("{}", line(&status, &note));
                    print_guest_output(&stdout, &stderr);
                })),
            };
            Ok(hyper::Response::from_parts(parts, body.boxed_unsync()))
        }
        Err(failure) => {
            let status = failure.status();
            eprintln!("{}", line(&status.as_u16(), &format!(" ({failure})")));
            print_guest_output(&reply.stdout, &reply.stderr);
            Ok(plain(status, status.canonical_reason().unwrap_or("Error")))
        }
    }
}

fn plain(status: http::StatusCode, text: &'static str) -> hyper::Response<ServeBody> {
    let body = Full::new(Bytes::from_static(text.as_bytes()))
        .map_err(|never: Infallible| -> ServeError { match never {} })
        .boxed_unsync();
    let mut response = hyper::Response::new(body);
    *response.status_mut() = status;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

fn print_guest_output(stdout: &LogCapture, stderr: &LogCapture) {
    for (name, capture) in [("stdout", stdout), ("stderr", stderr)] {
        let text = capture.text();
        for line in text.lines() {
            eprintln!("  [{name}] {line}");
        }
    }
}

/// How a response body ended, for its log line.
enum Ending<'a> {
    /// Every byte sent, and the guest ended well.
    Complete,
    /// The guest failed; hyper cut the connection.
    Failed(&'a Failure),
    /// The connection ended before the body did (the client left, or was
    /// closed for reading nothing).
    ConnectionEnded { sent: u64 },
}

type DoneFn = Box<dyn for<'a> FnOnce(Ending<'a>) + Send>;

/// The guest's streaming body, ended only once the guest itself has ended:
/// if it failed after the head was sent, the body ends in an error, and
/// hyper cuts the connection instead of finishing the response cleanly.
struct GuardedBody {
    inner: wasmtime_wasi_http::p2::body::HyperOutgoingBody,
    finished: Option<tokio::task::JoinHandle<Result<(), Failure>>>,
    done: Option<DoneFn>,
    /// A failure seen but not yet returned: see [`GuardedBody::fail`].
    failing: Option<Failure>,
    /// Body bytes handed to hyper so far.
    sent: u64,
    /// The response's `Content-Length`, if it has one.
    expected: Option<u64>,
    /// Trailers end a body: hyper drops it after them without asking more.
    trailers_sent: bool,
    /// Set when this body's log line says its connection ended, so that
    /// the connection's error is not logged again.
    noted: Arc<AtomicBool>,
}

impl GuardedBody {
    fn report(&mut self, failure: Option<&Failure>) {
        if let Some(done) = self.done.take() {
            done(failure.map_or(Ending::Complete, Ending::Failed));
        }
    }

    /// Fails the body, one poll late: hyper drops what it has buffered but
    /// not written when a body fails, so it first gets a `Pending` (and an
    /// immediate wake-up) in which it flushes the head and the bytes before
    /// the failure. The client then sees the response start, and the
    /// connection cut.
    fn fail(
        &mut self,
        failure: Failure,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, ServeError>>> {
        self.failing = Some(failure);
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

impl http_body::Body for GuardedBody {
    type Data = Bytes;
    type Error = ServeError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, ServeError>>> {
        let this = &mut *self;
        if let Some(failure) = this.failing.take() {
            this.noted.store(true, Ordering::Relaxed);
            this.report(Some(&failure));
            return Poll::Ready(Some(Err(ServeError(failure.to_string()))));
        }
        match ready!(Pin::new(&mut this.inner).poll_frame(cx)) {
            Some(Ok(frame)) => {
                if let Some(data) = frame.data_ref() {
                    this.sent += data.len() as u64;
                }
                this.trailers_sent |= frame.is_trailers();
                return Poll::Ready(Some(Ok(frame)));
            }
            Some(Err(e)) => return this.fail(Failure::GuestError(format!("{e:?}")), cx),
            None => {}
        }
        let Some(finished) = this.finished.as_mut() else {
            this.report(None);
            return Poll::Ready(None);
        };
        let ended = ready!(Pin::new(finished).poll(cx));
        this.finished = None;
        match Failure::of_task(ended) {
            None => {
                this.report(None);
                Poll::Ready(None)
            }
            Some(failure) => this.fail(failure, cx),
        }
    }
}

impl Drop for GuardedBody {
    /// Hyper drops a body with a known length once it has sent that many
    /// bytes, without asking for its end; a connection that ends drops it
    /// too, before its end. The guest's own failure, if any, is the one to
    /// log; else whether the body got through.
    fn drop(&mut self) {
        let Some(done) = self.done.take() else { return };
        let sent = self.sent;
        let got_through = self.trailers_sent || self.expected == Some(sent);
        if !got_through {
            self.noted.store(true, Ordering::Relaxed);
        }
        let ending = move |failure: Option<&Failure>| match failure {
            Some(f) => done(Ending::Failed(f)),
            None if got_through => done(Ending::Complete),
            None => done(Ending::ConnectionEnded { sent }),
        };
        match self.finished.take() {
            Some(finished) => {
                tokio::spawn(async move { ending(Failure::of_task(finished.await).as_ref()) });
            }
            None => ending(self.failing.as_ref()),
        }
    }
}

/// Reads `path` as an app to serve: a `.wasm` file as it is, a directory as a
/// Cargo package to build first.
pub fn component_for(path: &Path) -> anyhow::Result<std::path::PathBuf> {
    if !path.exists() {
        anyhow::bail!("{}: no such file or directory", path.display());
    }
    if path.is_dir() {
        return crate::build_package(path, crate::Progress::Show);
    }
    Ok(path.to_owned())
}

/// Waits for Ctrl-C (SIGINT) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

/// Makes the multi-threaded runtime `edge serve` runs on: one worker per core.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}
