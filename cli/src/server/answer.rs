//! One request through a fresh instance, and its log line.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use bytes::Bytes;
use edge_harness::runtime::{HostedApp, LogCapture, content_length, log_text};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;

use super::client_slots::ClientSlot;
use super::guarded_body::{Ending, GuardedBody};
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
            eprintln!(
                "{method} {target} 503 (this client already has {max} requests in flight: \
                 max-requests-per-client)"
            );
            return Ok(plain(
                http::StatusCode::SERVICE_UNAVAILABLE,
                "Service Unavailable",
            ));
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
    match answer.response {
        Ok(response) => {
            let status = response.status().as_u16();
            let (parts, body) = response.into_parts();
            let finished = answer.finished;
            let (stdout, stderr) = (answer.stdout, answer.stderr);
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
            let body = GuardedBody::new(
                body,
                finished,
                expected,
                noted,
                Box::new(move |ending: Ending<'_>| {
                    let note = match ending {
                        Ending::Complete => String::new(),
                        Ending::Failed(f) => format!(" (response cut: {f})"),
                        Ending::ConnectionEnded { sent } => format!(
                            " (response not finished: the connection ended after {sent} body bytes)"
                        ),
                    };
                    eprintln!("{}", line(&status, &note));
                    print_guest_output(&stdout, &stderr);
                    // The client's place is held until its response is done.
                    drop(slot);
                }),
            );
            Ok(hyper::Response::from_parts(parts, body.boxed_unsync()))
        }
        Err(failure) => {
            let status = failure.status();
            eprintln!("{}", line(&status.as_u16(), &format!(" ({failure})")));
            print_guest_output(&answer.stdout, &answer.stderr);
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
    if status == http::StatusCode::SERVICE_UNAVAILABLE {
        // Overloaded: a moment later a slot is likely free.
        response.headers_mut().insert(
            http::header::RETRY_AFTER,
            http::HeaderValue::from_static("1"),
        );
    }
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
