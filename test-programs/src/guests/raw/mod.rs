//! Guests that speak `wasi:http` directly, as any component may: the host
//! must hold against calls the SDK itself would never make.

mod budget_probes;
mod fields_hoard;
mod million_headers;
mod no_response;
mod resource_loop;
mod trailers;

use edge::__internal::bindings::wasi::http::types::{IncomingRequest, ResponseOutparam};

use crate::routes;

/// The raw guest for this request's path, if it names one.
pub(crate) fn route(request: &IncomingRequest) -> Option<fn(ResponseOutparam)> {
    match request.path_with_query().as_deref() {
        Some(routes::NO_RESPONSE) => Some(no_response::returns),
        Some(routes::MILLION_HEADERS) => Some(million_headers::pile_up),
        Some(routes::RESOURCE_LOOP) => Some(resource_loop::forever),
        Some(routes::TRAILERS) => Some(trailers::ends_with_trailers),
        Some(routes::FIELDS_HOARD) => Some(fields_hoard::hoard),
        Some(routes::FIELDS_FROM_LIST_HOARD) => Some(budget_probes::from_list),
        Some(routes::FIELDS_SET_HOARD) => Some(budget_probes::set),
        Some(routes::FIELDS_CLONE_HOARD) => Some(budget_probes::clone),
        Some(routes::AUTHORITY_HOARD) => Some(budget_probes::authority),
        Some(routes::PATH_HOARD) => Some(budget_probes::path),
        Some(routes::RANDOM_HOARD) => Some(budget_probes::random),
        _ => None,
    }
}
