//! One log line for a connection that failed, saying why.

use std::net::SocketAddr;

use super::write_timeout::StalledClient;

/// Logs why a connection failed, in one line; nothing when a response's
/// own log line (`noted`) already said that its connection ended.
pub(super) fn log_connection_error(peer: SocketAddr, error: &hyper::Error, noted: bool) {
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
