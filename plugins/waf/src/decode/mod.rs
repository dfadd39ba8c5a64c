//! How the rules see text: decoded the ways a server or browser behind the
//! WAF might decode it, so that encoding hides nothing.

pub(crate) mod comments;
pub(crate) mod entities;
pub(crate) mod normalize;
pub(crate) mod segments;
