//! The app in-process, through a fresh instance per request.

use edge_harness::TestApp;

#[test]
fn says_hello() -> Result<(), edge_harness::Error> {
    let app = TestApp::from_package(env!("CARGO_MANIFEST_DIR"))?;
    let res = app.get("/").send()?;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text(), "Hello World");
    assert_eq!(res.header("x-powered-by"), Some("edge"));
    assert_eq!(app.get("/hello/ada").send()?.text(), "Hello, ada!");
    Ok(())
}
