//! `edge serve`: the app on real HTTP/1.1, a fresh instance per request.

mod answer;
mod client_slots;
mod connection_log;
pub(crate) mod forwarded;
pub(crate) mod live_app;
mod logged_body;
mod machine_memory;
pub(crate) mod options;
mod shutdown;
mod write_timeout;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bytes::Bytes;
use edge_harness::Limits;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;

use client_slots::ClientSlots;
use forwarded::ProxyRange;
use live_app::LiveApp;
pub(crate) use shutdown::{runtime, shutdown_signal};
use write_timeout::WriteTimeout;

/// How long shutdown waits for requests in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

type ServeBody = http_body_util::combinators::UnsyncBoxBody<Bytes, ServeError>;

/// A response body that failed after its head was sent. Hyper answers it
/// by closing the connection, so the client sees the response is cut.
#[derive(Debug)]
pub(crate) struct ServeError(pub(crate) String);

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ServeError {}

/// Serves `app` on `listen` until `shutdown` resolves; then lets requests in
/// flight finish (for up to 10 s). `limits` are the app's (their connection
/// limits apply to the server). Each request says who its peer is in
/// `X-Forwarded-For` and `Forwarded`, believing what a peer forwarded
/// only if it is in `trusted_proxies`.
pub(crate) async fn serve(
    app: Arc<LiveApp>,
    listen: SocketAddr,
    limits: &Limits,
    trusted_proxies: &[ProxyRange],
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<()> {
    let (header_timeout, write_timeout) = (limits.header_timeout, limits.write_timeout);
    let clients = ClientSlots::new(limits.max_requests_per_client);
    // The same count, of open connections: idle ones hold a socket and a
    // task each until the header timeout closes them.
    let connections = ClientSlots::new(limits.max_connections_per_client);
    let trusted_proxies: Arc<[ProxyRange]> = trusted_proxies.into();
    let listener = TcpListener::bind(listen).await.map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => anyhow::anyhow!(
            "{listen} is already in use: stop the server using it, or pass --listen 127.0.0.1:0 to pick a free port"
        ),
        _ => anyhow::anyhow!("cannot listen on {listen}: {e}"),
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
                let Some(connection_slot) = connections.take(peer.ip()) else {
                    // Over its share: closed at once, before any byte is read.
                    drop(stream);
                    continue;
                };
                // Small responses must not wait for Nagle and delayed ACKs.
                let _ = stream.set_nodelay(true);
                let app = app.clone();
                // Set when a response's log line has said its connection ended.
                let noted = Arc::new(AtomicBool::new(false));
                let noted_by_answers = noted.clone();
                let clients = clients.clone();
                let trusted_proxies = trusted_proxies.clone();
                let service = hyper::service::service_fn(move |mut request: hyper::Request<_>| {
                    forwarded::mark_peer(request.headers_mut(), peer, &trusted_proxies);
                    let slot = clients.take(peer.ip());
                    answer::answer(app.current(), request, noted_by_answers.clone(), slot.ok_or(clients.max()))
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
                    drop(connection_slot);
                    if let Err(e) = ended {
                        connection_log::log_connection_error(peer, &e, noted.load(Ordering::Relaxed));
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
