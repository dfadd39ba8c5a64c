//! `#[edge::plugin]` accepts a function from `&edge::plugin::RequestHead`
//! to a `Decision` (or an `edge::Result` of one), and rejects every other
//! one with an error at the offending part.

#[test]
fn plugin_signatures() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/plugin/pass_*.rs");
    cases.compile_fail("tests/ui/plugin/fail_*.rs");
}
