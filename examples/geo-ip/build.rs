//! Writes the range table the app embeds: 10,000 IPv4 ranges, each with a
//! country and a region, in the CSV layout of a Geo-IP database export.
//!
//! The data is synthetic (a fixed pseudo-random walk over the address
//! space), standing in for a provider's export we cannot ship; its size
//! and shape are what matter here.

use std::fmt::Write as _;

const RANGES: u32 = 10_000;

const COUNTRIES: [(&str, &[&str]); 8] = [
    ("AU", &["Queensland", "Victoria", "New South Wales"]),
    ("BR", &["Sao Paulo", "Rio de Janeiro"]),
    ("DE", &["Bavaria", "Berlin", "Hesse"]),
    ("GB", &["England", "Scotland", "Wales"]),
    ("IN", &["Karnataka", "Maharashtra"]),
    ("JP", &["Tokyo", "Osaka"]),
    ("NL", &["North Holland", "Utrecht"]),
    ("US", &["California", "New York", "Texas", "Virginia"]),
];

fn main() {
    let mut csv = String::from("start,end,country,region\n");
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        // xorshift64: the same table on every build.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let span = u32::MAX / RANGES;
    for i in 0..RANGES {
        let start = i * span;
        let end = start + span / 2 + (next() % u64::from(span / 2)) as u32;
        let (country, regions) = COUNTRIES[(next() % COUNTRIES.len() as u64) as usize];
        let region = regions[(next() % regions.len() as u64) as usize];
        let _ = writeln!(csv, "{},{},{country},{region}", ip(start), ip(end));
    }
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("ip-ranges.csv"), csv).expect("writes the table");
    println!("cargo::rerun-if-changed=build.rs");
}

fn ip(n: u32) -> String {
    let [a, b, c, d] = n.to_be_bytes();
    format!("{a}.{b}.{c}.{d}")
}
