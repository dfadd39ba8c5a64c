//! A plugin for the composition tests. It passes every request on unless
//! the request has an `x-probe` header, which says what to do instead.
//! It reads bodies (for `body`): built for WASI 0.3 it sees the first
//! 64 KiB of each and hands the whole body on; for 0.2, none.
//!
//! | `x-probe` | the plugin |
//! |---|---|
//! | `answer` | answers 418 itself |
//! | `error` | returns an error (the client gets 500) |
//! | `reject` | returns an error with status 400 and its message |
//! | `panic` | panics (the client gets 500) |
//! | `spin` | loops until the request's deadline stops it |
//! | `grow` | asks for 256 MiB of memory |
//! | `hold-N` | allocates N MiB, keeps it, and passes the request on |
//! | `config` | answers with the configuration value `probe.greeting` |
//! | `config-all` | answers with every configuration pair it can read, a `key=value` line each, in key order |
//! | `config-key-K` | answers with the value of key `K`, or `(none)` |
//! | `fetch-HOST` | sends `GET https://HOST/`, answers with the status or the error's kind |
//! | `count` | adds one to `probe:count` in the default store, answers the count |
//! | `kv-get-K` | answers with key `K` of the default store, or `(none)` |
//! | `body` | answers with what it saw of the body: `N bytes, complete`, `N bytes, cut` or `unread` (WASI 0.2) |

use edge::http::StatusCode;
use edge::plugin::{BodyPrefix, Decision, RequestHead};
use edge::{Error, Response};

/// Passes the request on, or does what its `x-probe` header says.
#[edge::plugin]
fn probe(req: &RequestHead, body: &BodyPrefix) -> edge::Result<Decision> {
    let Some(action) = req.headers().get("x-probe") else {
        return Ok(Decision::Pass);
    };
    let text = match action.as_bytes() {
        b"answer" => return Ok(answer(StatusCode::IM_A_TEAPOT, "answered by the probe")),
        b"error" => return Err(Error::msg("the probe failed on purpose")),
        b"reject" => {
            return Err(Error::new(
                StatusCode::BAD_REQUEST,
                "the probe rejects this request",
            ));
        }
        b"panic" => panic!("the probe panics on purpose"),
        b"spin" => spin(),
        b"grow" => {
            let block = vec![1u8; 256 << 20];
            block
                .iter()
                .map(|&b| usize::from(b))
                .sum::<usize>()
                .to_string()
        }
        b"body" => seen(body),
        b"config" => edge::config::get("probe.greeting")?.unwrap_or_default(),
        b"config-all" => {
            let mut pairs = edge::config::get_all()?;
            pairs.sort();
            pairs
                .into_iter()
                .map(|(key, value)| format!("{key}={value}\n"))
                .collect()
        }
        host if host.starts_with(b"fetch-") => {
            let host = String::from_utf8_lossy(&host[b"fetch-".len()..]);
            let req =
                edge::http::Request::get(format!("https://{host}/")).body(edge::Body::empty())?;
            match edge::fetch(req) {
                Ok(res) => format!("fetched {}", res.status().as_u16()),
                Err(e) => format!("fetch failed: {:?}", e.kind()),
            }
        }
        key if key.starts_with(b"kv-get-") => {
            let key = String::from_utf8_lossy(&key[b"kv-get-".len()..]);
            edge::kv::Store::open_default()?.get(&key)?.map_or_else(
                || "(none)".to_owned(),
                |v| String::from_utf8_lossy(&v).into_owned(),
            )
        }
        key if key.starts_with(b"config-key-") => {
            let key = String::from_utf8_lossy(&key[b"config-key-".len()..]);
            edge::config::get(&key)?.unwrap_or_else(|| "(none)".to_owned())
        }
        hold if hold.starts_with(b"hold-") => {
            let mib: usize = std::str::from_utf8(&hold[5..])
                .ok()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            // Kept until the instance ends: the app runs beside it.
            std::mem::forget(std::hint::black_box(vec![1u8; mib << 20]));
            return Ok(Decision::Pass);
        }
        b"count" => edge::kv::Store::open_default()?
            .increment("probe:count", 1)?
            .to_string(),
        _ => return Ok(Decision::Pass),
    };
    Ok(answer(StatusCode::OK, &text))
}

/// What the plugin saw of the body, in words.
fn seen(body: &BodyPrefix) -> String {
    if body.is_unread() {
        return "unread".to_owned();
    }
    let state = if body.is_complete() {
        "complete"
    } else {
        "cut"
    };
    format!("{} bytes, {state}", body.len())
}

/// Never returns: only the host's deadline ends it.
fn spin() -> ! {
    let mut n = 0u64;
    loop {
        n = std::hint::black_box(n.wrapping_add(1));
    }
}

fn answer(status: StatusCode, text: &str) -> Decision {
    let mut response = Response::new(text.to_owned().into());
    *response.status_mut() = status;
    Decision::Respond(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(probe: Option<&str>) -> RequestHead {
        let mut builder = edge::http::Request::get("/");
        if let Some(value) = probe {
            builder = builder.header("x-probe", value);
        }
        builder.body(()).expect("a valid request")
    }

    fn probe_head(req: &RequestHead) -> edge::Result<Decision> {
        probe(req, &BodyPrefix::unread())
    }

    #[test]
    fn passes_without_the_header() {
        assert!(probe_head(&head(None)).expect("no error").is_pass());
        assert!(
            probe_head(&head(Some("unknown")))
                .expect("no error")
                .is_pass()
        );
    }

    #[test]
    fn answers_when_asked() {
        let decision = probe_head(&head(Some("answer"))).expect("no error");
        assert_eq!(
            decision.response().map(Response::status),
            Some(StatusCode::IM_A_TEAPOT)
        );
    }

    #[test]
    fn says_what_it_saw_of_the_body() {
        assert_eq!(seen(&BodyPrefix::new("abc", true)), "3 bytes, complete");
        assert_eq!(seen(&BodyPrefix::new("ab", false)), "2 bytes, cut");
        assert_eq!(seen(&BodyPrefix::unread()), "unread");
    }

    #[test]
    fn a_rejection_keeps_its_status() {
        let error = probe_head(&head(Some("reject"))).expect_err("rejected");
        assert_eq!(error.status(), StatusCode::BAD_REQUEST);
    }
}
