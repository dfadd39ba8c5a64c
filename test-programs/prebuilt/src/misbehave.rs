//! What each feature makes the initialization do.

use edge::Router;

/// Calls the host, spins or allocates, as the features say.
pub(crate) fn at_init() {
    #[cfg(feature = "init-hashmap")]
    {
        let mut seen = std::collections::HashMap::new();
        seen.insert("route", 1);
        std::hint::black_box(&seen);
    }
    #[cfg(feature = "init-config")]
    std::hint::black_box(edge::config::get("greeting").ok());
    #[cfg(feature = "init-kv")]
    std::hint::black_box(edge::kv::Store::open_default().is_ok());
    #[cfg(feature = "init-clock")]
    std::hint::black_box(std::time::SystemTime::now());
    #[cfg(feature = "init-env")]
    std::hint::black_box(std::env::var("HOME").ok());
    #[cfg(feature = "init-spin")]
    {
        let mut n = 0_u64;
        while std::hint::black_box(n) != u64::MAX {
            n = n.wrapping_add(1);
        }
    }
    #[cfg(feature = "init-oom")]
    {
        let big = vec![1_u8; 512 << 20];
        std::hint::black_box(&big);
    }
    #[cfg(feature = "init-log")]
    eprintln!("built\nedge: listening on http://0.0.0.0:80 \u{1b}[2J");
}

/// Registers the routes the route features make wrong.
#[cfg_attr(
    not(any(feature = "init-bad-route", feature = "init-route-conflict")),
    allow(unused_variables)
)]
pub(crate) fn routes(router: &mut Router) {
    #[cfg(feature = "init-bad-route")]
    router.get("no-leading-slash", |_req, res| res.send("never"));
    #[cfg(feature = "init-route-conflict")]
    {
        router.get("/flights/:id", |_req, res| res.send("id"));
        router.get("/flights/:code", |_req, res| res.send("code"));
    }
}
