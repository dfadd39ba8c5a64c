//! One request through a fresh instance, and its log line.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use bytes::Bytes;
use edge_harness::runtime::{
    Failure, GuestBody, HostedApp, LogCapture, failure_response, log_text,
};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;

use super::client_slots::ClientSlot;
use super::logged_body::{Ending, LoggedBody};
use super::{ServeBody, ServeError};

/// Runs one request through a fresh instance and logs it.
pub(super) async fn answer(
    app: Arc<HostedApp>,
    request: hyper::Request<Incoming>,
    noted: Arc<AtomicBool>,
    slot: Result<ClientSlot, usize>,
) -> Result<hyper::Response<ServeBody>, Infallible> {
    let start = Instant::now();
    let method = request.method().clone();
    // What the client sent, escaped: a path cannot end or forge a log line.
    // (The method is an HTTP token: hyper refuses any other.)
    let target = request
        .uri()
        .path_and_query()
        .map_or_else(|| "/".to_owned(), |p| log_text(p.as_str()).into_owned());
    if !request.headers().contains_key(http::header::HOST) && request.uri().authority().is_none() {
        eprintln!("{method} {target} 400 (no Host header)");
        return Ok(plain(
            http::StatusCode::BAD_REQUEST,
            "a request needs a Host header",
        ));
    }
    let slot = match slot {
        Ok(slot) => slot,
        Err(max) => {
            let why = format!(
                "this client already has {max} requests in flight: max-requests-per-client"
            );
            eprintln!("{method} {target} 503 ({why})");
            return Ok(host_response(&Failure::Overloaded(why)));
        }
    };
    let (is_head, is_connect) = (
        method == http::Method::HEAD,
        method == http::Method::CONNECT,
    );
    let answer = app.handle(request).await;
    let line = move |status: &dyn std::fmt::Display, note: &str| {
        format!(
            "{method} {target} {status} {:.1}ms{note}",
            start.elapsed().as_secs_f64() * 1000.0
        )
    };
    let (stdout, stderr) = (answer.stdout, answer.stderr);
    if let Some(failure) = answer.failure {
        eprintln!(
            "{}",
            line(&failure.status().as_u16(), &format!(" ({failure})"))
        );
        print_guest_output(&stdout, &stderr);
        return Ok(answer.response.map(boxed));
    }
    let status = answer.response.status().as_u16();
    let (parts, body) = answer.response.into_parts();
    // Hyper sends no body for these, whatever the guest wrote.
    let bodiless =
        is_head || status == 204 || status == 304 || (is_connect && (200..300).contains(&status));
    let expected = if bodiless {
        Some(0)
    } else {
        let declared = parts.headers.get(http::header::CONTENT_LENGTH);
        declared.and_then(|value| value.to_str().ok()?.parse().ok())
    };
    let body = LoggedBody::new(
        body,
        answer.end,
        expected,
        noted,
        Box::new(move |ending: Ending<'_>| {
            let note = match ending {
                Ending::Complete => String::new(),
                Ending::Failed(f) => format!(" (response cut: {f})"),
                Ending::ConnectionEnded { sent } => format!(
                    " (response not finished: the connection ended after {sent} body bytes)"
                ),
                Ending::FailedAfter(f) => format!(" (sent whole, then: {f})"),
            };
            eprintln!("{}", line(&status, &note));
            print_guest_output(&stdout, &stderr);
            // The client's place is held until its response is done.
            drop(slot);
        }),
    );
    Ok(hyper::Response::from_parts(parts, body.boxed_unsync()))
}

/// The host's own response for `failure`, as hyper sends it.
fn host_response(failure: &Failure) -> hyper::Response<ServeBody> {
    failure_response(failure).map(boxed)
}

/// A host or guest body as hyper takes it.
fn boxed(body: GuestBody) -> ServeBody {
    body.map_err(|failed| ServeError(failed.to_string()))
        .boxed_unsync()
}

/// A response of the server's own, not the guest's: `text` with `status`.
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
            eprintln!("  [{name}] {}", log_text(line));
        }
    }
}
