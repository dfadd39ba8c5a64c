//! `#[edge::main]` accepts the two handler signatures and rejects every
//! other one with an error at the offending part.

#[test]
fn handler_signatures() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass_*.rs");
    cases.compile_fail("tests/ui/fail_*.rs");
}
