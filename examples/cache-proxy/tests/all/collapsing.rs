//! Request collapsing: concurrent misses for one key ask the origin once;
//! the others wait for the entry the first stores and are answered from
//! it (`Cache-Status: ...; collapsed`).

use std::time::Duration;

use edge_harness::{MockResponse, TestApp, TestResponse};

use crate::support::{ORIGIN, TestResult, app_with};

/// `count` concurrent `GET path`s.
fn concurrent(app: &TestApp, path: &str, count: usize) -> Vec<edge_harness::Result<TestResponse>> {
    std::thread::scope(|s| {
        let sent: Vec<_> = (0..count)
            .map(|_| s.spawn(|| app.get(path).send()))
            .collect();
        sent.into_iter()
            .map(|h| h.join().expect("a request thread panicked"))
            .collect()
    })
}

fn collapsed(res: &TestResponse) -> bool {
    res.header("cache-status")
        .is_some_and(|s| s.contains("collapsed"))
}

#[test]
fn twenty_concurrent_misses_ask_the_origin_once() -> TestResult {
    let app = app_with(|_| {
        MockResponse::text("once for all")
            .header("cache-control", "max-age=600")
            .delay(Duration::from_millis(300))
    })?;
    let mut followers = 0;
    for res in concurrent(&app, "/popular", 20) {
        let res = res?;
        assert_eq!(res.status(), 200, "{}", res.stderr());
        assert_eq!(res.text(), "once for all");
        followers += usize::from(collapsed(&res));
    }
    assert_eq!(app.outbound_count(ORIGIN), 1);
    assert_eq!(followers, 19);
    Ok(())
}

#[test]
fn an_answer_that_may_not_be_stored_sends_every_follower_to_the_origin() -> TestResult {
    let app = app_with(|_| {
        MockResponse::text("private")
            .header("cache-control", "no-store")
            .delay(Duration::from_millis(200))
    })?;
    for res in concurrent(&app, "/account", 5) {
        let res = res?;
        assert_eq!(res.status(), 200, "{}", res.stderr());
        assert_eq!(res.text(), "private");
        assert!(!collapsed(&res));
    }
    assert_eq!(app.outbound_count(ORIGIN), 5);
    Ok(())
}
