//! Any final status the origin gives explicit freshness is stored and
//! served with its own status (RFC 9110 §15.1, RFC 9111 §3), not only
//! those of a fixed list.

use edge_harness::MockResponse;

use crate::support::{ORIGIN, TestResult, app_with};

#[test]
fn a_fresh_response_of_any_final_status_is_stored_with_its_status() -> TestResult {
    let app = app_with(|req| {
        let code: u16 = req.path().trim_start_matches('/').parse().unwrap_or(500);
        MockResponse::text(format!("status {code}"))
            .status(code)
            .header("cache-control", "max-age=60")
    })?;
    let codes = [299, 400, 404, 418, 503, 599];
    for code in codes {
        let path = format!("/{code}");
        let first = app.get(&path).send()?;
        assert_eq!(first.status(), code);
        let second = app.get(&path).send()?;
        assert_eq!(second.status(), code, "{}", second.stderr());
        assert_eq!(second.header("x-cache"), Some("HIT"), "{code}");
        assert_eq!(second.text(), format!("status {code}"));
    }
    assert_eq!(app.outbound_count(ORIGIN), codes.len());
    Ok(())
}

#[test]
fn without_explicit_freshness_an_error_is_not_stored() -> TestResult {
    let app = app_with(|_| MockResponse::text("down").status(503))?;
    app.get("/").send()?;
    assert_eq!(app.get("/").send()?.header("x-cache"), Some("MISS"));
    assert_eq!(app.outbound_count(ORIGIN), 2);
    Ok(())
}
