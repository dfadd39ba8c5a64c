//! `#[edge::main]` accepts a function from `edge::Request` to anything that
//! can answer a request, and rejects every other one with an error at the
//! offending part; routes answer with the same vocabulary and diagnostics.

#[test]
fn handler_signatures() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass_*.rs");
    cases.compile_fail("tests/ui/fail_*.rs");
}
