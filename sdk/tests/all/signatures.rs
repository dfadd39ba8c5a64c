//! The macros accept the signatures they document and reject every other
//! one with an error at the offending part:
//! - `#[edge::main]`: a function from `edge::Request` to anything that can
//!   answer a request; routes answer with the same vocabulary and
//!   diagnostics;
//! - `#[edge::plugin]`: a function from `&edge::plugin::RequestHead` to a
//!   `Decision` (or an `edge::Result` of one).
//!
//! One `TestCases`: trybuild builds every case in one project, so two in
//! one test binary would build it twice, side by side.

#[test]
fn macro_signatures() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass_*.rs");
    cases.compile_fail("tests/ui/fail_*.rs");
    cases.pass("tests/ui/plugin/pass_*.rs");
    cases.compile_fail("tests/ui/plugin/fail_*.rs");
}
