//! [`RangeTable`]: IPv4 ranges parsed from CSV, searched by binary search.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

/// One range of addresses and where it is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Range {
    start: u32,
    end: u32,
    country: [u8; 2],
    region: u16,
}

impl Range {
    /// The ISO country code.
    pub(crate) fn country(&self) -> &str {
        std::str::from_utf8(&self.country).unwrap_or("??")
    }
}

/// The ranges, sorted by start, and the region names they point into.
///
/// A `BTreeMap` dedupes region names while parsing: a `HashMap` with the
/// default hasher would seed itself from the host, which a build-time
/// initialization cannot call (and which would give every request the
/// snapshot's seed).
#[derive(Debug)]
pub(crate) struct RangeTable {
    ranges: Vec<Range>,
    regions: Vec<String>,
}

impl RangeTable {
    /// Parses `start,end,country,region` lines after a header line.
    pub(crate) fn parse(csv: &str) -> Result<Self, String> {
        // Sized once: a vector grown by doubling leaves its old buffers in
        // memory, and a pre-initialized component ships all of it.
        let mut ranges = Vec::with_capacity(csv.lines().count().saturating_sub(1));
        let mut region_ids: BTreeMap<&str, u16> = BTreeMap::new();
        let mut regions = Vec::new();
        for (n, line) in csv.lines().enumerate().skip(1) {
            let bad = |why: &str| format!("line {}: {why}: {line}", n + 1);
            let mut fields = line.split(',');
            let mut next = |what: &str| fields.next().ok_or_else(|| bad(what));
            let start: Ipv4Addr = next("no start")?.parse().map_err(|_| bad("bad start"))?;
            let end: Ipv4Addr = next("no end")?.parse().map_err(|_| bad("bad end"))?;
            let country: [u8; 2] = next("no country")?
                .as_bytes()
                .try_into()
                .map_err(|_| bad("bad country"))?;
            let region_name = next("no region")?;
            let next_id = u16::try_from(regions.len()).map_err(|_| bad("too many regions"))?;
            let region = *region_ids.entry(region_name).or_insert_with(|| {
                regions.push(region_name.to_owned());
                next_id
            });
            ranges.push(Range {
                start: start.into(),
                end: end.into(),
                country,
                region,
            });
        }
        ranges.sort_by_key(|r| r.start);
        Ok(Self { ranges, regions })
    }

    /// The range holding `ip`, if any.
    pub(crate) fn lookup(&self, ip: Ipv4Addr) -> Option<&Range> {
        let ip = u32::from(ip);
        let after = self.ranges.partition_point(|r| r.start <= ip);
        let range = self.ranges.get(after.checked_sub(1)?)?;
        (ip <= range.end).then_some(range)
    }

    /// The name of `range`'s region.
    pub(crate) fn region(&self, range: &Range) -> &str {
        self.regions
            .get(usize::from(range.region))
            .map_or("", String::as_str)
    }

    /// How many ranges the table holds.
    pub(crate) fn len(&self) -> usize {
        self.ranges.len()
    }

    /// How many distinct regions the table names.
    pub(crate) fn regions(&self) -> usize {
        self.regions.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "start,end,country,region\n\
                       10.0.0.0,10.0.0.255,GB,England\n\
                       1.0.0.0,1.0.3.255,AU,Queensland\n\
                       10.0.1.0,10.0.1.255,GB,England\n";

    #[test]
    fn finds_the_range_of_an_address_and_nothing_between_ranges() {
        let table = RangeTable::parse(CSV).expect("parses");
        let at = |ip: &str| {
            table
                .lookup(ip.parse().expect("ip"))
                .map(|r| (r.country(), table.region(r)))
        };
        assert_eq!(at("1.0.2.9"), Some(("AU", "Queensland")));
        assert_eq!(at("10.0.1.255"), Some(("GB", "England")));
        assert_eq!(at("1.0.4.0"), None);
        assert_eq!(at("0.0.0.1"), None);
        assert_eq!(table.len(), 3);
        assert_eq!(table.regions(), 2);
    }

    #[test]
    fn a_bad_line_is_named() {
        let err = RangeTable::parse("h\n1.2.3.4,nope,GB,England\n").expect_err("bad end");
        assert_eq!(err, "line 2: bad end: 1.2.3.4,nope,GB,England");
    }
}
