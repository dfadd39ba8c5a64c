//! The guests, one behaviour per module, and their one handler: a raw
//! program or an SDK one, by route.

mod alloc;
mod big_body;
mod fetch;
mod kv;
mod kv_abuse;
mod leftovers;
mod log_forgery;
mod panics;
mod query;
#[cfg(not(feature = "p3"))]
mod raw;
#[cfg(feature = "p3")]
mod raw_p3;
mod recursion;
mod slow;
mod spin;
mod statuses;
mod upload;

use edge::{Request, Response};

use crate::routes;

struct TestPrograms;

#[cfg(not(feature = "p3"))]
impl edge::__internal::bindings::exports::wasi::http::incoming_handler::Guest for TestPrograms {
    fn handle(
        request: edge::__internal::bindings::wasi::http::types::IncomingRequest,
        out: edge::__internal::bindings::wasi::http::types::ResponseOutparam,
    ) {
        match raw::route(&request) {
            Some(raw) => raw(out),
            None => edge::__internal::serve(request, out, through_the_sdk),
        }
    }
}

#[cfg(feature = "p3")]
impl edge::__internal::bindings::exports::wasi::http::handler::Guest for TestPrograms {
    async fn handle(
        request: edge::__internal::bindings::wasi::http::types::Request,
    ) -> Result<
        edge::__internal::bindings::wasi::http::types::Response,
        edge::__internal::bindings::wasi::http::types::ErrorCode,
    > {
        raw_p3::handle(request).await
    }
}

edge::__internal::bindings::__export_incoming_handler!(TestPrograms);

fn through_the_sdk(req: Request) -> edge::Result<Response> {
    match req.uri().path() {
        routes::HELLO => Ok(Response::new("hello".into())),
        routes::SPIN => spin::forever(),
        routes::AFTER_RESPONSE_SPIN => spin::after_response(),
        routes::ALLOC => alloc::one_gib(),
        routes::ALLOC_MIB => alloc::mib(&req),
        routes::RECURSION => recursion::bottomless(),
        routes::PANIC => panics::before_response(),
        routes::PANIC_AFTER_HEAD => panics::after_head(),
        routes::BODY_1GIB => big_body::one_gib(),
        routes::COUNTER => leftovers::counter(),
        routes::SECRET_LEAVE => leftovers::leave(&req),
        routes::SECRET_FIND => leftovers::find(&req),
        routes::SECRET_LEAVE_AND_FIND => leftovers::leave_and_find(&req),
        routes::DISCARD => upload::discard(req),
        routes::DIGEST => upload::digest(req),
        routes::KV => kv::count(),
        routes::KV_PUT => kv::put(&req),
        routes::KV_GETS => kv::gets(&req),
        routes::KV_LIST => kv::list(),
        routes::KV_NAMED => kv::named(&req),
        routes::KV_BATCH => kv::batch(),
        routes::KV_UNKNOWN_STORE => kv::unknown_store(),
        routes::CONFIG => kv::config(),
        routes::FETCH => fetch::from_query(&req),
        routes::FETCH_HEADER => fetch::with_header(&req),
        routes::FETCH_FOLLOW => fetch::following(&req),
        routes::SLEEP => slow::sleep(&req),
        routes::SLOW_BODY => slow::slow_body(&req),
        routes::KV_FLOOD => kv_abuse::flood(&req),
        routes::KV_HUGE_BATCH => kv_abuse::huge_batch(&req),
        routes::KV_AMPLIFY => kv_abuse::amplify(&req),
        routes::KV_FILL => kv_abuse::fill(&req),
        routes::LOG_FORGERY => log_forgery::print_and_trap(),
        routes::TERMINAL_FORGERY => log_forgery::answer_forged(),
        routes::STATUS => statuses::any(&req),
        routes::REDIRECT => redirect(&req),
        routes::HOST_SET_HEADER => host_set_header(),
        _ => Err(edge::Error::new(
            edge::http::StatusCode::NOT_FOUND,
            "no such test program",
        )),
    }
}

/// A 302 to `?to=...`, or to `/hello`.
fn redirect(req: &Request) -> edge::Result<Response> {
    let to = query::param(req, "to").unwrap_or(routes::HELLO);
    let mut res = Response::new(edge::Body::empty());
    *res.status_mut() = edge::http::StatusCode::FOUND;
    res.headers_mut()
        .insert("location", edge::http::HeaderValue::try_from(to)?);
    Ok(res)
}

/// A response with a header only the host may set, beside an ordinary one.
fn host_set_header() -> edge::Result<Response> {
    let mut res = Response::new("body".into());
    let headers = res.headers_mut();
    headers.insert(
        "connection",
        edge::http::HeaderValue::from_static("upgrade"),
    );
    headers.insert("x-kept", edge::http::HeaderValue::from_static("yes"));
    Ok(res)
}
