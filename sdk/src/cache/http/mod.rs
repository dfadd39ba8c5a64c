//! Layer 5 of the cache: the HTTP cache, RFC 9111 in front of
//! [`edge::fetch`](crate::fetch()). Imports layers 1 to 4. Within the
//! layer, each file imports only files listed before it:
//!
//! - [`directives`], [`status`], [`tags`], [`policy_headers`],
//!   [`freshness`], [`stored_response`]: the header rules
//!   `http-cache-semantics` leaves to its user, how the cache answered, the
//!   app's tags, the headers as the policy must read them, the freshness
//!   kept so a hit needs no policy, what an entry keeps of the exchange;
//! - [`http_cache`]: the type, its settings and the rules that follow
//!   from them;
//! - [`lookup`]: the entry that answers a request; [`serve`]: serving it;
//!   [`conditional`]: a client's conditional request answered 304;
//!   [`ranges`]: a byte range answered 206 (or 416);
//! - [`purge`]: removing what is stored for a URL or a tag;
//! - [`miss`]: asking the origin and storing its answer;
//! - [`revalidate`]: a stale entry and its conditional request;
//! - [`other_variants`]: a variant not stored, and the origin asked
//!   whether a stored one will do;
//! - [`fetch`]: the request path, on top.

mod collapse;
mod conditional;
pub(super) mod directives;
mod fetch;
mod forwarding;
mod freshness;
mod head_limits;
mod head_update;
pub(super) mod http_cache;
mod lookup;
mod miss;
mod other_variants;
mod policy_headers;
mod purge;
mod ranges;
mod refresh;
mod revalidate;
mod serve;
pub(super) mod status;
mod stored_response;
pub(super) mod tags;
