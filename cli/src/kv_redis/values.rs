//! Small reads without a thread: the values at a few keys in one script
//! (one round trip, one consistent view), awaited on the async worker.

use std::sync::Arc;
use std::time::Instant;

use edge_harness::kv::{KvError, KvFuture, QuotaError};
use redis::Value;

use super::names::StoreKeys;
use super::pool::Pool;
use super::transaction::{breaks_connection, failure, not_taken};

/// `KEYS[1]`: the store's values; `ARGV[1]`: the most bytes the values may
/// add up to; the rest: the keys. Answers their total length alone when
/// it is over, else the total and the values (nil where none).
const VALUES: &str = "\
local total = 0
for i = 2, #ARGV do total = total + redis.call('hstrlen', KEYS[1], ARGV[i]) end
if total > tonumber(ARGV[1]) then return {total} end
local values = redis.call('hmget', KEYS[1], unpack(ARGV, 2))
table.insert(values, 1, total)
return values";

/// The values at `keys` of `store`, or the read's refusal.
pub(super) fn values(
    pool: Arc<Pool>,
    store: &str,
    keys: &[String],
    max_bytes: usize,
    deadline: Instant,
) -> KvFuture<Vec<Option<Vec<u8>>>> {
    let store = store.to_owned();
    let keys = keys.to_vec();
    Box::pin(async move {
        let mut taken = pool
            .take(deadline)
            .await
            .map_err(|e| not_taken(&store, e))?;
        let mut script = redis::cmd("EVAL");
        script
            .arg(VALUES)
            .arg(1)
            .arg(StoreKeys::of(&store).data)
            .arg(max_bytes);
        for key in &keys {
            script.arg(key);
        }
        // Dropped at the deadline: the connection, mid-command, goes too.
        let answer = script
            .query_async::<Vec<Value>>(&mut taken.connection)
            .await;
        match answer {
            Ok(answer) => {
                pool.give_back(taken);
                values_of(answer, keys.len(), max_bytes, &store)
            }
            Err(e) => {
                if !breaks_connection(&e) {
                    pool.give_back(taken);
                }
                Err(failure(&store, &e))
            }
        }
    })
}

/// The script's answer as values, or the refusal it says.
fn values_of(
    answer: Vec<Value>,
    keys: usize,
    max_bytes: usize,
    store: &str,
) -> Result<Vec<Option<Vec<u8>>>, KvError> {
    let unexpected = || {
        KvError::storage(format!(
            "the key-value store `{store}`: Redis answered an unexpected reply"
        ))
    };
    let mut answer = answer.into_iter();
    match answer.next() {
        Some(Value::Int(_)) => {}
        _ => return Err(unexpected()),
    }
    let values: Vec<Option<Vec<u8>>> = answer
        .map(|value| match value {
            Value::Nil => Ok(None),
            Value::BulkString(bytes) => Ok(Some(bytes)),
            _ => Err(unexpected()),
        })
        .collect::<Result<_, _>>()?;
    if values.is_empty() && keys > 0 {
        return Err(KvError::Quota(QuotaError::ReadTooLarge {
            max: max_bytes as u64,
        }));
    }
    if values.len() != keys {
        return Err(unexpected());
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_of_the_total_alone_is_a_read_too_large() {
        let refused = values_of(vec![Value::Int(2_000_000)], 2, 1 << 20, "s");
        assert_eq!(
            refused,
            Err(KvError::Quota(QuotaError::ReadTooLarge { max: 1 << 20 }))
        );
    }

    #[test]
    fn values_and_missing_keys_come_in_order() {
        let read = values_of(
            vec![Value::Int(1), Value::BulkString(b"v".to_vec()), Value::Nil],
            2,
            10,
            "s",
        );
        assert_eq!(read, Ok(vec![Some(b"v".to_vec()), None]));
    }

    #[test]
    fn a_reply_of_another_shape_is_a_storage_error_naming_the_store() {
        let odd = values_of(vec![Value::Okay], 1, 10, "mine");
        assert_eq!(
            odd,
            Err(KvError::storage(
                "the key-value store `mine`: Redis answered an unexpected reply"
            ))
        );
    }
}
