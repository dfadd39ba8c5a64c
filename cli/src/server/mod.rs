//! `edge serve`: the app on real HTTP/1.1, a fresh instance per request.

mod answer;
mod client_slots;
mod connection_log;
mod guarded_body;
mod machine_memory;
pub(crate) mod options;
mod shutdown;
mod write_timeout;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bytes::Bytes;
use edge_harness::runtime::HostedApp;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;

use client_slots::ClientSlots;
use options::ServeOptions;
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

/// Loads the component and serves it until `shutdown` resolves; then lets
/// requests in flight finish (for up to 10 s).
pub(crate) async fn serve(
    component: &Path,
    options: ServeOptions,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<()> {
    let services = options.services()?;
    let mut limits = options.settings.limits.resolve();
    if let Some(machine) = machine_memory::physical_bytes()
        && limits.max_total_memory_bytes > machine
    {
        eprintln!(
            "edge: max-total-memory-mib is more than this machine's {} MiB of memory; using that",
            machine >> 20
        );
        limits.max_total_memory_bytes = machine;
    }
    let (header_timeout, write_timeout) = (limits.header_timeout, limits.write_timeout);
    let clients = ClientSlots::new(limits.max_requests_per_client);
    let app = Arc::new(HostedApp::load(component, limits, services)?);
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
                let app = app.clone();
                // Set when a response's log line has said its connection ended.
                let noted = Arc::new(AtomicBool::new(false));
                let noted_by_answers = noted.clone();
                let clients = clients.clone();
                let service = hyper::service::service_fn(move |request| {
                    let slot = clients.take(peer.ip());
                    answer::answer(app.clone(), request, noted_by_answers.clone(), slot.ok_or(clients.max()))
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
