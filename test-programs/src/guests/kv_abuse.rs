//! Key-value calls a hostile guest makes: batches without end, a batch too
//! big for the deadline, reads that amplify one value, values and stores
//! over their quotas. Each answers with what the host said.

use edge::kv::Store;

use super::query::number;

/// `set_many` of `?n=` pairs (default 4,000) again and again, until the
/// host stops it.
pub(crate) fn flood(req: &edge::Request) -> edge::Result<edge::Response> {
    let n = number(req, "n", 4000);
    let store = Store::open_default()?;
    let keys: Vec<String> = (0..n).map(|i| format!("flood-{i}")).collect();
    let pairs: Vec<(&str, &[u8])> = keys
        .iter()
        .map(|k| (k.as_str(), &b"0123456789abcdef"[..]))
        .collect();
    loop {
        store.set_many(&pairs)?;
    }
}

/// One `set_many` of `?n=` pairs: a batch that may outlast the deadline.
pub(crate) fn huge_batch(req: &edge::Request) -> edge::Result<edge::Response> {
    let n = number(req, "n", 200_000);
    let store = Store::open_default()?;
    let keys = NumberedKeys::new("batch-", n);
    let pairs: Vec<(&str, &[u8])> = keys.iter().map(|k| (k, &b"v"[..])).collect();
    // Written before the batch: proof that the batch reached the host.
    store.set(&format!("ready-for-batch-{n}"), b"1")?;
    store.set_many(&pairs)?;
    Ok(edge::Response::new(format!("stored {n} pairs").into()))
}

/// Stores `big` of `?kib=` KiB (default 1,024), then reads it `?times=`
/// times (default 20) in one `get_many`.
pub(crate) fn amplify(req: &edge::Request) -> edge::Result<edge::Response> {
    let store = Store::open_default()?;
    let kib = number(req, "kib", 1024);
    let times = number(req, "times", 20);
    if let Err(e) = store.set("big", vec![7u8; (kib as usize) << 10]) {
        return Ok(edge::Response::new(format!("set: {e}").into()));
    }
    let keys = vec!["big"; times as usize];
    let text = match store.get_many(&keys) {
        Ok(values) => {
            let total: usize = values.iter().flatten().map(Vec::len).sum();
            format!("read {total} bytes")
        }
        Err(e) => format!("get_many: {e}"),
    };
    Ok(edge::Response::new(text.into()))
}

/// Sets keys `fill-0`, `fill-1`, ... one call each, up to `?n=`, and stops
/// at the first refusal.
pub(crate) fn fill(req: &edge::Request) -> edge::Result<edge::Response> {
    let n = number(req, "n", 1_000_000);
    let kib = number(req, "kib", 0) as usize;
    let store = Store::open_default()?;
    let value = vec![1u8; kib << 10];
    for i in 0..n {
        if let Err(e) = store.set(&format!("fill-{i}"), &value) {
            return Ok(edge::Response::new(format!("stored {i}: {e}").into()));
        }
    }
    Ok(edge::Response::new(format!("stored {n}").into()))
}

/// `prefix` followed by 0, 1, ... `n - 1`, zero-padded to seven digits,
/// in one buffer: hundreds of thousands of keys are ready in milliseconds
/// (one allocation and one `format!` each took most of a 300 ms deadline
/// before the batch reached the host).
struct NumberedKeys {
    text: String,
    width: usize,
}

impl NumberedKeys {
    fn new(prefix: &str, n: u64) -> Self {
        let digits = 7.max(n.saturating_sub(1).to_string().len());
        let width = prefix.len() + digits;
        let mut text = String::with_capacity(width.saturating_mul(n as usize));
        let mut number = vec![b'0'; digits];
        for i in 0..n {
            let mut left = i;
            for digit in number.iter_mut().rev() {
                *digit = b'0' + (left % 10) as u8;
                left /= 10;
            }
            text.push_str(prefix);
            text.extend(number.iter().map(|&d| char::from(d)));
        }
        Self { text, width }
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.text.len() / self.width).map(|i| &self.text[i * self.width..][..self.width])
    }
}
