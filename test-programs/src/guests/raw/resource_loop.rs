//! Creates host resources in a loop and never drops one.

use edge::__internal::bindings::wasi::http::types::{Fields, ResponseOutparam};

pub(crate) fn forever(out: ResponseOutparam) {
    let _unanswered = out;
    loop {
        std::mem::forget(std::hint::black_box(Fields::new()));
    }
}
