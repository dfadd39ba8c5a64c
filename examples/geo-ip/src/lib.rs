//! Geo-IP lookup at the edge: which country and region an IPv4 address is
//! in, from a range table embedded in the component.
//!
//! Parsing the table is the app's start-up cost, as it is for a real edge
//! app (a Geo-IP or device database, a compiled rule set). The app builds
//! it once: `#[edge::main]` without a request. `edge build` runs that at
//! build time and snapshots the result, so no request parses the table;
//! built with `--no-preinit`, every request parses it first.

mod table;

use std::net::Ipv4Addr;
use std::sync::Arc;

use edge::http::StatusCode;
use edge::{Error, RequestExt, Router};
use serde::Serialize;

use table::RangeTable;

/// The table as the build ships it.
const TABLE_CSV: &str = include_str!(concat!(env!("OUT_DIR"), "/ip-ranges.csv"));

/// The answer for one address.
#[derive(Serialize)]
struct Location<'a> {
    ip: String,
    country: &'a str,
    region: &'a str,
}

/// The table's size.
#[derive(Serialize)]
struct Stats {
    ranges: usize,
    regions: usize,
}

#[edge::main]
fn main() -> Router {
    let table = Arc::new(RangeTable::parse(TABLE_CSV).expect("the embedded table parses"));

    let mut router = Router::new();
    let by_ip = Arc::clone(&table);
    // `?ip=` if given, else the client's address from `x-forwarded-for`.
    router.get("/", move |req, res| {
        let ip = client_ip(req)?;
        let found = by_ip.lookup(ip).ok_or_else(|| {
            Error::new(StatusCode::NOT_FOUND, format!("{ip} is in no known range"))
        })?;
        Ok(res.json(&Location {
            ip: ip.to_string(),
            country: found.country(),
            region: by_ip.region(found),
        }))
    });
    router.get("/stats", move |_req, res| {
        Ok(res.json(&Stats {
            ranges: table.len(),
            regions: table.regions(),
        }))
    });
    router
}

/// The address to look up: the `ip` query parameter, else the first
/// address of `x-forwarded-for`.
fn client_ip(req: &edge::Request) -> edge::Result<Ipv4Addr> {
    #[derive(serde::Deserialize)]
    struct Query {
        ip: Option<String>,
    }
    let query: Query = req.query()?;
    let text = match query.ip {
        Some(ip) => ip,
        None => req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_owned())
            .ok_or_else(|| {
                Error::new(
                    StatusCode::BAD_REQUEST,
                    "no address to look up: pass ?ip=203.0.113.7 or an x-forwarded-for header",
                )
            })?,
    };
    text.parse().map_err(|_| {
        Error::new(
            StatusCode::BAD_REQUEST,
            format!("`{text}` is not an IPv4 address (like 203.0.113.7)"),
        )
    })
}
