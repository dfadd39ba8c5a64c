//! Returns without ever setting a response.

use edge::__internal::bindings::wasi::http::types::ResponseOutparam;

pub(crate) fn returns(out: ResponseOutparam) {
    drop(out);
}
