//! A core module and the WIT world it implements, encoded as a component:
//! how the shims (and the tests' synthetic apps) are made.

use wit_component::{ComponentEncoder, StringEncoding, embed_component_metadata};
use wit_parser::{Resolve, WorldId};

/// The component of `module`, a core module implementing the world
/// `world` of the WIT text `wit` (named `file` in errors), validated.
///
/// # Errors
///
/// When the WIT does not parse, names no such world, or the module does
/// not implement it.
pub(crate) fn encode_component(
    module: Vec<u8>,
    file: &str,
    wit: &str,
    world: &str,
) -> anyhow::Result<Vec<u8>> {
    let mut resolve = Resolve::default();
    let package = resolve.push_str(file, wit)?;
    let world = resolve.select_world(&[package], Some(world))?;
    encode_in(module, &resolve, world)
}

/// The component of `module`, a core module implementing `world` of
/// `resolve`, validated.
///
/// # Errors
///
/// When the module does not implement the world.
pub(crate) fn encode_in(
    mut module: Vec<u8>,
    resolve: &Resolve,
    world: WorldId,
) -> anyhow::Result<Vec<u8>> {
    embed_component_metadata(&mut module, resolve, world, StringEncoding::UTF8)?;
    ComponentEncoder::default()
        .module(&module)?
        .validate(true)
        .encode()
}
